// Paddle Billing API entities → respite.account/1. Entities carry no type member: they are
// known by their id prefix (ctm_ customer, sub_ subscription, txn_ transaction), inside the
// API's {"data": …, "meta": …} envelope or a webhook's {"event_type": …, "data": …}.
// Amounts are strings of minor units; times are RFC 3339. docs/importers.md has the table.
#include "import_common.hpp"

namespace respite::detail::importing {
namespace {

// Paddle's transaction.payments[].error_code → Stripe's decline-code names.
constexpr std::pair<std::string_view, std::string_view> paddle_codes[] = {
    {"already_canceled", "generic_decline"},
    {"already_refunded", "generic_decline"},
    {"authentication_failed", "authentication_required"},
    {"blocked_card", "restricted_card"},
    {"canceled", "revocation_of_authorization"},
    {"declined", "generic_decline"},
    {"declined_not_retryable", "do_not_try_again"},
    {"expired_card", "expired_card"},
    {"fraud", "fraudulent"},
    {"invalid_amount", "invalid_amount"},
    {"invalid_payment_details", "invalid_account"},
    {"issuer_unavailable", "issuer_not_available"},
    {"not_enough_balance", "insufficient_funds"},
    {"preferred_network_not_supported", "card_not_supported"},
    {"psp_error", "processing_error"},
    {"redacted_payment_method", "invalid_account"},
    {"system_error", "processing_error"},
    {"transaction_not_permitted", "transaction_not_allowed"},
    {"unknown", "generic_decline"},
};

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.size() >= prefix.size() && std::string_view(s).substr(0, prefix.size()) == prefix;
}

class paddle_importer final : public provider_importer {
public:
    using provider_importer::provider_importer;
    void visit(const json& value, const std::string& path) override { walk(value, path); }

private:
    void walk(const json& v, const std::string& path);
    void customer(const json& c, const std::string& path);
    void subscription(const json& sub, const std::string& path);
    void transaction(const json& txn, const std::string& path);
    void payment(const json& p, const std::string& path, const std::string& invoice_id,
                 const std::string& currency, std::size_t index);
    void claim(const json& obj, const std::string& path) {
        if (auto id = s_.text(obj, path, "customer_id"))
            s_.claim_account(*id, at_key(path, "customer_id"));
    }
    void custom_data(const json& obj, const std::string& path, json& into) {
        const json* m = s_.get(obj, "custom_data");
        if (!m || !s_.expect_object(*m, at_key(path, "custom_data"))) return;
        for (auto it = m->begin(); it != m->end(); ++it)
            if (!into.contains(it.key())) into[it.key()] = it.value();
    }
    std::string decline(const std::string& code, const std::string& path) {
        for (const auto& [paddle, stripe] : paddle_codes)
            if (code == paddle) return std::string(stripe);
        s_.report(path);
        return "generic_decline";
    }
};

void paddle_importer::walk(const json& v, const std::string& path) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            walk(v[i], at_index(path, i));
        return;
    }
    if (!s_.expect_object(v, path)) return;
    if (const json* data = s_.get(v, "data")) { // an API response or a webhook event
        walk(*data, at_key(path, "data"));
        s_.report_rest(v, path, {"data"},
                       {"meta", "event_id", "event_type", "occurred_at", "notification_id"});
        return;
    }
    const json* id = s_.get(v, "id");
    const std::string kind = id && id->is_string() ? id->get<std::string>() : std::string{};
    if (starts_with(kind, "ctm_"))
        customer(v, path);
    else if (starts_with(kind, "sub_"))
        subscription(v, path);
    else if (starts_with(kind, "txn_"))
        transaction(v, path);
    else
        s_.report(path); // a price, product, address, … or not a Paddle entity at all
}

void paddle_importer::customer(const json& c, const std::string& path) {
    if (auto id = s_.text(c, path, "id", true)) s_.claim_account(*id, at_key(path, "id"));
    s_.fill(s_.name, s_.text(c, path, "name"));
    s_.fill(s_.email, s_.text(c, path, "email"));
    s_.fill(s_.locale, s_.text(c, path, "locale"));
    if (auto t = s_.rfc3339(c, path, "created_at"); t && !s_.customer_since) s_.customer_since = t;
    custom_data(c, path, s_.metadata);
    s_.report_rest(c, path, {"id", "name", "email", "locale", "created_at", "custom_data"},
                   {"status", "marketing_consent", "import_meta", "updated_at"});
}

void paddle_importer::subscription(const json& sub, const std::string& path) {
    out_subscription out;
    if (auto id = s_.text(sub, path, "id", true)) out.id = *id;
    claim(sub, path);
    if (auto status = s_.text(sub, path, "status")) out.status = *status;
    if (const json* period = s_.get(sub, "current_billing_period");
        period && s_.expect_object(*period, at_key(path, "current_billing_period"))) {
        const std::string pp = at_key(path, "current_billing_period");
        out.period_start = s_.rfc3339(*period, pp, "starts_at");
        out.period_end = s_.rfc3339(*period, pp, "ends_at");
    }
    if (const json* cycle = s_.get(sub, "billing_cycle");
        cycle && s_.expect_object(*cycle, at_key(path, "billing_cycle"))) {
        const std::string cp = at_key(path, "billing_cycle");
        auto unit = s_.text(*cycle, cp, "interval");
        auto count = s_.whole(*cycle, cp, "frequency");
        if (unit) out.interval = billing_interval(*unit, count.value_or(1));
    }
    // The price: recurring items' unit prices × quantities; the plan: the first item's price id.
    if (const json* items = s_.array(sub, path, "items")) {
        const std::string ip = at_key(path, "items");
        bool price_ok = true;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const json& item = (*items)[i];
            const std::string itp = at_index(ip, i);
            if (!s_.expect_object(item, itp)) continue;
            const json* price = s_.get(item, "price");
            if (!price || !s_.expect_object(*price, at_key(itp, "price"))) continue;
            const std::string pp = at_key(itp, "price");
            if (out.plan.empty())
                if (auto pid = s_.text(*price, pp, "id")) out.plan = *pid;
            if (!s_.get(*price, "billing_cycle")) continue; // a one-time charge
            const json* unit_price = s_.get(*price, "unit_price");
            if (!unit_price || !s_.expect_object(*unit_price, at_key(pp, "unit_price"))) continue;
            const std::string up = at_key(pp, "unit_price");
            auto amount = s_.amount_text(*unit_price, up, "amount", true);
            auto cur = s_.currency(*unit_price, up, "currency_code", true);
            const std::int64_t quantity = s_.whole(item, itp, "quantity").value_or(1);
            if (!amount || !cur || !price_ok) continue;
            if (!out.price) out.price = money{0, *cur};
            if (out.price->currency != *cur) {
                s_.report(pp); // another currency: the price holds one
                continue;
            }
            out.price->amount += *amount * quantity;
        }
    }
    custom_data(sub, path, out.metadata);
    s_.report_rest(sub, path,
                   {"id", "customer_id", "status", "current_billing_period", "billing_cycle",
                    "items", "custom_data"},
                   {"currency_code", "address_id", "business_id", "created_at", "updated_at",
                    "started_at", "first_billed_at", "next_billed_at", "collection_mode",
                    "billing_details", "management_urls", "import_meta", "transaction_id"});
    if (!out.id.empty()) s_.add(std::move(out));
}

void paddle_importer::transaction(const json& txn, const std::string& path) {
    out_invoice out;
    out.path = path;
    if (auto id = s_.text(txn, path, "id", true)) out.id = *id;
    claim(txn, path);
    if (auto sub = s_.text(txn, path, "subscription_id")) out.subscription_id = *sub;
    auto status = s_.text(txn, path, "status", true);
    if (status && (*status == "draft" || *status == "ready")) {
        s_.report(path); // not billed yet: nothing is owed
        return;
    }
    if (status) {
        if (*status == "billed" || *status == "past_due")
            out.status = "open";
        else if (*status == "paid" || *status == "completed")
            out.status = "paid";
        else if (*status == "canceled")
            out.status = "void";
        else
            s_.fail(at_key(path, "status"), "invalid_value",
                    "'" + *status +
                        "' is not a Paddle transaction status (draft, ready, "
                        "billed, paid, completed, canceled, past_due)");
    }
    auto cur = s_.currency(txn, path, "currency_code", true);
    if (cur) out.currency = *cur;

    // What is owed: details.totals.grand_total (after discount, tax and credit, before
    // payments); what is left: totals.balance.
    bool amounts_ok = false;
    const json* details = s_.field(txn, path, "details", true);
    if (details && s_.expect_object(*details, at_key(path, "details"))) {
        const std::string dp = at_key(path, "details");
        const json* totals = s_.field(*details, dp, "totals", true);
        if (totals && s_.expect_object(*totals, at_key(dp, "totals"))) {
            const std::string tp = at_key(dp, "totals");
            std::optional<std::int64_t> due = s_.amount_text(*totals, tp, "grand_total");
            if (!due && !s_.get(*totals, "grand_total")) { // before grand_total existed
                auto total = s_.amount_text(*totals, tp, "total", true);
                auto credit = s_.amount_text(*totals, tp, "credit");
                if (total) due = std::max<std::int64_t>(0, *total - credit.value_or(0));
            }
            auto balance = s_.amount_text(*totals, tp, "balance");
            if (due) {
                amounts_ok = true;
                out.amount_due = *due;
                if (out.status == "paid")
                    out.amount_paid = *due;
                else if (balance)
                    out.amount_paid = std::max<std::int64_t>(0, *due - *balance);
            }
        }
    }

    // Due: when billed (created if never billed); a manually collected transaction has its
    // payment terms on top.
    auto created = s_.rfc3339(txn, path, "created_at");
    auto billed = s_.rfc3339(txn, path, "billed_at");
    out.created_at = created;
    std::optional<instant> due_at = billed ? billed : created;
    if (!due_at && !s_.get(txn, "billed_at") && !s_.get(txn, "created_at"))
        s_.fail(at_key(path, "billed_at"), "missing_field",
                "a transaction needs billed_at or created_at to have a due time");
    auto mode = s_.text(txn, path, "collection_mode");
    if (due_at && mode && *mode == "manual")
        if (const json* bd = s_.get(txn, "billing_details");
            bd && s_.expect_object(*bd, at_key(path, "billing_details")))
            if (const json* terms = s_.get(*bd, "payment_terms");
                terms && s_.expect_object(
                             *terms, at_key(at_key(path, "billing_details"), "payment_terms"))) {
                const std::string tp = at_key(at_key(path, "billing_details"), "payment_terms");
                auto unit = s_.text(*terms, tp, "interval", true);
                auto count = s_.whole(*terms, tp, "frequency", true);
                if (unit && count) {
                    if (auto t = add_calendar(*due_at, *unit, *count))
                        due_at = t;
                    else
                        s_.fail(tp, "invalid_value",
                                "payment terms of " + std::to_string(*count) + " " + *unit +
                                    " cannot be added");
                }
            }
    if (due_at) out.due_at = *due_at;
    if (const json* period = s_.get(txn, "billing_period");
        period && s_.expect_object(*period, at_key(path, "billing_period"))) {
        const std::string pp = at_key(path, "billing_period");
        out.period_path = pp;
        out.period_start = s_.rfc3339(*period, pp, "starts_at");
        out.period_end = s_.rfc3339(*period, pp, "ends_at");
    }
    if (auto number = s_.text(txn, path, "invoice_number")) out.number = *number;
    custom_data(txn, path, out.metadata);

    if (const json* payments = s_.array(txn, path, "payments"))
        for (std::size_t i = 0; i < payments->size(); ++i)
            payment((*payments)[i], at_index(at_key(path, "payments"), i), out.id, cur.value_or(""),
                    i);
    s_.report_rest(txn, path,
                   {"id", "customer_id", "subscription_id", "status", "currency_code", "details",
                    "created_at", "billed_at", "collection_mode", "billing_details",
                    "billing_period", "invoice_number", "custom_data", "payments"},
                   {"origin", "address_id", "business_id", "updated_at", "items", "checkout",
                    "invoice_id", "discount_id", "discount", "available_payment_methods",
                    "receipt_data", "revised_at", "address", "business", "customer",
                    "adjustments_totals"});
    if (!out.id.empty() && !out.status.empty() && cur && due_at && amounts_ok)
        s_.add(std::move(out));
}

void paddle_importer::payment(const json& p, const std::string& path, const std::string& invoice_id,
                              const std::string&, std::size_t index) {
    if (!s_.expect_object(p, path)) return;
    out_attempt a;
    a.invoice_id = invoice_id;
    a.path = path;
    a.rank = 1;
    auto attempt_id = s_.text(p, path, "payment_attempt_id");
    a.id = attempt_id ? *attempt_id : invoice_id + "#" + std::to_string(index);
    auto created = s_.rfc3339(p, path, "created_at", true);
    auto captured = s_.rfc3339(p, path, "captured_at");
    a.amount = s_.amount_text(p, path, "amount");
    auto status = s_.text(p, path, "status", true);
    auto error_code = s_.text(p, path, "error_code");
    bool counts = false;
    if (status && *status == "captured") {
        a.succeeded = true;
        counts = true;
    } else if (status && *status == "error") {
        a.decline_code =
            error_code ? decline(*error_code, at_key(path, "error_code")) : "generic_decline";
        counts = true;
    } else if (status && *status == "action_required") {
        a.decline_code = "authentication_required"; // 3-D Secure: the customer must confirm
        counts = true;
    } else if (status) {
        s_.report(path); // authorized, pending, canceled, …: not a settled attempt
    }
    if (created) a.at = a.succeeded && captured ? *captured : *created;

    if (const json* method = s_.get(p, "method_details");
        method && s_.expect_object(*method, at_key(path, "method_details"))) {
        const std::string mp = at_key(path, "method_details");
        auto type = s_.text(*method, mp, "type");
        out_payment_method m;
        m.type = type ? *type : "card";
        m.rank = 1;
        m.seen_at = a.at;
        if (const json* card = s_.get(*method, "card");
            card && s_.expect_object(*card, at_key(mp, "card"))) {
            const std::string cp = at_key(mp, "card");
            auto year = s_.whole(*card, cp, "expiry_year");
            auto month = s_.whole(*card, cp, "expiry_month");
            if (year && month) m.expires = expiry_month(*year, *month);
            if (auto last4 = s_.text(*card, cp, "last4")) m.last4 = *last4;
            if (auto brand = s_.text(*card, cp, "type")) m.brand = lower(*brand);
        }
        if (created) s_.offer(std::move(m));
    }
    s_.report_rest(p, path,
                   {"payment_attempt_id", "created_at", "captured_at", "amount", "status",
                    "error_code", "method_details"},
                   {"stored_payment_method_id", "payment_method_id"});
    if (counts && created) s_.add(std::move(a));
}

} // namespace

std::unique_ptr<provider_importer> make_paddle_importer(session& s) {
    return std::make_unique<paddle_importer>(s);
}

} // namespace respite::detail::importing
