// fuzz_check.hpp — what every fuzz target asserts about the engine's answers, beyond "no crash,
// no sanitizer report": every document it writes is JSON of the schema it claims, every error
// names a known code and a path into the document it blames, every instant it writes reads back.
#pragma once

#include <respite/json.hpp>
#include <respite/time.hpp>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

namespace respite::fuzz {

// A finding: print what was expected and stop (libFuzzer then saves the input as crash-*).
[[noreturn]] inline void fail(const char* what, std::string_view detail) {
    std::fprintf(stderr, "\n== respite fuzz finding: %s\n%.*s\n", what,
                 static_cast<int>(detail.size() > 4000 ? 4000 : detail.size()), detail.data());
    std::abort();
}

inline void require(bool ok, const char* what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

// docs/errors.md: the codes a client may match on.
inline bool known_error_code(const std::string& code) {
    static const std::set<std::string> codes = {"invalid_json",
                                                "document_too_large",
                                                "too_deep",
                                                "wrong_type",
                                                "missing_field",
                                                "unknown_field",
                                                "unsupported_schema",
                                                "invalid_value",
                                                "empty_string",
                                                "string_too_long",
                                                "too_many_items",
                                                "invalid_timestamp",
                                                "timestamp_out_of_range",
                                                "invalid_duration",
                                                "unsupported_duration_unit",
                                                "duration_out_of_range",
                                                "negative_amount",
                                                "amount_out_of_range",
                                                "invalid_currency",
                                                "invalid_month",
                                                "paid_exceeds_due",
                                                "period_end_before_start",
                                                "duplicate_id",
                                                "duplicate_stage",
                                                "unknown_invoice",
                                                "unknown_subscription",
                                                "missing_subscription_id",
                                                "conflicting_fields",
                                                "empty_stages",
                                                "first_stage_not_at_start",
                                                "conditions_on_first_stage",
                                                "stages_out_of_order",
                                                "cancel_before_stages",
                                                "schedule_out_of_order",
                                                "unknown_stage",
                                                "reminder_timing",
                                                "unknown_time_zone",
                                                "invalid_instant"};
    return codes.count(code) > 0;
}

// The JSON text the engine wrote: strict JSON (nlohmann refuses invalid UTF-8), an object.
inline nlohmann::json parse_output(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    require(!j.is_discarded() && j.is_object(), "output is not a JSON object", text);
    return j;
}

// Every instant the engine writes must read back as the same text (so in 1970..9999).
inline void require_instant_text(const nlohmann::json& v, const std::string& where) {
    if (v.is_null()) return;
    require(v.is_string(), "instant is not a string", where);
    const std::string text = v.get<std::string>();
    auto t = parse_instant(text);
    require(t.has_value(), "written instant does not read back", where + ": " + text);
    require(format_instant(*t) == text, "written instant is not canonical", where + ": " + text);
}

// A respite.error/1 document: known codes, non-empty messages, and each path resolving in
// `doc` (the document blamed, when it is JSON): the member itself, or for an absent member its
// parent. `prefix` is stripped first ("/policy", "/account").
inline void check_error_document(const nlohmann::json& out, const nlohmann::json* doc,
                                 std::string_view prefix, const std::string& context) {
    require(out.value("schema", "") == "respite.error/1", "error document without its schema",
            context);
    require(out.contains("errors") && out["errors"].is_array() && !out["errors"].empty(),
            "error document without errors", context);
    for (const auto& e : out["errors"]) {
        require(e.is_object() && e.size() == 3 && e.contains("path") && e.contains("code") &&
                    e.contains("message"),
                "an error is not {path, code, message}", e.dump());
        const std::string code = e["code"].get<std::string>();
        require(known_error_code(code), "unknown error code", e.dump());
        require(!e["message"].get<std::string>().empty(), "empty error message", e.dump());
        if (!doc) continue;
        std::string path = e["path"].get<std::string>();
        if (path.rfind(prefix, 0) != 0) continue; // another document's error
        path.erase(0, prefix.size());
        if (path.empty()) continue;
        nlohmann::json::json_pointer ptr;
        try {
            ptr = nlohmann::json::json_pointer(path);
        } catch (const std::exception&) {
            fail("error path is not a JSON Pointer", e.dump());
        }
        const bool absent_member = code == "missing_field" || code == "missing_subscription_id";
        const auto target = absent_member ? ptr.parent_pointer() : ptr;
        bool found = false;
        try {
            found = doc->contains(target);
        } catch (const std::exception&) {
            found = false;
        }
        require(found, "error path points at nothing in the document", e.dump() + "\n" + context);
    }
}

// A respite.status/1 document (docs/contract.md): the invariants that hold for every input.
inline void check_status(const nlohmann::json& s, const std::string& context) {
    auto need = [&](bool ok, const char* what) {
        require(ok, what, s.dump().substr(0, 3000) + "\n" + context);
    };
    need(s.value("schema", "") == "respite.status/1", "status without its schema");
    require_instant_text(s["evaluated_at"], "/evaluated_at");
    const std::string state = s.value("state", "");
    need(state == "good_standing" || state == "grace" || state == "suspended" ||
             state == "canceled",
         "unknown state");
    const instant now = *parse_instant(s["evaluated_at"].get<std::string>());
    if (state == "good_standing") {
        need(s["stage"].is_null() && s["grace"].is_null() && s["countdown"].is_null() &&
                 s["amount_due"].is_null(),
             "good standing with a stage, grace, countdown or amount due");
        need(!s["banner"]["show"].get<bool>(), "good standing shows a banner");
    } else {
        need(s["stage"].is_object() && s["grace"].is_object(), "in grace without stage or grace");
        const auto& g = s["grace"];
        for (const char* k : {"started_at", "suspends_at", "cancels_at"})
            require_instant_text(g[k], std::string("/grace/") + k);
        require_instant_text(s["stage"]["entered_at"], "/stage/entered_at");
        const instant started = *parse_instant(g["started_at"].get<std::string>());
        const instant entered = *parse_instant(s["stage"]["entered_at"].get<std::string>());
        need(started <= entered && entered <= now, "stage entered outside [grace start, now]");
        need(s["stage"]["index"].get<int>() >= 0, "negative stage index");
        if (g["suspends_at"].is_string() && g["cancels_at"].is_string())
            need(*parse_instant(g["suspends_at"].get<std::string>()) <
                     *parse_instant(g["cancels_at"].get<std::string>()),
                 "suspension not before cancellation");
        if (g["next_stage"].is_object()) {
            require_instant_text(g["next_stage"]["at"], "/grace/next_stage/at");
            need(*parse_instant(g["next_stage"]["at"].get<std::string>()) > now,
                 "next stage is not ahead");
        }
        need(s["amount_due"].is_object() && s["amount_due"]["amount"].get<std::int64_t>() > 0,
             "in grace without a positive amount due");
    }
    if (s["countdown"].is_object()) {
        require_instant_text(s["countdown"]["at"], "/countdown/at");
        const instant at = *parse_instant(s["countdown"]["at"].get<std::string>());
        const std::int64_t seconds = s["countdown"]["seconds"].get<std::int64_t>();
        need(at > now && seconds >= 1 && seconds == ((at - now).ms + 999) / 1000,
             "countdown not ahead or seconds wrong");
    }
    std::int64_t driving_total = -1;
    for (const auto& m : s["amounts_due"]) {
        need(m["amount"].get<std::int64_t>() > 0, "a non-positive amount in amounts_due");
        if (s["amount_due"].is_object() && m["currency"] == s["amount_due"]["currency"])
            driving_total = m["amount"].get<std::int64_t>();
    }
    if (s["amount_due"].is_object())
        need(driving_total == s["amount_due"]["amount"].get<std::int64_t>(),
             "amount_due differs from its currency's amounts_due");
    const auto& rev = s["revenue"];
    need(rev["unpaid_service_days"].get<std::int64_t>() >= 0, "negative unpaid service days");
    if (rev["unrecognized"].is_object()) {
        const std::int64_t u = rev["unrecognized"]["amount"].get<std::int64_t>();
        need(u >= 0 && (driving_total < 0 || u <= driving_total),
             "unrecognized revenue negative or above the amount due");
    }
    for (const auto& a : s["required_actions"])
        require_instant_text(a["deadline"], "/required_actions/deadline");
    if (s["banner"]["params"].contains("deadline"))
        require_instant_text(s["banner"]["params"]["deadline"], "/banner/params/deadline");
    require_instant_text(s["retries"]["next_at"], "/retries/next_at");
    need(s["retries"]["remaining"].get<int>() >= 0, "negative retries remaining");
    if (s["retries"]["next_at"].is_string())
        need(*parse_instant(s["retries"]["next_at"].get<std::string>()) > now,
             "next retry not ahead");
    for (const auto& r : s["reminders"]["due"]) {
        require_instant_text(r["at"], "/reminders/due/at");
        need(*parse_instant(r["at"].get<std::string>()) <= now, "a due reminder lies ahead");
    }
    if (s["reminders"]["next"].is_object()) {
        require_instant_text(s["reminders"]["next"]["at"], "/reminders/next/at");
        need(*parse_instant(s["reminders"]["next"]["at"].get<std::string>()) > now,
             "the next reminder is not ahead");
    }
}

} // namespace respite::fuzz
