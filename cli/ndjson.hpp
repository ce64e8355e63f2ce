// Reading NDJSON in big blocks, for `batch` and `report`: each block's complete lines are handed
// out as views into one buffer (no copy per line or per block), with their 1-based line numbers;
// blank lines are counted but not handed out. Memory: one block plus the longest line. Every line
// is followed in memory by account_text_padding readable bytes (parse_account_padded).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>
#include <vector>

namespace respite::cli {

struct ndjson_line {
    std::string_view text; // without its '\n' (or "\r\n")
    std::uint64_t number;
};

class ndjson_blocks {
public:
    explicit ndjson_blocks(std::FILE* in, std::size_t block_bytes = 4 * 1024 * 1024);
    // The next block's non-blank lines; false at the end of input. The views stay valid until
    // the next call.
    bool next(std::vector<ndjson_line>& lines);
    std::uint64_t bytes_read() const { return bytes_; }

private:
    std::FILE* in_;
    std::size_t block_;
    std::unique_ptr<char[]> buf_;
    std::size_t capacity_;
    std::size_t carried_ = 0;  // bytes of an unfinished line at the front of buf_
    std::size_t consumed_ = 0; // bytes of buf_ handed out by the last call
    std::size_t filled_ = 0;
    std::uint64_t line_number_ = 0;
    std::uint64_t bytes_ = 0;
    bool eof_ = false;
};

} // namespace respite::cli
