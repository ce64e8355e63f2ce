#include "import_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace respite {
namespace detail::importing {
namespace {

const char* type_of(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::object:
        return "an object";
    case json::value_t::array:
        return "an array";
    case json::value_t::string:
        return "a string";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::number_float:
        return "a fractional number";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "an integer";
    default:
        return "an unsupported value";
    }
}

bool carries_nothing(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return true;
    case json::value_t::boolean:
        return !v.get<bool>();
    case json::value_t::string:
        return v.get_ref<const std::string&>().empty();
    case json::value_t::number_integer:
        return v.get<std::int64_t>() == 0;
    case json::value_t::number_unsigned:
        return v.get<std::uint64_t>() == 0;
    case json::value_t::number_float:
        return v.get<double>() == 0.0;
    case json::value_t::array:
        return v.empty();
    case json::value_t::object: {
        // An empty list envelope ({"object":"list","data":[],…}) holds nothing, nor does an
        // object whose members all hold nothing ({"reason":null,"comment":null}).
        auto kind = v.find("object");
        auto data = v.find("data");
        if (kind != v.end() && kind->is_string() && *kind == "list" && data != v.end() &&
            data->is_array())
            return data->empty();
        for (const auto& member : v)
            if (!carries_nothing(member)) return false;
        return true;
    }
    default:
        return false;
    }
}

bool contains(names list, std::string_view key) {
    return std::find(list.begin(), list.end(), key) != list.end();
}

int days_in_month(std::int64_t year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

std::string provider_list() {
    std::string out;
    for (auto p : import_providers()) {
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

} // namespace

// ---- session ------------------------------------------------------------------------------

void session::claim_account(const std::string& id, const std::string& path) {
    if (id.empty()) return;
    if (account_id_.empty()) {
        account_id_ = id;
        account_path_ = path;
    } else if (id != account_id_) {
        fail(path, "mixed_accounts",
             "belongs to customer '" + id + "', but the import is for '" + account_id_ +
                 "' (from " + (account_path_.empty() ? "the top" : account_path_) +
                 "): import one customer at a time");
    }
}

void session::add(out_subscription sub) {
    for (auto& known : subscriptions_) {
        if (known.id != sub.id) continue;
        if (known.stub && !sub.stub) known = std::move(sub);
        return;
    }
    subscriptions_.push_back(std::move(sub));
}

void session::add(out_invoice inv) {
    for (const auto& known : invoices_)
        if (known.id == inv.id) return; // the same invoice, seen again (expanded elsewhere)
    if (inv.period_start && inv.period_end && *inv.period_end <= *inv.period_start) {
        // A period the contract cannot hold (it must end after it starts).
        report(inv.period_path.empty() ? inv.path : inv.period_path);
        inv.period_start.reset();
        inv.period_end.reset();
    }
    invoices_.push_back(std::move(inv));
}

void session::add(out_attempt a) {
    if (!a.id.empty()) {
        for (auto& known : attempts_) {
            if (known.id != a.id || known.invoice_id != a.invoice_id) continue;
            if (a.rank > known.rank) known = std::move(a);
            return;
        }
    }
    attempts_.push_back(std::move(a));
}

void session::offer(out_payment_method m) {
    if (!method_ || m.rank > method_->rank ||
        (m.rank == method_->rank && m.seen_at > method_->seen_at))
        method_ = std::move(m);
}

bool session::knows_invoice(const std::string& id) const {
    for (const auto& i : invoices_)
        if (i.id == id) return true;
    return false;
}

void session::cap_paid(out_invoice& inv, const std::string& paid_path) {
    if (inv.amount_paid <= inv.amount_due) return;
    report(paid_path);
    inv.amount_paid = inv.amount_due;
}

bool session::knows_attempt(const std::string& id) const {
    for (const auto& a : attempts_)
        if (a.id == id) return true;
    return false;
}

void session::report(const std::string& path) {
    unmapped_.push_back(path);
}

void session::report_rest(const json& obj, const std::string& path, names used, names ignored) {
    if (!obj.is_object()) return;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (contains(used, it.key()) || contains(ignored, it.key())) continue;
        if (carries_nothing(it.value())) continue;
        report(at_key(path, it.key()));
    }
}

const json* session::get(const json& obj, const char* key) const {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

bool session::expect_object(const json& v, const std::string& path) {
    if (v.is_object()) return true;
    fail(path, "wrong_type", std::string("expected an object, found ") + type_of(v));
    return false;
}

const json* session::field(const json& obj, const std::string& path, const char* key,
                           bool required) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || (!required && it->is_null())) {
        if (required)
            fail(at_key(path, key), "missing_field", std::string("'") + key + "' is required");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> session::string_value(const json& v, const std::string& path) {
    if (!v.is_string()) {
        fail(path, "wrong_type", std::string("expected a string, found ") + type_of(v));
        return std::nullopt;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > limits_.max_string_bytes) {
        fail(path, "string_too_long",
             "longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> session::text(const json& obj, const std::string& path, const char* key,
                                         bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    auto s = string_value(*v, at_key(path, key));
    if (s && s->empty()) {
        if (required) fail(at_key(path, key), "empty_string", "must not be empty");
        return std::nullopt; // "" carries nothing
    }
    return s;
}

std::optional<bool> session::flag(const json& obj, const std::string& path, const char* key) {
    const json* v = field(obj, path, key, false);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(at_key(path, key), "wrong_type",
             std::string("expected true or false, found ") + type_of(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<std::int64_t> session::whole(const json& obj, const std::string& path,
                                           const char* key, bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
        fail(at_key(path, key), "wrong_type",
             std::string("expected an integer, found ") + type_of(*v));
        return std::nullopt;
    }
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(at_key(path, key), "invalid_value", "too large");
        return std::nullopt;
    }
    return v->get<std::int64_t>();
}

std::optional<std::int64_t> session::amount(const json& obj, const std::string& path,
                                            const char* key, bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = at_key(path, key);
    if (!v->is_number_integer()) {
        fail(p, "wrong_type",
             v->is_number_float()
                 ? std::string("amounts are integers in minor units (4900 for 49.00), found a "
                               "fractional number")
                 : std::string("expected an integer amount, found ") + type_of(*v));
        return std::nullopt;
    }
    if (v->is_number_unsigned() ? v->get<std::uint64_t>() > static_cast<std::uint64_t>(max_amount)
                                : v->get<std::int64_t>() > max_amount) {
        fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
        return std::nullopt;
    }
    if (!v->is_number_unsigned() && v->get<std::int64_t>() < 0) {
        fail(p, "negative_amount", "must not be negative");
        return std::nullopt;
    }
    return v->get<std::int64_t>();
}

std::optional<std::int64_t> session::amount_text(const json& obj, const std::string& path,
                                                 const char* key, bool required) {
    auto s = text(obj, path, key, required);
    if (!s) return std::nullopt;
    const std::string p = at_key(path, key);
    std::int64_t n = 0;
    for (char c : *s) {
        if (c < '0' || c > '9') {
            fail(p, c == '-' ? "negative_amount" : "invalid_value",
                 "'" + *s + "' is not an amount in minor units (a string of digits: \"4900\")");
            return std::nullopt;
        }
        n = n * 10 + (c - '0');
        if (n > max_amount) {
            fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
            return std::nullopt;
        }
    }
    return n;
}

std::optional<std::int64_t> session::amount_decimal(const json& obj, const std::string& path,
                                                    const char* key, const std::string& cur,
                                                    bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = at_key(path, key);
    if (!v->is_number()) {
        fail(p, "wrong_type",
             std::string("expected a number (major units, 49.99), found ") + type_of(*v));
        return std::nullopt;
    }
    const int exponent = currency_exponent(cur);
    const double scale = std::pow(10.0, exponent);
    const double major = v->is_number_float()      ? v->get<double>()
                         : v->is_number_unsigned() ? static_cast<double>(v->get<std::uint64_t>())
                                                   : static_cast<double>(v->get<std::int64_t>());
    if (major < 0) {
        fail(p, "negative_amount", "must not be negative");
        return std::nullopt;
    }
    const double scaled = major * scale;
    if (!(scaled <= static_cast<double>(max_amount))) {
        fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
        return std::nullopt;
    }
    const double rounded = std::round(scaled);
    if (std::fabs(scaled - rounded) > 1e-6 * std::max(1.0, scaled)) {
        fail(p, "invalid_value",
             "more decimals than " + (cur.empty() ? std::string("the currency") : cur) + " has (" +
                 std::to_string(exponent) + ")");
        return std::nullopt;
    }
    return static_cast<std::int64_t>(rounded);
}

std::optional<instant> session::unix_time(const json& obj, const std::string& path, const char* key,
                                          bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = at_key(path, key);
    if (!v->is_number_integer()) {
        fail(p, "wrong_type",
             std::string("expected a Unix timestamp (integer seconds), found ") + type_of(*v));
        return std::nullopt;
    }
    constexpr std::int64_t last_second = max_instant.ms / 1000;
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() > static_cast<std::uint64_t>(last_second)) {
        fail(p, "timestamp_out_of_range", "an instant outside the years 1970..9999");
        return std::nullopt;
    }
    const std::int64_t seconds = v->get<std::int64_t>();
    if (seconds < 0 || seconds > last_second) {
        fail(p, "timestamp_out_of_range", "an instant outside the years 1970..9999");
        return std::nullopt;
    }
    return instant{seconds * 1000};
}

std::optional<instant> session::rfc3339(const json& obj, const std::string& path, const char* key,
                                        bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = at_key(path, key);
    auto s = string_value(*v, p);
    if (!s) return std::nullopt;
    parse_failure why;
    auto t = parse_instant(*s, &why);
    if (!t)
        fail(p,
             why.code == "timestamp_out_of_range" ? "timestamp_out_of_range" : "invalid_timestamp",
             "'" + *s + "': " + why.message);
    return t;
}

std::optional<std::string> session::currency(const json& obj, const std::string& path,
                                             const char* key, bool required) {
    auto s = text(obj, path, key, required);
    if (!s) return std::nullopt;
    std::string code = *s;
    for (char& c : code)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_currency_code(code)) {
        fail(at_key(path, key), "invalid_currency", "'" + *s + "' is not an ISO 4217 code");
        return std::nullopt;
    }
    return code;
}

const json* session::array(const json& obj, const std::string& path, const char* key) {
    const json* v = field(obj, path, key, false);
    if (!v) return nullptr;
    if (!v->is_array()) {
        fail(at_key(path, key), "wrong_type",
             std::string("expected an array, found ") + type_of(*v));
        return nullptr;
    }
    if (v->size() > limits_.max_array_items) {
        fail(at_key(path, key), "too_many_items",
             std::to_string(v->size()) + " items; the limit is " +
                 std::to_string(limits_.max_array_items));
        return nullptr;
    }
    return v;
}

result<imported_account> session::finish() {
    if (account_id_.empty() && errors.empty())
        errors.push_back({"", "no_account",
                          "no customer found: give the customer object, or objects that name "
                          "their customer"});
    if (!errors.empty()) return errors;

    // Invoices name subscriptions that were not given: they still exist, as bare ids.
    for (const auto& inv : invoices_)
        if (!inv.subscription_id.empty()) {
            out_subscription stub;
            stub.id = inv.subscription_id;
            stub.stub = true;
            add(stub);
        }
    // With several subscriptions every invoice must name one: one-off invoices get their own.
    if (subscriptions_.size() > 1)
        for (auto& inv : invoices_)
            if (inv.subscription_id.empty()) {
                inv.subscription_id = "one_off";
                out_subscription one_off;
                one_off.id = "one_off";
                one_off.stub = true;
                add(one_off);
            }

    std::vector<out_attempt> attempts;
    for (auto& a : attempts_) {
        if (knows_invoice(a.invoice_id))
            attempts.push_back(std::move(a));
        else
            report(a.path); // a payment for an invoice that was not given
    }
    std::stable_sort(invoices_.begin(), invoices_.end(), [](const auto& a, const auto& b) {
        return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
    });
    std::stable_sort(attempts.begin(), attempts.end(), [](const auto& a, const auto& b) {
        if (a.at != b.at) return a.at < b.at;
        if (a.invoice_id != b.invoice_id) return a.invoice_id < b.invoice_id;
        return a.id < b.id;
    });

    using ojson = json;
    ojson doc = ojson::object();
    doc["schema"] = "respite.account/1";
    doc["id"] = account_id_;
    for (const auto& sub : subscriptions_)
        if (!sub.stub && !sub.plan.empty()) {
            doc["plan"] = sub.plan;
            break;
        }
    if (!timezone.empty()) doc["timezone"] = timezone;
    if (!locale.empty()) doc["locale"] = locale;
    if (customer_since) doc["customer_since"] = format_instant(*customer_since);
    if (!name.empty()) doc["name"] = name;
    if (!email.empty()) doc["email"] = email;
    if (!subscriptions_.empty()) {
        ojson subs = ojson::array();
        for (const auto& sub : subscriptions_) {
            ojson o = ojson::object();
            o["id"] = sub.id;
            if (!sub.plan.empty()) o["plan"] = sub.plan;
            if (!sub.status.empty()) o["status"] = sub.status;
            if (sub.price)
                o["price"] = {{"amount", sub.price->amount}, {"currency", sub.price->currency}};
            if (!sub.interval.empty()) o["interval"] = sub.interval;
            if (sub.period_start) o["current_period_start"] = format_instant(*sub.period_start);
            if (sub.period_end) o["current_period_end"] = format_instant(*sub.period_end);
            if (sub.metadata.is_object() && !sub.metadata.empty()) o["metadata"] = sub.metadata;
            subs.push_back(std::move(o));
        }
        doc["subscriptions"] = std::move(subs);
    }
    ojson invoices = ojson::array();
    for (const auto& inv : invoices_) {
        ojson o = ojson::object();
        o["id"] = inv.id;
        if (!inv.subscription_id.empty()) o["subscription_id"] = inv.subscription_id;
        if (!inv.number.empty()) o["number"] = inv.number;
        o["amount_due"] = inv.amount_due;
        o["amount_paid"] = inv.amount_paid;
        o["currency"] = inv.currency;
        o["due_at"] = format_instant(inv.due_at);
        o["status"] = inv.status;
        if (inv.period_start) o["period_start"] = format_instant(*inv.period_start);
        if (inv.period_end) o["period_end"] = format_instant(*inv.period_end);
        if (inv.created_at) o["created_at"] = format_instant(*inv.created_at);
        if (inv.metadata.is_object() && !inv.metadata.empty()) o["metadata"] = inv.metadata;
        invoices.push_back(std::move(o));
    }
    doc["invoices"] = std::move(invoices);
    ojson attempts_out = ojson::array();
    for (const auto& a : attempts) {
        ojson o = ojson::object();
        if (!a.id.empty()) o["id"] = a.id;
        o["invoice_id"] = a.invoice_id;
        o["at"] = format_instant(a.at);
        o["outcome"] = a.succeeded ? "succeeded" : "failed";
        if (!a.succeeded)
            o["decline_code"] = a.decline_code.empty() ? "generic_decline" : a.decline_code;
        if (a.amount) o["amount"] = *a.amount;
        attempts_out.push_back(std::move(o));
    }
    doc["payment_attempts"] = std::move(attempts_out);
    if (method_) {
        ojson o = ojson::object();
        o["type"] = method_->type;
        if (!method_->expires.empty()) o["expires"] = method_->expires;
        if (!method_->last4.empty()) o["last4"] = method_->last4;
        if (!method_->brand.empty()) o["brand"] = method_->brand;
        doc["payment_method"] = std::move(o);
    }
    if (!metadata.empty()) doc["metadata"] = metadata;

    imported_account out;
    out.account_json = doc.dump(-1, ' ', false, json::error_handler_t::replace);
    for (const auto& p : unmapped_)
        if (std::find(out.unmapped.begin(), out.unmapped.end(), p) == out.unmapped.end())
            out.unmapped.push_back(p);

    // The importer's promise: what it writes is a valid account. A failure here is a gap in
    // a mapper, reported rather than handed on.
    auto check = parse_account(out.account_json);
    if (!check) {
        error_list errs;
        for (const auto& e : check.errors())
            errs.push_back({"", "import_failed",
                            "the imported account does not validate at " + e.path + " (" + e.code +
                                "): " + e.message});
        return errs;
    }
    return out;
}

// ---- the input: JSON values one after another ---------------------------------------------

bool for_each_value(std::string_view text, const input_limits& limits, error_list& errors,
                    const std::function<void(const json&, const std::string&)>& visit) {
    if (text.size() > limits.max_document_bytes) {
        errors.push_back({"", "document_too_large",
                          "the input is " + std::to_string(text.size()) + " bytes; the limit is " +
                              std::to_string(limits.max_document_bytes)});
        return false;
    }
    struct span {
        std::size_t begin, end;
    };
    std::vector<span> spans;
    std::size_t i = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3; // a byte-order mark, as editors write
    const std::size_t n = text.size();
    while (i < n) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++i;
            continue;
        }
        if (c != '{' && c != '[') {
            errors.push_back({spans.empty() ? "" : "/" + std::to_string(spans.size()),
                              "invalid_json",
                              "expected a JSON object or array at byte " + std::to_string(i)});
            return false;
        }
        int depth = 0;
        bool in_string = false, escaped = false;
        std::size_t j = i;
        for (; j < n; ++j) {
            const char d = text[j];
            if (in_string) {
                if (escaped)
                    escaped = false;
                else if (d == '\\')
                    escaped = true;
                else if (d == '"')
                    in_string = false;
            } else if (d == '"')
                in_string = true;
            else if (d == '{' || d == '[')
                ++depth;
            else if ((d == '}' || d == ']') && --depth == 0)
                break;
        }
        const std::size_t end = j < n ? j + 1 : n;
        spans.push_back({i, end});
        i = end;
    }
    if (spans.empty()) {
        errors.push_back({"", "invalid_json", "the input holds no JSON value"});
        return false;
    }
    const bool several = spans.size() > 1;
    std::vector<json> values;
    bool ok = true;
    for (std::size_t k = 0; k < spans.size(); ++k) {
        const std::string prefix = several ? "/" + std::to_string(k) : "";
        error_list errs;
        auto doc = parse_nl_document(text.substr(spans[k].begin, spans[k].end - spans[k].begin),
                                     limits, errs);
        if (!doc) {
            for (auto& e : errs) {
                e.path = prefix + e.path;
                if (several)
                    e.message += " (value " + std::to_string(k) + ", which starts at byte " +
                                 std::to_string(spans[k].begin) + ")";
                errors.push_back(std::move(e));
            }
            ok = false;
            continue;
        }
        values.push_back(std::move(doc->dom));
    }
    if (!ok) return false;
    for (std::size_t k = 0; k < values.size(); ++k)
        visit(values[k], several ? "/" + std::to_string(k) : "");
    return true;
}

// ---- vocabulary helpers -------------------------------------------------------------------

int currency_exponent(std::string_view c) {
    static constexpr std::string_view zero[] = {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                                "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                                "VND", "VUV", "XAF", "XOF", "XPF"};
    static constexpr std::string_view three[] = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
    if (std::find(std::begin(zero), std::end(zero), c) != std::end(zero)) return 0;
    if (std::find(std::begin(three), std::end(three), c) != std::end(three)) return 3;
    return 2;
}

std::string billing_interval(std::string_view unit, std::int64_t count) {
    if (count <= 0 || count > 100000) return {};
    const char* letter = unit == "day"     ? "D"
                         : unit == "week"  ? "W"
                         : unit == "month" ? "M"
                         : unit == "year"  ? "Y"
                                           : nullptr;
    if (!letter) return {};
    return "P" + std::to_string(count) + letter;
}

std::optional<instant> add_calendar(instant t, std::string_view unit, std::int64_t count) {
    if (count < 0 || count > 100000) return std::nullopt;
    instant out;
    if (unit == "day" || unit == "week") {
        const std::int64_t d = unit == "day" ? count : 7 * count;
        if (d > 36500) return std::nullopt;
        out = t + days(d);
    } else if (unit == "month" || unit == "year") {
        const std::int64_t months = unit == "month" ? count : 12 * count;
        const std::int64_t day_number = t.ms / ms_per_day;
        const std::int64_t time_of_day = t.ms - day_number * ms_per_day;
        const civil_date d = civil_from_days(day_number);
        const std::int64_t total = std::int64_t{d.year} * 12 + (d.month - 1) + months;
        const std::int64_t year = total / 12;
        const int month = static_cast<int>(total % 12) + 1;
        if (year > 9999) return std::nullopt;
        const int day = std::min(d.day, days_in_month(year, month));
        out = instant{days_from_civil({static_cast<int>(year), month, day}) * ms_per_day +
                      time_of_day};
    } else {
        return std::nullopt;
    }
    if (out > max_instant) return std::nullopt;
    return out;
}

std::string expiry_month(std::int64_t year, std::int64_t month) {
    if (year < 1970 || year > 9999 || month < 1 || month > 12) return {};
    std::string m = std::to_string(month);
    return std::to_string(year) + "-" + (m.size() == 1 ? "0" + m : m);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

} // namespace detail::importing

// ---- the public face ----------------------------------------------------------------------

const std::vector<std::string_view>& import_providers() {
    static const std::vector<std::string_view> names = {"stripe", "paddle", "chargebee", "recurly",
                                                        "revenuecat"};
    return names;
}

result<imported_account> import_provider(std::string_view provider, std::string_view text,
                                         const input_limits& limits) {
    using namespace detail::importing;
    session s(limits);
    std::unique_ptr<provider_importer> importer;
    if (provider == "stripe")
        importer = make_stripe_importer(s);
    else if (provider == "paddle")
        importer = make_paddle_importer(s);
    else if (provider == "chargebee")
        importer = make_chargebee_importer(s);
    else if (provider == "recurly")
        importer = make_recurly_importer(s);
    else if (provider == "revenuecat")
        importer = make_revenuecat_importer(s);
    else
        return error{"/provider", "unsupported_provider",
                     "'" + std::string(provider) + "' is not one of: " + provider_list()};
    if (!for_each_value(text, limits, s.errors,
                        [&](const json& v, const std::string& path) { importer->visit(v, path); }))
        return s.errors;
    importer->finish();
    return s.finish();
}

text_result import_json(std::string_view provider, std::string_view text) {
    auto imported = import_provider(provider, text);
    if (!imported) return {false, render_errors(imported.errors())};
    detail::importing::json unmapped = detail::importing::json::array();
    for (const auto& p : imported->unmapped)
        unmapped.push_back(p);
    std::string out = R"({"schema":"respite.import/1","provider":)";
    out += detail::importing::json(std::string(provider)).dump();
    out += R"(,"account":)";
    out += imported->account_json;
    out += R"(,"unmapped":)";
    out += unmapped.dump(-1, ' ', false, detail::importing::json::error_handler_t::replace);
    out += "}";
    return {true, std::move(out)};
}

} // namespace respite
