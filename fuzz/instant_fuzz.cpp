// Fuzz target: RFC 3339 instants. Text → parse → format → parse gives the same instant and the
// canonical text again; what parse accepts follows the grammar and lands where glibc's timegm
// (an independent calendar) puts it; any millisecond in 1970..9999 formats and reads back, also
// written with a UTC offset.
#include "fuzz_check.hpp"

#include <cstring>
#include <ctime>

using namespace respite;

namespace {

bool digits(std::string_view s, std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t i = from; i < from + n; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(std::string_view s, std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

// The instant RFC 3339 text denotes, by another road: the grammar checked here, the calendar by
// timegm. nullopt when the text is not RFC 3339 (or names an impossible date).
std::optional<std::int64_t> oracle(std::string_view s) {
    if (!(digits(s, 0, 4) && s.size() > 19 && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' &&
          digits(s, 8, 2) && (s[10] == 'T' || s[10] == 't') && digits(s, 11, 2) && s[13] == ':' &&
          digits(s, 14, 2) && s[16] == ':' && digits(s, 17, 2)))
        return std::nullopt;
    std::size_t pos = 19;
    std::int64_t ms = 0;
    if (s[pos] == '.') {
        std::size_t n = 0;
        while (pos + 1 + n < s.size() && s[pos + 1 + n] >= '0' && s[pos + 1 + n] <= '9')
            ++n;
        if (n == 0) return std::nullopt;
        for (std::size_t i = 0; i < 3; ++i)
            ms = ms * 10 + (i < n ? s[pos + 1 + i] - '0' : 0);
        pos += 1 + n;
    }
    std::int64_t offset_s = 0;
    if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && digits(s, pos + 1, 2) &&
               s[pos + 3] == ':' && digits(s, pos + 4, 2)) {
        const int oh = number(s, pos + 1, 2), om = number(s, pos + 4, 2);
        if (oh > 23 || om > 59) return std::nullopt;
        offset_s = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    } else {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = number(s, 0, 4) - 1900;
    tm.tm_mon = number(s, 5, 2) - 1;
    tm.tm_mday = number(s, 8, 2);
    tm.tm_hour = number(s, 11, 2);
    tm.tm_min = number(s, 14, 2);
    tm.tm_sec = number(s, 17, 2);
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 59)
        return std::nullopt;
    std::tm copy = tm;
    const std::time_t t = timegm(&copy);
    if (copy.tm_mday != tm.tm_mday || copy.tm_mon != tm.tm_mon) return std::nullopt; // Feb 30
    return (static_cast<std::int64_t>(t) - offset_s) * 1000 + ms;
}

void round_trip(instant t) {
    const std::string text = format_instant(t);
    auto back = parse_instant(text);
    fuzz::require(back && *back == t, "a formatted instant does not read back", text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    parse_failure why;
    const auto t = parse_instant(text, &why);
    const auto expected = size <= 64 ? oracle(text) : std::nullopt;
    if (t) {
        fuzz::require(t->ms >= min_instant.ms && t->ms <= max_instant.ms, "accepted out of range",
                      text);
        if (size <= 64)
            fuzz::require(expected && *expected == t->ms,
                          "parse_instant disagrees with the grammar and timegm", text);
        const std::string canonical = format_instant(*t);
        auto again = parse_instant(canonical);
        fuzz::require(again && *again == *t, "parse → format → parse changed the instant",
                      std::string(text) + " → " + canonical);
        fuzz::require(format_instant(*again) == canonical, "format is not canonical", canonical);
    } else {
        fuzz::require(why.code == "invalid_timestamp" || why.code == "timestamp_out_of_range",
                      "unknown failure code", why.code);
        if (expected && size <= 64)
            fuzz::require(why.code == "timestamp_out_of_range" &&
                              (*expected < min_instant.ms || *expected > max_instant.ms),
                          "parse_instant refuses a valid RFC 3339 instant", text);
    }
    // Any millisecond of the range, from the first 8 bytes; with an offset from the next 2.
    if (size >= 10) {
        std::uint64_t raw = 0;
        std::memcpy(&raw, data, 8);
        const instant any{
            static_cast<std::int64_t>(raw % static_cast<std::uint64_t>(max_instant.ms + 1))};
        round_trip(any);
        const int minutes = (data[8] | data[9] << 8) % (2 * 24 * 60 - 1) - (24 * 60 - 1);
        const std::int64_t local = any.ms + std::int64_t{minutes} * ms_per_minute;
        // Local renderings are RFC 3339 only while the local calendar stays in 0000..9999.
        if (local >= days_from_civil({0, 1, 1}) * ms_per_day && local <= max_instant.ms) {
            const std::string with_offset = format_instant_with_offset(any, minutes * 60);
            const auto back = parse_instant(with_offset);
            fuzz::require(back && *back == any,
                          "an instant written with an offset does not read back", with_offset);
        }
    }
    return 0;
}
