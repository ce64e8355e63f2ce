// respite.account/1 → respite::account, with every problem reported (docs/contract.md).
#include "json_reader.hpp"
#include "respite/json.hpp"

#include <set>

namespace respite {
namespace {

using detail::json;
using detail::pointer_append;
using detail::reader;

// "P<n>" and one unit of Y, M, W or D.
std::optional<billing_interval> parse_interval(const std::string& text) {
    if (text.size() < 3 || text[0] != 'P') return std::nullopt;
    std::int64_t n = 0;
    std::size_t i = 1;
    for (; i + 1 < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9' || n > 100000) return std::nullopt;
        n = n * 10 + (text[i] - '0');
    }
    if (i != text.size() - 1 || n <= 0) return std::nullopt;
    switch (text.back()) {
    case 'Y': return billing_interval{12 * n, 0};
    case 'M': return billing_interval{n, 0};
    case 'W': return billing_interval{0, 7 * n};
    case 'D': return billing_interval{0, n};
    default: return std::nullopt;
    }
}

std::optional<subscription> read_subscription(reader& r, const json& v, const std::string& path,
                                              const std::string& account_plan) {
    if (!r.expect_object(v, path)) return std::nullopt;
    r.reject_unknown(v, path,
                     {"id", "plan", "price", "interval", "current_period_start",
                      "current_period_end", "status", "metadata"});
    subscription s;
    if (auto id = r.string_field(v, path, "id", true)) s.id = *id;
    s.plan = r.string_field(v, path, "plan", false).value_or(account_plan);
    if (const json* price = r.field(v, path, "price", false)) {
        const std::string pp = pointer_append(path, "price");
        if (r.expect_object(*price, pp)) {
            r.reject_unknown(*price, pp, {"amount", "currency"});
            auto amount = r.amount_field(*price, pp, "amount", true);
            auto currency = r.currency_field(*price, pp, "currency", true);
            if (amount && currency) s.price = money{*amount, *currency};
        }
    }
    if (auto text = r.string_field(v, path, "interval", false, true)) {
        s.interval = parse_interval(*text);
        if (!s.interval)
            r.fail(pointer_append(path, "interval"), "invalid_duration",
                   "'" + *text + "' is not a billing interval such as P1M, P1Y, P2W or P30D");
    }
    s.current_period_start = r.instant_field(v, path, "current_period_start", false);
    s.current_period_end = r.instant_field(v, path, "current_period_end", false);
    return s;
}

constexpr std::pair<const char*, invoice_status> invoice_status_names[] = {
    {"open", invoice_status::open},
    {"paid", invoice_status::paid},
    {"void", invoice_status::void_},
    {"uncollectible", invoice_status::uncollectible}};

std::optional<invoice> read_invoice(reader& r, const json& v, const std::string& path) {
    if (!r.expect_object(v, path)) return std::nullopt;
    r.reject_unknown(v, path,
                     {"id", "subscription_id", "amount_due", "amount_paid", "currency", "due_at",
                      "status", "period_start", "period_end", "created_at", "number",
                      "metadata"});
    invoice inv;
    if (auto id = r.string_field(v, path, "id", true)) inv.id = *id;
    if (auto sub = r.string_field(v, path, "subscription_id", false)) inv.subscription_id = *sub;
    auto due = r.amount_field(v, path, "amount_due", true);
    auto paid = r.amount_field(v, path, "amount_paid", false);
    if (due) inv.amount_due = *due;
    if (paid) inv.amount_paid = *paid;
    if (due && paid && *paid > *due)
        r.fail(pointer_append(path, "amount_paid"), "paid_exceeds_due",
               "amount_paid (" + std::to_string(*paid) + ") exceeds amount_due (" +
                   std::to_string(*due) + ")");
    if (auto c = r.currency_field(v, path, "currency", true)) inv.currency = *c;
    if (auto t = r.instant_field(v, path, "due_at", true)) inv.due_at = *t;
    if (auto st = r.string_field(v, path, "status", true)) {
        bool known = false;
        for (const auto& [name, value] : invoice_status_names)
            if (*st == name) inv.status = value, known = true;
        if (!known)
            r.fail(pointer_append(path, "status"), "invalid_value",
                   "'" + *st + "' is not one of: open, paid, void, uncollectible");
    }
    inv.period_start = r.instant_field(v, path, "period_start", false);
    inv.period_end = r.instant_field(v, path, "period_end", false);
    if (inv.period_start && inv.period_end && *inv.period_end <= *inv.period_start)
        r.fail(pointer_append(path, "period_end"), "period_end_before_start",
               "period_end must be later than period_start");
    return inv;
}

std::optional<payment_attempt> read_attempt(reader& r, const json& v, const std::string& path) {
    if (!r.expect_object(v, path)) return std::nullopt;
    r.reject_unknown(v, path,
                     {"invoice_id", "at", "outcome", "decline_code", "amount", "id", "metadata"});
    payment_attempt a;
    if (auto id = r.string_field(v, path, "invoice_id", true)) a.invoice_id = *id;
    if (auto t = r.instant_field(v, path, "at", true)) a.at = *t;
    if (auto o = r.string_field(v, path, "outcome", true)) {
        if (*o == "succeeded") a.outcome = attempt_outcome::succeeded;
        else if (*o == "failed") a.outcome = attempt_outcome::failed;
        else
            r.fail(pointer_append(path, "outcome"), "invalid_value",
                   "'" + *o + "' is not one of: succeeded, failed");
    }
    if (auto code = r.string_field(v, path, "decline_code", false)) a.decline_code = *code;
    if (a.outcome == attempt_outcome::failed && a.decline_code.empty())
        a.decline_code = "generic_decline";
    return a;
}

std::optional<civil_date> read_month(reader& r, const json& obj, const std::string& path,
                                     const char* key) {
    auto s = r.string_field(obj, path, key, false);
    if (!s) return std::nullopt;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const std::string& m = *s;
    if (m.size() == 7 && digit(m[0]) && digit(m[1]) && digit(m[2]) && digit(m[3]) && m[4] == '-' &&
        digit(m[5]) && digit(m[6])) {
        const int year = std::stoi(m.substr(0, 4)), month = std::stoi(m.substr(5, 2));
        if (month >= 1 && month <= 12 && year >= 1970) return civil_date{year, month, 1};
    }
    r.fail(pointer_append(path, key), "invalid_month", "'" + m + "' is not a month as YYYY-MM");
    return std::nullopt;
}

} // namespace

result<account> parse_account(std::string_view text, const input_limits& limits) {
    error_list errors;
    auto doc = detail::parse_document(text, limits, errors);
    if (!doc) return errors;
    reader r(errors, limits);
    const json& d = *doc;
    if (!r.expect_object(d, "")) return errors;
    r.reject_unknown(d, "",
                     {"schema", "id", "plan", "timezone", "locale", "customer_since",
                      "subscription", "subscriptions", "invoices", "payment_attempts",
                      "payment_method", "grace_history", "extensions", "reminders_sent", "usage",
                      "tags", "metadata", "name", "email"});
    r.expect_schema(d, "respite.account/1");
    account a;
    if (auto id = r.string_field(d, "", "id", true)) a.id = *id;
    if (auto plan = r.string_field(d, "", "plan", false)) a.plan = *plan;
    if (auto tz = r.string_field(d, "", "timezone", false)) a.timezone = *tz;
    if (auto loc = r.string_field(d, "", "locale", false)) a.locale = *loc;
    a.customer_since = r.instant_field(d, "", "customer_since", false);
    const std::size_t max_items = limits.max_array_items;

    const json* one = r.field(d, "", "subscription", false);
    const json* many = r.field(d, "", "subscriptions", false);
    if (one && many)
        r.fail("/subscriptions", "conflicting_fields",
               "give either 'subscription' (one) or 'subscriptions' (several), not both");
    else if (one) {
        if (auto s = read_subscription(r, *one, "/subscription", a.plan)) a.subscriptions.push_back(*s);
    } else if (const json* arr = r.array_field(d, "", "subscriptions", false, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i)
            if (auto s = read_subscription(r, (*arr)[i], pointer_append("/subscriptions", i), a.plan))
                a.subscriptions.push_back(*s);
    }
    std::set<std::string> subscription_ids;
    for (std::size_t i = 0; i < a.subscriptions.size(); ++i)
        if (!subscription_ids.insert(a.subscriptions[i].id).second)
            r.fail(pointer_append(pointer_append("/subscriptions", i), "id"), "duplicate_id",
                   "subscription id '" + a.subscriptions[i].id + "' is used twice");

    std::set<std::string> invoice_ids;
    if (const json* arr = r.array_field(d, "", "invoices", true, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/invoices", i);
            auto inv = read_invoice(r, (*arr)[i], ip);
            if (!inv) continue;
            if (!inv->id.empty() && !invoice_ids.insert(inv->id).second)
                r.fail(pointer_append(ip, "id"), "duplicate_id",
                       "invoice id '" + inv->id + "' is used twice");
            if (!inv->subscription_id.empty() && !a.subscriptions.empty() &&
                !subscription_ids.count(inv->subscription_id))
                r.fail(pointer_append(ip, "subscription_id"), "unknown_subscription",
                       "no subscription is named '" + inv->subscription_id + "'");
            if (inv->subscription_id.empty() && a.subscriptions.size() > 1)
                r.fail(pointer_append(ip, "subscription_id"), "missing_subscription_id",
                       "the account has several subscriptions: name the invoice's");
            a.invoices.push_back(std::move(*inv));
        }
    }

    if (const json* arr = r.array_field(d, "", "payment_attempts", false, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/payment_attempts", i);
            auto at = read_attempt(r, (*arr)[i], ip);
            if (!at) continue;
            if (!at->invoice_id.empty() && !invoice_ids.count(at->invoice_id) &&
                d.contains("invoices"))
                r.fail(pointer_append(ip, "invoice_id"), "unknown_invoice",
                       "no invoice is named '" + at->invoice_id + "'");
            a.payment_attempts.push_back(std::move(*at));
        }
    }

    if (const json* pm = r.field(d, "", "payment_method", false);
        pm && r.expect_object(*pm, "/payment_method")) {
        r.reject_unknown(*pm, "/payment_method", {"type", "expires", "last4", "brand", "id"});
        payment_method m;
        if (auto t = r.string_field(*pm, "/payment_method", "type", true)) m.type = *t;
        m.expires = read_month(r, *pm, "/payment_method", "expires");
        if (auto l = r.string_field(*pm, "/payment_method", "last4", false)) m.last4 = *l;
        if (auto b = r.string_field(*pm, "/payment_method", "brand", false)) m.brand = *b;
        a.method = m;
    }

    if (const json* arr = r.array_field(d, "", "grace_history", false, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/grace_history", i);
            const json& v = (*arr)[i];
            if (!r.expect_object(v, ip)) continue;
            r.reject_unknown(v, ip, {"started_at", "ended_at", "outcome", "policy_id"});
            grace_record g;
            if (auto t = r.instant_field(v, ip, "started_at", true)) g.started_at = *t;
            g.ended_at = r.instant_field(v, ip, "ended_at", false);
            if (auto o = r.string_field(v, ip, "outcome", false)) {
                g.outcome_text = *o;
                g.outcome = *o == "recovered"     ? grace_outcome::recovered
                            : *o == "suspended"   ? grace_outcome::suspended
                            : *o == "canceled"    ? grace_outcome::canceled
                            : *o == "written_off" ? grace_outcome::written_off
                                                  : grace_outcome::other;
            }
            if (g.ended_at && *g.ended_at < g.started_at)
                r.fail(pointer_append(ip, "ended_at"), "invalid_value",
                       "a grace period cannot end before it started");
            a.grace_history.push_back(g);
        }
    }

    if (const json* arr = r.array_field(d, "", "extensions", false, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/extensions", i);
            const json& v = (*arr)[i];
            if (!r.expect_object(v, ip)) continue;
            r.reject_unknown(v, ip, {"by", "granted_at", "subscription_id", "reason", "granted_by"});
            extension e;
            if (auto by = r.duration_field(v, ip, "by", true)) e.by = *by;
            if (auto t = r.instant_field(v, ip, "granted_at", true)) e.granted_at = *t;
            if (auto s = r.string_field(v, ip, "subscription_id", false)) {
                e.subscription_id = *s;
                if (!subscription_ids.count(*s))
                    r.fail(pointer_append(ip, "subscription_id"), "unknown_subscription",
                           "no subscription is named '" + *s + "'");
            }
            if (auto why = r.string_field(v, ip, "reason", false, true)) e.reason = *why;
            a.extensions.push_back(e);
        }
    }

    if (const json* arr = r.array_field(d, "", "reminders_sent", false, max_items)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/reminders_sent", i);
            const json& v = (*arr)[i];
            if (!r.expect_object(v, ip)) continue;
            r.reject_unknown(v, ip, {"id", "at", "channel"});
            sent_reminder s;
            if (auto id = r.string_field(v, ip, "id", true)) s.id = *id;
            if (auto t = r.instant_field(v, ip, "at", true)) s.at = *t;
            a.reminders_sent.push_back(s);
        }
    }

    if (const json* usage = r.field(d, "", "usage", false); usage && r.expect_object(*usage, "/usage")) {
        r.reject_unknown(*usage, "/usage", {"last_active_at", "seats", "active_users"});
        a.last_active_at = r.instant_field(*usage, "/usage", "last_active_at", false);
    }
    if (auto tags = r.string_array_field(d, "", "tags")) a.tags = *tags;
    if (const json* meta = r.field(d, "", "metadata", false)) r.expect_object(*meta, "/metadata");

    if (!errors.empty()) return errors;
    return a;
}

std::string schema_of(std::string_view text) {
    error_list ignored;
    auto doc = detail::parse_document(text, input_limits{}, ignored);
    if (!doc || !doc->is_object()) return {};
    auto it = doc->find("schema");
    if (it == doc->end() || !it->is_string()) return {};
    return it->get<std::string>();
}

} // namespace respite
