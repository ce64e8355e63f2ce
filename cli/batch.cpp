#include "batch.hpp"

#include <respite/api.hpp>
#include <respite/system_zones.hpp>

#include <algorithm>
#include <chrono>
#include <string_view>
#include <thread>
#include <unistd.h>
#include <vector>

namespace respite::cli {
namespace {

constexpr std::size_t block_bytes = 4 * 1024 * 1024;

struct line_ref {
    std::string_view text;
    std::uint64_t number; // 1-based line number in the input
};

std::string error_record(const std::string& error_doc, std::uint64_t line) {
    // {"schema":"respite.error/1", + "line":N, + the rest
    static constexpr std::string_view head = R"({"schema":"respite.error/1",)";
    return std::string(head) + "\"line\":" + std::to_string(line) + "," +
           error_doc.substr(head.size());
}

void evaluate_slice(const policy& p, instant now, const std::vector<line_ref>& lines,
                    std::size_t begin, std::size_t end, std::string& out, std::uint64_t& errors) {
    const system_zone_source zones;
    for (std::size_t i = begin; i < end; ++i) {
        text_result r = evaluate_account_json(p, lines[i].text, now, zones);
        if (r.ok) {
            out += r.json;
        } else {
            out += error_record(r.json, lines[i].number);
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
    std::string buffer, carry;
    std::vector<char> block(block_bytes);
    std::vector<line_ref> lines;
    std::vector<std::string> outputs(threads);
    std::vector<std::uint64_t> errors(threads);
    std::uint64_t line_number = 0;
    const auto started = std::chrono::steady_clock::now();
    auto last_report = started;
    bool eof = false;
    while (!eof) {
        const std::size_t n = std::fread(block.data(), 1, block.size(), in);
        eof = n < block.size();
        counts.bytes += n;
        buffer.assign(carry);
        buffer.append(block.data(), n);
        carry.clear();
        std::size_t usable = buffer.size();
        if (!eof) {
            const std::size_t last_newline = buffer.rfind('\n');
            usable = last_newline == std::string::npos ? 0 : last_newline + 1;
            carry.assign(buffer, usable, std::string::npos);
        }
        lines.clear();
        std::size_t pos = 0;
        while (pos < usable) {
            std::size_t nl = buffer.find('\n', pos);
            if (nl == std::string::npos || nl > usable) nl = usable;
            std::string_view line(buffer.data() + pos, nl - pos);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            ++line_number;
            if (line.find_first_not_of(" \t") != std::string_view::npos)
                lines.push_back({line, line_number});
            pos = nl + 1;
        }
        if (lines.empty()) continue;
        const std::size_t per = (lines.size() + threads - 1) / threads;
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            outputs[t].clear();
            errors[t] = 0;
            const std::size_t b = std::min(lines.size(), t * per);
            const std::size_t e = std::min(lines.size(), b + per);
            if (t + 1 == threads)
                evaluate_slice(p, now, lines, b, e, outputs[t], errors[t]);
            else
                workers.emplace_back(
                    [&, t, b, e] { evaluate_slice(p, now, lines, b, e, outputs[t], errors[t]); });
        }
        for (auto& w : workers)
            w.join();
        for (unsigned t = 0; t < threads; ++t) {
            std::fwrite(outputs[t].data(), 1, outputs[t].size(), out);
            counts.errors += errors[t];
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
    if (progress) std::fprintf(stderr, "\n");
    counts.ok = counts.lines - counts.errors;
    std::fflush(out);
    return counts;
}

} // namespace respite::cli
