#include "timeline_text.hpp"

#include <respite/json.hpp>

#include <cstdio>

namespace respite::cli {
namespace {

// "2026-12-05 00:00 +01:00 Sat" from an instant and an offset.
std::string local_text(instant t, std::int32_t offset) {
    static const char* weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    const std::string iso = format_instant_with_offset(t, offset);
    const std::int64_t local_days = (t.ms + std::int64_t{offset} * 1000) / ms_per_day;
    // iso: YYYY-MM-DDTHH:MM:SS[.mmm]±HH:MM
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " " + iso.substr(iso.size() - 6) + " " +
           weekdays[local_days % 7];
}

std::string utc_text(instant t) {
    const std::string iso = format_instant(t);
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + "Z";
}

std::string describe(const timeline_event& e) {
    switch (e.kind) {
    case event_kind::grace_start:
        return "grace starts";
    case event_kind::stage:
        return "stage " + e.name + " (access " + e.detail + ")";
    case event_kind::reminder:
        return "reminder " + e.name + " (" + e.detail + ")";
    case event_kind::retry:
        return e.name + " (" + e.detail + ")";
    case event_kind::suspension:
        return "suspension (access none)";
    case event_kind::cancellation:
        return "cancellation";
    }
    return e.name;
}

// "1 d 8 h", "3 h 5 min", "42 s": how long until the countdown's target.
std::string left_text(std::int64_t seconds) {
    const std::int64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60;
    if (d > 0) return std::to_string(d) + " d " + std::to_string(h) + " h";
    if (h > 0) return std::to_string(h) + " h " + std::to_string(m) + " min";
    if (m > 0) return std::to_string(m) + " min " + std::to_string(seconds % 60) + " s";
    return std::to_string(seconds) + " s";
}

std::string row(const char* mark, const std::string& local, const std::string& utc,
                const std::string& what) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s %-28s %-18s %s\n", mark, local.c_str(), utc.c_str(),
                  what.c_str());
    return buf;
}

} // namespace

std::string timeline_text(const timeline& t) {
    const status& s = t.current;
    std::string out =
        "account " + t.account_id + " · policy " + s.policy_id + " · zone " + t.timezone + "\n";
    out += "state " + std::string(to_string(s.state));
    if (s.stage) out += " · stage " + s.stage->name;
    out += " · access " + std::string(to_string(s.access));
    if (s.amount_due)
        out += " · due " + std::to_string(s.amount_due->amount) + " " + s.amount_due->currency +
               " (minor units)";
    out += "\n";
    if (!s.flags.empty()) {
        out += "flags";
        for (const auto& f : s.flags)
            out += " " + f;
        out += "\n";
    }
    if (t.events.empty()) {
        out += "no grace period: nothing scheduled\n";
        return out;
    }
    out += "\n" + row(" ", "local (" + t.timezone + ")", "UTC", "event");
    bool now_written = false;
    for (const auto& e : t.events) {
        // The stage row that suspends already says "access none".
        if (e.kind == event_kind::suspension) continue;
        if (!now_written && e.at > t.now) {
            out += row(">", local_text(t.now, t.now_utc_offset_seconds), utc_text(t.now),
                       "NOW" + (s.countdown ? " — " + s.countdown->to + " in " +
                                                  left_text(s.countdown->seconds)
                                            : std::string()));
            now_written = true;
        }
        out += row(e.past ? "·" : " ", local_text(e.at, e.utc_offset_seconds), utc_text(e.at),
                   describe(e));
    }
    if (!now_written)
        out += row(">", local_text(t.now, t.now_utc_offset_seconds), utc_text(t.now), "NOW");
    return out;
}

} // namespace respite::cli
