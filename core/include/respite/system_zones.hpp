// respite/system_zones.hpp — native zone source over the system's IANA zoneinfo
// (/usr/share/zoneinfo, through Howard Hinnant's date/tz). Not part of the pure core: it reads
// files. Link respite::system_zones.
#pragma once

#include "respite/zone.hpp"

namespace respite {

// Stateless to its users and safe to share between threads: each thread keeps its own cache of
// zones and of the offset period last asked for.
class system_zone_source final : public zone_source {
public:
    std::optional<std::int32_t> offset_at(std::string_view zone, instant t) const override;
};

} // namespace respite
