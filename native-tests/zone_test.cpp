// Tests respite/zone.hpp (end_of_local_day, utc_only_zone_source) and
// respite/system_zones.hpp (system_zone_source over the system's zoneinfo).
#include <respite/system_zones.hpp>
#include <respite/zone.hpp>

#include <catch2/catch.hpp>

using namespace respite;

namespace {
instant at(const char* text) {
    return *parse_instant(text);
}
} // namespace

TEST_CASE("zones: the system source gives IANA offsets across daylight saving") {
    const system_zone_source zones;
    CHECK(zones.offset_at("Europe/Amsterdam", at("2027-03-28T00:59:59Z")) == 3600);
    CHECK(zones.offset_at("Europe/Amsterdam", at("2027-03-28T01:00:00Z")) == 7200);
    CHECK(zones.offset_at("Europe/Amsterdam", at("2026-10-25T00:59:59Z")) == 7200);
    CHECK(zones.offset_at("Europe/Amsterdam", at("2026-10-25T01:00:00Z")) == 3600);
    CHECK(zones.offset_at("America/New_York", at("2027-03-14T06:59:59Z")) == -5 * 3600);
    CHECK(zones.offset_at("America/New_York", at("2027-03-14T07:00:00Z")) == -4 * 3600);
    CHECK(zones.offset_at("Asia/Kolkata", at("2026-12-04T00:00:00Z")) == 19800);
    CHECK(zones.offset_at("UTC", at("2026-12-04T00:00:00Z")) == 0);
    CHECK_FALSE(zones.offset_at("Mars/Olympus_Mons", at("2026-12-04T00:00:00Z")));
    CHECK_FALSE(zones.offset_at("", at("2026-12-04T00:00:00Z")));
}

TEST_CASE("zones: a day ends at the next local midnight") {
    const system_zone_source zones;
    // 10:00 in Amsterdam (+01:00) on 1 December ends at 2 December 00:00+01:00 = 1 December 23:00Z.
    CHECK(end_of_local_day(zones, "Europe/Amsterdam", at("2026-12-01T09:00:00Z")) ==
          at("2026-12-01T23:00:00Z"));
    // Exactly at local midnight the day has just begun: it ends 24 hours later.
    CHECK(end_of_local_day(zones, "Europe/Amsterdam", at("2026-12-01T23:00:00Z")) ==
          at("2026-12-02T23:00:00Z"));
    // Kolkata, +05:30: 2026-12-04T20:00Z is 01:30 on the 5th locally; that day ends at
    // 6 December 00:00+05:30 = 2026-12-05T18:30Z.
    CHECK(end_of_local_day(zones, "Asia/Kolkata", at("2026-12-04T20:00:00Z")) ==
          at("2026-12-05T18:30:00Z"));
    CHECK_FALSE(end_of_local_day(zones, "No/Such_Zone", at("2026-12-04T20:00:00Z")));
}

TEST_CASE("zones: end of day across the spring-forward and fall-back changes") {
    const system_zone_source zones;
    // Amsterdam 2027-03-28: clocks go 02:00 → 03:00 (+01 → +02). A time on the 28th ends at
    // 29 March 00:00+02:00 = 28 March 22:00Z; the day was 23 hours long.
    CHECK(end_of_local_day(zones, "Europe/Amsterdam", at("2027-03-28T00:30:00Z")) ==
          at("2027-03-28T22:00:00Z"));
    // A time on the 27th (+01) ends at 28 March 00:00+01:00 = 27 March 23:00Z.
    CHECK(end_of_local_day(zones, "Europe/Amsterdam", at("2027-03-27T12:00:00Z")) ==
          at("2027-03-27T23:00:00Z"));
    // Amsterdam 2026-10-25: 03:00 → 02:00 (+02 → +01). The 25th ends at 26 October 00:00+01:00
    // = 25 October 23:00Z (the day was 25 hours long).
    CHECK(end_of_local_day(zones, "Europe/Amsterdam", at("2026-10-24T23:30:00Z")) ==
          at("2026-10-25T23:00:00Z"));
    // New York 2026-11-01 (fall back at 06:00Z): the 1st ends at 2 November 00:00-05:00 =
    // 2 November 05:00Z.
    CHECK(end_of_local_day(zones, "America/New_York", at("2026-11-01T12:00:00Z")) ==
          at("2026-11-02T05:00:00Z"));
    // New York 2027-03-14 (spring forward): the 14th ends at 15 March 00:00-04:00 = 04:00Z.
    CHECK(end_of_local_day(zones, "America/New_York", at("2027-03-14T12:00:00Z")) ==
          at("2027-03-15T04:00:00Z"));
}

TEST_CASE("zones: where midnight itself is skipped, the day ends at the transition") {
    // America/Santiago moved its clocks at local midnight (00:00 → 01:00) on 2022-09-11, at
    // 04:00Z: 10 September ends at that instant.
    const system_zone_source zones;
    CHECK(end_of_local_day(zones, "America/Santiago", at("2022-09-10T15:00:00Z")) ==
          at("2022-09-11T04:00:00Z"));
}

TEST_CASE("zones: the UTC-only source knows UTC alone") {
    const utc_only_zone_source zones;
    CHECK(zones.offset_at("UTC", instant{0}) == 0);
    CHECK(zones.offset_at("Etc/UTC", instant{0}) == 0);
    CHECK_FALSE(zones.offset_at("Europe/Amsterdam", instant{0}));
    CHECK(end_of_local_day(zones, "UTC", at("2026-12-04T15:00:00Z")) == at("2026-12-05T00:00:00Z"));
}
