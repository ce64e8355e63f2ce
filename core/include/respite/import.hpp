// respite/import.hpp — billing providers' own API objects → a `respite.account/1` snapshot.
// Pure functions like the rest of the core (no I/O, no clock): text in, account text out.
// Mapping tables: docs/importers.md.
#pragma once

#include "respite/api.hpp"
#include "respite/json.hpp"
#include "respite/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace respite {

// "stripe", "paddle", "chargebee", "recurly", "revenuecat".
const std::vector<std::string_view>& import_providers();

struct imported_account {
    std::string account_json;          // a valid respite.account/1 (compact JSON)
    std::vector<std::string> unmapped; // JSON Pointers of input fields the contract cannot hold
};

// `text` holds the provider's objects as its API returns them: one object, a list envelope
// (Stripe/Recurly `{"object":"list","data":[…]}`, Paddle `{"data":[…]}`, Chargebee
// `{"list":[…]}`), a JSON array, a webhook event, or several of these one after another
// (NDJSON, or files joined). Objects are matched by the provider's own type markers, so their
// order does not matter. Every object must belong to one customer.
//
// Error paths point into the input; when it holds more than one JSON value, the first
// segment is the value's index ("/2/data/0/amount_due"), as if the values formed an array.
result<imported_account> import_provider(std::string_view provider, std::string_view text,
                                         const input_limits& limits = {});

// The text face (wasm, C ABI, HTTP): ok → {"schema":"respite.import/1","provider":…,
// "account":{…respite.account/1…},"unmapped":[…]}, else a respite.error/1 document.
text_result import_json(std::string_view provider, std::string_view text);

} // namespace respite
