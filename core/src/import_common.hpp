// What the provider importers share: splitting the input into JSON values, type-checked readers
// that record every problem with its JSON Pointer, the account being assembled, the report of
// fields the contract cannot hold, and the final rendering as respite.account/1.
// Never throws (the core is built with -fno-exceptions for wasm).
#pragma once

#include "json_reader.hpp"
#include "respite/evaluate.hpp" // is_known_decline_code: the contract's decline-code vocabulary
#include "respite/import.hpp"
#include "respite/time.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace respite::detail::importing {

// Document order (ordered_json), so that reports follow the input.
using json = nlohmann::ordered_json;
using names = std::initializer_list<std::string_view>;

inline std::string at_key(const std::string& path, std::string_view key) {
    return pointer_append(path, key);
}
inline std::string at_index(const std::string& path, std::size_t i) {
    return path + "/" + std::to_string(i);
}

struct out_subscription {
    std::string id, plan, status, interval;
    std::optional<money> price;
    std::optional<instant> period_start, period_end;
    json metadata;     // an object, or null
    bool stub = false; // only named by an invoice; a full object replaces it
};

struct out_invoice {
    std::string id, subscription_id, number, currency, status;
    std::int64_t amount_due = 0, amount_paid = 0;
    instant due_at;
    std::optional<instant> period_start, period_end, created_at;
    json metadata;
    std::string path;        // where it came from
    std::string period_path; // the provider field the period was read from
};

struct out_attempt {
    std::string id, invoice_id, decline_code; // decline_code empty when it succeeded
    bool succeeded = false;
    instant at;
    std::optional<std::int64_t> amount;
    // The same attempt may be seen twice (a Charge and the PaymentIntent holding it, a
    // Chargebee transaction and an invoice's linked payment): the higher rank is kept.
    int rank = 0;
    std::string path;
};

struct out_payment_method {
    std::string type, expires, last4, brand; // expires: "YYYY-MM" or empty
    int rank = 0;                            // higher wins; then the later `seen_at`
    instant seen_at;
};

// One import run: every mapper reads through it and adds to the account it assembles.
class session {
public:
    explicit session(const input_limits& limits) : limits_(limits) {}

    error_list errors;
    const input_limits& limits() const { return limits_; }
    void fail(const std::string& path, const char* code, std::string message) {
        errors.push_back({path, code, std::move(message)});
    }

    // The account fields a mapper fills in (first non-empty value wins).
    std::string name, email, locale, timezone;
    std::optional<instant> customer_since;
    json metadata = json::object();
    void fill(std::string& field, const std::optional<std::string>& value) {
        if (field.empty() && value && !value->empty()) field = *value;
    }

    // Every object must belong to one customer: the first id seen is the account's.
    void claim_account(const std::string& id, const std::string& path);
    bool has_account() const { return !account_id_.empty(); }

    void add(out_subscription s);
    void add(out_invoice i);
    void add(out_attempt a);
    void offer(out_payment_method m);
    bool knows_invoice(const std::string& id) const;
    // amount_paid ≤ amount_due: an overpayment is capped at the amount due and reported.
    void cap_paid(out_invoice& inv, const std::string& paid_path);
    bool knows_attempt(const std::string& id) const;

    // A field (or a whole object) the contract cannot hold.
    void report(const std::string& path);
    // Reports every member of `obj` that is neither `used` nor `ignored` (documented as
    // bookkeeping in docs/importers.md) and carries a value: null, false, 0, "", [] and {}
    // carry nothing and are not reported.
    void report_rest(const json& obj, const std::string& path, names used, names ignored = {});

    // Readers: an absent or null member gives nullopt (an error only when `required`).
    const json* get(const json& obj, const char* key) const;
    std::optional<std::string> text(const json& obj, const std::string& path, const char* key,
                                    bool required = false);
    std::optional<std::int64_t> whole(const json& obj, const std::string& path, const char* key,
                                      bool required = false);
    std::optional<std::int64_t> amount(const json& obj, const std::string& path, const char* key,
                                       bool required = false);
    // Integer minor units written as a string ("16500": Paddle).
    std::optional<std::int64_t> amount_text(const json& obj, const std::string& path,
                                            const char* key, bool required = false);
    // A decimal amount in major units (49.99: Recurly, RevenueCat), converted to minor units
    // with the currency's ISO 4217 exponent; more decimals than the currency has is an error.
    std::optional<std::int64_t> amount_decimal(const json& obj, const std::string& path,
                                               const char* key, const std::string& currency,
                                               bool required = false);
    std::optional<instant> unix_time(const json& obj, const std::string& path, const char* key,
                                     bool required = false);
    std::optional<instant> rfc3339(const json& obj, const std::string& path, const char* key,
                                   bool required = false);
    // Any case on input ("eur", "EUR"); upper case out.
    std::optional<std::string> currency(const json& obj, const std::string& path, const char* key,
                                        bool required = false);
    bool expect_object(const json& v, const std::string& path);
    // An array member (absent or null: nullptr), within the item limit.
    const json* array(const json& obj, const std::string& path, const char* key);
    // The member; absent (or null, unless required) gives nullptr, missing_field if required.
    const json* field(const json& obj, const std::string& path, const char* key, bool required);
    std::optional<std::string> string_value(const json& v, const std::string& path);
    std::optional<bool> flag(const json& obj, const std::string& path, const char* key);

    result<imported_account> finish();

private:
    const input_limits& limits_;
    std::string account_id_, account_path_;
    std::vector<out_subscription> subscriptions_;
    std::vector<out_invoice> invoices_;
    std::vector<out_attempt> attempts_;
    std::optional<out_payment_method> method_;
    std::vector<std::string> unmapped_;
};

// Calls `visit` for every JSON value in `text` (one value, NDJSON, or values one after the
// other), with the path prefix of that value ("" when there is only one, "/N" otherwise).
// Returns false (with errors) when the text is not a sequence of JSON objects and arrays.
bool for_each_value(std::string_view text, const input_limits& limits, error_list& errors,
                    const std::function<void(const json&, const std::string&)>& visit);

// ISO 4217 minor-unit exponent (JPY 0, KWD 3, most 2).
int currency_exponent(std::string_view currency);

// "month", 1 → "P1M"; "year" → Y, "week" → W, "day" → D; "" for anything else.
std::string billing_interval(std::string_view unit, std::int64_t count);
// `t` plus `count` calendar units ("day", "week", "month", "year"), month ends clamped.
std::optional<instant> add_calendar(instant t, std::string_view unit, std::int64_t count);
// "YYYY-MM" from a year and a month, or "" when out of range.
std::string expiry_month(std::int64_t year, std::int64_t month);
std::string lower(std::string s);

// One provider's mapper: sees every top-level value in turn, then resolves what links
// objects to each other (a payment to its invoice) once all have been seen.
class provider_importer {
public:
    explicit provider_importer(session& s) : s_(s) {}
    virtual ~provider_importer() = default;
    virtual void visit(const json& value, const std::string& path) = 0;
    virtual void finish() {}

protected:
    session& s_;
};

std::unique_ptr<provider_importer> make_stripe_importer(session& s);
std::unique_ptr<provider_importer> make_paddle_importer(session& s);
std::unique_ptr<provider_importer> make_chargebee_importer(session& s);
std::unique_ptr<provider_importer> make_recurly_importer(session& s);
std::unique_ptr<provider_importer> make_revenuecat_importer(session& s);

} // namespace respite::detail::importing
