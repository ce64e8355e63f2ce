// Portfolio commands: `report` (figures over any number of accounts, streamed on every core),
// `merge` (partial reports from shards into one), `simulate` (recorded history replayed under
// two policies). docs/report.md describes every figure and the sharding pattern.
#include "command.hpp"
#include "inputs.hpp"
#include "ndjson.hpp"
#include "report_render.hpp"

#include <respite/evaluate.hpp>
#include <respite/json.hpp>
#include <respite/report.hpp>
#include <respite/system_zones.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace respite::cli {
namespace {

struct bad_line {
    std::uint64_t number;
    std::string message;
};

struct scan_options {
    unsigned threads = 1;
    bool progress = false;
    std::uint64_t total_bytes = 0; // 0: unknown (a pipe)
};

struct scan_counts {
    std::uint64_t lines = 0; // non-blank lines
    std::uint64_t bytes = 0;
};

std::string describe(const error_list& errors) {
    if (errors.empty()) return "unreadable";
    const error& e = errors.front();
    std::string out =
        (e.path.empty() ? std::string("(document)") : e.path) + " " + e.code + ": " + e.message;
    if (errors.size() > 1) out += " (and " + std::to_string(errors.size() - 1) + " more)";
    return out;
}

class progress_line {
public:
    progress_line(bool on, const char* what, std::uint64_t total_bytes)
        : on_(on), what_(what), total_(total_bytes), started_(std::chrono::steady_clock::now()),
          last_(started_) {}
    void update(std::uint64_t accounts, std::uint64_t bytes, bool force = false) {
        if (!on_) return;
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        const double secs = std::max(1e-3, std::chrono::duration<double>(now - started_).count());
        const double per_byte = secs / static_cast<double>(std::max<std::uint64_t>(1, bytes));
        std::fprintf(stderr, "\r\033[Krespite %s: %llu accounts, %.0f accounts/s, %.1f MB/s", what_,
                     static_cast<unsigned long long>(accounts),
                     static_cast<double>(accounts) / secs, static_cast<double>(bytes) / secs / 1e6);
        if (total_ > 0 && bytes <= total_)
            std::fprintf(stderr, ", %.0f%%, ETA %.0f s",
                         100.0 * static_cast<double>(bytes) / static_cast<double>(total_),
                         per_byte * static_cast<double>(total_ - bytes));
        shown_ = true;
    }
    void clear() {
        if (on_ && shown_) std::fprintf(stderr, "\r\033[K");
    }
    void finish() {
        if (on_ && shown_) std::fprintf(stderr, "\n");
    }

private:
    bool on_;
    const char* what_;
    std::uint64_t total_;
    std::chrono::steady_clock::time_point started_, last_;
    bool shown_ = false;
};

// Reads NDJSON in blocks; each block's lines are shared out in chunks between `threads` workers
// (for_each_chunk), and handle(thread, text, line_number, bad_lines) runs for every non-blank line.
// Each worker owns its state (indexed by thread), so nothing is shared while a block runs. Bad
// lines are printed on stderr in line order after each block. With several workers the next block
// is read while they work (ndjson_read_ahead). Memory: two blocks, whatever the file size.
template <class Handle>
scan_counts scan_ndjson(std::FILE* in, const scan_options& o, const char* what, Handle&& handle) {
    scan_counts counts;
    const unsigned threads = std::max(1u, o.threads);
    progress_line progress(o.progress, what, o.total_bytes);
    ndjson_blocks blocks(in);
    ndjson_read_ahead ahead(blocks, threads > 1);
    std::vector<ndjson_line> lines;
    std::vector<std::vector<bad_line>> bad(threads);
    while (ahead.next(lines)) {
        counts.bytes = ahead.bytes_read();
        for_each_chunk(lines.size(), lines_per_chunk, threads,
                       [&](unsigned t, std::size_t, std::size_t b, std::size_t e) {
                           for (std::size_t i = b; i < e; ++i)
                               handle(t, lines[i].text, lines[i].number, bad[t]);
                       });
        // Each thread's list is in line order; together they are not.
        std::vector<bad_line> all;
        for (auto& list : bad) {
            std::move(list.begin(), list.end(), std::back_inserter(all));
            list.clear();
        }
        std::sort(all.begin(), all.end(),
                  [](const bad_line& x, const bad_line& y) { return x.number < y.number; });
        if (!all.empty()) progress.clear();
        for (const bad_line& b : all)
            std::fprintf(stderr, "respite %s: line %llu: %s\n", what,
                         static_cast<unsigned long long>(b.number), b.message.c_str());
        counts.lines += lines.size();
        progress.update(counts.lines, counts.bytes);
    }
    counts.bytes = ahead.bytes_read();
    progress.update(counts.lines, counts.bytes, true);
    progress.finish();
    return counts;
}

struct input_file {
    std::FILE* f = nullptr;
    std::uint64_t size = 0;
    bool owned = false;
    ~input_file() {
        if (owned && f) std::fclose(f);
    }
};

bool open_input(const std::string& path, input_file& in) {
    if (path == "-") {
        in.f = stdin;
    } else {
        in.f = std::fopen(path.c_str(), "rb");
        in.owned = true;
    }
    if (!in.f) {
        std::cerr << "respite: cannot read '" << path << "'\n";
        return false;
    }
    struct stat st {};
    if (::fstat(::fileno(in.f), &st) == 0 && S_ISREG(st.st_mode))
        in.size = static_cast<std::uint64_t>(st.st_size);
    return true;
}

bool write_output(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0;
    }
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) {
        std::cerr << "respite: cannot write '" << path << "'\n";
        return false;
    }
    const bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
    if (std::fclose(out) != 0 || !ok) {
        std::cerr << "respite: writing '" << path << "' failed\n";
        return false;
    }
    return true;
}

error_list prefixed(const error_list& from, const std::string& prefix) {
    error_list errors;
    for (auto e : from)
        errors.push_back({prefix + e.path, e.code, e.message});
    return errors;
}

// The finished report in the asked-for form.
int emit_report(const report_accumulator& r, const std::string& format, bool partial,
                const std::string& output) {
    std::string text;
    if (partial) {
        text = r.render_partial() + "\n";
    } else {
        const std::string json = r.render();
        if (format == "csv")
            text = *report_csv(json);
        else if (format == "html")
            text = report_html(json);
        else
            text = json + "\n";
    }
    return write_output(output, text) ? 0 : 2;
}

unsigned default_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

command add_report(CLI::App& app) {
    struct options {
        std::string policy, at, input, output, format = "json";
        unsigned threads = default_threads();
        bool partial = false, quiet = false;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "report", "Portfolio figures over NDJSON accounts: states, stages, amounts, MRR/ARR at "
                  "risk, aging, actions, declines, usage, ASC 606, coming suspensions, recovery "
                  "forecast (docs/report.md)");
    cmd->add_option("--policy,-p", o->policy, "Policy file or preset:NAME")->required();
    cmd->add_option("--at", o->at, "RFC 3339 instant (default: now)");
    cmd->add_option("--format,-f", o->format, "json (default), csv or html")
        ->check(CLI::IsMember({"json", "csv", "html"}));
    cmd->add_option("--output,-o", o->output, "Write here instead of stdout");
    cmd->add_flag("--partial", o->partial,
                  "Write a respite.report-partial/1 for `respite merge` (sharded runs)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress or summary on stderr");
    cmd->add_option("accounts", o->input, "NDJSON accounts, or - for stdin")->required();
    return {cmd, [o] {
                if (o->partial && o->format != "json") {
                    std::cerr << "respite report: --partial writes JSON; leave out --format\n";
                    return 2;
                }
                auto policy_text = read_policy_text(o->policy);
                auto now = read_at(o->at);
                if (!policy_text || !now) return 2;
                auto p = parse_policy(*policy_text);
                if (!p) return print_errors(prefixed(p.errors(), "/policy"));
                input_file in;
                if (!open_input(o->input, in)) return 2;

                std::vector<report_accumulator> parts(o->threads, report_accumulator(p->id, *now));
                std::vector<system_zone_source> zones(o->threads);
                const policy& pol = *p;
                const instant at = *now;
                scan_options so{o->threads, !o->quiet && ::isatty(2) != 0, in.size};
                const scan_counts counts =
                    scan_ndjson(in.f, so, "report",
                                [&](unsigned t, std::string_view text, std::uint64_t line,
                                    std::vector<bad_line>& bad) {
                                    auto a = parse_account_padded(text); // a line of ndjson_blocks
                                    if (!a) {
                                        parts[t].add_invalid(a.errors().front().code);
                                        bad.push_back({line, describe(a.errors())});
                                        return;
                                    }
                                    auto s = evaluate(pol, *a, at, zones[t]);
                                    if (!s) {
                                        parts[t].add_invalid(s.errors().front().code);
                                        bad.push_back({line, describe(s.errors())});
                                        return;
                                    }
                                    parts[t].add(*a, *s);
                                });
                for (std::size_t t = 1; t < parts.size(); ++t)
                    parts[0].merge(parts[t]);
                const int code = emit_report(parts[0], o->format, o->partial, o->output);
                if (!o->quiet)
                    std::cerr << "respite report: " << counts.lines << " lines, "
                              << parts[0].lines() - parts[0].invalid() << " accounts counted, "
                              << parts[0].invalid() << " unreadable\n";
                return code;
            }};
}

command add_merge(CLI::App& app) {
    struct options {
        std::vector<std::string> parts;
        std::string output, format = "json";
        bool partial = false;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "merge", "Combine respite.report-partial/1 files (from `report --partial` on shards) "
                 "into the report one pass over all the data gives");
    cmd->add_option("parts", o->parts, "Partial reports (- for stdin)")->required();
    cmd->add_option("--format,-f", o->format, "json (default), csv or html")
        ->check(CLI::IsMember({"json", "csv", "html"}));
    cmd->add_option("--output,-o", o->output, "Write here instead of stdout");
    cmd->add_flag("--partial", o->partial, "Write a partial again (merge in a tree)");
    return {cmd, [o] {
                if (o->partial && o->format != "json") {
                    std::cerr << "respite merge: --partial writes JSON; leave out --format\n";
                    return 2;
                }
                std::optional<report_accumulator> total;
                for (std::size_t i = 0; i < o->parts.size(); ++i) {
                    auto text = read_text(o->parts[i]);
                    if (!text) return 2;
                    auto part = report_accumulator::parse_partial(*text);
                    if (!part)
                        return print_errors(prefixed(part.errors(), "/parts/" + std::to_string(i)));
                    if (!total) {
                        total = std::move(part).value();
                        continue;
                    }
                    std::string why;
                    if (!total->merge(*part, &why))
                        return print_errors({{"/parts/" + std::to_string(i), "incompatible_partial",
                                              o->parts[i] + ": " + why}});
                }
                return emit_report(*total, o->format, o->partial, o->output);
            }};
}

command add_simulate(CLI::App& app) {
    struct options {
        std::string policy, vs, at, input, output, format = "text";
        unsigned threads = default_threads();
        bool quiet = false;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "simulate", "Replay each account's recorded history (NDJSON snapshots) under two policies "
                    "and compare restrictions, suspensions, unpaid service, recoveries, "
                    "unrecognised revenue and involuntary churn (docs/report.md)");
    cmd->add_option("--policy,-p", o->policy, "Policy A: file or preset:NAME")->required();
    cmd->add_option("--vs", o->vs, "Policy B: file or preset:NAME")->required();
    cmd->add_option("--at", o->at, "Replay until this RFC 3339 instant (default: now)");
    cmd->add_option("--format,-f", o->format, "text (default), json or html")
        ->check(CLI::IsMember({"text", "json", "html"}));
    cmd->add_option("--output,-o", o->output, "Write here instead of stdout");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    cmd->add_flag("--quiet,-q", o->quiet, "No progress or summary on stderr");
    cmd->add_option("history", o->input, "NDJSON account histories, or - for stdin")->required();
    return {cmd, [o] {
                auto a_text = read_policy_text(o->policy);
                auto b_text = read_policy_text(o->vs);
                auto until = read_at(o->at);
                if (!a_text || !b_text || !until) return 2;
                auto pa = parse_policy(*a_text);
                auto pb = parse_policy(*b_text);
                error_list errors = pa ? error_list{} : prefixed(pa.errors(), "/policy");
                if (!pb)
                    for (auto& e : prefixed(pb.errors(), "/vs"))
                        errors.push_back(std::move(e));
                if (!errors.empty()) return print_errors(errors);
                input_file in;
                if (!open_input(o->input, in)) return 2;

                std::vector<simulation_accumulator> parts(
                    o->threads, simulation_accumulator(pa->id, pb->id, *until));
                std::vector<system_zone_source> zones(o->threads);
                const policy& policy_a = *pa;
                const policy& policy_b = *pb;
                const instant end = *until;
                scan_options so{o->threads, !o->quiet && ::isatty(2) != 0, in.size};
                const scan_counts counts =
                    scan_ndjson(in.f, so, "simulate",
                                [&](unsigned t, std::string_view text, std::uint64_t line,
                                    std::vector<bad_line>& bad) {
                                    auto acct =
                                        parse_account_padded(text); // a line of ndjson_blocks
                                    if (!acct) {
                                        parts[t].add_invalid(acct.errors().front().code);
                                        bad.push_back({line, describe(acct.errors())});
                                        return;
                                    }
                                    auto ra = replay(policy_a, *acct, end, zones[t]);
                                    auto rb = ra ? replay(policy_b, *acct, end, zones[t]) : ra;
                                    if (!ra || !rb) {
                                        const error_list& e = !ra ? ra.errors() : rb.errors();
                                        parts[t].add_invalid(e.front().code);
                                        bad.push_back({line, describe(e)});
                                        return;
                                    }
                                    parts[t].add(*ra, *rb);
                                });
                for (std::size_t t = 1; t < parts.size(); ++t)
                    parts[0].merge(parts[t]);
                const std::string json = parts[0].render();
                std::string text;
                if (o->format == "json")
                    text = json + "\n";
                else if (o->format == "html")
                    text = simulation_html(json);
                else
                    text = *simulation_text(json);
                if (!o->quiet)
                    std::cerr << "respite simulate: " << counts.lines << " histories replayed\n";
                return write_output(o->output, text) ? 0 : 2;
            }};
}

} // namespace

std::vector<command> add_report_commands(CLI::App& app) {
    return {add_report(app), add_merge(app), add_simulate(app)};
}

} // namespace respite::cli
