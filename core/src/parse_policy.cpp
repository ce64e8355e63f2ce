// respite.policy/1 → respite::policy, with every problem reported (docs/contract.md,
// docs/errors.md).
#include "json_reader.hpp"
#include "respite/json.hpp"

namespace respite {
namespace {

using detail::nl_value;
using detail::path_ref;
using detail::value_kind;
using reader = detail::reader<nl_value>;

constexpr std::size_t max_stages = 64;

template <class Enum, std::size_t N>
std::optional<Enum> enum_field(reader& r, const nl_value& obj, const path_ref& path,
                               std::string_view key, const std::pair<const char*, Enum> (&names)[N],
                               bool required) {
    auto s = r.string_field(obj, path, key, required);
    if (!s) return std::nullopt;
    std::string allowed;
    for (const auto& [name, value] : names) {
        if (*s == name) return value;
        allowed += allowed.empty() ? "" : ", ";
        allowed += name;
    }
    r.fail(path / key, "invalid_value", "'" + std::string(*s) + "' is not one of: " + allowed);
    return std::nullopt;
}

constexpr std::pair<const char*, access_level> access_names[] = {
    {"full", access_level::full},
    {"read_only", access_level::read_only},
    {"none", access_level::none}};
constexpr std::pair<const char*, severity> severity_names[] = {
    {"info", severity::info}, {"warning", severity::warning}, {"critical", severity::critical}};
constexpr std::pair<const char*, clock_start> start_names[] = {
    {"invoice_due", clock_start::invoice_due}, {"first_failure", clock_start::first_failure}};
constexpr std::pair<const char*, day_boundary> boundary_names[] = {
    {"exact", day_boundary::exact}, {"end_of_day", day_boundary::end_of_day}};
constexpr std::pair<const char*, grace_scope> scope_names[] = {
    {"account", grace_scope::account}, {"subscription", grace_scope::subscription}};

std::optional<stage> read_stage(reader& r, const nl_value& v, const path_ref& path) {
    if (!r.expect_object(v, path)) return std::nullopt;
    r.reject_unknown(v, path,
                     {"name", "after", "access", "severity", "disabled_features", "message",
                      "dismissible", "unpaid_invoices_at_least", "balance_at_least",
                      "last_decline_in", "description"});
    const std::size_t before = r.mark();
    stage s;
    r.copy_string(v, path, "name", true, s.name);
    if (auto after = r.duration_field(v, path, "after", true)) s.after = *after;
    if (auto a = enum_field(r, v, path, "access", access_names, true)) s.access = *a;
    if (auto sev = enum_field(r, v, path, "severity", severity_names, true)) s.level = *sev;
    if (auto f = r.string_array_field(v, path, "disabled_features")) s.disabled_features = *f;
    if (auto m = r.string_field(v, path, "message", false)) s.message = std::string(*m);
    s.dismissible = r.bool_field(v, path, "dismissible");
    if (auto n = r.integer_field(v, path, "unpaid_invoices_at_least", false, 1, 10000))
        s.conditions.unpaid_invoices_at_least = static_cast<int>(*n);
    s.conditions.balance_at_least = r.thresholds_field(v, path, "balance_at_least");
    if (auto l = r.string_array_field(v, path, "last_decline_in"))
        s.conditions.last_decline_in = *l;
    if (r.failed_since(before)) return std::nullopt;
    return s;
}

// Stages: at least one, the first at P0D without conditions, strictly increasing, unique names.
std::optional<std::vector<stage>> read_stages(reader& r, const nl_value& obj,
                                              const path_ref& path) {
    auto arr = r.array_field(obj, path, "stages", true, max_stages);
    if (!arr) return std::nullopt;
    const path_ref p = path / "stages";
    if (arr->size() == 0) {
        r.fail(p, "empty_stages", "a policy needs at least one stage");
        return std::nullopt;
    }
    std::vector<stage> out;
    bool all_ok = true;
    arr->for_each_item([&](std::size_t i, const nl_value& item) {
        const path_ref sp = p / i;
        auto s = read_stage(r, item, sp);
        if (!s) {
            all_ok = false;
            return;
        }
        if (i == 0 && s->after.ms != 0)
            r.fail(sp / "after", "first_stage_not_at_start",
                   "the first stage starts when grace starts: its 'after' must be P0D");
        if (i == 0 && !s->conditions.empty())
            r.fail(sp, "conditions_on_first_stage",
                   "the first stage is entered when grace starts; it cannot carry conditions");
        if (all_ok && !out.empty() && s->after <= out.back().after)
            r.fail(sp / "after", "stages_out_of_order",
                   "'" + format_duration(s->after) + "' is not later than the previous stage's '" +
                       format_duration(out.back().after) + "'");
        for (const auto& earlier : out)
            if (earlier.name == s->name)
                r.fail(sp / "name", "duplicate_stage",
                       "a stage named '" + s->name + "' already exists");
        out.push_back(std::move(*s));
    });
    if (!all_ok) return std::nullopt;
    return out;
}

void read_retries(reader& r, const nl_value& d, const path_ref& root, policy& p) {
    auto retries = r.field(d, root, "retries", false);
    const path_ref rp = root / "retries";
    if (!retries || !r.expect_object(*retries, rp)) return;
    r.reject_unknown(*retries, rp, {"schedule"});
    auto arr = r.array_field(*retries, rp, "schedule", false, 64);
    if (!arr) return;
    const path_ref sp = rp / "schedule";
    arr->for_each_item([&](std::size_t i, const nl_value& item) {
        const path_ref ip = sp / i;
        auto off = r.duration_value(item, ip);
        if (!off) return;
        if (!p.retries.schedule.empty() && *off <= p.retries.schedule.back())
            r.fail(ip, "schedule_out_of_order",
                   "retry offsets must increase: '" + format_duration(*off) +
                       "' is not later than '" + format_duration(p.retries.schedule.back()) + "'");
        p.retries.schedule.push_back(*off);
    });
}

void read_reminders(reader& r, const nl_value& d, const path_ref& root, policy& p) {
    auto arr = r.array_field(d, root, "reminders", false, 256);
    if (!arr) return;
    const path_ref rp = root / "reminders";
    arr->for_each_item([&](std::size_t i, const nl_value& v) {
        const path_ref ip = rp / i;
        if (!r.expect_object(v, ip)) return;
        r.reject_unknown(v, ip, {"id", "channel", "at", "before_stage", "by", "template"});
        reminder_rule rule;
        r.copy_string(v, ip, "id", true, rule.id);
        rule.channel = "email";
        r.copy_string(v, ip, "channel", false, rule.channel);
        rule.at = r.duration_field(v, ip, "at", false);
        if (auto s = r.string_field(v, ip, "before_stage", false))
            rule.before_stage = std::string(*s);
        if (auto by = r.duration_field(v, ip, "by", false)) rule.by = *by;
        const bool has_at = v.find("at").has_value(),
                   has_stage = v.find("before_stage").has_value(),
                   has_by = v.find("by").has_value();
        if (!((has_at && !has_stage && !has_by) || (!has_at && has_stage && has_by)))
            r.fail(ip, "reminder_timing",
                   "a reminder needs either 'at' (after grace start) or 'before_stage' with 'by'");
        if (rule.before_stage && *rule.before_stage != "canceled") {
            bool known = false;
            for (const auto& s : p.stages)
                known = known || s.name == *rule.before_stage;
            if (!known && !p.stages.empty())
                r.fail(ip / "before_stage", "unknown_stage",
                       "no stage is named '" + *rule.before_stage + "'");
        }
        if (rule.before_stage && *rule.before_stage == "canceled" && !p.cancel_after)
            r.fail(ip / "before_stage", "unknown_stage",
                   "'canceled' needs the policy's cancel_after");
        p.reminders.push_back(std::move(rule));
    });
}

void read_limits(reader& r, const nl_value& d, const path_ref& root, policy& p) {
    auto lim = r.field(d, root, "limits", false);
    const path_ref lp = root / "limits";
    if (!lim || !r.expect_object(*lim, lp)) return;
    r.reject_unknown(*lim, lp, {"max_grace_periods", "window", "shortened_to"});
    grace_limits l;
    const std::size_t before = r.mark();
    if (auto n = r.integer_field(*lim, lp, "max_grace_periods", true, 1, 1000))
        l.max_grace_periods = static_cast<int>(*n);
    if (auto w = r.duration_field(*lim, lp, "window", true)) l.window = *w;
    if (auto s = r.duration_field(*lim, lp, "shortened_to", true)) l.shortened_to = *s;
    if (!r.failed_since(before)) p.limits = l;
}

void read_overrides(reader& r, const nl_value& d, const path_ref& root, policy& p) {
    auto arr = r.array_field(d, root, "overrides", false, 256);
    if (!arr) return;
    const path_ref op = root / "overrides";
    arr->for_each_item([&](std::size_t i, const nl_value& v) {
        const path_ref ip = op / i;
        if (!r.expect_object(v, ip)) return;
        r.reject_unknown(v, ip, {"when", "extend_by", "stages", "description"});
        override_rule o;
        if (auto when = r.field(v, ip, "when", true)) {
            const path_ref wp = ip / "when";
            if (r.expect_object(*when, wp)) {
                r.reject_unknown(*when, wp, {"plan", "customer_for_at_least", "price_at_least"});
                if (auto plan = r.field(*when, wp, "plan", false)) {
                    if (plan->kind() == value_kind::string) {
                        if (auto s = r.string_value(*plan, wp / "plan")) o.plans.emplace_back(*s);
                    } else if (auto plans = r.string_array_field(*when, wp, "plan")) {
                        o.plans = *plans;
                    }
                }
                o.customer_for_at_least =
                    r.duration_field(*when, wp, "customer_for_at_least", false);
                o.price_at_least = r.thresholds_field(*when, wp, "price_at_least");
            }
        }
        o.extend_by = r.duration_field(v, ip, "extend_by", false);
        if (v.find("stages")) o.stages = read_stages(r, v, ip);
        if (o.stages && p.cancel_after && *p.cancel_after <= o.stages->back().after)
            r.fail(ip / "stages", "cancel_before_stages",
                   "the policy's cancel_after must come after these stages too");
        p.overrides.push_back(std::move(o));
    });
}

} // namespace

result<policy> parse_policy(std::string_view text, const input_limits& limits) {
    error_list errors;
    auto doc = detail::parse_nl_document(text, limits, errors);
    if (!doc) return errors;
    reader r(errors, limits);
    const nl_value d = doc->root();
    const path_ref root;
    if (!r.expect_object(d, root)) return errors;
    r.reject_unknown(d, root,
                     {"schema", "id", "name", "description", "clock", "scope", "minimum_due",
                      "stages", "cancel_after", "retries", "reminders", "limits", "overrides"});
    r.expect_schema(d, "respite.policy/1");
    policy p;
    r.copy_string(d, root, "id", true, p.id);
    r.copy_string(d, root, "name", false, p.name, true);
    if (auto clock = r.field(d, root, "clock", false)) {
        const path_ref cp = root / "clock";
        if (r.expect_object(*clock, cp)) {
            r.reject_unknown(*clock, cp, {"starts_at", "day_boundary"});
            if (auto s = enum_field(r, *clock, cp, "starts_at", start_names, false))
                p.starts_at = *s;
            if (auto b = enum_field(r, *clock, cp, "day_boundary", boundary_names, false))
                p.boundary = *b;
        }
    }
    if (auto s = enum_field(r, d, root, "scope", scope_names, false)) p.scope = *s;
    if (auto m = r.thresholds_field(d, root, "minimum_due")) p.minimum_due = *m;
    if (auto stages = read_stages(r, d, root)) p.stages = std::move(*stages);
    p.cancel_after = r.duration_field(d, root, "cancel_after", false);
    if (p.cancel_after && !p.stages.empty() && *p.cancel_after <= p.stages.back().after)
        r.fail(root / "cancel_after", "cancel_before_stages",
               "cancellation must come after the last stage ('" +
                   format_duration(p.stages.back().after) + "')");
    read_retries(r, d, root, p);
    read_reminders(r, d, root, p);
    read_limits(r, d, root, p);
    read_overrides(r, d, root, p);
    if (!errors.empty()) return errors;
    return p;
}

} // namespace respite
