// intl_zone_source.hpp — the browser's (and Node's) own time-zone knowledge, behind the core's
// zone_source interface: the module carries no zone database (DESIGN.md, "Time zones").
#pragma once

#include <respite/zone.hpp>

namespace respite::wasm {

// Asks the host's Intl.DateTimeFormat for wall-clock time in `zone` and subtracts the instant.
// Offsets are cached on the JS side (per zone, per UTC hour, with the exact transition second
// inside an hour that holds one), so the wasm heap does not grow with the cache and repeated
// evaluations cost a Map lookup instead of a ~6 µs formatToParts call.
// A zone that Intl refuses, or that only a case-insensitive match would accept (native zoneinfo
// is case-sensitive), is unknown: nullopt.
class intl_zone_source final : public zone_source {
public:
    std::optional<std::int32_t> offset_at(std::string_view zone, instant t) const override;
};

} // namespace respite::wasm
