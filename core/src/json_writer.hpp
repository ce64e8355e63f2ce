// A small streaming JSON writer: fixed key order, integers only, deterministic bytes — the same
// on every platform (the native/wasm parity promise rests on it).
#pragma once

#include "respite/time.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace respite::detail {

class json_writer {
public:
    json_writer() { out_.reserve(4096); } // a status is ~2 KB: one allocation
    json_writer& begin_object();
    json_writer& end_object();
    json_writer& begin_array();
    json_writer& end_array();
    json_writer& key(std::string_view k); // k: a plain ASCII name, written as is
    json_writer& value(std::string_view s);
    json_writer& value(const char* s) { return value(std::string_view(s)); }
    json_writer& value(const std::string& s) { return value(std::string_view(s)); }
    json_writer& value(std::int64_t n);
    json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
    json_writer& value(bool b);
    json_writer& null();
    json_writer& instant_value(instant t); // RFC 3339, UTC
    std::string take() { return std::move(out_); }
    const std::string& str() const { return out_; }

private:
    void separate();
    void write_string(std::string_view s);
    std::string out_;
    // Per open container, bit `depth`: nothing written in it yet. 64 levels is far more than any
    // document the core writes.
    std::uint64_t first_ = 0;
    int depth_ = 0;
    bool after_key_ = false;
};

} // namespace respite::detail
