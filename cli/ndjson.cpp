#include "ndjson.hpp"

#include <respite/json.hpp>

#include <cstring>

namespace respite::cli {

// Room past capacity_ that is never filled: the padding parse_account_padded may read.
constexpr std::size_t slack = account_text_padding;

ndjson_blocks::ndjson_blocks(std::FILE* in, std::size_t block_bytes)
    : in_(in),
      block_(block_bytes), buf_{std::unique_ptr<char[]>(new char[2 * block_bytes + slack]),
                                std::unique_ptr<char[]>(new char[2 * block_bytes + slack])},
      capacity_{2 * block_bytes, 2 * block_bytes} {}

bool ndjson_blocks::next(std::vector<ndjson_line>& lines) {
    lines.clear();
    while (lines.empty()) {
        if (eof_) return false;
        // What the last block left unfinished goes to the front of the other buffer; the next
        // block follows it. The last block's lines stay where they are.
        const int from = current_, to = current_ ^ 1;
        const std::size_t carried = filled_ - consumed_;
        if (carried + block_ > capacity_[to]) { // a line longer than a block
            capacity_[to] = 2 * (carried + block_);
            buf_[to].reset(new char[capacity_[to] + slack]);
        }
        std::memcpy(buf_[to].get(), buf_[from].get() + consumed_, carried);
        current_ = to;
        char* buf = buf_[to].get();
        const std::size_t n = std::fread(buf + carried, 1, block_, in_);
        eof_ = n < block_;
        bytes_ += n;
        filled_ = carried + n;
        std::memset(buf + filled_, ' ', slack); // defined bytes for whoever reads ahead
        const char* data = buf;
        std::size_t usable = filled_;
        if (!eof_) {
            const std::size_t last = std::string_view(data, filled_).rfind('\n');
            usable = last == std::string_view::npos ? 0 : last + 1;
        }
        consumed_ = usable;
        for (std::size_t pos = 0; pos < usable;) {
            const void* found = std::memchr(data + pos, '\n', usable - pos);
            const std::size_t nl =
                found ? static_cast<std::size_t>(static_cast<const char*>(found) - data) : usable;
            std::string_view line(data + pos, nl - pos);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++line_number_;
            if (line.find_first_not_of(" \t") != std::string_view::npos)
                lines.push_back({line, line_number_});
            pos = nl + 1;
        }
    }
    return true;
}

bool ndjson_read_ahead::next(std::vector<ndjson_line>& lines) {
    if (!enabled_) {
        const bool more = blocks_.next(lines);
        bytes_ = blocks_.bytes_read();
        return more;
    }
    if (!started_) {
        have_ = blocks_.next(ahead_);
        started_ = true;
    } else if (reader_.joinable()) {
        reader_.join();
    }
    bytes_ = blocks_.bytes_read(); // the reader is idle: no race
    if (!have_) return false;
    lines.swap(ahead_);
    reader_ = std::thread([this] { have_ = blocks_.next(ahead_); });
    return true;
}

} // namespace respite::cli
