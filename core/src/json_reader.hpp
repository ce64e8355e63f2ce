// Reading a nlohmann DOM into the typed model without ever throwing: every accessor checks the
// type first and records what is wrong, with its JSON Pointer path, then carries on, so that
// one pass reports every problem in a document.
#pragma once

#include "respite/json.hpp"
#include "respite/money.hpp"
#include "respite/result.hpp"
#include "respite/time.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace respite::detail {

using json = nlohmann::json;

std::string pointer_append(const std::string& path, std::string_view key);
std::string pointer_append(const std::string& path, std::size_t index);

// Parses text into a DOM after the size and depth checks; on failure, errors holds why.
std::optional<json> parse_document(std::string_view text, const input_limits& limits,
                                   error_list& errors);

class reader {
public:
    reader(error_list& errors, const input_limits& limits) : errors_(errors), limits_(limits) {}

    void fail(const std::string& path, const char* code, std::string message);
    bool failed_since(std::size_t mark) const { return errors_.size() > mark; }
    std::size_t mark() const { return errors_.size(); }
    const input_limits& limits() const { return limits_; }

    // `obj` must be an object; reports every key not in `known` as unknown_field.
    bool expect_object(const json& value, const std::string& path);
    void reject_unknown(const json& obj, const std::string& path,
                        std::initializer_list<std::string_view> known);
    // Requires `schema` to equal `expected`.
    void expect_schema(const json& obj, const char* expected);

    // Field accessors. `required` reports missing_field when absent; null counts as absent for
    // optional fields.
    const json* field(const json& obj, const std::string& path, const char* key, bool required);
    std::optional<std::string> string_field(const json& obj, const std::string& path,
                                            const char* key, bool required,
                                            bool allow_empty = false);
    std::optional<std::int64_t> integer_field(const json& obj, const std::string& path,
                                              const char* key, bool required, std::int64_t min,
                                              std::int64_t max);
    std::optional<std::int64_t> amount_field(const json& obj, const std::string& path,
                                             const char* key, bool required);
    std::optional<bool> bool_field(const json& obj, const std::string& path, const char* key);
    std::optional<instant> instant_field(const json& obj, const std::string& path,
                                         const char* key, bool required);
    std::optional<duration> duration_field(const json& obj, const std::string& path,
                                           const char* key, bool required);
    std::optional<std::string> currency_field(const json& obj, const std::string& path,
                                              const char* key, bool required);
    std::optional<currency_thresholds> thresholds_field(const json& obj, const std::string& path,
                                                        const char* key);
    std::optional<std::vector<std::string>> string_array_field(const json& obj,
                                                               const std::string& path,
                                                               const char* key);
    // An array field (absent → empty, when not required); checks the item limit.
    const json* array_field(const json& obj, const std::string& path, const char* key,
                            bool required, std::size_t max_items);

    // Value readers (the value is at `path`).
    std::optional<std::string> string_value(const json& v, const std::string& path,
                                            bool allow_empty = false);
    std::optional<instant> instant_value(const json& v, const std::string& path);
    std::optional<duration> duration_value(const json& v, const std::string& path);
    bool is_currency(std::string_view code) const;

private:
    error_list& errors_;
    const input_limits& limits_;
};

} // namespace respite::detail
