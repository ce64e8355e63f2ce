// Decline codes as the card networks name them (Stripe's documented list), by what the customer
// must do: soft declines may succeed on retry, hard ones need a new payment method,
// authentication ones need the customer to confirm the payment (3-D Secure). The one list of
// them: the importers keep a provider's code when it is on it, the report tallies codes on it by
// name and the rest as "other".
#include "respite/evaluate.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string_view>

namespace respite {
namespace {

struct decline_code {
    std::string_view code;
    decline_class kind;
};

constexpr decline_code decline_codes[] = {
    {"account_closed", decline_class::hard},
    {"approve_with_id", decline_class::soft},
    {"authentication_required", decline_class::authentication},
    {"call_issuer", decline_class::soft},
    {"card_not_supported", decline_class::hard},
    {"card_velocity_exceeded", decline_class::soft},
    {"currency_not_supported", decline_class::hard},
    {"do_not_honor", decline_class::soft},
    {"do_not_try_again", decline_class::hard},
    {"duplicate_transaction", decline_class::soft},
    {"expired_card", decline_class::hard},
    {"fraudulent", decline_class::hard},
    {"generic_decline", decline_class::soft},
    {"incorrect_cvc", decline_class::hard},
    {"incorrect_number", decline_class::hard},
    {"incorrect_pin", decline_class::hard},
    {"incorrect_zip", decline_class::hard},
    {"insufficient_funds", decline_class::soft},
    {"invalid_account", decline_class::hard},
    {"invalid_amount", decline_class::soft},
    {"invalid_cvc", decline_class::hard},
    {"invalid_expiry_month", decline_class::hard},
    {"invalid_expiry_year", decline_class::hard},
    {"invalid_number", decline_class::hard},
    {"invalid_pin", decline_class::soft},
    {"issuer_not_available", decline_class::soft},
    {"lost_card", decline_class::hard},
    {"merchant_blacklist", decline_class::hard},
    {"new_account_information_available", decline_class::hard},
    {"no_action_taken", decline_class::soft},
    {"not_permitted", decline_class::soft},
    {"offline_pin_required", decline_class::authentication},
    {"online_or_offline_pin_required", decline_class::authentication},
    {"pickup_card", decline_class::hard},
    {"pin_try_exceeded", decline_class::soft},
    {"processing_error", decline_class::soft},
    {"reenter_transaction", decline_class::soft},
    {"restricted_card", decline_class::hard},
    {"revocation_of_all_authorizations", decline_class::hard},
    {"revocation_of_authorization", decline_class::hard},
    {"security_violation", decline_class::hard},
    {"service_not_allowed", decline_class::hard},
    {"stolen_card", decline_class::hard},
    {"stop_payment_order", decline_class::hard},
    {"testmode_decline", decline_class::soft},
    {"transaction_not_allowed", decline_class::soft},
    {"try_again_later", decline_class::soft},
    {"withdrawal_count_limit_exceeded", decline_class::soft},
};

constexpr bool sorted_by_code() {
    for (std::size_t i = 1; i < std::size(decline_codes); ++i)
        if (!(decline_codes[i - 1].code < decline_codes[i].code)) return false;
    return true;
}
static_assert(sorted_by_code(), "decline_codes must stay sorted by code (binary search)");

const decline_code* find_decline_code(std::string_view code) {
    const auto* found =
        std::lower_bound(std::begin(decline_codes), std::end(decline_codes), code,
                         [](const decline_code& d, std::string_view key) { return d.code < key; });
    return found != std::end(decline_codes) && found->code == code ? found : nullptr;
}

} // namespace

decline_class classify_decline(std::string_view code) {
    const decline_code* found = find_decline_code(code);
    return found ? found->kind : decline_class::soft;
}

bool is_known_decline_code(std::string_view code) {
    return find_decline_code(code) != nullptr;
}

} // namespace respite
