// respite/timeline.hpp — every dated event of an account's current grace period, in order:
// stages, reminders, retries, suspension, cancellation, with "now" placed among them.
#pragma once

#include "respite/account.hpp"
#include "respite/policy.hpp"
#include "respite/result.hpp"
#include "respite/status.hpp"
#include "respite/zone.hpp"

#include <string>
#include <vector>

namespace respite {

enum class event_kind { grace_start, stage, reminder, retry, suspension, cancellation };

struct timeline_event {
    event_kind kind = event_kind::stage;
    std::string name;   // stage name, reminder id, "retry 2", …
    std::string detail; // access level, channel, …
    instant at;
    std::int32_t utc_offset_seconds = 0; // in the account's zone at `at`
    bool past = false;                   // at <= now
};

struct timeline {
    std::string account_id;
    std::string timezone;
    instant now;
    std::int32_t now_utc_offset_seconds = 0;
    status current;                     // the evaluation at `now`
    std::vector<timeline_event> events; // sorted by time, then kind
};

result<timeline> build_timeline(const policy& p, const account& a, instant now,
                                const zone_source& zones);

} // namespace respite
