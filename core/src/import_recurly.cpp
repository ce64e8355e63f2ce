// Recurly API v3 (JSON) resources → respite.account/1: account, billing_info, subscription,
// invoice and transaction, known by "object", alone or in {"object":"list","data":[…]}.
// Amounts are decimals in major units (converted with the currency's exponent); times are
// RFC 3339. The account is known by its `code` (the merchant's own id). docs/importers.md.
#include "import_common.hpp"

namespace respite::detail::importing {
namespace {

// Recurly's transaction error codes → Stripe's decline-code names.
constexpr std::pair<std::string_view, std::string_view> recurly_codes[] = {
    {"declined", "generic_decline"},
    {"declined_saveable", "generic_decline"},
    {"insufficient_funds", "insufficient_funds"},
    {"temporary_hold", "do_not_honor"},
    {"try_again", "try_again_later"},
    {"too_many_attempts", "card_velocity_exceeded"},
    {"exceeds_daily_limit", "card_velocity_exceeded"},
    {"call_issuer", "call_issuer"},
    {"call_issuer_update_cardholder_data", "call_issuer"},
    {"card_not_activated", "call_issuer"},
    {"invalid_transaction", "transaction_not_allowed"},
    {"gateway_timeout", "processing_error"},
    {"gateway_error", "processing_error"},
    {"gateway_unavailable", "processing_error"},
    {"api_error", "processing_error"},
    {"expired_card", "expired_card"},
    {"declined_expiration_date", "expired_card"},
    {"invalid_card_number", "incorrect_number"},
    {"declined_card_number", "incorrect_number"},
    {"declined_security_code", "incorrect_cvc"},
    {"invalid_security_code", "incorrect_cvc"},
    {"card_type_not_accepted", "card_not_supported"},
    {"currency_not_supported", "currency_not_supported"},
    {"cardholder_requested_stop", "stop_payment_order"},
    {"restricted_card", "restricted_card"},
    {"invalid_issuer", "invalid_account"},
    {"no_billing_information", "invalid_account"},
    {"fraud_stolen_card", "stolen_card"},
    {"fraud_address", "fraudulent"},
    {"fraud_ip_address", "fraudulent"},
    {"fraud_gateway", "fraudulent"},
    {"fraud_risk_check", "fraudulent"},
    {"fraud_velocity", "fraudulent"},
    {"fraud_generic", "fraudulent"},
    {"fraud_too_many_attempts", "fraudulent"},
    {"fraud_manual_decision", "fraudulent"},
    {"fraud_security_code", "fraudulent"},
    {"fraud_advanced_verification", "fraudulent"},
    {"three_d_secure_action_required", "authentication_required"},
    {"three_d_secure_authentication_failed", "authentication_required"},
    {"three_d_secure_not_supported", "authentication_required"},
};

class recurly_importer final : public provider_importer {
public:
    using provider_importer::provider_importer;
    void visit(const json& value, const std::string& path) override { walk(value, path, {}); }

private:
    void walk(const json& v, const std::string& path, const std::string& invoice_id);
    void account(const json& a, const std::string& path);
    void billing_info(const json& b, const std::string& path, int rank);
    void subscription(const json& sub, const std::string& path);
    void invoice(const json& inv, const std::string& path);
    void transaction(const json& txn, const std::string& path, const std::string& invoice_id);
    // AccountMini {id, code, …}: the account is known by its code.
    void claim(const json& obj, const std::string& path) {
        const json* mini = s_.get(obj, "account");
        if (!mini || !s_.expect_object(*mini, at_key(path, "account"))) return;
        const std::string mp = at_key(path, "account");
        if (auto code = s_.text(*mini, mp, "code"))
            s_.claim_account(*code, at_key(mp, "code"));
        else if (auto id = s_.text(*mini, mp, "id"))
            s_.claim_account(*id, at_key(mp, "id"));
    }
    std::string decline(const std::string& code, const std::string& path) {
        for (const auto& [recurly, stripe] : recurly_codes)
            if (code == recurly) return std::string(stripe);
        s_.report(path);
        return "generic_decline";
    }
};

void recurly_importer::walk(const json& v, const std::string& path, const std::string& invoice_id) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            walk(v[i], at_index(path, i), invoice_id);
        return;
    }
    if (!s_.expect_object(v, path)) return;
    const json* kind_value = s_.get(v, "object");
    if (!kind_value || !kind_value->is_string()) {
        s_.report(path);
        return;
    }
    const std::string& kind = kind_value->get_ref<const std::string&>();
    if (kind == "list") {
        if (const json* data = s_.array(v, path, "data"))
            walk(*data, at_key(path, "data"), invoice_id);
        s_.report_rest(v, path, {"object", "data"}, {"has_more", "next"});
    } else if (kind == "account")
        account(v, path);
    else if (kind == "billing_info")
        billing_info(v, path, 2);
    else if (kind == "subscription")
        subscription(v, path);
    else if (kind == "invoice")
        invoice(v, path);
    else if (kind == "transaction")
        transaction(v, path, invoice_id);
    else
        s_.report(path); // plans, coupons, credit payments, …
}

void recurly_importer::account(const json& a, const std::string& path) {
    auto code = s_.text(a, path, "code");
    if (code)
        s_.claim_account(*code, at_key(path, "code"));
    else if (auto id = s_.text(a, path, "id", true))
        s_.claim_account(*id, at_key(path, "id"));
    s_.fill(s_.email, s_.text(a, path, "email"));
    auto first = s_.text(a, path, "first_name");
    auto last = s_.text(a, path, "last_name");
    if (first || last) {
        std::string full = first.value_or("");
        if (last) full += (full.empty() ? "" : " ") + *last;
        s_.fill(s_.name, full);
    }
    s_.fill(s_.locale, s_.text(a, path, "preferred_locale"));
    s_.fill(s_.timezone, s_.text(a, path, "preferred_time_zone"));
    if (auto t = s_.rfc3339(a, path, "created_at"); t && !s_.customer_since) s_.customer_since = t;
    if (const json* info = s_.get(a, "billing_info"))
        billing_info(*info, at_key(path, "billing_info"), 3);
    auto state = s_.text(a, path, "state");
    if (state && *state != "active") s_.report(at_key(path, "state")); // a closed account
    s_.report_rest(a, path,
                   {"id", "object", "code", "email", "first_name", "last_name", "preferred_locale",
                    "preferred_time_zone", "created_at", "billing_info", "state"},
                   {"hosted_login_token",
                    "updated_at",
                    "deleted_at",
                    "username",
                    "company",
                    "vat_number",
                    "tax_exempt",
                    "exemption_certificate",
                    "parent_account_id",
                    "bill_to",
                    "dunning_campaign_id",
                    "address",
                    "shipping_addresses",
                    "has_live_subscription",
                    "has_active_subscription",
                    "has_future_subscription",
                    "has_canceled_subscription",
                    "has_paused_subscription",
                    "has_past_due_invoice",
                    "cc_emails",
                    "invoice_template_id",
                    "override_business_entity_id",
                    "preferred_business_entity",
                    "entity_use_code",
                    "external_accounts",
                    "billing_infos",
                    "acquisition"});
}

void recurly_importer::billing_info(const json& b, const std::string& path, int rank) {
    if (!s_.expect_object(b, path)) return;
    const json* pm = s_.get(b, "payment_method");
    if (!pm || !s_.expect_object(*pm, at_key(path, "payment_method"))) return;
    const std::string pp = at_key(path, "payment_method");
    auto kind = s_.text(*pm, pp, "object");
    out_payment_method m;
    m.type = !kind || *kind == "credit_card" ? "card" : *kind;
    m.rank = rank;
    auto year = s_.whole(*pm, pp, "exp_year");
    auto month = s_.whole(*pm, pp, "exp_month");
    if (year && month) m.expires = expiry_month(*year, *month);
    if (auto last4 = s_.text(*pm, pp, "last_four")) m.last4 = *last4;
    if (auto brand = s_.text(*pm, pp, "card_type")) m.brand = lower(*brand);
    if (auto t = s_.rfc3339(b, path, "updated_at")) m.seen_at = *t;
    s_.offer(std::move(m));
}

void recurly_importer::subscription(const json& sub, const std::string& path) {
    out_subscription out;
    if (auto id = s_.text(sub, path, "id", true)) out.id = *id;
    claim(sub, path);
    if (auto state = s_.text(sub, path, "state")) out.status = *state;
    if (const json* plan = s_.get(sub, "plan");
        plan && s_.expect_object(*plan, at_key(path, "plan")))
        if (auto code = s_.text(*plan, at_key(path, "plan"), "code")) out.plan = *code;
    out.period_start = s_.rfc3339(sub, path, "current_period_started_at");
    out.period_end = s_.rfc3339(sub, path, "current_period_ends_at");
    if (auto cur = s_.currency(sub, path, "currency")) {
        // subtotal includes add-ons; unit_amount × quantity where it is absent.
        std::optional<std::int64_t> amount = s_.amount_decimal(sub, path, "subtotal", *cur);
        if (!amount)
            if (auto unit = s_.amount_decimal(sub, path, "unit_amount", *cur))
                amount = *unit * s_.whole(sub, path, "quantity").value_or(1);
        if (amount) out.price = money{*amount, *cur};
    }
    s_.report_rest(sub, path,
                   {"id", "object", "account", "state", "plan", "current_period_started_at",
                    "current_period_ends_at", "currency", "subtotal", "unit_amount", "quantity"},
                   {"uuid",
                    "created_at",
                    "updated_at",
                    "activated_at",
                    "bank_account_authorized_at",
                    "current_term_started_at",
                    "current_term_ends_at",
                    "remaining_billing_cycles",
                    "total_billing_cycles",
                    "renewal_billing_cycles",
                    "auto_renew",
                    "ramp_intervals",
                    "collection_method",
                    "po_number",
                    "net_terms",
                    "net_terms_type",
                    "terms_and_conditions",
                    "customer_notes",
                    "shipping",
                    "tax",
                    "tax_info",
                    "total",
                    "tax_inclusive",
                    "add_ons",
                    "add_ons_total",
                    "revenue_schedule_type",
                    "gateway_code",
                    "billing_info_id",
                    "active_invoice_id",
                    "business_entity_id",
                    "started_with_gift",
                    "converted_at",
                    "action_result"});
    if (!out.id.empty()) s_.add(std::move(out));
}

void recurly_importer::invoice(const json& inv, const std::string& path) {
    out_invoice out;
    out.path = path;
    if (auto id = s_.text(inv, path, "id", true)) out.id = *id;
    claim(inv, path);
    auto type = s_.text(inv, path, "type");
    if (type && *type == "credit") {
        s_.report(path); // a credit invoice owes nothing
        return;
    }
    auto state = s_.text(inv, path, "state", true);
    if (state) {
        if (*state == "pending" || *state == "processing" || *state == "past_due" ||
            *state == "open")
            out.status = "open";
        else if (*state == "paid" || *state == "closed")
            out.status = "paid";
        else if (*state == "failed")
            out.status = "uncollectible";
        else if (*state == "voided")
            out.status = "void";
        else
            s_.fail(at_key(path, "state"), "invalid_value",
                    "'" + *state +
                        "' is not a Recurly invoice state (pending, processing, "
                        "past_due, paid, closed, failed, voided)");
    }
    auto cur = s_.currency(inv, path, "currency", true);
    std::optional<std::int64_t> total;
    if (cur) {
        out.currency = *cur;
        total = s_.amount_decimal(inv, path, "total", *cur, true);
        auto balance = s_.amount_decimal(inv, path, "balance", *cur);
        auto paid = s_.amount_decimal(inv, path, "paid", *cur);
        out.amount_due = total.value_or(0);
        // Paid: what the balance says is no longer owed (payments and credits alike).
        // (A voided invoice keeps no balance: what was paid on it is `paid`.)
        out.amount_paid = balance && out.status != "void"
                              ? std::max<std::int64_t>(0, out.amount_due - *balance)
                              : paid.value_or(0);
        s_.cap_paid(out, at_key(path, balance ? "balance" : "paid"));
    }
    if (auto number = s_.text(inv, path, "number")) out.number = *number;
    if (const json* subs = s_.array(inv, path, "subscription_ids"); subs && !subs->empty()) {
        const std::string sp = at_key(path, "subscription_ids");
        if (auto sid = s_.string_value((*subs)[0], at_index(sp, 0))) out.subscription_id = *sid;
        for (std::size_t i = 1; i < subs->size(); ++i)
            s_.report(at_index(sp, i));
    }
    out.created_at = s_.rfc3339(inv, path, "created_at");
    auto due = s_.rfc3339(inv, path, "due_at");
    std::optional<instant> due_at = due ? due : out.created_at;
    if (due_at)
        out.due_at = *due_at;
    else if (!s_.get(inv, "due_at") && !s_.get(inv, "created_at"))
        s_.fail(at_key(path, "due_at"), "missing_field",
                "an invoice needs due_at or created_at to have a due time");
    if (const json* lines = s_.get(inv, "line_items")) {
        std::string lp = at_key(path, "line_items");
        const json* data = lines;
        if (lines->is_object()) {
            data = s_.array(*lines, lp, "data");
            lp = at_key(lp, "data");
        }
        out.period_path = lp;
        if (data && data->is_array())
            for (std::size_t i = 0; i < data->size(); ++i) {
                const json& line = (*data)[i];
                if (!s_.expect_object(line, at_index(lp, i))) continue;
                auto start = s_.rfc3339(line, at_index(lp, i), "start_date");
                auto end = s_.rfc3339(line, at_index(lp, i), "end_date");
                if (start && (!out.period_start || *start < *out.period_start))
                    out.period_start = start;
                if (end && (!out.period_end || *end > *out.period_end)) out.period_end = end;
            }
    }
    if (const json* txns = s_.get(inv, "transactions"))
        walk(*txns, at_key(path, "transactions"), out.id);
    s_.report_rest(inv, path,
                   {"id", "object", "account", "type", "state", "currency", "total", "balance",
                    "paid", "number", "subscription_ids", "created_at", "due_at", "line_items",
                    "transactions"},
                   {"uuid",
                    "origin",
                    "collection_method",
                    "po_number",
                    "net_terms",
                    "net_terms_type",
                    "address",
                    "shipping_address",
                    "discount",
                    "subtotal",
                    "tax",
                    "tax_info",
                    "refundable_amount",
                    "credit_payments",
                    "updated_at",
                    "closed_at",
                    "terms_and_conditions",
                    "customer_notes",
                    "vat_number",
                    "vat_reverse_charge_notes",
                    "gateway_code",
                    "billing_info_id",
                    "has_more_line_items",
                    "business_entity_id",
                    "previous_invoice_id",
                    "used_tax_service",
                    "reference_invoice_number",
                    "dunning_campaign_id"});
    if (!out.id.empty() && !out.status.empty() && total && due_at) s_.add(std::move(out));
}

void recurly_importer::transaction(const json& txn, const std::string& path,
                                   const std::string& invoice_id) {
    auto id = s_.text(txn, path, "id", true);
    claim(txn, path);
    auto type = s_.text(txn, path, "type", true);
    auto status = s_.text(txn, path, "status", true);
    auto created = s_.rfc3339(txn, path, "created_at", true);
    auto collected = s_.rfc3339(txn, path, "collected_at");
    std::optional<std::int64_t> amount;
    if (auto cur = s_.currency(txn, path, "currency"))
        amount = s_.amount_decimal(txn, path, "amount", *cur);
    std::string linked_invoice = invoice_id;
    if (const json* inv = s_.get(txn, "invoice");
        inv && s_.expect_object(*inv, at_key(path, "invoice")))
        if (auto iid = s_.text(*inv, at_key(path, "invoice"), "id")) linked_invoice = *iid;
    if (const json* pm = s_.get(txn, "payment_method"); pm && created) {
        json info = json::object();
        info["payment_method"] = *pm;
        info["updated_at"] = format_instant(*created);
        billing_info(info, path, 1);
    }
    s_.report_rest(txn, path,
                   {"id", "object", "account", "type", "status", "success", "status_code",
                    "status_message", "created_at", "collected_at", "amount", "currency", "invoice",
                    "payment_method"},
                   {"uuid",
                    "original_transaction_id",
                    "subscription_ids",
                    "origin",
                    "updated_at",
                    "voided_at",
                    "collection_method",
                    "payment_gateway",
                    "gateway_message",
                    "gateway_reference",
                    "gateway_approval_code",
                    "gateway_response_code",
                    "gateway_response_time",
                    "gateway_response_values",
                    "cvv_check",
                    "avs_check",
                    "billing_address",
                    "ip_address",
                    "ip_address_v4",
                    "ip_address_country",
                    "backup_payment_method_used",
                    "fraud_info",
                    "action_result",
                    "vat_number",
                    "voided_by_invoice",
                    "indicator",
                    "merchant_initiated",
                    "customer_message",
                    "customer_message_locale",
                    "status_message",
                    "payment_method_object"});
    if (!id || !type || !status || !created) return;
    if (*type != "purchase" && *type != "capture") {
        s_.report(path); // authorizations, verifications, refunds: not payment attempts
        return;
    }
    out_attempt a;
    a.id = *id;
    a.invoice_id = linked_invoice;
    a.amount = amount;
    a.rank = 2;
    a.path = path;
    a.at = *created;
    if (*status == "success") {
        a.succeeded = true;
        if (collected) a.at = *collected;
    } else if (*status == "declined" || *status == "error") {
        auto code = s_.text(txn, path, "status_code");
        a.decline_code = code ? decline(*code, at_key(path, "status_code")) : "generic_decline";
    } else {
        s_.report(path); // pending, processing, scheduled, void, chargeback
        return;
    }
    s_.add(std::move(a));
}

} // namespace

std::unique_ptr<provider_importer> make_recurly_importer(session& s) {
    return std::make_unique<recurly_importer>(s);
}

} // namespace respite::detail::importing
