#include "ndjson.hpp"

#include <respite/json.hpp>

#include <cstring>

namespace respite::cli {

// Room past capacity_ that is never filled: the padding parse_account_padded may read.
constexpr std::size_t slack = account_text_padding;

ndjson_blocks::ndjson_blocks(std::FILE* in, std::size_t block_bytes)
    : in_(in), block_(block_bytes), buf_(new char[2 * block_bytes + slack]),
      capacity_(2 * block_bytes) {}

bool ndjson_blocks::next(std::vector<ndjson_line>& lines) {
    lines.clear();
    while (lines.empty()) {
        if (eof_) return false;
        // What the last block left unfinished moves to the front; the next block follows it.
        carried_ = filled_ - consumed_;
        std::memmove(buf_.get(), buf_.get() + consumed_, carried_);
        if (carried_ + block_ > capacity_) { // a line longer than a block
            const std::size_t bigger = 2 * (carried_ + block_);
            std::unique_ptr<char[]> grown(new char[bigger + slack]);
            std::memcpy(grown.get(), buf_.get(), carried_);
            buf_ = std::move(grown);
            capacity_ = bigger;
        }
        const std::size_t n = std::fread(buf_.get() + carried_, 1, block_, in_);
        eof_ = n < block_;
        bytes_ += n;
        filled_ = carried_ + n;
        std::memset(buf_.get() + filled_, ' ', slack); // defined bytes for whoever reads ahead
        const char* data = buf_.get();
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

} // namespace respite::cli
