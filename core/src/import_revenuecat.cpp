// RevenueCat's subscriber (GET /v1/subscribers/{id}: {"request_date":…,"subscriber":{…}})
// → respite.account/1. The app stores show no invoices: a subscription with
// `billing_issues_detected_at` becomes one open renewal invoice, due when the paid period
// ran out (`expires_date`), with a failed attempt when the billing issue was detected.
// docs/importers.md has the table.
#include "import_common.hpp"

namespace respite::detail::importing {
namespace {

class revenuecat_importer final : public provider_importer {
public:
    using provider_importer::provider_importer;
    void visit(const json& value, const std::string& path) override { walk(value, path); }

private:
    void walk(const json& v, const std::string& path);
    void subscriber(const json& sub, const std::string& path);
    void subscription(const std::string& product, const json& sub, const std::string& path,
                      const std::string& plan);
};

void revenuecat_importer::walk(const json& v, const std::string& path) {
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            walk(v[i], at_index(path, i));
        return;
    }
    if (!s_.expect_object(v, path)) return;
    if (const json* sub = s_.get(v, "subscriber")) {
        if (s_.expect_object(*sub, at_key(path, "subscriber")))
            subscriber(*sub, at_key(path, "subscriber"));
        s_.report_rest(v, path, {"subscriber"}, {"request_date", "request_date_ms"});
    } else if (s_.get(v, "original_app_user_id")) {
        subscriber(v, path);
    } else {
        s_.report(path); // not a RevenueCat subscriber
    }
}

void revenuecat_importer::subscriber(const json& sub, const std::string& path) {
    if (auto id = s_.text(sub, path, "original_app_user_id", true))
        s_.claim_account(*id, at_key(path, "original_app_user_id"));
    if (auto t = s_.rfc3339(sub, path, "first_seen"); t && !s_.customer_since)
        s_.customer_since = t;

    // Reserved attributes ($email, $displayName) fill the account; the others go to metadata.
    if (const json* attrs = s_.get(sub, "subscriber_attributes");
        attrs && s_.expect_object(*attrs, at_key(path, "subscriber_attributes"))) {
        const std::string ap = at_key(path, "subscriber_attributes");
        for (auto it = attrs->begin(); it != attrs->end(); ++it) {
            const std::string p = at_key(ap, it.key());
            if (!s_.expect_object(it.value(), p)) continue;
            const json* value = s_.get(it.value(), "value");
            if (!value) continue;
            if (it.key() == "$email")
                s_.fill(s_.email, s_.text(it.value(), p, "value"));
            else if (it.key() == "$displayName")
                s_.fill(s_.name, s_.text(it.value(), p, "value"));
            else if (!s_.metadata.contains(it.key()))
                s_.metadata[it.key()] = *value;
        }
    }

    // A subscription's plan: the entitlement its product unlocks, else the product id.
    std::vector<std::pair<std::string, std::string>> entitlement_of; // product → entitlement
    if (const json* ents = s_.get(sub, "entitlements");
        ents && s_.expect_object(*ents, at_key(path, "entitlements"))) {
        for (auto it = ents->begin(); it != ents->end(); ++it) {
            const std::string ep = at_key(at_key(path, "entitlements"), it.key());
            if (!s_.expect_object(it.value(), ep)) continue;
            if (auto product = s_.text(it.value(), ep, "product_identifier"))
                entitlement_of.emplace_back(*product, it.key());
        }
    }
    if (const json* subs = s_.get(sub, "subscriptions");
        subs && s_.expect_object(*subs, at_key(path, "subscriptions"))) {
        for (auto it = subs->begin(); it != subs->end(); ++it) {
            std::string plan = it.key();
            for (const auto& [product, entitlement] : entitlement_of)
                if (product == it.key()) {
                    plan = entitlement;
                    break;
                }
            subscription(it.key(), it.value(), at_key(at_key(path, "subscriptions"), it.key()),
                         plan);
        }
    }
    s_.report_rest(sub, path,
                   {"original_app_user_id", "first_seen", "subscriber_attributes", "entitlements",
                    "subscriptions"},
                   {"last_seen", "management_url", "original_application_version",
                    "original_purchase_date", "aliases", "original_app_user_id"});
}

void revenuecat_importer::subscription(const std::string& product, const json& sub,
                                       const std::string& path, const std::string& plan) {
    if (!s_.expect_object(sub, path)) return;
    out_subscription out;
    out.id = product;
    out.plan = plan;
    auto purchased = s_.rfc3339(sub, path, "purchase_date");
    auto expires = s_.rfc3339(sub, path, "expires_date");
    auto issue = s_.rfc3339(sub, path, "billing_issues_detected_at");
    out.period_start = purchased;
    out.period_end = expires;
    if (purchased && expires && *expires <= *purchased) {
        s_.report(at_key(path, "expires_date"));
        out.period_end.reset();
    }
    std::optional<money> price;
    if (const json* p = s_.get(sub, "price"); p && s_.expect_object(*p, at_key(path, "price"))) {
        const std::string pp = at_key(path, "price");
        auto cur = s_.currency(*p, pp, "currency", true);
        if (cur)
            if (auto amount = s_.amount_decimal(*p, pp, "amount", *cur, true))
                price = money{*amount, *cur};
    }
    out.price = price;

    if (issue) {
        // The renewal that failed: due when the paid period ran out, as long as that period.
        if (!expires)
            s_.fail(at_key(path, "expires_date"), "missing_field",
                    "a billing issue needs the expiry it happened at");
        if (!price && !s_.get(sub, "price"))
            s_.fail(at_key(path, "price"), "missing_field",
                    "a billing issue needs the price to know what is owed");
        if (expires && price) {
            out_invoice inv;
            inv.id = product + "@" + format_instant(*expires);
            inv.subscription_id = product;
            inv.amount_due = price->amount;
            inv.currency = price->currency;
            inv.status = "open";
            inv.due_at = *expires;
            inv.path = path;
            inv.period_path = at_key(path, "purchase_date");
            if (purchased && *expires > *purchased) {
                inv.period_start = *expires;
                inv.period_end = *expires + (*expires - *purchased);
            }
            out_attempt a;
            a.invoice_id = inv.id;
            a.at = *issue;
            a.decline_code = "generic_decline"; // the stores do not say why
            a.path = at_key(path, "billing_issues_detected_at");
            s_.add(std::move(inv));
            s_.add(std::move(a));
        }
    }
    s_.report_rest(
        sub, path, {"purchase_date", "expires_date", "billing_issues_detected_at", "price"},
        {"is_sandbox", "ownership_type", "period_type", "original_purchase_date", "store",
         "store_transaction_id", "display_name", "product_plan_identifier", "management_url"});
    s_.add(std::move(out));
}

} // namespace

std::unique_ptr<provider_importer> make_revenuecat_importer(session& s) {
    return std::make_unique<revenuecat_importer>(s);
}

} // namespace respite::detail::importing
