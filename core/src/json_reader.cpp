#include "json_reader.hpp"

namespace respite::detail {

namespace {
void append_escaped(std::string& out, std::string_view key) {
    for (char c : key) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
}
} // namespace

void path_ref::append_to(std::string& out) const {
    if (parent_) parent_->append_to(out);
    if (!has_segment_) return;
    out += '/';
    if (is_index_)
        out += std::to_string(index_);
    else
        append_escaped(out, key_);
}

std::string pointer_append(const std::string& path, std::string_view key) {
    std::string out = path;
    out += '/';
    append_escaped(out, key);
    return out;
}

const char* kind_name(value_kind k) {
    switch (k) {
    case value_kind::null:
        return "null";
    case value_kind::object:
        return "an object";
    case value_kind::array:
        return "an array";
    case value_kind::string:
        return "a string";
    case value_kind::boolean:
        return "a boolean";
    case value_kind::floating:
        return "a fractional number";
    case value_kind::integer:
    case value_kind::unsigned_integer:
        return "an integer";
    }
    return "an unsupported value";
}

bool is_currency_code(std::string_view code) {
    if (code.size() != 3) return false;
    for (char c : code)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

namespace {

// Deeper nesting than the limit is refused before any parser recurses into it.
bool nesting_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[') {
            if (++depth > max_depth) return false;
        } else if (c == '}' || c == ']')
            --depth;
    }
    return true;
}

// Records where the parser gave up, for the message.
struct error_position_sax : nlohmann::json_sax<nl_json> {
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

} // namespace

bool check_document_shape(std::string_view text, const input_limits& limits, error_list& errors) {
    if (text.size() > limits.max_document_bytes) {
        errors.push_back({"", "document_too_large",
                          "the document is " + std::to_string(text.size()) +
                              " bytes; the limit is " + std::to_string(limits.max_document_bytes)});
        return false;
    }
    if (!nesting_within(text, limits.max_depth)) {
        errors.push_back(
            {"", "too_deep",
             "the document nests deeper than " + std::to_string(limits.max_depth) + " levels"});
        return false;
    }
    return true;
}

std::optional<nl_document> parse_nl_document(std::string_view text, const input_limits& limits,
                                             error_list& errors) {
    if (!check_document_shape(text, limits, errors)) return std::nullopt;
    nl_document doc{nl_json::parse(text.begin(), text.end(), nullptr, false)};
    if (doc.dom.is_discarded()) {
        error_position_sax sax;
        nl_json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                           true);
        // Quote at most 20 bytes of what the parser saw, as printable ASCII: the input may not
        // even be UTF-8, and the error document must be.
        std::string near;
        for (std::size_t i = 0; i < sax.what.size() && i < 20; ++i) {
            const unsigned char c = static_cast<unsigned char>(sax.what[i]);
            near += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
        }
        if (sax.what.size() > 20) near += "...";
        errors.push_back({"", "invalid_json",
                          "not valid JSON: syntax error at byte " + std::to_string(sax.position) +
                              (near.empty() ? "" : " near '" + near + "'")});
        return std::nullopt;
    }
    return doc;
}

} // namespace respite::detail
