// RFC 3339 instants and ISO 8601 durations, without the C library's locale or time zone.
#include "respite/time.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace respite {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads exactly `n` digits at `pos`.
bool read_digits(std::string_view s, std::size_t& pos, int n, int& out) {
    if (pos + static_cast<std::size_t>(n) > s.size()) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        char c = s[pos + static_cast<std::size_t>(i)];
        if (!is_digit(c)) return false;
        v = v * 10 + (c - '0');
    }
    pos += static_cast<std::size_t>(n);
    out = v;
    return true;
}

bool expect_char(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// One byte of the input, for a message that must stay UTF-8 whatever the input holds.
std::string quote_byte(char c) {
    if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02X", static_cast<unsigned char>(c));
    return buf;
}

void set_failure(parse_failure* why, const char* code, std::string message) {
    if (why) {
        why->code = code;
        why->message = std::move(message);
    }
}

} // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(civil_date d) {
    if (d.year >= 1 && d.month >= 1 && d.month <= 12 && d.day >= 1) { // years 1..: unsigned
        const unsigned y = static_cast<unsigned>(d.year) - (d.month <= 2 ? 1 : 0);
        const unsigned m = static_cast<unsigned>(d.month);
        const unsigned era = y / 400, yoe = y - era * 400;
        const unsigned doy =
            (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d.day) - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    }
    std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (d.month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

civil_date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = yoe + era * 400;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

namespace {

// The form every generator writes, "YYYY-MM-DDTHH:MM:SSZ", checked and read in one go; anything
// else (or any doubt) goes to the general reader below, which names what is wrong.
std::optional<instant> parse_instant_common(std::string_view s) {
    if (s.size() != 20) return std::nullopt;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
    if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[19] != 'Z')
        return std::nullopt;
    // Each digit's value; a byte that is no digit comes out above 9 (unsigned wrap-around).
    auto d = [p](int i) { return static_cast<unsigned>(p[i]) - '0'; };
    const unsigned digits[14] = {d(0), d(1),  d(2),  d(3),  d(5),  d(6),  d(8),
                                 d(9), d(11), d(12), d(14), d(15), d(17), d(18)};
    bool all = true;
    for (unsigned v : digits)
        all &= v <= 9;
    if (!all) return std::nullopt;
    const unsigned year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    const unsigned month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7];
    const unsigned hour = digits[8] * 10 + digits[9], minute = digits[10] * 10 + digits[11];
    const unsigned second = digits[12] * 10 + digits[13];
    if (year < 1970 || month - 1 > 11 ||
        day - 1 >=
            static_cast<unsigned>(days_in_month(static_cast<int>(year), static_cast<int>(month))) ||
        hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const std::int64_t days =
        days_from_civil({static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)});
    return instant{days * ms_per_day + hour * ms_per_hour + minute * ms_per_minute +
                   second * ms_per_second};
}

// Every other form, and why a text is no instant. Kept out of line: the common form then runs
// without this function's frame.
[[gnu::noinline]] std::optional<instant> parse_instant_general(std::string_view s,
                                                               parse_failure* why) {
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    auto fail = [&](std::string message) -> std::optional<instant> {
        set_failure(why, "invalid_timestamp", std::move(message));
        return std::nullopt;
    };
    if (!read_digits(s, pos, 4, year) || !expect_char(s, pos, '-') ||
        !read_digits(s, pos, 2, month) || !expect_char(s, pos, '-') || !read_digits(s, pos, 2, day))
        return fail("expected an RFC 3339 instant such as 2026-12-04T15:05:00Z");
    if (!(expect_char(s, pos, 'T') || expect_char(s, pos, 't')))
        return fail("expected 'T' between date and time (RFC 3339)");
    if (!read_digits(s, pos, 2, hour) || !expect_char(s, pos, ':') ||
        !read_digits(s, pos, 2, minute) || !expect_char(s, pos, ':') ||
        !read_digits(s, pos, 2, second))
        return fail("expected the time as HH:MM:SS (RFC 3339)");
    std::int64_t millis = 0;
    if (expect_char(s, pos, '.')) {
        int digits = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            if (digits < 3) millis = millis * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return fail("expected digits after the decimal point");
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }
    int offset_minutes = 0;
    if (expect_char(s, pos, 'Z') || expect_char(s, pos, 'z')) {
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!read_digits(s, pos, 2, oh) || !expect_char(s, pos, ':') ||
            !read_digits(s, pos, 2, om) || oh > 23 || om > 59)
            return fail("expected the offset as Z or ±HH:MM");
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return fail("missing the UTC offset (Z or ±HH:MM)");
    }
    if (pos != s.size()) return fail("unexpected characters after the instant");
    if (month < 1 || month > 12) return fail("month " + std::to_string(month) + " does not exist");
    if (day < 1 || day > days_in_month(year, month))
        return fail("day " + std::to_string(day) + " does not exist in " + std::to_string(year) +
                    "-" + (month < 10 ? "0" : "") + std::to_string(month));
    if (hour > 23 || minute > 59 || second > 59) // RFC 3339 leap seconds are not accepted
        return fail("the time of day is out of range");
    const std::int64_t d = days_from_civil({year, month, day});
    const std::int64_t ms = d * ms_per_day + hour * ms_per_hour + minute * ms_per_minute +
                            second * ms_per_second + millis - offset_minutes * ms_per_minute;
    if (ms < min_instant.ms || ms > max_instant.ms) {
        set_failure(why, "timestamp_out_of_range", "instants must lie in the years 1970..9999");
        return std::nullopt;
    }
    return instant{ms};
}

} // namespace

std::optional<instant> parse_instant(std::string_view s, parse_failure* why) {
    if (auto t = parse_instant_common(s)) return t;
    return parse_instant_general(s, why);
}

namespace {

void put_digits(char* out, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// "00" … "99": two digits per copy.
constexpr char two_digits[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                              "34353637383940414243444546474849505152535455565758596061626364656667"
                              "6869707172737475767778798081828384858687888990919293949596979899";
void put2(char* out, int value) {
    std::memcpy(out, two_digits + 2 * value, 2);
}

// "YYYY-MM-DDTHH:MM:SS[.mmm]" for local milliseconds into `buf` (32 bytes); returns the length.
// By hand, as this is on every hot path (a status writes some twenty instants): the date part of
// the last few days written is kept (a status's instants share few days).
std::size_t format_local_to(std::int64_t local_ms, char* buf) {
    const std::int64_t d = (local_ms >= 0 ? local_ms : local_ms - ms_per_day + 1) / ms_per_day;
    const std::int64_t in_day = local_ms - d * ms_per_day;
    struct cached_date {
        std::int64_t day = INT64_MIN;
        char text[11]; // "YYYY-MM-DD" (or "YYYYY-MM-DD" past 9999)
        std::size_t length = 0;
    };
    thread_local cached_date cache[8];
    cached_date& slot = cache[static_cast<std::uint64_t>(d) % 8];
    if (slot.day != d) {
        const civil_date c = civil_from_days(d);
        // Instants end in 9999, but a local rendering east of UTC may reach the year 10000.
        const std::size_t y = c.year > 9999 ? 5 : 4;
        put_digits(slot.text, c.year, static_cast<int>(y));
        slot.text[y] = '-';
        put2(slot.text + y + 1, c.month);
        slot.text[y + 3] = '-';
        put2(slot.text + y + 4, c.day);
        slot.length = y + 6;
        slot.day = d;
    }
    char* p = buf;
    std::memcpy(p, slot.text, slot.length);
    p += slot.length;
    const int ms = static_cast<int>(in_day % 1000);
    const int seconds = static_cast<int>(in_day / ms_per_second);
    *p = 'T';
    put2(p + 1, seconds / 3600);
    p[3] = ':';
    put2(p + 4, seconds / 60 % 60);
    p[6] = ':';
    put2(p + 7, seconds % 60);
    p += 9;
    if (ms != 0) {
        *p = '.';
        put_digits(p + 1, ms, 3);
        p += 4;
    }
    return static_cast<std::size_t>(p - buf);
}

std::string format_local(std::int64_t local_ms) {
    char buf[32];
    return std::string(buf, format_local_to(local_ms, buf));
}

} // namespace

std::string format_instant(instant t) {
    std::string out;
    append_instant(out, t);
    return out;
}

std::size_t format_instant_to(instant t, char* buf) {
    const std::size_t n = format_local_to(t.ms, buf);
    buf[n] = 'Z';
    return n + 1;
}

void append_instant(std::string& out, instant t) {
    char buf[32];
    out.append(buf, format_instant_to(t, buf));
}

std::string format_instant_with_offset(instant t, std::int32_t offset_seconds) {
    std::string out = format_local(t.ms + std::int64_t{offset_seconds} * ms_per_second);
    const int total = offset_seconds < 0 ? -offset_seconds : offset_seconds;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_seconds < 0 ? '-' : '+', total / 3600,
                  total / 60 % 60);
    return out + buf;
}

std::optional<duration> parse_duration(std::string_view s, parse_failure* why) {
    auto fail = [&](const char* code, std::string message) -> std::optional<duration> {
        set_failure(why, code, std::move(message));
        return std::nullopt;
    };
    if (s.empty() || s[0] != 'P')
        return fail("invalid_duration", "expected an ISO 8601 duration such as P7D or PT12H");
    std::size_t pos = 1;
    bool in_time = false, any = false;
    int last_rank = -1; // D=0, H=1, M=2, S=3: units in order, each at most once
    std::int64_t total = 0;
    const std::int64_t limit = max_duration.ms;
    while (pos < s.size()) {
        if (s[pos] == 'T') {
            if (in_time) return fail("invalid_duration", "'T' appears twice");
            in_time = true;
            ++pos;
            if (pos == s.size()) return fail("invalid_duration", "nothing follows 'T'");
            continue;
        }
        if (!is_digit(s[pos])) return fail("invalid_duration", "unexpected " + quote_byte(s[pos]));
        std::int64_t value = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            value = value * 10 + (s[pos] - '0');
            if (value > limit) return fail("duration_out_of_range", "longer than 36500 days");
            ++pos;
        }
        std::int64_t frac_ms = 0;
        bool has_frac = false;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int digits = 0;
            while (pos < s.size() && is_digit(s[pos])) {
                if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
                ++digits;
                ++pos;
            }
            if (digits == 0) return fail("invalid_duration", "expected digits after the point");
            for (int i = digits; i < 3; ++i)
                frac_ms *= 10;
            has_frac = true;
        }
        if (pos == s.size()) return fail("invalid_duration", "a number without a unit");
        const char unit = s[pos++];
        int rank = -1;
        std::int64_t unit_ms = 0;
        if (!in_time && unit == 'D')
            rank = 0, unit_ms = ms_per_day;
        else if (in_time && unit == 'H')
            rank = 1, unit_ms = ms_per_hour;
        else if (in_time && unit == 'M')
            rank = 2, unit_ms = ms_per_minute;
        else if (in_time && unit == 'S')
            rank = 3, unit_ms = ms_per_second;
        else if (!in_time && (unit == 'Y' || unit == 'M' || unit == 'W'))
            return fail("unsupported_duration_unit",
                        std::string("'") + unit +
                            "' is not a fixed length; use days (P30D), hours or minutes");
        else
            return fail("invalid_duration", "unexpected unit " + quote_byte(unit));
        if (has_frac && rank != 3)
            return fail("invalid_duration", "only seconds may have a fraction");
        if (rank <= last_rank) return fail("invalid_duration", "units out of order or repeated");
        last_rank = rank;
        any = true;
        if (value > limit / unit_ms) return fail("duration_out_of_range", "longer than 36500 days");
        total += value * unit_ms + (rank == 3 ? frac_ms : 0);
        if (total > limit) return fail("duration_out_of_range", "longer than 36500 days");
    }
    if (!any) return fail("invalid_duration", "a duration needs at least one number and unit");
    return duration{total};
}

std::string format_duration(duration d) {
    if (d.ms == 0) return "P0D";
    std::string out = d.ms < 0 ? "-P" : "P";
    std::int64_t ms = d.ms < 0 ? -d.ms : d.ms;
    const std::int64_t dd = ms / ms_per_day;
    ms %= ms_per_day;
    const std::int64_t h = ms / ms_per_hour;
    ms %= ms_per_hour;
    const std::int64_t m = ms / ms_per_minute;
    ms %= ms_per_minute;
    const std::int64_t s = ms / ms_per_second;
    ms %= ms_per_second;
    if (dd) out += std::to_string(dd) + "D";
    if (h || m || s || ms) {
        out += "T";
        if (h) out += std::to_string(h) + "H";
        if (m) out += std::to_string(m) + "M";
        if (s || ms) {
            out += std::to_string(s);
            if (ms) {
                char buf[8];
                std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(ms));
                out += buf;
            }
            out += "S";
        }
    }
    return out;
}

} // namespace respite
