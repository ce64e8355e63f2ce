// Portfolio figures and history replay: mergeable counters in, deterministic JSON out.
// Every figure is a sum, so any split of the input merges back to the same bytes; anything
// that is not a sum (shares, the recovery forecast) is derived from the sums when rendering,
// with integer arithmetic only. docs/report.md defines each figure.
#include "respite/report.hpp"

#include "json_writer.hpp"
#include "respite/evaluate.hpp"
#include "respite/json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <iterator>
#include <limits>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace respite {
namespace {

__extension__ typedef __int128 wide; // products of amounts and counts; -Wpedantic knows it

using tally = std::map<std::string, std::int64_t>;
using detail::json_writer;

// Sums over a portfolio. Each account's amounts stay below 10^18 per currency (docs/limits.md),
// but a portfolio's can pass 2^63 − 1 minor units: every sum of amounts stops there (saturates)
// instead of wrapping to a negative figure. docs/report.md, "Limits".
constexpr std::int64_t ceiling = std::numeric_limits<std::int64_t>::max();
std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t sum;
    if (!__builtin_add_overflow(a, b, &sum)) return sum;
    return b > 0 ? ceiling : std::numeric_limits<std::int64_t>::min();
}
std::int64_t saturate(wide v) {
    return v > ceiling                                    ? ceiling
           : v < std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::min()
                                                          : static_cast<std::int64_t>(v);
}

constexpr std::int64_t D = report_shape::horizon_days; // last age / length bin (lumped)
constexpr std::size_t age_bins = static_cast<std::size_t>(D) + 1;
constexpr int W = report_shape::forecast_weeks;
constexpr std::size_t cancel_bins = static_cast<std::size_t>(W) + 1; // weeks 0..W-1, W: later/never
constexpr std::size_t grid = cancel_bins * age_bins;
constexpr std::int64_t windows[] = {7, 14, 30}; // upcoming suspensions and cancellations

constexpr const char* state_names[] = {"good_standing", "grace", "suspended", "canceled"};
constexpr const char* action_names[] = {"update_payment_method", "authenticate_payment",
                                        "pay_invoice", "contact_billing"};
constexpr const char* class_names[] = {"soft", "hard", "authentication", "none"};
constexpr const char* usage_names[] = {"active", "dormant", "unknown"};

struct aging_bucket {
    const char* label;
    std::int64_t from, to; // days in grace, inclusive; to < 0: no upper bound
};
constexpr aging_bucket aging_buckets[] = {
    {"0-7", 0, 7}, {"8-14", 8, 14}, {"15-30", 15, 30}, {"31+", 31, -1}};

// Decline codes the card networks use (is_known_decline_code) count by name, others as "other",
// so that the report's size does not grow with whatever strings the input holds.
std::string decline_code_key(std::string_view code) {
    return is_known_decline_code(code) ? std::string(code) : "other";
}

// Floor division for the non-negative spans the report measures (negative spans clamp to 0).
std::int64_t whole_days(instant from, instant to) {
    return to < from ? 0 : (to - from).ms / ms_per_day;
}

void add_to(tally& t, const std::string& key, std::int64_t n) {
    if (n != 0) {
        std::int64_t& sum = t[key];
        sum = saturating_add(sum, n);
    }
}
void add_all(tally& to, const tally& from) {
    for (const auto& [k, v] : from)
        add_to(to, k, v);
}

struct bucket {
    std::int64_t accounts = 0;
    tally amount_due;
    void add(const status& s) {
        ++accounts;
        for (const money& m : s.amounts_due)
            add_to(amount_due, m.currency, m.amount);
    }
    void add(const bucket& b) {
        accounts += b.accounts;
        add_all(amount_due, b.amount_due);
    }
};

struct stage_key {
    int state = 0;
    int index = 0;
    std::string name;
    friend bool operator<(const stage_key& a, const stage_key& b) {
        return std::tie(a.state, a.index, a.name) < std::tie(b.state, b.index, b.name);
    }
};

using stage_map = std::map<stage_key, bucket>;
using grid_map = std::map<std::string, std::vector<std::int64_t>>; // currency → grid cells

// ---- JSON helpers ------------------------------------------------------------------------------

void write_tally(json_writer& w, const tally& t) {
    w.begin_object();
    for (const auto& [k, v] : t)
        if (v != 0) w.key(k).value(v);
    w.end_object();
}

void write_bucket(json_writer& w, const bucket& b) {
    w.begin_object().key("accounts").value(b.accounts).key("amount_due");
    write_tally(w, b.amount_due);
    w.end_object();
}

// Basis points, floored; null when there is nothing to divide by.
void write_bp(json_writer& w, std::int64_t part, std::int64_t whole) {
    if (whole <= 0)
        w.null();
    else
        w.value(static_cast<std::int64_t>(static_cast<wide>(part) * 10000 / whole));
}

using nl = nlohmann::json;

struct partial_reader {
    error_list& errors;
    void fail(const std::string& path, const char* code, const std::string& message) {
        errors.push_back({path, code, message});
    }
    bool integer(const nl& v, const std::string& path, std::int64_t& out) {
        if (v.is_number_integer()) {
            if (v.is_number_unsigned() &&
                v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
                fail(path, "invalid_value", "out of range");
                return false;
            }
            out = v.get<std::int64_t>();
            return true;
        }
        fail(path, "wrong_type", "expected an integer");
        return false;
    }
    void read(const nl& v, const std::string& path, std::int64_t& out) { integer(v, path, out); }
    void read(const nl& v, const std::string& path, tally& out) {
        if (!v.is_object()) return fail(path, "wrong_type", "expected an object");
        for (auto it = v.begin(); it != v.end(); ++it) {
            std::int64_t n = 0;
            if (integer(it.value(), path + "/" + it.key(), n)) add_to(out, it.key(), n);
        }
    }
    void read(const nl& v, const std::string& path, bucket& out) {
        if (!v.is_object()) return fail(path, "wrong_type", "expected an object");
        auto a = v.find("accounts");
        auto m = v.find("amount_due");
        if (a == v.end() || m == v.end())
            return fail(path, "missing_field", "expected accounts and amount_due");
        read(*a, path + "/accounts", out.accounts);
        read(*m, path + "/amount_due", out.amount_due);
    }
    // Sparse cells: [[index, value], …].
    void read(const nl& v, const std::string& path, std::vector<std::int64_t>& out) {
        if (!v.is_array()) return fail(path, "wrong_type", "expected an array of [index, value]");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const nl& cell = v[i];
            const std::string p = path + "/" + std::to_string(i);
            std::int64_t index = 0, value = 0;
            if (!cell.is_array() || cell.size() != 2) {
                fail(p, "wrong_type", "expected [index, value]");
                continue;
            }
            if (!integer(cell[0], p + "/0", index) || !integer(cell[1], p + "/1", value)) continue;
            if (index < 0 || static_cast<std::size_t>(index) >= out.size()) {
                fail(p + "/0", "invalid_value", "index out of range");
                continue;
            }
            auto& sum = out[static_cast<std::size_t>(index)];
            sum = saturating_add(sum, value);
        }
    }
    void read(const nl& v, const std::string& path, grid_map& out) {
        if (!v.is_object()) return fail(path, "wrong_type", "expected an object");
        for (auto it = v.begin(); it != v.end(); ++it) {
            auto& cells = out[it.key()];
            if (cells.empty()) cells.assign(grid, 0);
            read(it.value(), path + "/" + it.key(), cells);
        }
    }
    void read(const nl& v, const std::string& path, stage_map& out) {
        if (!v.is_array()) return fail(path, "wrong_type", "expected an array");
        for (std::size_t i = 0; i < v.size(); ++i) {
            const nl& e = v[i];
            const std::string p = path + "/" + std::to_string(i);
            if (!e.is_array() || e.size() != 5 || !e[2].is_string()) {
                fail(p, "wrong_type", "expected [state, index, name, accounts, amount_due]");
                continue;
            }
            std::int64_t state = 0, index = 0;
            bucket b;
            if (!integer(e[0], p + "/0", state) || !integer(e[1], p + "/1", index)) continue;
            if (state < 0 || state > 3 || index < 0 || index > 1000) {
                fail(p, "invalid_value", "state or stage index out of range");
                continue;
            }
            read(e[3], p + "/3", b.accounts);
            read(e[4], p + "/4", b.amount_due);
            out[{static_cast<int>(state), static_cast<int>(index), e[2].get<std::string>()}].add(b);
        }
    }
};

void write_partial_value(json_writer& w, std::int64_t v) {
    w.value(v);
}
void write_partial_value(json_writer& w, const tally& t) {
    write_tally(w, t);
}
void write_partial_value(json_writer& w, const bucket& b) {
    write_bucket(w, b);
}
void write_partial_value(json_writer& w, const std::vector<std::int64_t>& cells) {
    w.begin_array();
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i] != 0)
            w.begin_array().value(static_cast<std::int64_t>(i)).value(cells[i]).end_array();
    w.end_array();
}
void write_partial_value(json_writer& w, const grid_map& g) {
    w.begin_object();
    for (const auto& [currency, cells] : g) {
        w.key(currency);
        write_partial_value(w, cells);
    }
    w.end_object();
}
void write_partial_value(json_writer& w, const stage_map& m) {
    w.begin_array();
    for (const auto& [k, b] : m) {
        w.begin_array().value(k.state).value(k.index).value(k.name).value(b.accounts);
        write_tally(w, b.amount_due);
        w.end_array();
    }
    w.end_array();
}

void merge_value(std::int64_t& a, const std::int64_t& b) {
    a = saturating_add(a, b);
}
void merge_value(tally& a, const tally& b) {
    add_all(a, b);
}
void merge_value(bucket& a, const bucket& b) {
    a.add(b);
}
void merge_value(std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        a[i] = saturating_add(a[i], b[i]);
}
void merge_value(grid_map& a, const grid_map& b) {
    for (const auto& [currency, cells] : b) {
        auto& mine = a[currency];
        if (mine.empty()) mine.assign(grid, 0);
        merge_value(mine, cells);
    }
}
void merge_value(stage_map& a, const stage_map& b) {
    for (const auto& [k, v] : b)
        a[k].add(v);
}

} // namespace

// ---- Recurring revenue -----------------------------------------------------------------------

std::optional<std::int64_t> monthly_recurring(const subscription& s) {
    if (!s.price || !s.interval) return std::nullopt;
    const wide length = static_cast<wide>(1461) * s.interval->months + 48 * s.interval->days;
    if (length <= 0) return std::nullopt;
    return static_cast<std::int64_t>(static_cast<wide>(s.price->amount) * 1461 / length);
}

// ---- The report ------------------------------------------------------------------------------

struct report_accumulator::figures {
    std::string policy_id;
    instant now;

    std::int64_t invalid = 0;
    tally invalid_by_code;
    std::int64_t accounts = 0;
    std::array<bucket, 4> states;
    stage_map stages;
    std::int64_t subscriptions = 0, unpriced_subscriptions = 0;
    std::array<tally, 4> mrr; // by the subscription's state
    std::array<bucket, 4> aging;
    std::array<std::int64_t, 4> actions{};
    std::array<tally, 4> action_reasons;
    std::array<std::int64_t, 4> declines{}; // soft, hard, authentication, none
    tally decline_codes;
    tally flags;
    std::int64_t shortened = 0;
    std::array<std::int64_t, 6> usage{}; // grace × (active, dormant, unknown), then suspended
    std::int64_t unpaid_service_days = 0;
    tally unrecognized;
    std::array<bucket, 3> suspensions, cancellations;
    std::array<tally, 3> suspensions_mrr, cancellations_mrr;
    std::int64_t history_graces = 0, history_open = 0;
    std::vector<std::int64_t> ended_by_day = std::vector<std::int64_t>(age_bins);
    std::vector<std::int64_t> recovered_by_day = std::vector<std::int64_t>(age_bins);
    std::vector<std::int64_t> open_graces = std::vector<std::int64_t>(grid);
    grid_map open_amount_due, open_mrr;

    // Every counter with its name in the partial form, in that form's order.
    template <class A, class B, class F> static void fields(A& a, B& b, F&& f) {
        f("invalid", a.invalid, b.invalid);
        f("invalid_by_code", a.invalid_by_code, b.invalid_by_code);
        f("accounts", a.accounts, b.accounts);
        for (std::size_t i = 0; i < 4; ++i)
            f(std::string("state/") + state_names[i], a.states[i], b.states[i]);
        f("stages", a.stages, b.stages);
        f("subscriptions", a.subscriptions, b.subscriptions);
        f("unpriced_subscriptions", a.unpriced_subscriptions, b.unpriced_subscriptions);
        for (std::size_t i = 0; i < 4; ++i)
            f(std::string("mrr/") + state_names[i], a.mrr[i], b.mrr[i]);
        for (std::size_t i = 0; i < 4; ++i)
            f(std::string("aging/") + aging_buckets[i].label, a.aging[i], b.aging[i]);
        for (std::size_t i = 0; i < 4; ++i) {
            f(std::string("actions/") + action_names[i], a.actions[i], b.actions[i]);
            f(std::string("action_reasons/") + action_names[i], a.action_reasons[i],
              b.action_reasons[i]);
        }
        for (std::size_t i = 0; i < 4; ++i)
            f(std::string("declines/") + class_names[i], a.declines[i], b.declines[i]);
        f("decline_codes", a.decline_codes, b.decline_codes);
        f("flags", a.flags, b.flags);
        f("shortened", a.shortened, b.shortened);
        for (std::size_t i = 0; i < 6; ++i)
            f(std::string("usage/") + (i < 3 ? "grace/" : "suspended/") + usage_names[i % 3],
              a.usage[i], b.usage[i]);
        f("unpaid_service_days", a.unpaid_service_days, b.unpaid_service_days);
        f("unrecognized", a.unrecognized, b.unrecognized);
        for (std::size_t i = 0; i < 3; ++i) {
            const std::string days = std::to_string(windows[i]);
            f("suspensions/" + days, a.suspensions[i], b.suspensions[i]);
            f("suspensions_mrr/" + days, a.suspensions_mrr[i], b.suspensions_mrr[i]);
            f("cancellations/" + days, a.cancellations[i], b.cancellations[i]);
            f("cancellations_mrr/" + days, a.cancellations_mrr[i], b.cancellations_mrr[i]);
        }
        f("history_graces", a.history_graces, b.history_graces);
        f("history_open", a.history_open, b.history_open);
        f("ended_by_day", a.ended_by_day, b.ended_by_day);
        f("recovered_by_day", a.recovered_by_day, b.recovered_by_day);
        f("open_graces", a.open_graces, b.open_graces);
        f("open_amount_due", a.open_amount_due, b.open_amount_due);
        f("open_mrr", a.open_mrr, b.open_mrr);
    }

    void add(const account& a, const status& s);
    void render_forecast(json_writer& w) const;
};

void report_accumulator::figures::add(const account& a, const status& s) {
    ++accounts;
    const auto st = static_cast<std::size_t>(s.state);
    const bool open = s.state == account_state::grace || s.state == account_state::suspended;
    states[st].add(s);
    if (s.stage && s.state != account_state::good_standing)
        stages[{static_cast<int>(st), s.stage->index, s.stage->name}].add(s);

    // Recurring revenue, by each subscription's own state (subscription scope may differ).
    tally account_open_mrr;
    for (const subscription& sub : a.subscriptions) {
        ++subscriptions;
        const auto mrr_value = monthly_recurring(sub);
        if (!mrr_value) {
            ++unpriced_subscriptions;
            continue;
        }
        account_state sub_state = s.state;
        for (const subscription_status& ss : s.subscriptions)
            if (ss.id == sub.id) sub_state = ss.state;
        add_to(mrr[static_cast<std::size_t>(sub_state)], sub.price->currency, *mrr_value);
        if (sub_state == account_state::grace || sub_state == account_state::suspended)
            add_to(account_open_mrr, sub.price->currency, *mrr_value);
    }

    for (const required_action& ra : s.required_actions) {
        const auto t = static_cast<std::size_t>(ra.type);
        ++actions[t];
        add_to(action_reasons[t], ra.reason, 1);
    }
    for (const std::string& flag : s.flags)
        add_to(flags, flag, 1);
    unpaid_service_days += s.revenue.unpaid_service_days;
    if (s.revenue.unrecognized)
        add_to(unrecognized, s.revenue.unrecognized->currency, s.revenue.unrecognized->amount);

    for (const grace_record& g : a.grace_history) {
        ++history_graces;
        if (!g.ended_at || *g.ended_at < g.started_at) {
            ++history_open;
            continue;
        }
        const auto day =
            static_cast<std::size_t>(std::min(D, whole_days(g.started_at, *g.ended_at)));
        ++ended_by_day[day];
        if (g.outcome == grace_outcome::recovered) ++recovered_by_day[day];
    }

    if (s.state == account_state::good_standing || !s.grace) return;

    const std::int64_t age = whole_days(s.grace->started_at, now);
    for (std::size_t i = 0; i < 4; ++i)
        if (age >= aging_buckets[i].from && (aging_buckets[i].to < 0 || age <= aging_buckets[i].to))
            aging[i].add(s);
    if (s.last_decline) {
        ++declines[static_cast<std::size_t>(*s.last_decline)];
        add_to(decline_codes, decline_code_key(s.last_decline_code), 1);
    } else {
        ++declines[3];
    }
    if (s.grace->shortened) ++shortened;
    if (!open) return;

    const std::size_t u = s.state == account_state::grace ? 0 : 3;
    if (!a.last_active_at)
        ++usage[u + 2];
    else if (*a.last_active_at > now - days(report_shape::active_within_days))
        ++usage[u];
    else
        ++usage[u + 1];

    for (std::size_t i = 0; i < 3; ++i) {
        const instant horizon = now + days(windows[i]);
        const auto& sus = s.grace->suspends_at;
        if (s.state == account_state::grace && sus && *sus > now && *sus <= horizon) {
            suspensions[i].add(s);
            add_all(suspensions_mrr[i], account_open_mrr);
        }
        const auto& can = s.grace->cancels_at;
        if (can && *can > now && *can <= horizon) {
            cancellations[i].add(s);
            add_all(cancellations_mrr[i], account_open_mrr);
        }
    }

    // The forecast's grid: age in days × the week in which the cancellation falls.
    std::size_t week = static_cast<std::size_t>(W);
    if (s.grace->cancels_at && *s.grace->cancels_at > now)
        week = static_cast<std::size_t>(
            std::min<std::int64_t>(W, (*s.grace->cancels_at - now).ms / days(7).ms));
    const std::size_t cell = week * age_bins + static_cast<std::size_t>(std::min(D, age));
    ++open_graces[cell];
    auto put = [&](grid_map& g, const std::string& currency, std::int64_t amount) {
        if (amount == 0) return;
        auto& cells = g[currency];
        if (cells.empty()) cells.assign(grid, 0);
        cells[cell] = saturating_add(cells[cell], amount);
    };
    for (const money& m : s.amounts_due)
        put(open_amount_due, m.currency, m.amount);
    for (const auto& [currency, amount] : account_open_mrr)
        put(open_mrr, currency, amount);
}

// Recovery forecast (docs/report.md): of the past grace periods still open on day `a` of grace,
// the share that ended recovered on days [a+lo, a+hi); applied to each open grace by its age.
void report_accumulator::figures::render_forecast(json_writer& w) const {
    std::vector<std::int64_t> recovered_upto(age_bins + 1, 0), ended_from(age_bins + 1, 0);
    for (std::size_t d = 0; d < age_bins; ++d)
        recovered_upto[d + 1] = recovered_upto[d] + recovered_by_day[d];
    for (std::size_t d = age_bins; d-- > 0;)
        ended_from[d] = ended_from[d + 1] + ended_by_day[d];
    // P(recovered on days [a+lo, a+hi) | still open on day a) = num / den.
    auto share = [&](std::size_t a, std::int64_t lo, std::int64_t hi) -> std::pair<wide, wide> {
        const wide den = ended_from[a];
        const std::int64_t first = static_cast<std::int64_t>(a) + lo;
        const std::int64_t last = std::min<std::int64_t>(D, static_cast<std::int64_t>(a) + hi - 1);
        if (den == 0 || first > last) return {0, den == 0 ? 1 : den};
        return {recovered_upto[static_cast<std::size_t>(last) + 1] -
                    recovered_upto[static_cast<std::size_t>(first)],
                den};
    };

    w.key("forecast").begin_array();
    for (int week = 0; week < W; ++week) {
        const std::int64_t lo = 7 * week, hi = 7 * week + 7;
        wide expected_micro = 0;
        std::int64_t reaching = 0;
        tally recovered_amount, arr_at_risk, arr_reaching;
        for (std::size_t c = static_cast<std::size_t>(week); c < cancel_bins; ++c) {
            for (std::size_t a = 0; a < age_bins; ++a) {
                const std::size_t cell = c * age_bins + a;
                const auto [num, den] = share(a, lo, hi);
                const auto [gone, den0] = share(a, 0, lo); // recovered before this week
                expected_micro += static_cast<wide>(open_graces[cell]) * num * 1'000'000 / den;
                if (c == static_cast<std::size_t>(week)) reaching += open_graces[cell];
                for (const auto& [currency, cells] : open_amount_due)
                    if (cells[cell] != 0)
                        add_to(recovered_amount, currency,
                               saturate(static_cast<wide>(cells[cell]) * num / den));
                for (const auto& [currency, cells] : open_mrr) {
                    if (cells[cell] == 0) continue;
                    const wide arr = static_cast<wide>(cells[cell]) * 12;
                    add_to(arr_at_risk, currency, saturate(arr * (den0 - gone) / den0));
                    if (c == static_cast<std::size_t>(week))
                        add_to(arr_reaching, currency, saturate(arr));
                }
            }
        }
        w.begin_object()
            .key("week")
            .value(week + 1)
            .key("starts_at")
            .value(format_instant(now + days(lo)))
            .key("ends_at")
            .value(format_instant(now + days(hi)))
            .key("expected_recoveries_milli")
            .value(static_cast<std::int64_t>(expected_micro / 1000))
            .key("expected_recovered_amount");
        write_tally(w, recovered_amount);
        w.key("arr_at_risk");
        write_tally(w, arr_at_risk);
        w.key("accounts_reaching_cancellation").value(reaching).key("arr_reaching_cancellation");
        write_tally(w, arr_reaching);
        w.end_object();
    }
    w.end_array();
}

report_accumulator::report_accumulator(std::string policy_id, instant now)
    : f_(std::make_unique<figures>()) {
    f_->policy_id = std::move(policy_id);
    f_->now = now;
}
report_accumulator::report_accumulator(const report_accumulator& other)
    : f_(std::make_unique<figures>(*other.f_)) {}
report_accumulator::report_accumulator(report_accumulator&& other) noexcept = default;
report_accumulator& report_accumulator::operator=(const report_accumulator& other) {
    if (this != &other) f_ = std::make_unique<figures>(*other.f_);
    return *this;
}
report_accumulator& report_accumulator::operator=(report_accumulator&& other) noexcept = default;
report_accumulator::~report_accumulator() = default;

const std::string& report_accumulator::policy_id() const {
    return f_->policy_id;
}
instant report_accumulator::now() const {
    return f_->now;
}
std::int64_t report_accumulator::lines() const {
    return f_->accounts + f_->invalid;
}
std::int64_t report_accumulator::invalid() const {
    return f_->invalid;
}

void report_accumulator::add(const account& a, const status& s) {
    f_->add(a, s);
}

void report_accumulator::add_invalid(std::string_view error_code) {
    ++f_->invalid;
    add_to(f_->invalid_by_code, std::string(error_code.empty() ? "unknown" : error_code), 1);
}

bool report_accumulator::merge(const report_accumulator& other, std::string* why) {
    if (other.f_->policy_id != f_->policy_id || other.f_->now != f_->now) {
        if (why)
            *why = "cannot merge a report of policy '" + other.f_->policy_id + "' at " +
                   format_instant(other.f_->now) + " into one of policy '" + f_->policy_id +
                   "' at " + format_instant(f_->now);
        return false;
    }
    figures::fields(*f_, *other.f_, [](const std::string&, auto& mine, const auto& theirs) {
        merge_value(mine, theirs);
    });
    return true;
}

std::string report_accumulator::render_partial() const {
    json_writer w;
    w.begin_object()
        .key("schema")
        .value("respite.report-partial/1")
        .key("policy_id")
        .value(f_->policy_id)
        .key("evaluated_at")
        .value(format_instant(f_->now))
        .key("counters")
        .begin_object();
    figures::fields(*f_, *f_, [&](const std::string& name, const auto& v, const auto&) {
        w.key(name);
        write_partial_value(w, v);
    });
    w.end_object().end_object();
    return w.take();
}

result<report_accumulator> report_accumulator::parse_partial(std::string_view json_text) {
    const nl doc = nl::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return error{"", "invalid_json", "not a JSON object"};
    auto schema = doc.find("schema");
    if (schema == doc.end() || !schema->is_string() ||
        schema->get<std::string>() != "respite.report-partial/1")
        return error{"/schema", "unsupported_schema", "expected \"respite.report-partial/1\""};
    auto id = doc.find("policy_id");
    auto at = doc.find("evaluated_at");
    auto counters = doc.find("counters");
    if (id == doc.end() || !id->is_string())
        return error{"/policy_id", "missing_field", "'policy_id' (a string) is required"};
    std::optional<instant> now;
    if (at != doc.end() && at->is_string()) now = parse_instant(at->get<std::string>());
    if (!now) return error{"/evaluated_at", "invalid_timestamp", "an RFC 3339 instant is required"};
    if (counters == doc.end() || !counters->is_object())
        return error{"/counters", "missing_field", "'counters' (an object) is required"};
    report_accumulator r(id->get<std::string>(), *now);
    error_list errors;
    partial_reader reader{errors};
    figures::fields(*r.f_, *r.f_, [&](const std::string& name, auto& v, auto&) {
        auto it = counters->find(name);
        if (it == counters->end())
            reader.fail("/counters/" + name, "missing_field", "'" + name + "' is required");
        else
            reader.read(*it, "/counters/" + name, v);
    });
    if (!errors.empty()) return errors;
    return r;
}

std::string report_accumulator::render() const {
    const figures& f = *f_;
    json_writer w;
    w.begin_object()
        .key("schema")
        .value("respite.report/1")
        .key("policy_id")
        .value(f.policy_id)
        .key("evaluated_at")
        .value(format_instant(f.now));

    w.key("inputs")
        .begin_object()
        .key("lines")
        .value(f.accounts + f.invalid)
        .key("accounts")
        .value(f.accounts)
        .key("invalid")
        .value(f.invalid)
        .key("invalid_by_code");
    write_tally(w, f.invalid_by_code);
    w.end_object();

    tally total_due;
    for (const bucket& b : f.states)
        add_all(total_due, b.amount_due);
    w.key("amount_due");
    write_tally(w, total_due);

    w.key("states").begin_array();
    for (std::size_t i = 0; i < 4; ++i) {
        const bucket& b = f.states[i];
        w.begin_object()
            .key("state")
            .value(state_names[i])
            .key("accounts")
            .value(b.accounts)
            .key("share_bp");
        write_bp(w, b.accounts, f.accounts);
        w.key("amount_due");
        write_tally(w, b.amount_due);
        w.key("stages").begin_array();
        for (const auto& [k, sb] : f.stages) {
            if (k.state != static_cast<int>(i)) continue;
            w.begin_object()
                .key("index")
                .value(k.index)
                .key("name")
                .value(k.name)
                .key("accounts")
                .value(sb.accounts)
                .key("amount_due");
            write_tally(w, sb.amount_due);
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.end_array();

    auto write_arr = [&](const tally& mrr) {
        tally arr;
        for (const auto& [c, v] : mrr)
            add_to(arr, c, saturate(static_cast<wide>(v) * 12));
        write_tally(w, arr);
    };
    tally at_risk = f.mrr[1];
    add_all(at_risk, f.mrr[2]);
    w.key("recurring_revenue")
        .begin_object()
        .key("subscriptions")
        .value(f.subscriptions)
        .key("unpriced_subscriptions")
        .value(f.unpriced_subscriptions)
        .key("mrr_by_state")
        .begin_object();
    for (std::size_t i = 0; i < 4; ++i) {
        w.key(state_names[i]);
        write_tally(w, f.mrr[i]);
    }
    w.end_object().key("mrr_at_risk");
    write_tally(w, at_risk);
    w.key("arr_at_risk");
    write_arr(at_risk);
    w.key("mrr_canceled");
    write_tally(w, f.mrr[3]);
    w.key("arr_canceled");
    write_arr(f.mrr[3]);
    w.end_object();

    w.key("aging").begin_array();
    for (std::size_t i = 0; i < 4; ++i) {
        w.begin_object()
            .key("days")
            .value(aging_buckets[i].label)
            .key("from_day")
            .value(aging_buckets[i].from)
            .key("to_day");
        if (aging_buckets[i].to < 0)
            w.null();
        else
            w.value(aging_buckets[i].to);
        w.key("accounts").value(f.aging[i].accounts).key("amount_due");
        write_tally(w, f.aging[i].amount_due);
        w.end_object();
    }
    w.end_array();

    w.key("required_actions").begin_array();
    for (std::size_t i = 0; i < 4; ++i) {
        w.begin_object()
            .key("type")
            .value(action_names[i])
            .key("accounts")
            .value(f.actions[i])
            .key("reasons");
        write_tally(w, f.action_reasons[i]);
        w.end_object();
    }
    w.end_array();

    std::int64_t declined = 0;
    for (auto n : f.declines)
        declined += n;
    w.key("declines").begin_object().key("accounts").value(declined).key("classes").begin_object();
    for (std::size_t i = 0; i < 4; ++i)
        w.key(class_names[i]).value(f.declines[i]);
    w.end_object().key("codes");
    write_tally(w, f.decline_codes);
    w.end_object();

    w.key("flags").begin_object();
    for (const char* flag : {"awaiting_payment_attempt", "exempt", "extended",
                             "payment_method_expired", "repeat_grace", "retries_stopped"}) {
        auto it = f.flags.find(flag);
        w.key(flag).value(it == f.flags.end() ? std::int64_t{0} : it->second);
    }
    for (const auto& [flag, n] : f.flags)
        if (flag != "awaiting_payment_attempt" && flag != "exempt" && flag != "extended" &&
            flag != "payment_method_expired" && flag != "repeat_grace" && flag != "retries_stopped")
            w.key(flag).value(n);
    w.end_object();

    auto flag_count = [&](const char* name) {
        auto it = f.flags.find(name);
        return it == f.flags.end() ? std::int64_t{0} : it->second;
    };
    w.key("repeat_grace")
        .begin_object()
        .key("accounts")
        .value(flag_count("repeat_grace"))
        .key("shortened")
        .value(f.shortened)
        .key("share_bp");
    write_bp(w, flag_count("repeat_grace"), f.accounts - f.states[0].accounts);
    w.end_object();

    w.key("usage").begin_object().key("active_within_days").value(report_shape::active_within_days);
    for (std::size_t s = 0; s < 2; ++s) {
        w.key(s == 0 ? "grace" : "suspended").begin_object();
        for (std::size_t k = 0; k < 3; ++k)
            w.key(usage_names[k]).value(f.usage[3 * s + k]);
        w.key("active_bp");
        write_bp(w, f.usage[3 * s], f.usage[3 * s] + f.usage[3 * s + 1] + f.usage[3 * s + 2]);
        w.end_object();
    }
    w.end_object();

    w.key("revenue")
        .begin_object()
        .key("unpaid_service_days")
        .value(f.unpaid_service_days)
        .key("unrecognized");
    write_tally(w, f.unrecognized);
    w.end_object();

    w.key("upcoming").begin_array();
    for (std::size_t i = 0; i < 3; ++i) {
        w.begin_object().key("within_days").value(windows[i]);
        w.key("suspensions")
            .begin_object()
            .key("accounts")
            .value(f.suspensions[i].accounts)
            .key("amount_due");
        write_tally(w, f.suspensions[i].amount_due);
        w.key("mrr");
        write_tally(w, f.suspensions_mrr[i]);
        w.end_object();
        w.key("cancellations")
            .begin_object()
            .key("accounts")
            .value(f.cancellations[i].accounts)
            .key("amount_due");
        write_tally(w, f.cancellations[i].amount_due);
        w.key("mrr");
        write_tally(w, f.cancellations_mrr[i]);
        w.end_object();
        w.end_object();
    }
    w.end_array();

    std::int64_t closed = 0, recovered = 0, last_day = -1;
    for (std::size_t d = 0; d < age_bins; ++d) {
        closed += f.ended_by_day[d];
        recovered += f.recovered_by_day[d];
        if (f.ended_by_day[d] != 0) last_day = static_cast<std::int64_t>(d);
    }
    std::int64_t open_now = 0;
    for (auto n : f.open_graces)
        open_now += n;
    w.key("recovery")
        .begin_object()
        .key("history")
        .begin_object()
        .key("graces")
        .value(f.history_graces)
        .key("open")
        .value(f.history_open)
        .key("closed")
        .value(closed)
        .key("recovered")
        .value(recovered)
        .key("recovered_bp");
    write_bp(w, recovered, closed);
    w.end_object();
    w.key("curve").begin_array();
    std::int64_t cumulative = 0;
    for (std::int64_t d = 0; d <= last_day; ++d) {
        cumulative += f.recovered_by_day[static_cast<std::size_t>(d)];
        w.begin_object().key("day").value(d).key("recovered").value(cumulative).key("share_bp");
        write_bp(w, cumulative, closed);
        w.end_object();
    }
    w.end_array();
    w.key("open_graces").value(open_now);
    f.render_forecast(w);
    w.end_object();

    w.end_object();
    return w.take();
}

// ---- History replay --------------------------------------------------------------------------

account account_as_of(const account& recorded, instant t) {
    account a = recorded;
    // When each invoice was paid: its first succeeded attempt after a failed one; a paid invoice
    // without a failed attempt before its payment was paid when due (it never was overdue).
    a.invoices.clear();
    for (const invoice& inv : recorded.invoices) {
        if (inv.due_at > t) continue; // not yet issued, as far as the engine can tell
        invoice now = inv;
        if (inv.status == invoice_status::paid) {
            std::optional<instant> paid_at;
            for (const payment_attempt& pa : recorded.payment_attempts)
                if (pa.invoice_id == inv.id && pa.outcome == attempt_outcome::succeeded &&
                    (!paid_at || pa.at < *paid_at))
                    paid_at = pa.at;
            // Paid by its first attempt: the charge at the due time went through, no grace.
            bool failed_before = false;
            for (const payment_attempt& pa : recorded.payment_attempts)
                if (pa.invoice_id == inv.id && pa.outcome == attempt_outcome::failed && paid_at &&
                    pa.at < *paid_at)
                    failed_before = true;
            if (paid_at && *paid_at > t && failed_before) {
                now.status = invoice_status::open;
                now.amount_paid = 0;
            }
        }
        a.invoices.push_back(std::move(now));
    }
    auto keep = [&](auto& items, auto when) {
        items.erase(
            std::remove_if(items.begin(), items.end(), [&](const auto& x) { return when(x) > t; }),
            items.end());
    };
    keep(a.payment_attempts, [](const payment_attempt& x) { return x.at; });
    // Attempts on invoices not issued yet would name unknown invoices.
    a.payment_attempts.erase(std::remove_if(a.payment_attempts.begin(), a.payment_attempts.end(),
                                            [&](const payment_attempt& x) {
                                                for (const invoice& inv : a.invoices)
                                                    if (inv.id == x.invoice_id) return false;
                                                return true;
                                            }),
                             a.payment_attempts.end());
    keep(a.reminders_sent, [](const sent_reminder& x) { return x.at; });
    keep(a.extensions, [](const extension& x) { return x.granted_at; });
    keep(a.grace_history, [](const grace_record& x) { return x.started_at; });
    for (grace_record& g : a.grace_history)
        if (g.ended_at && *g.ended_at > t) g.ended_at.reset();
    if (a.last_active_at && *a.last_active_at > t) a.last_active_at.reset();
    return a;
}

result<replay_outcome> replay(const policy& p, const account& recorded, instant until,
                              const zone_source& zones) {
    replay_outcome out;
    std::vector<instant> events;
    for (const invoice& inv : recorded.invoices)
        events.push_back(inv.due_at);
    for (const payment_attempt& pa : recorded.payment_attempts) {
        events.push_back(pa.at);
        if (pa.outcome == attempt_outcome::succeeded) {
            events.push_back(pa.at - duration{1}); // the last instant before the payment
        }
    }
    for (const extension& e : recorded.extensions)
        events.push_back(e.granted_at);
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
    if (events.empty() || events.front() > until) return out;

    instant t = events.front();
    bool in_grace = false;
    std::int64_t last_days = 0;
    std::optional<money> last_unrecognized;
    auto close_grace = [&](bool paid) {
        out.unpaid_service_days += last_days;
        if (last_unrecognized && last_unrecognized->amount != 0) {
            add_to(out.unrecognized, last_unrecognized->currency, last_unrecognized->amount);
            if (!paid)
                add_to(out.written_off, last_unrecognized->currency, last_unrecognized->amount);
        }
        if (paid) ++out.recoveries;
        in_grace = false;
    };
    // A day-by-day replay of a century is a mistake in the input, not a history: bounded.
    for (int guard = 0; guard < 200'000; ++guard) {
        const account snapshot = account_as_of(recorded, t);
        auto evaluated = evaluate(p, snapshot, t, zones);
        if (!evaluated) return evaluated.errors();
        const status& s = *evaluated;
        ++out.evaluations;
        const bool overdue = s.state != account_state::good_standing;
        if (in_grace && !overdue) close_grace(true);
        if (overdue) {
            if (!in_grace) ++out.grace_periods;
            in_grace = true;
            out.entered_grace = true;
            last_days = s.revenue.unpaid_service_days;
            last_unrecognized = s.revenue.unrecognized;
            if (s.state == account_state::grace &&
                (s.access != access_level::full || !s.disabled_features.empty()))
                out.restricted = true;
            if (s.state == account_state::suspended) out.suspended = true;
            if (s.state == account_state::canceled) {
                out.canceled = true;
                out.canceled_at = t;
                // Did the customer pay, in the recorded history, what was still open here?
                for (const payment_attempt& pa : recorded.payment_attempts)
                    for (const invoice& inv : snapshot.invoices)
                        if (pa.outcome == attempt_outcome::succeeded && pa.at > t &&
                            pa.invoice_id == inv.id && inv.status == invoice_status::open)
                            out.recoveries_lost = 1;
                for (const subscription& sub : recorded.subscriptions)
                    if (auto m = monthly_recurring(sub))
                        add_to(out.churned_mrr, sub.price->currency, *m);
                close_grace(false);
                return out;
            }
        }
        if (t >= until) break;
        instant next = until;
        auto consider = [&](instant c) {
            if (c > t && c < next) next = c;
        };
        auto after = std::upper_bound(events.begin(), events.end(), t);
        if (after != events.end()) consider(*after);
        if (overdue) {
            consider(t + days(1));
            if (s.grace) {
                if (s.grace->next_stage) consider(s.grace->next_stage->at);
                if (s.grace->suspends_at) consider(*s.grace->suspends_at);
                if (s.grace->cancels_at) consider(*s.grace->cancels_at);
            }
        }
        t = next;
    }
    if (in_grace) close_grace(false);
    return out;
}

// ---- The simulation report -------------------------------------------------------------------

namespace {
struct policy_totals {
    std::int64_t accounts = 0, entered_grace = 0, grace_periods = 0, restricted = 0, suspended = 0,
                 canceled = 0, canceled_only_here = 0, recoveries = 0, recoveries_lost = 0,
                 unpaid_service_days = 0, evaluations = 0;
    tally unrecognized, written_off, churned_mrr;

    void add(const replay_outcome& o, bool other_canceled) {
        ++accounts;
        entered_grace += o.entered_grace;
        grace_periods += o.grace_periods;
        restricted += o.restricted;
        suspended += o.suspended;
        canceled += o.canceled;
        canceled_only_here += o.canceled && !other_canceled;
        recoveries += o.recoveries;
        recoveries_lost += o.recoveries_lost;
        unpaid_service_days += o.unpaid_service_days;
        evaluations += o.evaluations;
        add_all(unrecognized, o.unrecognized);
        add_all(written_off, o.written_off);
        add_all(churned_mrr, o.churned_mrr);
    }
    void add(const policy_totals& o) {
        accounts += o.accounts;
        entered_grace += o.entered_grace;
        grace_periods += o.grace_periods;
        restricted += o.restricted;
        suspended += o.suspended;
        canceled += o.canceled;
        canceled_only_here += o.canceled_only_here;
        recoveries += o.recoveries;
        recoveries_lost += o.recoveries_lost;
        unpaid_service_days += o.unpaid_service_days;
        evaluations += o.evaluations;
        add_all(unrecognized, o.unrecognized);
        add_all(written_off, o.written_off);
        add_all(churned_mrr, o.churned_mrr);
    }
};
} // namespace

struct simulation_accumulator::figures {
    std::array<std::string, 2> policy_ids;
    instant until;
    std::int64_t invalid = 0;
    tally invalid_by_code;
    std::array<policy_totals, 2> totals;
};

simulation_accumulator::simulation_accumulator(std::string policy_a, std::string policy_b,
                                               instant until)
    : f_(std::make_unique<figures>()) {
    f_->policy_ids = {std::move(policy_a), std::move(policy_b)};
    f_->until = until;
}
simulation_accumulator::simulation_accumulator(const simulation_accumulator& other)
    : f_(std::make_unique<figures>(*other.f_)) {}
simulation_accumulator::simulation_accumulator(simulation_accumulator&& other) noexcept = default;
simulation_accumulator& simulation_accumulator::operator=(const simulation_accumulator& other) {
    if (this != &other) f_ = std::make_unique<figures>(*other.f_);
    return *this;
}
simulation_accumulator&
simulation_accumulator::operator=(simulation_accumulator&& other) noexcept = default;
simulation_accumulator::~simulation_accumulator() = default;

void simulation_accumulator::add(const replay_outcome& under_a, const replay_outcome& under_b) {
    f_->totals[0].add(under_a, under_b.canceled);
    f_->totals[1].add(under_b, under_a.canceled);
}

void simulation_accumulator::add_invalid(std::string_view error_code) {
    ++f_->invalid;
    add_to(f_->invalid_by_code, std::string(error_code.empty() ? "unknown" : error_code), 1);
}

bool simulation_accumulator::merge(const simulation_accumulator& other, std::string* why) {
    if (other.f_->policy_ids != f_->policy_ids || other.f_->until != f_->until) {
        if (why) *why = "cannot merge simulations of different policies or instants";
        return false;
    }
    f_->invalid += other.f_->invalid;
    add_all(f_->invalid_by_code, other.f_->invalid_by_code);
    for (std::size_t i = 0; i < 2; ++i)
        f_->totals[i].add(other.f_->totals[i]);
    return true;
}

std::string simulation_accumulator::render() const {
    const figures& f = *f_;
    json_writer w;
    w.begin_object()
        .key("schema")
        .value("respite.simulation/1")
        .key("until")
        .value(format_instant(f.until))
        .key("inputs")
        .begin_object()
        .key("lines")
        .value(f.totals[0].accounts + f.invalid)
        .key("accounts")
        .value(f.totals[0].accounts)
        .key("invalid")
        .value(f.invalid)
        .key("invalid_by_code");
    write_tally(w, f.invalid_by_code);
    w.end_object().key("policies").begin_array();
    for (std::size_t i = 0; i < 2; ++i) {
        const policy_totals& t = f.totals[i];
        w.begin_object()
            .key("policy_id")
            .value(f.policy_ids[i])
            .key("accounts")
            .value(t.accounts)
            .key("entered_grace")
            .value(t.entered_grace)
            .key("grace_periods")
            .value(t.grace_periods)
            .key("restricted")
            .value(t.restricted)
            .key("suspended")
            .value(t.suspended)
            .key("canceled")
            .value(t.canceled)
            .key("canceled_only_under_this_policy")
            .value(t.canceled_only_here)
            .key("involuntary_churn_bp");
        write_bp(w, t.canceled, t.accounts);
        w.key("recoveries")
            .value(t.recoveries)
            .key("recoveries_after_cancellation")
            .value(t.recoveries_lost)
            .key("unpaid_service_days")
            .value(t.unpaid_service_days)
            .key("revenue_unrecognized");
        write_tally(w, t.unrecognized);
        w.key("revenue_still_unpaid");
        write_tally(w, t.written_off);
        w.key("churned_mrr");
        write_tally(w, t.churned_mrr);
        w.key("evaluations").value(t.evaluations);
        w.end_object();
    }
    w.end_array().end_object();
    return w.take();
}

} // namespace respite
