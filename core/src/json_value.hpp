// The value interface the model reader (json_reader.hpp) is written against, and its
// implementation over nlohmann::ordered_json (document order: errors come in the order of the
// document).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace respite::detail {

enum class value_kind { null, boolean, integer, unsigned_integer, floating, string, array, object };

using nl_json = nlohmann::ordered_json;

// A view of one nlohmann value. The interface every value type offers:
// kind(), string(), boolean(), int64(), uint64(), size(), find(key),
// for_each_member(f(key, value)), for_each_item(f(index, value)).
class nl_value {
public:
    nl_value() = default; // an empty slot (json_reader.hpp `fields`); never read
    explicit nl_value(const nl_json& j) : j_(&j) {}
    value_kind kind() const {
        switch (j_->type()) {
        case nl_json::value_t::null:
            return value_kind::null;
        case nl_json::value_t::boolean:
            return value_kind::boolean;
        case nl_json::value_t::number_integer:
            return value_kind::integer;
        case nl_json::value_t::number_unsigned:
            return value_kind::unsigned_integer;
        case nl_json::value_t::number_float:
            return value_kind::floating;
        case nl_json::value_t::string:
            return value_kind::string;
        case nl_json::value_t::array:
            return value_kind::array;
        case nl_json::value_t::object:
            return value_kind::object;
        default:
            return value_kind::null;
        }
    }
    std::string_view string() const { return j_->get_ref<const nl_json::string_t&>(); }
    bool boolean() const { return j_->get<bool>(); }
    std::int64_t int64() const { return j_->get<std::int64_t>(); }
    std::uint64_t uint64() const { return j_->get<std::uint64_t>(); }
    std::size_t size() const { return j_->size(); }
    std::optional<nl_value> find(std::string_view key) const {
        for (auto it = j_->begin(); it != j_->end(); ++it)
            if (it.key() == key) return nl_value(it.value());
        return std::nullopt;
    }
    template <class F> void for_each_member(F&& f) const {
        for (auto it = j_->begin(); it != j_->end(); ++it)
            f(std::string_view(it.key()), nl_value(it.value()));
    }
    template <class F> void for_each_item(F&& f) const {
        std::size_t i = 0;
        for (const auto& item : *j_)
            f(i++, nl_value(item));
    }

private:
    const nl_json* j_ = nullptr;
};

struct nl_document {
    nl_json dom;
    nl_value root() const { return nl_value(dom); }
};

} // namespace respite::detail
