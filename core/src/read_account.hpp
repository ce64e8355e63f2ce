// respite.account/1 → respite::account over any DOM with the json_value.hpp interface (nlohmann
// everywhere; simdjson natively for the batch path). See docs/contract.md.
#pragma once

#include "json_reader.hpp"
#include "respite/account.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace respite::detail {

// "P<n>" and one unit of Y, M, W or D.
std::optional<billing_interval> parse_interval(std::string_view text);

template <class V> class account_reader {
public:
    account_reader(reader<V>& r) : r_(r) {}

    void read(const V& d, account& a) {
        const path_ref root;
        if (!r_.expect_object(d, root)) return;
        r_.reject_unknown(d, root,
                          {"schema", "id", "plan", "timezone", "locale", "customer_since",
                           "subscription", "subscriptions", "invoices", "payment_attempts",
                           "payment_method", "grace_history", "extensions", "reminders_sent",
                           "usage", "tags", "metadata", "name", "email"});
        r_.expect_schema(d, "respite.account/1");
        r_.copy_string(d, root, "id", true, a.id);
        r_.copy_string(d, root, "plan", false, a.plan);
        r_.copy_string(d, root, "timezone", false, a.timezone);
        r_.copy_string(d, root, "locale", false, a.locale);
        a.customer_since = r_.instant_field(d, root, "customer_since", false);
        read_subscriptions(d, root, a);
        read_invoices(d, root, a);
        read_attempts(d, root, a);
        read_payment_method(d, root, a);
        read_history(d, root, a);
        read_extensions(d, root, a);
        read_sent(d, root, a);
        if (auto usage = r_.field(d, root, "usage", false)) {
            const path_ref up = root / "usage";
            if (r_.expect_object(*usage, up)) {
                r_.reject_unknown(*usage, up, {"last_active_at", "seats", "active_users"});
                a.last_active_at = r_.instant_field(*usage, up, "last_active_at", false);
            }
        }
        if (auto tags = r_.string_array_field(d, root, "tags")) a.tags = std::move(*tags);
        if (auto meta = r_.field(d, root, "metadata", false))
            r_.expect_object(*meta, root / "metadata");
    }

private:
    bool known_subscription(const account& a, std::string_view id) const {
        return std::any_of(a.subscriptions.begin(), a.subscriptions.end(),
                           [&](const subscription& s) { return s.id == id; });
    }

    void read_subscription(const V& v, const path_ref& path, account& a) {
        if (!r_.expect_object(v, path)) return;
        r_.reject_unknown(v, path,
                          {"id", "plan", "price", "interval", "current_period_start",
                           "current_period_end", "status", "metadata"});
        subscription s;
        r_.copy_string(v, path, "id", true, s.id);
        s.plan = a.plan;
        r_.copy_string(v, path, "plan", false, s.plan);
        if (auto price = r_.field(v, path, "price", false)) {
            const path_ref pp = path / "price";
            if (r_.expect_object(*price, pp)) {
                r_.reject_unknown(*price, pp, {"amount", "currency"});
                auto amount = r_.amount_field(*price, pp, "amount", true);
                auto currency = r_.currency_field(*price, pp, "currency", true);
                if (amount && currency) s.price = money{*amount, std::string(*currency)};
            }
        }
        if (auto text = r_.string_field(v, path, "interval", false, true)) {
            s.interval = parse_interval(*text);
            if (!s.interval)
                r_.fail(path / "interval", "invalid_duration",
                        "'" + std::string(*text) +
                            "' is not a billing interval such as P1M, P1Y, P2W or P30D");
        }
        s.current_period_start = r_.instant_field(v, path, "current_period_start", false);
        s.current_period_end = r_.instant_field(v, path, "current_period_end", false);
        if (!s.id.empty() && known_subscription(a, s.id))
            r_.fail(path / "id", "duplicate_id", "subscription id '" + s.id + "' is used twice");
        a.subscriptions.push_back(std::move(s));
    }

    void read_subscriptions(const V& d, const path_ref& root, account& a) {
        auto one = r_.field(d, root, "subscription", false);
        auto many = r_.field(d, root, "subscriptions", false);
        if (one && many) {
            r_.fail(root / "subscriptions", "conflicting_fields",
                    "give either 'subscription' (one) or 'subscriptions' (several), not both");
        } else if (one) {
            read_subscription(*one, root / "subscription", a);
        } else if (auto arr = r_.array_field(d, root, "subscriptions", false,
                                             r_.limits().max_array_items)) {
            const path_ref sp = root / "subscriptions";
            arr->for_each_item(
                [&](std::size_t i, const V& item) { read_subscription(item, sp / i, a); });
        }
    }

    void read_invoice(const V& v, const path_ref& path, account& a) {
        if (!r_.expect_object(v, path)) return;
        r_.reject_unknown(v, path,
                          {"id", "subscription_id", "amount_due", "amount_paid", "currency",
                           "due_at", "status", "period_start", "period_end", "created_at", "number",
                           "metadata"});
        invoice inv;
        r_.copy_string(v, path, "id", true, inv.id);
        r_.copy_string(v, path, "subscription_id", false, inv.subscription_id);
        auto due = r_.amount_field(v, path, "amount_due", true);
        auto paid = r_.amount_field(v, path, "amount_paid", false);
        if (due) inv.amount_due = *due;
        if (paid) inv.amount_paid = *paid;
        if (due && paid && *paid > *due)
            r_.fail(path / "amount_paid", "paid_exceeds_due",
                    "amount_paid (" + std::to_string(*paid) + ") exceeds amount_due (" +
                        std::to_string(*due) + ")");
        if (auto c = r_.currency_field(v, path, "currency", true)) inv.currency.assign(*c);
        if (auto t = r_.instant_field(v, path, "due_at", true)) inv.due_at = *t;
        if (auto st = r_.string_field(v, path, "status", true)) {
            if (*st == "open")
                inv.status = invoice_status::open;
            else if (*st == "paid")
                inv.status = invoice_status::paid;
            else if (*st == "void")
                inv.status = invoice_status::void_;
            else if (*st == "uncollectible")
                inv.status = invoice_status::uncollectible;
            else
                r_.fail(path / "status", "invalid_value",
                        "'" + std::string(*st) +
                            "' is not one of: open, paid, void, uncollectible");
        }
        inv.period_start = r_.instant_field(v, path, "period_start", false);
        inv.period_end = r_.instant_field(v, path, "period_end", false);
        if (inv.period_start && inv.period_end && *inv.period_end <= *inv.period_start)
            r_.fail(path / "period_end", "period_end_before_start",
                    "period_end must be later than period_start");
        if (!inv.id.empty() &&
            std::any_of(a.invoices.begin(), a.invoices.end(),
                        [&](const invoice& other) { return other.id == inv.id; }))
            r_.fail(path / "id", "duplicate_id", "invoice id '" + inv.id + "' is used twice");
        if (!inv.subscription_id.empty() && !a.subscriptions.empty() &&
            !known_subscription(a, inv.subscription_id))
            r_.fail(path / "subscription_id", "unknown_subscription",
                    "no subscription is named '" + inv.subscription_id + "'");
        if (inv.subscription_id.empty() && a.subscriptions.size() > 1)
            r_.fail(path / "subscription_id", "missing_subscription_id",
                    "the account has several subscriptions: name the invoice's");
        a.invoices.push_back(std::move(inv));
    }

    void read_invoices(const V& d, const path_ref& root, account& a) {
        auto arr = r_.array_field(d, root, "invoices", true, r_.limits().max_array_items);
        if (!arr) return;
        invoices_present_ = true;
        a.invoices.reserve(arr->size());
        const path_ref ip = root / "invoices";
        arr->for_each_item([&](std::size_t i, const V& item) { read_invoice(item, ip / i, a); });
        // Every sum the engine makes (amount due, totals per subscription, revenue) stays inside
        // 64 bits when each currency's invoices add up to at most 10^18 (docs/limits.md).
        constexpr std::int64_t max_total = 1'000'000'000'000'000'000;
        std::vector<std::pair<std::string_view, std::int64_t>> totals;
        for (const invoice& inv : a.invoices) {
            auto it = std::find_if(totals.begin(), totals.end(),
                                   [&](const auto& t) { return t.first == inv.currency; });
            if (it == totals.end()) it = totals.insert(totals.end(), {inv.currency, 0});
            // Each amount ≤ 10^15: stopping once past the limit keeps the sum below 2^63.
            if (it->second <= max_total) it->second += inv.amount_due;
        }
        for (const auto& [currency, total] : totals)
            if (total > max_total)
                r_.fail(ip, "amount_out_of_range",
                        "the " + std::string(currency) +
                            " invoices add up to more than 10^18 minor units");
    }

    void read_attempts(const V& d, const path_ref& root, account& a) {
        auto arr = r_.array_field(d, root, "payment_attempts", false, r_.limits().max_array_items);
        if (!arr) return;
        a.payment_attempts.reserve(arr->size());
        const path_ref ap = root / "payment_attempts";
        arr->for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = ap / i;
            if (!r_.expect_object(v, path)) return;
            r_.reject_unknown(
                v, path,
                {"invoice_id", "at", "outcome", "decline_code", "amount", "id", "metadata"});
            payment_attempt at;
            r_.copy_string(v, path, "invoice_id", true, at.invoice_id);
            if (auto t = r_.instant_field(v, path, "at", true)) at.at = *t;
            if (auto o = r_.string_field(v, path, "outcome", true)) {
                if (*o == "succeeded")
                    at.outcome = attempt_outcome::succeeded;
                else if (*o == "failed")
                    at.outcome = attempt_outcome::failed;
                else
                    r_.fail(path / "outcome", "invalid_value",
                            "'" + std::string(*o) + "' is not one of: succeeded, failed");
            }
            r_.copy_string(v, path, "decline_code", false, at.decline_code);
            if (at.outcome == attempt_outcome::failed && at.decline_code.empty())
                at.decline_code = "generic_decline";
            if (!at.invoice_id.empty() && invoices_present_ &&
                std::none_of(a.invoices.begin(), a.invoices.end(),
                             [&](const invoice& inv) { return inv.id == at.invoice_id; }))
                r_.fail(path / "invoice_id", "unknown_invoice",
                        "no invoice is named '" + at.invoice_id + "'");
            a.payment_attempts.push_back(std::move(at));
        });
    }

    void read_payment_method(const V& d, const path_ref& root, account& a) {
        auto pm = r_.field(d, root, "payment_method", false);
        const path_ref pp = root / "payment_method";
        if (!pm || !r_.expect_object(*pm, pp)) return;
        r_.reject_unknown(*pm, pp, {"type", "expires", "last4", "brand", "id"});
        payment_method m;
        r_.copy_string(*pm, pp, "type", true, m.type);
        if (auto s = r_.string_field(*pm, pp, "expires", false)) {
            auto digit = [](char c) { return c >= '0' && c <= '9'; };
            const std::string_view t = *s;
            bool ok = false;
            if (t.size() == 7 && digit(t[0]) && digit(t[1]) && digit(t[2]) && digit(t[3]) &&
                t[4] == '-' && digit(t[5]) && digit(t[6])) {
                const int year =
                    (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
                const int month = (t[5] - '0') * 10 + (t[6] - '0');
                if (month >= 1 && month <= 12 && year >= 1970) {
                    m.expires = civil_date{year, month, 1};
                    ok = true;
                }
            }
            if (!ok)
                r_.fail(pp / "expires", "invalid_month",
                        "'" + std::string(t) + "' is not a month as YYYY-MM");
        }
        r_.copy_string(*pm, pp, "last4", false, m.last4);
        r_.copy_string(*pm, pp, "brand", false, m.brand);
        a.method = std::move(m);
    }

    void read_history(const V& d, const path_ref& root, account& a) {
        auto arr = r_.array_field(d, root, "grace_history", false, r_.limits().max_array_items);
        if (!arr) return;
        const path_ref hp = root / "grace_history";
        arr->for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = hp / i;
            if (!r_.expect_object(v, path)) return;
            r_.reject_unknown(v, path, {"started_at", "ended_at", "outcome", "policy_id"});
            grace_record g;
            if (auto t = r_.instant_field(v, path, "started_at", true)) g.started_at = *t;
            g.ended_at = r_.instant_field(v, path, "ended_at", false);
            if (auto o = r_.string_field(v, path, "outcome", false)) {
                g.outcome_text.assign(*o);
                g.outcome = *o == "recovered"     ? grace_outcome::recovered
                            : *o == "suspended"   ? grace_outcome::suspended
                            : *o == "canceled"    ? grace_outcome::canceled
                            : *o == "written_off" ? grace_outcome::written_off
                                                  : grace_outcome::other;
            }
            if (g.ended_at && *g.ended_at < g.started_at)
                r_.fail(path / "ended_at", "invalid_value",
                        "a grace period cannot end before it started");
            a.grace_history.push_back(std::move(g));
        });
    }

    void read_extensions(const V& d, const path_ref& root, account& a) {
        auto arr = r_.array_field(d, root, "extensions", false, r_.limits().max_array_items);
        if (!arr) return;
        const path_ref ep = root / "extensions";
        arr->for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = ep / i;
            if (!r_.expect_object(v, path)) return;
            r_.reject_unknown(v, path,
                              {"by", "granted_at", "subscription_id", "reason", "granted_by"});
            extension e;
            if (auto by = r_.duration_field(v, path, "by", true)) e.by = *by;
            if (auto t = r_.instant_field(v, path, "granted_at", true)) e.granted_at = *t;
            if (auto s = r_.string_field(v, path, "subscription_id", false)) {
                e.subscription_id.assign(*s);
                if (!known_subscription(a, *s))
                    r_.fail(path / "subscription_id", "unknown_subscription",
                            "no subscription is named '" + e.subscription_id + "'");
            }
            r_.copy_string(v, path, "reason", false, e.reason, true);
            a.extensions.push_back(std::move(e));
        });
    }

    void read_sent(const V& d, const path_ref& root, account& a) {
        auto arr = r_.array_field(d, root, "reminders_sent", false, r_.limits().max_array_items);
        if (!arr) return;
        const path_ref sp = root / "reminders_sent";
        arr->for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = sp / i;
            if (!r_.expect_object(v, path)) return;
            r_.reject_unknown(v, path, {"id", "at", "channel"});
            sent_reminder s;
            r_.copy_string(v, path, "id", true, s.id);
            if (auto t = r_.instant_field(v, path, "at", true)) s.at = *t;
            a.reminders_sent.push_back(std::move(s));
        });
    }

    reader<V>& r_;
    bool invoices_present_ = false;
};

} // namespace respite::detail
