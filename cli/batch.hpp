// `respite batch`: NDJSON accounts in, NDJSON statuses out, in input order, on every core.
#pragma once

#include <respite/policy.hpp>
#include <respite/time.hpp>

#include <cstdio>
#include <string>

namespace respite::cli {

struct batch_counts {
    std::uint64_t lines = 0;  // non-blank input lines
    std::uint64_t ok = 0;     // statuses written
    std::uint64_t errors = 0; // error records written
    std::uint64_t bytes = 0;
};

// Reads `in` line by line (blank lines are skipped but counted for line numbers), writes one
// line per account to `out`. Memory is bounded by the chunk size, whatever the input size.
batch_counts run_batch(const policy& p, instant now, std::FILE* in, std::FILE* out,
                       unsigned threads, bool progress);

} // namespace respite::cli
