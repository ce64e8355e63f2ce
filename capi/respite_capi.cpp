// The C ABI over the core's text API (respite/api.hpp, respite/import.hpp). Every entry point
// catches at the boundary: a C caller never sees a C++ exception, only a document or NULL.
#include "respite.h"

#include <respite/api.hpp>
#include <respite/import.hpp>
#include <respite/system_zones.hpp>
#include <respite/time.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

// A malloc'd copy, so that callers in any language free it with respite_free (free()).
char* give(const std::string& text) noexcept {
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (!out) return nullptr;
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
}

char* fail(const char* path, const char* code, const char* message) noexcept {
    try {
        return give(respite::render_errors({{path, code, message}}));
    } catch (...) {
        return nullptr;
    }
}

// Every call: run `body`, turning anything thrown into an error document (or NULL).
template <class F> char* guarded(F&& body) noexcept {
    try {
        return give(body());
    } catch (const std::bad_alloc&) {
        return nullptr;
    } catch (...) {
        return fail("", "internal_error", "the engine failed unexpectedly");
    }
}

std::string now_text() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    return respite::format_instant(respite::instant{ms});
}

const respite::system_zone_source& zones() {
    static const respite::system_zone_source source;
    return source;
}

} // namespace

extern "C" {

RESPITE_API char* respite_evaluate(const char* policy_json, const char* account_json,
                                   const char* at) {
    if (!policy_json) return fail("/policy", "missing_field", "policy_json is NULL");
    if (!account_json) return fail("/account", "missing_field", "account_json is NULL");
    return guarded([&] {
        const std::string when = at && *at ? std::string(at) : now_text();
        return respite::evaluate_json(policy_json, account_json, when, zones()).json;
    });
}

RESPITE_API char* respite_timeline(const char* policy_json, const char* account_json,
                                   const char* at) {
    if (!policy_json) return fail("/policy", "missing_field", "policy_json is NULL");
    if (!account_json) return fail("/account", "missing_field", "account_json is NULL");
    return guarded([&] {
        const std::string when = at && *at ? std::string(at) : now_text();
        return respite::timeline_json(policy_json, account_json, when, zones()).json;
    });
}

RESPITE_API char* respite_validate(const char* document_json) {
    if (!document_json) return fail("", "missing_field", "document_json is NULL");
    return guarded([&] { return respite::validate_json(document_json).json; });
}

RESPITE_API char* respite_import(const char* provider, const char* provider_json) {
    if (!provider) return fail("/provider", "missing_field", "provider is NULL");
    if (!provider_json) return fail("", "missing_field", "provider_json is NULL");
    return guarded([&] { return respite::import_json(provider, provider_json).json; });
}

RESPITE_API void respite_free(char* document) {
    std::free(document);
}

RESPITE_API const char* respite_version(void) {
    return respite::version();
}

} // extern "C"
