// respite/account.hpp — an account snapshot (`respite.account/1`), typed. Read one with
// respite::parse_account (respite/json.hpp); see docs/contract.md.
#pragma once

#include "respite/money.hpp"
#include "respite/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace respite {

enum class invoice_status { open, paid, void_, uncollectible };
enum class attempt_outcome { succeeded, failed };
enum class grace_outcome { recovered, suspended, canceled, written_off, other };

// A billing interval: calendar units are allowed here (it describes, it is not added to instants):
// "P1M" → 1 month, "P1Y" → 12 months, "P2W" → 14 days, "P30D" → 30 days.
struct billing_interval {
    std::int64_t months = 0;
    std::int64_t days = 0;
};

struct subscription {
    std::string id;
    std::string plan; // defaults to the account's plan
    std::optional<money> price;
    std::optional<billing_interval> interval;
    std::optional<instant> current_period_start;
    std::optional<instant> current_period_end;
};

struct invoice {
    std::string id;
    std::string subscription_id; // empty: the account's only subscription, or none
    std::int64_t amount_due = 0;
    std::int64_t amount_paid = 0;
    std::string currency;
    instant due_at;
    invoice_status status = invoice_status::open;
    std::optional<instant> period_start;
    std::optional<instant> period_end;
    std::int64_t remaining() const { return amount_due - amount_paid; }
};

struct payment_attempt {
    std::string invoice_id;
    instant at;
    attempt_outcome outcome = attempt_outcome::failed;
    std::string decline_code; // empty when succeeded
};

struct payment_method {
    std::string type;
    std::optional<civil_date> expires; // day is 1; the method works through that whole month
    std::string last4;
    std::string brand;
};

struct grace_record {
    instant started_at;
    std::optional<instant> ended_at;
    grace_outcome outcome = grace_outcome::other;
    std::string outcome_text;
};

struct extension {
    duration by;
    instant granted_at;
    std::string subscription_id; // empty: every subscription
    std::string reason;
};

struct sent_reminder {
    std::string id;
    instant at;
};

struct account {
    std::string id;
    std::string plan;
    std::string timezone = "UTC";
    std::string locale;
    std::optional<instant> customer_since;
    std::vector<subscription> subscriptions; // `subscription` or `subscriptions` in JSON
    std::vector<invoice> invoices;
    std::vector<payment_attempt> payment_attempts;
    std::optional<payment_method> method;
    std::vector<grace_record> grace_history;
    std::vector<extension> extensions;
    std::vector<sent_reminder> reminders_sent;
    std::optional<instant> last_active_at; // usage.last_active_at
    std::vector<std::string> tags;
    bool has_tag(const std::string& tag) const {
        for (const auto& t : tags)
            if (t == tag) return true;
        return false;
    }
};

} // namespace respite
