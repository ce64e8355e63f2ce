#include "json_writer.hpp"

#include <cstring>

namespace respite::detail {

void json_writer::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (depth_ > 0) {
        const std::uint64_t bit = std::uint64_t{1} << (depth_ - 1);
        if (!(first_ & bit)) out_ += ',';
        first_ &= ~bit;
    }
}

json_writer& json_writer::begin_object() {
    separate();
    out_ += '{';
    first_ |= std::uint64_t{1} << depth_++;
    return *this;
}

json_writer& json_writer::end_object() {
    out_ += '}';
    --depth_;
    return *this;
}

json_writer& json_writer::begin_array() {
    separate();
    out_ += '[';
    first_ |= std::uint64_t{1} << depth_++;
    return *this;
}

json_writer& json_writer::end_array() {
    out_ += ']';
    --depth_;
    return *this;
}

json_writer& json_writer::key(std::string_view k) {
    // Keys are the contract's own ASCII names: nothing to escape.
    separate();
    out_ += '"';
    out_.append(k.data(), k.size());
    out_ += "\":";
    after_key_ = true;
    return *this;
}

json_writer& json_writer::value(std::string_view s) {
    separate();
    write_string(s);
    return *this;
}

void json_writer::write_string(std::string_view s) {
    out_ += '"';
    std::size_t run = 0; // start of the pending run of bytes that need no escaping
    std::size_t i = 0;
    // Eight bytes at a time while none of them needs escaping (a control byte, '"' or '\\').
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, s.data() + i, 8);
        constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        const std::uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
        const std::uint64_t special =
            ((x - ones * 0x20) | (quote - ones) | (slash - ones)) & ~x & highs;
        if (special) break;
    }
    for (; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out_.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out_ += "\\\"";
            break;
        case '\\':
            out_ += "\\\\";
            break;
        case '\b':
            out_ += "\\b";
            break;
        case '\f':
            out_ += "\\f";
            break;
        case '\n':
            out_ += "\\n";
            break;
        case '\r':
            out_ += "\\r";
            break;
        case '\t':
            out_ += "\\t";
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += hex[c >> 4];
            out_ += hex[c & 15];
        }
        }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
}

json_writer& json_writer::value(std::int64_t n) {
    separate();
    out_ += std::to_string(n);
    return *this;
}

json_writer& json_writer::value(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
}

json_writer& json_writer::instant_value(instant t) {
    separate();
    out_ += '"';
    append_instant(out_, t);
    out_ += '"';
    return *this;
}

json_writer& json_writer::null() {
    separate();
    out_ += "null";
    return *this;
}

} // namespace respite::detail
