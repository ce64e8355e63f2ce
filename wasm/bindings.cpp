// bindings.cpp — the Embind face of the core: JSON text in, JSON text out, nothing else.
// Every function here forwards to the public API (respite/api.hpp, presets.hpp, generate.hpp),
// which never throws: errors come back as respite.error/1 documents, so no C++ exception and no
// abort can reach JS. The idiomatic JS API (objects, RespiteError) is wasm/js/index.mjs.
#include "fast_path.hpp"
#include "intl_zone_source.hpp"

#include <respite/api.hpp>
#include <respite/generate.hpp>
#include <respite/presets.hpp>

#include <emscripten/bind.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace {

const respite::wasm::intl_zone_source host_zones;
respite::wasm::fast_path fast;

// The fast path (fast_path.hpp): JS writes UTF-8 at input_address, reads the answer's bytes at
// output_address (both valid until the next call; Module.HEAPU8 is the view onto them).
std::uintptr_t input_address(unsigned bytes) {
    return reinterpret_cast<std::uintptr_t>(fast.input(bytes));
}

unsigned evaluate_input(unsigned policy_bytes, unsigned account_bytes, unsigned at_bytes) {
    return static_cast<unsigned>(
        fast.evaluate(policy_bytes, account_bytes, at_bytes, host_zones).size());
}

unsigned evaluate_input_same_policy(unsigned account_bytes, unsigned at_bytes) {
    return static_cast<unsigned>(
        fast.evaluate_same_policy(account_bytes, at_bytes, host_zones).size());
}

std::uintptr_t output_address() {
    return reinterpret_cast<std::uintptr_t>(fast.output().data());
}

std::string timeline_json(const std::string& policy, const std::string& account,
                          const std::string& at) {
    return respite::timeline_json(policy, account, at, host_zones).json;
}

std::string validate_json(const std::string& document) {
    return respite::validate_json(document).json;
}

std::string version() {
    return respite::version();
}

int preset_count() {
    return static_cast<int>(respite::presets().size());
}

// Out-of-range indices give "" (JS only asks for 0..presetCount()-1).
std::string preset_name(int index) {
    const auto& all = respite::presets();
    return index >= 0 && static_cast<std::size_t>(index) < all.size()
               ? std::string(all[static_cast<std::size_t>(index)].name)
               : std::string();
}

std::string preset_summary(int index) {
    const auto& all = respite::presets();
    return index >= 0 && static_cast<std::size_t>(index) < all.size()
               ? std::string(all[static_cast<std::size_t>(index)].summary)
               : std::string();
}

// The policy document, or "" when no preset has that name.
std::string preset_json(const std::string& name) {
    const respite::preset_info* found = respite::find_preset(name);
    return found ? std::string(found->json) : std::string();
}

// `around_ms` NaN: the core's default instant. JS checks that seed and index are safe integers.
std::string generate_account(double seed, double index, double around_ms) {
    respite::generate_options options;
    options.seed = static_cast<std::uint64_t>(seed);
    if (!std::isnan(around_ms))
        options.around = respite::instant{static_cast<std::int64_t>(around_ms)};
    return respite::generate_account(options, static_cast<std::uint64_t>(index));
}

// Diagnostics for tests and benchmarks: the zone source on its own (NaN: unknown zone), the
// size of wasm memory, and the bytes malloc has handed out.
double zone_offset(const std::string& zone, double t_ms) {
    const auto offset =
        host_zones.offset_at(zone, respite::instant{static_cast<std::int64_t>(t_ms)});
    return offset ? static_cast<double>(*offset) : std::nan("");
}

double memory_bytes() {
    return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0;
}

double heap_in_use() {
    return static_cast<double>(mallinfo().uordblks);
}

} // namespace

EMSCRIPTEN_BINDINGS(respite) {
    using emscripten::function;
    function("inputAddress", &input_address);
    function("evaluateInput", &evaluate_input);
    function("evaluateInputSamePolicy", &evaluate_input_same_policy);
    function("outputAddress", &output_address);
    function("timelineJson", &timeline_json);
    function("validateJson", &validate_json);
    function("version", &version);
    function("presetCount", &preset_count);
    function("presetName", &preset_name);
    function("presetSummary", &preset_summary);
    function("presetJson", &preset_json);
    function("generateAccount", &generate_account);
    function("zoneOffset", &zone_offset);
    function("memoryBytes", &memory_bytes);
    function("heapInUse", &heap_in_use);
}
