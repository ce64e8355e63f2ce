// Typed results → JSON text, in the key order docs/contract.md fixes.
#include "json_writer.hpp"
#include "respite/json.hpp"

namespace respite {

const char* to_string(account_state v) {
    switch (v) {
    case account_state::good_standing:
        return "good_standing";
    case account_state::grace:
        return "grace";
    case account_state::suspended:
        return "suspended";
    case account_state::canceled:
        return "canceled";
    }
    return "";
}
const char* to_string(access_level v) {
    switch (v) {
    case access_level::full:
        return "full";
    case access_level::read_only:
        return "read_only";
    case access_level::none:
        return "none";
    }
    return "";
}
const char* to_string(severity v) {
    switch (v) {
    case severity::info:
        return "info";
    case severity::warning:
        return "warning";
    case severity::critical:
        return "critical";
    }
    return "";
}
const char* to_string(action_type v) {
    switch (v) {
    case action_type::update_payment_method:
        return "update_payment_method";
    case action_type::authenticate_payment:
        return "authenticate_payment";
    case action_type::pay_invoice:
        return "pay_invoice";
    case action_type::contact_billing:
        return "contact_billing";
    }
    return "";
}
const char* to_string(decline_class v) {
    switch (v) {
    case decline_class::soft:
        return "soft";
    case decline_class::hard:
        return "hard";
    case decline_class::authentication:
        return "authentication";
    }
    return "";
}
const char* to_string(event_kind v) {
    switch (v) {
    case event_kind::grace_start:
        return "grace_start";
    case event_kind::stage:
        return "stage";
    case event_kind::reminder:
        return "reminder";
    case event_kind::retry:
        return "retry";
    case event_kind::suspension:
        return "suspension";
    case event_kind::cancellation:
        return "cancellation";
    }
    return "";
}

namespace {

using detail::json_writer;

void write_instant(json_writer& w, const std::optional<instant>& t) {
    if (t)
        w.instant_value(*t);
    else
        w.null();
}

void write_money(json_writer& w, const std::optional<money>& m) {
    if (!m) {
        w.null();
        return;
    }
    w.begin_object().key("amount").value(m->amount).key("currency").value(m->currency).end_object();
}

void write_strings(json_writer& w, const std::vector<std::string>& items) {
    w.begin_array();
    for (const auto& s : items)
        w.value(s);
    w.end_array();
}

void write_reminder(json_writer& w, const reminder_status& r) {
    w.begin_object().key("id").value(r.id).key("channel").value(r.channel).key("at");
    write_instant(w, r.at);
    w.end_object();
}

void write_status(json_writer& w, const status& s) {
    w.begin_object();
    w.key("schema").value("respite.status/1");
    w.key("account_id").value(s.account_id);
    w.key("evaluated_at").instant_value(s.evaluated_at);
    w.key("policy_id").value(s.policy_id);
    w.key("state").value(to_string(s.state));
    w.key("stage");
    if (s.stage) {
        w.begin_object().key("name").value(s.stage->name).key("index").value(s.stage->index);
        w.key("entered_at").instant_value(s.stage->entered_at);
        w.key("severity").value(to_string(s.stage->level)).end_object();
    } else {
        w.null();
    }
    w.key("access").begin_object().key("level").value(to_string(s.access));
    w.key("disabled_features");
    write_strings(w, s.disabled_features);
    w.end_object();
    w.key("grace");
    if (s.grace) {
        const grace_status& g = *s.grace;
        w.begin_object().key("started_at").instant_value(g.started_at);
        w.key("suspends_at");
        write_instant(w, g.suspends_at);
        w.key("cancels_at");
        write_instant(w, g.cancels_at);
        w.key("next_stage");
        if (g.next_stage) {
            w.begin_object().key("name").value(g.next_stage->name).key("at");
            write_instant(w, g.next_stage->at);
            w.end_object();
        } else {
            w.null();
        }
        w.key("extended_by").value(format_duration(g.extended_by));
        w.key("shortened").value(g.shortened).end_object();
    } else {
        w.null();
    }
    w.key("countdown");
    if (s.countdown) {
        w.begin_object().key("to").value(s.countdown->to).key("at");
        write_instant(w, s.countdown->at);
        w.key("seconds").value(s.countdown->seconds).end_object();
    } else {
        w.null();
    }
    w.key("amount_due");
    write_money(w, s.amount_due);
    w.key("amounts_due").begin_array();
    for (const auto& m : s.amounts_due)
        write_money(w, m);
    w.end_array();
    w.key("required_actions").begin_array();
    for (const auto& a : s.required_actions) {
        w.begin_object().key("type").value(to_string(a.type)).key("reason").value(a.reason);
        w.key("invoice_id").value(a.invoice_id).key("deadline");
        write_instant(w, a.deadline);
        w.end_object();
    }
    w.end_array();
    const banner_status& b = s.banner;
    w.key("banner").begin_object().key("show").value(b.show).key("severity");
    if (b.level)
        w.value(to_string(*b.level));
    else
        w.null();
    w.key("message");
    if (b.message.empty())
        w.null();
    else
        w.value(b.message);
    w.key("params").begin_object();
    if (b.amount) w.key("amount").value(b.amount->amount).key("currency").value(b.amount->currency);
    if (b.deadline) w.key("deadline").instant_value(*b.deadline);
    if (!b.stage.empty()) w.key("stage").value(b.stage);
    w.end_object();
    w.key("dismissible").value(b.dismissible).key("cta");
    if (b.cta)
        w.value(to_string(*b.cta));
    else
        w.null();
    w.end_object();
    w.key("retries").begin_object().key("next_at");
    write_instant(w, s.retries.next_at);
    w.key("remaining").value(s.retries.remaining).key("stopped_by");
    if (s.retries.stopped_by.empty())
        w.null();
    else
        w.value(s.retries.stopped_by);
    w.end_object();
    w.key("reminders").begin_object().key("due").begin_array();
    for (const auto& r : s.reminders_due)
        write_reminder(w, r);
    w.end_array().key("next");
    if (s.next_reminder)
        write_reminder(w, *s.next_reminder);
    else
        w.null();
    w.end_object();
    w.key("revenue").begin_object().key("unpaid_service_days").value(s.revenue.unpaid_service_days);
    w.key("unrecognized");
    write_money(w, s.revenue.unrecognized);
    w.end_object();
    w.key("last_decline");
    if (s.last_decline) {
        w.begin_object().key("class").value(to_string(*s.last_decline));
        w.key("code").value(s.last_decline_code).end_object();
    } else {
        w.null();
    }
    w.key("subscriptions").begin_array();
    for (const auto& sub : s.subscriptions) {
        w.begin_object().key("id").value(sub.id).key("state").value(to_string(sub.state));
        w.key("stage");
        if (sub.stage.empty())
            w.null();
        else
            w.value(sub.stage);
        w.key("access").value(to_string(sub.access)).key("disabled_features");
        write_strings(w, sub.disabled_features);
        w.end_object();
    }
    w.end_array();
    w.key("flags");
    write_strings(w, s.flags);
    w.key("explain");
    write_strings(w, s.explain);
    w.end_object();
}

} // namespace

std::string render_status(const status& s) {
    std::string out;
    append_status(out, s);
    return out;
}

void append_status(std::string& out, const status& s) {
    json_writer w;
    write_status(w, s);
    w.append_to(out);
}

std::string render_errors(const error_list& errors) {
    json_writer w;
    w.begin_object().key("schema").value("respite.error/1").key("errors").begin_array();
    for (const auto& e : errors)
        w.begin_object()
            .key("path")
            .value(e.path)
            .key("code")
            .value(e.code)
            .key("message")
            .value(e.message)
            .end_object();
    w.end_array().end_object();
    return w.take();
}

std::string render_timeline(const timeline& t) {
    json_writer w;
    w.begin_object().key("schema").value("respite.timeline/1");
    w.key("account_id").value(t.account_id).key("timezone").value(t.timezone);
    w.key("now").instant_value(t.now);
    w.key("now_local").value(format_instant_with_offset(t.now, t.now_utc_offset_seconds));
    w.key("status");
    write_status(w, t.current);
    w.key("events").begin_array();
    for (const auto& e : t.events) {
        w.begin_object().key("kind").value(to_string(e.kind)).key("name").value(e.name);
        w.key("detail").value(e.detail).key("at").instant_value(e.at);
        w.key("local").value(format_instant_with_offset(e.at, e.utc_offset_seconds));
        w.key("past").value(e.past).end_object();
    }
    w.end_array().end_object();
    return w.take();
}

} // namespace respite
