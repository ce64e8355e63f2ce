// intl_zone_source.cpp — zone offsets from the host's Intl (see intl_zone_source.hpp).
#include "intl_zone_source.hpp"

#include <emscripten/emscripten.h>

namespace {

constexpr int unknown_zone = 0x7fffffff;

} // namespace

// Returns 2 × the UTC offset in seconds of `zone` at `t_ms`, plus 1 when that offset holds for
// the whole UTC hour around `t_ms` (so the caller may cache it); 0x7fffffff when the zone is
// unknown.
// State lives on the Module object (one cache per module instance):
//   Module.respiteZones: Map zone name -> null (unknown) | {format, hours: Map hour -> entry}
//   entry: a number (the offset through that whole UTC hour) or {edge, before, after} for the
//   one hour that holds a transition (found to the second by bisection).
// Both maps are bounded: an evaluation asks for a handful of hours, a batch for a few thousand.
// (No line comments inside EM_JS: the body is stringified onto one line.)
// clang-format off
EM_JS(int, respite_intl_offset, (const char* zone, int zone_length, double t_ms), {
    var zones = Module.respiteZones || (Module.respiteZones = new Map());
    var name = UTF8ToString(zone, zone_length);
    var z = zones.get(name);
    if (z === undefined) {
        z = null;
        try {
            var format = new Intl.DateTimeFormat('en-US', {
                timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric',
                day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'});
            var resolved = format.resolvedOptions().timeZone;
            /* Intl matches names case-insensitively; zoneinfo does not. */
            if (resolved === name || resolved.toLowerCase() !== name.toLowerCase())
                z = {format: format, hours: new Map()};
        } catch (e) {
            z = null;
        }
        if (zones.size >= 512) zones.clear();
        zones.set(name, z);
    }
    if (z === null || !(Math.abs(t_ms) <= 8.64e15)) return 0x7fffffff;
    var offsetAt = function(t) {
        var parts = z.format.formatToParts(new Date(t));
        var f = {year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0};
        for (var i = 0; i < parts.length; i++) {
            if (parts[i].type in f) f[parts[i].type] = +parts[i].value;
        }
        var wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
        return Math.round((wall - t) / 1000);
    };
    var hour = Math.floor(t_ms / 3600000);
    var entry = z.hours.get(hour);
    if (entry === undefined) {
        var start = hour * 3600000;
        var last = start + 3599000;
        var before = offsetAt(start);
        var after = offsetAt(last);
        if (before === after) {
            entry = before;
        } else {
            var lo = start;
            var hi = last;
            while (hi - lo > 1000) {
                var mid = lo + Math.floor((hi - lo) / 2000) * 1000;
                if (offsetAt(mid) === before) lo = mid; else hi = mid;
            }
            entry = {edge: hi, before: before, after: after};
        }
        if (z.hours.size >= 8192) z.hours.clear();
        z.hours.set(hour, entry);
    }
    if (typeof entry === 'number') return entry * 2 + 1;
    return (t_ms < entry.edge ? entry.before : entry.after) * 2;
});
// clang-format on

namespace respite::wasm {

std::uint32_t intl_zone_source::zone_index(std::string_view zone) const {
    for (std::size_t i = 0; i < zones_.size(); ++i)
        if (zones_[i] == zone) return static_cast<std::uint32_t>(i);
    if (zones_.size() == max_zones) { // a batch over many zones: start over
        zones_.clear();
        slots_.fill(hour_slot{});
    }
    zones_.emplace_back(zone);
    return static_cast<std::uint32_t>(zones_.size() - 1);
}

std::optional<std::int32_t> intl_zone_source::offset_at(std::string_view zone, instant t) const {
    const auto ask_host = [&] {
        return respite_intl_offset(zone.data(), static_cast<int>(zone.size()),
                                   static_cast<double>(t.ms));
    };
    const auto decode = [](int answer) { return (answer - (answer & 1)) / 2; };
    if (t.ms < 0) { // before 1970: not an instant the core produces; no caching
        const int answer = ask_host();
        if (answer == unknown_zone) return std::nullopt;
        return decode(answer);
    }
    const std::int64_t hour = t.ms / ms_per_hour;
    const std::uint32_t index = zone_index(zone);
    hour_slot& slot = slots_[static_cast<std::size_t>(hour * 31 + index) % slot_count];
    if (slot.hour == hour && slot.zone == index) return slot.offset;

    const int answer = ask_host();
    if (answer == unknown_zone) return std::nullopt;
    const std::int32_t offset = decode(answer);
    if ((answer & 1) != 0) slot = {hour, index, offset}; // one offset through the whole hour
    return offset;
}

} // namespace respite::wasm
