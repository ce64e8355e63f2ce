// The native fast path for accounts: simdjson's On-Demand API, one forward pass that reads each
// member where it stands — no DOM, no table of slots, no second walk. It follows the happy path
// only: at the first doubt (anything the reference reader would report, an unknown or repeated
// key, a number or literal it does not expect, a document nested near the depth limit) it gives up
// and the reference reader (read_account.hpp over nlohmann's DOM) decides. So both give the same
// account, or the reference gives the errors; fuzz/parse_account_fuzz.cpp holds them to it, and
// every rule here mirrors one in read_account.hpp.
//
// On-Demand validates only what it reads, so every value the contract ignores (metadata, name,
// seats, …) is walked in full by `skip` rather than jumped over.
#include "read_account_ondemand.hpp"
#include "json_reader.hpp"
#include "read_account.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>

namespace respite::detail {

namespace {

namespace od = simdjson::ondemand;

static_assert(simdjson::SIMDJSON_PADDING <= account_text_padding,
              "parse_account_padded promises simdjson's padding");

// Index of the key at `raw` (its text as written, after the opening quote) among the n `known`
// keys (n when it is none of them), trying `hint` first: members usually come in the documented
// order. Keys are compared as written: one with an escape matches none, and the reference reader
// decides. The document is padded, so reading a few bytes past a short key stays inside it.
bool key_is(const char* raw, std::string_view key) {
    return same_key(std::string_view(raw, key.size()), key) && raw[key.size()] == '"';
}
std::size_t find_key(const char* raw, const std::string_view* known, std::size_t n,
                     std::size_t hint) {
    if (hint < n && key_is(raw, known[hint])) return hint;
    for (std::size_t k = 0; k < n; ++k)
        if (key_is(raw, known[k])) return k;
    return n;
}

class ondemand_reader {
public:
    explicit ondemand_reader(const input_limits& limits) : limits_(limits) {}

    bool read(od::document& doc, account& a) {
        od::object root;
        if (doc.get_object().get(root)) return false;
        using K = account_fields;
        bool one_subscription = false, many_subscriptions = false;
        std::uint32_t seen = 0;
        const bool ok = members(root, K::keys, seen, [&](std::size_t k, od::value v) {
            switch (k) {
            case K::schema: {
                std::string_view s;
                return text(v, s) && s == "respite.account/1";
            }
            case K::id:
                return copy(v, a.id);
            case K::plan:
                return optional(v) || copy(v, a.plan);
            case K::timezone:
                return optional(v) || copy(v, a.timezone);
            case K::locale:
                return optional(v) || copy(v, a.locale);
            case K::customer_since:
                return optional(v) || moment(v, a.customer_since.emplace());
            case K::subscription:
                if (optional(v)) return true;
                one_subscription = true;
                return read_subscription(v, a);
            case K::subscriptions:
                if (optional(v)) return true;
                many_subscriptions = true;
                return items(v, [&](od::value item) { return read_subscription(item, a); });
            case K::invoices:
                a.invoices.reserve(4); // room for the usual few at once
                return items(v, [&](od::value item) { return read_invoice(item, a); });
            case K::payment_attempts:
                a.payment_attempts.reserve(4);
                return optional(v) ||
                       items(v, [&](od::value item) { return read_attempt(item, a); });
            case K::payment_method:
                return optional(v) || read_payment_method(v, a);
            case K::grace_history:
                return optional(v) ||
                       items(v, [&](od::value item) { return read_history(item, a); });
            case K::extensions:
                return optional(v) ||
                       items(v, [&](od::value item) { return read_extension(item, a); });
            case K::reminders_sent:
                return optional(v) || items(v, [&](od::value item) { return read_sent(item, a); });
            case K::usage:
                return optional(v) || read_usage(v, a);
            case K::tags:
                return optional(v) || items(v, [&](od::value item) {
                           std::string_view s;
                           if (!text(item, s)) return false;
                           a.tags.emplace_back(s);
                           return true;
                       });
            case K::metadata: {
                if (optional(v)) return true;
                od::json_type type;
                return !v.type().get(type) && type == od::json_type::object && skip(v, 1);
            }
            default: // name, email: any value
                return skip(v, 1);
            }
        });
        if (!ok || !has(seen, {K::schema, K::id, K::invoices}) ||
            (one_subscription && many_subscriptions))
            return false;
        // The document's end: nothing may follow the account.
        if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return false;
        return cross_checks(a);
    }

private:
    // What read_account.hpp checks between fields, once everything is read (the document may
    // give them in any order).
    bool cross_checks(account& a) {
        for (subscription& s : a.subscriptions)
            if (s.plan.empty()) s.plan = a.plan; // no plan of its own: the account's
        constexpr std::int64_t max_total = 1'000'000'000'000'000'000;
        struct total {
            std::string_view currency;
            std::int64_t sum;
        };
        total totals[8];
        std::size_t n_totals = 0;
        for (const invoice& inv : a.invoices) {
            if (!inv.subscription_id.empty()) {
                if (!a.subscriptions.empty() && !subscription_ids_.contains(inv.subscription_id))
                    return false;
            } else if (a.subscriptions.size() > 1) {
                return false;
            }
            std::size_t t = 0;
            while (t < n_totals && totals[t].currency != inv.currency)
                ++t;
            if (t == n_totals) {
                if (n_totals == 8) return false; // many currencies: the reference adds them up
                totals[n_totals++] = {inv.currency, 0};
            }
            totals[t].sum += inv.amount_due; // each ≤ 10^15, at most 10^4 of them: no overflow
            if (totals[t].sum > max_total) return false;
        }
        for (const payment_attempt& pa : a.payment_attempts)
            if (!invoice_ids_.contains(pa.invoice_id)) return false;
        for (const extension& e : a.extensions)
            if (!e.subscription_id.empty() && !subscription_ids_.contains(e.subscription_id))
                return false;
        return true;
    }

    bool read_subscription(od::value v, account& a) {
        using K = subscription_fields;
        subscription& s = a.subscriptions.emplace_back();
        std::uint32_t seen = 0;
        return object(v, K::keys, seen,
                      [&](std::size_t k, od::value f) {
                          switch (k) {
                          case K::id:
                              return copy_id(f, s.id, subscription_ids_);
                          case K::plan:
                              return optional(f) || copy(f, s.plan);
                          case K::price:
                              return optional(f) || read_price(f, s.price.emplace());
                          case K::interval: {
                              if (optional(f)) return true;
                              std::string_view t;
                              return text(f, t, true) && (s.interval = parse_interval(t));
                          }
                          case K::current_period_start:
                              return optional(f) || moment(f, s.current_period_start.emplace());
                          case K::current_period_end:
                              return optional(f) || moment(f, s.current_period_end.emplace());
                          default: // status, metadata
                              return skip(f, 3);
                          }
                      }) &&
               has(seen, {K::id});
    }

    bool read_price(od::value v, money& m) {
        using K = price_fields;
        std::uint32_t seen = 0;
        return object(v, K::keys, seen,
                      [&](std::size_t k, od::value f) {
                          return k == K::amount ? amount(f, m.amount) : currency(f, m.currency);
                      }) &&
               has(seen, {K::amount, K::currency});
    }

    bool read_invoice(od::value v, account& a) {
        using K = invoice_fields;
        invoice& inv = a.invoices.emplace_back();
        std::uint32_t seen = 0;
        const bool ok = object(v, K::keys, seen, [&](std::size_t k, od::value f) {
            switch (k) {
            case K::id:
                return copy_id(f, inv.id, invoice_ids_);
            case K::subscription_id:
                return optional(f) || copy(f, inv.subscription_id);
            case K::amount_due:
                return amount(f, inv.amount_due);
            case K::amount_paid:
                return optional(f) || amount(f, inv.amount_paid);
            case K::currency:
                return currency(f, inv.currency);
            case K::due_at:
                return moment(f, inv.due_at);
            case K::status: {
                std::string_view s;
                if (!text(f, s)) return false;
                if (s == "open")
                    inv.status = invoice_status::open;
                else if (s == "paid")
                    inv.status = invoice_status::paid;
                else if (s == "void")
                    inv.status = invoice_status::void_;
                else if (s == "uncollectible")
                    inv.status = invoice_status::uncollectible;
                else
                    return false;
                return true;
            }
            case K::period_start:
                return optional(f) || moment(f, inv.period_start.emplace());
            case K::period_end:
                return optional(f) || moment(f, inv.period_end.emplace());
            default: // created_at, number, metadata
                return skip(f, 3);
            }
        });
        return ok && has(seen, {K::id, K::amount_due, K::currency, K::due_at, K::status}) &&
               inv.amount_paid <= inv.amount_due &&
               !(inv.period_start && inv.period_end && *inv.period_end <= *inv.period_start);
    }

    bool read_attempt(od::value v, account& a) {
        using K = attempt_fields;
        payment_attempt& pa = a.payment_attempts.emplace_back();
        std::uint32_t seen = 0;
        const bool ok = object(v, K::keys, seen, [&](std::size_t k, od::value f) {
            switch (k) {
            case K::invoice_id:
                return copy(f, pa.invoice_id);
            case K::at:
                return moment(f, pa.at);
            case K::outcome: {
                std::string_view o;
                if (!text(f, o)) return false;
                if (o == "succeeded")
                    pa.outcome = attempt_outcome::succeeded;
                else if (o == "failed")
                    pa.outcome = attempt_outcome::failed;
                else
                    return false;
                return true;
            }
            case K::decline_code:
                return optional(f) || copy(f, pa.decline_code);
            default: // amount, id, metadata
                return skip(f, 3);
            }
        });
        if (!ok || !has(seen, {K::invoice_id, K::at, K::outcome})) return false;
        if (pa.outcome == attempt_outcome::failed && pa.decline_code.empty())
            pa.decline_code = "generic_decline";
        return true;
    }

    bool read_payment_method(od::value v, account& a) {
        using K = method_fields;
        payment_method& m = a.method.emplace();
        std::uint32_t seen = 0;
        return object(v, K::keys, seen,
                      [&](std::size_t k, od::value f) {
                          switch (k) {
                          case K::type:
                              return copy(f, m.type);
                          case K::expires: {
                              if (optional(f)) return true;
                              std::string_view t;
                              return text(f, t) && month(t, m.expires);
                          }
                          case K::last4:
                              return optional(f) || copy(f, m.last4);
                          case K::brand:
                              return optional(f) || copy(f, m.brand);
                          default: // id
                              return skip(f, 2);
                          }
                      }) &&
               has(seen, {K::type});
    }

    bool read_history(od::value v, account& a) {
        using K = history_fields;
        grace_record& g = a.grace_history.emplace_back();
        std::uint32_t seen = 0;
        const bool ok = object(v, K::keys, seen, [&](std::size_t k, od::value f) {
            switch (k) {
            case K::started_at:
                return moment(f, g.started_at);
            case K::ended_at:
                return optional(f) || moment(f, g.ended_at.emplace());
            case K::outcome: {
                if (optional(f)) return true;
                std::string_view o;
                if (!text(f, o)) return false;
                g.outcome_text.assign(o);
                g.outcome = o == "recovered"     ? grace_outcome::recovered
                            : o == "suspended"   ? grace_outcome::suspended
                            : o == "canceled"    ? grace_outcome::canceled
                            : o == "written_off" ? grace_outcome::written_off
                                                 : grace_outcome::other;
                return true;
            }
            default: // policy_id
                return skip(f, 3);
            }
        });
        return ok && has(seen, {K::started_at}) && !(g.ended_at && *g.ended_at < g.started_at);
    }

    bool read_extension(od::value v, account& a) {
        using K = extension_fields;
        extension& e = a.extensions.emplace_back();
        std::uint32_t seen = 0;
        return object(v, K::keys, seen,
                      [&](std::size_t k, od::value f) {
                          switch (k) {
                          case K::by: {
                              std::string_view t;
                              if (!text(f, t, true)) return false;
                              auto d = parse_duration(t);
                              if (!d) return false;
                              e.by = *d;
                              return true;
                          }
                          case K::granted_at:
                              return moment(f, e.granted_at);
                          case K::subscription_id:
                              return optional(f) || copy(f, e.subscription_id);
                          case K::reason:
                              return optional(f) || copy(f, e.reason, true);
                          default: // granted_by
                              return skip(f, 3);
                          }
                      }) &&
               has(seen, {K::by, K::granted_at});
    }

    bool read_sent(od::value v, account& a) {
        using K = sent_fields;
        sent_reminder& s = a.reminders_sent.emplace_back();
        std::uint32_t seen = 0;
        return object(v, K::keys, seen,
                      [&](std::size_t k, od::value f) {
                          return k == K::id   ? copy(f, s.id)
                                 : k == K::at ? moment(f, s.at)
                                              : skip(f, 3);
                      }) &&
               has(seen, {K::id, K::at});
    }

    bool read_usage(od::value v, account& a) {
        using K = usage_fields;
        std::uint32_t seen = 0;
        return object(v, K::keys, seen, [&](std::size_t k, od::value f) {
            if (k != K::last_active_at) return skip(f, 2);
            return optional(f) || moment(f, a.last_active_at.emplace());
        });
    }

    // --- values ---------------------------------------------------------------------------------

    // Calls on(k, value) for each member of the object `v`, k its key's index in `known`; false
    // at an unknown or repeated key, or when `on` says so. `seen` collects the keys met.
    template <std::size_t N, class F>
    bool object(od::value v, const std::string_view (&known)[N], std::uint32_t& seen, F&& on) {
        od::object obj;
        return !v.get_object().get(obj) && members(obj, known, seen, on);
    }
    template <std::size_t N, class F>
    bool members(od::object& obj, const std::string_view (&known)[N], std::uint32_t& seen, F&& on) {
        static_assert(N <= 32, "one bit per key");
        std::size_t hint = 0;
        for (auto member : obj) {
            od::field f;
            if (std::move(member).get(f)) return false;
            const std::size_t k = find_key(f.key().raw(), known, N, hint);
            if (k == N || (seen >> k & 1)) return false;
            seen |= std::uint32_t{1} << k;
            hint = k + 1;
            if (!on(k, f.value())) return false;
        }
        return true;
    }
    static bool has(std::uint32_t seen, std::initializer_list<std::size_t> required) {
        for (std::size_t k : required)
            if (!(seen >> k & 1)) return false;
        return true;
    }

    // Calls on(item) for each item of the array `v` (at most max_array_items).
    template <class F> bool items(od::value v, F&& on) {
        od::array arr;
        if (v.get_array().get(arr)) return false;
        std::size_t n = 0;
        for (auto item : arr) {
            od::value x;
            if (std::move(item).get(x) || ++n > limits_.max_array_items || !on(x)) return false;
        }
        return true;
    }

    // True when `v` is null (and consumes it): an optional field that counts as absent.
    static bool optional(od::value& v) {
        bool null = false;
        return !v.is_null().get(null) && null;
    }

    bool text(od::value v, std::string_view& out, bool allow_empty = false) {
        return !v.get_string().get(out) && out.size() <= limits_.max_string_bytes &&
               (allow_empty || !out.empty());
    }
    bool copy(od::value v, std::string& out, bool allow_empty = false) {
        std::string_view s;
        if (!text(v, s, allow_empty)) return false;
        out.assign(s);
        return true;
    }
    // An id, also put into `ids` (false when it is there already).
    bool copy_id(od::value v, std::string& out, id_set& ids) {
        std::string_view s;
        if (!text(v, s)) return false;
        out.assign(s);
        return ids.insert(s); // a view into the parser's strings: valid while the document is
    }
    bool moment(od::value v, instant& out) {
        std::string_view s;
        if (!text(v, s, true)) return false;
        auto t = parse_instant(s);
        if (!t) return false;
        out = *t;
        return true;
    }
    static bool amount(od::value v, std::int64_t& out) {
        std::uint64_t n; // negative, fractional or exponent forms: the reference explains
        if (v.get_uint64().get(n) || n > static_cast<std::uint64_t>(max_amount)) return false;
        out = static_cast<std::int64_t>(n);
        return true;
    }
    bool currency(od::value v, std::string& out) {
        std::string_view s;
        if (!text(v, s) || !is_currency_code(s)) return false;
        out.assign(s);
        return true;
    }
    static bool month(std::string_view t, std::optional<civil_date>& out) {
        auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (t.size() != 7 || !digit(t[0]) || !digit(t[1]) || !digit(t[2]) || !digit(t[3]) ||
            t[4] != '-' || !digit(t[5]) || !digit(t[6]))
            return false;
        const int year =
            (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
        const int m = (t[5] - '0') * 10 + (t[6] - '0');
        if (m < 1 || m > 12 || year < 1970) return false;
        out = civil_date{year, m, 1};
        return true;
    }

    // Reads a value the contract ignores, in full (On-Demand checks only what it reads).
    // `depth`: the value's nesting level; well short of the limit, the reference decides.
    bool skip(od::value v, int depth) {
        if (depth >= limits_.max_depth - 1) return false;
        od::json_type type;
        if (v.type().get(type)) return false;
        switch (type) {
        case od::json_type::object: {
            od::object obj;
            if (v.get_object().get(obj)) return false;
            for (auto member : obj) {
                od::field f;
                std::string_view key;
                if (std::move(member).get(f) || f.unescaped_key().get(key) ||
                    !skip(f.value(), depth + 1))
                    return false;
            }
            return true;
        }
        case od::json_type::array: {
            od::array arr;
            if (v.get_array().get(arr)) return false;
            for (auto item : arr) {
                od::value x;
                if (std::move(item).get(x) || !skip(x, depth + 1)) return false;
            }
            return true;
        }
        case od::json_type::string: {
            std::string_view s;
            return !v.get_string().get(s);
        }
        case od::json_type::number: {
            od::number n;
            return !v.get_number().get(n);
        }
        case od::json_type::boolean: {
            bool b;
            return !v.get_bool().get(b);
        }
        case od::json_type::null:
            return optional(v);
        }
        return false;
    }

    const input_limits& limits_;
    id_set subscription_ids_;
    id_set invoice_ids_;
};

} // namespace

bool read_account_ondemand(std::string_view text, const input_limits& limits, account& a,
                           bool padded) {
    if (text.empty() || text.size() > limits.max_document_bytes ||
        limits.max_depth != input_limits{}.max_depth)
        return false;
    thread_local od::parser parser;
    thread_local std::string copy; // unpadded text is copied here, with the padding after it
    const char* data = text.data();
    if (!padded) {
        copy.assign(text);
        copy.append(simdjson::SIMDJSON_PADDING, ' ');
        data = copy.data();
    }
    od::document doc;
    if (parser
            .iterate(simdjson::padded_string_view(data, text.size(),
                                                  text.size() + simdjson::SIMDJSON_PADDING))
            .get(doc))
        return false;
    return ondemand_reader(limits).read(doc, a);
}

} // namespace respite::detail
