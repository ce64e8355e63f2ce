// respite/result.hpp — errors as data. The public API never throws: every fallible call returns
// a result holding either a value or the list of everything that was wrong with the input.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace respite {

// One problem with the input. `path` is a JSON Pointer into the document that was read
// ("/invoices/0/due_at"; "" for the whole document), `code` a stable snake_case identifier
// (see docs/errors.md), `message` English text for the developer reading a log.
struct error {
    std::string path;
    std::string code;
    std::string message;
};

using error_list = std::vector<error>;

template <class T> class result {
public:
    result(T&& value) : value_(std::move(value)) {}
    result(const T& value) : value_(value) {}
    // A default value to fill in place (the readers' hot path: no move of a finished value).
    explicit result(std::in_place_t) : value_(std::in_place) {}
    result(error_list errors) : errors_(std::move(errors)) {}
    result(error e) { errors_.push_back(std::move(e)); }

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return *value_; }
    T& value() & { return *value_; }
    T&& value() && { return std::move(*value_); }
    const T& operator*() const { return *value_; }
    const T* operator->() const { return &*value_; }
    const error_list& errors() const { return errors_; }

private:
    std::optional<T> value_;
    error_list errors_;
};

} // namespace respite
