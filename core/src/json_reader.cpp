#include "json_reader.hpp"

#include <cmath>

namespace respite::detail {

std::string pointer_append(const std::string& path, std::string_view key) {
    std::string out = path;
    out += '/';
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string pointer_append(const std::string& path, std::size_t index) {
    return path + "/" + std::to_string(index);
}

namespace {

// Deeper nesting than the limit is refused before nlohmann recurses into it.
bool nesting_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > max_depth) return false;
        } else if (c == '}' || c == ']') --depth;
    }
    return true;
}

// Records where the parser gave up, for the message.
struct error_position_sax : nlohmann::json_sax<json> {
    std::size_t position = 0;
    std::string what;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t pos, const std::string& last_token,
                     const nlohmann::detail::exception&) override {
        position = pos;
        what = last_token;
        return false;
    }
};

const char* type_name(const json& v) {
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_float: return "a fractional number";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    default: return "an unsupported value";
    }
}

} // namespace

std::optional<json> parse_document(std::string_view text, const input_limits& limits,
                                   error_list& errors) {
    if (text.size() > limits.max_document_bytes) {
        errors.push_back({"", "document_too_large",
                          "the document is " + std::to_string(text.size()) +
                              " bytes; the limit is " + std::to_string(limits.max_document_bytes)});
        return std::nullopt;
    }
    if (!nesting_within(text, limits.max_depth)) {
        errors.push_back({"", "too_deep",
                          "the document nests deeper than " + std::to_string(limits.max_depth) +
                              " levels"});
        return std::nullopt;
    }
    json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) {
        error_position_sax sax;
        json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                        true);
        std::string near = sax.what.size() > 20 ? sax.what.substr(0, 20) + "…" : sax.what;
        errors.push_back({"", "invalid_json",
                          "not valid JSON: syntax error at byte " + std::to_string(sax.position) +
                              (near.empty() ? "" : " near '" + near + "'")});
        return std::nullopt;
    }
    return doc;
}

void reader::fail(const std::string& path, const char* code, std::string message) {
    errors_.push_back({path, code, std::move(message)});
}

bool reader::expect_object(const json& value, const std::string& path) {
    if (value.is_object()) return true;
    fail(path, "wrong_type", std::string("expected an object, found ") + type_name(value));
    return false;
}

void reader::reject_unknown(const json& obj, const std::string& path,
                            std::initializer_list<std::string_view> known) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        bool found = false;
        for (auto k : known)
            if (k == it.key()) found = true;
        if (!found)
            fail(pointer_append(path, it.key()), "unknown_field",
                 "'" + it.key() + "' is not a field here (a typo?)");
    }
}

void reader::expect_schema(const json& obj, const char* expected) {
    auto s = string_field(obj, "", "schema", true);
    if (s && *s != expected)
        fail("/schema", "unsupported_schema",
             "expected \"" + std::string(expected) + "\", found \"" + *s + "\"");
}

const json* reader::field(const json& obj, const std::string& path, const char* key,
                          bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || (!required && it->is_null())) {
        if (required)
            fail(pointer_append(path, key), "missing_field",
                 std::string("'") + key + "' is required");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> reader::string_value(const json& v, const std::string& path,
                                                bool allow_empty) {
    if (!v.is_string()) {
        fail(path, "wrong_type", std::string("expected a string, found ") + type_name(v));
        return std::nullopt;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > limits_.max_string_bytes) {
        fail(path, "string_too_long",
             "longer than " + std::to_string(limits_.max_string_bytes) + " bytes");
        return std::nullopt;
    }
    if (s.empty() && !allow_empty) {
        fail(path, "empty_string", "must not be empty");
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> reader::string_field(const json& obj, const std::string& path,
                                                const char* key, bool required,
                                                bool allow_empty) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    return string_value(*v, pointer_append(path, key), allow_empty);
}

std::optional<std::int64_t> reader::integer_field(const json& obj, const std::string& path,
                                                  const char* key, bool required,
                                                  std::int64_t min, std::int64_t max) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = pointer_append(path, key);
    if (v->is_number_float()) {
        fail(p, "wrong_type", "expected an integer, found a fractional number");
        return std::nullopt;
    }
    if (!v->is_number_integer()) {
        fail(p, "wrong_type", std::string("expected an integer, found ") + type_name(*v));
        return std::nullopt;
    }
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        fail(p, "invalid_value", "must be at most " + std::to_string(max));
        return std::nullopt;
    }
    const std::int64_t n = v->get<std::int64_t>();
    if (n < min || n > max) {
        fail(p, "invalid_value",
             "must lie between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return n;
}

std::optional<std::int64_t> reader::amount_field(const json& obj, const std::string& path,
                                                 const char* key, bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    const std::string p = pointer_append(path, key);
    if (v->is_number_float()) {
        fail(p, "wrong_type",
             "amounts are integers in minor units (4900 for 49.00), found a fractional number");
        return std::nullopt;
    }
    if (!v->is_number_integer()) {
        fail(p, "wrong_type", std::string("expected an integer amount, found ") + type_name(*v));
        return std::nullopt;
    }
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() > static_cast<std::uint64_t>(max_amount)) {
        fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
        return std::nullopt;
    }
    const std::int64_t n = v->get<std::int64_t>();
    if (n < 0) {
        fail(p, "negative_amount", "must not be negative");
        return std::nullopt;
    }
    if (n > max_amount) {
        fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
        return std::nullopt;
    }
    return n;
}

std::optional<bool> reader::bool_field(const json& obj, const std::string& path, const char* key) {
    const json* v = field(obj, path, key, false);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(pointer_append(path, key), "wrong_type",
             std::string("expected true or false, found ") + type_name(*v));
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<instant> reader::instant_value(const json& v, const std::string& path) {
    auto s = string_value(v, path, true); // "" is reported as not an instant
    if (!s) return std::nullopt;
    parse_failure why;
    auto t = parse_instant(*s, &why);
    if (!t) fail(path, why.code == "timestamp_out_of_range" ? "timestamp_out_of_range"
                                                              : "invalid_timestamp",
                 "'" + *s + "': " + why.message);
    return t;
}

std::optional<instant> reader::instant_field(const json& obj, const std::string& path,
                                             const char* key, bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    return instant_value(*v, pointer_append(path, key));
}

std::optional<duration> reader::duration_value(const json& v, const std::string& path) {
    auto s = string_value(v, path, true); // "" is reported as not a duration
    if (!s) return std::nullopt;
    parse_failure why;
    auto d = parse_duration(*s, &why);
    if (!d) {
        const char* code = why.code == "unsupported_duration_unit" ? "unsupported_duration_unit"
                           : why.code == "duration_out_of_range"   ? "duration_out_of_range"
                                                                   : "invalid_duration";
        fail(path, code, "'" + *s + "': " + why.message);
    }
    return d;
}

std::optional<duration> reader::duration_field(const json& obj, const std::string& path,
                                               const char* key, bool required) {
    const json* v = field(obj, path, key, required);
    if (!v) return std::nullopt;
    return duration_value(*v, pointer_append(path, key));
}

bool reader::is_currency(std::string_view code) const {
    if (code.size() != 3) return false;
    for (char c : code)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

std::optional<std::string> reader::currency_field(const json& obj, const std::string& path,
                                                  const char* key, bool required) {
    auto s = string_field(obj, path, key, required);
    if (!s) return std::nullopt;
    if (!is_currency(*s)) {
        fail(pointer_append(path, key), "invalid_currency",
             "'" + *s + "' is not an ISO 4217 code (three upper-case letters, e.g. EUR)");
        return std::nullopt;
    }
    return s;
}

std::optional<currency_thresholds> reader::thresholds_field(const json& obj,
                                                            const std::string& path,
                                                            const char* key) {
    const json* v = field(obj, path, key, false);
    if (!v) return std::nullopt;
    const std::string p = pointer_append(path, key);
    if (!expect_object(*v, p)) return std::nullopt;
    currency_thresholds out;
    const std::size_t before = mark();
    for (auto it = v->begin(); it != v->end(); ++it) {
        const std::string& code = it.key();
        if (code != "*" && !is_currency(code)) {
            fail(pointer_append(p, code), "invalid_currency",
                 "'" + code + "' is not an ISO 4217 code (or '*' for any other currency)");
            continue;
        }
        auto amount = amount_field(*v, p, code.c_str(), true);
        if (!amount) continue;
        if (code == "*") out.any_other = *amount;
        else out.by_currency[code] = *amount;
    }
    if (failed_since(before)) return std::nullopt;
    return out;
}

std::optional<std::vector<std::string>> reader::string_array_field(const json& obj,
                                                                   const std::string& path,
                                                                   const char* key) {
    const json* arr = array_field(obj, path, key, false, limits_.max_array_items);
    if (!arr) return std::nullopt;
    std::vector<std::string> out;
    const std::string p = pointer_append(path, key);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        auto s = string_value((*arr)[i], pointer_append(p, i));
        if (s) out.push_back(std::move(*s));
    }
    return out;
}

const json* reader::array_field(const json& obj, const std::string& path, const char* key,
                                bool required, std::size_t max_items) {
    const json* v = field(obj, path, key, required);
    if (!v) return nullptr;
    const std::string p = pointer_append(path, key);
    if (!v->is_array()) {
        fail(p, "wrong_type", std::string("expected an array, found ") + type_name(*v));
        return nullptr;
    }
    if (v->size() > max_items) {
        fail(p, "too_many_items",
             std::to_string(v->size()) + " items; the limit is " + std::to_string(max_items));
        return nullptr;
    }
    return v;
}

} // namespace respite::detail
