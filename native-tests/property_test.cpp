// Properties of evaluate() over generated accounts (respite/generate.hpp): time passing without
// payment never moves an account back, a countdown only falls, paying everything restores good
// standing, and no grace outlives what its policy allows.
#include <respite/evaluate.hpp>
#include <respite/generate.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace respite;

namespace {

int rank(const status& s) {
    return static_cast<int>(s.state) * 100 + (s.stage ? s.stage->index : 0);
}

policy preset_policy(const char* name) {
    const preset_info* info = find_preset(name);
    REQUIRE(info);
    auto p = parse_policy(info->json);
    REQUIRE(p);
    return *p;
}

} // namespace

TEST_CASE("properties: unpaid time only moves an account forward, countdowns only fall") {
    const system_zone_source zones;
    const policy p = preset_policy("standard");
    generate_options options;
    options.seed = 42;
    const instant start = options.around - days(70);
    for (std::uint64_t i = 0; i < 300; ++i) {
        auto a = parse_account(generate_account(options, i));
        REQUIRE(a);
        std::optional<status> previous;
        for (instant now = start; now < options.around + days(40); now = now + hours(11)) {
            auto s = evaluate(p, *a, now, zones);
            REQUIRE(s);
            if (previous) {
                INFO("account " << a->id << " at " << format_instant(now));
                CHECK(rank(*s) >= rank(*previous));
                if (s->countdown && previous->countdown && s->stage && previous->stage &&
                    s->stage->index == previous->stage->index && s->state == previous->state) {
                    CHECK(s->countdown->at == previous->countdown->at);
                    CHECK(s->countdown->seconds < previous->countdown->seconds);
                }
            }
            previous = std::move(*s);
        }
    }
}

TEST_CASE("properties: paying every invoice gives good standing") {
    const system_zone_source zones;
    const policy p = preset_policy("standard");
    generate_options options;
    options.seed = 7;
    for (std::uint64_t i = 0; i < 500; ++i) {
        auto doc = nlohmann::json::parse(generate_account(options, i));
        for (auto& inv : doc["invoices"]) {
            inv["amount_paid"] = inv["amount_due"];
            inv["status"] = "paid";
        }
        auto a = parse_account(doc.dump());
        REQUIRE(a);
        auto s = evaluate(p, *a, options.around, zones);
        REQUIRE(s);
        INFO(a->id);
        CHECK(s->state == account_state::good_standing);
        CHECK_FALSE(s->banner.show);
        CHECK(s->access == access_level::full);
    }
}

TEST_CASE("properties: no grace outlives its policy (no grace forever)") {
    const system_zone_source zones;
    for (const auto& info : presets()) {
        auto p = parse_policy(info.json);
        REQUIRE(p);
        if (!p->cancel_after) continue;
        // The latest a cancellation can come: the longest stage list, every override's extension,
        // a day for end_of_day, plus the account's own extensions (added per account below).
        duration longest = *p->cancel_after;
        for (const auto& o : p->overrides)
            if (o.extend_by) longest = longest + *o.extend_by;
        generate_options options;
        options.seed = 99;
        for (std::uint64_t i = 0; i < 300; ++i) {
            auto a = parse_account(generate_account(options, i));
            REQUIRE(a);
            duration allowed = longest + days(1);
            for (const auto& e : a->extensions)
                allowed = allowed + e.by;
            auto s = evaluate(*p, *a, options.around, zones);
            REQUIRE(s);
            if (!s->grace) continue;
            INFO(info.name << " " << a->id);
            REQUIRE(s->grace->cancels_at);
            CHECK(*s->grace->cancels_at - s->grace->started_at <= allowed);
        }
    }
}
