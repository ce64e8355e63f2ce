// Tests respite/evaluate.hpp: evaluate() rule by rule, with values worked out by hand from
// docs/contract.md. Policies here use exact deadlines unless a case says otherwise.
#include <respite/evaluate.hpp>
#include <respite/json.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace respite;
using nlohmann::json;

namespace {

// Stages at 0, 3, 7, 14 days; canceled at 30; anchor of the account below: 2026-11-28T09:00Z.
json base_policy() {
    return json::parse(R"({
      "schema": "respite.policy/1", "id": "t",
      "stages": [
        {"name": "notice", "after": "P0D", "access": "full", "severity": "info"},
        {"name": "warning", "after": "P3D", "access": "full", "severity": "warning"},
        {"name": "restricted", "after": "P7D", "access": "read_only", "severity": "critical",
         "disabled_features": ["exports"]},
        {"name": "suspended", "after": "P14D", "access": "none", "severity": "critical"}],
      "cancel_after": "P30D",
      "retries": {"schedule": ["P1D", "P3D", "P5D", "P7D"]},
      "reminders": [{"id": "failed", "at": "P0D", "channel": "email"},
                    {"id": "final", "before_stage": "suspended", "by": "P1D", "channel": "email"}]
    })");
}

json base_account() {
    return json::parse(R"({
      "schema": "respite.account/1", "id": "a1", "plan": "pro", "timezone": "UTC",
      "customer_since": "2026-05-01T00:00:00Z",
      "subscription": {"id": "s1", "price": {"amount": 3000, "currency": "EUR"}},
      "invoices": [{"id": "in_1", "amount_due": 3000, "amount_paid": 0, "currency": "EUR",
                    "due_at": "2026-11-28T09:00:00Z", "status": "open",
                    "period_start": "2026-11-28T09:00:00Z", "period_end": "2026-12-28T09:00:00Z"}],
      "payment_attempts": [{"invoice_id": "in_1", "at": "2026-11-28T10:00:00Z",
                            "outcome": "failed", "decline_code": "insufficient_funds"}]
    })");
}

status run(const json& p, const json& a, const char* at) {
    auto policy = parse_policy(p.dump());
    INFO((policy ? std::string() : render_errors(policy.errors())));
    REQUIRE(policy);
    auto account = parse_account(a.dump());
    INFO((account ? std::string() : render_errors(account.errors())));
    REQUIRE(account);
    const system_zone_source zones;
    auto s = evaluate(*policy, *account, *parse_instant(at), zones);
    REQUIRE(s);
    return *s;
}

std::string t(const std::optional<instant>& i) {
    return i ? format_instant(*i) : "null";
}

bool has_flag(const status& s, const char* f) {
    return std::find(s.flags.begin(), s.flags.end(), f) != s.flags.end();
}

} // namespace

TEST_CASE("evaluate: stages follow time, each deadline exactly at and 1 ms before") {
    const json p = base_policy(), a = base_account();
    // warning: 28 Nov 09:00 + 3 days = 1 Dec 09:00.
    CHECK(run(p, a, "2026-12-01T08:59:59.999Z").stage->name == "notice");
    CHECK(run(p, a, "2026-12-01T09:00:00Z").stage->name == "warning");
    // restricted: + 7 days = 5 Dec 09:00, read-only with exports off.
    auto before = run(p, a, "2026-12-05T08:59:59.999Z");
    CHECK(before.stage->name == "warning");
    CHECK(before.countdown->to == "restricted");
    CHECK(before.countdown->seconds == 1); // 1 ms left rounds up to a second
    auto restricted = run(p, a, "2026-12-05T09:00:00Z");
    CHECK(restricted.stage->name == "restricted");
    CHECK(restricted.stage->index == 2);
    CHECK(restricted.access == access_level::read_only);
    CHECK(restricted.disabled_features == std::vector<std::string>{"exports"});
    CHECK(restricted.state == account_state::grace);
    // suspended: + 14 days = 12 Dec 09:00; access none.
    CHECK(run(p, a, "2026-12-12T08:59:59.999Z").state == account_state::grace);
    auto suspended = run(p, a, "2026-12-12T09:00:00Z");
    CHECK(suspended.state == account_state::suspended);
    CHECK(suspended.access == access_level::none);
    CHECK(suspended.countdown->to == "canceled");
    CHECK(t(suspended.countdown->at) == "2026-12-28T09:00:00Z");
    CHECK(suspended.countdown->seconds == 16 * 86400);
    // canceled: + 30 days = 28 Dec 09:00.
    CHECK(run(p, a, "2026-12-28T08:59:59.999Z").state == account_state::suspended);
    auto canceled = run(p, a, "2026-12-28T09:00:00Z");
    CHECK(canceled.state == account_state::canceled);
    CHECK_FALSE(canceled.countdown);
    REQUIRE(canceled.required_actions.size() == 1);
    CHECK(canceled.required_actions[0].type == action_type::contact_billing);
    CHECK(canceled.banner.message == "canceled");
}

TEST_CASE("evaluate: a paid, void or not-yet-due invoice starts no grace") {
    json a = base_account();
    a["invoices"][0]["amount_paid"] = 3000;
    auto paid = run(base_policy(), a, "2026-12-04T00:00:00Z");
    CHECK(paid.state == account_state::good_standing);
    CHECK_FALSE(paid.stage);
    CHECK_FALSE(paid.banner.show);
    CHECK(paid.access == access_level::full);
    a = base_account();
    a["invoices"][0]["status"] = "void";
    CHECK(run(base_policy(), a, "2026-12-04T00:00:00Z").state == account_state::good_standing);
    CHECK(run(base_policy(), base_account(), "2026-11-28T08:59:59Z").state ==
          account_state::good_standing);
    a = base_account();
    a["invoices"][0]["status"] = "uncollectible"; // still owed
    CHECK(run(base_policy(), a, "2026-12-04T00:00:00Z").state == account_state::grace);
}

TEST_CASE("evaluate: minimum_due counts the remainder after partial payments") {
    json p = base_policy();
    p["minimum_due"] = {{"EUR", 500}, {"*", 100}};
    json a = base_account();
    a["invoices"][0]["amount_paid"] = 2501; // 499 left
    CHECK(run(p, a, "2026-12-04T00:00:00Z").state == account_state::good_standing);
    a["invoices"][0]["amount_paid"] = 2500; // 500 left: qualifies
    auto s = run(p, a, "2026-12-04T00:00:00Z");
    CHECK(s.state == account_state::grace);
    CHECK(s.amount_due->amount == 500);
    a["invoices"][0]["currency"] = "USD"; // "*" stands for USD: 100
    a["invoices"][0]["amount_paid"] = 2950;
    CHECK(run(p, a, "2026-12-04T00:00:00Z").state == account_state::good_standing);
    a["invoices"][0]["amount_paid"] = 2900;
    CHECK(run(p, a, "2026-12-04T00:00:00Z").state == account_state::grace);
}

TEST_CASE("evaluate: declines decide the required actions and the retries") {
    json a = base_account();
    // soft: pay now, then update the method; the next retry is 28 Nov 10:00 + 3 days.
    auto soft = run(base_policy(), a, "2026-11-30T00:00:00Z");
    REQUIRE(soft.required_actions.size() == 2);
    CHECK(soft.required_actions[0].type == action_type::pay_invoice);
    CHECK(soft.required_actions[1].type == action_type::update_payment_method);
    CHECK(t(soft.required_actions[0].deadline) == "2026-12-12T09:00:00Z");
    CHECK(t(soft.retries.next_at) == "2026-12-01T10:00:00Z");
    CHECK(soft.retries.remaining == 3);
    // hard: a new method is needed; retries stop.
    a["payment_attempts"].push_back({{"invoice_id", "in_1"},
                                     {"at", "2026-11-29T10:00:00Z"},
                                     {"outcome", "failed"},
                                     {"decline_code", "stolen_card"}});
    auto hard = run(base_policy(), a, "2026-11-30T00:00:00Z");
    REQUIRE(hard.required_actions.size() == 1);
    CHECK(hard.required_actions[0].type == action_type::update_payment_method);
    CHECK(hard.required_actions[0].reason == "hard_decline");
    CHECK_FALSE(hard.retries.next_at);
    CHECK(hard.retries.stopped_by == "hard_decline");
    CHECK(has_flag(hard, "retries_stopped"));
    // authentication: the customer confirms the payment.
    a["payment_attempts"][1]["decline_code"] = "authentication_required";
    auto auth = run(base_policy(), a, "2026-11-30T00:00:00Z");
    CHECK(auth.required_actions[0].type == action_type::authenticate_payment);
    CHECK(auth.banner.cta == action_type::authenticate_payment);
}

TEST_CASE("evaluate: reminders are due once, and a send from an earlier grace does not count") {
    json a = base_account();
    auto s = run(base_policy(), a, "2026-12-01T00:00:00Z");
    REQUIRE(s.reminders_due.size() == 1);
    CHECK(s.reminders_due[0].id == "failed");
    CHECK(t(s.reminders_due[0].at) == "2026-11-28T09:00:00Z");
    REQUIRE(s.next_reminder);
    CHECK(s.next_reminder->id == "final"); // 12 Dec 09:00 − 1 day
    CHECK(t(s.next_reminder->at) == "2026-12-11T09:00:00Z");
    a["reminders_sent"] = json::array({{{"id", "failed"}, {"at", "2026-09-01T00:00:00Z"}}});
    CHECK(run(base_policy(), a, "2026-12-01T00:00:00Z").reminders_due.size() == 1);
    a["reminders_sent"].push_back({{"id", "failed"}, {"at", "2026-11-28T09:05:00Z"}});
    CHECK(run(base_policy(), a, "2026-12-01T00:00:00Z").reminders_due.empty());
}

TEST_CASE("evaluate: a repeat grace is shortened in proportion") {
    json p = base_policy();
    p["limits"] = {{"max_grace_periods", 2}, {"window", "P365D"}, {"shortened_to", "P7D"}};
    json a = base_account();
    a["grace_history"] = json::array(
        {{{"started_at", "2026-03-01T00:00:00Z"}}, {{"started_at", "2026-08-01T00:00:00Z"}}});
    // 14 days compressed to 7: warning at 1.5 days, restricted at 3.5, suspended at 7;
    // cancellation keeps its 16 days after suspension: 23 days.
    auto s = run(p, a, "2026-11-29T20:59:59Z");
    CHECK(s.stage->name == "notice");
    CHECK(has_flag(s, "repeat_grace"));
    CHECK(s.grace->shortened);
    CHECK(t(s.grace->next_stage->at) == "2026-11-29T21:00:00Z");
    CHECK(t(s.grace->suspends_at) == "2026-12-05T09:00:00Z");
    CHECK(t(s.grace->cancels_at) == "2026-12-21T09:00:00Z");
    CHECK(run(p, a, "2026-12-01T21:00:00Z").stage->name == "restricted");
    // One grace in the window is not enough.
    a["grace_history"].erase(0);
    auto once = run(p, a, "2026-11-29T21:00:00Z");
    CHECK_FALSE(once.grace->shortened);
    CHECK_FALSE(has_flag(once, "repeat_grace"));
}

TEST_CASE("evaluate: overrides, tenure and support extensions push later stages") {
    json p = base_policy();
    p["overrides"] =
        json::array({{{"when", {{"plan", {"pro"}}}}, {"extend_by", "P2D"}},
                     {{"when", {{"customer_for_at_least", "P365D"}}}, {"extend_by", "P7D"}},
                     {{"when", {{"price_at_least", {{"EUR", 3000}}}}}, {"extend_by", "P1D"}}});
    json a = base_account();
    a["extensions"] = json::array({{{"by", "P4D"}, {"granted_at", "2026-12-01T12:00:00Z"}},
                                   {{"by", "P100D"}, {"granted_at", "2026-01-01T00:00:00Z"}}});
    // pro (+2) and price 3000 EUR (+1) match; tenure (customer since May) does not. The support
    // extension granted in this grace adds 4; the one from January does not. Total 7 days.
    auto s = run(p, a, "2026-12-04T00:00:00Z");
    CHECK(s.grace->extended_by == days(7));
    CHECK(has_flag(s, "extended"));
    CHECK(s.stage->name == "notice"); // warning moved from 1 Dec to 8 Dec 09:00
    CHECK(t(s.grace->next_stage->at) == "2026-12-08T09:00:00Z");
    CHECK(t(s.grace->suspends_at) == "2026-12-19T09:00:00Z");
    CHECK(t(s.grace->cancels_at) == "2027-01-04T09:00:00Z");
}

TEST_CASE("evaluate: an override may replace the stages") {
    json p = base_policy();
    p["overrides"] = json::array(
        {{{"when", {{"plan", "pro"}}},
          {"stages",
           json::array(
               {{{"name", "grace"}, {"after", "P0D"}, {"access", "full"}, {"severity", "info"}},
                {{"name", "hold"},
                 {"after", "P20D"},
                 {"access", "none"},
                 {"severity", "critical"}}})}}});
    auto s = run(p, base_account(), "2026-12-18T09:00:00Z"); // 28 Nov 09:00 + 20 days
    CHECK(s.stage->name == "hold");
    CHECK(s.state == account_state::suspended);
}

TEST_CASE("evaluate: exempt accounts are evaluated but keep full access and see no banner") {
    json a = base_account();
    a["tags"] = {"exempt"};
    auto s = run(base_policy(), a, "2026-12-13T00:00:00Z");
    CHECK(s.state == account_state::suspended);
    CHECK(s.access == access_level::full);
    CHECK_FALSE(s.banner.show);
    CHECK(s.reminders_due.empty());
    CHECK(has_flag(s, "exempt"));
    // Service keeps being delivered: 28 Nov 09:00 → 13 Dec 00:00 is 14 whole days.
    CHECK(s.revenue.unpaid_service_days == 14);
    CHECK(s.revenue.unrecognized->amount == 3000 * 14 / 30);
}

TEST_CASE("evaluate: revenue counts whole days of unpaid service up to suspension") {
    // 4 Dec 00:00 is 5 days 15 hours into the period: 5 days of 30; 3000 × 5 ÷ 30 = 500.
    auto s = run(base_policy(), base_account(), "2026-12-04T00:00:00Z");
    CHECK(s.revenue.unpaid_service_days == 5);
    CHECK(s.revenue.unrecognized->amount == 500);
    // After suspension (12 Dec 09:00) no more service: 14 days, 3000 × 14 ÷ 30 = 1400.
    auto later = run(base_policy(), base_account(), "2026-12-20T00:00:00Z");
    CHECK(later.revenue.unpaid_service_days == 14);
    CHECK(later.revenue.unrecognized->amount == 1400);
}

TEST_CASE("evaluate: stage conditions hold a stage back and say so") {
    json p = base_policy();
    p["stages"][2]["balance_at_least"] = {{"EUR", 5000}};
    auto s = run(p, base_account(), "2026-12-06T00:00:00Z");
    CHECK(s.stage->name == "warning");
    const bool explained =
        std::any_of(s.explain.begin(), s.explain.end(), [](const std::string& l) {
            return l.find("stage restricted due 2026-12-05T09:00:00Z but not entered") !=
                   std::string::npos;
        });
    CHECK(explained);
    p["stages"][2]["balance_at_least"] = {{"EUR", 3000}};
    CHECK(run(p, base_account(), "2026-12-06T00:00:00Z").stage->name == "restricted");
    p["stages"][2].erase("balance_at_least");
    p["stages"][2]["last_decline_in"] = {"hard"};
    CHECK(run(p, base_account(), "2026-12-06T00:00:00Z").stage->name == "warning");
    p["stages"][2]["last_decline_in"] = {"insufficient_funds"};
    CHECK(run(p, base_account(), "2026-12-06T00:00:00Z").stage->name == "restricted");
}

TEST_CASE("evaluate: in subscription scope a paid-up subscription keeps its access") {
    json p = base_policy();
    p["scope"] = "subscription";
    json a = base_account();
    a.erase("subscription");
    a["subscriptions"] =
        json::array({{{"id", "base"}, {"plan", "pro"}}, {{"id", "addon"}, {"plan", "seats"}}});
    a["invoices"][0]["subscription_id"] = "addon";
    a["invoices"].push_back({{"id", "in_base"},
                             {"subscription_id", "base"},
                             {"amount_due", 9000},
                             {"amount_paid", 9000},
                             {"currency", "EUR"},
                             {"due_at", "2026-11-01T00:00:00Z"},
                             {"status", "paid"}});
    auto s = run(p, a, "2026-12-06T00:00:00Z");
    REQUIRE(s.subscriptions.size() == 2);
    CHECK(s.subscriptions[0].id == "base");
    CHECK(s.subscriptions[0].state == account_state::good_standing);
    CHECK(s.subscriptions[0].access == access_level::full);
    CHECK(s.subscriptions[1].id == "addon");
    CHECK(s.subscriptions[1].stage == "restricted");
    CHECK(s.subscriptions[1].access == access_level::read_only);
    CHECK(s.access == access_level::full); // the account stays reachable
    CHECK(s.stage->name == "restricted");  // the banner speaks of the add-on
    CHECK(s.banner.show);
}

TEST_CASE("evaluate: first_failure waits for a failed attempt") {
    json p = base_policy();
    p["clock"] = {{"starts_at", "first_failure"}};
    json a = base_account();
    auto s = run(p, a, "2026-12-01T09:30:00Z");
    CHECK(t(s.grace->started_at) == "2026-11-28T10:00:00Z"); // the failure, not the due date
    CHECK(s.stage->name == "notice");                        // warning at 1 Dec 10:00
    a["payment_attempts"] = json::array();
    auto waiting = run(p, a, "2026-12-01T09:30:00Z");
    CHECK(waiting.state == account_state::good_standing);
    CHECK(has_flag(waiting, "awaiting_payment_attempt"));
}

TEST_CASE("evaluate: end_of_day moves later deadlines to local midnight") {
    json p = base_policy();
    p["clock"] = {{"day_boundary", "end_of_day"}};
    json a = base_account();
    a["timezone"] = "America/New_York";
    // Anchor 28 Nov 09:00Z (04:00 EST). Warning: 1 Dec 09:00Z = 04:00 EST → ends 2 Dec 00:00 EST
    // = 2 Dec 05:00Z. The first stage stays at the anchor itself.
    auto s = run(p, a, "2026-12-02T04:59:59Z");
    CHECK(s.stage->name == "notice");
    CHECK(t(s.stage->entered_at) == "2026-11-28T09:00:00Z");
    CHECK(t(s.grace->next_stage->at) == "2026-12-02T05:00:00Z");
    CHECK(run(p, a, "2026-12-02T05:00:00Z").stage->name == "warning");
}

TEST_CASE("evaluate: an unknown zone is an error with its path") {
    json a = base_account();
    a["timezone"] = "Europe/Atlantis";
    auto policy = parse_policy(base_policy().dump());
    auto account = parse_account(a.dump());
    const system_zone_source zones;
    auto s = evaluate(*policy, *account, *parse_instant("2026-12-04T00:00:00Z"), zones);
    REQUIRE_FALSE(s);
    CHECK(s.errors()[0].path == "/timezone");
    CHECK(s.errors()[0].code == "unknown_time_zone");
}

TEST_CASE("evaluate: the oldest qualifying invoice drives and amounts add up") {
    json a = base_account();
    a["invoices"].push_back({{"id", "in_0"},
                             {"amount_due", 1000},
                             {"amount_paid", 0},
                             {"currency", "EUR"},
                             {"due_at", "2026-11-20T09:00:00Z"},
                             {"status", "open"}});
    auto s = run(base_policy(), a, "2026-11-28T12:00:00Z");
    CHECK(t(s.grace->started_at) == "2026-11-20T09:00:00Z");
    CHECK(s.stage->name == "restricted"); // 8 days in
    CHECK(s.amount_due->amount == 4000);
    CHECK(s.required_actions[0].invoice_id == "in_0");
}
