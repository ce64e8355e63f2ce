// Reading NDJSON in big blocks, for `batch` and `report`: each block's complete lines are handed
// out as views into a buffer (no copy per line or per block), with their 1-based line numbers;
// blank lines are counted but not handed out. Two buffers take turns, so one block's lines stay
// valid while the next is read (ndjson_read_ahead). Memory: two blocks plus the longest line.
// Every line is followed in memory by account_text_padding readable bytes (parse_account_padded).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>
#include <thread>
#include <vector>

namespace respite::cli {

struct ndjson_line {
    std::string_view text; // without its '\n' (or "\r\n")
    std::uint64_t number;
};

class ndjson_blocks {
public:
    explicit ndjson_blocks(std::FILE* in, std::size_t block_bytes = 4 * 1024 * 1024);
    // The next block's non-blank lines; false at the end of input. The views stay valid through
    // the call after this one (it fills the other buffer).
    bool next(std::vector<ndjson_line>& lines);
    std::uint64_t bytes_read() const { return bytes_; }

private:
    std::FILE* in_;
    std::size_t block_;
    std::unique_ptr<char[]> buf_[2];
    std::size_t capacity_[2];
    int current_ = 0;          // the buffer the last call filled
    std::size_t consumed_ = 0; // bytes of it handed out by the last call
    std::size_t filled_ = 0;
    std::uint64_t line_number_ = 0;
    std::uint64_t bytes_ = 0;
    bool eof_ = false;
};

// ndjson_blocks with the next block read on a thread of its own while the caller works on the
// current one (when `enabled`: with several worker threads; one thread reads in turn).
class ndjson_read_ahead {
public:
    ndjson_read_ahead(ndjson_blocks& blocks, bool enabled) : blocks_(blocks), enabled_(enabled) {}
    ~ndjson_read_ahead() {
        if (reader_.joinable()) reader_.join();
    }
    ndjson_read_ahead(const ndjson_read_ahead&) = delete;
    ndjson_read_ahead& operator=(const ndjson_read_ahead&) = delete;
    // As ndjson_blocks::next; the views stay valid until the next call.
    bool next(std::vector<ndjson_line>& lines);
    // Bytes read up to the end of the block last handed out (or the input's end).
    std::uint64_t bytes_read() const { return bytes_; }

private:
    ndjson_blocks& blocks_;
    bool enabled_;
    bool started_ = false;
    bool have_ = false; // whether ahead_ holds a block
    std::uint64_t bytes_ = 0;
    std::vector<ndjson_line> ahead_;
    std::thread reader_;
};

// Lines per chunk that batch and report hand to a worker at a time: small enough to balance the
// threads, large enough that taking one costs nothing.
constexpr std::size_t lines_per_chunk = 64;

// Runs work(thread, chunk, begin, end) over [0, n) cut into chunks of `chunk` items, on `threads`
// threads (the caller's among them), each taking the next chunk as it finishes one: a thread held
// up (by another job on the machine, or slower accounts) delays no one. Chunks are numbered in
// order, so results kept per chunk can be put back in order.
template <class Work>
void for_each_chunk(std::size_t n, std::size_t chunk, unsigned threads, Work&& work) {
    std::atomic<std::size_t> next{0};
    auto run = [&](unsigned t) {
        for (;;) {
            const std::size_t c = next.fetch_add(1, std::memory_order_relaxed);
            const std::size_t begin = c * chunk;
            if (begin >= n) return;
            work(t, c, begin, std::min(n, begin + chunk));
        }
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < threads; ++t)
        workers.emplace_back(run, t);
    run(0);
    for (auto& w : workers)
        w.join();
}

} // namespace respite::cli
