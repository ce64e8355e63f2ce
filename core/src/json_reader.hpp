// Reading a JSON DOM into the typed model without ever throwing: every accessor checks the type
// first and records what is wrong, with its JSON Pointer path, then carries on, so that one pass
// reports every problem in a document.
//
// The reader is written over a small value interface (see json_value.hpp), implemented over
// nlohmann's DOM: the reference reader on every target, which names every problem (natively,
// accounts are first tried by the On-Demand fast path, read_account_ondemand.cpp). Paths are
// chains of stack frames (path_ref) and become strings only when an error is reported: the happy
// path allocates none.
#pragma once

#include "json_value.hpp"
#include "respite/json.hpp"
#include "respite/money.hpp"
#include "respite/result.hpp"
#include "respite/time.hpp"

#include <cstring>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace respite::detail {

// A JSON Pointer under construction: a key or an index, and the pointer it extends.
class path_ref {
public:
    path_ref() = default; // the document root: ""
    path_ref operator/(std::string_view key) const { return path_ref(this, key, 0, false); }
    path_ref operator/(std::size_t index) const { return path_ref(this, {}, index, true); }
    std::string str() const {
        std::string out;
        append_to(out);
        return out;
    }

private:
    path_ref(const path_ref* parent, std::string_view key, std::size_t index, bool is_index)
        : parent_(parent), key_(key), index_(index), is_index_(is_index), has_segment_(true) {}
    void append_to(std::string& out) const;
    // Frames live on the stack of the reader's callers: a path_ref must not outlive its parent
    // (name every intermediate frame; never chain off a temporary root).
    const path_ref* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = 0;
    bool is_index_ = false;
    bool has_segment_ = false;
};

std::string pointer_append(const std::string& path, std::string_view key);
const char* kind_name(value_kind k);
bool is_currency_code(std::string_view code);

// An object's members sorted into the slots of its known keys by one pass over it (see
// reader::members): the account reader's fields are then found by slot, not by a search per field.
// One type whatever the object (no template per key count: the wasm module stays small).
template <class V> class fields {
public:
    static constexpr std::size_t max_keys = 24;
    explicit fields(const std::string_view* names) : names_(names) {}
    std::string_view name(std::size_t k) const { return names_[k]; }
    const V* get(std::size_t k) const { return present_ >> k & 1 ? &slots_[k].value : nullptr; }
    void set(std::size_t k, const V& v) {
        new (&slots_[k].value) V(v);
        present_ |= std::uint32_t{1} << k;
    }
    bool has(std::size_t k) const { return present_ >> k & 1; }

private:
    const std::string_view* names_;
    // Left unset until set() (a value is a pointer or two: nothing to destroy).
    union slot {
        slot() {}
        V value;
    };
    static_assert(std::is_trivially_destructible<V>::value, "slots are never destroyed");
    slot slots_[max_keys];
    std::uint32_t present_ = 0;
};

// Keys are short: compared in place, eight bytes at a time, rather than through a memcmp call
// (the account reader matches every key of every object).
inline bool same_key(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    std::size_t i = 0;
    for (; i + 8 <= a.size(); i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, a.data() + i, 8);
        std::memcpy(&y, b.data() + i, 8);
        if (x != y) return false;
    }
    for (; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// A field is named by its object and key, or by a members() table and a slot number.
template <class O> struct key_type { using type = std::string_view; };
template <class V> struct key_type<fields<V>> { using type = std::size_t; };
template <class O> using key_of = typename key_type<O>::type;

template <class V> class reader {
public:
    reader(error_list& errors, const input_limits& limits) : errors_(errors), limits_(limits) {}

    void fail(const path_ref& path, const char* code, std::string message) {
        errors_.push_back({path.str(), code, std::move(message)});
    }
    std::size_t mark() const { return errors_.size(); }
    bool failed_since(std::size_t mark) const { return errors_.size() > mark; }
    const input_limits& limits() const { return limits_; }

    bool expect_object(const V& v, const path_ref& path) {
        if (v.kind() == value_kind::object) return true;
        fail(path, "wrong_type", std::string("expected an object, found ") + kind_name(v.kind()));
        return false;
    }

    // Reports every key of `obj` that is not in `known` (the policy reader; accounts use
    // members()).
    void reject_unknown(const V& obj, const path_ref& path,
                        std::initializer_list<std::string_view> known) {
        obj.for_each_member([&](std::string_view key, const V&) {
            for (auto k : known)
                if (k == key) return;
            fail_unknown(path, key);
        });
    }

    // One pass over `obj`: each known key's value into its slot; any other key is reported as
    // unknown_field (in document order, like reject_unknown).
    template <std::size_t N>
    fields<V> members(const V& obj, const path_ref& path, const std::string_view (&known)[N]) {
        static_assert(N <= fields<V>::max_keys, "one slot per known key");
        return members(obj, path, known, N);
    }
    fields<V> members(const V& obj, const path_ref& path, const std::string_view* known,
                      std::size_t n) {
        fields<V> f(known);
        obj.for_each_member([&](std::string_view key, const V& value) {
            for (std::size_t k = 0; k < n; ++k) {
                if (!same_key(known[k], key)) continue;
                f.set(k, value);
                return;
            }
            fail_unknown(path, key);
        });
        return f;
    }

    void fail_unknown(const path_ref& path, std::string_view key) {
        fail(path / key, "unknown_field",
             "'" + std::string(key) + "' is not a field here (a typo?)");
    }

    void expect_schema(const V& obj, const char* expected) {
        expect_schema(obj, std::string_view("schema"), expected);
    }
    template <class O> void expect_schema(const O& obj, key_of<O> key, const char* expected) {
        const path_ref root;
        auto s = string_field(obj, root, key, true);
        if (s && *s != expected)
            fail(root / name(obj, key), "unsupported_schema",
                 "expected \"" + std::string(expected) + "\", found \"" + std::string(*s) + "\"");
    }

    static std::optional<V> lookup(const V& obj, std::string_view key) { return obj.find(key); }
    static std::optional<V> lookup(const fields<V>& f, std::size_t k) {
        if (const V* v = f.get(k)) return *v;
        return std::nullopt;
    }
    static std::string_view name(const V&, std::string_view key) { return key; }
    static std::string_view name(const fields<V>& f, std::size_t k) { return f.name(k); }

    // The field's value; null counts as absent for optional fields.
    template <class O>
    std::optional<V> field(const O& obj, const path_ref& path, key_of<O> key, bool required) {
        std::optional<V> v = lookup(obj, key);
        if (!v || (!required && v->kind() == value_kind::null)) {
            if (required)
                fail(path / name(obj, key), "missing_field",
                     "'" + std::string(name(obj, key)) + "' is required");
            return std::nullopt;
        }
        return v;
    }

    std::optional<std::string_view> string_value(const V& v, const path_ref& path,
                                                 bool allow_empty = false) {
        if (v.kind() != value_kind::string) {
            fail(path, "wrong_type",
                 std::string("expected a string, found ") + kind_name(v.kind()));
            return std::nullopt;
        }
        std::string_view s = v.string();
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

    template <class O>
    std::optional<std::string_view> string_field(const O& obj, const path_ref& path, key_of<O> key,
                                                 bool required, bool allow_empty = false) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        return string_value(*v, path / name(obj, key), allow_empty);
    }

    // Sets `out` when the field is present and a valid string.
    template <class O>
    void copy_string(const O& obj, const path_ref& path, key_of<O> key, bool required,
                     std::string& out, bool allow_empty = false) {
        if (auto s = string_field(obj, path, key, required, allow_empty)) out.assign(*s);
    }

    template <class O>
    std::optional<std::int64_t> integer_field(const O& obj, const path_ref& path, key_of<O> key,
                                              bool required, std::int64_t min, std::int64_t max) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        const path_ref p = path / name(obj, key);
        const value_kind k = v->kind();
        if (k == value_kind::floating) {
            fail(p, "wrong_type", "expected an integer, found a fractional number");
            return std::nullopt;
        }
        if (k != value_kind::integer && k != value_kind::unsigned_integer) {
            fail(p, "wrong_type", std::string("expected an integer, found ") + kind_name(k));
            return std::nullopt;
        }
        if (k == value_kind::unsigned_integer && v->uint64() > static_cast<std::uint64_t>(max)) {
            fail(p, "invalid_value", "must be at most " + std::to_string(max));
            return std::nullopt;
        }
        const std::int64_t n =
            k == value_kind::unsigned_integer ? static_cast<std::int64_t>(v->uint64()) : v->int64();
        if (n < min || n > max) {
            fail(p, "invalid_value",
                 "must lie between " + std::to_string(min) + " and " + std::to_string(max));
            return std::nullopt;
        }
        return n;
    }

    std::optional<std::int64_t> amount_value(const V& v, const path_ref& p) {
        const value_kind k = v.kind();
        if (k == value_kind::floating) {
            fail(p, "wrong_type",
                 "amounts are integers in minor units (4900 for 49.00), found a fractional number");
            return std::nullopt;
        }
        if (k != value_kind::integer && k != value_kind::unsigned_integer) {
            fail(p, "wrong_type", std::string("expected an integer amount, found ") + kind_name(k));
            return std::nullopt;
        }
        if (k == value_kind::unsigned_integer &&
            v.uint64() > static_cast<std::uint64_t>(max_amount)) {
            fail(p, "amount_out_of_range", "amounts are limited to 10^15 minor units");
            return std::nullopt;
        }
        const std::int64_t n =
            k == value_kind::unsigned_integer ? static_cast<std::int64_t>(v.uint64()) : v.int64();
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

    template <class O>
    std::optional<std::int64_t> amount_field(const O& obj, const path_ref& path, key_of<O> key,
                                             bool required) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        return amount_value(*v, path / name(obj, key));
    }

    template <class O>
    std::optional<bool> bool_field(const O& obj, const path_ref& path, key_of<O> key) {
        auto v = field(obj, path, key, false);
        if (!v) return std::nullopt;
        if (v->kind() != value_kind::boolean) {
            fail(path / name(obj, key), "wrong_type",
                 std::string("expected true or false, found ") + kind_name(v->kind()));
            return std::nullopt;
        }
        return v->boolean();
    }

    std::optional<instant> instant_value(const V& v, const path_ref& path) {
        auto s = string_value(v, path, true); // "" is reported as not an instant
        if (!s) return std::nullopt;
        if (auto t = parse_instant(*s)) return t; // why it failed is worked out only if it did
        parse_failure why;
        auto t = parse_instant(*s, &why);
        if (!t)
            fail(path,
                 why.code == "timestamp_out_of_range" ? "timestamp_out_of_range"
                                                      : "invalid_timestamp",
                 "'" + std::string(*s) + "': " + why.message);
        return t;
    }

    template <class O>
    std::optional<instant> instant_field(const O& obj, const path_ref& path, key_of<O> key,
                                         bool required) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        return instant_value(*v, path / name(obj, key));
    }

    std::optional<duration> duration_value(const V& v, const path_ref& path) {
        auto s = string_value(v, path, true); // "" is reported as not a duration
        if (!s) return std::nullopt;
        parse_failure why;
        auto d = parse_duration(*s, &why);
        if (!d) {
            const char* code = why.code == "unsupported_duration_unit" ? "unsupported_duration_unit"
                               : why.code == "duration_out_of_range"   ? "duration_out_of_range"
                                                                       : "invalid_duration";
            fail(path, code, "'" + std::string(*s) + "': " + why.message);
        }
        return d;
    }

    template <class O>
    std::optional<duration> duration_field(const O& obj, const path_ref& path, key_of<O> key,
                                           bool required) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        return duration_value(*v, path / name(obj, key));
    }

    template <class O>
    std::optional<std::string_view> currency_field(const O& obj, const path_ref& path,
                                                   key_of<O> key, bool required) {
        auto s = string_field(obj, path, key, required);
        if (!s) return std::nullopt;
        if (!is_currency_code(*s)) {
            fail(path / name(obj, key), "invalid_currency",
                 "'" + std::string(*s) +
                     "' is not an ISO 4217 code (three upper-case letters, e.g. EUR)");
            return std::nullopt;
        }
        return s;
    }

    template <class O>
    std::optional<currency_thresholds> thresholds_field(const O& obj, const path_ref& path,
                                                        key_of<O> key) {
        auto v = field(obj, path, key, false);
        if (!v) return std::nullopt;
        const path_ref p = path / name(obj, key);
        if (!expect_object(*v, p)) return std::nullopt;
        currency_thresholds out;
        const std::size_t before = mark();
        v->for_each_member([&](std::string_view code, const V& item) {
            if (code != "*" && !is_currency_code(code)) {
                fail(p / code, "invalid_currency",
                     "'" + std::string(code) +
                         "' is not an ISO 4217 code (or '*' for any other currency)");
                return;
            }
            auto amount = amount_value(item, p / code);
            if (!amount) return;
            if (code == "*")
                out.any_other = *amount;
            else
                out.by_currency[std::string(code)] = *amount;
        });
        if (failed_since(before)) return std::nullopt;
        return out;
    }

    // An array field's items, after the type and size checks; nullopt when absent or wrong.
    template <class O>
    std::optional<V> array_field(const O& obj, const path_ref& path, key_of<O> key, bool required,
                                 std::size_t max_items) {
        auto v = field(obj, path, key, required);
        if (!v) return std::nullopt;
        if (v->kind() != value_kind::array) {
            fail(path / name(obj, key), "wrong_type",
                 std::string("expected an array, found ") + kind_name(v->kind()));
            return std::nullopt;
        }
        const std::size_t n = v->size();
        if (n > max_items) {
            fail(path / name(obj, key), "too_many_items",
                 std::to_string(n) + " items; the limit is " + std::to_string(max_items));
            return std::nullopt;
        }
        return v;
    }

    template <class O>
    std::optional<std::vector<std::string>> string_array_field(const O& obj, const path_ref& path,
                                                               key_of<O> key) {
        auto arr = array_field(obj, path, key, false, limits_.max_array_items);
        if (!arr) return std::nullopt;
        std::vector<std::string> out;
        const path_ref p = path / name(obj, key);
        arr->for_each_item([&](std::size_t i, const V& item) {
            if (auto s = string_value(item, p / i)) out.emplace_back(*s);
        });
        return out;
    }

private:
    error_list& errors_;
    const input_limits& limits_;
};

// Size and depth checks shared by every parser, before any DOM is built.
bool check_document_shape(std::string_view text, const input_limits& limits, error_list& errors);

// nlohmann's DOM (the reference parser, on every target). On failure, errors says why.
std::optional<nl_document> parse_nl_document(std::string_view text, const input_limits& limits,
                                             error_list& errors);

} // namespace respite::detail
