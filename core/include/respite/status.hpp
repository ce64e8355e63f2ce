// respite/status.hpp — what `evaluate` says of an account at an instant (`respite.status/1`).
#pragma once

#include "respite/money.hpp"
#include "respite/policy.hpp"
#include "respite/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace respite {

enum class account_state { good_standing = 0, grace = 1, suspended = 2, canceled = 3 };
enum class decline_class { soft, hard, authentication };
enum class action_type {
    update_payment_method,
    authenticate_payment,
    pay_invoice,
    contact_billing
};

struct stage_status {
    std::string name;
    int index = 0;
    instant entered_at;
    severity level = severity::info;
};

struct next_stage_status {
    std::string name;
    instant at;
};

struct grace_status {
    instant started_at;
    std::optional<instant> suspends_at;
    std::optional<instant> cancels_at;
    std::optional<next_stage_status> next_stage;
    duration extended_by;
    bool shortened = false;
};

struct countdown_status {
    std::string to; // a stage name, or "canceled"
    instant at;
    std::int64_t seconds = 0; // whole seconds left, rounded up
};

struct required_action {
    action_type type = action_type::pay_invoice;
    std::string reason; // soft_decline, hard_decline, authentication_required, unpaid,
                        // payment_method_expired, canceled
    std::string invoice_id;
    std::optional<instant> deadline;
};

struct banner_status {
    bool show = false;
    std::optional<severity> level;
    std::string message; // a translation key; empty when not shown
    std::optional<money> amount;
    std::optional<instant> deadline;
    std::string stage;
    bool dismissible = false;
    std::optional<action_type> cta;
};

struct retry_status {
    std::optional<instant> next_at;
    int remaining = 0;
    std::string stopped_by; // "", "hard_decline", "authentication_required"
};

struct reminder_status {
    std::string id;
    std::string channel;
    instant at;
};

struct revenue_status {
    std::int64_t unpaid_service_days = 0;
    std::optional<money> unrecognized;
};

struct subscription_status {
    std::string id;
    account_state state = account_state::good_standing;
    std::string stage; // empty: none
    access_level access = access_level::full;
    std::vector<std::string> disabled_features;
};

struct status {
    std::string account_id;
    instant evaluated_at;
    std::string policy_id;
    account_state state = account_state::good_standing;
    std::optional<stage_status> stage;
    access_level access = access_level::full;
    std::vector<std::string> disabled_features;
    std::optional<grace_status> grace;
    std::optional<countdown_status> countdown;
    std::optional<money> amount_due;
    std::vector<money> amounts_due; // every currency with a qualifying balance, sorted by code
    std::vector<required_action> required_actions;
    banner_status banner;
    retry_status retries;
    std::vector<reminder_status> reminders_due;
    std::optional<reminder_status> next_reminder;
    revenue_status revenue;
    std::vector<subscription_status> subscriptions;
    std::optional<decline_class> last_decline; // class of the latest failed attempt in grace
    std::string last_decline_code;
    std::vector<std::string> flags; // sorted
    std::vector<std::string> explain;
};

} // namespace respite
