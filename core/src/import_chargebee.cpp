// Chargebee API v2 resources → respite.account/1. A retrieve answers
// {"subscription":{…},"customer":{…},"card":{…}}, a list {"list":[{…}, …],"next_offset":…},
// a webhook {"object":"event","content":{…}}; every resource names its type in "object".
// Amounts are integer minor units, times Unix seconds. docs/importers.md has the table.
#include "import_common.hpp"

namespace respite::detail::importing {
namespace {

// Gateway error codes as Chargebee passes them on, where they differ from Stripe's names.
constexpr std::pair<std::string_view, std::string_view> chargebee_codes[] = {
    {"card_declined", "generic_decline"},
    {"declined", "generic_decline"},
    {"3ds_failed", "authentication_required"},
    {"3ds_authentication_failed", "authentication_required"},
    {"authentication_failed", "authentication_required"},
    {"payment_intent_authentication_failure", "authentication_required"},
    {"card_expired", "expired_card"},
    {"payment_method_not_present", "invalid_account"},
    {"gateway_error", "processing_error"},
};

class chargebee_importer final : public provider_importer {
public:
    using provider_importer::provider_importer;
    void visit(const json& value, const std::string& path) override { walk(value, path); }

private:
    void walk(const json& v, const std::string& path);
    void resource(const json& v, const std::string& path, const std::string& kind);
    void customer(const json& c, const std::string& path);
    void card(const json& c, const std::string& path, int rank);
    void subscription(const json& sub, const std::string& path);
    void invoice(const json& inv, const std::string& path);
    void transaction(const json& txn, const std::string& path);
    void claim(const json& obj, const std::string& path) {
        if (auto id = s_.text(obj, path, "customer_id"))
            s_.claim_account(*id, at_key(path, "customer_id"));
    }
    void meta_data(const json& obj, const std::string& path, json& into) {
        const json* m = s_.get(obj, "meta_data");
        if (!m || !s_.expect_object(*m, at_key(path, "meta_data"))) return;
        for (auto it = m->begin(); it != m->end(); ++it)
            if (!into.contains(it.key())) into[it.key()] = it.value();
    }
    // An attempt summarised on an invoice (linked_payments, dunning_attempts).
    void summary_attempt(const json& entry, const std::string& path, const std::string& invoice_id,
                         const char* id_key, const char* time_key, const char* fallback_time_key);
    std::string decline(const std::string& code, const std::string& path) {
        for (const auto& [alias, stripe] : chargebee_codes)
            if (code == alias) return std::string(stripe);
        if (is_known_decline_code(code)) return code;
        s_.report(path);
        return "generic_decline";
    }
};

constexpr std::string_view resource_keys[] = {"customer",    "subscription", "invoice",
                                              "transaction", "card",         "payment_source"};

void chargebee_importer::walk(const json& v, const std::string& path) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            walk(v[i], at_index(path, i));
        return;
    }
    if (!s_.expect_object(v, path)) return;
    if (const json* list = s_.array(v, path, "list")) { // a list response
        walk(*list, at_key(path, "list"));
        s_.report_rest(v, path, {"list"}, {"next_offset"});
        return;
    }
    if (const json* kind = s_.get(v, "object"); kind && kind->is_string()) {
        resource(v, path, kind->get<std::string>());
        return;
    }
    // A retrieve response or a list entry: resources keyed by their type.
    bool any = false;
    for (auto it = v.begin(); it != v.end(); ++it) {
        bool known = false;
        for (auto key : resource_keys)
            known = known || it.key() == key;
        if (!known) continue;
        any = true;
        if (it.value().is_null()) continue;
        const std::string rp = at_key(path, it.key());
        if (s_.expect_object(it.value(), rp)) resource(it.value(), rp, it.key());
    }
    if (!any) {
        s_.report(path); // not a Chargebee resource
        return;
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
        bool known = false;
        for (auto key : resource_keys)
            known = known || it.key() == key;
        if (!known && !it.value().is_null()) s_.report(at_key(path, it.key()));
    }
}

void chargebee_importer::resource(const json& v, const std::string& path, const std::string& kind) {
    if (kind == "event") {
        const json* content = s_.field(v, path, "content", true);
        if (content) walk(*content, at_key(path, "content"));
    } else if (kind == "customer")
        customer(v, path);
    else if (kind == "subscription")
        subscription(v, path);
    else if (kind == "invoice")
        invoice(v, path);
    else if (kind == "transaction")
        transaction(v, path);
    else if (kind == "card")
        card(v, path, 2);
    else if (kind == "payment_source") {
        claim(v, path);
        if (const json* c = s_.get(v, "card"))
            card(*c, at_key(path, "card"), 2);
        else if (auto type = s_.text(v, path, "type"))
            s_.offer({*type, "", "", "", 1, {}});
    } else
        s_.report(path); // a resource the contract has no place for (plan, coupon, …)
}

void chargebee_importer::customer(const json& c, const std::string& path) {
    if (auto id = s_.text(c, path, "id", true)) s_.claim_account(*id, at_key(path, "id"));
    s_.fill(s_.email, s_.text(c, path, "email"));
    auto first = s_.text(c, path, "first_name");
    auto last = s_.text(c, path, "last_name");
    if (first || last) {
        std::string full = first.value_or("");
        if (last) full += (full.empty() ? "" : " ") + *last;
        s_.fill(s_.name, full);
    }
    s_.fill(s_.locale, s_.text(c, path, "locale"));
    if (auto t = s_.unix_time(c, path, "created_at"); t && !s_.customer_since)
        s_.customer_since = t;
    meta_data(c, path, s_.metadata);
    if (const json* pm = s_.get(c, "payment_method");
        pm && s_.expect_object(*pm, at_key(path, "payment_method")))
        if (auto type = s_.text(*pm, at_key(path, "payment_method"), "type"))
            s_.offer({*type, "", "", "", 1, {}});
    s_.report_rest(c, path,
                   {"id", "object", "email", "first_name", "last_name", "locale", "created_at",
                    "meta_data", "payment_method"},
                   {"company",
                    "phone",
                    "auto_collection",
                    "offline_payment_method",
                    "net_term_days",
                    "allow_direct_debit",
                    "taxability",
                    "updated_at",
                    "resource_version",
                    "deleted",
                    "preferred_currency_code",
                    "card_status",
                    "billing_address",
                    "vat_number",
                    "pii_cleared",
                    "channel",
                    "mrr",
                    "tax_providers_fields",
                    "billing_date_mode",
                    "billing_day_of_week_mode",
                    "primary_payment_source_id",
                    "backup_payment_source_id",
                    "business_entity_id",
                    "auto_close_invoices",
                    "is_location_valid",
                    "created_from_ip",
                    "entity_code",
                    "exempt_number",
                    "balances"});
}

void chargebee_importer::card(const json& c, const std::string& path, int rank) {
    if (!s_.expect_object(c, path)) return;
    claim(c, path);
    out_payment_method m;
    m.type = "card";
    m.rank = rank;
    auto year = s_.whole(c, path, "expiry_year");
    auto month = s_.whole(c, path, "expiry_month");
    if (year && month) m.expires = expiry_month(*year, *month);
    if (auto last4 = s_.text(c, path, "last4")) m.last4 = *last4;
    auto brand = s_.text(c, path, "card_type");
    if (!brand) brand = s_.text(c, path, "brand");
    if (brand) m.brand = lower(*brand);
    s_.offer(std::move(m));
}

void chargebee_importer::subscription(const json& sub, const std::string& path) {
    out_subscription out;
    if (auto id = s_.text(sub, path, "id", true)) out.id = *id;
    claim(sub, path);
    if (auto status = s_.text(sub, path, "status")) out.status = *status;
    out.period_start = s_.unix_time(sub, path, "current_term_start");
    out.period_end = s_.unix_time(sub, path, "current_term_end");
    auto unit = s_.text(sub, path, "billing_period_unit");
    auto count = s_.whole(sub, path, "billing_period");
    if (unit) out.interval = billing_interval(*unit, count.value_or(1));
    auto cur = s_.currency(sub, path, "currency_code");

    // The price: plan and addon items (Product Catalog 2.0), or plan + addons (1.0).
    std::optional<std::int64_t> total;
    auto add_item = [&](const json& item, const std::string& ip, const char* amount_key,
                        const char* unit_key, const char* quantity_key) {
        auto amount = s_.amount(item, ip, amount_key);
        if (!amount) {
            auto unit_price = s_.amount(item, ip, unit_key);
            auto quantity = s_.whole(item, ip, quantity_key);
            if (unit_price) amount = *unit_price * quantity.value_or(1);
        }
        if (amount) total = total.value_or(0) + *amount;
    };
    if (const json* items = s_.array(sub, path, "subscription_items")) {
        const std::string ip = at_key(path, "subscription_items");
        for (std::size_t i = 0; i < items->size(); ++i) {
            const json& item = (*items)[i];
            const std::string itp = at_index(ip, i);
            if (!s_.expect_object(item, itp)) continue;
            auto type = s_.text(item, itp, "item_type");
            if (type && *type == "charge") continue; // one-time charges are not the price
            if (type && *type == "plan" && out.plan.empty())
                if (auto price_id = s_.text(item, itp, "item_price_id")) out.plan = *price_id;
            add_item(item, itp, "amount", "unit_price", "quantity");
        }
    }
    if (auto plan = s_.text(sub, path, "plan_id"); plan && out.plan.empty()) {
        out.plan = *plan;
        add_item(sub, path, "plan_amount", "plan_unit_price", "plan_quantity");
        if (const json* addons = s_.array(sub, path, "addons"))
            for (std::size_t i = 0; i < addons->size(); ++i)
                if (s_.expect_object((*addons)[i], at_index(at_key(path, "addons"), i)))
                    add_item((*addons)[i], at_index(at_key(path, "addons"), i), "amount",
                             "unit_price", "quantity");
    }
    if (total && cur) out.price = money{*total, *cur};
    meta_data(sub, path, out.metadata);
    s_.report_rest(sub, path,
                   {"id", "object", "customer_id", "status", "current_term_start",
                    "current_term_end", "billing_period", "billing_period_unit", "currency_code",
                    "subscription_items", "plan_id", "plan_amount", "plan_unit_price",
                    "plan_quantity", "addons", "meta_data"},
                   {"created_at",
                    "started_at",
                    "activated_at",
                    "updated_at",
                    "resource_version",
                    "deleted",
                    "has_scheduled_changes",
                    "has_scheduled_advance_invoices",
                    "channel",
                    "mrr",
                    "exchange_rate",
                    "base_currency_code",
                    "next_billing_at",
                    "auto_collection",
                    "due_invoices_count",
                    "due_since",
                    "total_dues",
                    "remaining_billing_cycles",
                    "po_number",
                    "override_relationship",
                    "item_tiers",
                    "plan_free_quantity",
                    "setup_fee",
                    "shipping_address",
                    "payment_source_id",
                    "business_entity_id",
                    "auto_close_invoices",
                    "trial_end_action",
                    "plan_free_quantity_in_decimal",
                    "plan_quantity_in_decimal",
                    "plan_unit_price_in_decimal",
                    "plan_amount_in_decimal",
                    "billing_address",
                    "create_pending_invoices",
                    "free_period",
                    "free_period_unit",
                    "offline_payment_method"});
    if (!out.id.empty()) s_.add(std::move(out));
}

void chargebee_importer::summary_attempt(const json& entry, const std::string& path,
                                         const std::string& invoice_id, const char* id_key,
                                         const char* time_key, const char* fallback_time_key) {
    if (!s_.expect_object(entry, path)) return;
    auto id = s_.text(entry, path, id_key);
    auto status = s_.text(entry, path, "txn_status");
    auto at = s_.unix_time(entry, path, time_key);
    if (!at) at = s_.unix_time(entry, path, fallback_time_key);
    if (!id || !status || !at) return;
    out_attempt a;
    a.id = *id;
    a.invoice_id = invoice_id;
    a.at = *at;
    a.path = path;
    a.rank = 1; // the transaction itself, when given, says more (its error code)
    a.amount = s_.amount(entry, path, "txn_amount");
    if (*status == "success")
        a.succeeded = true;
    else if (*status == "failure" || *status == "late_failure" || *status == "timeout")
        a.decline_code = *status == "timeout" ? "processing_error" : "generic_decline";
    else
        return; // in progress, voided, …
    s_.add(std::move(a));
}

void chargebee_importer::invoice(const json& inv, const std::string& path) {
    out_invoice out;
    out.path = path;
    if (auto id = s_.text(inv, path, "id", true)) out.id = *id;
    claim(inv, path);
    if (auto sub = s_.text(inv, path, "subscription_id")) out.subscription_id = *sub;
    auto status = s_.text(inv, path, "status", true);
    if (status && *status == "pending") {
        s_.report(path); // not closed yet: nothing is owed
        return;
    }
    auto write_off = s_.amount(inv, path, "write_off_amount");
    if (status) {
        if (*status == "paid")
            out.status = write_off.value_or(0) > 0 ? "uncollectible" : "paid";
        else if (*status == "posted" || *status == "payment_due")
            out.status = "open";
        else if (*status == "not_paid")
            out.status = "uncollectible";
        else if (*status == "voided")
            out.status = "void";
        else
            s_.fail(at_key(path, "status"), "invalid_value",
                    "'" + *status +
                        "' is not a Chargebee invoice status (paid, posted, "
                        "payment_due, not_paid, voided, pending)");
    }
    auto cur = s_.currency(inv, path, "currency_code", true);
    if (cur) out.currency = *cur;
    // Owed: the total less credit notes and credits applied; paid: amount_paid (a written-off
    // remainder stays unpaid, as Stripe's uncollectible does).
    auto total = s_.amount(inv, path, "total", true);
    auto adjusted = s_.amount(inv, path, "amount_adjusted");
    auto credits = s_.amount(inv, path, "credits_applied");
    auto paid = s_.amount(inv, path, "amount_paid");
    if (total)
        out.amount_due =
            std::max<std::int64_t>(0, *total - adjusted.value_or(0) - credits.value_or(0));
    out.amount_paid = paid.value_or(0);
    s_.cap_paid(out, at_key(path, "amount_paid"));
    auto date = s_.unix_time(inv, path, "date");
    auto due_date = s_.unix_time(inv, path, "due_date");
    std::optional<instant> due_at = due_date ? due_date : date;
    if (due_at)
        out.due_at = *due_at;
    else if (!s_.get(inv, "date") && !s_.get(inv, "due_date"))
        s_.fail(at_key(path, "date"), "missing_field",
                "an invoice needs date or due_date to have a due time");
    out.created_at = date;
    if (const json* lines = s_.array(inv, path, "line_items")) {
        const std::string lp = at_key(path, "line_items");
        out.period_path = lp;
        for (std::size_t i = 0; i < lines->size(); ++i) {
            const json& line = (*lines)[i];
            if (!s_.expect_object(line, at_index(lp, i))) continue;
            auto from = s_.unix_time(line, at_index(lp, i), "date_from");
            auto to = s_.unix_time(line, at_index(lp, i), "date_to");
            if (from && (!out.period_start || *from < *out.period_start)) out.period_start = from;
            if (to && (!out.period_end || *to > *out.period_end)) out.period_end = to;
        }
    }
    if (const json* linked = s_.array(inv, path, "linked_payments"))
        for (std::size_t i = 0; i < linked->size(); ++i)
            summary_attempt((*linked)[i], at_index(at_key(path, "linked_payments"), i), out.id,
                            "txn_id", "txn_date", "applied_at");
    if (const json* dunning = s_.array(inv, path, "dunning_attempts"))
        for (std::size_t i = 0; i < dunning->size(); ++i)
            summary_attempt((*dunning)[i], at_index(at_key(path, "dunning_attempts"), i), out.id,
                            "transaction_id", "created_at", "created_at");
    s_.report_rest(inv, path,
                   {"id", "object", "customer_id", "subscription_id", "status", "currency_code",
                    "total", "amount_paid", "amount_adjusted", "credits_applied",
                    "write_off_amount", "date", "due_date", "line_items", "linked_payments",
                    "dunning_attempts"},
                   {"amount_due",
                    "recurring",
                    "price_type",
                    "exchange_rate",
                    "tax",
                    "sub_total",
                    "net_term_days",
                    "paid_at",
                    "updated_at",
                    "resource_version",
                    "deleted",
                    "first_invoice",
                    "new_sales_amount",
                    "has_advance_charges",
                    "term_finalized",
                    "is_gifted",
                    "generated_at",
                    "round_off_amount",
                    "base_currency_code",
                    "line_item_discounts",
                    "line_item_taxes",
                    "line_item_tiers",
                    "taxes",
                    "discounts",
                    "billing_address",
                    "shipping_address",
                    "issued_credit_notes",
                    "adjustment_credit_notes",
                    "applied_credits",
                    "linked_orders",
                    "notes",
                    "channel",
                    "business_entity_id",
                    "local_currency_code",
                    "sub_total_in_local_currency",
                    "total_in_local_currency",
                    "amount_to_collect",
                    "vat_number",
                    "po_number",
                    "line_items_next_offset",
                    "payment_owner",
                    "voided_at",
                    "expected_payment_date",
                    "tax_origin",
                    "statement_descriptor",
                    "einvoice",
                    "site_details_at_creation"});
    if (!out.id.empty() && !out.status.empty() && cur && total && due_at) s_.add(std::move(out));
}

void chargebee_importer::transaction(const json& txn, const std::string& path) {
    auto id = s_.text(txn, path, "id", true);
    claim(txn, path);
    auto type = s_.text(txn, path, "type", true);
    auto status = s_.text(txn, path, "status", true);
    auto at = s_.unix_time(txn, path, "date", true);
    auto amount = s_.amount(txn, path, "amount");
    s_.report_rest(txn, path,
                   {"id", "object", "customer_id", "subscription_id", "type", "status", "date",
                    "amount", "currency_code", "error_code", "error_text", "three_d_secure",
                    "linked_invoices"},
                   {"gateway_account_id",
                    "payment_source_id",
                    "payment_method",
                    "reference_number",
                    "gateway",
                    "settled_at",
                    "exchange_rate",
                    "id_at_gateway",
                    "fraud_flag",
                    "initiator_type",
                    "authorization_reason",
                    "voided_at",
                    "resource_version",
                    "updated_at",
                    "fraud_reason",
                    "amount_unused",
                    "masked_card_number",
                    "reference_transaction_id",
                    "refunded_txn_id",
                    "reference_authorization_id",
                    "amount_capturable",
                    "reversal_transaction_id",
                    "linked_credit_notes",
                    "linked_refunds",
                    "linked_payments",
                    "deleted",
                    "iin",
                    "last4",
                    "merchant_reference_id",
                    "business_entity_id",
                    "payment_method_details",
                    "error_detail",
                    "base_currency_code",
                    "custom_payment_method_id",
                    "cn_create_reason_code",
                    "cn_reason_code",
                    "cn_date",
                    "currency_code"});
    if (!id || !type || !status || !at) return;
    if (*type != "payment") {
        s_.report(path); // refunds, authorizations, reversals: not payment attempts
        return;
    }
    out_attempt a;
    a.at = *at;
    a.amount = amount;
    a.rank = 2;
    a.path = path;
    if (*status == "success")
        a.succeeded = true;
    else if (*status == "failure" || *status == "late_failure" || *status == "timeout") {
        auto code = s_.text(txn, path, "error_code");
        auto three_d_secure = s_.flag(txn, path, "three_d_secure");
        if (code)
            a.decline_code = decline(*code, at_key(path, "error_code"));
        else if (three_d_secure.value_or(false))
            a.decline_code = "authentication_required";
        else
            a.decline_code = *status == "timeout" ? "processing_error" : "generic_decline";
    } else {
        s_.report(path); // in progress, needs attention, voided: no outcome
        return;
    }
    const json* linked = s_.array(txn, path, "linked_invoices");
    if (!linked || linked->empty()) {
        a.id = *id;
        s_.add(std::move(a)); // names no invoice: reported when the account is assembled
        return;
    }
    for (std::size_t i = 0; i < linked->size(); ++i) {
        const std::string lp = at_index(at_key(path, "linked_invoices"), i);
        if (!s_.expect_object((*linked)[i], lp)) continue;
        auto invoice_id = s_.text((*linked)[i], lp, "invoice_id", true);
        if (!invoice_id) continue;
        out_attempt one = a;
        one.id = *id;
        one.invoice_id = *invoice_id;
        // One invoice: the transaction's amount (a failed one applies nothing); several: what
        // was applied to each.
        if (linked->size() > 1) one.amount = s_.amount((*linked)[i], lp, "applied_amount");
        s_.add(std::move(one));
    }
}

} // namespace

std::unique_ptr<provider_importer> make_chargebee_importer(session& s) {
    return std::make_unique<chargebee_importer>(s);
}

} // namespace respite::detail::importing
