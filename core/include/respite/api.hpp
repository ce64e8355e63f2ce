// respite/api.hpp — JSON text in, JSON text out: the one call the wasm binding, the C ABI, the
// CLI's batch mode and server-side checks share. Always returns a document: a status, a
// timeline or a `respite.error/1`; never throws.
#pragma once

#include "respite/zone.hpp"

#include <string>
#include <string_view>

namespace respite {

struct text_result {
    bool ok = false;
    std::string json; // the document (status, timeline, validation report or error)
};

// `at` is an RFC 3339 instant (required: the core has no clock). Error paths point into the
// policy as "/policy/…", into the account as "/account/…", and "/at" for the instant.
text_result evaluate_json(std::string_view policy_json, std::string_view account_json,
                          std::string_view at, const zone_source& zones);
text_result timeline_json(std::string_view policy_json, std::string_view account_json,
                          std::string_view at, const zone_source& zones);
// Validates a policy or an account (chosen by its "schema"); ok → {"schema":"respite.valid/1",…}.
text_result validate_json(std::string_view document_json);

// Evaluation against an already-parsed policy: the batch path, parsing the policy once.
struct policy;
text_result evaluate_account_json(const policy& p, std::string_view account_json, instant now,
                                  const zone_source& zones);
// The same document appended to `out`; returns whether it is a status (true) or an error
// document (false). For streams: no string per account. `padded`: account_json is followed by
// account_text_padding readable bytes (see parse_account_padded in json.hpp).
bool append_evaluate_account_json(std::string& out, const policy& p, std::string_view account_json,
                                  instant now, const zone_source& zones, bool padded = false);

const char* version();

} // namespace respite
