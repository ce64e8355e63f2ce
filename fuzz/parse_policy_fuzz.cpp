// Fuzz target: parse_policy and validate_json on arbitrary text. A refused policy gives a
// respite.error/1 whose paths point into the document; an accepted one evaluates (status and
// timeline) against generated accounts without breaking any status invariant.
#include "fuzz_check.hpp"
#include "fuzz_fixtures.hpp"

#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/system_zones.hpp>
#include <respite/timeline.hpp>

using namespace respite;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string context(text.substr(0, 2000));
    auto p = parse_policy(text);
    const text_result validated = validate_json(text);
    const auto out = fuzz::parse_output(validated.json);
    const std::string schema = schema_of(text);
    if (schema.rfind("respite.account", 0) != 0) {
        // validate_json reads anything that is not an account as a policy: the same verdict.
        fuzz::require(validated.ok == p.ok(), "validate_json and parse_policy disagree", context);
        if (!p.ok())
            fuzz::require(validated.json == render_errors(p.errors()),
                          "validate_json and parse_policy report different errors", context);
    }
    if (!p.ok()) {
        const auto errors = fuzz::parse_output(render_errors(p.errors()));
        bool shape_error = false;
        for (const auto& e : p.errors())
            shape_error = shape_error || e.code == "too_deep" || e.code == "document_too_large" ||
                          e.code == "invalid_json";
        nlohmann::json doc;
        if (!shape_error) doc = nlohmann::json::parse(text, nullptr, false);
        fuzz::check_error_document(errors, shape_error || doc.is_discarded() ? nullptr : &doc, "",
                                   context);
        return 0;
    }
    const system_zone_source zones;
    const auto& accounts = fuzz::fixture_accounts();
    const account& a = accounts[fuzz::pick(data, size, accounts.size())];
    for (const instant now : {generate_options{}.around, generate_options{}.around + days(45)}) {
        auto s = evaluate(*p, a, now, zones);
        fuzz::require(s.ok(), "a valid policy fails to evaluate a generated account", context);
        fuzz::check_status(fuzz::parse_output(render_status(*s)), context);
        auto t = build_timeline(*p, a, now, zones);
        fuzz::require(t.ok(), "a valid policy fails to build a timeline", context);
        fuzz::parse_output(render_timeline(*t));
    }
    return 0;
}
