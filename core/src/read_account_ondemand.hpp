// The native fast path for accounts (simdjson On-Demand): see read_account_ondemand.cpp.
#pragma once

#include "respite/account.hpp"
#include "respite/json.hpp"

#include <string_view>

namespace respite::detail {

// Reads `text` into `a` when it is an account the reference reader would accept as it stands;
// false at the first doubt (`a` is then half-filled and the reference reader must decide).
// `padded`: account_text_padding readable bytes follow the text, so it is read in place.
bool read_account_ondemand(std::string_view text, const input_limits& limits, account& a,
                           bool padded);

} // namespace respite::detail
