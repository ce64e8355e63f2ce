// respite.policy/1 → respite::policy, with every problem reported (docs/contract.md, docs/errors.md).
#include "json_reader.hpp"
#include "respite/json.hpp"

namespace respite {
namespace {

using detail::json;
using detail::pointer_append;
using detail::reader;

constexpr std::size_t max_stages = 64;

template <class Enum, std::size_t N>
std::optional<Enum> enum_field(reader& r, const json& obj, const std::string& path,
                               const char* key, const std::pair<const char*, Enum> (&names)[N],
                               bool required) {
    auto s = r.string_field(obj, path, key, required);
    if (!s) return std::nullopt;
    std::string allowed;
    for (const auto& [name, value] : names) {
        if (*s == name) return value;
        allowed += allowed.empty() ? "" : ", ";
        allowed += name;
    }
    r.fail(pointer_append(path, key), "invalid_value",
           "'" + *s + "' is not one of: " + allowed);
    return std::nullopt;
}

constexpr std::pair<const char*, access_level> access_names[] = {
    {"full", access_level::full}, {"read_only", access_level::read_only},
    {"none", access_level::none}};
constexpr std::pair<const char*, severity> severity_names[] = {
    {"info", severity::info}, {"warning", severity::warning}, {"critical", severity::critical}};
constexpr std::pair<const char*, clock_start> start_names[] = {
    {"invoice_due", clock_start::invoice_due}, {"first_failure", clock_start::first_failure}};
constexpr std::pair<const char*, day_boundary> boundary_names[] = {
    {"exact", day_boundary::exact}, {"end_of_day", day_boundary::end_of_day}};
constexpr std::pair<const char*, grace_scope> scope_names[] = {
    {"account", grace_scope::account}, {"subscription", grace_scope::subscription}};

std::optional<stage> read_stage(reader& r, const json& v, const std::string& path) {
    if (!r.expect_object(v, path)) return std::nullopt;
    r.reject_unknown(v, path,
                     {"name", "after", "access", "severity", "disabled_features", "message",
                      "dismissible", "unpaid_invoices_at_least", "balance_at_least",
                      "last_decline_in", "description"});
    const std::size_t before = r.mark();
    stage s;
    if (auto name = r.string_field(v, path, "name", true)) s.name = *name;
    if (auto after = r.duration_field(v, path, "after", true)) s.after = *after;
    if (auto a = enum_field(r, v, path, "access", access_names, true)) s.access = *a;
    if (auto sev = enum_field(r, v, path, "severity", severity_names, true)) s.level = *sev;
    if (auto f = r.string_array_field(v, path, "disabled_features")) s.disabled_features = *f;
    s.message = r.string_field(v, path, "message", false);
    s.dismissible = r.bool_field(v, path, "dismissible");
    if (auto n = r.integer_field(v, path, "unpaid_invoices_at_least", false, 1, 10000))
        s.conditions.unpaid_invoices_at_least = static_cast<int>(*n);
    s.conditions.balance_at_least = r.thresholds_field(v, path, "balance_at_least");
    if (auto l = r.string_array_field(v, path, "last_decline_in")) s.conditions.last_decline_in = *l;
    if (r.failed_since(before)) return std::nullopt;
    return s;
}

// Stages: at least one, the first at P0D without conditions, strictly increasing, unique names.
std::optional<std::vector<stage>> read_stages(reader& r, const json& obj, const std::string& path) {
    const json* arr = r.array_field(obj, path, "stages", true, max_stages);
    if (!arr) return std::nullopt;
    const std::string p = pointer_append(path, "stages");
    if (arr->empty()) {
        r.fail(p, "empty_stages", "a policy needs at least one stage");
        return std::nullopt;
    }
    std::vector<stage> out;
    bool all_ok = true;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto s = read_stage(r, (*arr)[i], pointer_append(p, i));
        if (!s) {
            all_ok = false;
            continue;
        }
        const std::string sp = pointer_append(p, i);
        if (i == 0 && s->after.ms != 0)
            r.fail(pointer_append(sp, "after"), "first_stage_not_at_start",
                   "the first stage starts when grace starts: its 'after' must be P0D");
        if (i == 0 && !s->conditions.empty())
            r.fail(sp, "conditions_on_first_stage",
                   "the first stage is entered when grace starts; it cannot carry conditions");
        if (all_ok && !out.empty() && s->after <= out.back().after)
            r.fail(pointer_append(sp, "after"), "stages_out_of_order",
                   "'" + format_duration(s->after) + "' is not later than the previous stage's '" +
                       format_duration(out.back().after) + "'");
        for (const auto& earlier : out)
            if (earlier.name == s->name)
                r.fail(pointer_append(sp, "name"), "duplicate_stage",
                       "a stage named '" + s->name + "' already exists");
        out.push_back(std::move(*s));
    }
    if (!all_ok) return std::nullopt;
    return out;
}

} // namespace

result<policy> parse_policy(std::string_view text, const input_limits& limits) {
    error_list errors;
    auto doc = detail::parse_document(text, limits, errors);
    if (!doc) return errors;
    reader r(errors, limits);
    const json& d = *doc;
    if (!r.expect_object(d, "")) return errors;
    r.reject_unknown(d, "",
                     {"schema", "id", "name", "description", "clock", "scope", "minimum_due",
                      "stages", "cancel_after", "retries", "reminders", "limits", "overrides"});
    r.expect_schema(d, "respite.policy/1");
    policy p;
    if (auto id = r.string_field(d, "", "id", true)) p.id = *id;
    if (auto name = r.string_field(d, "", "name", false, true)) p.name = *name;
    if (const json* clock = r.field(d, "", "clock", false); clock && r.expect_object(*clock, "/clock")) {
        r.reject_unknown(*clock, "/clock", {"starts_at", "day_boundary"});
        if (auto s = enum_field(r, *clock, "/clock", "starts_at", start_names, false)) p.starts_at = *s;
        if (auto b = enum_field(r, *clock, "/clock", "day_boundary", boundary_names, false))
            p.boundary = *b;
    }
    if (auto s = enum_field(r, d, "", "scope", scope_names, false)) p.scope = *s;
    if (auto m = r.thresholds_field(d, "", "minimum_due")) p.minimum_due = *m;
    if (auto stages = read_stages(r, d, "")) p.stages = std::move(*stages);
    p.cancel_after = r.duration_field(d, "", "cancel_after", false);
    if (p.cancel_after && !p.stages.empty() && *p.cancel_after <= p.stages.back().after)
        r.fail("/cancel_after", "cancel_before_stages",
               "cancellation must come after the last stage ('" +
                   format_duration(p.stages.back().after) + "')");

    if (const json* retries = r.field(d, "", "retries", false);
        retries && r.expect_object(*retries, "/retries")) {
        r.reject_unknown(*retries, "/retries", {"schedule"});
        if (const json* arr = r.array_field(*retries, "/retries", "schedule", false, 64)) {
            for (std::size_t i = 0; i < arr->size(); ++i) {
                const std::string ip = pointer_append("/retries/schedule", i);
                auto off = r.duration_value((*arr)[i], ip);
                if (!off) continue;
                if (!p.retries.schedule.empty() && *off <= p.retries.schedule.back())
                    r.fail(ip, "schedule_out_of_order",
                           "retry offsets must increase: '" + format_duration(*off) +
                               "' is not later than '" +
                               format_duration(p.retries.schedule.back()) + "'");
                p.retries.schedule.push_back(*off);
            }
        }
    }

    if (const json* arr = r.array_field(d, "", "reminders", false, 256)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/reminders", i);
            const json& v = (*arr)[i];
            if (!r.expect_object(v, ip)) continue;
            r.reject_unknown(v, ip, {"id", "channel", "at", "before_stage", "by", "template"});
            reminder_rule rule;
            if (auto id = r.string_field(v, ip, "id", true)) rule.id = *id;
            if (auto ch = r.string_field(v, ip, "channel", false)) rule.channel = *ch;
            else rule.channel = "email";
            rule.at = r.duration_field(v, ip, "at", false);
            rule.before_stage = r.string_field(v, ip, "before_stage", false);
            auto by = r.duration_field(v, ip, "by", false);
            if (by) rule.by = *by;
            const bool has_at = v.contains("at"), has_stage = v.contains("before_stage"),
                       has_by = v.contains("by");
            if (!((has_at && !has_stage && !has_by) || (!has_at && has_stage && has_by)))
                r.fail(ip, "reminder_timing",
                       "a reminder needs either 'at' (after grace start) or 'before_stage' with "
                       "'by'");
            if (rule.before_stage && *rule.before_stage != "canceled") {
                bool known = false;
                for (const auto& s : p.stages) known = known || s.name == *rule.before_stage;
                if (!known && !p.stages.empty())
                    r.fail(pointer_append(ip, "before_stage"), "unknown_stage",
                           "no stage is named '" + *rule.before_stage + "'");
            }
            if (rule.before_stage && *rule.before_stage == "canceled" && !p.cancel_after)
                r.fail(pointer_append(ip, "before_stage"), "unknown_stage",
                       "'canceled' needs the policy's cancel_after");
            p.reminders.push_back(std::move(rule));
        }
    }

    if (const json* lim = r.field(d, "", "limits", false); lim && r.expect_object(*lim, "/limits")) {
        r.reject_unknown(*lim, "/limits", {"max_grace_periods", "window", "shortened_to"});
        grace_limits l;
        const std::size_t before = r.mark();
        if (auto n = r.integer_field(*lim, "/limits", "max_grace_periods", true, 1, 1000))
            l.max_grace_periods = static_cast<int>(*n);
        if (auto w = r.duration_field(*lim, "/limits", "window", true)) l.window = *w;
        if (auto s = r.duration_field(*lim, "/limits", "shortened_to", true)) l.shortened_to = *s;
        if (!r.failed_since(before)) p.limits = l;
    }

    if (const json* arr = r.array_field(d, "", "overrides", false, 256)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string ip = pointer_append("/overrides", i);
            const json& v = (*arr)[i];
            if (!r.expect_object(v, ip)) continue;
            r.reject_unknown(v, ip, {"when", "extend_by", "stages", "description"});
            override_rule o;
            if (const json* when = r.field(v, ip, "when", true)) {
                const std::string wp = pointer_append(ip, "when");
                if (r.expect_object(*when, wp)) {
                    r.reject_unknown(*when, wp, {"plan", "customer_for_at_least", "price_at_least"});
                    if (const json* plan = r.field(*when, wp, "plan", false)) {
                        if (plan->is_string()) {
                            if (auto s = r.string_value(*plan, pointer_append(wp, "plan")))
                                o.plans.push_back(*s);
                        } else if (auto plans = r.string_array_field(*when, wp, "plan")) {
                            o.plans = *plans;
                        }
                    }
                    o.customer_for_at_least = r.duration_field(*when, wp, "customer_for_at_least", false);
                    o.price_at_least = r.thresholds_field(*when, wp, "price_at_least");
                }
            }
            o.extend_by = r.duration_field(v, ip, "extend_by", false);
            if (v.contains("stages")) o.stages = read_stages(r, v, ip);
            if (o.stages && p.cancel_after && *p.cancel_after <= o.stages->back().after)
                r.fail(pointer_append(ip, "stages"), "cancel_before_stages",
                       "the policy's cancel_after must come after these stages too");
            p.overrides.push_back(std::move(o));
        }
    }
    if (!errors.empty()) return errors;
    return p;
}

} // namespace respite
