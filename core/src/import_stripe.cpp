// Stripe API objects → respite.account/1. Objects are recognised by their "object" member:
// customer, subscription, invoice, payment_intent, charge, payment_method, card,
// invoice_payment, inside list/search_result envelopes and events, expanded or not.
// docs/importers.md has the mapping table.
#include "import_common.hpp"

#include <map>
#include <set>

namespace respite::detail::importing {
namespace {

struct context {
    std::string invoice_id; // the invoice an expanded payment sits under
    std::string payment_intent_id;
};

struct charge_record {
    std::string id, payment_intent_id, invoice_id, code, path;
    bool succeeded = false;
    instant at;
    std::optional<std::int64_t> amount;
};

struct payment_intent_record {
    std::string id, invoice_id, code, path;
    bool succeeded = false, failed = false;
    instant at;
    std::optional<std::int64_t> amount;
};

class stripe_importer final : public provider_importer {
public:
    using provider_importer::provider_importer;
    void visit(const json& value, const std::string& path) override { walk(value, path, {}); }
    void finish() override;

private:
    void walk(const json& v, const std::string& path, const context& ctx);
    void customer(const json& c, const std::string& path);
    void subscription(const json& sub, const std::string& path);
    void invoice(const json& inv, const std::string& path);
    void payment_intent(const json& pi, const std::string& path, const context& ctx);
    void charge(const json& ch, const std::string& path, const context& ctx);
    void invoice_payment(const json& ip, const std::string& path, const context& ctx);
    void payment_method(const json& pm, const std::string& path, int rank, instant seen_at);
    void card(const json& card, const std::string& path, const std::string& type, int rank,
              instant seen_at);
    // A member that is either an id or the expanded object: returns the id, and walks the
    // object (with `ctx`) when expanded.
    std::string expandable(const json& obj, const std::string& path, const char* key,
                           const context& ctx);
    void claim_customer(const json& obj, const std::string& path);
    // The contract's decline code for a Stripe code; unknown codes are reported.
    std::string decline(const std::string& code, const std::string& path);
    void take_metadata(const json& obj, const std::string& path, json& into);

    std::vector<charge_record> charges_;
    std::vector<payment_intent_record> intents_;
    std::map<std::string, std::string> intent_invoice_;     // payment intent id → invoice id
    std::map<std::string, std::string> charge_invoice_;     // charge id → invoice id
    std::map<std::string, std::string> attempt_count_path_; // invoice id → where it said so
};

void stripe_importer::walk(const json& v, const std::string& path, const context& ctx) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            walk(v[i], at_index(path, i), ctx);
        return;
    }
    if (!s_.expect_object(v, path)) return;
    const json* kind_value = s_.get(v, "object");
    if (!kind_value || !kind_value->is_string()) {
        s_.report(path); // not a Stripe API object
        return;
    }
    const std::string& kind = kind_value->get_ref<const std::string&>();
    if (kind == "list" || kind == "search_result") {
        if (const json* data = s_.array(v, path, "data")) walk(*data, at_key(path, "data"), ctx);
    } else if (kind == "event") {
        const json* data = s_.get(v, "data");
        if (data && s_.expect_object(*data, at_key(path, "data"))) {
            if (const json* obj = s_.get(*data, "object"))
                walk(*obj, at_key(at_key(path, "data"), "object"), ctx);
            else
                s_.fail(at_key(at_key(path, "data"), "object"), "missing_field",
                        "an event carries its object in data.object");
        }
    } else if (kind == "customer")
        customer(v, path);
    else if (kind == "subscription")
        subscription(v, path);
    else if (kind == "invoice")
        invoice(v, path);
    else if (kind == "payment_intent")
        payment_intent(v, path, ctx);
    else if (kind == "charge")
        charge(v, path, ctx);
    else if (kind == "invoice_payment")
        invoice_payment(v, path, ctx);
    else if (kind == "payment_method")
        payment_method(v, path, 2, {});
    else if (kind == "card")
        card(v, path, "card", 2, {});
    else
        s_.report(path); // an object the contract has no place for (coupon, product, …)
}

std::string stripe_importer::expandable(const json& obj, const std::string& path, const char* key,
                                        const context& ctx) {
    const json* v = s_.get(obj, key);
    if (!v) return {};
    if (v->is_string()) return v->get<std::string>();
    if (v->is_object()) {
        walk(*v, at_key(path, key), ctx);
        if (const json* id = s_.get(*v, "id"); id && id->is_string()) return id->get<std::string>();
        return {};
    }
    s_.fail(at_key(path, key), "wrong_type", "expected an id or an expanded object");
    return {};
}

void stripe_importer::claim_customer(const json& obj, const std::string& path) {
    const json* c = s_.get(obj, "customer");
    if (!c) return;
    if (c->is_string())
        s_.claim_account(c->get<std::string>(), at_key(path, "customer"));
    else if (c->is_object())
        walk(*c, at_key(path, "customer"), {});
    else
        s_.fail(at_key(path, "customer"), "wrong_type", "expected an id or an expanded object");
}

std::string stripe_importer::decline(const std::string& code, const std::string& path) {
    if (code.empty() || code == "card_declined") return "generic_decline";
    if (is_known_decline_code(code)) return code;
    s_.report(path);
    return "generic_decline";
}

void stripe_importer::take_metadata(const json& obj, const std::string& path, json& into) {
    const json* m = s_.get(obj, "metadata");
    if (!m || !s_.expect_object(*m, at_key(path, "metadata"))) return;
    for (auto it = m->begin(); it != m->end(); ++it)
        if (!into.contains(it.key())) into[it.key()] = it.value();
}

void stripe_importer::customer(const json& c, const std::string& path) {
    if (auto id = s_.text(c, path, "id", true)) s_.claim_account(*id, at_key(path, "id"));
    s_.fill(s_.email, s_.text(c, path, "email"));
    s_.fill(s_.name, s_.text(c, path, "name"));
    if (auto t = s_.unix_time(c, path, "created"); t && !s_.customer_since) s_.customer_since = t;
    if (const json* locales = s_.array(c, path, "preferred_locales"); locales && !locales->empty())
        s_.fill(s_.locale,
                s_.string_value((*locales)[0], at_index(at_key(path, "preferred_locales"), 0)));
    take_metadata(c, path, s_.metadata);
    if (const json* settings = s_.get(c, "invoice_settings");
        settings && s_.expect_object(*settings, at_key(path, "invoice_settings"))) {
        const std::string sp = at_key(path, "invoice_settings");
        if (const json* pm = s_.get(*settings, "default_payment_method"); pm && pm->is_object())
            payment_method(*pm, at_key(sp, "default_payment_method"), 3, {});
        s_.report_rest(*settings, sp, {"default_payment_method"},
                       {"custom_fields", "footer", "rendering_options", "rendering"});
    }
    if (const json* source = s_.get(c, "default_source"); source && source->is_object()) {
        const json* t = s_.get(*source, "object");
        if (t && t->is_string() && *t == "card")
            card(*source, at_key(path, "default_source"), "card", 2, {});
    }
    if (const json* subs = s_.get(c, "subscriptions"))
        walk(*subs, at_key(path, "subscriptions"), {});
    s_.report_rest(c, path,
                   {"id", "object", "email", "name", "created", "preferred_locales", "metadata",
                    "invoice_settings", "default_source", "subscriptions"},
                   {"livemode", "invoice_prefix", "next_invoice_sequence", "sources", "tax_ids",
                    "currency", "description", "phone", "address", "shipping", "tax_exempt", "tax",
                    "test_clock", "individual_name", "business_name"});
}

void stripe_importer::subscription(const json& sub, const std::string& path) {
    out_subscription out;
    if (auto id = s_.text(sub, path, "id", true)) out.id = *id;
    claim_customer(sub, path);
    if (auto status = s_.text(sub, path, "status")) out.status = *status;
    out.period_start = s_.unix_time(sub, path, "current_period_start");
    out.period_end = s_.unix_time(sub, path, "current_period_end");

    // The price: the items' unit amounts × quantities (one currency); the plan: the first
    // item's price lookup_key, else its nickname, else its id.
    auto read_price = [&](const json& price, const std::string& pp, std::int64_t quantity,
                          bool first) {
        if (!s_.expect_object(price, pp)) return;
        if (first) {
            auto key = s_.text(price, pp, "lookup_key");
            auto nick = s_.text(price, pp, "nickname");
            auto pid = s_.text(price, pp, "id");
            out.plan = key ? *key : nick ? *nick : pid ? *pid : std::string{};
            if (const json* rec = s_.get(price, "recurring");
                rec && s_.expect_object(*rec, at_key(pp, "recurring"))) {
                auto unit = s_.text(*rec, at_key(pp, "recurring"), "interval");
                auto count = s_.whole(*rec, at_key(pp, "recurring"), "interval_count");
                if (unit) out.interval = billing_interval(*unit, count.value_or(1));
            } else if (auto unit = s_.text(price, pp, "interval")) { // a legacy Plan object
                out.interval =
                    billing_interval(*unit, s_.whole(price, pp, "interval_count").value_or(1));
            }
        }
        // A Price has unit_amount (null when tiered); a legacy Plan has amount.
        const char* amount_key =
            price.contains("unit_amount") || !price.contains("amount") ? "unit_amount" : "amount";
        auto unit_amount = s_.amount(price, pp, amount_key);
        auto cur = s_.currency(price, pp, "currency");
        if (!unit_amount || !cur) {
            s_.report(at_key(pp, amount_key)); // tiered or metered: no single price
            out.price.reset();
            return;
        }
        if (first) out.price = money{0, *cur};
        if (!out.price || out.price->currency != *cur) {
            s_.report(pp); // items in another currency: the price holds one
            return;
        }
        out.price->amount += *unit_amount * quantity;
    };
    bool any_item = false;
    if (const json* items = s_.get(sub, "items")) {
        const std::string ip = at_key(path, "items");
        if (s_.expect_object(*items, ip))
            if (const json* data = s_.array(*items, ip, "data")) {
                bool price_ok = true;
                for (std::size_t i = 0; i < data->size(); ++i) {
                    const json& item = (*data)[i];
                    const std::string itp = at_index(at_key(ip, "data"), i);
                    if (!s_.expect_object(item, itp)) continue;
                    const std::int64_t quantity = s_.whole(item, itp, "quantity").value_or(1);
                    const json* price = s_.get(item, "price");
                    const char* price_key = "price";
                    if (!price) price = s_.get(item, "plan"), price_key = "plan";
                    if (!price) continue;
                    const bool first = !any_item;
                    any_item = true;
                    if (!price_ok) continue;
                    read_price(*price, at_key(itp, price_key), quantity, first);
                    if (!out.price) price_ok = false;
                    if (!out.period_start)
                        out.period_start = s_.unix_time(item, itp, "current_period_start");
                    if (!out.period_end)
                        out.period_end = s_.unix_time(item, itp, "current_period_end");
                }
            }
    }
    if (!any_item)
        if (const json* plan = s_.get(sub, "plan"))
            read_price(*plan, at_key(path, "plan"), s_.whole(sub, path, "quantity").value_or(1),
                       true);
    take_metadata(sub, path, out.metadata);
    if (const json* pm = s_.get(sub, "default_payment_method"); pm && pm->is_object())
        payment_method(*pm, at_key(path, "default_payment_method"), 4, {});
    if (const json* latest = s_.get(sub, "latest_invoice"); latest && latest->is_object())
        walk(*latest, at_key(path, "latest_invoice"), {});
    s_.report_rest(sub, path,
                   {"id", "object", "customer", "status", "items", "plan", "quantity",
                    "current_period_start", "current_period_end", "latest_invoice",
                    "default_payment_method", "metadata"},
                   {"livemode",
                    "created",
                    "start_date",
                    "billing_cycle_anchor",
                    "billing_cycle_anchor_config",
                    "collection_method",
                    "automatic_tax",
                    "payment_settings",
                    "invoice_settings",
                    "application",
                    "application_fee_percent",
                    "currency",
                    "description",
                    "default_source",
                    "default_tax_rates",
                    "on_behalf_of",
                    "transfer_data",
                    "test_clock",
                    "billing_thresholds",
                    "pending_setup_intent",
                    "pending_invoice_item_interval",
                    "next_pending_invoice_item_invoice",
                    "days_until_due",
                    "schedule",
                    "trial_settings",
                    "billing_mode",
                    "invoice_customer_balance_settings"});
    if (!out.id.empty()) s_.add(std::move(out));
}

void stripe_importer::invoice(const json& inv, const std::string& path) {
    out_invoice out;
    out.path = path;
    auto id = s_.text(inv, path, "id", true);
    if (id) out.id = *id;
    claim_customer(inv, path);
    auto status = s_.text(inv, path, "status", true);
    if (status && *status == "draft") {
        s_.report(path); // not issued yet: nothing is owed
        return;
    }
    if (status) {
        if (*status == "open" || *status == "paid" || *status == "void" ||
            *status == "uncollectible")
            out.status = *status;
        else
            s_.fail(at_key(path, "status"), "invalid_value",
                    "'" + *status +
                        "' is not a Stripe invoice status (draft, open, paid, "
                        "void, uncollectible)");
    }
    const context ctx{out.id, {}};
    out.subscription_id = expandable(inv, path, "subscription", {});
    if (out.subscription_id.empty())
        if (const json* parent = s_.get(inv, "parent"); parent && parent->is_object())
            if (const json* details = s_.get(*parent, "subscription_details");
                details && details->is_object())
                if (auto sid =
                        s_.text(*details, at_key(at_key(path, "parent"), "subscription_details"),
                                "subscription"))
                    out.subscription_id = *sid;
    auto due = s_.amount(inv, path, "amount_due", true);
    auto paid = s_.amount(inv, path, "amount_paid");
    auto cur = s_.currency(inv, path, "currency", true);
    out.amount_due = due.value_or(0);
    out.amount_paid = paid.value_or(0);
    out.currency = cur.value_or("");
    s_.cap_paid(out, at_key(path, "amount_paid"));

    // Due: the due date of an invoice sent for payment; otherwise (charged automatically)
    // the moment it was finalized, else created.
    std::optional<instant> due_at = s_.unix_time(inv, path, "due_date");
    if (!due_at)
        if (const json* tr = s_.get(inv, "status_transitions");
            tr && s_.expect_object(*tr, at_key(path, "status_transitions")))
            due_at = s_.unix_time(*tr, at_key(path, "status_transitions"), "finalized_at");
    out.created_at = s_.unix_time(inv, path, "created", !due_at);
    if (!due_at) due_at = out.created_at;
    if (due_at) out.due_at = *due_at;
    if (auto number = s_.text(inv, path, "number")) out.number = *number;

    // The service period: the line items' periods (the invoice's own period_start/period_end
    // look back one period for subscription invoices).
    if (const json* lines = s_.get(inv, "lines");
        lines && s_.expect_object(*lines, at_key(path, "lines"))) {
        const std::string lp = at_key(path, "lines");
        out.period_path = lp;
        if (const json* data = s_.array(*lines, lp, "data"))
            for (std::size_t i = 0; i < data->size(); ++i) {
                const std::string linep = at_index(at_key(lp, "data"), i);
                const json* period = s_.get((*data)[i], "period");
                if (!period || !s_.expect_object(*period, at_key(linep, "period"))) continue;
                auto start = s_.unix_time(*period, at_key(linep, "period"), "start");
                auto end = s_.unix_time(*period, at_key(linep, "period"), "end");
                if (start && (!out.period_start || *start < *out.period_start))
                    out.period_start = start;
                if (end && (!out.period_end || *end > *out.period_end)) out.period_end = end;
            }
    }
    take_metadata(inv, path, out.metadata);
    if (auto t = s_.text(inv, path, "customer_email")) s_.fill(s_.email, t);
    if (auto t = s_.text(inv, path, "customer_name")) s_.fill(s_.name, t);
    if (auto n = s_.whole(inv, path, "attempt_count"); n && *n > 0 && !out.id.empty())
        attempt_count_path_[out.id] = at_key(path, "attempt_count");

    if (auto pi = expandable(inv, path, "payment_intent", ctx); !pi.empty() && !out.id.empty())
        intent_invoice_[pi] = out.id;
    if (auto ch = expandable(inv, path, "charge", ctx); !ch.empty() && !out.id.empty())
        charge_invoice_[ch] = out.id;
    if (const json* payments = s_.get(inv, "payments"))
        walk(*payments, at_key(path, "payments"), ctx);

    s_.report_rest(inv, path,
                   {"id",           "object",        "customer",           "status",
                    "subscription", "parent",        "amount_due",         "amount_paid",
                    "currency",     "due_date",      "status_transitions", "created",
                    "number",       "lines",         "payment_intent",     "charge",
                    "payments",     "attempt_count", "metadata",           "customer_email",
                    "customer_name"},
                   {"livemode",
                    "account_country",
                    "account_name",
                    "account_tax_ids",
                    "amount_remaining",
                    "amount_overpaid",
                    "amount_shipping",
                    "application",
                    "application_fee_amount",
                    "attempted",
                    "auto_advance",
                    "automatic_tax",
                    "automatically_finalizes_at",
                    "billing_reason",
                    "collection_method",
                    "confirmation_secret",
                    "custom_fields",
                    "customer_address",
                    "customer_phone",
                    "customer_shipping",
                    "customer_tax_exempt",
                    "customer_tax_ids",
                    "default_payment_method",
                    "default_source",
                    "default_tax_rates",
                    "description",
                    "discount",
                    "discounts",
                    "effective_at",
                    "ending_balance",
                    "footer",
                    "from_invoice",
                    "hosted_invoice_url",
                    "invoice_pdf",
                    "issuer",
                    "last_finalization_error",
                    "latest_revision",
                    "on_behalf_of",
                    "paid",
                    "paid_out_of_band",
                    "payment_settings",
                    "period_start",
                    "period_end",
                    "post_payment_credit_notes_amount",
                    "pre_payment_credit_notes_amount",
                    "quote",
                    "receipt_number",
                    "rendering",
                    "rendering_options",
                    "shipping_cost",
                    "shipping_details",
                    "starting_balance",
                    "statement_descriptor",
                    "subscription_details",
                    "subscription_proration_date",
                    "subtotal",
                    "subtotal_excluding_tax",
                    "tax",
                    "test_clock",
                    "threshold_reason",
                    "total",
                    "total_discount_amounts",
                    "total_excluding_tax",
                    "total_pretax_credit_amounts",
                    "total_tax_amounts",
                    "total_taxes",
                    "transfer_data",
                    "webhooks_delivered_at"});
    if (!out.id.empty() && !out.status.empty() && due_at && cur && due) s_.add(std::move(out));
}

void stripe_importer::payment_intent(const json& pi, const std::string& path, const context& ctx) {
    payment_intent_record rec;
    rec.path = path;
    if (auto id = s_.text(pi, path, "id", true)) rec.id = *id;
    claim_customer(pi, path);
    rec.invoice_id = expandable(pi, path, "invoice", {});
    if (rec.invoice_id.empty()) rec.invoice_id = ctx.invoice_id;
    if (auto created = s_.unix_time(pi, path, "created", true)) rec.at = *created;
    rec.amount = s_.amount(pi, path, "amount");
    auto status = s_.text(pi, path, "status", true);

    std::string code;
    if (const json* err = s_.get(pi, "last_payment_error");
        err && s_.expect_object(*err, at_key(path, "last_payment_error"))) {
        const std::string ep = at_key(path, "last_payment_error");
        auto decline_code = s_.text(*err, ep, "decline_code");
        auto error_code = s_.text(*err, ep, "code");
        code = decline_code ? decline(*decline_code, at_key(ep, "decline_code"))
                            : decline(error_code.value_or(""), at_key(ep, "code"));
        if (const json* pm = s_.get(*err, "payment_method"); pm && pm->is_object())
            payment_method(*pm, at_key(ep, "payment_method"), 2, rec.at);
    }
    if (status) {
        if (*status == "succeeded")
            rec.succeeded = true;
        else if (*status == "requires_action") {
            rec.failed = true; // 3-D Secure: the customer must confirm the payment
            code = "authentication_required";
        } else if (!code.empty())
            rec.failed = true;
        else if (*status == "canceled")
            s_.report(at_key(path, "status"));
    }
    rec.code = code;

    const context inner{rec.invoice_id, rec.id};
    if (const json* charges = s_.get(pi, "charges")) walk(*charges, at_key(path, "charges"), inner);
    if (const json* latest = s_.get(pi, "latest_charge"); latest && latest->is_object())
        walk(*latest, at_key(path, "latest_charge"), inner);
    if (const json* pm = s_.get(pi, "payment_method"); pm && pm->is_object())
        payment_method(*pm, at_key(path, "payment_method"), 2, rec.at);
    s_.report_rest(pi, path,
                   {"id", "object", "invoice", "customer", "status", "created", "amount",
                    "currency", "last_payment_error", "charges", "latest_charge", "payment_method",
                    "next_action"},
                   {"livemode",
                    "amount_capturable",
                    "amount_details",
                    "amount_received",
                    "application",
                    "application_fee_amount",
                    "automatic_payment_methods",
                    "canceled_at",
                    "cancellation_reason",
                    "capture_method",
                    "client_secret",
                    "confirmation_method",
                    "description",
                    "excluded_payment_method_types",
                    "metadata",
                    "on_behalf_of",
                    "payment_details",
                    "payment_method_configuration_details",
                    "payment_method_options",
                    "payment_method_types",
                    "presentment_details",
                    "processing",
                    "receipt_email",
                    "review",
                    "setup_future_usage",
                    "shipping",
                    "source",
                    "statement_descriptor",
                    "statement_descriptor_suffix",
                    "transfer_data",
                    "transfer_group"});
    if (!rec.id.empty()) intents_.push_back(std::move(rec));
}

void stripe_importer::charge(const json& ch, const std::string& path, const context& ctx) {
    charge_record rec;
    rec.path = path;
    if (auto id = s_.text(ch, path, "id", true)) rec.id = *id;
    claim_customer(ch, path);
    rec.invoice_id = expandable(ch, path, "invoice", {});
    if (rec.invoice_id.empty()) rec.invoice_id = ctx.invoice_id;
    rec.payment_intent_id = expandable(ch, path, "payment_intent", {});
    if (rec.payment_intent_id.empty()) rec.payment_intent_id = ctx.payment_intent_id;
    if (auto created = s_.unix_time(ch, path, "created", true)) rec.at = *created;
    rec.amount = s_.amount(ch, path, "amount");
    auto status = s_.text(ch, path, "status", true);

    // The decline code: the outcome's reason (Stripe's decline code) for issuer declines,
    // `fraudulent` for payments Stripe blocked, else the failure code.
    std::string code;
    auto failure_code = s_.text(ch, path, "failure_code");
    if (const json* outcome = s_.get(ch, "outcome");
        outcome && s_.expect_object(*outcome, at_key(path, "outcome"))) {
        const std::string op = at_key(path, "outcome");
        auto type = s_.text(*outcome, op, "type");
        auto reason = s_.text(*outcome, op, "reason");
        if (type && *type == "blocked")
            code = "fraudulent";
        else if (reason && is_known_decline_code(*reason))
            code = *reason;
    }
    if (code.empty() && failure_code) code = decline(*failure_code, at_key(path, "failure_code"));

    if (status && *status == "succeeded")
        rec.succeeded = true;
    else if (status && *status == "failed")
        rec.code = code.empty() ? "generic_decline" : code;
    else if (status && *status == "pending")
        s_.report(path); // no outcome yet
    else if (status)
        s_.fail(at_key(path, "status"), "invalid_value",
                "'" + *status + "' is not a Stripe charge status (succeeded, pending, failed)");

    if (const json* details = s_.get(ch, "payment_method_details");
        details && s_.expect_object(*details, at_key(path, "payment_method_details"))) {
        const std::string dp = at_key(path, "payment_method_details");
        auto type = s_.text(*details, dp, "type");
        if (type && *type == "card") {
            if (const json* c = s_.get(*details, "card"))
                card(*c, at_key(dp, "card"), "card", 1, rec.at);
        } else if (type) {
            s_.offer({*type, "", "", "", 1, rec.at});
        }
    }
    s_.report_rest(ch, path,
                   {"id", "object", "invoice", "payment_intent", "status", "created", "amount",
                    "currency", "failure_code", "failure_message", "outcome",
                    "payment_method_details", "customer"},
                   {"livemode",
                    "amount_captured",
                    "application",
                    "application_fee",
                    "application_fee_amount",
                    "balance_transaction",
                    "billing_details",
                    "calculated_statement_descriptor",
                    "captured",
                    "description",
                    "destination",
                    "failure_balance_transaction",
                    "fraud_details",
                    "metadata",
                    "on_behalf_of",
                    "order",
                    "paid",
                    "payment_method",
                    "presentment_details",
                    "radar_options",
                    "receipt_email",
                    "receipt_number",
                    "receipt_url",
                    "review",
                    "shipping",
                    "source",
                    "source_transfer",
                    "statement_descriptor",
                    "statement_descriptor_suffix",
                    "transfer",
                    "transfer_data",
                    "transfer_group"});
    if (!rec.id.empty() && status && (*status == "succeeded" || *status == "failed"))
        charges_.push_back(std::move(rec));
}

void stripe_importer::invoice_payment(const json& ip, const std::string& path, const context& ctx) {
    std::string invoice_id = expandable(ip, path, "invoice", {});
    if (invoice_id.empty()) invoice_id = ctx.invoice_id;
    if (const json* payment = s_.get(ip, "payment");
        payment && s_.expect_object(*payment, at_key(path, "payment"))) {
        const std::string pp = at_key(path, "payment");
        const context inner{invoice_id, {}};
        if (auto pi = expandable(*payment, pp, "payment_intent", inner);
            !pi.empty() && !invoice_id.empty())
            intent_invoice_[pi] = invoice_id;
        if (auto ch = expandable(*payment, pp, "charge", inner); !ch.empty() && !invoice_id.empty())
            charge_invoice_[ch] = invoice_id;
    }
}

void stripe_importer::payment_method(const json& pm, const std::string& path, int rank,
                                     instant seen_at) {
    if (!s_.expect_object(pm, path)) return;
    claim_customer(pm, path);
    auto type = s_.text(pm, path, "type", true);
    if (!type) return;
    if (*type == "card") {
        if (const json* c = s_.get(pm, "card"))
            card(*c, at_key(path, "card"), "card", rank, seen_at);
        return;
    }
    s_.offer({*type, "", "", "", rank, seen_at});
}

void stripe_importer::card(const json& c, const std::string& path, const std::string& type,
                           int rank, instant seen_at) {
    if (!s_.expect_object(c, path)) return;
    if (s_.get(c, "customer") && s_.get(c, "object")) claim_customer(c, path);
    out_payment_method m;
    m.type = type;
    m.rank = rank;
    m.seen_at = seen_at;
    auto year = s_.whole(c, path, "exp_year");
    auto month = s_.whole(c, path, "exp_month");
    if (year && month) m.expires = expiry_month(*year, *month);
    if (auto last4 = s_.text(c, path, "last4")) m.last4 = *last4;
    if (auto brand = s_.text(c, path, "brand")) m.brand = lower(*brand);
    s_.offer(std::move(m));
}

void stripe_importer::finish() {
    std::set<std::string> intents_with_charges;
    std::set<std::string> invoices_with_attempts;
    for (auto& ch : charges_) {
        if (!ch.payment_intent_id.empty()) intents_with_charges.insert(ch.payment_intent_id);
        std::string invoice_id = ch.invoice_id;
        if (invoice_id.empty()) {
            auto it = charge_invoice_.find(ch.id);
            if (it != charge_invoice_.end()) invoice_id = it->second;
        }
        if (invoice_id.empty() && !ch.payment_intent_id.empty()) {
            auto it = intent_invoice_.find(ch.payment_intent_id);
            if (it != intent_invoice_.end()) invoice_id = it->second;
            for (const auto& pi : intents_)
                if (invoice_id.empty() && pi.id == ch.payment_intent_id) invoice_id = pi.invoice_id;
        }
        out_attempt a;
        a.id = ch.id;
        a.invoice_id = invoice_id;
        a.at = ch.at;
        a.succeeded = ch.succeeded;
        a.decline_code = ch.code;
        a.amount = ch.amount;
        a.rank = 2;
        a.path = ch.path;
        invoices_with_attempts.insert(invoice_id);
        s_.add(std::move(a));
    }
    // A PaymentIntent stands for its attempt only where none of its charges was given: its
    // last error carries no time of its own, so the attempt is dated at its creation.
    for (auto& pi : intents_) {
        if (intents_with_charges.count(pi.id) || (!pi.succeeded && !pi.failed)) continue;
        std::string invoice_id = pi.invoice_id;
        if (invoice_id.empty()) {
            auto it = intent_invoice_.find(pi.id);
            if (it != intent_invoice_.end()) invoice_id = it->second;
        }
        out_attempt a;
        a.id = pi.id;
        a.invoice_id = invoice_id;
        a.at = pi.at;
        a.succeeded = pi.succeeded;
        a.decline_code = pi.succeeded ? "" : pi.code;
        a.amount = pi.amount;
        a.rank = 1;
        a.path = pi.path;
        invoices_with_attempts.insert(invoice_id);
        s_.add(std::move(a));
    }
    // The invoice says payment was tried, but no payment object came with it: say so.
    for (const auto& [invoice_id, where] : attempt_count_path_)
        if (!invoices_with_attempts.count(invoice_id)) s_.report(where);
}

} // namespace

std::unique_ptr<provider_importer> make_stripe_importer(session& s) {
    return std::make_unique<stripe_importer>(s);
}

} // namespace respite::detail::importing
