// respite/report.hpp — portfolio figures over many accounts, and the replay of recorded history
// under two policies. Both are pure, mergeable aggregates: add accounts in any order, in any
// number of pieces, merge the pieces in any order, and the rendered JSON is the same bytes.
// Every figure is an integer (money in minor units per currency, rates in basis points or as
// counts); docs/report.md defines each one.
//
//   report_accumulator r(p.id, now);
//   for (each account a) r.add(a, evaluate(p, a, now, zones).value(), now);
//   std::string json = r.render();          // respite.report/1
//   std::string part = r.render_partial();  // respite.report-partial/1, for `merge`
#pragma once

#include "respite/account.hpp"
#include "respite/policy.hpp"
#include "respite/result.hpp"
#include "respite/status.hpp"
#include "respite/time.hpp"
#include "respite/zone.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace respite {

// Figures that fix the report's shape (docs/report.md).
namespace report_shape {
constexpr std::int64_t active_within_days = 7; // usage.last_active_at this recent: active
constexpr std::int64_t horizon_days = 180;     // ages and grace lengths at or past this: lumped
constexpr int forecast_weeks = 13;             // recovery forecast and ARR at risk, week by week
} // namespace report_shape

// Monthly recurring revenue of one subscription, in minor units, floored: the price divided by
// the interval's length in average months (365.25 / 12 = 30.4375 days):
//   price × 1461 ÷ (1461 × months + 48 × days).
// P1M → price, P3M → price ÷ 3, P1Y → price ÷ 12, P30D → price × 1461 ÷ 1440.
// nullopt without a price, without an interval, or with an empty interval.
std::optional<std::int64_t> monthly_recurring(const subscription& s);

class report_accumulator {
public:
    // Every account added must have been evaluated with the policy `policy_id` at `now`;
    // pieces merge only when both agree.
    report_accumulator(std::string policy_id, instant now);
    report_accumulator(const report_accumulator& other);
    report_accumulator(report_accumulator&& other) noexcept;
    report_accumulator& operator=(const report_accumulator& other);
    report_accumulator& operator=(report_accumulator&& other) noexcept;
    ~report_accumulator();

    // One account and its status at `now` (the accumulator's instant).
    void add(const account& a, const status& s);
    // A line that could not be read or evaluated, by the code of its first error.
    void add_invalid(std::string_view error_code);

    // Adds another piece. false (and nothing changed) when the policy id or instant differ;
    // `why` then says which.
    bool merge(const report_accumulator& other, std::string* why = nullptr);

    // `respite.report/1`: the figures, compact JSON, fixed key order.
    std::string render() const;
    // `respite.report-partial/1`: every counter, to be read back by parse_partial and merged.
    std::string render_partial() const;
    // Reads a partial back (errors carry JSON Pointer paths into it). Never throws.
    static result<report_accumulator> parse_partial(std::string_view json_text);

    const std::string& policy_id() const;
    instant now() const;
    std::int64_t lines() const;   // accounts added + invalid lines
    std::int64_t invalid() const; // invalid lines

    struct figures;

private:
    std::unique_ptr<figures> f_;
};

// ---- Simulation: recorded history replayed under two policies -------------------------------

using currency_amounts = std::map<std::string, std::int64_t>; // currency → minor units

// The account as its recorded history stood at `t`: invoices due by then (a `paid` invoice is
// open until its first succeeded attempt; paid from its due time when no failed attempt came
// before that one, or when none is recorded),
// attempts, reminders, extensions, grace history and usage up to `t`. docs/report.md lists the
// assumptions.
account account_as_of(const account& recorded, instant t);

// What happened to one account when its history was replayed under one policy until `until`.
struct replay_outcome {
    bool entered_grace = false;
    bool restricted = false; // access read_only or features disabled at some point, in grace
    bool suspended = false;
    bool canceled = false; // the policy canceled it: estimated involuntary churn
    std::optional<instant> canceled_at;
    std::int64_t grace_periods = 0;
    std::int64_t recoveries = 0;          // grace periods ended by a payment
    std::int64_t recoveries_lost = 0;     // 1 when a payment is recorded after this policy canceled
    std::int64_t unpaid_service_days = 0; // the engine's figure at the end of each grace period
    std::int64_t evaluations = 0;
    currency_amounts unrecognized; // the engine's figure at the end of each grace period, summed
    currency_amounts
        written_off; // the part never paid by `until`: grace ended canceled or still open
    currency_amounts churned_mrr; // monthly recurring revenue of a canceled account
};

// Replays `recorded` under `p`: evaluates at every recorded event, 1 ms before each payment, at
// every deadline the status announces, and daily while not in good standing, from the first
// invoice's due time until `until` or the cancellation (after which the account is gone).
result<replay_outcome> replay(const policy& p, const account& recorded, instant until,
                              const zone_source& zones);

class simulation_accumulator {
public:
    simulation_accumulator(std::string policy_a, std::string policy_b, instant until);
    simulation_accumulator(const simulation_accumulator& other);
    simulation_accumulator(simulation_accumulator&& other) noexcept;
    simulation_accumulator& operator=(const simulation_accumulator& other);
    simulation_accumulator& operator=(simulation_accumulator&& other) noexcept;
    ~simulation_accumulator();

    // One account's replay under policy A and under policy B.
    void add(const replay_outcome& under_a, const replay_outcome& under_b);
    void add_invalid(std::string_view error_code);
    bool merge(const simulation_accumulator& other, std::string* why = nullptr);
    // `respite.simulation/1`.
    std::string render() const;

    struct figures;

private:
    std::unique_ptr<figures> f_;
};

} // namespace respite
