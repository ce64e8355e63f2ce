#include "batch.hpp"
#include "ndjson.hpp"

#include <respite/api.hpp>
#include <respite/system_zones.hpp>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace respite::cli {
namespace {

std::string error_record(const std::string& error_doc, std::uint64_t line) {
    // {"schema":"respite.error/1", + "line":N, + the rest
    static constexpr std::string_view head = R"({"schema":"respite.error/1",)";
    return std::string(head) + "\"line\":" + std::to_string(line) + "," +
           error_doc.substr(head.size());
}

void evaluate_slice(const policy& p, instant now, const std::vector<ndjson_line>& lines,
                    std::size_t begin, std::size_t end, std::string& out, std::uint64_t& errors) {
    const system_zone_source zones;
    std::string error_doc;
    out.reserve(out.size() + (end - begin) * 4096); // a status is ~2 KB: room without moves
    for (std::size_t i = begin; i < end; ++i) {
        const std::size_t start = out.size();
        if (!append_evaluate_account_json(out, p, lines[i].text, now, zones, true)) {
            error_doc.assign(out, start, std::string::npos);
            out.resize(start);
            out += error_record(error_doc, lines[i].number);
            ++errors;
        }
        out += '\n';
    }
}

} // namespace

batch_counts run_batch(const policy& p, instant now, std::FILE* in, std::FILE* out,
                       unsigned threads, bool progress) {
    batch_counts counts;
    threads = std::max(1u, threads);
    ndjson_blocks blocks(in);
    ndjson_read_ahead ahead(blocks, threads > 1);
    std::vector<ndjson_line> lines;
    // Each chunk of lines has its own output, written in chunk order once the block is done; one
    // cache line each, so that two threads appending to neighbours do not share one.
    struct alignas(64) chunk_output {
        std::string text;
    };
    std::vector<chunk_output> outputs;
    std::vector<std::uint64_t> errors(threads);
    const auto started = std::chrono::steady_clock::now();
    auto last_report = started;
    while (ahead.next(lines)) {
        counts.bytes = ahead.bytes_read();
        const std::size_t chunks = (lines.size() + lines_per_chunk - 1) / lines_per_chunk;
        if (outputs.size() < chunks) outputs.resize(chunks);
        for (std::size_t c = 0; c < chunks; ++c)
            outputs[c].text.clear();
        for_each_chunk(lines.size(), lines_per_chunk, threads,
                       [&](unsigned t, std::size_t c, std::size_t b, std::size_t e) {
                           evaluate_slice(p, now, lines, b, e, outputs[c].text, errors[t]);
                       });
        for (std::size_t c = 0; c < chunks; ++c)
            std::fwrite(outputs[c].text.data(), 1, outputs[c].text.size(), out);
        for (std::uint64_t& e : errors) {
            counts.errors += e;
            e = 0;
        }
        counts.lines += lines.size();
        if (progress) {
            const auto now_clock = std::chrono::steady_clock::now();
            if (now_clock - last_report > std::chrono::seconds(1)) {
                last_report = now_clock;
                const double secs = std::chrono::duration<double>(now_clock - started).count();
                std::fprintf(stderr, "\rrespite: %llu accounts, %.0f accounts/s, %.1f MB/s   ",
                             static_cast<unsigned long long>(counts.lines),
                             static_cast<double>(counts.lines) / secs,
                             static_cast<double>(counts.bytes) / secs / 1e6);
            }
        }
    }
    counts.bytes = ahead.bytes_read();
    if (progress) std::fprintf(stderr, "\n");
    counts.ok = counts.lines - counts.errors;
    std::fflush(out);
    return counts;
}

} // namespace respite::cli
