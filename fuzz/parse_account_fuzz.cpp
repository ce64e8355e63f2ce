// Fuzz target: the two account readers on arbitrary text — parse_account (natively simdjson
// first) and parse_account_reference (nlohmann's DOM, what the wasm module runs). They must agree:
// the same errors, or accounts that evaluate to the same bytes under every fixture policy.
#include "fuzz_check.hpp"
#include "fuzz_fixtures.hpp"

#include <respite/evaluate.hpp>
#include <respite/system_zones.hpp>
#include <respite/timeline.hpp>

#include <algorithm>

using namespace respite;

namespace {

std::string render(const result<status>& s) {
    return s.ok() ? render_status(*s) : render_errors(s.errors());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string context(text.substr(0, 2000));
    auto fast = parse_account(text);
    auto reference = parse_account_reference(text);
    fuzz::require(
        fast.ok() == reference.ok(),
        fast.ok() ? "the fast reader accepts what the reference refuses"
                  : "the fast reader refuses what the reference accepts",
        context + "\nreference: " + (reference.ok() ? "ok" : render_errors(reference.errors())));
    if (!fast.ok()) {
        const std::string errors = render_errors(fast.errors());
        fuzz::require(errors == render_errors(reference.errors()),
                      "the two readers report different errors", context);
        bool shape_error = false;
        for (const auto& e : fast.errors())
            shape_error = shape_error || e.code == "too_deep" || e.code == "document_too_large" ||
                          e.code == "invalid_json";
        nlohmann::json doc;
        if (!shape_error) doc = nlohmann::json::parse(text, nullptr, false);
        fuzz::check_error_document(fuzz::parse_output(errors),
                                   shape_error || doc.is_discarded() ? nullptr : &doc, "", context);
        return 0;
    }
    // Evaluate where something happens: at the generator's "now", and a few days after the
    // earliest due date (the grace of a fuzzed account is then under way).
    std::vector<instant> instants{generate_options{}.around};
    if (!fast->invoices.empty()) {
        instant earliest = fast->invoices.front().due_at;
        for (const auto& inv : fast->invoices)
            earliest = std::min(earliest, inv.due_at);
        instants.push_back(std::min(max_instant, earliest + days(5) + hours(7)));
    }
    const system_zone_source zones;
    const auto& policies = fuzz::fixture_policies();
    const policy& p = policies[fuzz::pick(data, size, policies.size())];
    for (const instant now : instants) {
        auto a = evaluate(p, *fast, now, zones);
        auto b = evaluate(p, *reference, now, zones);
        const std::string ra = render(a), rb = render(b);
        fuzz::require(ra == rb, "the two readers' accounts evaluate differently",
                      context + "\nfast:      " + ra.substr(0, 1500) +
                          "\nreference: " + rb.substr(0, 1500));
        const auto out = fuzz::parse_output(ra);
        if (a.ok())
            fuzz::check_status(out, context);
        else
            fuzz::check_error_document(out, nullptr, "", context);
        auto t = build_timeline(p, *fast, now, zones);
        if (t.ok()) fuzz::parse_output(render_timeline(*t));
    }
    return 0;
}
