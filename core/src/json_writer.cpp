#include "json_writer.hpp"

namespace respite::detail {

namespace {
// Each thread keeps the buffer of its last writer; a writer borrows it for its lifetime (a second
// writer alive at the same time on the same thread simply starts its own).
thread_local std::unique_ptr<char[]> spare_buffer;
thread_local std::size_t spare_capacity = 0;
} // namespace

json_writer::json_writer() : buf_(std::move(spare_buffer)), capacity_(spare_capacity) {
    spare_capacity = 0;
    if (!buf_) grow(4096); // a status is ~2 KB
}

json_writer::~json_writer() {
    if (capacity_ > spare_capacity && capacity_ <= (std::size_t{1} << 20)) {
        spare_buffer = std::move(buf_);
        spare_capacity = capacity_;
    }
}

void json_writer::grow(std::size_t n) {
    std::size_t capacity = capacity_ < 4096 ? 4096 : capacity_;
    while (capacity < size_ + n)
        capacity *= 2;
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (size_) std::memcpy(bigger.get(), buf_.get(), size_);
    buf_ = std::move(bigger);
    capacity_ = capacity;
}

namespace {
// True when one of the eight bytes of x needs escaping in JSON: a control byte, '"' or '\\'.
inline bool needs_escape8(std::uint64_t x) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const std::uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    return ((x - ones * 0x20) | (quote - ones) | (slash - ones)) & ~x & highs;
}
} // namespace

void json_writer::write_string(std::string_view s) {
    // Worst case every byte becomes \u00XX: reserve for that once, then write without checks.
    char* p = reserve(s.size() * 6 + 2);
    *p++ = '"';
    std::size_t run = 0; // start of the pending run of bytes that need no escaping
    std::size_t i = 0;
    // Eight bytes at a time while none of them needs escaping; a string of eight bytes or more
    // whose last eight (read overlapping) are clean too is copied whole.
    if (s.size() >= 8) {
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t x;
            std::memcpy(&x, s.data() + i, 8);
            if (needs_escape8(x)) break;
        }
        if (i + 8 > s.size()) {
            std::uint64_t x;
            std::memcpy(&x, s.data() + s.size() - 8, 8);
            if (!needs_escape8(x)) i = s.size();
        }
    }
    for (; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        std::memcpy(p, s.data() + run, i - run);
        p += i - run;
        run = i + 1;
        *p++ = '\\';
        switch (c) {
        case '"':
            *p++ = '"';
            break;
        case '\\':
            *p++ = '\\';
            break;
        case '\b':
            *p++ = 'b';
            break;
        case '\f':
            *p++ = 'f';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        default: {
            static const char hex[] = "0123456789abcdef";
            std::memcpy(p, "u00", 3);
            p[3] = hex[c >> 4];
            p[4] = hex[c & 15];
            p += 5;
        }
        }
    }
    std::memcpy(p, s.data() + run, s.size() - run);
    p += s.size() - run;
    *p++ = '"';
    commit(p);
}

json_writer& json_writer::value(std::int64_t n) {
    separate();
    char digits[20];
    std::size_t len = 0;
    // Magnitude as unsigned: -2^63 has no positive int64.
    std::uint64_t m = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    do {
        digits[len++] = static_cast<char>('0' + m % 10);
        m /= 10;
    } while (m);
    char* p = reserve(len + 1);
    if (n < 0) *p++ = '-';
    while (len)
        *p++ = digits[--len];
    commit(p);
    return *this;
}

json_writer& json_writer::instant_value(instant t) {
    separate();
    char* p = reserve(34);
    *p++ = '"';
    p += format_instant_to(t, p);
    *p++ = '"';
    commit(p);
    return *this;
}

} // namespace respite::detail
