// Every date of the driving grace unit, for people (CLI `timeline`) and for the portal's axis.
#include "respite/timeline.hpp"
#include "grace_plan.hpp"
#include "respite/json.hpp"

#include <algorithm>

namespace respite {

result<timeline> build_timeline(const policy& p, const account& a, instant now,
                                const zone_source& zones) {
    auto planned = detail::plan_units(p, a, now, zones);
    if (!planned) return planned.errors();
    std::vector<detail::grace_plan> units = std::move(planned).value();
    // The driving unit's dates, kept before its status is handed to the account's.
    detail::grace_plan u = units[detail::driving_unit(units)];

    timeline t;
    t.account_id = a.id;
    t.timezone = a.timezone;
    t.now = now;
    t.now_utc_offset_seconds = zones.offset_at(a.timezone, now).value_or(0);
    t.current = detail::account_status(std::move(units), a);
    if (!u.in_grace) return t;

    auto add = [&](event_kind kind, std::string name, std::string detail, instant at) {
        t.events.push_back({kind, std::move(name), std::move(detail), at,
                            zones.offset_at(a.timezone, at).value_or(0), at <= now});
    };
    add(event_kind::grace_start, "grace_start", "", u.anchor);
    for (std::size_t i = 0; i < u.stages.size(); ++i)
        add(event_kind::stage, u.stages[i].name, to_string(u.stages[i].access), u.stage_at[i]);
    for (const auto& r : u.reminders)
        add(event_kind::reminder, r.rule->id, r.rule->channel + (r.sent ? ", sent" : ""), r.at);
    const std::string& stopped = u.result.retries.stopped_by;
    for (std::size_t i = 0; i < u.retries_at.size(); ++i)
        add(event_kind::retry, "retry " + std::to_string(i + 1),
            stopped.empty() ? "scheduled" : "stopped: " + stopped, u.retries_at[i]);
    if (u.suspends_at) add(event_kind::suspension, "suspended", "access none", *u.suspends_at);
    if (u.cancels_at) add(event_kind::cancellation, "canceled", "", *u.cancels_at);
    std::stable_sort(t.events.begin(), t.events.end(),
                     [](const timeline_event& x, const timeline_event& y) {
                         return x.at != y.at ? x.at < y.at : x.kind < y.kind;
                     });
    return t;
}

} // namespace respite
