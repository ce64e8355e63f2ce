// respite/policy.hpp — a grace policy (`respite.policy/1`), typed. Read one with
// respite::parse_policy (respite/json.hpp); see docs/contract.md for the meaning of each field.
#pragma once

#include "respite/money.hpp"
#include "respite/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace respite {

enum class clock_start { invoice_due, first_failure };
enum class day_boundary { exact, end_of_day };
enum class access_level { none = 0, read_only = 1, full = 2 };
enum class severity { info = 0, warning = 1, critical = 2 };
enum class grace_scope { account, subscription };

struct stage_conditions {
    std::optional<int> unpaid_invoices_at_least;
    std::optional<currency_thresholds> balance_at_least;
    // Decline classes ("soft", "hard", "authentication") or decline codes; the last failed
    // payment attempt must match one of them.
    std::vector<std::string> last_decline_in;
    bool empty() const {
        return !unpaid_invoices_at_least && !balance_at_least && last_decline_in.empty();
    }
};

struct stage {
    std::string name;
    duration after;
    access_level access = access_level::full;
    severity level = severity::info;
    std::vector<std::string> disabled_features;
    std::optional<std::string> message; // banner message key; default derived (docs/contract.md)
    std::optional<bool> dismissible;    // default: severity below critical and full access
    stage_conditions conditions;
};

struct retry_policy {
    std::vector<duration> schedule; // offsets from the first failed attempt
};

struct reminder_rule {
    std::string id;
    std::string channel;
    std::optional<duration> at;              // offset from grace start, or …
    std::optional<std::string> before_stage; // … `by` before that stage (or "canceled") is entered
    duration by;
};

struct grace_limits {
    int max_grace_periods = 0;
    duration window;
    duration shortened_to;
};

struct override_rule {
    std::vector<std::string> plans;                    // when.plan (any of)
    std::optional<duration> customer_for_at_least;     // when.customer_for_at_least
    std::optional<currency_thresholds> price_at_least; // when.price_at_least
    std::optional<duration> extend_by;
    std::optional<std::vector<stage>> stages;
};

struct policy {
    std::string id;
    std::string name; // optional human label
    clock_start starts_at = clock_start::invoice_due;
    day_boundary boundary = day_boundary::exact;
    grace_scope scope = grace_scope::account;
    currency_thresholds minimum_due;
    std::vector<stage> stages;
    std::optional<duration> cancel_after;
    retry_policy retries;
    std::vector<reminder_rule> reminders;
    std::optional<grace_limits> limits;
    std::vector<override_rule> overrides;
};

} // namespace respite
