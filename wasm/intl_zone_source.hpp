// intl_zone_source.hpp — the browser's (and Node's) own time-zone knowledge, behind the core's
// zone_source interface: the module carries no zone database (DESIGN.md, "Time zones").
#pragma once

#include <respite/zone.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace respite::wasm {

// Asks the host's Intl.DateTimeFormat for wall-clock time in `zone` and subtracts the instant.
// A zone that Intl refuses, or that only a case-insensitive match would accept (native zoneinfo
// is case-sensitive), is unknown: nullopt.
// Two caches keep an evaluation from paying ~6 µs per formatToParts call: the JS side remembers
// every (zone, UTC hour) it was asked about, with the exact second of a transition inside an
// hour that holds one; this side keeps the hours with a single offset in a fixed table, so most
// lookups never leave wasm. Both are bounded; this one never allocates after the first zones.
class intl_zone_source final : public zone_source {
public:
    std::optional<std::int32_t> offset_at(std::string_view zone, instant t) const override;

private:
    struct hour_slot {
        std::int64_t hour = -1; // UTC hours since the epoch; -1: empty
        std::uint32_t zone = 0; // index into zones_
        std::int32_t offset = 0;
    };
    static constexpr std::size_t slot_count = 1024;
    static constexpr std::size_t max_zones = 64;

    std::uint32_t zone_index(std::string_view zone) const;

    mutable std::array<hour_slot, slot_count> slots_{};
    mutable std::vector<std::string> zones_;
};

} // namespace respite::wasm
