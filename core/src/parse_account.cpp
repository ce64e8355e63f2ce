// respite.account/1 → respite::account with nlohmann's DOM (every target).
#include "read_account.hpp"
#include "respite/json.hpp"

#ifdef RESPITE_WITH_SIMDJSON
#include "read_account_ondemand.hpp"
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

namespace {

// The fast path natively (simdjson On-Demand) when it has nothing to object to, else the reference
// reader, which names every problem.
result<account> read_account_text(std::string_view text, const input_limits& limits,
                                  [[maybe_unused]] bool padded) {
#ifdef RESPITE_WITH_SIMDJSON
    result<account> fast(std::in_place);
    if (detail::read_account_ondemand(text, limits, fast.value(), padded)) return fast;
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
