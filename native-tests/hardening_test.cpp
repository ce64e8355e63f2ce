// Properties of respite/evaluate.hpp over generated accounts (respite/generate.hpp), across every
// preset and two policies the presets do not cover (subscription scope with stage conditions;
// a first_failure clock with long, shortened grace periods). property_test.cpp holds the first
// three properties for the standard preset; these extend them to every policy and scope, and
// add: deadlines keep their order and stay inside the grace, and, for zones without daylight
// saving, shifting every instant by whole days shifts the answer and nothing else.
#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/generate.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace respite;
using nlohmann::json;

namespace {

// Subscription scope, end_of_day, conditions that only grow with unpaid time (the count of unpaid
// invoices, the balance), reminders before the cancellation.
const char* const subscription_policy =
    R"({"schema":"respite.policy/1","id":"hardening-subscriptions",
 "clock":{"starts_at":"invoice_due","day_boundary":"end_of_day"},"scope":"subscription",
 "minimum_due":{"EUR":500,"*":0},
 "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
  {"name":"warning","after":"P3D","access":"full","severity":"warning"},
  {"name":"restricted","after":"P7DT12H","access":"read_only","severity":"critical",
   "unpaid_invoices_at_least":2,"balance_at_least":{"*":1}},
  {"name":"suspended","after":"P40D","access":"none","severity":"critical"},
  {"name":"closed","after":"P50D","access":"none","severity":"critical"}],
 "cancel_after":"P60D","retries":{"schedule":["PT1H","P1D","P3D","P5D"]},
 "reminders":[{"id":"r0","at":"P0D"},{"id":"r1","before_stage":"suspended","by":"P1D"},
  {"id":"r2","before_stage":"canceled","by":"P2D"}],
 "limits":{"max_grace_periods":1,"window":"P365D","shortened_to":"P38D"},
 "overrides":[{"when":{"plan":["enterprise","business"]},"extend_by":"P7D"}]})";

// first_failure clock, exact deadlines, a long grace that a repeat shortens (large products in
// the proportional scaling), no cancellation and a stage after the suspension.
const char* const long_policy = R"({"schema":"respite.policy/1","id":"hardening-long",
 "clock":{"starts_at":"first_failure","day_boundary":"exact"},
 "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
  {"name":"warning","after":"P60D","access":"full","severity":"warning"},
  {"name":"suspended","after":"P90D","access":"none","severity":"critical"},
  {"name":"closed","after":"P120D","access":"none","severity":"critical"}],
 "retries":{"schedule":["P1D","P2D","P10D"]},
 "limits":{"max_grace_periods":1,"window":"P3650D","shortened_to":"P80D"}})";

struct named_policy {
    std::string name;
    policy p;
};

const std::vector<named_policy>& policies() {
    static const std::vector<named_policy> all = [] {
        std::vector<named_policy> out;
        for (const auto& info : presets())
            out.push_back({std::string(info.name), *parse_policy(info.json)});
        for (const char* text : {subscription_policy, long_policy}) {
            auto p = parse_policy(text);
            if (!p) throw std::runtime_error(render_errors(p.errors()));
            out.push_back({p->id, *p});
        }
        return out;
    }();
    return all;
}

int rank(account_state state, int stage_index) {
    return static_cast<int>(state) * 100 + stage_index;
}
int rank(const status& s) {
    return rank(s.state, s.stage ? s.stage->index : 0);
}

// The longest an unshortened grace may reach a stage: its `after` in the longest stage list.
duration longest_after(const policy& p, bool suspension) {
    duration longest{};
    auto consider = [&](const std::vector<stage>& stages) {
        for (const auto& s : stages)
            if (!suspension || s.access == access_level::none) {
                if (s.after > longest) longest = s.after;
                if (suspension) break;
            }
    };
    consider(p.stages);
    for (const auto& o : p.overrides)
        if (o.stages) consider(*o.stages);
    return longest;
}

// Every string of the document that is an RFC 3339 instant, moved by `by`.
void shift_instants(json& v, duration by) {
    if (v.is_string()) {
        if (auto t = parse_instant(v.get<std::string>())) v = format_instant(*t + by);
    } else if (v.is_structured()) {
        for (auto& item : v)
            shift_instants(item, by);
    }
}

} // namespace

TEST_CASE(
    "hardening: under every policy, unpaid time never moves an account or a subscription back") {
    const system_zone_source zones;
    generate_options options;
    options.seed = 1234;
    for (const auto& [name, p] : policies()) {
        for (std::uint64_t i = 0; i < 160; ++i) {
            auto a = parse_account(generate_account(options, i));
            REQUIRE(a);
            std::optional<status> previous;
            for (instant now = options.around - days(80); now < options.around + days(150);
                 now = now + hours(29) + minutes(17)) {
                auto s = evaluate(p, *a, now, zones);
                REQUIRE(s);
                INFO(name << " " << a->id << " at " << format_instant(now));
                if (previous) {
                    CHECK(rank(*s) >= rank(*previous));
                    REQUIRE(s->subscriptions.size() == previous->subscriptions.size());
                    for (std::size_t k = 0; k < s->subscriptions.size(); ++k)
                        CHECK(static_cast<int>(s->subscriptions[k].state) >=
                              static_cast<int>(previous->subscriptions[k].state));
                    const bool same_stage = s->stage && previous->stage &&
                                            s->state == previous->state &&
                                            s->stage->index == previous->stage->index &&
                                            s->grace->started_at == previous->grace->started_at;
                    if (same_stage && s->countdown && previous->countdown &&
                        s->countdown->to == previous->countdown->to) {
                        CHECK(s->countdown->at == previous->countdown->at);
                        CHECK(s->countdown->seconds < previous->countdown->seconds);
                    }
                    if (same_stage && previous->countdown && !s->countdown)
                        CHECK(s->state == account_state::canceled);
                }
                previous = std::move(*s);
            }
        }
    }
}

TEST_CASE("hardening: under every policy, settling every invoice gives good standing") {
    const system_zone_source zones;
    generate_options options;
    options.seed = 77;
    int settled = 0;
    for (std::uint64_t i = 0; i < 150; ++i) {
        const json original = json::parse(generate_account(options, i));
        if (original["invoices"].empty()) continue;
        // Three ways to settle: paid in full, voided, or fully paid while still marked open.
        for (const char* how : {"paid", "void", "open"}) {
            json doc = original;
            for (auto& inv : doc["invoices"]) {
                inv["status"] = how;
                if (std::string(how) != "void") inv["amount_paid"] = inv["amount_due"];
            }
            auto a = parse_account(doc.dump());
            REQUIRE(a);
            for (const auto& [name, p] : policies())
                for (const instant now :
                     {options.around, options.around + days(45), options.around + days(400)}) {
                    auto s = evaluate(p, *a, now, zones);
                    REQUIRE(s);
                    INFO(name << " " << a->id << " settled as " << how);
                    CHECK(s->state == account_state::good_standing);
                    CHECK(s->access == access_level::full);
                    CHECK_FALSE(s->banner.show);
                    CHECK(s->amounts_due.empty());
                    CHECK(s->required_actions.empty());
                    for (const auto& sub : s->subscriptions)
                        CHECK(sub.state == account_state::good_standing);
                    ++settled;
                }
        }
    }
    CHECK(settled > 1000);
}

TEST_CASE("hardening: no grace ends later than its policy allows, and its deadlines keep order") {
    const system_zone_source zones;
    generate_options options;
    options.seed = 4242;
    for (const auto& [name, p] : policies()) {
        const duration slack = p.boundary == day_boundary::end_of_day ? days(1) : duration{};
        for (std::uint64_t i = 0; i < 200; ++i) {
            auto a = parse_account(generate_account(options, i));
            REQUIRE(a);
            for (const instant now :
                 {options.around, options.around + days(20), options.around + days(200)}) {
                auto s = evaluate(p, *a, now, zones);
                REQUIRE(s);
                if (!s->grace) continue;
                INFO(name << " " << a->id << " at " << format_instant(now));
                const grace_status& g = *s->grace;
                // extended_by = every override's and support extension that applied.
                if (p.cancel_after) {
                    REQUIRE(g.cancels_at);
                    CHECK(*g.cancels_at - g.started_at <= *p.cancel_after + g.extended_by + slack);
                } else {
                    CHECK_FALSE(g.cancels_at);
                }
                if (g.suspends_at) {
                    const duration allowed =
                        g.shortened && p.limits ? p.limits->shortened_to : longest_after(p, true);
                    CHECK(*g.suspends_at - g.started_at <= allowed + g.extended_by + slack);
                    if (g.cancels_at) CHECK(*g.suspends_at < *g.cancels_at);
                }
                if (g.next_stage) {
                    CHECK(g.next_stage->at > now);
                    if (g.cancels_at) CHECK(g.next_stage->at <= *g.cancels_at);
                    CHECK(g.next_stage->at - g.started_at <=
                          longest_after(p, false) + g.extended_by + slack);
                }
                REQUIRE(s->stage);
                CHECK(s->stage->entered_at >= g.started_at);
                CHECK(s->stage->entered_at <= now);
            }
        }
    }
}

TEST_CASE(
    "hardening: without daylight saving, shifting every instant by whole days shifts the answer") {
    // UTC and Asia/Kolkata (UTC+05:30 all year): local midnights move with whole days, so moving
    // every instant of the account and `at` by N days must give the same status, its instants
    // moved by N days. Card expiry (YYYY-MM) is a calendar month, not an instant: left out.
    const system_zone_source zones;
    generate_options options;
    options.seed = 31;
    int compared = 0;
    for (const char* zone : {"UTC", "Asia/Kolkata"}) {
        for (std::uint64_t i = 0; i < 60; ++i) {
            json doc = json::parse(generate_account(options, i));
            doc["timezone"] = zone;
            if (doc.contains("payment_method")) doc["payment_method"].erase("expires");
            auto a = parse_account(doc.dump());
            REQUIRE(a);
            for (const auto& [name, p] : policies()) {
                for (const instant now : {options.around, options.around + days(9) + hours(13)}) {
                    auto base = evaluate(p, *a, now, zones);
                    REQUIRE(base);
                    json expected = json::parse(render_status(*base));
                    expected.erase("explain"); // free text quoting instants
                    for (const int shift : {-3650, -400, -1, 1, 29, 366, 2000}) {
                        json moved = doc;
                        shift_instants(moved, days(shift));
                        auto b = parse_account(moved.dump());
                        REQUIRE(b);
                        auto s = evaluate(p, *b, now + days(shift), zones);
                        REQUIRE(s);
                        INFO(name << " " << zone << " " << doc["id"] << " shifted " << shift
                                  << " days");
                        CHECK(s->state == base->state);
                        CHECK((s->stage ? s->stage->name : "-") ==
                              (base->stage ? base->stage->name : "-"));
                        CHECK((s->countdown ? s->countdown->seconds : -1) ==
                              (base->countdown ? base->countdown->seconds : -1));
                        json got = json::parse(render_status(*s));
                        got.erase("explain");
                        shift_instants(got, days(-shift));
                        CHECK(got == expected);
                        ++compared;
                    }
                }
            }
        }
    }
    CHECK(compared > 10000);
}

TEST_CASE(
    "hardening: error documents stay UTF-8 JSON whatever bytes came in (fuzz findings 4, 5)") {
    // An error message used to quote one byte of a duration ('P７D': the first byte of a
    // full-width digit) or the raw `at` text: invalid UTF-8 in the error document, which JSON
    // parsers refuse and JS's TextDecoder rewrites (so native and wasm bytes differ).
    const system_zone_source zones;
    const std::string policy_text(find_preset("standard")->json);
    const std::string account_text =
        R"({"schema":"respite.account/1","id":"a","invoices":[{"id":"i","amount_due":100,"currency":"EUR","due_at":"2026-11-01T00:00:00Z","status":"open"}]})";
    auto valid_json = [](const std::string& text) {
        const json j = json::parse(text, nullptr, false);
        return !j.is_discarded() && j.is_object();
    };
    // Valid UTF-8 text: full-width 7, D with caron, e acute.
    for (const char* duration : {"P\xef\xbc\x97"
                                 "D",
                                 "P7\xc4\x8e", "PT1\xc3\xa9", "P1D\xc3\xa9"}) {
        INFO(duration);
        json p = json::parse(policy_text);
        p["stages"][1]["after"] = duration;
        const text_result r = validate_json(p.dump());
        CHECK_FALSE(r.ok);
        CHECK(valid_json(r.json));
    }
    for (const std::string& at : {std::string("2026-11-09T\xff"
                                              "0:00:00Z"),
                                  std::string("\xc3"), std::string("2026-11-09T10:00:00Z\xe2\x82"),
                                  std::string(100000, 'x')}) {
        const text_result r = evaluate_json(policy_text, account_text, at, zones);
        CHECK_FALSE(r.ok);
        CHECK(valid_json(r.json));
        CHECK(r.json.size() < 1000); // the message quotes a bounded excerpt
        CHECK(json::parse(r.json)["errors"][0]["path"] == "/at");
    }
}
