// import_bindings.cpp — the Embind face of the importers (respite/import.hpp), built into a
// module of its own (respite-import.wasm) so that respite.wasm stays within its size budget.
// The core never throws: bad provider data comes back as a respite.error/1 document, so no C++
// exception and no abort can reach JS. The idiomatic JS API (objects, RespiteError) is
// wasm/js/importers.mjs, reached through createRespite({ importers: true }).
#include <respite/api.hpp>
#include <respite/import.hpp>

#include <emscripten/bind.h>
#include <malloc.h>

#include <string>

namespace {

// The respite.import/1 document ({"schema","provider","account","unmapped"}) or a respite.error/1
// document: the same bytes as `respite import --envelope` and `POST /v1/import/{provider}`.
// `text` arrives as UTF-8 (a JS string, or the bytes of a Uint8Array/ArrayBuffer as they are).
std::string import_json(const std::string& provider, const std::string& text) {
    return respite::import_json(provider, text).json;
}

// "stripe,paddle,chargebee,recurly,revenuecat".
std::string import_providers() {
    std::string out;
    for (auto name : respite::import_providers()) {
        if (!out.empty()) out += ',';
        out += name;
    }
    return out;
}

// The engine's version: JS refuses to pair this module with a respite.wasm of another version.
std::string version() {
    return respite::version();
}

// Diagnostics for tests: the bytes malloc has handed out and not taken back.
double heap_in_use() {
    return static_cast<double>(mallinfo().uordblks);
}

} // namespace

EMSCRIPTEN_BINDINGS(respite_import) {
    using emscripten::function;
    function("importJson", &import_json);
    function("importProviders", &import_providers);
    function("version", &version);
    function("heapInUse", &heap_in_use);
}
