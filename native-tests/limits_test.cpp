// Tests the input limits (docs/limits.md) at their edges — respite/json.hpp (parse_policy,
// parse_account, parse_account_reference, input_limits), respite/time.hpp (parse_duration,
// parse_instant, format_instant_with_offset), respite/api.hpp (evaluate_json, timeline_json) —
// and that no accepted input makes 64-bit arithmetic overflow in evaluate(). The last cases are
// the fuzzers' findings (fuzz/README.md), each failing before its fix.
#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/json.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

using namespace respite;
using nlohmann::json;

namespace {

bool has_error(const error_list& errors, const std::string& path, const std::string& code) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const error& e) { return e.path == path && e.code == code; });
}

std::string codes_of(const error_list& errors) {
    std::string out;
    for (const auto& e : errors)
        out += e.path + " " + e.code + "; ";
    return out;
}

json base_policy() {
    return json::parse(R"({"schema":"respite.policy/1","id":"limits",
      "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
                {"name":"warning","after":"P3D","access":"full","severity":"warning"},
                {"name":"suspended","after":"P14D","access":"none","severity":"critical"}],
      "cancel_after":"P30D"})");
}

json invoice_json(const std::string& id, std::int64_t due,
                  const char* due_at = "2026-11-01T00:00:00Z") {
    return {{"id", id},
            {"amount_due", due},
            {"currency", "EUR"},
            {"due_at", due_at},
            {"status", "open"}};
}

json base_account() {
    return {{"schema", "respite.account/1"},
            {"id", "acct"},
            {"invoices", json::array({invoice_json("in_1", 4900)})}};
}

// Both account readers — the native fast path and the reference (what wasm runs) — must give the
// same verdict and the same errors; returns the errors (empty: accepted).
error_list account_errors(const std::string& text) {
    auto fast = parse_account(text);
    auto reference = parse_account_reference(text);
    REQUIRE(fast.ok() == reference.ok());
    if (fast.ok()) return {};
    CHECK(render_errors(fast.errors()) == render_errors(reference.errors()));
    return fast.errors();
}

error_list policy_errors(const std::string& text) {
    auto p = parse_policy(text);
    return p.ok() ? error_list{} : p.errors();
}

// `levels` nested arrays as the value of `metadata`: the document nests levels + 1 deep.
std::string account_nested(int levels) {
    std::string meta(static_cast<std::size_t>(levels), '[');
    meta += std::string(static_cast<std::size_t>(levels), ']');
    std::string text = base_account().dump();
    text.pop_back();
    return text + R"(,"metadata":{"deep":)" + meta + "}}";
}

const char* at = "2026-11-20T00:00:00Z";

} // namespace

TEST_CASE("limits: a document of exactly 4 MiB is read, one byte more is refused") {
    const std::size_t limit = input_limits{}.max_document_bytes;
    REQUIRE(limit == 4u * 1024 * 1024);
    std::string text = base_account().dump();
    text.append(limit - text.size(), ' '); // trailing white space is still JSON
    CHECK(account_errors(text).empty());
    text += ' ';
    CHECK(has_error(account_errors(text), "", "document_too_large"));
    std::string policy = base_policy().dump();
    policy.append(limit + 1 - policy.size(), ' ');
    CHECK(has_error(policy_errors(policy), "", "document_too_large"));
}

TEST_CASE("limits: 32 levels of nesting are read by both readers, 33 are refused by both") {
    // The root object is level 1, metadata level 2: 30 more arrays make 32.
    CHECK(account_errors(account_nested(30)).empty());
    CHECK(has_error(account_errors(account_nested(31)), "", "too_deep"));
    CHECK(has_error(account_errors(account_nested(200)), "", "too_deep"));
    // Brackets inside strings do not count.
    json a = base_account();
    a["metadata"] = {{"note", std::string(100, '[')}};
    CHECK(account_errors(a.dump()).empty());
    // A policy nests at most 4 levels anywhere it is valid; deeper is refused before reading.
    std::string deep = base_policy().dump();
    deep.pop_back();
    deep += R"(,"description":)" + std::string(32, '[') + std::string(32, ']') + "}";
    CHECK(has_error(policy_errors(deep), "", "too_deep"));
}

TEST_CASE("limits: account arrays hold 10,000 items, 10,001 are refused") {
    for (const char* field : {"invoices", "payment_attempts", "grace_history", "extensions",
                              "reminders_sent", "tags"}) {
        INFO(field);
        for (const std::size_t n : {std::size_t{10'000}, std::size_t{10'001}}) {
            json a = base_account();
            json items = json::array();
            for (std::size_t i = 0; i < n; ++i) {
                const std::string id = "x" + std::to_string(i);
                if (std::string(field) == "invoices")
                    items.push_back(invoice_json(id, 1));
                else if (std::string(field) == "payment_attempts")
                    items.push_back({{"invoice_id", "in_1"},
                                     {"at", "2026-11-01T00:00:05Z"},
                                     {"outcome", "failed"}});
                else if (std::string(field) == "grace_history")
                    items.push_back({{"started_at", "2020-01-01T00:00:00Z"}});
                else if (std::string(field) == "extensions")
                    items.push_back({{"by", "PT1S"}, {"granted_at", "2026-11-02T00:00:00Z"}});
                else if (std::string(field) == "reminders_sent")
                    items.push_back({{"id", id}, {"at", "2026-11-02T00:00:00Z"}});
                else
                    items.push_back(id);
            }
            a[field] = std::move(items);
            const error_list errors = account_errors(a.dump());
            if (n == 10'000)
                CHECK(errors.empty());
            else
                CHECK(has_error(errors, std::string("/") + field, "too_many_items"));
        }
    }
}

TEST_CASE("limits: policy lists: 64 stages, 64 retries, 256 reminders and overrides") {
    struct list_limit {
        const char* pointer;
        std::size_t max;
    };
    for (const auto& [pointer, max] :
         {list_limit{"/stages", 64}, list_limit{"/retries/schedule", 64},
          list_limit{"/reminders", 256}, list_limit{"/overrides", 256}}) {
        INFO(pointer);
        for (const std::size_t n : {max, max + 1}) {
            json p = base_policy();
            json items = json::array();
            for (std::size_t i = 0; i < n; ++i) {
                const std::string k = std::to_string(i);
                if (std::string(pointer) == "/stages")
                    items.push_back({{"name", "s" + k},
                                     {"after", "PT" + k + "H"},
                                     {"access", "full"},
                                     {"severity", "info"}});
                else if (std::string(pointer) == "/retries/schedule")
                    items.push_back("PT" + std::to_string(i + 1) + "H");
                else if (std::string(pointer) == "/reminders")
                    items.push_back({{"id", "r" + k}, {"at", "PT" + k + "H"}});
                else
                    items.push_back({{"when", {{"plan", "p" + k}}}, {"extend_by", "PT1H"}});
            }
            if (std::string(pointer) == "/stages") {
                p["stages"] = std::move(items);
                p["cancel_after"] = "P30D";
            } else if (std::string(pointer) == "/retries/schedule") {
                p["retries"] = {{"schedule", std::move(items)}};
            } else {
                p[std::string(pointer).substr(1)] = std::move(items);
            }
            const error_list errors = policy_errors(p.dump());
            if (n == max)
                CHECK(errors.empty());
            else
                CHECK(has_error(errors, pointer, "too_many_items"));
            INFO(codes_of(errors));
        }
    }
}

TEST_CASE("limits: strings of 4096 bytes are read, 4097 are refused (bytes, not characters)") {
    json a = base_account();
    a["id"] = std::string(4096, 'a');
    CHECK(account_errors(a.dump()).empty());
    a["id"] = std::string(4097, 'a');
    CHECK(has_error(account_errors(a.dump()), "/id", "string_too_long"));
    std::string e_acute;
    for (int i = 0; i < 2049; ++i)
        e_acute += "\xc3\xa9"; // 2049 characters, 4098 bytes
    a["id"] = e_acute;
    CHECK(has_error(account_errors(a.dump()), "/id", "string_too_long"));
    json p = base_policy();
    p["stages"][1]["name"] = std::string(4097, 'w');
    CHECK(has_error(policy_errors(p.dump()), "/stages/1/name", "string_too_long"));
}

TEST_CASE("limits: instants lie in 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z") {
    CHECK(parse_instant("1970-01-01T00:00:00Z") == min_instant);
    CHECK(parse_instant("9999-12-31T23:59:59.999Z") == max_instant);
    for (const char* outside : {"1969-12-31T23:59:59.999Z", "1970-01-01T00:30:00+01:00",
                                "9999-12-31T23:59:59-00:01", "0000-01-01T00:00:00Z"}) {
        parse_failure why;
        CHECK_FALSE(parse_instant(outside, &why));
        CHECK(why.code == "timestamp_out_of_range");
    }
    json a = base_account();
    a["invoices"][0]["due_at"] = "1969-12-31T23:59:59Z";
    CHECK(has_error(account_errors(a.dump()), "/invoices/0/due_at", "timestamp_out_of_range"));
}

TEST_CASE("limits: durations reach 36,500 days in every unit, and never wrap around") {
    CHECK(parse_duration("P36500D") == days(36500));
    CHECK(parse_duration("PT876000H") == days(36500));
    CHECK(parse_duration("PT52560000M") == days(36500));
    CHECK(parse_duration("PT3153600000S") == days(36500));
    for (const char* beyond : {"P36501D", "P36500DT0.001S", "PT876000H1S", "PT3153600000.001S",
                               "P99999999999999999999999D",
                               // value × unit overflows 64 bits (fuzz finding 1): these used
                               // to wrap around to a few hours
                               "P213503982335D", "PT5124095577H", "PT307445734562M",
                               "PT18446744073710S", "P1000000000000D"}) {
        INFO(beyond);
        parse_failure why;
        const auto d = parse_duration(beyond, &why);
        CHECK_FALSE(d);
        CHECK(why.code == "duration_out_of_range");
    }
    json p = base_policy();
    p["stages"][1]["after"] = "P213503982335D";
    CHECK(has_error(policy_errors(p.dump()), "/stages/1/after", "duration_out_of_range"));
}

TEST_CASE("limits: amounts reach 10^15 minor units; beyond, or not an int64, they are refused") {
    json a = base_account();
    a["invoices"][0]["amount_due"] = 1'000'000'000'000'000;
    CHECK(account_errors(a.dump()).empty());
    for (const char* raw : {"1000000000000001", "9223372036854775807", "9223372036854775808",
                            "18446744073709551615"}) {
        INFO(raw);
        std::string text = a.dump();
        const std::string from = "1000000000000000";
        text.replace(text.find(from), from.size(), raw);
        CHECK(has_error(account_errors(text), "/invoices/0/amount_due", "amount_out_of_range"));
    }
    std::string text = a.dump();
    text.replace(text.find("1000000000000000"), 16, "-9223372036854775808");
    CHECK(has_error(account_errors(text), "/invoices/0/amount_due", "negative_amount"));
    text = a.dump();
    text.replace(text.find("1000000000000000"), 16, "100000000000000000000"); // beyond uint64
    CHECK(has_error(account_errors(text), "/invoices/0/amount_due", "wrong_type"));
}

TEST_CASE("limits: an account's invoices sum to at most 10^18 minor units per currency") {
    // 10,000 invoices × 10^15 = 10^19 > 2^63: evaluate()'s sums would overflow. The limit per
    // currency (docs/limits.md) keeps every sum — amount due, subscription totals, unrecognized
    // revenue — inside 64 bits.
    const system_zone_source zones;
    const policy p = *parse_policy(base_policy().dump());
    for (const std::size_t n : {std::size_t{1'000}, std::size_t{1'001}, std::size_t{10'000}}) {
        INFO(n << " invoices of 10^15");
        json a = base_account();
        a["invoices"] = json::array();
        for (std::size_t i = 0; i < n; ++i)
            a["invoices"].push_back(invoice_json("in_" + std::to_string(i), 1'000'000'000'000'000));
        const error_list errors = account_errors(a.dump());
        if (n == 1'000) {
            REQUIRE(errors.empty());
            auto s = evaluate(p, *parse_account(a.dump()), *parse_instant(at), zones);
            REQUIRE(s);
            REQUIRE(s->amount_due);
            CHECK(s->amount_due->amount == 1'000'000'000'000'000'000);
        } else {
            CHECK(has_error(errors, "/invoices", "amount_out_of_range"));
        }
    }
}

TEST_CASE("limits: a shortened grace scales long stages without overflow (fuzz finding 2)") {
    // Repeat grace: every stage's `after` becomes after × S ÷ L. With L = 90 days and S = 80 days
    // in milliseconds, after × S = 5,184,000,000 × 6,912,000,000 ≈ 3.6e19 > 2^63.
    json p = base_policy();
    p["stages"] = json::parse(R"([{"name":"notice","after":"P0D","access":"full","severity":"info"},
        {"name":"warning","after":"P60D","access":"full","severity":"warning"},
        {"name":"suspended","after":"P90D","access":"none","severity":"critical"}])");
    p["cancel_after"] = "P120D";
    p["limits"] = {{"max_grace_periods", 1}, {"window", "P365D"}, {"shortened_to", "P80D"}};
    json a = base_account();
    a["grace_history"] = json::array({{{"started_at", "2026-06-01T00:00:00Z"}}});
    const system_zone_source zones;
    auto s = evaluate(*parse_policy(p.dump()), *parse_account(a.dump()), *parse_instant(at), zones);
    REQUIRE(s);
    CHECK(s->grace->shortened);
    REQUIRE(s->stage);
    CHECK(s->stage->name == "notice");
    // 60 × 80 ÷ 90 = 53⅓ days = P53DT8H after 2026-11-01; suspension at S = 80 days.
    REQUIRE(s->grace->next_stage);
    CHECK(format_instant(s->grace->next_stage->at) == "2026-12-24T08:00:00Z");
    CHECK(format_instant(*s->grace->suspends_at) == "2027-01-20T00:00:00Z");
    CHECK(format_instant(*s->grace->cancels_at) == "2027-02-19T00:00:00Z"); // 120 − 90 + 80 days
}

TEST_CASE("limits: no status carries an instant past 9999 (grace beyond the calendar)") {
    // An invoice due late in 9999 under a policy whose deadlines run on for a century: the
    // engine must either refuse (timestamp_out_of_range) or only write instants that read back.
    const system_zone_source zones;
    json p = base_policy();
    p["cancel_after"] = "P36500D";
    p["retries"] = {{"schedule", {"P1D", "P36500D"}}};
    json a = base_account();
    a["invoices"][0]["due_at"] = "9999-06-01T00:00:00Z";
    const text_result r = evaluate_json(p.dump(), a.dump(), "9999-06-05T00:00:00Z", zones);
    const json out = json::parse(r.json);
    INFO(r.json.substr(0, 600));
    if (!r.ok) {
        CHECK(out["errors"][0]["code"] == "timestamp_out_of_range");
    } else {
        for (const char* ptr :
             {"/grace/cancels_at", "/countdown/at", "/required_actions/0/deadline"}) {
            INFO(ptr);
            const json& v = out.at(json::json_pointer(ptr));
            if (v.is_string()) CHECK(parse_instant(v.get<std::string>()));
        }
    }
}

TEST_CASE("limits: local renderings at the end of 9999 keep their year (timeline now_local)") {
    // 9999-12-31T23:00:00Z is 10000-01-01T13:00:00 in Pacific/Kiritimati (UTC+14). A four-digit
    // year field used to print it as year 0000.
    CHECK(format_instant_with_offset(max_instant, 14 * 3600) == "10000-01-01T13:59:59.999+14:00");
    const system_zone_source zones;
    json a = base_account();
    a["timezone"] = "Pacific/Kiritimati";
    const text_result r =
        timeline_json(base_policy().dump(), a.dump(), "9999-12-31T23:00:00Z", zones);
    REQUIRE(r.ok);
    CHECK(json::parse(r.json)["now_local"] == "10000-01-01T13:00:00+14:00");
}

TEST_CASE("limits: an empty account text is invalid JSON, also as a null view (fuzz finding 3)") {
    // An empty std::string_view has a null data(): simdjson's parser copied from it (undefined
    // behaviour, reported by UBSan in the asan preset).
    const system_zone_source zones;
    for (const std::string_view empty : {std::string_view{}, std::string_view("", 0)}) {
        const text_result r = evaluate_json(base_policy().dump(), empty, at, zones);
        CHECK_FALSE(r.ok);
        const json e = json::parse(r.json)["errors"][0];
        CHECK(e["path"] == "/account");
        CHECK(e["code"] == "invalid_json");
        CHECK(has_error(parse_account(empty).errors(), "", "invalid_json"));
    }
}

// Finding 8 (fuzz/README.md): the id checks and the per-unit lookups used to compare every item
// with every other one; they now go through a hash table past 16 ids and through indexes sorted
// once. No timed test (the machines are shared): these check that the new paths find what the
// old ones found, past the table's first growth (64 slots, at most half full: 100 ids grow it
// twice).
TEST_CASE("limits: duplicate and unknown ids are found among hundreds (fuzz finding 8)") {
    json a = base_account();
    a["invoices"] = json::array();
    for (int i = 0; i < 100; ++i)
        a["invoices"].push_back(invoice_json("in_" + std::to_string(i), 100));
    a["invoices"][97]["id"] = "in_3";  // a duplicate long after the first 16
    a["invoices"][12]["id"] = "in_99"; // and one whose twin comes later
    a["payment_attempts"] = json::array();
    for (int i = 0; i < 100; ++i)
        a["payment_attempts"].push_back({{"invoice_id", "in_" + std::to_string(i)},
                                         {"at", "2026-11-02T00:00:00Z"},
                                         {"outcome", "failed"}});
    // in_12 and in_97 no longer exist (renamed above): attempts naming them are unknown.
    const error_list errors = account_errors(a.dump());
    INFO(codes_of(errors));
    CHECK(has_error(errors, "/invoices/97/id", "duplicate_id"));
    CHECK(has_error(errors, "/invoices/99/id", "duplicate_id"));
    CHECK(has_error(errors, "/payment_attempts/12/invoice_id", "unknown_invoice"));
    CHECK(has_error(errors, "/payment_attempts/97/invoice_id", "unknown_invoice"));
    CHECK(errors.size() == 4);

    json s = base_account();
    s["subscriptions"] = json::array();
    for (int i = 0; i < 40; ++i)
        s["subscriptions"].push_back({{"id", "sub_" + std::to_string(i)}});
    s["subscriptions"][33]["id"] = "sub_20";
    s["invoices"][0]["subscription_id"] = "sub_33"; // renamed away: unknown
    s["extensions"] = json::array(
        {{{"by", "P1D"}, {"granted_at", "2026-11-02T00:00:00Z"}, {"subscription_id", "sub_39"}},
         {{"by", "P1D"}, {"granted_at", "2026-11-02T00:00:00Z"}, {"subscription_id", "sub_40"}}});
    const error_list sub_errors = account_errors(s.dump());
    INFO(codes_of(sub_errors));
    CHECK(has_error(sub_errors, "/subscriptions/33/id", "duplicate_id"));
    CHECK(has_error(sub_errors, "/invoices/0/subscription_id", "unknown_subscription"));
    CHECK(has_error(sub_errors, "/extensions/1/subscription_id", "unknown_subscription"));
    CHECK(sub_errors.size() == 3);
}

TEST_CASE("limits: 200 subscriptions are each evaluated on their own invoices, attempts and "
          "extensions (fuzz finding 8)") {
    // Subscription scope. Subscription k has one invoice due 2026-11-01 (the policy's clock
    // starts at the due date); the odd ones have a hard decline on their own invoice, the even
    // ones a soft one; subscription 150 alone has a 10-day extension, which moves every stage
    // after the first. At 2026-11-05 every unit is 4 days in: past "warning" (P3D) and before
    // "suspended" (P14D) — but sub_150 is still in "notice" (warning at P13D).
    json p = base_policy();
    p["scope"] = "subscription";
    json a = base_account();
    a["subscriptions"] = json::array();
    a["invoices"] = json::array();
    a["payment_attempts"] = json::array();
    for (int k = 0; k < 200; ++k) {
        const std::string n = std::to_string(k);
        a["subscriptions"].push_back({{"id", "sub_" + n}});
        json inv = invoice_json("in_" + n, 1000 + k);
        inv["subscription_id"] = "sub_" + n;
        a["invoices"].push_back(inv);
        a["payment_attempts"].push_back(
            {{"invoice_id", "in_" + n},
             {"at", "2026-11-01T01:00:00Z"},
             {"outcome", "failed"},
             {"decline_code", k % 2 ? "stolen_card" : "insufficient_funds"}});
    }
    a["extensions"] = json::array(
        {{{"by", "P10D"}, {"granted_at", "2026-11-02T00:00:00Z"}, {"subscription_id", "sub_150"}}});
    auto policy = parse_policy(p.dump());
    auto account = parse_account(a.dump());
    REQUIRE(policy.ok());
    REQUIRE(account.ok());
    const system_zone_source zones;
    auto s = evaluate(*policy, *account, *parse_instant("2026-11-05T00:00:00Z"), zones);
    REQUIRE(s.ok());
    REQUIRE(s->subscriptions.size() == 200);
    for (const auto& sub : s->subscriptions) {
        INFO(sub.id);
        CHECK(sub.state == account_state::grace);
        CHECK(sub.stage == (sub.id == "sub_150" ? "notice" : "warning"));
    }
    // The most severe unit drives; all are equally severe, so the earliest suspension does:
    // every unit but sub_150 suspends 2026-11-15, sub_150 on 2026-11-25.
    REQUIRE(s->grace);
    CHECK(format_instant(*s->grace->suspends_at) == "2026-11-15T00:00:00Z");
    // Every unit's amounts, added up: 200 × 1000 + (0 + … + 199) = 219,900 EUR cents.
    REQUIRE(s->amounts_due.size() == 1);
    CHECK(s->amounts_due[0].amount == 219900);
    // The extension shows only in sub_150's explain lines (prefixed with its id).
    const auto extended = std::count_if(s->explain.begin(), s->explain.end(), [](const auto& l) {
        return l.find("support extension of P10D") != std::string::npos;
    });
    CHECK(extended == 1);
    CHECK(std::any_of(s->explain.begin(), s->explain.end(), [](const auto& l) {
        return l.rfind("[sub_150] support extension of P10D", 0) == 0;
    }));
    // Each unit's last decline is its own invoice's: hard (stolen_card) for the odd ones.
    CHECK(std::count_if(s->explain.begin(), s->explain.end(), [](const auto& l) {
              return l.find("retries stopped: last decline stolen_card") != std::string::npos;
          }) == 100);
}
