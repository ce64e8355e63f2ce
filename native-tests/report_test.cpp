// Tests respite/report.hpp: report_accumulator (add, merge, render, render_partial,
// parse_partial), monthly_recurring, account_as_of, replay and simulation_accumulator.
// Figures are checked against native-tests/report/expected.md, worked out by hand.
#include <respite/evaluate.hpp>
#include <respite/generate.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>
#include <respite/report.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace respite;
using nlohmann::json;

namespace {

const std::string dir = std::string(RESPITE_SOURCE_DIR) + "/native-tests/report/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

policy load_policy(const std::string& file) {
    auto p = parse_policy(slurp(dir + file));
    INFO((p ? std::string() : render_errors(p.errors())));
    REQUIRE(p);
    return *p;
}

// What the CLI does with one line.
void add_line(report_accumulator& r, const policy& p, const std::string& line,
              const zone_source& zones) {
    auto a = parse_account(line);
    if (!a) return r.add_invalid(a.errors().front().code);
    auto s = evaluate(p, *a, r.now(), zones);
    if (!s) return r.add_invalid(s.errors().front().code);
    r.add(*a, *s);
}

const instant hand_now = *parse_instant("2026-12-04T12:00:00Z");

json hand_report() {
    const policy p = load_policy("policy.json");
    const system_zone_source zones;
    report_accumulator r(p.id, hand_now);
    for (const auto& line : lines_of(slurp(dir + "portfolio.ndjson")))
        add_line(r, p, line, zones);
    return json::parse(r.render());
}

json state(const json& report, const char* name) {
    for (const auto& s : report["states"])
        if (s["state"] == name) return s;
    FAIL("no state " << name);
    return {};
}

} // namespace

TEST_CASE("report: monthly recurring revenue normalises the interval in average months") {
    subscription s;
    s.price = money{29900, "EUR"};
    s.interval = billing_interval{12, 0};
    CHECK(*monthly_recurring(s) == 2491);
    s.interval = billing_interval{1, 0};
    CHECK(*monthly_recurring(s) == 29900);
    s.price = money{1400, "EUR"};
    s.interval = billing_interval{0, 14};
    CHECK(*monthly_recurring(s) == 3043); // 1400 × 1461 ÷ 672
    s.interval = billing_interval{0, 0};
    CHECK_FALSE(monthly_recurring(s));
    s.interval.reset();
    CHECK_FALSE(monthly_recurring(s));
}

TEST_CASE("report: the hand-worked portfolio's inputs, states, stages and amounts") {
    const json r = hand_report();
    CHECK(r["schema"] == "respite.report/1");
    CHECK(r["policy_id"] == "report-test");
    CHECK(r["inputs"] == json::parse(R"({"lines":16,"accounts":14,"invalid":2,
        "invalid_by_code":{"invalid_json":1,"invalid_timestamp":1}})"));
    CHECK(r["amount_due"] == json::parse(R"({"EUR":52000,"GBP":2000,"JPY":5000,"USD":16700})"));
    CHECK(state(r, "good_standing")["accounts"] == 3);
    CHECK(state(r, "good_standing")["share_bp"] == 2142);
    CHECK(state(r, "good_standing")["amount_due"] == json::object());
    const json grace = state(r, "grace");
    CHECK(grace["accounts"] == 6);
    CHECK(grace["share_bp"] == 4285);
    CHECK(grace["amount_due"] == json::parse(R"({"EUR":46100,"USD":14800})"));
    CHECK(grace["stages"] == json::parse(R"([
        {"index":0,"name":"notice","accounts":2,"amount_due":{"EUR":4900,"USD":4900}},
        {"index":1,"name":"warning","accounts":2,"amount_due":{"EUR":1400,"USD":9900}},
        {"index":2,"name":"restricted","accounts":2,"amount_due":{"EUR":39800}}])"));
    CHECK(state(r, "suspended")["stages"] == json::parse(R"([
        {"index":3,"name":"suspended","accounts":3,"amount_due":{"EUR":1000,"GBP":2000,"USD":1900}}])"));
    CHECK(state(r, "canceled")["accounts"] == 2);
    CHECK(state(r, "canceled")["amount_due"] == json::parse(R"({"EUR":4900,"JPY":5000})"));
}

TEST_CASE("report: the hand-worked portfolio's recurring revenue, aging, actions and declines") {
    const json r = hand_report();
    const json& rr = r["recurring_revenue"];
    CHECK(rr["subscriptions"] == 14);
    CHECK(rr["mrr_by_state"]["grace"] == json::parse(R"({"EUR":20334,"USD":14800})"));
    CHECK(rr["mrr_at_risk"] == json::parse(R"({"EUR":20667,"GBP":2000,"USD":16700})"));
    CHECK(rr["arr_at_risk"] == json::parse(R"({"EUR":248004,"GBP":24000,"USD":200400})"));
    CHECK(rr["arr_canceled"] == json::parse(R"({"EUR":58800,"JPY":60000})"));

    CHECK(r["aging"] == json::parse(R"([
        {"days":"0-7","from_day":0,"to_day":7,"accounts":5,"amount_due":{"EUR":6300,"USD":16700}},
        {"days":"8-14","from_day":8,"to_day":14,"accounts":2,"amount_due":{"EUR":39800}},
        {"days":"15-30","from_day":15,"to_day":30,"accounts":2,"amount_due":{"EUR":1000,"GBP":2000}},
        {"days":"31+","from_day":31,"to_day":null,"accounts":2,"amount_due":{"EUR":4900,"JPY":5000}}])"));

    CHECK(r["required_actions"] == json::parse(R"([
        {"type":"update_payment_method","accounts":8,
         "reasons":{"hard_decline":1,"payment_method_expired":1,"soft_decline":6}},
        {"type":"authenticate_payment","accounts":1,"reasons":{"authentication_required":1}},
        {"type":"pay_invoice","accounts":7,"reasons":{"soft_decline":6,"unpaid":1}},
        {"type":"contact_billing","accounts":2,"reasons":{"canceled":2}}])"));
    CHECK(r["declines"] == json::parse(R"({"accounts":11,
        "classes":{"soft":6,"hard":2,"authentication":1,"none":2},
        "codes":{"authentication_required":1,"do_not_honor":1,"expired_card":1,
                 "generic_decline":2,"insufficient_funds":3,"stolen_card":1}})"));
    CHECK(r["flags"] == json::parse(R"({"awaiting_payment_attempt":0,"exempt":1,"extended":0,
        "payment_method_expired":1,"repeat_grace":1,"retries_stopped":2})"));
    CHECK(r["repeat_grace"] == json::parse(R"({"accounts":1,"shortened":1,"share_bp":909})"));
    CHECK(r["usage"] == json::parse(R"({"active_within_days":7,
        "grace":{"active":3,"dormant":2,"unknown":1,"active_bp":5000},
        "suspended":{"active":1,"dormant":1,"unknown":1,"active_bp":3333}})"));
}

TEST_CASE("report: the hand-worked portfolio's revenue, coming deadlines and recovery forecast") {
    const json r = hand_report();
    CHECK(r["revenue"] == json::parse(R"({"unpaid_service_days":85,
        "unrecognized":{"EUR":6381,"GBP":933,"JPY":2333,"USD":1510}})"));
    CHECK(r["upcoming"][0] == json::parse(R"({"within_days":7,
        "suspensions":{"accounts":2,"amount_due":{"EUR":39800},"mrr":{"EUR":12391}},
        "cancellations":{"accounts":1,"amount_due":{"EUR":1000},"mrr":{"EUR":333}}})"));
    CHECK(r["upcoming"][1]["suspensions"]["accounts"] == 6);
    CHECK(r["upcoming"][1]["cancellations"] == json::parse(R"({"accounts":3,
        "amount_due":{"EUR":1000,"GBP":2000,"USD":1900},"mrr":{"EUR":333,"GBP":2000,"USD":1900}})"));
    CHECK(r["upcoming"][2]["cancellations"] == json::parse(R"({"accounts":9,
        "amount_due":{"EUR":47100,"GBP":2000,"USD":16700},"mrr":{"EUR":20667,"GBP":2000,"USD":16700}})"));

    const json& rec = r["recovery"];
    CHECK(rec["history"] ==
          json::parse(R"({"graces":5,"open":1,"closed":4,"recovered":3,"recovered_bp":7500})"));
    REQUIRE(rec["curve"].size() == 11);
    const int curve_bp[] = {0, 0, 2500, 5000, 5000, 5000, 5000, 5000, 7500, 7500, 7500};
    for (std::size_t d = 0; d < 11; ++d)
        CHECK(rec["curve"][d]["share_bp"] == curve_bp[d]);
    CHECK(rec["open_graces"] == 9);

    const json& f = rec["forecast"];
    REQUIRE(f.size() == 13);
    CHECK(f[0] == json::parse(R"({"week":1,"starts_at":"2026-12-04T12:00:00Z",
        "ends_at":"2026-12-11T12:00:00Z","expected_recoveries_milli":3000,
        "expected_recovered_amount":{"EUR":8100,"USD":8350},
        "arr_at_risk":{"EUR":248004,"GBP":24000,"USD":200400},
        "accounts_reaching_cancellation":1,"arr_reaching_cancellation":{"EUR":3996}})"));
    CHECK(f[1]["expected_recoveries_milli"] == 500);
    CHECK(f[1]["expected_recovered_amount"] == json::parse(R"({"EUR":1225,"USD":1225})"));
    CHECK(f[1]["arr_at_risk"] == json::parse(R"({"EUR":136950,"GBP":24000,"USD":100200})"));
    CHECK(f[2]["arr_at_risk"] == json::parse(R"({"EUR":122250,"GBP":24000,"USD":85500})"));
    CHECK(f[2]["accounts_reaching_cancellation"] == 2);
    CHECK(f[2]["arr_reaching_cancellation"] == json::parse(R"({"GBP":24000,"USD":22800})"));
    CHECK(f[3]["arr_at_risk"] == json::parse(R"({"EUR":122250,"USD":74100})"));
    CHECK(f[3]["arr_reaching_cancellation"] == json::parse(R"({"EUR":185208,"USD":118800})"));
    CHECK(f[4]["arr_at_risk"] == json::parse(R"({"EUR":14700,"USD":14700})"));
    CHECK(f[4]["accounts_reaching_cancellation"] == 2);
    for (std::size_t w = 5; w < 13; ++w) {
        CHECK(f[w]["arr_at_risk"] == json::object());
        CHECK(f[w]["expected_recoveries_milli"] == 0);
    }
}

TEST_CASE("report: on generated data, every line counts once and the parts add up") {
    const auto p = parse_policy(std::string(find_preset("standard")->json));
    REQUIRE(p);
    const system_zone_source zones;
    const instant now = *parse_instant("2026-12-04T16:00:00Z");
    report_accumulator r(p->id, now);
    generate_options g;
    g.seed = 11;
    const int n = 3000;
    for (int i = 0; i < n; ++i)
        add_line(r, *p, generate_account(g, static_cast<std::uint64_t>(i)), zones);
    r.add_invalid("invalid_json");
    const json j = json::parse(r.render());
    CHECK(j["inputs"]["lines"] == n + 1);
    CHECK(j["inputs"]["accounts"].get<int>() + j["inputs"]["invalid"].get<int>() == n + 1);

    std::int64_t accounts = 0, open = 0;
    std::map<std::string, std::int64_t> due;
    for (const auto& s : j["states"]) {
        accounts += s["accounts"].get<std::int64_t>();
        std::int64_t in_stages = 0;
        std::map<std::string, std::int64_t> stage_due;
        for (const auto& st : s["stages"]) {
            in_stages += st["accounts"].get<std::int64_t>();
            for (auto it = st["amount_due"].begin(); it != st["amount_due"].end(); ++it)
                stage_due[it.key()] += it.value().get<std::int64_t>();
        }
        if (s["state"] != "good_standing") {
            CHECK(in_stages == s["accounts"]); // sums over stages equal the state's totals
            CHECK(json(stage_due) == s["amount_due"]);
            open += s["accounts"].get<std::int64_t>();
        }
        for (auto it = s["amount_due"].begin(); it != s["amount_due"].end(); ++it)
            due[it.key()] += it.value().get<std::int64_t>();
    }
    CHECK(accounts == j["inputs"]["accounts"]);
    CHECK(json(due) == j["amount_due"]);
    std::int64_t aged = 0, declined = 0;
    for (const auto& b : j["aging"])
        aged += b["accounts"].get<std::int64_t>();
    for (const auto& [k, v] : j["declines"]["classes"].items())
        declined += v.get<std::int64_t>();
    CHECK(aged == open);
    CHECK(declined == open);
    CHECK(j["declines"]["accounts"] == open);
    const auto& u = j["usage"];
    CHECK(u["grace"]["active"].get<int>() + u["grace"]["dormant"].get<int>() +
              u["grace"]["unknown"].get<int>() ==
          state(j, "grace")["accounts"].get<int>());
    // Scope account: the forecast's first week holds all the ARR at risk.
    CHECK(j["recovery"]["forecast"][0]["arr_at_risk"] == j["recurring_revenue"]["arr_at_risk"]);
    CHECK(j["recovery"]["open_graces"] ==
          state(j, "grace")["accounts"].get<int>() + state(j, "suspended")["accounts"].get<int>());
    std::int64_t reaching = 0;
    for (const auto& w : j["recovery"]["forecast"])
        reaching += w["accounts_reaching_cancellation"].get<std::int64_t>();
    CHECK(reaching <= j["recovery"]["open_graces"].get<std::int64_t>());
}

TEST_CASE("report: one pass equals any split merged back, in any order, through partials") {
    const auto p = parse_policy(std::string(find_preset("stripe-default")->json));
    REQUIRE(p);
    const system_zone_source zones;
    const instant now = *parse_instant("2026-12-04T16:00:00Z");
    generate_options g;
    g.seed = 5;
    std::vector<std::string> lines;
    for (int i = 0; i < 1200; ++i)
        lines.push_back(generate_account(g, static_cast<std::uint64_t>(i)));
    lines[17] = "{broken";

    report_accumulator one(p->id, now);
    for (const auto& l : lines)
        add_line(one, *p, l, zones);
    const std::string expected = one.render();

    for (std::size_t parts : {2u, 3u, 7u}) {
        // Round-robin, like threads that each take every k-th line, then merged back to front
        // through the partial JSON form.
        std::vector<report_accumulator> shard(parts, report_accumulator(p->id, now));
        for (std::size_t i = 0; i < lines.size(); ++i)
            add_line(shard[i % parts], *p, lines[i], zones);
        auto merged = report_accumulator::parse_partial(shard.back().render_partial());
        REQUIRE(merged);
        report_accumulator total = *merged;
        for (std::size_t k = parts - 1; k-- > 0;) {
            auto back = report_accumulator::parse_partial(shard[k].render_partial());
            REQUIRE(back);
            REQUIRE(total.merge(*back));
        }
        CHECK(total.render() == expected);
        CHECK(total.render_partial() == one.render_partial());
    }
    // A partial read back renders the same bytes.
    auto again = report_accumulator::parse_partial(one.render_partial());
    REQUIRE(again);
    CHECK(again->render() == expected);
}

TEST_CASE(
    "report: merging refuses another policy or instant; bad partials are errors, not crashes") {
    report_accumulator a("p1", instant{1000}), b("p2", instant{1000}), c("p1", instant{2000});
    std::string why;
    CHECK_FALSE(a.merge(b, &why));
    CHECK(why.find("p2") != std::string::npos);
    CHECK_FALSE(a.merge(c));
    CHECK(a.merge(report_accumulator("p1", instant{1000})));

    CHECK_FALSE(report_accumulator::parse_partial("not json"));
    CHECK_FALSE(report_accumulator::parse_partial("[]"));
    CHECK(report_accumulator::parse_partial(R"({"schema":"respite.report/1"})")
              .errors()
              .front()
              .code == "unsupported_schema");
    std::string partial = a.render_partial();
    auto ok = report_accumulator::parse_partial(partial);
    REQUIRE(ok);
    const std::string broken =
        partial.replace(partial.find("\"accounts\":0"), 12, "\"accounts\":\"x\"");
    auto bad = report_accumulator::parse_partial(broken);
    REQUIRE_FALSE(bad);
    CHECK(bad.errors().front().path == "/counters/accounts");
    CHECK(bad.errors().front().code == "wrong_type");
}

TEST_CASE("report: account_as_of rebuilds the account as its history stood") {
    auto a = parse_account(lines_of(slurp(dir + "history.ndjson"))[1]); // pays on day 8
    REQUIRE(a);
    const account before = account_as_of(*a, *parse_instant("2026-11-05T00:00:00Z"));
    REQUIRE(before.invoices.size() == 1);
    CHECK(before.invoices[0].status == invoice_status::open);
    CHECK(before.invoices[0].amount_paid == 0);
    CHECK(before.payment_attempts.size() == 1);
    const account after = account_as_of(*a, *parse_instant("2026-11-09T00:00:00Z"));
    CHECK(after.invoices[0].status == invoice_status::paid);
    CHECK(after.payment_attempts.size() == 2);
    CHECK(account_as_of(*a, *parse_instant("2026-10-01T00:00:00Z")).invoices.empty());
    // Paid by its first attempt: never overdue.
    auto on_time = parse_account(lines_of(slurp(dir + "history.ndjson"))[4]);
    REQUIRE(on_time);
    CHECK(account_as_of(*on_time, *parse_instant("2026-11-01T00:00:00Z")).invoices[0].status ==
          invoice_status::paid);
}

TEST_CASE("report: simulate replays the hand-written history to the known answer") {
    const policy a = load_policy("policy.json");
    const policy b = load_policy("strict.json");
    const system_zone_source zones;
    const instant until = *parse_instant("2026-12-31T00:00:00Z");
    simulation_accumulator sim(a.id, b.id, until);
    std::vector<replay_outcome> under_b;
    for (const auto& line : lines_of(slurp(dir + "history.ndjson"))) {
        auto acct = parse_account(line);
        REQUIRE(acct);
        auto ra = replay(a, *acct, until, zones);
        auto rb = replay(b, *acct, until, zones);
        REQUIRE(ra);
        REQUIRE(rb);
        sim.add(*ra, *rb);
        under_b.push_back(*rb);
    }
    // h3 pays on day 12: the strict policy canceled on day 10.
    CHECK(under_b[2].canceled);
    CHECK(format_instant(*under_b[2].canceled_at) == "2026-11-11T00:00:00Z");
    CHECK(under_b[2].recoveries_lost == 1);

    const json j = json::parse(sim.render());
    CHECK(j["inputs"]["accounts"] == 6);
    CHECK(j["policies"][0] ==
          json::parse(R"({"policy_id":"report-test","accounts":6,
        "entered_grace":5,"grace_periods":5,"restricted":4,"suspended":2,"canceled":2,
        "canceled_only_under_this_policy":0,"involuntary_churn_bp":3333,"recoveries":3,
        "recoveries_after_cancellation":1,"unpaid_service_days":46,
        "revenue_unrecognized":{"EUR":4600},"revenue_still_unpaid":{"EUR":2800},
        "churned_mrr":{"EUR":6000},"evaluations":)" +
                      std::to_string(j["policies"][0]["evaluations"].get<int>()) + "}"));
    CHECK(j["policies"][1] ==
          json::parse(R"({"policy_id":"strict-test","accounts":6,
        "entered_grace":5,"grace_periods":5,"restricted":4,"suspended":4,"canceled":3,
        "canceled_only_under_this_policy":1,"involuntary_churn_bp":5000,"recoveries":2,
        "recoveries_after_cancellation":2,"unpaid_service_days":20,
        "revenue_unrecognized":{"EUR":2000},"revenue_still_unpaid":{"EUR":1500},
        "churned_mrr":{"EUR":9000},"evaluations":)" +
                      std::to_string(j["policies"][1]["evaluations"].get<int>()) + "}"));

    // Split and merged: the same document.
    simulation_accumulator x(a.id, b.id, until), y(a.id, b.id, until);
    int i = 0;
    for (const auto& line : lines_of(slurp(dir + "history.ndjson"))) {
        auto acct = parse_account(line);
        (i++ % 2 ? x : y).add(*replay(a, *acct, until, zones), *replay(b, *acct, until, zones));
    }
    REQUIRE(y.merge(x));
    CHECK(y.render() == sim.render());
}

TEST_CASE("report: portfolio sums stop at 2^63 - 1 minor units instead of wrapping") {
    // Ten accounts at the per-account limit: 1,000 open invoices of 10^15 EUR cents each, 10^18
    // per account (docs/limits.md). Together 10^19, past 2^63 − 1 = 9,223,372,036,854,775,807:
    // a plain int64 sum wraps to −8,446,744,073,709,551,616. The report says the ceiling, both
    // in one pass and through partials merged back.
    const policy p = load_policy("policy.json");
    const system_zone_source zones;
    json a = {{"schema", "respite.account/1"}, {"invoices", json::array()}};
    for (int i = 0; i < 1000; ++i)
        a["invoices"].push_back({{"id", "in_" + std::to_string(i)},
                                 {"amount_due", 1'000'000'000'000'000},
                                 {"currency", "EUR"},
                                 {"due_at", "2026-11-30T00:00:00Z"},
                                 {"status", "open"}});
    report_accumulator one(p.id, hand_now);
    std::vector<report_accumulator> halves(2, report_accumulator(p.id, hand_now));
    for (int k = 0; k < 10; ++k) {
        a["id"] = "acct_" + std::to_string(k);
        add_line(one, p, a.dump(), zones);
        add_line(halves[static_cast<std::size_t>(k % 2)], p, a.dump(), zones);
    }
    constexpr std::int64_t ceiling = 9'223'372'036'854'775'807;
    const json r = json::parse(one.render());
    CHECK(r["inputs"]["accounts"] == 10);
    CHECK(r["amount_due"]["EUR"] == ceiling);
    CHECK(state(r, "grace")["amount_due"]["EUR"] == ceiling);
    // Five accounts, 5 × 10^18, fit; the merge of the two halves saturates.
    CHECK(json::parse(halves[0].render())["amount_due"]["EUR"] == 5'000'000'000'000'000'000);
    auto first = report_accumulator::parse_partial(halves[0].render_partial());
    auto second = report_accumulator::parse_partial(halves[1].render_partial());
    REQUIRE(first);
    REQUIRE(second);
    report_accumulator merged = *first;
    REQUIRE(merged.merge(*second));
    CHECK(json::parse(merged.render())["amount_due"]["EUR"] == ceiling);
}
