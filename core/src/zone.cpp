#include "respite/zone.hpp"

namespace respite {

std::optional<std::int32_t> utc_only_zone_source::offset_at(std::string_view zone, instant) const {
    if (zone == "UTC" || zone == "Etc/UTC") return 0;
    return std::nullopt;
}

namespace {
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}
} // namespace

std::optional<instant> end_of_local_day(const zone_source& zones, std::string_view zone,
                                        instant t) {
    const auto offset = zones.offset_at(zone, t);
    if (!offset) return std::nullopt;
    const std::int64_t off_ms = std::int64_t{*offset} * ms_per_second;
    // Local midnight that ends the local day holding t, as local milliseconds.
    const std::int64_t local_midnight = (floor_div(t.ms + off_ms, ms_per_day) + 1) * ms_per_day;
    // A UTC instant u is at or after that midnight locally when u + offset(u) >= midnight.
    // Try the offset in force at t first, then the one in force at that first guess (a DST
    // change in between); where midnight falls in a gap, the earliest instant past it wins.
    std::int64_t best = -1;
    std::int64_t guess_off = off_ms;
    for (int i = 0; i < 3; ++i) {
        const std::int64_t u = local_midnight - guess_off;
        const auto off_u = zones.offset_at(zone, instant{u});
        if (!off_u) return std::nullopt;
        const std::int64_t ou = std::int64_t{*off_u} * ms_per_second;
        if (u + ou == local_midnight) return instant{u};
        if (u + ou > local_midnight && (best < 0 || u < best)) best = u;
        guess_off = ou;
    }
    if (best >= 0) {
        // Midnight is skipped locally (a gap): the day ends at the transition itself. Walk back
        // from `best` to the transition, to the minute.
        std::int64_t lo = best - 3 * ms_per_hour, hi = best;
        while (hi - lo > ms_per_minute) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            const auto om = zones.offset_at(zone, instant{mid});
            if (!om) return std::nullopt;
            if (mid + std::int64_t{*om} * ms_per_second >= local_midnight)
                hi = mid;
            else
                lo = mid;
        }
        return instant{hi};
    }
    return instant{local_midnight - off_ms};
}

} // namespace respite
