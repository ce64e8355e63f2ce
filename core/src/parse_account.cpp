// respite.account/1 → respite::account with nlohmann's DOM (every target).
#include "read_account.hpp"
#include "respite/json.hpp"

#ifdef RESPITE_WITH_SIMDJSON
#include "simdjson_value.hpp"
#endif

namespace respite {

namespace detail {

std::optional<billing_interval> parse_interval(std::string_view text) {
    if (text.size() < 3 || text[0] != 'P') return std::nullopt;
    std::int64_t n = 0;
    std::size_t i = 1;
    for (; i + 1 < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9' || n > 100000) return std::nullopt;
        n = n * 10 + (text[i] - '0');
    }
    if (n <= 0) return std::nullopt;
    switch (text.back()) {
    case 'Y':
        return billing_interval{12 * n, 0};
    case 'M':
        return billing_interval{n, 0};
    case 'W':
        return billing_interval{0, 7 * n};
    case 'D':
        return billing_interval{0, n};
    default:
        return std::nullopt;
    }
}

} // namespace detail

#ifdef RESPITE_WITH_SIMDJSON
namespace {

// simdjson reads a ~1 KB account several times faster than nlohmann's DOM. Its verdict is
// taken only when it has nothing to object to; any doubt goes to the reference path.
static_assert(simdjson::SIMDJSON_PADDING <= account_text_padding,
              "parse_account_padded promises simdjson's padding");

// Reads into `a` (left half-filled when it answers false). `padded`: the text is followed by
// account_text_padding readable bytes, so simdjson reads it in place.
bool parse_account_fast(std::string_view text, const input_limits& limits, account& a,
                        bool padded) {
    if (text.empty() || text.size() > limits.max_document_bytes ||
        limits.max_depth != input_limits{}.max_depth)
        return false;
    // simdjson enforces the depth itself: anything deeper than the limit fails here and goes
    // to the reference path, which names the error.
    thread_local simdjson::dom::parser parser;
    thread_local bool allocated = false;
    if (!allocated) {
        if (parser.allocate(64 * 1024, static_cast<std::size_t>(limits.max_depth) - 1) !=
            simdjson::SUCCESS)
            return false;
        allocated = true;
    }
    error_list errors;
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size(), !padded).get(root) != simdjson::SUCCESS)
        return false;
    detail::reader<detail::sj_value> r(errors, limits);
    detail::account_reader<detail::sj_value>(r).read(detail::sj_value(root), a);
    return errors.empty() && !r.saw_duplicate_key;
}

} // namespace
#endif

namespace {

// The fast path natively when it has nothing to object to, else the reference reader.
result<account> read_account_text(std::string_view text, const input_limits& limits,
                                  [[maybe_unused]] bool padded) {
#ifdef RESPITE_WITH_SIMDJSON
    result<account> fast(std::in_place);
    if (parse_account_fast(text, limits, fast.value(), padded)) return fast;
#endif
    return parse_account_reference(text, limits);
}

} // namespace

result<account> parse_account(std::string_view text, const input_limits& limits) {
    return read_account_text(text, limits, false);
}

result<account> parse_account_padded(std::string_view text, const input_limits& limits) {
    return read_account_text(text, limits, true);
}

result<account> parse_account_reference(std::string_view text, const input_limits& limits) {
    error_list errors;
    auto doc = detail::parse_nl_document(text, limits, errors);
    if (!doc) return errors;
    detail::reader<detail::nl_value> r(errors, limits);
    result<account> a(std::in_place);
    detail::account_reader<detail::nl_value>(r).read(doc->root(), a.value());
    if (!errors.empty()) return errors;
    return a;
}

std::string schema_of(std::string_view text) {
    error_list ignored;
    auto doc = detail::parse_nl_document(text, input_limits{}, ignored);
    if (!doc || !doc->dom.is_object()) return {};
    auto it = doc->dom.find("schema");
    if (it == doc->dom.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

} // namespace respite
