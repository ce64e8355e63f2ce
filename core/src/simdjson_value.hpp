// The json_value.hpp interface over simdjson's DOM: the native fast path for accounts. Used only
// when the build has simdjson (RESPITE_WITH_SIMDJSON); its results are taken only for documents
// it reads without any error and without duplicate keys — everything else is decided by the
// nlohmann reference path, so both paths give the same bytes.
#pragma once

#include "json_value.hpp"

#include <simdjson.h>

namespace respite::detail {

class sj_value {
public:
    sj_value() = default; // an empty slot (json_reader.hpp `fields`); never read
    explicit sj_value(simdjson::dom::element e) : e_(e) {}
    value_kind kind() const {
        switch (e_.type()) {
        case simdjson::dom::element_type::ARRAY:
            return value_kind::array;
        case simdjson::dom::element_type::OBJECT:
            return value_kind::object;
        case simdjson::dom::element_type::INT64:
            return value_kind::integer;
        case simdjson::dom::element_type::UINT64:
            return value_kind::unsigned_integer;
        case simdjson::dom::element_type::DOUBLE:
            return value_kind::floating;
        case simdjson::dom::element_type::STRING:
            return value_kind::string;
        case simdjson::dom::element_type::BOOL:
            return value_kind::boolean;
        case simdjson::dom::element_type::NULL_VALUE:
            return value_kind::null;
        }
        return value_kind::null;
    }
    std::string_view string() const { return e_.get_string().value_unsafe(); }
    bool boolean() const { return e_.get_bool().value_unsafe(); }
    std::int64_t int64() const { return e_.get_int64().value_unsafe(); }
    std::uint64_t uint64() const { return e_.get_uint64().value_unsafe(); }
    std::size_t size() const {
        const simdjson::dom::array array = e_.get_array().value_unsafe();
        return array.size();
    }
    std::optional<sj_value> find(std::string_view key) const {
        simdjson::dom::element found;
        const simdjson::dom::object object = e_.get_object().value_unsafe();
        if (object.at_key(key).get(found) != simdjson::SUCCESS) return std::nullopt;
        return sj_value(found);
    }
    template <class F> void for_each_member(F&& f) const {
        // Copy the object out of its simdjson_result first: ranging over value_unsafe() of the
        // temporary would outlive it.
        const simdjson::dom::object object = e_.get_object().value_unsafe();
        for (auto field : object)
            f(field.key, sj_value(field.value));
    }
    template <class F> void for_each_item(F&& f) const {
        std::size_t i = 0;
        const simdjson::dom::array array = e_.get_array().value_unsafe();
        for (auto item : array)
            f(i++, sj_value(item));
    }

private:
    simdjson::dom::element e_;
};

} // namespace respite::detail
