// respite/json.hpp — the JSON edge of the core: text in (parse + validate into the typed
// model, every problem reported with a JSON Pointer path), text out (deterministic rendering:
// fixed key order, integers only, instants as RFC 3339 in UTC). nlohmann_json stays behind it.
#pragma once

#include "respite/account.hpp"
#include "respite/policy.hpp"
#include "respite/result.hpp"
#include "respite/status.hpp"
#include "respite/timeline.hpp"

#include <string>
#include <string_view>

namespace respite {

// Input limits; larger or deeper documents are refused with document_too_large / too_deep.
struct input_limits {
    std::size_t max_document_bytes = 4 * 1024 * 1024;
    int max_depth = 32;
    std::size_t max_array_items = 10'000; // invoices, attempts, stages, history, …
    std::size_t max_string_bytes = 4096;  // ids, names, codes
};

result<policy> parse_policy(std::string_view json_text, const input_limits& limits = {});
result<account> parse_account(std::string_view json_text, const input_limits& limits = {});
// Readable bytes (of any value) that follow a text in memory for parse_account_padded.
constexpr std::size_t account_text_padding = 64;
// parse_account for text followed in memory by at least account_text_padding readable bytes:
// natively it is then read in place, without the copy parse_account makes (batch and report,
// whose read buffers hold many lines). Same results as parse_account.
result<account> parse_account_padded(std::string_view json_text, const input_limits& limits = {});
// The reference reader behind parse_account (nlohmann's DOM, every target). Natively,
// parse_account reads accounts with simdjson first and defers to this one for any document it
// has doubts about; tests compare the two.
result<account> parse_account_reference(std::string_view json_text,
                                        const input_limits& limits = {});

// What a document claims to be, from its "schema" field ("respite.policy/1", …); empty if the
// text is not a JSON object with a string "schema".
std::string schema_of(std::string_view json_text);

std::string render_status(const status& s);
// The same bytes, appended to `out` (streams of statuses: no string per document).
void append_status(std::string& out, const status& s);
std::string render_errors(const error_list& errors);
std::string render_timeline(const timeline& t);

// Enum spellings shared by every renderer (and by the CLI's text output).
const char* to_string(account_state v);
const char* to_string(access_level v);
const char* to_string(severity v);
const char* to_string(action_type v);
const char* to_string(decline_class v);
const char* to_string(event_kind v);

} // namespace respite
