// JSON text in, JSON text out, for every face that speaks text (wasm, C ABI, CLI batch).
#include "respite/api.hpp"
#include "respite/evaluate.hpp"
#include "respite/json.hpp"
#include "respite/timeline.hpp"

namespace respite {
namespace {

void prefix_paths(error_list& errors, const error_list& from, const char* prefix) {
    for (auto e : from) {
        e.path = prefix + e.path;
        errors.push_back(std::move(e));
    }
}

text_result failure(const error_list& errors) {
    return {false, render_errors(errors)};
}

struct inputs {
    std::optional<policy> p;
    std::optional<account> a;
    instant now;
    error_list errors;
};

inputs read_inputs(std::string_view policy_json, std::string_view account_json,
                   std::string_view at) {
    inputs in;
    auto p = parse_policy(policy_json);
    if (p)
        in.p = std::move(p).value();
    else
        prefix_paths(in.errors, p.errors(), "/policy");
    auto a = parse_account(account_json);
    if (a)
        in.a = std::move(a).value();
    else
        prefix_paths(in.errors, a.errors(), "/account");
    parse_failure why;
    if (auto t = parse_instant(at, &why))
        in.now = *t;
    else {
        std::string quoted(at.substr(0, 64)); // printable ASCII: the error document stays UTF-8
        for (char& c : quoted)
            c = c >= 0x20 && c < 0x7f ? c : '?';
        in.errors.push_back({"/at", "invalid_instant", "'" + quoted + "': " + why.message});
    }
    return in;
}

} // namespace

text_result evaluate_json(std::string_view policy_json, std::string_view account_json,
                          std::string_view at, const zone_source& zones) {
    inputs in = read_inputs(policy_json, account_json, at);
    if (!in.errors.empty()) return failure(in.errors);
    auto s = evaluate(*in.p, *in.a, in.now, zones);
    if (!s) {
        error_list errors;
        prefix_paths(errors, s.errors(), "/account");
        return failure(errors);
    }
    return {true, render_status(*s)};
}

text_result evaluate_account_json(const policy& p, std::string_view account_json, instant now,
                                  const zone_source& zones) {
    text_result r;
    r.ok = append_evaluate_account_json(r.json, p, account_json, now, zones);
    return r;
}

bool append_evaluate_account_json(std::string& out, const policy& p, std::string_view account_json,
                                  instant now, const zone_source& zones, bool padded) {
    auto a = padded ? parse_account_padded(account_json) : parse_account(account_json);
    if (!a) {
        out += render_errors(a.errors());
        return false;
    }
    auto s = evaluate(p, *a, now, zones);
    if (!s) {
        out += render_errors(s.errors());
        return false;
    }
    append_status(out, *s);
    return true;
}

text_result timeline_json(std::string_view policy_json, std::string_view account_json,
                          std::string_view at, const zone_source& zones) {
    inputs in = read_inputs(policy_json, account_json, at);
    if (!in.errors.empty()) return failure(in.errors);
    auto t = build_timeline(*in.p, *in.a, in.now, zones);
    if (!t) {
        error_list errors;
        prefix_paths(errors, t.errors(), "/account");
        return failure(errors);
    }
    return {true, render_timeline(*t)};
}

text_result validate_json(std::string_view document_json) {
    const std::string schema = schema_of(document_json);
    error_list errors;
    if (schema == "respite.account/1") {
        auto a = parse_account(document_json);
        if (a) return {true, R"({"schema":"respite.valid/1","document":"respite.account/1"})"};
        return failure(a.errors());
    }
    // Anything else is read as a policy, so a policy with a wrong schema reports it precisely.
    if (schema.rfind("respite.account", 0) == 0) {
        errors.push_back({"/schema", "unsupported_schema",
                          "expected \"respite.account/1\", found \"" + schema + "\""});
        return failure(errors);
    }
    auto p = parse_policy(document_json);
    if (p) return {true, R"({"schema":"respite.valid/1","document":"respite.policy/1"})"};
    return failure(p.errors());
}

const char* version() {
    return "0.1.0";
}

} // namespace respite
