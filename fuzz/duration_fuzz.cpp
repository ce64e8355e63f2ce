// Fuzz target: ISO 8601 durations. Text → parse → format → parse gives the same duration and the
// canonical text again; what parse accepts is never negative nor longer than 36,500 days and
// equals the value computed here in 128-bit arithmetic; any millisecond count in range formats
// and reads back.
#include "fuzz_check.hpp"

#include <cstring>

using namespace respite;

namespace {

// The value of a text parse_duration accepted, recomputed without any chance of overflow.
__int128 exact_value(std::string_view s) {
    __int128 total = 0;
    bool in_time = false;
    std::size_t pos = 1;
    while (pos < s.size()) {
        if (s[pos] == 'T') {
            in_time = true;
            ++pos;
            continue;
        }
        __int128 value = 0, frac = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            value = value * 10 + (s[pos++] - '0');
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int n = 0;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                if (n < 3) frac = frac * 10 + (s[pos] - '0');
                ++n, ++pos;
            }
            for (; n < 3; ++n)
                frac *= 10;
        }
        const char unit = s[pos++];
        const __int128 unit_ms = !in_time && unit == 'D' ? ms_per_day
                                 : unit == 'H'           ? ms_per_hour
                                 : unit == 'M'           ? ms_per_minute
                                                         : ms_per_second;
        total += value * unit_ms + (unit == 'S' ? frac : 0);
    }
    return total;
}

void round_trip(duration d) {
    const std::string text = format_duration(d);
    auto back = parse_duration(text);
    fuzz::require(back && *back == d, "a formatted duration does not read back", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    parse_failure why;
    const auto d = parse_duration(text, &why);
    if (d) {
        fuzz::require(d->ms >= 0 && d->ms <= max_duration.ms, "accepted a duration out of range",
                      std::string(text) + " = " + std::to_string(d->ms) + " ms");
        fuzz::require(exact_value(text) == d->ms, "parse_duration computed a wrong value",
                      std::string(text) + " = " + std::to_string(d->ms) + " ms");
        const std::string canonical = format_duration(*d);
        auto again = parse_duration(canonical);
        fuzz::require(again && *again == *d, "parse → format → parse changed the duration",
                      std::string(text) + " → " + canonical);
        fuzz::require(format_duration(*again) == canonical, "format is not canonical", canonical);
    } else {
        fuzz::require(why.code == "invalid_duration" || why.code == "unsupported_duration_unit" ||
                          why.code == "duration_out_of_range",
                      "unknown failure code", why.code);
    }
    if (size >= 8) {
        std::uint64_t raw = 0;
        std::memcpy(&raw, data, 8);
        round_trip(duration{
            static_cast<std::int64_t>(raw % static_cast<std::uint64_t>(max_duration.ms + 1))});
    }
    return 0;
}
