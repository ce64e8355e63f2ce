// fast_path.hpp — evaluate_json for callers that evaluate again and again (the banner ticking,
// a portal listing accounts): the text crosses into wasm through one reusable buffer (JS fills
// it with TextEncoder.encodeInto, reads the answer with TextDecoder: no per-byte JS loops, no
// malloc per call), and the last policy stays parsed.
#pragma once

#include <respite/api.hpp>
#include <respite/policy.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace respite::wasm {

class fast_path {
public:
    // Room for `bytes` of input; valid until the next call.
    char* input(std::size_t bytes);

    // Evaluates the input buffer read as policy | account | at (byte lengths given). The output
    // is byte-identical to respite::evaluate_json on the same text: the kept policy is used only
    // for a success, every error goes through evaluate_json itself.
    const std::string& evaluate(std::size_t policy_bytes, std::size_t account_bytes,
                                std::size_t at_bytes, const zone_source& zones);
    // The same with the policy of the previous call (the buffer holds account | at).
    const std::string& evaluate_same_policy(std::size_t account_bytes, std::size_t at_bytes,
                                            const zone_source& zones);

    // The answer of the last evaluation.
    const std::string& output() const { return output_; }

private:
    const std::string& run(std::string_view account, std::string_view at, const zone_source& zones);

    std::unique_ptr<char[]> input_;
    std::size_t capacity_ = 0;
    std::string policy_text_;
    std::optional<policy> policy_; // policy_text_ parsed, when it is a valid policy
    std::string output_;
};

} // namespace respite::wasm
