// respite/money.hpp — money is integer minor units plus an ISO 4217 code; never floating point.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace respite {

struct money {
    std::int64_t amount = 0; // minor units (cents)
    std::string currency;    // ISO 4217, three upper-case letters
    friend bool operator==(const money& a, const money& b) {
        return a.amount == b.amount && a.currency == b.currency;
    }
};

// Amounts keyed by currency, with "*" standing for every currency not named
// (`minimum_due`, `balance_at_least`, `price_at_least`).
struct currency_thresholds {
    std::map<std::string, std::int64_t> by_currency;
    std::optional<std::int64_t> any_other; // "*"

    // The threshold for `currency`, or nullopt when neither the currency nor "*" is named.
    std::optional<std::int64_t> for_currency(const std::string& currency) const {
        auto it = by_currency.find(currency);
        if (it != by_currency.end()) return it->second;
        return any_other;
    }
};

// Amounts are bounded so that sums and pro-rata products stay inside 64 bits.
constexpr std::int64_t max_amount = 1'000'000'000'000'000; // 10^15 minor units

} // namespace respite
