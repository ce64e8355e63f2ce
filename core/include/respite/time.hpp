// respite/time.hpp — instants and durations as strong value types in milliseconds.
// Instants are read from and written as RFC 3339; durations as ISO 8601 (days, hours, minutes,
// seconds). Both stay in UTC arithmetic: local calendars are the zone source's business.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace respite {

struct duration {
    std::int64_t ms = 0;
    friend constexpr bool operator==(duration a, duration b) { return a.ms == b.ms; }
    friend constexpr bool operator!=(duration a, duration b) { return a.ms != b.ms; }
    friend constexpr bool operator<(duration a, duration b) { return a.ms < b.ms; }
    friend constexpr bool operator<=(duration a, duration b) { return a.ms <= b.ms; }
    friend constexpr bool operator>(duration a, duration b) { return a.ms > b.ms; }
    friend constexpr bool operator>=(duration a, duration b) { return a.ms >= b.ms; }
    friend constexpr duration operator+(duration a, duration b) { return {a.ms + b.ms}; }
    friend constexpr duration operator-(duration a, duration b) { return {a.ms - b.ms}; }
};

constexpr std::int64_t ms_per_second = 1000;
constexpr std::int64_t ms_per_minute = 60 * ms_per_second;
constexpr std::int64_t ms_per_hour = 60 * ms_per_minute;
constexpr std::int64_t ms_per_day = 24 * ms_per_hour;

constexpr duration days(std::int64_t n) {
    return {n * ms_per_day};
}
constexpr duration hours(std::int64_t n) {
    return {n * ms_per_hour};
}
constexpr duration minutes(std::int64_t n) {
    return {n * ms_per_minute};
}
constexpr duration seconds(std::int64_t n) {
    return {n * ms_per_second};
}

// Milliseconds since 1970-01-01T00:00:00Z. Valid instants lie in years 1970..9999.
struct instant {
    std::int64_t ms = 0;
    friend constexpr bool operator==(instant a, instant b) { return a.ms == b.ms; }
    friend constexpr bool operator!=(instant a, instant b) { return a.ms != b.ms; }
    friend constexpr bool operator<(instant a, instant b) { return a.ms < b.ms; }
    friend constexpr bool operator<=(instant a, instant b) { return a.ms <= b.ms; }
    friend constexpr bool operator>(instant a, instant b) { return a.ms > b.ms; }
    friend constexpr bool operator>=(instant a, instant b) { return a.ms >= b.ms; }
    friend constexpr instant operator+(instant a, duration d) { return {a.ms + d.ms}; }
    friend constexpr instant operator-(instant a, duration d) { return {a.ms - d.ms}; }
    friend constexpr duration operator-(instant a, instant b) { return {a.ms - b.ms}; }
};

constexpr instant min_instant{0};               // 1970-01-01T00:00:00Z
constexpr instant max_instant{253402300799999}; // 9999-12-31T23:59:59.999Z
// Durations longer than this are refused: far beyond any grace period, and small enough that
// instant + duration can never overflow.
constexpr duration max_duration{days(36500).ms};

// Why a text was refused; the message is for developers.
struct parse_failure {
    std::string code;
    std::string message;
};

// RFC 3339 ("2026-12-04T15:05:00Z", "2026-12-04T16:05:00.250+01:00"). Fractions beyond
// milliseconds are truncated. Failure codes: invalid_timestamp, timestamp_out_of_range.
std::optional<instant> parse_instant(std::string_view text, parse_failure* why = nullptr);
// "2026-12-04T15:05:00Z"; milliseconds only when non-zero ("…:00.250Z").
std::string format_instant(instant t);
// The same, appended to `out` (no temporary string: the renderers' hot path).
void append_instant(std::string& out, instant t);
// The same, written to `buf` (at least 32 bytes); returns the length (20 to 25 bytes).
std::size_t format_instant_to(instant t, char* buf);
// The same instant written with a fixed UTC offset in seconds ("2026-12-04T16:05:00+01:00").
std::string format_instant_with_offset(instant t, std::int32_t offset_seconds);

// ISO 8601 durations of days, hours, minutes and seconds: "P7D", "PT12H", "P1DT6H30M", "PT0S".
// Years, months and weeks are refused (not a fixed length). Failure codes: invalid_duration,
// unsupported_duration_unit, duration_out_of_range.
std::optional<duration> parse_duration(std::string_view text, parse_failure* why = nullptr);
// "P0D", "P3D", "PT12H", "P1DT6H", "PT0.5S" is never produced: milliseconds are written as
// fractional seconds only when non-zero ("PT1.250S").
std::string format_duration(duration d);

// Calendar helpers on days since 1970-01-01 (proleptic Gregorian).
struct civil_date {
    int year;
    int month; // 1..12
    int day;   // 1..31
};
std::int64_t days_from_civil(civil_date d);
civil_date civil_from_days(std::int64_t days);

} // namespace respite
