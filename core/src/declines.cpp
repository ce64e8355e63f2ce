// Decline codes as the card networks name them (Stripe's documented list), by what the customer
// must do: soft declines may succeed on retry, hard ones need a new payment method,
// authentication ones need the customer to confirm the payment (3-D Secure).
#include "respite/evaluate.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace respite {
namespace {

constexpr std::string_view hard_codes[] = {
    "account_closed",
    "card_not_supported",
    "currency_not_supported",
    "do_not_try_again",
    "expired_card",
    "fraudulent",
    "incorrect_cvc",
    "incorrect_number",
    "incorrect_pin",
    "incorrect_zip",
    "invalid_account",
    "invalid_cvc",
    "invalid_expiry_month",
    "invalid_expiry_year",
    "invalid_number",
    "lost_card",
    "merchant_blacklist",
    "new_account_information_available",
    "pickup_card",
    "restricted_card",
    "revocation_of_all_authorizations",
    "revocation_of_authorization",
    "security_violation",
    "service_not_allowed",
    "stolen_card",
    "stop_payment_order",
};

constexpr std::string_view authentication_codes[] = {
    "authentication_required",
    "offline_pin_required",
    "online_or_offline_pin_required",
};

template <std::size_t N> bool contains(const std::string_view (&codes)[N], std::string_view code) {
    return std::find(std::begin(codes), std::end(codes), code) != std::end(codes);
}

} // namespace

decline_class classify_decline(std::string_view code) {
    if (contains(hard_codes, code)) return decline_class::hard;
    if (contains(authentication_codes, code)) return decline_class::authentication;
    return decline_class::soft;
}

} // namespace respite
