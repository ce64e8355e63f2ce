// Tests respite/json.hpp: parse_policy and parse_account (validation with JSON Pointer paths),
// parse_account_reference (the fast and the reference reader agree), schema_of, render_errors.
#include <respite/evaluate.hpp>
#include <respite/generate.hpp>
#include <respite/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace respite;

namespace {

bool has_error(const error_list& errors, const std::string& path, const std::string& code) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const error& e) { return e.path == path && e.code == code; });
}

const char* minimal_policy = R"({"schema":"respite.policy/1","id":"p","stages":[
  {"name":"notice","after":"P0D","access":"full","severity":"info"}]})";

} // namespace

TEST_CASE("parse: a minimal policy gets the documented defaults") {
    auto p = parse_policy(minimal_policy);
    REQUIRE(p);
    CHECK(p->id == "p");
    CHECK(p->starts_at == clock_start::invoice_due);
    CHECK(p->boundary == day_boundary::exact);
    CHECK(p->scope == grace_scope::account);
    CHECK_FALSE(p->cancel_after);
    CHECK(p->stages.size() == 1);
    CHECK_FALSE(p->minimum_due.for_currency("EUR"));
}

TEST_CASE("parse: every problem in a policy is reported at once, with its path") {
    auto p = parse_policy(R"({"schema":"respite.policy/2","id":"","cancel_afer":"P30D",
      "clock":{"starts_at":"yesterday"},
      "stages":[{"name":"a","after":"P1D","access":"full","severity":"info"},
                {"name":"b","after":"P1D","access":"all","severity":"loud"},
                {"name":"a","after":"P1M","access":"none","severity":"critical"}],
      "retries":{"schedule":["P3D","P1D"]},
      "minimum_due":{"eur":5, "USD": -1}})");
    REQUIRE_FALSE(p);
    const auto& e = p.errors();
    CHECK(has_error(e, "/schema", "unsupported_schema"));
    CHECK(has_error(e, "/id", "empty_string"));
    CHECK(has_error(e, "/cancel_afer", "unknown_field"));
    CHECK(has_error(e, "/clock/starts_at", "invalid_value"));
    CHECK(has_error(e, "/stages/0/after", "first_stage_not_at_start"));
    CHECK(has_error(e, "/stages/1/access", "invalid_value"));
    CHECK(has_error(e, "/stages/1/severity", "invalid_value"));
    CHECK(has_error(e, "/stages/2/after", "unsupported_duration_unit"));
    CHECK(has_error(e, "/retries/schedule/1", "schedule_out_of_order"));
    CHECK(has_error(e, "/minimum_due/eur", "invalid_currency"));
    CHECK(has_error(e, "/minimum_due/USD", "negative_amount"));
}

TEST_CASE("parse: stage order, names, cancellation and reminders are checked") {
    auto p = parse_policy(R"({"schema":"respite.policy/1","id":"p","cancel_after":"P5D",
      "stages":[{"name":"a","after":"P0D","access":"full","severity":"info"},
                {"name":"b","after":"P7D","access":"full","severity":"info"},
                {"name":"c","after":"P3D","access":"none","severity":"critical"},
                {"name":"b","after":"P9D","access":"none","severity":"critical"}],
      "reminders":[{"id":"r1","before_stage":"zzz","by":"P1D"},{"id":"r2"},
                   {"id":"r3","at":"P1D","before_stage":"a","by":"P1D"}]})");
    REQUIRE_FALSE(p);
    const auto& e = p.errors();
    CHECK(has_error(e, "/stages/2/after", "stages_out_of_order"));
    CHECK(has_error(e, "/stages/3/name", "duplicate_stage"));
    CHECK(has_error(e, "/cancel_after", "cancel_before_stages"));
    CHECK(has_error(e, "/reminders/0/before_stage", "unknown_stage"));
    CHECK(has_error(e, "/reminders/1", "reminder_timing"));
    CHECK(has_error(e, "/reminders/2", "reminder_timing"));
    auto empty = parse_policy(R"({"schema":"respite.policy/1","id":"p","stages":[]})");
    REQUIRE_FALSE(empty);
    CHECK(has_error(empty.errors(), "/stages", "empty_stages"));
    auto conditioned = parse_policy(R"({"schema":"respite.policy/1","id":"p","stages":[
      {"name":"a","after":"P0D","access":"full","severity":"info","unpaid_invoices_at_least":2}]})");
    REQUIRE_FALSE(conditioned);
    CHECK(has_error(conditioned.errors(), "/stages/0", "conditions_on_first_stage"));
}

TEST_CASE("parse: an account's invoices, attempts and subscriptions are cross-checked") {
    auto a = parse_account(R"({"schema":"respite.account/1","id":"a",
      "subscriptions":[{"id":"s1"},{"id":"s2"},{"id":"s1"}],
      "invoices":[{"id":"i1","subscription_id":"s1","amount_due":100,"amount_paid":200,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"},
                  {"id":"i1","subscription_id":"s9","amount_due":4900.5,"currency":"EURO","due_at":"2026-12-01","status":"late"},
                  {"id":"i3","amount_due":100,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open",
                   "period_start":"2026-12-01T00:00:00Z","period_end":"2026-11-01T00:00:00Z"}],
      "payment_attempts":[{"invoice_id":"nope","at":"2026-12-01T00:00:00Z","outcome":"failed"}],
      "payment_method":{"type":"card","expires":"2027-13"}})");
    REQUIRE_FALSE(a);
    const auto& e = a.errors();
    CHECK(has_error(e, "/subscriptions/2/id", "duplicate_id"));
    CHECK(has_error(e, "/invoices/0/amount_paid", "paid_exceeds_due"));
    CHECK(has_error(e, "/invoices/1/id", "duplicate_id"));
    CHECK(has_error(e, "/invoices/1/subscription_id", "unknown_subscription"));
    CHECK(has_error(e, "/invoices/1/amount_due", "wrong_type"));
    CHECK(has_error(e, "/invoices/1/currency", "invalid_currency"));
    CHECK(has_error(e, "/invoices/1/due_at", "invalid_timestamp"));
    CHECK(has_error(e, "/invoices/1/status", "invalid_value"));
    CHECK(has_error(e, "/invoices/2/subscription_id", "missing_subscription_id"));
    CHECK(has_error(e, "/invoices/2/period_end", "period_end_before_start"));
    CHECK(has_error(e, "/payment_attempts/0/invoice_id", "unknown_invoice"));
    CHECK(has_error(e, "/payment_method/expires", "invalid_month"));
}

TEST_CASE("parse: hostile documents are refused, never crash") {
    CHECK(has_error(parse_account("{").errors(), "", "invalid_json"));
    CHECK(has_error(parse_account("[]").errors(), "", "wrong_type"));
    CHECK(has_error(parse_account("").errors(), "", "invalid_json"));
    CHECK(has_error(parse_account(std::string(100000, '[')).errors(), "", "too_deep"));
    input_limits small;
    small.max_document_bytes = 100;
    CHECK(has_error(parse_policy(std::string(200, ' '), small).errors(), "", "document_too_large"));
    auto both = parse_account(R"({"schema":"respite.account/1","id":"a","invoices":[],
      "subscription":{"id":"s"},"subscriptions":[]})");
    CHECK(has_error(both.errors(), "/subscriptions", "conflicting_fields"));
    auto missing = parse_account(R"({"schema":"respite.account/1"})");
    CHECK(has_error(missing.errors(), "/id", "missing_field"));
    CHECK(has_error(missing.errors(), "/invoices", "missing_field"));
    CHECK(has_error(parse_account(R"({"id":"a","invoices":[]})").errors(), "/schema",
                    "missing_field"));
    auto big = parse_account(R"({"schema":"respite.account/1","id":"a","invoices":[{"id":"i",
      "amount_due":1000000000000001,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"}]})");
    CHECK(has_error(big.errors(), "/invoices/0/amount_due", "amount_out_of_range"));
}

TEST_CASE("parse: schema_of names a document's kind") {
    CHECK(schema_of(minimal_policy) == "respite.policy/1");
    CHECK(schema_of("{\"schema\":3}").empty());
    CHECK(schema_of("nonsense").empty());
}

TEST_CASE("parse: error documents escape what they quote") {
    const std::string doc = render_errors({{"/a~1b", "invalid_value", "'\"<x>\"\n' is wrong"}});
    CHECK(
        doc ==
        R"({"schema":"respite.error/1","errors":[{"path":"/a~1b","code":"invalid_value","message":"'\"<x>\"\n' is wrong"}]})");
}

namespace {
std::string evaluated(const result<account>& a) {
    static const char* policy_text = R"({"schema":"respite.policy/1","id":"p","stages":[
      {"name":"notice","after":"P0D","access":"full","severity":"info"},
      {"name":"hold","after":"P7D","access":"none","severity":"critical"}],"cancel_after":"P30D"})";
    if (!a) return render_errors(a.errors());
    auto p = parse_policy(policy_text);
    const utc_only_zone_source zones;
    auto s = evaluate(*p, *a, *parse_instant("2026-12-04T16:00:00Z"), zones);
    return s ? render_status(*s) : render_errors(s.errors());
}
} // namespace

TEST_CASE("parse: the fast account reader and the reference reader agree") {
    generate_options options;
    options.seed = 5;
    options.around = *parse_instant("2026-12-04T16:00:00Z");
    for (std::uint64_t i = 0; i < 2000; ++i) {
        const std::string text = generate_account(options, i);
        // Generated accounts name many zones; compare in UTC so the zone source is not the test.
        std::string utc = text;
        const auto tz = utc.find("\"timezone\":\"");
        if (tz != std::string::npos)
            utc.replace(tz, utc.find('"', tz + 12) - tz + 1, "\"timezone\":\"UTC\"");
        INFO(utc);
        REQUIRE(evaluated(parse_account(utc)) == evaluated(parse_account_reference(utc)));
    }
    // Documents where the two parsers could differ: the reference decides.
    const char* tricky[] = {
        R"({"schema":"respite.account/1","id":"a","id":"b","invoices":[]})", // duplicate key
        R"({"schema":"respite.account/1","id":"a","invoices":[{"id":"i","amount_due":-0,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"}]})",
        R"({"schema":"respite.account/1","id":"a","invoices":[{"id":"i","amount_due":1e3,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"}]})",
        R"({"schema":"respite.account/1","id":"a","invoices":[{"id":"i","amount_due":18446744073709551616,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"}]})",
        R"({"schema":"respite.account/1","id":"\u00e9\ud83d\ude00","invoices":[]})",
        R"({"schema":"respite.account/1","id":"a","invoices":[],"metadata":{"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}})",
        "{\"schema\":\"respite.account/1\",\"id\":\"\xff\",\"invoices\":[]}", // not UTF-8
    };
    for (const char* text : tricky) {
        INFO(text);
        CHECK(evaluated(parse_account(text)) == evaluated(parse_account_reference(text)));
    }
}

// The native fast reader (simdjson On-Demand) reads each member where it stands and gives up at
// any doubt; these documents test both sides of that line, each with its outcome worked out by
// hand, and both readers must give it.
TEST_CASE("parse: the fast reader takes members in any order and leaves every doubt to the "
          "reference") {
    auto both = [](const std::string& text) {
        INFO(text);
        auto fast = parse_account(text);
        auto reference = parse_account_reference(text);
        CHECK(evaluated(fast) == evaluated(reference));
        return fast;
    };
    const std::string invoice =
        R"({"id":"in_1","amount_due":1000,"currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"})";
    SECTION("a subscription before the account's plan still takes that plan") {
        auto a = both(R"({"subscription":{"id":"sub_1"},"schema":"respite.account/1","id":"a",)"
                      R"("plan":"pro","invoices":[)" +
                      invoice + "]}");
        REQUIRE(a.ok());
        REQUIRE(a->subscriptions.size() == 1);
        CHECK(a->subscriptions[0].plan == "pro");
    }
    SECTION("attempts before the invoices they name") {
        auto a = both(R"({"schema":"respite.account/1","id":"a","payment_attempts":[)"
                      R"({"invoice_id":"in_1","at":"2026-12-02T00:00:00Z","outcome":"failed"}],)"
                      R"("invoices":[)" +
                      invoice + "]}");
        REQUIRE(a.ok());
        CHECK(a->payment_attempts[0].decline_code == "generic_decline");
        auto b = both(R"({"schema":"respite.account/1","id":"a","payment_attempts":[)"
                      R"({"invoice_id":"in_9","at":"2026-12-02T00:00:00Z","outcome":"failed"}],)"
                      R"("invoices":[)" +
                      invoice + "]}");
        REQUIRE_FALSE(b.ok());
        CHECK(has_error(b.errors(), "/payment_attempts/0/invoice_id", "unknown_invoice"));
    }
    SECTION("an escaped key means the same key") {
        auto a =
            both(R"({"schema":"respite.account/1","\u0069d":"a","invoices":[)" + invoice + "]}");
        REQUIRE(a.ok());
        CHECK(a->id == "a");
    }
    SECTION("null optional fields are absent") {
        auto a = both(R"({"schema":"respite.account/1","id":"a","timezone":null,"plan":null,)"
                      R"("payment_method":null,"subscription":null,"usage":null,"tags":null,)"
                      R"("invoices":[{"id":"in_1","amount_due":1000,"amount_paid":null,)"
                      R"("currency":"EUR","due_at":"2026-12-01T00:00:00Z","status":"open"}]})");
        REQUIRE(a.ok());
        CHECK(a->timezone == "UTC");
        CHECK(a->invoices[0].amount_paid == 0);
        CHECK_FALSE(a->method.has_value());
    }
    SECTION("ignored values are still JSON: broken ones inside them are refused") {
        for (const char* broken : {R"("metadata":{"x" 1})", R"("name":nul)", R"("name":[1,,2])",
                                   R"("metadata":{"\x":1})", R"("email":tru)"}) {
            auto a = both(std::string(R"({"schema":"respite.account/1","id":"a",)") + broken +
                          R"(,"invoices":[)" + invoice + "]}");
            REQUIRE_FALSE(a.ok());
            CHECK(a.errors()[0].code == "invalid_json");
        }
        auto fine = both(R"({"schema":"respite.account/1","id":"a","name":{"first":[1.5e3,-0,)"
                         R"(true,false,null,"x\n"]},"metadata":{"a":{"b":[]}},"invoices":[)" +
                         invoice + "]}");
        CHECK(fine.ok());
    }
    SECTION("nothing may follow the account") {
        for (const char* tail : {" x", " {}", ",", "]"}) {
            auto a = both(R"({"schema":"respite.account/1","id":"a","invoices":[)" + invoice +
                          "]}" + tail);
            REQUIRE_FALSE(a.ok());
            CHECK(a.errors()[0].code == "invalid_json");
        }
    }
    SECTION("an empty tag is refused") {
        auto a = both(R"({"schema":"respite.account/1","id":"a","tags":[""],"invoices":[)" +
                      invoice + "]}");
        REQUIRE_FALSE(a.ok());
        CHECK(has_error(a.errors(), "/tags/0", "empty_string"));
    }
}
