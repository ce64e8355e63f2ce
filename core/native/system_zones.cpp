// Native zone offsets from the system's IANA zoneinfo via Howard Hinnant's date/tz. The only
// place that may throw (unknown zone): caught here, so nothing crosses the public API.
#include "respite/system_zones.hpp"

#include <date/tz.h>

#include <string>
#include <unordered_map>

namespace respite {
namespace {

// Per thread: each zone with the offset period last asked for, so that batch threads share
// nothing and most calls are two comparisons.
struct cached_zone {
    const date::time_zone* tz = nullptr; // null: unknown zone
    std::int64_t begin_s = 1, end_s = 0; // the period [begin, end) of `offset`, empty at first
    std::int32_t offset = 0;
};

cached_zone& lookup(std::string_view name) {
    thread_local std::unordered_map<std::string, cached_zone> cache;
    thread_local std::string key;
    key.assign(name.data(), name.size());
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    cached_zone z;
    try {
        z.tz = date::locate_zone(key);
    } catch (const std::exception&) {
        z.tz = nullptr;
    }
    return cache.emplace(key, z).first->second;
}

} // namespace

std::optional<std::int32_t> system_zone_source::offset_at(std::string_view zone, instant t) const {
    cached_zone& z = lookup(zone);
    if (!z.tz) return std::nullopt;
    const std::int64_t s = t.ms >= 0 ? t.ms / 1000 : (t.ms - 999) / 1000;
    if (s < z.begin_s || s >= z.end_s) {
        const auto info = z.tz->get_info(date::sys_seconds{std::chrono::seconds{s}});
        z.begin_s = info.begin.time_since_epoch().count();
        z.end_s = info.end.time_since_epoch().count();
        z.offset = static_cast<std::int32_t>(info.offset.count());
    }
    return z.offset;
}

} // namespace respite
