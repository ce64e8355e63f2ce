// respite.account/1 → respite::account over a DOM with the json_value.hpp interface (nlohmann's):
// the reference reader, on every target. Natively, read_account_ondemand.cpp reads the documents
// it accepts first; any doubt comes here. See docs/contract.md.
#pragma once

#include "json_reader.hpp"
#include "respite/account.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace respite::detail {

// "P<n>" and one unit of Y, M, W or D.
std::optional<billing_interval> parse_interval(std::string_view text);

// Ids seen so far, for duplicate and reference checks. A few ids (the usual account) are
// compared in place; past 16 they go into a hash table (open addressing, FNV-1a: small code for
// the wasm module), so an account at the item limits costs O(n), not O(n²) (fuzz/README.md,
// finding 8). The views point into the parsed document.
class id_set {
public:
    bool contains(std::string_view id) const {
        if (n_ <= small) return std::find(small_, small_ + n_, id) != small_ + n_;
        for (std::size_t i = hash(id) & (table_.size() - 1);; i = (i + 1) & (table_.size() - 1)) {
            if (table_[i].data() == nullptr) return false;
            if (table_[i] == id) return true;
        }
    }
    // False when `id` was already there.
    bool insert(std::string_view id) {
        if (contains(id)) return false;
        if (n_ < small) {
            small_[n_++] = id;
            return true;
        }
        if (n_ == small) {
            table_.assign(64, std::string_view());
            for (std::string_view seen : small_)
                place(seen);
        } else if (2 * (n_ + 1) > table_.size()) {
            std::vector<std::string_view> old(table_.size() * 2);
            old.swap(table_);
            for (std::string_view seen : old)
                if (seen.data()) place(seen);
        }
        place(id);
        ++n_;
        return true;
    }

private:
    static std::size_t hash(std::string_view id) {
        std::uint64_t h = 1469598103934665603ULL;
        for (unsigned char c : id)
            h = (h ^ c) * 1099511628211ULL;
        return static_cast<std::size_t>(h ^ h >> 29);
    }
    void place(std::string_view id) {
        std::size_t i = hash(id) & (table_.size() - 1);
        while (table_[i].data() != nullptr)
            i = (i + 1) & (table_.size() - 1);
        table_[i] = id;
    }
    static constexpr std::size_t small = 16;
    std::string_view small_[small];
    std::size_t n_ = 0;
    std::vector<std::string_view> table_; // a power of two, at most half full
};

// The keys each object of an account may have, in the documented order, and their indexes: one
// table for both readers (this one and read_account_ondemand.cpp), so that they know the same
// fields. Any other key is an unknown_field.
struct account_fields {
    static constexpr std::string_view keys[] = {"schema",         "id",
                                                "plan",           "timezone",
                                                "locale",         "customer_since",
                                                "subscription",   "subscriptions",
                                                "invoices",       "payment_attempts",
                                                "payment_method", "grace_history",
                                                "extensions",     "reminders_sent",
                                                "usage",          "tags",
                                                "metadata",       "name",
                                                "email"};
    enum : std::size_t {
        schema,
        id,
        plan,
        timezone,
        locale,
        customer_since,
        subscription,
        subscriptions,
        invoices,
        payment_attempts,
        payment_method,
        grace_history,
        extensions,
        reminders_sent,
        usage,
        tags,
        metadata,
        name,
        email
    };
};
struct subscription_fields {
    static constexpr std::string_view keys[] = {
        "id",     "plan",    "price", "interval", "current_period_start", "current_period_end",
        "status", "metadata"};
    enum : std::size_t {
        id,
        plan,
        price,
        interval,
        current_period_start,
        current_period_end,
        status,
        metadata
    };
};
struct price_fields {
    static constexpr std::string_view keys[] = {"amount", "currency"};
    enum : std::size_t { amount, currency };
};
struct invoice_fields {
    static constexpr std::string_view keys[] = {
        "id",     "subscription_id", "amount_due", "amount_paid", "currency", "due_at",
        "status", "period_start",    "period_end", "created_at",  "number",   "metadata"};
    enum : std::size_t {
        id,
        subscription_id,
        amount_due,
        amount_paid,
        currency,
        due_at,
        status,
        period_start,
        period_end,
        created_at,
        number,
        metadata
    };
};
struct attempt_fields {
    static constexpr std::string_view keys[] = {"invoice_id", "at", "outcome", "decline_code",
                                                "amount",     "id", "metadata"};
    enum : std::size_t { invoice_id, at, outcome, decline_code, amount, id, metadata };
};
struct method_fields {
    static constexpr std::string_view keys[] = {"type", "expires", "last4", "brand", "id"};
    enum : std::size_t { type, expires, last4, brand, id };
};
struct history_fields {
    static constexpr std::string_view keys[] = {"started_at", "ended_at", "outcome", "policy_id"};
    enum : std::size_t { started_at, ended_at, outcome, policy_id };
};
struct extension_fields {
    static constexpr std::string_view keys[] = {"by", "granted_at", "subscription_id", "reason",
                                                "granted_by"};
    enum : std::size_t { by, granted_at, subscription_id, reason, granted_by };
};
struct sent_fields {
    static constexpr std::string_view keys[] = {"id", "at", "channel"};
    enum : std::size_t { id, at, channel };
};
struct usage_fields {
    static constexpr std::string_view keys[] = {"last_active_at", "seats", "active_users"};
    enum : std::size_t { last_active_at, seats, active_users };
};

template <class V> class account_reader {
public:
    account_reader(reader<V>& r) : r_(r) {}

    void read(const V& d, account& a) {
        const path_ref root;
        if (!r_.expect_object(d, root)) return;
        // Every object is read the same way: one pass sorts its members into the slots of its
        // known keys (reporting any other key), then each field is read from its slot.
        using K = account_fields;
        const auto f = r_.members(d, root, K::keys);
        r_.expect_schema(f, K::schema, "respite.account/1");
        r_.copy_string(f, root, K::id, true, a.id);
        r_.copy_string(f, root, K::plan, false, a.plan);
        r_.copy_string(f, root, K::timezone, false, a.timezone);
        r_.copy_string(f, root, K::locale, false, a.locale);
        a.customer_since = r_.instant_field(f, root, K::customer_since, false);
        read_subscriptions(r_.field(f, root, K::subscription, false),
                           r_.field(f, root, K::subscriptions, false), root, a);
        if (auto arr = r_.array_field(f, root, K::invoices, true, r_.limits().max_array_items))
            read_invoices(*arr, root / "invoices", a);
        if (auto arr =
                r_.array_field(f, root, K::payment_attempts, false, r_.limits().max_array_items))
            read_attempts(*arr, root / "payment_attempts", a);
        if (auto pm = r_.field(f, root, K::payment_method, false))
            read_payment_method(*pm, root / "payment_method", a);
        if (auto arr =
                r_.array_field(f, root, K::grace_history, false, r_.limits().max_array_items))
            read_history(*arr, root / "grace_history", a);
        if (auto arr = r_.array_field(f, root, K::extensions, false, r_.limits().max_array_items))
            read_extensions(*arr, root / "extensions", a);
        if (auto arr =
                r_.array_field(f, root, K::reminders_sent, false, r_.limits().max_array_items))
            read_sent(*arr, root / "reminders_sent", a);
        if (auto u = r_.field(f, root, K::usage, false)) {
            const path_ref up = root / "usage";
            if (r_.expect_object(*u, up)) {
                const auto uf = r_.members(*u, up, usage_fields::keys);
                a.last_active_at = r_.instant_field(uf, up, usage_fields::last_active_at, false);
            }
        }
        if (auto t = r_.string_array_field(f, root, K::tags)) a.tags = std::move(*t);
        if (auto meta = r_.field(f, root, K::metadata, false))
            r_.expect_object(*meta, root / "metadata");
    }

private:
    void read_subscription(const V& v, const path_ref& path, account& a) {
        if (!r_.expect_object(v, path)) return;
        using K = subscription_fields;
        const auto f = r_.members(v, path, K::keys);
        subscription s;
        const auto id_text = r_.string_field(f, path, K::id, true);
        if (id_text) s.id.assign(*id_text);
        s.plan = a.plan;
        r_.copy_string(f, path, K::plan, false, s.plan);
        if (auto pv = r_.field(f, path, K::price, false)) {
            const path_ref pp = path / "price";
            if (r_.expect_object(*pv, pp)) {
                const auto pf = r_.members(*pv, pp, price_fields::keys);
                auto amount = r_.amount_field(pf, pp, price_fields::amount, true);
                auto currency = r_.currency_field(pf, pp, price_fields::currency, true);
                if (amount && currency) s.price = money{*amount, std::string(*currency)};
            }
        }
        if (auto text = r_.string_field(f, path, K::interval, false, true)) {
            s.interval = parse_interval(*text);
            if (!s.interval)
                r_.fail(path / "interval", "invalid_duration",
                        "'" + std::string(*text) +
                            "' is not a billing interval such as P1M, P1Y, P2W or P30D");
        }
        s.current_period_start = r_.instant_field(f, path, K::current_period_start, false);
        s.current_period_end = r_.instant_field(f, path, K::current_period_end, false);
        if (id_text && !subscription_ids_.insert(*id_text))
            r_.fail(path / "id", "duplicate_id", "subscription id '" + s.id + "' is used twice");
        a.subscriptions.push_back(std::move(s));
    }

    void read_subscriptions(const std::optional<V>& one, const std::optional<V>& many,
                            const path_ref& root, account& a) {
        if (one && many) {
            r_.fail(root / "subscriptions", "conflicting_fields",
                    "give either 'subscription' (one) or 'subscriptions' (several), not both");
        } else if (one) {
            read_subscription(*one, root / "subscription", a);
        } else if (many) {
            const path_ref sp = root / "subscriptions";
            if (many->kind() != value_kind::array) {
                r_.fail(sp, "wrong_type",
                        std::string("expected an array, found ") + kind_name(many->kind()));
                return;
            }
            const std::size_t n = many->size();
            if (n > r_.limits().max_array_items) {
                r_.fail(sp, "too_many_items",
                        std::to_string(n) + " items; the limit is " +
                            std::to_string(r_.limits().max_array_items));
                return;
            }
            many->for_each_item(
                [&](std::size_t i, const V& item) { read_subscription(item, sp / i, a); });
        }
    }

    void read_invoice(const V& v, const path_ref& path, account& a) {
        if (!r_.expect_object(v, path)) return;
        using K = invoice_fields;
        const auto f = r_.members(v, path, K::keys);
        invoice inv;
        const auto id_text = r_.string_field(f, path, K::id, true);
        if (id_text) inv.id.assign(*id_text);
        const auto sub_text = r_.string_field(f, path, K::subscription_id, false);
        if (sub_text) inv.subscription_id.assign(*sub_text);
        auto due = r_.amount_field(f, path, K::amount_due, true);
        auto paid = r_.amount_field(f, path, K::amount_paid, false);
        if (due) inv.amount_due = *due;
        if (paid) inv.amount_paid = *paid;
        if (due && paid && *paid > *due)
            r_.fail(path / "amount_paid", "paid_exceeds_due",
                    "amount_paid (" + std::to_string(*paid) + ") exceeds amount_due (" +
                        std::to_string(*due) + ")");
        if (auto c = r_.currency_field(f, path, K::currency, true)) inv.currency.assign(*c);
        if (auto t = r_.instant_field(f, path, K::due_at, true)) inv.due_at = *t;
        if (auto st = r_.string_field(f, path, K::status, true)) {
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
        inv.period_start = r_.instant_field(f, path, K::period_start, false);
        inv.period_end = r_.instant_field(f, path, K::period_end, false);
        if (inv.period_start && inv.period_end && *inv.period_end <= *inv.period_start)
            r_.fail(path / "period_end", "period_end_before_start",
                    "period_end must be later than period_start");
        if (id_text && !invoice_ids_.insert(*id_text))
            r_.fail(path / "id", "duplicate_id", "invoice id '" + inv.id + "' is used twice");
        if (sub_text && !a.subscriptions.empty() && !subscription_ids_.contains(*sub_text))
            r_.fail(path / "subscription_id", "unknown_subscription",
                    "no subscription is named '" + inv.subscription_id + "'");
        if (inv.subscription_id.empty() && a.subscriptions.size() > 1)
            r_.fail(path / "subscription_id", "missing_subscription_id",
                    "the account has several subscriptions: name the invoice's");
        a.invoices.push_back(std::move(inv));
    }

    void read_invoices(const V& arr, const path_ref& ip, account& a) {
        invoices_present_ = true;
        a.invoices.reserve(arr.size());
        arr.for_each_item([&](std::size_t i, const V& item) { read_invoice(item, ip / i, a); });
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
        for (const auto& [code, total] : totals)
            if (total > max_total)
                r_.fail(ip, "amount_out_of_range",
                        "the " + std::string(code) +
                            " invoices add up to more than 10^18 minor units");
    }

    void read_attempts(const V& arr, const path_ref& ap, account& a) {
        a.payment_attempts.reserve(arr.size());
        arr.for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = ap / i;
            if (!r_.expect_object(v, path)) return;
            using K = attempt_fields;
            const auto f = r_.members(v, path, K::keys);
            payment_attempt pa;
            const auto invoice_text = r_.string_field(f, path, K::invoice_id, true);
            if (invoice_text) pa.invoice_id.assign(*invoice_text);
            if (auto t = r_.instant_field(f, path, K::at, true)) pa.at = *t;
            if (auto o = r_.string_field(f, path, K::outcome, true)) {
                if (*o == "succeeded")
                    pa.outcome = attempt_outcome::succeeded;
                else if (*o == "failed")
                    pa.outcome = attempt_outcome::failed;
                else
                    r_.fail(path / "outcome", "invalid_value",
                            "'" + std::string(*o) + "' is not one of: succeeded, failed");
            }
            r_.copy_string(f, path, K::decline_code, false, pa.decline_code);
            if (pa.outcome == attempt_outcome::failed && pa.decline_code.empty())
                pa.decline_code = "generic_decline";
            if (invoice_text && invoices_present_ && !invoice_ids_.contains(*invoice_text))
                r_.fail(path / "invoice_id", "unknown_invoice",
                        "no invoice is named '" + pa.invoice_id + "'");
            a.payment_attempts.push_back(std::move(pa));
        });
    }

    void read_payment_method(const V& v, const path_ref& pp, account& a) {
        if (!r_.expect_object(v, pp)) return;
        using K = method_fields;
        const auto f = r_.members(v, pp, K::keys);
        payment_method m;
        r_.copy_string(f, pp, K::type, true, m.type);
        if (auto s = r_.string_field(f, pp, K::expires, false)) {
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
        r_.copy_string(f, pp, K::last4, false, m.last4);
        r_.copy_string(f, pp, K::brand, false, m.brand);
        a.method = std::move(m);
    }

    void read_history(const V& arr, const path_ref& hp, account& a) {
        arr.for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = hp / i;
            if (!r_.expect_object(v, path)) return;
            using K = history_fields;
            const auto f = r_.members(v, path, K::keys);
            grace_record g;
            if (auto t = r_.instant_field(f, path, K::started_at, true)) g.started_at = *t;
            g.ended_at = r_.instant_field(f, path, K::ended_at, false);
            if (auto o = r_.string_field(f, path, K::outcome, false)) {
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

    void read_extensions(const V& arr, const path_ref& ep, account& a) {
        arr.for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = ep / i;
            if (!r_.expect_object(v, path)) return;
            using K = extension_fields;
            const auto f = r_.members(v, path, K::keys);
            extension e;
            if (auto d = r_.duration_field(f, path, K::by, true)) e.by = *d;
            if (auto t = r_.instant_field(f, path, K::granted_at, true)) e.granted_at = *t;
            if (auto s = r_.string_field(f, path, K::subscription_id, false)) {
                e.subscription_id.assign(*s);
                if (!subscription_ids_.contains(*s))
                    r_.fail(path / "subscription_id", "unknown_subscription",
                            "no subscription is named '" + e.subscription_id + "'");
            }
            r_.copy_string(f, path, K::reason, false, e.reason, true);
            a.extensions.push_back(std::move(e));
        });
    }

    void read_sent(const V& arr, const path_ref& sp, account& a) {
        arr.for_each_item([&](std::size_t i, const V& v) {
            const path_ref path = sp / i;
            if (!r_.expect_object(v, path)) return;
            using K = sent_fields;
            const auto f = r_.members(v, path, K::keys);
            sent_reminder s;
            r_.copy_string(f, path, K::id, true, s.id);
            if (auto t = r_.instant_field(f, path, K::at, true)) s.at = *t;
            a.reminders_sent.push_back(std::move(s));
        });
    }

    reader<V>& r_;
    bool invoices_present_ = false;
    id_set subscription_ids_; // views into the document: valid while it is
    id_set invoice_ids_;
};

} // namespace respite::detail
