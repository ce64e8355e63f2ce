// A small streaming JSON writer: fixed key order, integers only, deterministic bytes — the same
// on every platform (the native/wasm parity promise rests on it).
//
// It writes into a plain byte buffer (borrowed from the thread: no allocation and no zeroing per
// document once warm) that grows geometrically; the calls every status makes by the dozen (keys,
// separators, short values) are inline, so a key given as a literal becomes a few stores.
#pragma once

#include "respite/time.hpp"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

// Natively the small calls are always inlined (speed: a key given as a literal is then copied with
// a few moves, not a memcpy call); in the wasm module they stay calls (size: the module has a
// 150 KB budget and write_status makes a hundred of them).
#ifdef __EMSCRIPTEN__
#define RESPITE_WRITER_CALL __attribute__((noinline))
#else
#define RESPITE_WRITER_CALL __attribute__((always_inline))
#endif

namespace respite::detail {

class json_writer {
public:
    json_writer();
    ~json_writer();
    json_writer(const json_writer&) = delete;
    json_writer& operator=(const json_writer&) = delete;

    json_writer& begin_object() { return open('{'); }
    json_writer& end_object() { return close('}'); }
    json_writer& begin_array() { return open('['); }
    json_writer& end_array() { return close(']'); }
    // k: one of the contract's own ASCII names, written as is (nothing to escape). Given as a
    // literal, its length is a constant and the copy a few moves.
    template <std::size_t N> json_writer& key(const char (&k)[N]) { return key(k, N - 1); }
    json_writer& key(std::string_view k) { return key(k.data(), k.size()); }
    RESPITE_WRITER_CALL json_writer& value(std::string_view s) {
        separate();
        write_string(s);
        return *this;
    }
    json_writer& value(const char* s) { return value(std::string_view(s)); }
    json_writer& value(const std::string& s) { return value(std::string_view(s)); }
    json_writer& value(std::int64_t n);
    json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
    json_writer& value(bool b) { return literal(b ? std::string_view("true") : "false"); }
    json_writer& null() { return literal("null"); }
    json_writer& instant_value(instant t); // RFC 3339, UTC
    std::string take() const { return std::string(buf_.get(), size_); }
    void append_to(std::string& out) const { out.append(buf_.get(), size_); }

private:
    // Room for n more bytes; returns where they go.
    char* reserve(std::size_t n) {
        if (size_ + n > capacity_) grow(n);
        return buf_.get() + size_;
    }
    void commit(const char* end) { size_ = static_cast<std::size_t>(end - buf_.get()); }
    void grow(std::size_t n);
    // True when nothing was written yet in the open container (and marks it written).
    bool first_in_container() {
        if (depth_ == 0) return true;
        const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
        const bool first = first_ & bit;
        first_ &= ~bit;
        return first;
    }
    RESPITE_WRITER_CALL void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (first_in_container()) return;
        *reserve(1) = ',';
        ++size_;
    }
    RESPITE_WRITER_CALL json_writer& open(char c) {
        separate();
        *reserve(1) = c;
        ++size_;
        first_ |= std::uint64_t{1} << depth_++;
        return *this;
    }
    RESPITE_WRITER_CALL json_writer& close(char c) {
        *reserve(1) = c;
        ++size_;
        --depth_;
        return *this;
    }
    RESPITE_WRITER_CALL json_writer& literal(std::string_view text) {
        separate();
        std::memcpy(reserve(text.size()), text.data(), text.size());
        size_ += text.size();
        return *this;
    }
    void write_string(std::string_view s);
    RESPITE_WRITER_CALL json_writer& key(const char* k, std::size_t n) {
        char* p = reserve(n + 4);
        if (!first_in_container()) *p++ = ',';
        *p++ = '"';
        std::memcpy(p, k, n);
        p += n;
        *p++ = '"';
        *p++ = ':';
        commit(p);
        after_key_ = true;
        return *this;
    }

    std::unique_ptr<char[]> buf_; // bytes [0, size_) are written; up to capacity_ is room
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
    // Per open container, bit `depth`: nothing written in it yet. 64 levels is far more than any
    // document the core writes.
    std::uint64_t first_ = 0;
    int depth_ = 0;
    bool after_key_ = false;
};

} // namespace respite::detail
