// Tests respite/time.hpp: parse_instant, format_instant, format_instant_with_offset,
// parse_duration, format_duration, days_from_civil, civil_from_days.
#include <respite/time.hpp>

#include <catch2/catch.hpp>

using namespace respite;

TEST_CASE("time: RFC 3339 instants parse to milliseconds since the epoch") {
    CHECK(parse_instant("1970-01-01T00:00:00Z")->ms == 0);
    // 2026-12-04 is day 20791 since 1970-01-01 (56 years: 14 leap days; +337 days into 2026).
    CHECK(parse_instant("2026-12-04T15:05:00Z")->ms ==
          (20791LL * 86400 + 15 * 3600 + 5 * 60) * 1000);
    // An offset is subtracted: 16:05+01:00 is 15:05Z.
    CHECK(*parse_instant("2026-12-04T16:05:00+01:00") == *parse_instant("2026-12-04T15:05:00Z"));
    CHECK(*parse_instant("2026-12-04T09:35:00-05:30") == *parse_instant("2026-12-04T15:05:00Z"));
    CHECK(parse_instant("2026-12-04T15:05:00.250Z")->ms % 1000 == 250);
    CHECK(parse_instant("2026-12-04T15:05:00.1Z")->ms % 1000 == 100);
    CHECK(parse_instant("2026-12-04T15:05:00.123456789Z")->ms % 1000 == 123); // truncated
    CHECK(parse_instant("2024-02-29T00:00:00Z"));                             // leap day
    CHECK(parse_instant("9999-12-31T23:59:59.999Z")->ms == max_instant.ms);
}

TEST_CASE("time: impossible or malformed instants are refused with a code") {
    parse_failure why;
    for (const char* bad :
         {"2026-02-29T00:00:00Z", "2026-02-30T09:00:00Z", "2026-13-01T00:00:00Z",
          "2026-12-04T24:00:00Z", "2026-12-04T15:60:00Z", "2026-12-04 15:05:00Z",
          "2026-12-04T15:05:00", "2026-12-04T15:05Z", "2026-12-04", "", "2026-12-04T15:05:00Zjunk",
          "2026-12-04T15:05:00+1:00", "2026-12-04T15:05:00.Z"}) {
        INFO(bad);
        CHECK_FALSE(parse_instant(bad, &why));
        CHECK(why.code == "invalid_timestamp");
    }
    for (const char* far : {"1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00"}) {
        INFO(far);
        CHECK_FALSE(parse_instant(far, &why));
        CHECK(why.code == "timestamp_out_of_range");
    }
}

TEST_CASE("time: instants format as UTC with milliseconds only when non-zero") {
    CHECK(format_instant(instant{0}) == "1970-01-01T00:00:00Z");
    CHECK(format_instant(*parse_instant("2026-12-04T16:05:00+01:00")) == "2026-12-04T15:05:00Z");
    CHECK(format_instant(*parse_instant("2026-12-04T15:05:00.250Z")) == "2026-12-04T15:05:00.250Z");
    CHECK(format_instant(instant{max_instant.ms}) == "9999-12-31T23:59:59.999Z");
    CHECK(format_instant_with_offset(*parse_instant("2026-12-05T23:00:00Z"), 3600) ==
          "2026-12-06T00:00:00+01:00");
    CHECK(format_instant_with_offset(*parse_instant("2026-12-05T23:00:00Z"), -5 * 3600) ==
          "2026-12-05T18:00:00-05:00");
    CHECK(format_instant_with_offset(*parse_instant("2026-12-05T23:00:00Z"), 19800) ==
          "2026-12-06T04:30:00+05:30");
}

TEST_CASE("time: ISO 8601 durations of days, hours, minutes and seconds") {
    CHECK(parse_duration("P7D")->ms == 7 * 86400000LL);
    CHECK(parse_duration("PT12H")->ms == 12 * 3600000LL);
    CHECK(parse_duration("P1DT6H")->ms == 30 * 3600000LL);
    CHECK(parse_duration("P1DT6H30M15S")->ms == ((30 * 60 + 30) * 60 + 15) * 1000LL);
    CHECK(parse_duration("PT1.5S")->ms == 1500);
    CHECK(parse_duration("P0D")->ms == 0);
    CHECK(format_duration(duration{0}) == "P0D");
    CHECK(format_duration(days(14)) == "P14D");
    CHECK(format_duration(hours(30)) == "P1DT6H");
    CHECK(format_duration(minutes(90)) == "PT1H30M");
    CHECK(format_duration(duration{1500}) == "PT1.500S");
}

TEST_CASE("time: bad durations name what is wrong") {
    parse_failure why;
    for (const char* bad :
         {"7D", "P", "PT", "P-1D", "P1H", "PT1D", "P1DT", "P1D2D", "PT1M1H", "P1.5D", "p1d"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad, &why));
        CHECK(why.code == "invalid_duration");
    }
    for (const char* months : {"P1M", "P1Y", "P2W"}) {
        INFO(months);
        CHECK_FALSE(parse_duration(months, &why));
        CHECK(why.code == "unsupported_duration_unit");
    }
    CHECK_FALSE(parse_duration("P36501D", &why));
    CHECK(why.code == "duration_out_of_range");
    CHECK_FALSE(parse_duration("PT99999999999999999999H", &why));
    CHECK(why.code == "duration_out_of_range");
}

TEST_CASE("time: civil dates round-trip through day numbers") {
    CHECK(days_from_civil({1970, 1, 1}) == 0);
    CHECK(days_from_civil({2000, 3, 1}) == 11017);
    for (std::int64_t d = -1000; d < 2932897; d += 997) {
        const civil_date c = civil_from_days(d);
        REQUIRE(days_from_civil(c) == d);
    }
}
