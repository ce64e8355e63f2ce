// respite/evaluate.hpp — the engine: where an account stands in its grace period at `now`.
// Pure: no clock, no I/O; zone offsets come from the caller's zone_source.
#pragma once

#include "respite/account.hpp"
#include "respite/policy.hpp"
#include "respite/result.hpp"
#include "respite/status.hpp"
#include "respite/zone.hpp"

namespace respite {

// Errors (paths into the account): /timezone unknown_time_zone;
// /payment_attempts/N/invoice_id unknown_invoice and similar cross-document checks are made by
// parse_account. The policy and account are expected to come from parse_policy/parse_account.
result<status> evaluate(const policy& p, const account& a, instant now, const zone_source& zones);

// Decline codes as the card networks name them (Stripe's list) fall in three classes; an
// unknown code counts as soft (a retry may still succeed).
decline_class classify_decline(std::string_view code);
// Whether `code` is on that list (the importers keep such a code as it is; the report tallies it
// by name, and any other as "other").
bool is_known_decline_code(std::string_view code);

} // namespace respite
