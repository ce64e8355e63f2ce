// The dated plan of one grace unit (the whole account, or one subscription in subscription
// scope): shared by evaluate (the state at an instant) and timeline (every date at once).
#pragma once

#include "respite/evaluate.hpp"

#include <string>
#include <vector>

namespace respite::detail {

struct planned_reminder {
    const reminder_rule* rule = nullptr;
    instant at;
    bool sent = false;
};

struct grace_plan {
    std::string subscription_id; // empty in account scope
    bool in_grace = false;       // a qualifying unpaid invoice and a clock anchor
    instant anchor;
    std::vector<stage> stages;     // effective stages (overrides applied)
    std::vector<instant> stage_at; // deadline of each stage
    std::optional<instant> suspends_at;
    std::optional<instant> cancels_at;
    std::vector<instant> retries_at; // scheduled retries (before any stop)
    std::vector<planned_reminder> reminders;
    status result; // the unit's status at `now`
};

// Plans and evaluates every grace unit of the account at `now`. Errors: unknown time zone.
result<std::vector<grace_plan>> plan_units(const policy& p, const account& a, instant now,
                                           const zone_source& zones);

// Index of the unit that drives the account (the most severe).
std::size_t driving_unit(const std::vector<grace_plan>& units);

// The account's status from its units' (docs/contract.md, step 16).
// Consumes the units' statuses (a single unit's is moved, not copied).
status account_status(std::vector<grace_plan>&& units, const account& a);

} // namespace respite::detail
