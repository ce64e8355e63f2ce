// Fuzz target: the whole evaluation on arbitrary (policy, account, at) triples, split on the
// record separator byte 0x1E: policy \x1E account \x1E at. evaluate_json and timeline_json must
// answer with a status/timeline that keeps every invariant, or with errors whose paths point
// into the document they blame (/policy/…, /account/…, /at). A status must also be what the
// reference account reader (the wasm module's) leads to.
#include "fuzz_check.hpp"

#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/system_zones.hpp>

using namespace respite;

namespace {

void check_errors(const nlohmann::json& out, std::string_view policy_text,
                  std::string_view account_text, const std::string& context) {
    for (const auto& [prefix, text] :
         {std::pair<const char*, std::string_view>{"/policy", policy_text},
          {"/account", account_text}}) {
        // Only documents nlohmann can hold without the engine's own limits in the way.
        if (text.size() > 4 * 1024 * 1024) continue;
        auto doc = nlohmann::json::parse(text, nullptr, false);
        bool shape_error = doc.is_discarded();
        for (const auto& e : out["errors"]) {
            const std::string code = e.value("code", "");
            if (code == "too_deep" || code == "invalid_json") shape_error = true;
        }
        fuzz::check_error_document(out, shape_error ? nullptr : &doc, prefix, context);
    }
    for (const auto& e : out["errors"]) {
        const std::string path = e.value("path", "");
        fuzz::require(path == "/at" || path.rfind("/policy", 0) == 0 ||
                          path.rfind("/account", 0) == 0,
                      "an error blames no document", e.dump());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t first = input.find('\x1e');
    const std::size_t second =
        first == std::string_view::npos ? first : input.find('\x1e', first + 1);
    const std::string_view policy_text = input.substr(0, first);
    const std::string_view account_text = first == std::string_view::npos
                                              ? std::string_view{}
                                              : input.substr(first + 1, second - first - 1);
    const std::string_view at =
        second == std::string_view::npos ? std::string_view{} : input.substr(second + 1);
    const std::string context(input.substr(0, 3000));

    const system_zone_source zones;
    const text_result status = evaluate_json(policy_text, account_text, at, zones);
    const auto out = fuzz::parse_output(status.json);
    if (status.ok) {
        fuzz::check_status(out, context);
        // What the wasm module computes: the reference reader's account, the same evaluation.
        auto reference = parse_account_reference(account_text);
        fuzz::require(reference.ok(), "the reference reader refuses an account evaluate_json took",
                      context);
        auto s = evaluate(*parse_policy(policy_text), *reference, *parse_instant(at), zones);
        fuzz::require(s.ok() && render_status(*s) == status.json,
                      "the reference reader's account evaluates differently", context);
        fuzz::require(out["evaluated_at"] == format_instant(*parse_instant(at)),
                      "evaluated_at is not the instant asked for", context);
    } else {
        check_errors(out, policy_text, account_text, context);
    }
    const text_result timeline = timeline_json(policy_text, account_text, at, zones);
    const auto tl = fuzz::parse_output(timeline.json);
    fuzz::require(timeline.ok == status.ok, "timeline and status disagree on the input", context);
    if (timeline.ok) {
        fuzz::require(tl.value("schema", "") == "respite.timeline/1", "timeline without its schema",
                      context);
        fuzz::require(tl["status"] == out, "the timeline's status is not the status", context);
        instant previous = min_instant;
        for (const auto& e : tl["events"]) {
            fuzz::require_instant_text(e["at"], "/events/at");
            const instant t = *parse_instant(e["at"].get<std::string>());
            fuzz::require(t >= previous, "timeline events out of order", context);
            previous = t;
        }
    } else {
        fuzz::require(timeline.json == status.json, "timeline and status report different errors",
                      context);
    }
    return 0;
}
