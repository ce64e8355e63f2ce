// The grace engine: docs/contract.md, "Evaluation", step by step. Pure: everything it knows
// arrives as arguments.
#include "respite/evaluate.hpp"
#include "grace_plan.hpp"
#include "respite/json.hpp"

#include <algorithm>
#include <map>

namespace respite {
namespace detail {
namespace {

// Explain lines are built on every evaluation: each in one string, appended part by part.
struct money_part {
    std::int64_t amount;
    std::string_view currency;
};
void put(std::string& out, std::string_view text) {
    out.append(text);
}
void put(std::string& out, instant t) {
    append_instant(out, t);
}
void put(std::string& out, money_part m) {
    out += std::to_string(m.amount);
    out += ' ';
    out.append(m.currency);
}
template <class... Parts> std::string cat(const Parts&... parts) {
    std::string out;
    out.reserve(96);
    (put(out, parts), ...);
    return out;
}

bool is_unpaid(const invoice& inv) {
    return (inv.status == invoice_status::open || inv.status == invoice_status::uncollectible) &&
           inv.remaining() > 0;
}

struct unit_input {
    std::string subscription_id;
    const subscription* sub = nullptr; // the unit's subscription (account scope: the first)
    std::vector<const invoice*> invoices;
};

// Items sorted by an id: what every unit looks up, sorted once per evaluation so that an
// account at the item limits costs O(n log n), not units × items (fuzz/README.md, finding 8).
// Stable: items with one id keep the account's order, which explain lines and tie-breaks follow.
// One element type and one comparison for every index (one sort in the wasm module).
struct keyed {
    std::string_view key;
    const void* item;
};
bool key_less(const keyed& x, const keyed& y) {
    return x.key < y.key;
}
// std::stable_sort, without its scratch buffer (an allocation) for the few items an account
// usually has: insertion sort is stable too, so the order is the same. (Natively only: in the
// wasm module, where size counts more, std::stable_sort alone.)
template <class T, class Less> void stable_sort_few(std::vector<T>& items, Less less) {
#ifndef __EMSCRIPTEN__
    if (items.size() <= 16) {
        for (std::size_t i = 1; i < items.size(); ++i) {
            T item = items[i];
            std::size_t j = i;
            for (; j > 0 && less(item, items[j - 1]); --j)
                items[j] = items[j - 1];
            items[j] = item;
        }
        return;
    }
#endif
    std::stable_sort(items.begin(), items.end(), less);
}
void sort_keyed(std::vector<keyed>& items) {
    stable_sort_few(items, key_less);
}
// The items whose key is `key`, as [first, last).
std::pair<const keyed*, const keyed*> keyed_range(const std::vector<keyed>& items,
                                                  std::string_view key) {
    const keyed probe{key, nullptr};
    const keyed* begin = items.data();
    const keyed* end = begin + items.size();
    const keyed* lo = std::lower_bound(begin, end, probe, key_less);
    const keyed* hi = std::upper_bound(lo, end, probe, key_less);
    return {lo, hi};
}

struct account_index {
    std::vector<keyed> failures;   // failed attempts by invoice id
    std::vector<keyed> extensions; // by subscription id ("" first)

    explicit account_index(const account& a) {
        failures.reserve(a.payment_attempts.size());
        extensions.reserve(a.extensions.size());
        for (const auto& attempt : a.payment_attempts)
            if (attempt.outcome == attempt_outcome::failed)
                failures.push_back({attempt.invoice_id, &attempt});
        sort_keyed(failures);
        for (const auto& e : a.extensions)
            extensions.push_back({e.subscription_id, &e});
        sort_keyed(extensions);
    }
};

std::vector<unit_input> split_units(const policy& p, const account& a) {
    std::vector<unit_input> units;
    if (p.scope == grace_scope::subscription && !a.subscriptions.empty()) {
        if (a.subscriptions.size() == 1) {
            // One subscription: its invoices, and those that name none.
            unit_input u;
            u.subscription_id = a.subscriptions.front().id;
            u.sub = &a.subscriptions.front();
            u.invoices.reserve(a.invoices.size());
            for (const auto& inv : a.invoices)
                if (inv.subscription_id == u.subscription_id || inv.subscription_id.empty())
                    u.invoices.push_back(&inv);
            units.push_back(std::move(u));
            return units;
        }
        // Several: every invoice names its subscription (the reader enforces it).
        std::vector<keyed> by_subscription;
        by_subscription.reserve(a.invoices.size());
        for (const auto& inv : a.invoices)
            by_subscription.push_back({inv.subscription_id, &inv});
        sort_keyed(by_subscription);
        for (const auto& s : a.subscriptions) {
            unit_input u;
            u.subscription_id = s.id;
            u.sub = &s;
            auto [lo, hi] = keyed_range(by_subscription, s.id);
            for (auto it = lo; it != hi; ++it)
                u.invoices.push_back(static_cast<const invoice*>(it->item));
            units.push_back(std::move(u));
        }
        return units;
    }
    unit_input u;
    if (!a.subscriptions.empty()) u.sub = &a.subscriptions.front();
    u.invoices.reserve(a.invoices.size());
    for (const auto& inv : a.invoices)
        u.invoices.push_back(&inv);
    units.push_back(std::move(u));
    return units;
}

// Whole days in [from, to), zero when to <= from.
std::int64_t whole_days(instant from, instant to) {
    return to > from ? (to - from).ms / ms_per_day : 0;
}

// amount × part ÷ whole, floored; 128-bit product: stage offsets × shortened_to exceed 2^63.
std::int64_t pro_rata(std::int64_t amount, std::int64_t part, std::int64_t whole) {
    if (whole <= 0 || part <= 0) return 0;
    if (part >= whole) return amount;
    return static_cast<std::int64_t>(__extension__ static_cast<__int128>(amount) * part / whole);
}

class unit_evaluator {
public:
    unit_evaluator(const policy& p, const account& a, const account_index& index,
                   const unit_input& u, instant now, const zone_source& zones, grace_plan& plan)
        : p_(p), a_(a), index_(index), u_(u), now_(now), zones_(zones), plan_(plan) {}

    // Fills the plan it was given; an error only for deadlines past the calendar or an unknown
    // zone.
    std::optional<error> run();

private:
    void explain(std::string line) { plan_.result.explain.push_back(std::move(line)); }
    template <class... Parts> void explain(const Parts&... parts) {
        plan_.result.explain.push_back(cat(parts...));
    }
    void flag(const char* f) { plan_.result.flags.emplace_back(f); }
    bool select_qualifying();
    bool choose_anchor();
    void apply_overrides();
    void apply_repeat_limit();
    void apply_extensions();
    std::optional<error> place_deadlines();
    bool conditions_hold(const stage& s, std::size_t index);
    void decide_stage_and_state();
    void decide_declines_and_actions();
    void decide_retries();
    void decide_reminders();
    void decide_revenue();
    void decide_banner();

    std::optional<instant> deadline(instant t) {
        if (p_.boundary == day_boundary::exact) return t;
        return end_of_local_day(zones_, a_.timezone, t);
    }

    const policy& p_;
    const account& a_;
    const account_index& index_;
    const unit_input& u_;
    instant now_;
    const zone_source& zones_;
    grace_plan& plan_;

    std::vector<const invoice*> qualifying_; // oldest first
    const invoice* driving_ = nullptr;
    std::vector<std::pair<std::string_view, std::int64_t>> due_by_currency_; // by currency
    std::vector<const payment_attempt*> driving_failures_; // failed attempts on the driver, by time
    const payment_attempt* last_failure_ = nullptr;        // on any qualifying invoice
    duration cancel_after_{};
    bool has_cancel_ = false;
    duration override_extension_{};
    duration support_extension_{};
    int stage_index_ = -1;
    std::optional<instant> suspends_at_;
    bool exempt_ = false;
};

bool unit_evaluator::select_qualifying() {
    // The unpaid invoices due by now, per currency (in code order, as amounts_due lists them).
    std::vector<keyed> due;
    due.reserve(u_.invoices.size());
    qualifying_.reserve(u_.invoices.size());
    for (const invoice* inv : u_.invoices)
        if (is_unpaid(*inv) && inv->due_at <= now_) due.push_back({inv->currency, inv});
    sort_keyed(due);
    for (auto lo = due.begin(); lo != due.end();) {
        const std::string& currency = static_cast<const invoice*>(lo->item)->currency;
        auto hi = lo;
        std::int64_t total = 0;
        for (; hi != due.end() && hi->key == currency; ++hi)
            total += static_cast<const invoice*>(hi->item)->remaining();
        const std::int64_t minimum = p_.minimum_due.for_currency(currency).value_or(0);
        if (total < minimum) {
            explain(money_part{total, currency}, " open is below minimum_due ",
                    money_part{minimum, currency}, ": it starts no grace");
        } else {
            due_by_currency_.push_back({currency, total});
            for (auto it = lo; it != hi; ++it)
                qualifying_.push_back(static_cast<const invoice*>(it->item));
        }
        lo = hi;
    }
    std::sort(qualifying_.begin(), qualifying_.end(), [](const invoice* x, const invoice* y) {
        return x->due_at != y->due_at ? x->due_at < y->due_at : x->id < y->id;
    });
    for (const auto& [currency, total] : due_by_currency_)
        plan_.result.amounts_due.push_back(money{total, std::string(currency)});
    if (qualifying_.empty()) return false;
    driving_ = qualifying_.front();
    for (const auto& [currency, total] : due_by_currency_)
        if (currency == driving_->currency)
            plan_.result.amount_due = money{total, driving_->currency};

    // Failed attempts so far: those on the driver (the retry clock) and the latest on any
    // qualifying invoice (what the customer must do next; of two at the same instant, the one
    // listed later in the account).
    for (const invoice* inv : qualifying_) {
        auto [lo, hi] = keyed_range(index_.failures, inv->id);
        for (auto it = lo; it != hi; ++it) {
            const auto* attempt = static_cast<const payment_attempt*>(it->item);
            if (attempt->at > now_) continue;
            if (inv == driving_) driving_failures_.push_back(attempt);
            if (!last_failure_ || attempt->at > last_failure_->at ||
                (attempt->at == last_failure_->at && attempt > last_failure_))
                last_failure_ = attempt;
        }
    }
    stable_sort_few(driving_failures_, [](const payment_attempt* x, const payment_attempt* y) {
        return x->at < y->at;
    });
    return true;
}

bool unit_evaluator::choose_anchor() {
    if (p_.starts_at == clock_start::invoice_due) {
        plan_.anchor = driving_->due_at;
        explain("grace started ", plan_.anchor, ": invoice ", driving_->id, " due and unpaid (",
                money_part{driving_->remaining(), driving_->currency}, ")");
        return true;
    }
    if (driving_failures_.empty()) {
        flag("awaiting_payment_attempt");
        explain("invoice " + driving_->id +
                " is due but no payment attempt has failed yet: the "
                "policy starts grace at the first failure");
        return false;
    }
    plan_.anchor = driving_failures_.front()->at;
    explain("grace started ", plan_.anchor, ": first failed attempt on invoice ", driving_->id,
            " (", driving_failures_.front()->decline_code, ")");
    return true;
}

void unit_evaluator::apply_overrides() {
    plan_.stages = p_.stages;
    has_cancel_ = p_.cancel_after.has_value();
    if (has_cancel_) cancel_after_ = *p_.cancel_after;
    const std::string& plan_name = u_.sub ? u_.sub->plan : a_.plan;
    for (std::size_t i = 0; i < p_.overrides.size(); ++i) {
        const override_rule& o = p_.overrides[i];
        std::string why;
        if (!o.plans.empty()) {
            if (std::find(o.plans.begin(), o.plans.end(), plan_name) == o.plans.end()) continue;
            why += "plan " + plan_name;
        }
        if (o.customer_for_at_least) {
            if (!a_.customer_since || plan_.anchor - *a_.customer_since < *o.customer_for_at_least)
                continue;
            why += std::string(why.empty() ? "" : ", ") + "customer for at least " +
                   format_duration(*o.customer_for_at_least);
        }
        if (o.price_at_least) {
            if (!u_.sub || !u_.sub->price) continue;
            auto threshold = o.price_at_least->for_currency(u_.sub->price->currency);
            if (!threshold || u_.sub->price->amount < *threshold) continue;
            why += cat(why.empty() ? "" : ", ", "price ",
                       money_part{u_.sub->price->amount, u_.sub->price->currency});
        }
        if (o.stages) {
            plan_.stages = *o.stages;
            why += "; stages replaced";
        }
        if (o.extend_by) {
            override_extension_ = override_extension_ + *o.extend_by;
            why += "; extended by " + format_duration(*o.extend_by);
        }
        explain("override " + std::to_string(i) + " applies (" + why + ")");
    }
    for (std::size_t i = 1; i < plan_.stages.size(); ++i)
        plan_.stages[i].after = plan_.stages[i].after + override_extension_;
    if (has_cancel_) cancel_after_ = cancel_after_ + override_extension_;
}

void unit_evaluator::apply_repeat_limit() {
    if (!p_.limits) return;
    const grace_limits& l = *p_.limits;
    const instant window_start = plan_.anchor - l.window;
    int count = 0;
    for (const auto& g : a_.grace_history)
        if (g.started_at >= window_start && g.started_at < plan_.anchor) ++count;
    if (count < l.max_grace_periods) return;
    flag("repeat_grace");
    duration length{};
    bool found = false;
    for (const auto& s : plan_.stages)
        if (!found && s.access == access_level::none) length = s.after, found = true;
    if (!found && has_cancel_) length = cancel_after_, found = true;
    if (!found || l.shortened_to >= length || length.ms <= 0) {
        explain("repeat grace: " + std::to_string(count) + " grace periods in the last " +
                format_duration(l.window) + "; already no longer than " +
                format_duration(l.shortened_to));
        return;
    }
    const std::int64_t S = l.shortened_to.ms, L = length.ms;
    for (auto& s : plan_.stages)
        s.after = duration{pro_rata(s.after.ms, S, L)};
    // Stages that collapse onto each other keep their order one millisecond apart.
    for (std::size_t i = 1; i < plan_.stages.size(); ++i)
        if (plan_.stages[i].after <= plan_.stages[i - 1].after)
            plan_.stages[i].after = plan_.stages[i - 1].after + duration{1};
    if (has_cancel_) cancel_after_ = cancel_after_ - length + l.shortened_to;
    plan_.result.grace->shortened = true;
    explain("repeat grace: " + std::to_string(count) + " grace periods in the last " +
            format_duration(l.window) + "; grace shortened from " + format_duration(length) +
            " to " + format_duration(l.shortened_to));
}

void unit_evaluator::apply_extensions() {
    // Account scope: every extension; a subscription's unit: those for the whole account and
    // its own, in the account's order.
    std::vector<const extension*> mine;
    if (u_.subscription_id.empty()) {
        for (const auto& e : a_.extensions)
            mine.push_back(&e);
    } else {
        auto [all, all_end] = keyed_range(index_.extensions, "");
        auto [own, own_end] = keyed_range(index_.extensions, u_.subscription_id);
        while (all != all_end || own != own_end) {
            const bool take_all = own == own_end || (all != all_end && all->item < own->item);
            mine.push_back(static_cast<const extension*>((take_all ? all++ : own++)->item));
        }
    }
    for (const extension* ext : mine) {
        const extension& e = *ext;
        if (e.granted_at < plan_.anchor) continue;
        support_extension_ = support_extension_ + e.by;
        explain("support extension of ", format_duration(e.by), " granted ", e.granted_at,
                e.reason.empty() ? "" : " (", e.reason, e.reason.empty() ? "" : ")");
    }
    for (std::size_t i = 1; i < plan_.stages.size(); ++i)
        plan_.stages[i].after = plan_.stages[i].after + support_extension_;
    if (has_cancel_) cancel_after_ = cancel_after_ + support_extension_;
    const duration total = override_extension_ + support_extension_;
    plan_.result.grace->extended_by = total;
    if (total.ms != 0) flag("extended");
}

std::optional<error> unit_evaluator::place_deadlines() {
    const error unknown_zone{"/timezone", "unknown_time_zone",
                             "'" + a_.timezone +
                                 "' is not a time zone known here (IANA names "
                                 "such as Europe/Amsterdam)"};
    // A deadline past the calendar's end cannot be written: refuse rather than wrap or clamp.
    auto beyond = [&]() -> error {
        const std::size_t index = static_cast<std::size_t>(driving_ - a_.invoices.data());
        return {"/invoices/" + std::to_string(index) + "/due_at", "timestamp_out_of_range",
                "this grace period's deadlines would fall after 9999-12-31"};
    };
    plan_.stage_at.clear();
    plan_.stage_at.reserve(plan_.stages.size());
    for (std::size_t i = 0; i < plan_.stages.size(); ++i) {
        if (i == 0) {
            plan_.stage_at.push_back(plan_.anchor);
            continue;
        }
        auto t = deadline(plan_.anchor + plan_.stages[i].after);
        if (!t) return unknown_zone;
        if (*t > max_instant) return beyond();
        plan_.stage_at.push_back(*t);
    }
    for (std::size_t i = 0; i < plan_.stages.size(); ++i)
        if (plan_.stages[i].access == access_level::none) {
            plan_.suspends_at = plan_.stage_at[i];
            break;
        }
    if (has_cancel_) {
        auto t = deadline(plan_.anchor + cancel_after_);
        if (!t) return unknown_zone;
        if (*t > max_instant) return beyond();
        plan_.cancels_at = *t;
    }
    return std::nullopt;
}

bool unit_evaluator::conditions_hold(const stage& s, std::size_t index) {
    const stage_conditions& c = s.conditions;
    std::vector<std::string> failed;
    if (c.unpaid_invoices_at_least &&
        static_cast<int>(qualifying_.size()) < *c.unpaid_invoices_at_least)
        failed.push_back(std::to_string(qualifying_.size()) + " unpaid invoice(s), fewer than " +
                         std::to_string(*c.unpaid_invoices_at_least));
    if (c.balance_at_least) {
        const money& due = *plan_.result.amount_due;
        auto threshold = c.balance_at_least->for_currency(due.currency);
        if (threshold && due.amount < *threshold)
            failed.push_back(cat("balance ", money_part{due.amount, due.currency}, " below ",
                                 money_part{*threshold, due.currency}));
    }
    if (!c.last_decline_in.empty()) {
        bool match = false;
        if (last_failure_) {
            const char* cls = to_string(classify_decline(last_failure_->decline_code));
            for (const auto& want : c.last_decline_in)
                match = match || want == cls || want == last_failure_->decline_code;
        }
        if (!match)
            failed.push_back(last_failure_ ? "last decline " + last_failure_->decline_code +
                                                 " is not in the stage's last_decline_in"
                                           : std::string("no failed payment attempt"));
    }
    if (failed.empty()) return true;
    std::string line = cat("stage ", s.name, " due ", plan_.stage_at[index], " but not entered: ");
    for (std::size_t i = 0; i < failed.size(); ++i)
        line += (i ? "; " : "") + failed[i];
    explain(line);
    return false;
}

void unit_evaluator::decide_stage_and_state() {
    status& st = plan_.result;
    for (std::size_t i = 0; i < plan_.stages.size(); ++i)
        if (plan_.stage_at[i] <= now_ && (i == 0 || conditions_hold(plan_.stages[i], i)))
            stage_index_ = static_cast<int>(i);
    const stage& cur = plan_.stages[static_cast<std::size_t>(stage_index_)];
    st.stage = stage_status{cur.name, stage_index_,
                            plan_.stage_at[static_cast<std::size_t>(stage_index_)], cur.level};
    explain("stage ", cur.name, " since ", st.stage->entered_at);
    st.access = cur.access;
    st.disabled_features = cur.disabled_features;
    const bool canceled = plan_.cancels_at && now_ >= *plan_.cancels_at;
    if (canceled) {
        st.state = account_state::canceled;
        st.access = access_level::none;
        explain("canceled at ", *plan_.cancels_at);
    } else if (cur.access == access_level::none) {
        st.state = account_state::suspended;
    } else {
        st.state = account_state::grace;
    }
    grace_status& g = *st.grace;
    g.started_at = plan_.anchor;
    g.suspends_at = plan_.suspends_at;
    g.cancels_at = plan_.cancels_at;
    if (!canceled) {
        for (std::size_t i = static_cast<std::size_t>(stage_index_) + 1; i < plan_.stages.size();
             ++i)
            if (plan_.stage_at[i] > now_) {
                g.next_stage = next_stage_status{plan_.stages[i].name, plan_.stage_at[i]};
                break;
            }
        if (g.next_stage && (!plan_.cancels_at || g.next_stage->at < *plan_.cancels_at))
            st.countdown = countdown_status{g.next_stage->name, g.next_stage->at, 0};
        else if (plan_.cancels_at)
            st.countdown = countdown_status{"canceled", *plan_.cancels_at, 0};
        if (st.countdown) {
            const std::int64_t left = (st.countdown->at - now_).ms;
            st.countdown->seconds = (left + ms_per_second - 1) / ms_per_second;
            explain("next: ", st.countdown->to, " at ", st.countdown->at);
        }
    }
    if (exempt_) {
        st.access = access_level::full;
        st.disabled_features.clear();
        explain("exempt: access stays full, no banner and no reminders");
    }
}

void unit_evaluator::decide_declines_and_actions() {
    status& st = plan_.result;
    if (last_failure_) {
        st.last_decline = classify_decline(last_failure_->decline_code);
        st.last_decline_code = last_failure_->decline_code;
    }
    std::optional<instant> action_deadline;
    if (st.state == account_state::grace)
        action_deadline = plan_.suspends_at ? plan_.suspends_at : plan_.cancels_at;
    else if (st.state == account_state::suspended)
        action_deadline = plan_.cancels_at;
    auto add = [&](action_type type, const char* reason) {
        for (const auto& existing : st.required_actions)
            if (existing.type == type) return;
        st.required_actions.push_back({type, reason, driving_->id, action_deadline});
    };
    if (st.state == account_state::canceled) {
        add(action_type::contact_billing, "canceled");
        return;
    }
    if (a_.method && a_.method->expires) {
        const civil_date e = *a_.method->expires;
        const civil_date first_after{e.month == 12 ? e.year + 1 : e.year,
                                     e.month == 12 ? 1 : e.month + 1, 1};
        if (now_.ms >= days_from_civil(first_after) * ms_per_day) {
            flag("payment_method_expired");
            add(action_type::update_payment_method, "payment_method_expired");
        }
    }
    if (!st.last_decline) {
        add(action_type::pay_invoice, "unpaid");
        return;
    }
    switch (*st.last_decline) {
    case decline_class::hard:
        add(action_type::update_payment_method, "hard_decline");
        break;
    case decline_class::authentication:
        add(action_type::authenticate_payment, "authentication_required");
        break;
    case decline_class::soft:
        add(action_type::pay_invoice, "soft_decline");
        add(action_type::update_payment_method, "soft_decline");
        break;
    }
}

void unit_evaluator::decide_retries() {
    status& st = plan_.result;
    const instant from = driving_failures_.empty() ? plan_.anchor : driving_failures_.front()->at;
    plan_.retries_at.reserve(p_.retries.schedule.size());
    for (const duration& off : p_.retries.schedule) {
        const instant t = from + off;
        if ((plan_.cancels_at && t >= *plan_.cancels_at) || t > max_instant) break;
        plan_.retries_at.push_back(t);
    }
    if (st.state == account_state::canceled) return;
    if (st.last_decline == decline_class::hard) {
        st.retries.stopped_by = "hard_decline";
    } else if (st.last_decline == decline_class::authentication) {
        st.retries.stopped_by = "authentication_required";
    }
    if (!st.retries.stopped_by.empty()) {
        flag("retries_stopped");
        explain("retries stopped: last decline ", st.last_decline_code);
        return;
    }
    for (const instant t : plan_.retries_at)
        if (t > now_) {
            if (!st.retries.next_at) st.retries.next_at = t;
            ++st.retries.remaining;
        }
}

void unit_evaluator::decide_reminders() {
    plan_.reminders.reserve(p_.reminders.size());
    for (const reminder_rule& rule : p_.reminders) {
        std::optional<instant> at;
        if (rule.at) {
            at = plan_.anchor + *rule.at;
        } else if (rule.before_stage) {
            if (*rule.before_stage == "canceled") {
                if (plan_.cancels_at) at = *plan_.cancels_at - rule.by;
            } else {
                for (std::size_t i = 0; i < plan_.stages.size(); ++i)
                    if (plan_.stages[i].name == *rule.before_stage)
                        at = plan_.stage_at[i] - rule.by;
            }
        }
        if (!at || *at > max_instant) continue;
        if (*at < plan_.anchor) at = plan_.anchor;
        if (plan_.cancels_at && *at > *plan_.cancels_at) continue;
        bool sent = false;
        for (const auto& s : a_.reminders_sent)
            sent = sent || (s.id == rule.id && s.at >= plan_.anchor);
        plan_.reminders.push_back({&rule, *at, sent});
    }
    stable_sort_few(plan_.reminders, [](const planned_reminder& x, const planned_reminder& y) {
        return x.at < y.at;
    });
    status& st = plan_.result;
    if (exempt_ || st.state == account_state::canceled) return;
    for (const auto& r : plan_.reminders) {
        if (r.sent) continue;
        if (r.at <= now_)
            st.reminders_due.push_back({r.rule->id, r.rule->channel, r.at});
        else if (!st.next_reminder)
            st.next_reminder = reminder_status{r.rule->id, r.rule->channel, r.at};
    }
}

void unit_evaluator::decide_revenue() {
    status& st = plan_.result;
    instant service_end = now_;
    if (!exempt_) {
        if (plan_.suspends_at && *plan_.suspends_at < service_end)
            service_end = *plan_.suspends_at;
        else if (!plan_.suspends_at && plan_.cancels_at && *plan_.cancels_at < service_end)
            service_end = *plan_.cancels_at;
    }
    std::int64_t unrecognized = 0; // in the driving invoice's currency
    for (const invoice* inv : qualifying_) {
        if (!inv->period_start || !inv->period_end) continue;
        const instant end = std::min(service_end, *inv->period_end);
        const std::int64_t days = whole_days(*inv->period_start, end);
        const std::int64_t period_days = whole_days(*inv->period_start, *inv->period_end);
        st.revenue.unpaid_service_days += days;
        if (inv->currency == driving_->currency)
            unrecognized += pro_rata(inv->remaining(), days, period_days);
    }
    st.revenue.unrecognized = money{unrecognized, driving_->currency};
}

void unit_evaluator::decide_banner() {
    status& st = plan_.result;
    banner_status& b = st.banner;
    if (exempt_) return;
    b.show = true;
    const stage& cur = plan_.stages[static_cast<std::size_t>(stage_index_)];
    b.stage = cur.name;
    b.amount = st.amount_due;
    if (st.state == account_state::canceled) {
        b.level = severity::critical;
        b.message = "canceled";
    } else {
        b.level = cur.level;
        if (cur.message)
            b.message = *cur.message;
        else if (st.state == account_state::suspended)
            b.message = "suspended";
        else if (cur.access == access_level::read_only)
            b.message = "grace.restricted";
        else
            b.message = std::string("grace.") + to_string(cur.level);
        b.deadline = st.state == account_state::suspended
                         ? plan_.cancels_at
                         : (plan_.suspends_at ? plan_.suspends_at : plan_.cancels_at);
        b.dismissible = cur.dismissible.value_or(cur.level != severity::critical &&
                                                 cur.access == access_level::full);
    }
    if (!st.required_actions.empty()) b.cta = st.required_actions.front().type;
}

std::optional<error> unit_evaluator::run() {
    plan_.subscription_id = u_.subscription_id;
    status& st = plan_.result;
    st.account_id = a_.id;
    st.evaluated_at = now_;
    st.policy_id = p_.id;
    // Room for the usual explain lines at once, rather than growing 1, 2, 4, 8.
    st.explain.reserve(8);
    exempt_ = a_.has_tag("exempt");
    if (exempt_) flag("exempt");
    if (!select_qualifying()) {
        explain("good standing: no qualifying unpaid invoice is due");
        return std::nullopt;
    }
    if (!choose_anchor()) {
        st.amount_due.reset(); // good standing reports no amount due (amounts_due still lists it)
        return std::nullopt;
    }
    plan_.in_grace = true;
    st.grace = grace_status{};
    apply_overrides();
    apply_repeat_limit();
    apply_extensions();
    if (auto failure = place_deadlines()) return *failure;
    decide_stage_and_state();
    decide_declines_and_actions();
    decide_retries();
    decide_reminders();
    decide_revenue();
    decide_banner();
    return std::nullopt;
}

int severity_rank(const grace_plan& u) {
    return static_cast<int>(u.result.state) * 1000 + (u.result.stage ? u.result.stage->index : -1);
}

} // namespace

std::size_t driving_unit(const std::vector<grace_plan>& units) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < units.size(); ++i) {
        const int r = severity_rank(units[i]), rb = severity_rank(units[best]);
        if (r > rb)
            best = i;
        else if (r == rb && units[i].suspends_at && units[best].suspends_at &&
                 *units[i].suspends_at < *units[best].suspends_at)
            best = i;
    }
    return best;
}

result<std::vector<grace_plan>> plan_units(const policy& p, const account& a, instant now,
                                           const zone_source& zones) {
    if (!zones.offset_at(a.timezone, now))
        return error{"/timezone", "unknown_time_zone",
                     "'" + a.timezone +
                         "' is not a time zone known here (IANA names such as Europe/Amsterdam)"};
    const std::vector<unit_input> inputs = split_units(p, a);
    const account_index index(a);
    std::vector<grace_plan> plans(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i)
        if (auto failure = unit_evaluator(p, a, index, inputs[i], now, zones, plans[i]).run())
            return *failure;
    return plans;
}

} // namespace detail

namespace detail {

status account_status(std::vector<grace_plan>&& units, const account& a) {
    const std::size_t driver = driving_unit(units);
    const bool per_subscription = units.size() > 1 || !units[0].subscription_id.empty();
    // In account scope the single unit's status is the account's: move it rather than copy.
    status out = per_subscription ? units[driver].result : std::move(units[driver].result);

    if (per_subscription) {
        // The account stays reachable while any subscription is: the most permissive access.
        for (const auto& u : units)
            if (u.result.access > out.access) {
                out.access = u.result.access;
                out.disabled_features = u.result.disabled_features;
            }
        std::vector<std::string> flags, explain;
        for (const auto& u : units) {
            flags.insert(flags.end(), u.result.flags.begin(), u.result.flags.end());
            for (const auto& line : u.result.explain)
                explain.push_back("[" + u.subscription_id + "] " + line);
        }
        out.flags = std::move(flags);
        out.explain = std::move(explain);
        // Amounts due across every subscription, per currency.
        std::map<std::string, std::int64_t> totals;
        for (const auto& u : units)
            for (const auto& m : u.result.amounts_due)
                totals[m.currency] += m.amount;
        out.amounts_due.clear();
        for (const auto& [currency, total] : totals)
            out.amounts_due.push_back({total, currency});
        if (out.amount_due) out.amount_due->amount = totals[out.amount_due->currency];
        for (const auto& u : units)
            out.subscriptions.push_back({u.subscription_id, u.result.state,
                                         u.result.stage ? u.result.stage->name : std::string(),
                                         u.result.access, u.result.disabled_features});
    } else {
        for (const auto& s : a.subscriptions)
            out.subscriptions.push_back({s.id, out.state,
                                         out.stage ? out.stage->name : std::string(), out.access,
                                         out.disabled_features});
    }
    std::sort(out.flags.begin(), out.flags.end());
    out.flags.erase(std::unique(out.flags.begin(), out.flags.end()), out.flags.end());
    return out;
}

} // namespace detail

result<status> evaluate(const policy& p, const account& a, instant now, const zone_source& zones) {
    auto planned = detail::plan_units(p, a, now, zones);
    if (!planned) return planned.errors();
    return detail::account_status(std::move(planned).value(), a);
}

} // namespace respite
