// respite/zone.hpp — the one door through which the core learns about time zones.
// The core carries no zone database: natively the system's zoneinfo answers
// (respite/system_zones.hpp), in the browser the host's Intl (wasm/).
#pragma once

#include "respite/time.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace respite {

class zone_source {
public:
    virtual ~zone_source() = default;
    // UTC offset in seconds (local = UTC + offset) in `zone` at instant `t`; nullopt when the
    // zone is unknown to the source.
    virtual std::optional<std::int32_t> offset_at(std::string_view zone, instant t) const = 0;
};

// A source that knows only "UTC" and "Etc/UTC" (and fixed offsets are not IANA names): for
// tests and for callers that have no zone data.
class utc_only_zone_source final : public zone_source {
public:
    std::optional<std::int32_t> offset_at(std::string_view zone, instant t) const override;
};

// The instant at which the local calendar day containing `t` ends in `zone` (the next local
// midnight), DST-correct; where midnight does not exist locally (a gap at 00:00), the first
// instant of the new day. nullopt if the zone is unknown.
std::optional<instant> end_of_local_day(const zone_source& zones, std::string_view zone, instant t);

} // namespace respite
