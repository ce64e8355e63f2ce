// generate.cpp — realistic, varied sample accounts (respite/generate.hpp).
//
// Every account comes from its own splitmix64 stream seeded from (seed, index): integer
// arithmetic only (no floating point, no std:: distributions, no locale, nothing that depends on
// the width of size_t), so the same (seed, index) gives the same bytes natively and in wasm32.
// The JSON is written by hand: compact, fixed key order, ASCII only.
//
// The mix (per account, roughly):
//   45% good standing (every invoice paid, or a net-terms invoice not yet due), 55% delinquent:
//   1-3 open invoices, the oldest due 0-60 days before `around`; partial payments, now and then
//   an uncollectible one; the last decline soft ~65%, hard ~20%, authentication ~10%, no attempt
//   yet ~5%; smart-retry-like retries; expired cards; repeat-grace histories; support
//   extensions; reminders already sent; 2-3 subscriptions (add-ons) for ~10%; dormant users;
//   `exempt` and other tags; plans free..enterprise; 20+ zones, locales and currencies
//   (JPY without decimals); monthly (P30D) and yearly (P365D) billing.
#include "respite/generate.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace respite {
namespace {

using u64 = std::uint64_t;
using i64 = std::int64_t;

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64, one stream per account.

class rng {
public:
    rng(u64 seed, u64 index) : state_(seed) {
        const u64 a = next();
        state_ = a ^ (index * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull);
        next();
    }
    u64 next() {
        state_ += 0x9E3779B97F4A7C15ull;
        u64 z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform enough in [0, n) (n is always tiny next to 2^64); 0 when n is 0.
    u64 below(u64 n) { return n == 0 ? 0 : next() % n; }
    // [lo, hi], inclusive; lo when hi < lo.
    i64 between(i64 lo, i64 hi) {
        if (hi <= lo) return lo;
        return lo + static_cast<i64>(below(static_cast<u64>(hi - lo) + 1));
    }
    bool percent(u64 p) { return below(100) < p; }
    bool permille(u64 p) { return below(1000) < p; }

private:
    u64 state_;
};

template <class T, std::size_t N> const T& pick(rng& r, const T (&items)[N]) {
    u64 total = 0;
    for (const auto& it : items)
        total += it.weight;
    u64 x = r.below(total);
    for (const auto& it : items) {
        if (x < it.weight) return it;
        x -= it.weight;
    }
    return items[N - 1];
}

struct weighted_name {
    const char* name;
    u64 weight;
};

struct weighted_int {
    i64 value;
    u64 weight;
};

// ---------------------------------------------------------------------------------------------
// Catalogue.

struct region {
    const char* zone;
    const char* locale;
    const char* alt_locale; // a second language spoken there, or nullptr
    const char* currency;
    int utc_offset_minutes; // standard time, only to put sign-ups in local business hours
    i64 vat_percent;
    u64 weight;
};

const region regions[] = {
    {"America/New_York", "en-US", "es-US", "USD", -300, 0, 140},
    {"America/Chicago", "en-US", nullptr, "USD", -360, 0, 50},
    {"America/Los_Angeles", "en-US", "es-US", "USD", -480, 0, 80},
    {"America/Toronto", "en-CA", "fr-CA", "CAD", -300, 13, 30},
    {"America/St_Johns", "en-CA", nullptr, "CAD", -210, 15, 4},
    {"America/Sao_Paulo", "pt-BR", nullptr, "BRL", -180, 0, 40},
    {"America/Mexico_City", "es-MX", "en-US", "MXN", -360, 16, 20},
    {"Europe/London", "en-GB", nullptr, "GBP", 0, 20, 80},
    {"Europe/Dublin", "en-IE", nullptr, "EUR", 0, 23, 10},
    {"Europe/Amsterdam", "nl-NL", "en-US", "EUR", 60, 21, 80},
    {"Europe/Brussels", "nl-BE", "fr-BE", "EUR", 60, 21, 20},
    {"Europe/Berlin", "de-DE", "en-US", "EUR", 60, 19, 80},
    {"Europe/Paris", "fr-FR", nullptr, "EUR", 60, 20, 60},
    {"Europe/Madrid", "es-ES", "ca-ES", "EUR", 60, 21, 40},
    {"Europe/Rome", "it-IT", nullptr, "EUR", 60, 22, 25},
    {"Europe/Lisbon", "pt-PT", nullptr, "EUR", 0, 23, 10},
    {"Europe/Zurich", "de-CH", "fr-CH", "CHF", 60, 8, 20},
    {"Europe/Stockholm", "sv-SE", "en-US", "SEK", 60, 25, 20},
    {"Europe/Oslo", "nb-NO", nullptr, "NOK", 60, 25, 10},
    {"Europe/Copenhagen", "da-DK", nullptr, "DKK", 60, 25, 10},
    {"Europe/Warsaw", "pl-PL", nullptr, "PLN", 60, 23, 15},
    {"Asia/Kolkata", "en-IN", "hi-IN", "INR", 330, 18, 40},
    {"Asia/Kathmandu", "ne-NP", "en-US", "USD", 345, 0, 3},
    {"Asia/Tokyo", "ja-JP", nullptr, "JPY", 540, 10, 40},
    {"Asia/Singapore", "en-SG", nullptr, "SGD", 480, 9, 20},
    {"Australia/Sydney", "en-AU", nullptr, "AUD", 600, 10, 30},
    {"Pacific/Auckland", "en-NZ", nullptr, "NZD", 720, 15, 10},
    {"Africa/Johannesburg", "en-ZA", nullptr, "ZAR", 120, 15, 10},
    {"UTC", "en-US", nullptr, "USD", 0, 0, 30},
};

struct currency_info {
    const char* code;
    i64 per_mille_of_usd_cent; // minor units per 1000 US cents, roughly
    bool zero_decimal;
};

const currency_info currencies[] = {
    {"USD", 1000, false},  {"EUR", 1000, false},  {"GBP", 800, false},  {"CHF", 1000, false},
    {"SEK", 10000, false}, {"NOK", 10000, false}, {"DKK", 7000, false}, {"PLN", 4000, false},
    {"JPY", 1500, true},   {"INR", 83000, false}, {"BRL", 5000, false}, {"MXN", 17000, false},
    {"CAD", 1400, false},  {"AUD", 1500, false},  {"NZD", 1700, false}, {"SGD", 1350, false},
    {"ZAR", 18000, false},
};

const currency_info& currency_of(std::string_view code) {
    for (const auto& c : currencies)
        if (code == c.code) return c;
    return currencies[0];
}

struct plan_info {
    const char* name;
    i64 usd_month; // list price, US cents per month; 0 for free, custom for enterprise
    u64 yearly_percent;
    u64 weight;
};

const plan_info plans[] = {
    {"free", 0, 0, 8},           {"starter", 1900, 15, 30}, {"pro", 4900, 25, 34},
    {"business", 14900, 35, 20}, {"enterprise", 0, 70, 8},
};

struct addon_info {
    const char* name;
    i64 usd_month;
    bool per_seat;
    u64 weight;
};

const addon_info addons[] = {
    {"extra_seats", 1000, true, 30},
    {"storage_100gb", 500, false, 25},
    {"priority_support", 9900, false, 10},
    {"advanced_analytics", 2900, false, 20},
    {"sso", 4900, false, 15},
};

// Decline codes as Stripe documents them.
const weighted_name soft_codes[] = {
    {"insufficient_funds", 40},  {"generic_decline", 22},
    {"do_not_honor", 10},        {"try_again_later", 6},
    {"processing_error", 6},     {"card_velocity_exceeded", 4},
    {"issuer_not_available", 4}, {"withdrawal_count_limit_exceeded", 3},
    {"reenter_transaction", 2},  {"approve_with_id", 2},
};
const weighted_name hard_codes[] = {
    {"expired_card", 35},
    {"lost_card", 12},
    {"stolen_card", 8},
    {"incorrect_number", 10},
    {"card_not_supported", 8},
    {"pickup_card", 8},
    {"restricted_card", 6},
    {"invalid_account", 5},
    {"account_closed", 4},
    {"fraudulent", 2},
    {"new_account_information_available", 2},
};
const weighted_name sepa_soft_codes[] = {{"insufficient_funds", 80}, {"generic_decline", 20}};
const weighted_name sepa_hard_codes[] = {{"account_closed", 60}, {"invalid_account", 40}};

const weighted_name card_brands[] = {
    {"visa", 55}, {"mastercard", 30}, {"amex", 10}, {"discover", 3}, {"jcb", 2}};

const weighted_name grace_outcomes[] = {
    {"recovered", 78}, {"suspended", 14}, {"written_off", 4}, {"paused", 4}};

const weighted_name extension_reasons[] = {
    {"support_request", 35}, {"bank_transfer_pending", 20}, {"purchase_order_pending", 15},
    {"holiday", 10},         {"dispute_resolution", 10},    {"sales_negotiation", 10}};

const weighted_int extension_hours[] = {{72, 35}, {168, 35}, {336, 20}, {48, 10}};

const weighted_name extra_tags[] = {
    {"vip", 30}, {"nonprofit", 20}, {"education", 20}, {"reseller", 10}, {"beta", 20}};

// ---------------------------------------------------------------------------------------------
// Small helpers.

constexpr i64 second = ms_per_second;
constexpr i64 minute = ms_per_minute;
constexpr i64 hour = ms_per_hour;
constexpr i64 day = ms_per_day;

void append_int(std::string& s, i64 v) {
    char buf[24];
    int n = 0;
    u64 x = v < 0 ? static_cast<u64>(0) - static_cast<u64>(v) : static_cast<u64>(v);
    do {
        buf[n++] = static_cast<char>('0' + static_cast<int>(x % 10));
        x /= 10;
    } while (x != 0);
    if (v < 0) s += '-';
    while (n > 0)
        s += buf[--n];
}

void append_padded(std::string& s, u64 v, int width) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    for (int i = n; i < width; ++i)
        s += '0';
    while (n > 0)
        s += buf[--n];
}

std::string token(rng& r, int length) {
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string t;
    for (int i = 0; i < length; ++i)
        t += alphabet[r.below(62)];
    return t;
}

// Round to two significant digits, half up.
i64 round_two_digits(i64 v) {
    if (v < 100) return v;
    i64 step = 1;
    while (v / step >= 100)
        step *= 10;
    return (v + step / 2) / step * step;
}

// A price point in `currency` for a price of `usd_cents`: converted, then made to look like a
// price (49.00 → 49.00, 73.50 → 74.00 - 1 → 73.00 style; JPY in round hundreds of yen).
i64 price_in(const currency_info& c, i64 usd_cents) {
    if (usd_cents <= 0) return 0;
    const i64 v = usd_cents * c.per_mille_of_usd_cent / 1000;
    if (c.zero_decimal) return std::max<i64>(round_two_digits(v), 1);
    const i64 p = round_two_digits(v + 100) - 100;
    return p > 0 ? p : v;
}

std::string month_text(i64 year, i64 month) {
    std::string s;
    append_padded(s, static_cast<u64>(year), 4);
    s += '-';
    append_padded(s, static_cast<u64>(month), 2);
    return s;
}

// Months since year 0 of the UTC calendar month holding `t`.
i64 month_index(instant t) {
    const i64 d = t.ms >= 0 ? t.ms / day : (t.ms - day + 1) / day;
    const civil_date c = civil_from_days(d);
    return static_cast<i64>(c.year) * 12 + (c.month - 1);
}

// ---------------------------------------------------------------------------------------------
// Compact JSON writer (ASCII only; escapes what must be escaped anyway).

class json_out {
public:
    json_out() { s_.reserve(2048); }
    void begin_object() {
        value_start();
        s_ += '{';
        need_comma_ = false;
    }
    void end_object() {
        s_ += '}';
        need_comma_ = true;
    }
    void begin_array() {
        value_start();
        s_ += '[';
        need_comma_ = false;
    }
    void end_array() {
        s_ += ']';
        need_comma_ = true;
    }
    void key(const char* k) {
        value_start();
        quote(k);
        s_ += ':';
        need_comma_ = false;
    }
    void string(std::string_view v) {
        value_start();
        quote(v);
        need_comma_ = true;
    }
    void number(i64 v) {
        value_start();
        append_int(s_, v);
        need_comma_ = true;
    }
    void time(instant t) { string(format_instant(t)); }

    void field(const char* k, std::string_view v) {
        key(k);
        string(v);
    }
    void field(const char* k, const char* v) {
        key(k);
        string(v);
    }
    void field(const char* k, const std::string& v) {
        key(k);
        string(v);
    }
    void field(const char* k, i64 v) {
        key(k);
        number(v);
    }
    void field(const char* k, instant t) {
        key(k);
        time(t);
    }

    std::string take() { return std::move(s_); }

private:
    void value_start() {
        if (need_comma_) s_ += ',';
    }
    void quote(std::string_view v) {
        s_ += '"';
        for (char ch : v) {
            if (ch == '"' || ch == '\\') {
                s_ += '\\';
                s_ += ch;
            } else if (static_cast<unsigned char>(ch) < 0x20) {
                static const char hex[] = "0123456789abcdef";
                s_ += "\\u00";
                s_ += hex[(static_cast<unsigned char>(ch) >> 4) & 0xF];
                s_ += hex[static_cast<unsigned char>(ch) & 0xF];
            } else {
                s_ += ch;
            }
        }
        s_ += '"';
    }
    std::string s_;
    bool need_comma_ = false;
};

// ---------------------------------------------------------------------------------------------
// The account model being built.

enum class decline_kind { soft, hard, authentication, none };

struct sub_t {
    std::string id;
    const char* plan = "";
    i64 price = 0;
    i64 period = 0;  // ms
    instant current; // current period start
    int open = 0;    // periods (counting back from the current one) left unpaid
    int shown = 0;   // periods with an invoice in the snapshot (open ones included)
    bool addon = false;
};

struct inv_t {
    int key = 0; // creation order; attempts refer to it
    int sub = 0; // index into subs
    i64 amount_due = 0;
    i64 amount_paid = 0;
    instant due;
    const char* status = "paid";
    instant period_start;
    instant period_end;
    std::string id;
};

struct attempt_t {
    int invoice_key = 0;
    instant at;
    bool succeeded = false;
    const char* code = "";
};

struct history_t {
    instant started;
    instant ended;
    const char* outcome = "recovered";
};

struct reminder_t {
    const char* id;
    instant at;
};

struct extension_t {
    i64 hours = 0;
    instant granted;
    std::string subscription_id;
    const char* reason = nullptr;
};

const char* code_for(rng& r, decline_kind k, bool sepa) {
    switch (k) {
    case decline_kind::soft:
        return sepa ? pick(r, sepa_soft_codes).name : pick(r, soft_codes).name;
    case decline_kind::hard:
        return sepa ? pick(r, sepa_hard_codes).name : pick(r, hard_codes).name;
    case decline_kind::authentication:
        return "authentication_required";
    case decline_kind::none:
        break;
    }
    return "generic_decline";
}

std::string duration_hours_text(i64 h) {
    std::string s = "P";
    if (h % 24 == 0) {
        append_int(s, h / 24);
        s += 'D';
    } else {
        s += "T";
        append_int(s, h);
        s += 'H';
    }
    return s;
}

} // namespace

std::string generate_account(const generate_options& options, std::uint64_t index) {
    rng r(options.seed, index);
    const instant now{options.around.ms / second * second};

    // --- who ------------------------------------------------------------------------------
    const region& reg = pick(r, regions);
    std::string currency = reg.currency;
    if (currency != "USD" && r.percent(7)) currency = "USD"; // billed in dollars from abroad
    const currency_info& cur = currency_of(currency);
    std::string locale = reg.locale;
    if (reg.alt_locale != nullptr && r.percent(15))
        locale = reg.alt_locale;
    else if (r.percent(4))
        locale = "en-US";

    const plan_info& plan = pick(r, plans);
    const bool is_free = plan.usd_month == 0 && std::string_view(plan.name) == "free";
    const bool is_enterprise = std::string_view(plan.name) == "enterprise";
    const bool b2b = is_enterprise || std::string_view(plan.name) == "business";
    const bool yearly = r.percent(plan.yearly_percent);
    const i64 period = (yearly ? 365 : 30) * day;
    const i64 net_days = b2b && r.percent(35) ? (r.percent(50) ? 14 : 30) : 0;
    const i64 charge_delay = net_days == 0 ? hour : 0; // Stripe finalises an hour after creation
    // Free plans are not invoiced: a free account can only fall behind on a paid add-on.
    const bool free_addon = is_free && r.percent(35);
    const bool delinquent = is_free ? free_addon && r.percent(55) : !r.percent(42);

    const std::string tok = token(r, 6);
    const i64 tax_percent = r.percent(30) ? reg.vat_percent : 0;
    const i64 discount_percent = r.percent(10) ? static_cast<i64>(r.percent(70) ? 20 : 50) : 0;

    // --- subscriptions --------------------------------------------------------------------
    std::vector<sub_t> subs;
    {
        sub_t m;
        m.plan = plan.name;
        i64 usd = plan.usd_month;
        if (is_enterprise) usd = r.between(10, 60) * 5000; // custom contracts
        if (std::string_view(plan.name) == "business" && r.percent(30))
            usd = 1500 * r.between(5, 60); // per seat
        i64 month_price = price_in(cur, usd);
        m.price = yearly ? price_in(cur, usd * 10) : month_price; // two months free on yearly
        m.period = period;
        subs.push_back(m);
    }
    int addon_count = 0;
    if (free_addon || (!is_free && r.percent(6))) addon_count = r.percent(30) ? 2 : 1;
    for (int i = 0; i < addon_count; ++i) {
        sub_t a;
        const addon_info* ad = &pick(r, addons);
        for (int tries = 0; tries < 4; ++tries) { // two distinct add-ons
            bool dup = false;
            for (const auto& s : subs)
                if (std::string_view(s.plan) == ad->name) dup = true;
            if (!dup) break;
            ad = &pick(r, addons);
        }
        a.plan = ad->name;
        a.addon = true;
        const bool addon_yearly = yearly && r.percent(60);
        a.period = (addon_yearly ? 365 : 30) * day;
        i64 usd = ad->usd_month * (ad->per_seat ? r.between(2, 20) : 1);
        a.price = addon_yearly ? price_in(cur, usd * 10) : price_in(cur, usd);
        subs.push_back(a);
    }
    const bool multi = subs.size() > 1;
    for (std::size_t i = 0; i < subs.size(); ++i) {
        subs[i].id = "sub_" + tok;
        if (multi) subs[i].id += static_cast<char>('1' + static_cast<int>(i));
    }

    // --- where each subscription stands -----------------------------------------------------
    decline_kind kind = decline_kind::none;
    std::size_t unpaid = 0;
    i64 age = 0; // how long ago the oldest unpaid invoice fell due (ms)
    if (delinquent) {
        const u64 k = r.below(100);
        kind = k < 65   ? decline_kind::soft
               : k < 85 ? decline_kind::hard
               : k < 95 ? decline_kind::authentication
                        : decline_kind::none;
        if (is_free)
            unpaid = 1 + static_cast<std::size_t>(r.below(static_cast<u64>(addon_count)));
        else if (multi && r.percent(35))
            unpaid = 1 + static_cast<std::size_t>(r.below(static_cast<u64>(addon_count)));
        const u64 bucket = r.below(100);
        const i64 lo = bucket < 20 ? 0 : bucket < 50 ? 3 * day : bucket < 80 ? 14 * day : 35 * day;
        const i64 hi = bucket < 20   ? 3 * day
                       : bucket < 50 ? 14 * day
                       : bucket < 80 ? 35 * day
                                     : 60 * day - 2 * hour;
        age = lo + r.between(0, (hi - lo) / second) * second;
    }
    // Sign-up in local business hours; periods keep that time of day.
    const i64 local_time = r.between(7 * 3600, 22 * 3600) * second;
    for (std::size_t i = 0; i < subs.size(); ++i) {
        sub_t& s = subs[i];
        if (delinquent && i == unpaid) {
            const instant first_open{now.ms - age - net_days * day - charge_delay};
            const i64 k = (now.ms - first_open.ms) / s.period;
            s.current = first_open + duration{k * s.period};
            s.open = static_cast<int>(k) + 1;
        } else {
            // A period start at the sign-up time of day, at most one period ago.
            const i64 today = now.ms / day * day;
            i64 start = today + local_time - static_cast<i64>(reg.utc_offset_minutes) * minute;
            start -= static_cast<i64>(r.below(static_cast<u64>(s.period / day))) * day;
            while (start > now.ms)
                start -= day;
            while (start <= now.ms - s.period)
                start += day;
            s.current = instant{start};
        }
    }

    // Tenure: whole periods of the main subscription before the current one.
    const sub_t& main_sub = subs[0];
    i64 tenure_periods = 0;
    {
        const u64 t = r.below(100);
        if (main_sub.period == 365 * day)
            tenure_periods = t < 30 ? 0 : t < 60 ? 1 : t < 90 ? r.between(2, 4) : r.between(5, 7);
        else
            tenure_periods = t < 10   ? 0
                             : t < 35 ? r.between(1, 3)
                             : t < 65 ? r.between(4, 12)
                             : t < 90 ? r.between(13, 36)
                                      : r.between(37, 72);
    }
    tenure_periods = std::max<i64>(tenure_periods, main_sub.open - 1);
    const bool trial = r.percent(20);
    instant customer_since{main_sub.current.ms - tenure_periods * main_sub.period -
                           (trial ? 14 * day : 0) - r.between(5, 600) * second};
    for (std::size_t i = 1; i < subs.size(); ++i) {
        sub_t& s = subs[i];
        const i64 back = s.open > 0 ? s.open - 1 : r.between(0, 5);
        const instant start{s.current.ms - back * s.period};
        if (start < customer_since) customer_since = instant{start.ms - r.between(1, 90) * day};
    }

    // How many periods of each subscription the snapshot shows (older invoices trimmed).
    for (std::size_t i = 0; i < subs.size(); ++i) {
        sub_t& s = subs[i];
        const i64 available =
            (s.current.ms - customer_since.ms) / s.period + 1; // periods since sign-up
        i64 want = 0;
        if (is_free && i == 0) {
            want = 0; // free plans are not invoiced
        } else if (s.period == 365 * day) {
            want = s.open + (r.percent(60) ? 1 : 0);
        } else {
            const u64 k = r.below(100);
            want = s.open + (k < 25 ? 0 : k < 70 ? 1 : k < 95 ? 2 : 3);
        }
        if (s.open == 0 && want == 0 && !(is_free && i == 0)) want = 1;
        s.shown = static_cast<int>(std::max<i64>(std::min(want, available), s.open));
    }

    // The card on file.
    const bool eur = currency == "EUR";
    std::string method_type = "card";
    {
        const u64 m = r.below(100);
        if (eur && m < 12)
            method_type = "sepa_debit";
        else if (m >= 94)
            method_type = "paypal";
        if (kind == decline_kind::authentication) method_type = "card";
    }
    const bool sepa = method_type == "sepa_debit";

    // --- invoices -------------------------------------------------------------------------
    std::vector<inv_t> invoices;
    std::vector<attempt_t> attempts;
    std::vector<history_t> history;
    int next_key = 0;
    int also_failing = 0; // open invoices of other subscriptions that fell due in this grace
    auto amount_for = [&](const sub_t& s) {
        i64 a = s.price;
        if (discount_percent != 0) a = a * (100 - discount_percent) / 100;
        if (b2b && !s.addon && r.percent(25)) a += a * r.between(1, 30) / 100; // usage overage
        a += a * tax_percent / 100;
        return a;
    };
    for (std::size_t si = 0; si < subs.size(); ++si) {
        sub_t& s = subs[si];
        for (int j = s.shown - 1; j >= 0; --j) {
            inv_t inv;
            inv.key = next_key++;
            inv.sub = static_cast<int>(si);
            inv.period_start = s.current - duration{j * s.period};
            inv.period_end = inv.period_start + duration{s.period};
            inv.due = inv.period_start + duration{net_days * day + charge_delay};
            inv.amount_due = amount_for(s);
            inv.amount_paid = inv.amount_due;
            inv.status = "paid";
            if (j < s.open) {
                inv.status = "open";
                inv.amount_paid = 0;
            } else if (inv.due > now) {
                inv.status = "open"; // net terms: not due yet
                inv.amount_paid = 0;
            } else if (delinquent && si != unpaid && j == 0 && kind != decline_kind::none &&
                       inv.due.ms >= now.ms - age && subs[unpaid].open + also_failing < 3 &&
                       r.percent(40)) {
                inv.status = "open"; // fell due during the grace: the same card failed again
                inv.amount_paid = 0;
                s.open = 1;
                ++also_failing;
            } else if (j > 0 && r.percent(3)) {
                inv.status = "void";
                inv.amount_paid = 0;
            }
            invoices.push_back(inv);
        }
    }

    // The driving invoice: the oldest open one that is due.
    int driver = -1;
    for (std::size_t i = 0; i < invoices.size(); ++i) {
        const inv_t& inv = invoices[i];
        if (std::string_view(inv.status) != "open" || inv.due > now) continue;
        if (driver < 0 || inv.due < invoices[static_cast<std::size_t>(driver)].due)
            driver = static_cast<int>(i);
    }
    instant anchor = driver >= 0 ? invoices[static_cast<std::size_t>(driver)].due : now;

    // Partial payments and write-offs on open invoices.
    for (auto& inv : invoices) {
        if (std::string_view(inv.status) != "open" || inv.amount_due < 2) continue;
        const u64 p = r.below(100);
        if (p < 8)
            inv.amount_paid = inv.amount_due * r.between(20, 80) / 100;
        else if (p < 12)
            inv.amount_paid =
                inv.amount_due -
                r.between(1, std::min<i64>(inv.amount_due - 1, cur.zero_decimal ? 300 : 400));
        if (inv.due <= now && now.ms - inv.due.ms > 40 * day && r.percent(15))
            inv.status = "uncollectible";
    }

    // Attempts on the open invoices that fell due.
    instant first_failure{-1};
    const char* first_hard = nullptr;
    bool ms_times = r.percent(10);
    auto jitter_ms = [&]() { return ms_times ? r.between(1, 999) : 0; };
    for (const auto& inv : invoices) {
        const bool open =
            std::string_view(inv.status) != "paid" && std::string_view(inv.status) != "void";
        if (!open || inv.due > now || kind == decline_kind::none) continue;
        const bool driving = driver >= 0 && &inv == &invoices[static_cast<std::size_t>(driver)];
        instant t{inv.due.ms + r.between(2, 120) * second + jitter_ms()};
        if (t > now) t = now;
        if (!driving) {
            attempts.push_back(
                {inv.key, t, false, first_hard != nullptr ? first_hard : code_for(r, kind, sepa)});
            continue;
        }
        first_failure = t;
        switch (kind) {
        case decline_kind::soft:
        case decline_kind::hard: {
            const bool hard_later =
                kind == decline_kind::hard && r.percent(20); // soft first, then hard
            const char* code = (kind == decline_kind::soft || hard_later)
                                   ? code_for(r, decline_kind::soft, sepa)
                                   : code_for(r, decline_kind::hard, sepa);
            attempts.push_back({inv.key, t, false, code});
            if (kind == decline_kind::hard && !hard_later) {
                first_hard = code;
                if (r.percent(20)) { // the customer tried the same card again
                    const instant again{t.ms + r.between(3600, 6 * 86400) * second};
                    if (again <= now) attempts.push_back({inv.key, again, false, code});
                }
                break;
            }
            static const i64 plan_a[] = {1, 3, 5, 7};
            static const i64 plan_b[] = {1, 3, 7, 13};
            const i64* offsets = r.percent(50) ? plan_a : plan_b;
            for (int n = 0; n < 4; ++n) {
                const instant at{t.ms + offsets[n] * day + r.between(-3 * 3600, 6 * 3600) * second +
                                 jitter_ms()};
                if (at > now) break;
                if (hard_later && (n == 3 || r.percent(35))) {
                    first_hard = code_for(r, decline_kind::hard, sepa);
                    attempts.push_back({inv.key, at, false, first_hard});
                    break;
                }
                if (r.percent(25)) code = code_for(r, decline_kind::soft, sepa);
                attempts.push_back({inv.key, at, false, code});
            }
            if (kind == decline_kind::soft && r.percent(15)) { // a manual try from the portal
                const instant at{t.ms + r.between(600, 10 * 86400) * second};
                if (at <= now)
                    attempts.push_back({inv.key, at, false, code_for(r, decline_kind::soft, sepa)});
            }
            if (kind == decline_kind::hard && first_hard == nullptr) { // never got to the hard one
                first_hard = code_for(r, decline_kind::hard, sepa);
                const instant at{std::min(now.ms, t.ms + r.between(60, 3600) * second)};
                attempts.push_back({inv.key, at, false, first_hard});
            }
            break;
        }
        case decline_kind::authentication: {
            attempts.push_back({inv.key, t, false, "authentication_required"});
            if (r.percent(15)) {
                const instant at{t.ms + r.between(600, 5 * 86400) * second};
                if (at <= now) attempts.push_back({inv.key, at, false, "authentication_required"});
            }
            break;
        }
        case decline_kind::none:
            break;
        }
    }

    // Attempts on paid invoices: the latest payment per subscription, and now and then a
    // recovered failure (which also goes into grace_history).
    {
        std::vector<bool> seen(subs.size(), false);
        for (std::size_t i = invoices.size(); i-- > 0;) {
            const inv_t& inv = invoices[i];
            if (std::string_view(inv.status) != "paid" || inv.amount_due == 0) continue;
            const std::size_t si = static_cast<std::size_t>(inv.sub);
            const bool latest = !seen[si];
            seen[si] = true;
            if (net_days != 0) {
                if (latest && r.percent(30)) {
                    const instant at{inv.due.ms - r.between(0, net_days * 86400) * second};
                    attempts.push_back({inv.key, std::max(at, inv.period_start), true, ""});
                }
                continue;
            }
            if (r.percent(10) && inv.due.ms + 8 * day < anchor.ms) {
                const instant failed{inv.due.ms + r.between(2, 90) * second};
                const instant ok{failed.ms + r.between(20 * 3600, 6 * 86400) * second};
                attempts.push_back({inv.key, failed, false, code_for(r, decline_kind::soft, sepa)});
                attempts.push_back({inv.key, ok, true, ""});
                history.push_back({inv.due, ok, "recovered"});
            } else if (latest && r.percent(40)) {
                attempts.push_back({inv.key,
                                    instant{inv.due.ms + r.between(2, 90) * second + jitter_ms()},
                                    true, ""});
            }
        }
    }

    // Earlier grace periods (older than the invoices shown): repeat-grace material.
    {
        const u64 c = r.below(100);
        int count = c < 70 ? 0 : c < 85 ? 1 : c < 95 ? 2 : 3;
        const i64 oldest_shown = main_sub.shown;
        const i64 last_period = main_sub.period == 365 * day
                                    ? tenure_periods
                                    : std::min<i64>(tenure_periods, oldest_shown + 11);
        std::vector<i64> used;
        for (int n = 0; n < count * 3 && static_cast<int>(used.size()) < count; ++n) {
            if (last_period < oldest_shown) break;
            const i64 j = r.between(oldest_shown, last_period);
            if (j <= 0 || std::find(used.begin(), used.end(), j) != used.end()) continue;
            used.push_back(j);
            const instant started{main_sub.current.ms - j * main_sub.period + net_days * day +
                                  charge_delay};
            if (started < customer_since || started >= anchor) continue;
            const i64 len =
                std::min<i64>(r.between(3600, 20 * 86400) * second, main_sub.period - day);
            history.push_back({started, instant{started.ms + len}, pick(r, grace_outcomes).name});
        }
        std::sort(history.begin(), history.end(),
                  [](const history_t& a, const history_t& b) { return a.started < b.started; });
    }

    // Invoice ids in time order; attempts in time order.
    std::sort(invoices.begin(), invoices.end(), [](const inv_t& a, const inv_t& b) {
        if (a.due != b.due) return a.due < b.due;
        return a.key < b.key;
    });
    std::vector<std::string> id_of_key(static_cast<std::size_t>(next_key));
    for (std::size_t i = 0; i < invoices.size(); ++i) {
        std::string id = "in_" + tok;
        append_padded(id, static_cast<u64>(i + 1), 2);
        invoices[i].id = id;
        id_of_key[static_cast<std::size_t>(invoices[i].key)] = id;
    }
    std::sort(attempts.begin(), attempts.end(), [](const attempt_t& a, const attempt_t& b) {
        if (a.at != b.at) return a.at < b.at;
        if (a.invoice_key != b.invoice_key) return a.invoice_key < b.invoice_key;
        return a.succeeded < b.succeeded;
    });

    // Reminders already sent in this grace period, support extensions.
    std::vector<reminder_t> reminders;
    std::vector<extension_t> extensions;
    if (driver >= 0) {
        const i64 age_now = now.ms - anchor.ms;
        if (first_failure.ms >= 0 && r.percent(90)) {
            const instant at{first_failure.ms + r.between(30, 900) * second};
            if (at <= now) reminders.push_back({"payment_failed", at});
        }
        if (age_now >= 3 * day + 2 * hour && r.percent(60))
            reminders.push_back(
                {"payment_reminder", instant{anchor.ms + 3 * day + r.between(0, 7200) * second}});
        if (age_now >= 13 * day && r.percent(45))
            reminders.push_back(
                {"final_notice", instant{anchor.ms + 12 * day + r.between(0, 86400) * second}});
        if (age_now > day && r.percent(6)) {
            extension_t e;
            e.hours = pick(r, extension_hours).value;
            e.granted = instant{anchor.ms + r.between(3600, (age_now - minute) / second) * second};
            if (r.percent(80)) e.reason = pick(r, extension_reasons).name;
            if (multi && r.percent(50)) e.subscription_id = subs[unpaid].id;
            extensions.push_back(e);
        }
        if (!history.empty() && r.percent(10)) { // granted in an earlier grace period
            extension_t e;
            e.hours = 168;
            e.granted = instant{history.back().started.ms + day};
            e.reason = "support_request";
            if (e.granted < anchor) extensions.insert(extensions.begin(), e);
        }
    }

    // Card details.
    std::string expires;
    const char* brand = nullptr;
    std::string last4;
    const bool has_method = !(is_free && addon_count == 0 && r.percent(70));
    if (has_method && method_type != "paypal") {
        append_padded(last4, r.below(10000), 4);
    }
    if (has_method && method_type == "card") {
        brand = pick(r, card_brands).name;
        const i64 now_month = month_index(now);
        i64 exp = now_month + r.between(0, 48);
        const bool expired_decline =
            first_hard != nullptr && std::string_view(first_hard) == "expired_card";
        if (expired_decline)
            exp = month_index(first_failure.ms >= 0 ? first_failure : now) - r.between(1, 3);
        else if (r.percent(6))
            exp = now_month - r.between(1, 3);
        expires = month_text(exp / 12, exp % 12 + 1);
    }

    // Tags, activity, metadata.
    std::vector<std::string> tags;
    if (r.permille(20)) {
        tags.push_back(r.percent(50) ? "internal" : "partner");
        tags.push_back("exempt");
    }
    if (r.percent(8)) tags.push_back(pick(r, extra_tags).name);
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());

    const bool has_usage = r.percent(93);
    instant last_active = instant{now.ms - r.between(60, 3 * 86400) * second};
    if (r.percent(12))
        last_active = instant{now.ms - r.between(14 * 86400, 90 * 86400) * second}; // dormant
    if (last_active <= customer_since)
        last_active = instant{customer_since.ms + static_cast<i64>(r.below(static_cast<u64>(
                                                      (now.ms - customer_since.ms) / second))) *
                                                      second};
    const bool has_metadata = r.percent(4);

    // --- write ----------------------------------------------------------------------------
    json_out w;
    w.begin_object();
    w.field("schema", "respite.account/1");
    {
        std::string id = "acct_";
        append_padded(id, index, 7);
        w.field("id", id);
    }
    w.field("plan", plan.name);
    w.field("timezone", reg.zone);
    w.field("locale", locale);
    w.field("customer_since", customer_since);
    if (!tags.empty()) {
        w.key("tags");
        w.begin_array();
        for (const auto& t : tags)
            w.string(t);
        w.end_array();
    }
    auto write_sub = [&](const sub_t& s, bool with_plan) {
        w.begin_object();
        w.field("id", s.id);
        if (with_plan) w.field("plan", s.plan);
        w.key("price");
        w.begin_object();
        w.field("amount", s.price);
        w.field("currency", currency);
        w.end_object();
        w.field("interval", s.period == 365 * day ? "P365D" : "P30D");
        w.field("current_period_start", s.current);
        w.field("current_period_end", s.current + duration{s.period});
        w.end_object();
    };
    if (multi) {
        w.key("subscriptions");
        w.begin_array();
        for (const auto& s : subs)
            write_sub(s, true);
        w.end_array();
    } else {
        w.key("subscription");
        write_sub(subs[0], false);
    }
    w.key("invoices");
    w.begin_array();
    for (const auto& inv : invoices) {
        w.begin_object();
        w.field("id", inv.id);
        if (multi) w.field("subscription_id", subs[static_cast<std::size_t>(inv.sub)].id);
        w.field("amount_due", inv.amount_due);
        w.field("amount_paid", inv.amount_paid);
        w.field("currency", currency);
        w.field("due_at", inv.due);
        w.field("status", inv.status);
        w.field("period_start", inv.period_start);
        w.field("period_end", inv.period_end);
        w.end_object();
    }
    w.end_array();
    w.key("payment_attempts");
    w.begin_array();
    for (const auto& a : attempts) {
        w.begin_object();
        w.field("invoice_id", id_of_key[static_cast<std::size_t>(a.invoice_key)]);
        w.field("at", a.at);
        w.field("outcome", a.succeeded ? "succeeded" : "failed");
        if (!a.succeeded) w.field("decline_code", a.code);
        w.end_object();
    }
    w.end_array();
    if (has_method) {
        w.key("payment_method");
        w.begin_object();
        w.field("type", method_type);
        if (brand != nullptr) w.field("brand", brand);
        if (!last4.empty()) w.field("last4", last4);
        if (!expires.empty()) w.field("expires", expires);
        w.end_object();
    }
    if (!history.empty()) {
        w.key("grace_history");
        w.begin_array();
        for (const auto& h : history) {
            w.begin_object();
            w.field("started_at", h.started);
            w.field("ended_at", h.ended);
            w.field("outcome", h.outcome);
            w.end_object();
        }
        w.end_array();
    }
    if (!extensions.empty()) {
        w.key("extensions");
        w.begin_array();
        for (const auto& e : extensions) {
            w.begin_object();
            w.field("by", duration_hours_text(e.hours));
            w.field("granted_at", e.granted);
            if (!e.subscription_id.empty()) w.field("subscription_id", e.subscription_id);
            if (e.reason != nullptr) w.field("reason", e.reason);
            w.end_object();
        }
        w.end_array();
    }
    if (!reminders.empty()) {
        w.key("reminders_sent");
        w.begin_array();
        for (const auto& rm : reminders) {
            w.begin_object();
            w.field("id", rm.id);
            w.field("at", rm.at);
            w.end_object();
        }
        w.end_array();
    }
    if (has_usage) {
        w.key("usage");
        w.begin_object();
        w.field("last_active_at", last_active);
        w.end_object();
    }
    if (has_metadata) {
        w.key("metadata");
        w.begin_object();
        w.field("crm_id", "hs_" + token(r, 8));
        w.field("segment", b2b ? "mid_market" : "smb");
        w.end_object();
    }
    w.end_object();
    return w.take();
}

} // namespace respite
