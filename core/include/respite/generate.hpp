// respite/generate.hpp — realistic, varied sample accounts from a seed: the same bytes for the
// same (seed, index) on every platform (own PRNG, integer arithmetic only).
#pragma once

#include "respite/time.hpp"

#include <cstdint>
#include <string>

namespace respite {

struct generate_options {
    std::uint64_t seed = 1;
    instant around = instant{1796400000000}; // 2026-12-04T… : "now" the data is built around
};

// One `respite.account/1` document (compact JSON, one line) for account number `index`.
std::string generate_account(const generate_options& options, std::uint64_t index);

} // namespace respite
