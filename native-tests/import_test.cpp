// import_test.cpp — respite::import_provider / import_json (respite/import.hpp): billing
// providers' API objects → respite.account/1.
//
// The fixtures in native-tests/import/<provider>/NN-*.json are written from each provider's
// documented object examples; NN-*.expected.json beside each holds the snapshot worked out by
// hand ({"account", "unmapped"}) or the errors ({"errors": [{path, code}]}), compared as JSON
// values.
#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/import.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#ifndef RESPITE_SOURCE_DIR
#error "RESPITE_SOURCE_DIR must name the source tree"
#endif

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct fixture {
    std::string provider;
    fs::path input, expected;
};

std::vector<fixture> fixtures() {
    std::vector<fixture> out;
    const fs::path root = fs::path(RESPITE_SOURCE_DIR) / "native-tests" / "import";
    for (const auto& dir : fs::directory_iterator(root)) {
        if (!dir.is_directory()) continue;
        for (const auto& f : fs::directory_iterator(dir.path())) {
            const std::string name = f.path().filename().string();
            if (f.path().extension() != ".json" || name.find(".expected.") != std::string::npos)
                continue;
            fs::path expected = f.path();
            expected.replace_extension(".expected.json");
            out.push_back({dir.path().filename().string(), f.path(), expected});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const fixture& a, const fixture& b) { return a.input < b.input; });
    return out;
}

json errors_of(const json& doc) {
    json out = json::array();
    for (const auto& e : doc["errors"])
        out.push_back({{"path", e["path"]}, {"code", e["code"]}});
    return out;
}

json import_doc(std::string_view provider, std::string_view text) {
    return json::parse(respite::import_json(provider, text).json);
}

} // namespace

TEST_CASE("import: every fixture gives its hand-worked snapshot") {
    const auto all = fixtures();
    REQUIRE(all.size() >= 18);
    for (const auto& providers : respite::import_providers()) {
        const bool covered = std::any_of(all.begin(), all.end(),
                                         [&](const fixture& f) { return f.provider == providers; });
        CHECK(covered);
    }
    for (const auto& f : all) {
        INFO(f.input.string());
        REQUIRE(fs::exists(f.expected));
        const json expected = json::parse(read_file(f.expected));
        const auto out = respite::import_json(f.provider, read_file(f.input));
        const json got = json::parse(out.json);
        if (expected.contains("errors")) {
            CHECK_FALSE(out.ok);
            CHECK(got["schema"] == "respite.error/1");
            CHECK(errors_of(got).dump(1) == expected["errors"].dump(1));
        } else {
            REQUIRE(out.ok);
            CHECK(got["schema"] == "respite.import/1");
            CHECK(got["provider"] == f.provider);
            CHECK(got["account"].dump(1) == expected["account"].dump(1));
            CHECK(got["unmapped"].dump(1) == expected["unmapped"].dump(1));
        }
    }
}

TEST_CASE("import: every imported account validates and evaluates") {
    const auto* policy = respite::find_preset("standard");
    REQUIRE(policy);
    const respite::system_zone_source zones;
    for (const auto& f : fixtures()) {
        auto imported = respite::import_provider(f.provider, read_file(f.input));
        if (!imported) continue; // the malformed fixtures
        INFO(f.input.string());
        CHECK(respite::parse_account(imported->account_json).ok());
        auto status = respite::evaluate_json(policy->json, imported->account_json,
                                             "2026-12-04T15:00:00Z", zones);
        CHECK(status.ok);
        CHECK(json::parse(status.json)["schema"] == "respite.status/1");
    }
}

TEST_CASE("import: a failed Stripe renewal puts the account in grace") {
    const auto* policy = respite::find_preset("standard");
    REQUIRE(policy);
    const respite::system_zone_source zones;
    const fs::path dir = fs::path(RESPITE_SOURCE_DIR) / "native-tests" / "import" / "stripe";
    auto imported =
        respite::import_provider("stripe", read_file(dir / "01-failed-renewal-soft-decline.json"));
    REQUIRE(imported);
    const json status = json::parse(
        respite::evaluate_json(policy->json, imported->account_json, "2026-12-04T15:00:00Z", zones)
            .json);
    CHECK(status["state"] == "grace");
    CHECK(status["last_decline"]["code"] == "insufficient_funds");
    CHECK(status["required_actions"][0]["type"] == "pay_invoice");

    auto three_ds =
        respite::import_provider("stripe", read_file(dir / "02-three-d-secure-event.json"));
    REQUIRE(three_ds);
    const json s2 = json::parse(
        respite::evaluate_json(policy->json, three_ds->account_json, "2026-11-29T12:00:00Z", zones)
            .json);
    CHECK(s2["required_actions"][0]["type"] == "authenticate_payment");
}

TEST_CASE("import: one value, an array, NDJSON and values one after another") {
    const std::string invoice =
        R"({"object":"invoice","id":"in_1","customer":"cus_1","status":"open",)"
        R"("amount_due":4900,"amount_paid":0,"currency":"eur","created":1795856400})";
    const std::string charge =
        R"({"object":"charge","id":"ch_1","invoice":"in_1","customer":"cus_1",)"
        R"("status":"failed","created":1795856405,"failure_code":"card_declined"})";
    const json single = import_doc("stripe", invoice);
    REQUIRE(single["schema"] == "respite.import/1");
    CHECK(single["account"]["invoices"].size() == 1);

    const json array = import_doc("stripe", "[" + invoice + "," + charge + "]");
    const json ndjson = import_doc("stripe", invoice + "\n" + charge + "\n");
    const json glued = import_doc("stripe", "\xEF\xBB\xBF" + invoice + charge);
    CHECK(array["account"] == ndjson["account"]);
    CHECK(array["account"] == glued["account"]);
    CHECK(array["account"]["payment_attempts"][0]["decline_code"] == "generic_decline");

    // Paths: into the one value; with several values, the value's index first.
    const std::string bad = R"({"object":"invoice","id":"in_2","customer":"cus_1","status":"open",)"
                            R"("amount_due":-1,"currency":"eur","created":1795856400})";
    CHECK(errors_of(import_doc("stripe", bad)) ==
          json::parse(R"([{"path":"/amount_due","code":"negative_amount"}])"));
    CHECK(errors_of(import_doc("stripe", invoice + "\n" + bad)) ==
          json::parse(R"([{"path":"/1/amount_due","code":"negative_amount"}])"));
    const json broken = import_doc("stripe", invoice + "\n{\"object\":");
    CHECK(errors_of(broken) == json::parse(R"([{"path":"/1","code":"invalid_json"}])"));
    CHECK(broken["errors"][0]["message"].get<std::string>().find("value 1") != std::string::npos);
}

TEST_CASE("import: input that holds no provider objects is refused with a reason") {
    CHECK(errors_of(import_doc("stripe", "")) ==
          json::parse(R"([{"path":"","code":"invalid_json"}])"));
    CHECK(errors_of(import_doc("stripe", "42")) ==
          json::parse(R"([{"path":"","code":"invalid_json"}])"));
    CHECK(errors_of(import_doc("stripe", "{} 7")) ==
          json::parse(R"([{"path":"/1","code":"invalid_json"}])"));
    // Objects of no known type are reported, but without any customer there is no account.
    const json none = import_doc("stripe", R"({"object":"coupon","id":"co_1"})");
    CHECK(errors_of(none) == json::parse(R"([{"path":"","code":"no_account"}])"));
    CHECK(errors_of(import_doc("paypal", "{}")) ==
          json::parse(R"([{"path":"/provider","code":"unsupported_provider"}])"));

    respite::input_limits small;
    small.max_document_bytes = 16;
    auto big = respite::import_provider("stripe", R"({"object":"customer","id":"cus_1"})", small);
    REQUIRE_FALSE(big);
    CHECK(big.errors()[0].code == "document_too_large");
    CHECK(errors_of(import_doc("stripe", std::string(40, '[') + std::string(40, ']'))) ==
          json::parse(R"([{"path":"","code":"too_deep"}])"));
}

TEST_CASE("import: decimal amounts use the currency's minor unit") {
    auto invoice = [](const std::string& currency, const std::string& total) {
        return R"({"object":"invoice","id":"i1","type":"charge","state":"past_due",)"
               R"("account":{"code":"a1"},"currency":")" +
               currency + R"(","total":)" + total + R"(,"balance":)" + total +
               R"(,"due_at":"2026-11-10T15:00:00Z"})";
    };
    auto due = [&](const std::string& currency, const std::string& total) {
        const json doc = import_doc("recurly", invoice(currency, total));
        return doc["account"]["invoices"][0]["amount_due"];
    };
    CHECK(due("USD", "19.99") == 1999);
    CHECK(due("USD", "0.29") == 29);
    CHECK(due("EUR", "1234567.89") == 123456789);
    CHECK(due("JPY", "4980") == 4980);
    CHECK(due("KWD", "1.234") == 1234);
    CHECK(errors_of(import_doc("recurly", invoice("USD", "10.005"))) ==
          json::parse(R"([{"path":"/total","code":"invalid_value"},)"
                      R"({"path":"/balance","code":"invalid_value"}])"));
    CHECK(errors_of(import_doc("recurly", invoice("JPY", "4980.5")))[0]["code"] == "invalid_value");
}

TEST_CASE("import: Paddle payment terms count calendar months") {
    const std::string txn =
        R"({"data":{"id":"txn_1","status":"billed","customer_id":"ctm_1","currency_code":"EUR",)"
        R"("collection_mode":"manual","created_at":"2026-01-31T10:00:00Z",)"
        R"("billed_at":"2026-01-31T10:00:00Z","billing_details":{"payment_terms":)"
        R"({"interval":"month","frequency":1}},"details":{"totals":{"grand_total":"1000",)"
        R"("balance":"1000"}},"payments":[]}})";
    const json doc = import_doc("paddle", txn);
    CHECK(doc["account"]["invoices"][0]["due_at"] == "2026-02-28T10:00:00Z");
    CHECK(doc["account"]["invoices"][0]["status"] == "open");
}

TEST_CASE("import: what the contract cannot hold is reported, never dropped silently") {
    // Stripe says the invoice was attempted, but no charge or payment intent came with it.
    const json doc = import_doc(
        "stripe", R"({"object":"invoice","id":"in_1","customer":"cus_1","status":"open",)"
                  R"("amount_due":100,"currency":"usd","created":1795856400,"attempt_count":2,)"
                  R"("trial_end":null,"discount":{"coupon":{"id":"HALF"}},"livemode":false,)"
                  R"("cancel_reason":"","custom_thing":{"a":null}})");
    CHECK(doc["unmapped"] == json::parse(R"(["/attempt_count"])"));
    const json sub = import_doc(
        "stripe", R"({"object":"subscription","id":"sub_1","customer":"cus_1","status":"trialing",)"
                  R"("trial_end":1796083200,"cancel_at_period_end":false,"plan":{"id":"p",)"
                  R"("amount":null,"currency":"usd","interval":"month"}})");
    CHECK(sub["unmapped"] == json::parse(R"(["/plan/amount","/trial_end"])"));
    // A payment for an invoice that was not given: the attempt cannot be held.
    const json orphan = import_doc(
        "stripe", R"({"object":"charge","id":"ch_1","customer":"cus_1","status":"failed",)"
                  R"("created":1795856405,"invoice":"in_elsewhere"})");
    CHECK(orphan["unmapped"] == json::parse(R"([""])"));
    CHECK(orphan["account"]["payment_attempts"].empty());
}
