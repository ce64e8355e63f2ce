// fuzz_fixtures.hpp — the fixed partners of a fuzzed document: every preset plus two policies
// that reach what the presets do not (subscription scope, stage conditions, end_of_day, a
// first_failure clock, long grace periods that get shortened), and a few generated accounts.
#pragma once

#include <respite/generate.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>

#include <cstdlib>
#include <string>
#include <vector>

namespace respite::fuzz {

inline const char* const everything_policy = R"({"schema":"respite.policy/1","id":"fuzz-everything",
 "clock":{"starts_at":"invoice_due","day_boundary":"end_of_day"},"scope":"subscription",
 "minimum_due":{"EUR":500,"*":0},
 "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
  {"name":"warning","after":"P3D","access":"full","severity":"warning","last_decline_in":["soft","expired_card"]},
  {"name":"restricted","after":"P7DT12H","access":"read_only","severity":"critical",
   "disabled_features":["exports"],"unpaid_invoices_at_least":2,"balance_at_least":{"EUR":1000,"*":1}},
  {"name":"suspended","after":"P40D","access":"none","severity":"critical","message":"custom.suspended","dismissible":false},
  {"name":"after_suspension","after":"P50D","access":"none","severity":"critical"}],
 "cancel_after":"P60D","retries":{"schedule":["PT1H","P1D","P3D","P5D"]},
 "reminders":[{"id":"r0","at":"P0D","channel":"email"},{"id":"r1","before_stage":"suspended","by":"P1D","channel":"sms"},
  {"id":"r2","before_stage":"canceled","by":"P2D"}],
 "limits":{"max_grace_periods":1,"window":"P365D","shortened_to":"P38D"},
 "overrides":[{"when":{"plan":["enterprise","pro"]},"extend_by":"P7D"},
  {"when":{"customer_for_at_least":"P30D","price_at_least":{"EUR":100,"*":0}},
   "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
    {"name":"suspended","after":"P20D","access":"none","severity":"critical"}]}]})";

inline const char* const long_policy = R"({"schema":"respite.policy/1","id":"fuzz-long",
 "clock":{"starts_at":"first_failure","day_boundary":"exact"},
 "stages":[{"name":"notice","after":"P0D","access":"full","severity":"info"},
  {"name":"warning","after":"P60D","access":"full","severity":"warning"},
  {"name":"suspended","after":"P90D","access":"none","severity":"critical"},
  {"name":"closed","after":"P120D","access":"none","severity":"critical"}],
 "cancel_after":"P400D","retries":{"schedule":["P1D","P2D","P36500D"]},
 "reminders":[{"id":"late","at":"P36500D"},{"id":"last","before_stage":"closed","by":"P36500D"}],
 "limits":{"max_grace_periods":1,"window":"P3650D","shortened_to":"P80D"}})";

// Every preset, then the two above, parsed once.
inline const std::vector<policy>& fixture_policies() {
    static const std::vector<policy> all = [] {
        std::vector<policy> out;
        for (const auto& info : presets())
            out.push_back(*parse_policy(info.json));
        for (const char* text : {everything_policy, long_policy}) {
            auto p = parse_policy(text);
            if (!p) std::abort(); // a broken fixture, not a finding
            out.push_back(*p);
        }
        return out;
    }();
    return all;
}

inline const std::vector<account>& fixture_accounts() {
    static const std::vector<account> all = [] {
        std::vector<account> out;
        generate_options options;
        for (std::uint64_t i = 0; i < 6; ++i)
            out.push_back(*parse_account(generate_account(options, i)));
        return out;
    }();
    return all;
}

// A cheap, stable choice from the input's bytes (the same input always picks the same).
inline std::size_t pick(const std::uint8_t* data, std::size_t size, std::size_t n) {
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < size; i += 1 + size / 64)
        h = (h ^ data[i]) * 16777619u;
    return n ? h % n : 0;
}

} // namespace respite::fuzz
