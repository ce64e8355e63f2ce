// intl_zone_source.cpp — zone offsets from the host's Intl (see intl_zone_source.hpp).
#include "intl_zone_source.hpp"

#include <emscripten/emscripten.h>

namespace {

constexpr int unknown_zone = 0x7fffffff;

} // namespace

// Returns the UTC offset in seconds of `zone` at `t_ms`, or 0x7fffffff when the zone is unknown.
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
    if (typeof entry === 'number') return entry;
    return t_ms < entry.edge ? entry.before : entry.after;
});
// clang-format on

namespace respite::wasm {

std::optional<std::int32_t> intl_zone_source::offset_at(std::string_view zone, instant t) const {
    const int offset = respite_intl_offset(zone.data(), static_cast<int>(zone.size()),
                                           static_cast<double>(t.ms));
    if (offset == unknown_zone) return std::nullopt;
    return offset;
}

} // namespace respite::wasm
