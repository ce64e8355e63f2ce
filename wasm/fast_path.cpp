// fast_path.cpp — see fast_path.hpp.
#include "fast_path.hpp"

#include <respite/json.hpp>
#include <respite/time.hpp>

namespace respite::wasm {
namespace {

// A buffer grown for one huge document is given back afterwards rather than kept for good.
constexpr std::size_t kept_capacity = 1 << 20;

} // namespace

char* fast_path::input(std::size_t bytes) {
    if (bytes > capacity_ || (capacity_ > kept_capacity && bytes <= kept_capacity)) {
        const std::size_t wanted = bytes > 4096 ? bytes : 4096;
        input_.reset(); // free first: a large buffer is not held twice
        input_.reset(new char[wanted]);
        capacity_ = wanted;
    }
    return input_.get();
}

const std::string& fast_path::evaluate(std::size_t policy_bytes, std::size_t account_bytes,
                                       std::size_t at_bytes, const zone_source& zones) {
    const std::string_view policy_text(input_.get(), policy_bytes);
    if (policy_text != policy_text_) {
        policy_text_.assign(policy_text);
        policy_.reset();
        if (auto parsed = parse_policy(policy_text_)) policy_ = std::move(parsed).value();
    }
    return run({input_.get() + policy_bytes, account_bytes},
               {input_.get() + policy_bytes + account_bytes, at_bytes}, zones);
}

const std::string& fast_path::evaluate_same_policy(std::size_t account_bytes, std::size_t at_bytes,
                                                   const zone_source& zones) {
    return run({input_.get(), account_bytes}, {input_.get() + account_bytes, at_bytes}, zones);
}

const std::string& fast_path::run(std::string_view account, std::string_view at,
                                  const zone_source& zones) {
    if (policy_) {
        if (const auto now = parse_instant(at)) {
            text_result kept = evaluate_account_json(*policy_, account, *now, zones);
            if (kept.ok) {
                output_ = std::move(kept.json);
                return output_;
            }
        }
    }
    output_ = evaluate_json(policy_text_, account, at, zones).json;
    return output_;
}

} // namespace respite::wasm
