// Fuzz target: the two account readers on arbitrary text — parse_account (natively simdjson
// On-Demand first) and parse_account_reference (nlohmann's DOM, what the wasm module runs). They
// must agree: the same errors, or the same account, field by field, which evaluates to the same
// bytes under the fixture policies.
#include "fuzz_check.hpp"
#include "fuzz_fixtures.hpp"

#include <respite/evaluate.hpp>
#include <respite/system_zones.hpp>
#include <respite/timeline.hpp>

#include <algorithm>
#include <type_traits>

using namespace respite;

namespace {

std::string render(const result<status>& s) {
    return s.ok() ? render_status(*s) : render_errors(s.errors());
}

bool same(const civil_date& x, const civil_date& y) {
    return x.year == y.year && x.month == y.month && x.day == y.day;
}
bool same(const billing_interval& x, const billing_interval& y) {
    return x.months == y.months && x.days == y.days;
}
template <class T> bool same(const std::optional<T>& x, const std::optional<T>& y) {
    if (!x || !y) return !x && !y;
    if constexpr (std::is_same_v<T, civil_date> || std::is_same_v<T, billing_interval>)
        return same(*x, *y);
    else
        return *x == *y;
}
template <class T, class F>
bool same_items(const std::vector<T>& x, const std::vector<T>& y, F eq) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!eq(x[i], y[i])) return false;
    return true;
}

// Every field of the two readers' accounts, including those no status shows.
bool same_account(const account& x, const account& y) {
    return x.id == y.id && x.plan == y.plan && x.timezone == y.timezone && x.locale == y.locale &&
           same(x.customer_since, y.customer_since) && same(x.last_active_at, y.last_active_at) &&
           x.tags == y.tags &&
           same_items(x.subscriptions, y.subscriptions,
                      [](const subscription& s, const subscription& t) {
                          return s.id == t.id && s.plan == t.plan && same(s.price, t.price) &&
                                 same(s.interval, t.interval) &&
                                 same(s.current_period_start, t.current_period_start) &&
                                 same(s.current_period_end, t.current_period_end);
                      }) &&
           same_items(x.invoices, y.invoices,
                      [](const invoice& s, const invoice& t) {
                          return s.id == t.id && s.subscription_id == t.subscription_id &&
                                 s.amount_due == t.amount_due && s.amount_paid == t.amount_paid &&
                                 s.currency == t.currency && s.due_at == t.due_at &&
                                 s.status == t.status && same(s.period_start, t.period_start) &&
                                 same(s.period_end, t.period_end);
                      }) &&
           same_items(x.payment_attempts, y.payment_attempts,
                      [](const payment_attempt& s, const payment_attempt& t) {
                          return s.invoice_id == t.invoice_id && s.at == t.at &&
                                 s.outcome == t.outcome && s.decline_code == t.decline_code;
                      }) &&
           x.method.has_value() == y.method.has_value() &&
           (!x.method ||
            (x.method->type == y.method->type && same(x.method->expires, y.method->expires) &&
             x.method->last4 == y.method->last4 && x.method->brand == y.method->brand)) &&
           same_items(x.grace_history, y.grace_history,
                      [](const grace_record& s, const grace_record& t) {
                          return s.started_at == t.started_at && same(s.ended_at, t.ended_at) &&
                                 s.outcome == t.outcome && s.outcome_text == t.outcome_text;
                      }) &&
           same_items(x.extensions, y.extensions,
                      [](const extension& s, const extension& t) {
                          return s.by == t.by && s.granted_at == t.granted_at &&
                                 s.subscription_id == t.subscription_id && s.reason == t.reason;
                      }) &&
           same_items(x.reminders_sent, y.reminders_sent,
                      [](const sent_reminder& s, const sent_reminder& t) {
                          return s.id == t.id && s.at == t.at;
                      });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string context(text.substr(0, 2000));
    auto fast = parse_account(text);
    auto reference = parse_account_reference(text);
    fuzz::require(
        fast.ok() == reference.ok(),
        fast.ok() ? "the fast reader accepts what the reference refuses"
                  : "the fast reader refuses what the reference accepts",
        context + "\nreference: " + (reference.ok() ? "ok" : render_errors(reference.errors())));
    if (!fast.ok()) {
        const std::string errors = render_errors(fast.errors());
        fuzz::require(errors == render_errors(reference.errors()),
                      "the two readers report different errors", context);
        bool shape_error = false;
        for (const auto& e : fast.errors())
            shape_error = shape_error || e.code == "too_deep" || e.code == "document_too_large" ||
                          e.code == "invalid_json";
        nlohmann::json doc;
        if (!shape_error) doc = nlohmann::json::parse(text, nullptr, false);
        fuzz::check_error_document(fuzz::parse_output(errors),
                                   shape_error || doc.is_discarded() ? nullptr : &doc, "", context);
        return 0;
    }
    fuzz::require(same_account(*fast, *reference), "the two readers read different accounts",
                  context);
    // Evaluate where something happens: at the generator's "now", and a few days after the
    // earliest due date (the grace of a fuzzed account is then under way).
    std::vector<instant> instants{generate_options{}.around};
    if (!fast->invoices.empty()) {
        instant earliest = fast->invoices.front().due_at;
        for (const auto& inv : fast->invoices)
            earliest = std::min(earliest, inv.due_at);
        instants.push_back(std::min(max_instant, earliest + days(5) + hours(7)));
    }
    const system_zone_source zones;
    const auto& policies = fuzz::fixture_policies();
    const policy& p = policies[fuzz::pick(data, size, policies.size())];
    for (const instant now : instants) {
        auto a = evaluate(p, *fast, now, zones);
        auto b = evaluate(p, *reference, now, zones);
        const std::string ra = render(a), rb = render(b);
        fuzz::require(ra == rb, "the two readers' accounts evaluate differently",
                      context + "\nfast:      " + ra.substr(0, 1500) +
                          "\nreference: " + rb.substr(0, 1500));
        const auto out = fuzz::parse_output(ra);
        if (a.ok())
            fuzz::check_status(out, context);
        else
            fuzz::check_error_document(out, nullptr, "", context);
        auto t = build_timeline(p, *fast, now, zones);
        if (t.ok()) fuzz::parse_output(render_timeline(*t));
    }
    return 0;
}
