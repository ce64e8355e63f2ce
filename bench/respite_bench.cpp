// respite_bench — in-process throughput of the core on generated accounts (one thread).
//
//   respite_bench [--accounts N] [--seed S] [--runs R] [--policy FILE|preset:NAME] [--at INSTANT]
//
// Prints, for each path, the median over R runs of a pass over all N accounts:
//   parse_account          JSON text -> typed account (the validation included)
//   evaluate               parsed policy + parsed account -> typed status
//   evaluate+render        ... and the status rendered as JSON text
//   evaluate_account_json  account text -> status text against a parsed policy (the batch path)
//   evaluate_json          policy text + account text -> status text (the wasm/API path)
// Throughput is accounts (or evaluations) per second; MB/s counts account JSON bytes read
// (MB = 10^6 bytes). No timed assertion: this only measures.
#include "respite/api.hpp"
#include "respite/evaluate.hpp"
#include "respite/generate.hpp"
#include "respite/json.hpp"
#include "respite/presets.hpp"
#include "respite/system_zones.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

struct options {
    std::uint64_t accounts = 20000;
    std::uint64_t seed = 7;
    int runs = 5;
    std::string policy = "preset:stripe-default";
    std::string at = "2026-12-04T16:00:00Z";
};

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr,
                 "respite_bench: %s\nusage: respite_bench [--accounts N] [--seed S] [--runs R] "
                 "[--policy FILE|preset:NAME] [--at INSTANT]\n",
                 why);
    std::exit(2);
}

options parse_args(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value for " + arg).c_str());
            return argv[++i];
        };
        if (arg == "--accounts" || arg == "-n")
            o.accounts = std::strtoull(value().c_str(), nullptr, 10);
        else if (arg == "--seed" || arg == "-s")
            o.seed = std::strtoull(value().c_str(), nullptr, 10);
        else if (arg == "--runs" || arg == "-r")
            o.runs = std::atoi(value().c_str());
        else if (arg == "--policy" || arg == "-p")
            o.policy = value();
        else if (arg == "--at")
            o.at = value();
        else if (arg == "--help" || arg == "-h")
            usage("help");
        else
            usage(("unknown argument " + arg).c_str());
    }
    if (o.accounts == 0 || o.runs < 1) usage("--accounts and --runs must be at least 1");
    return o;
}

std::string read_policy(const std::string& spec) {
    if (spec.rfind("preset:", 0) == 0) {
        const auto* p = respite::find_preset(spec.substr(7));
        if (p == nullptr) usage(("no preset " + spec.substr(7)).c_str());
        return std::string(p->json);
    }
    std::ifstream in(spec, std::ios::binary);
    if (!in) usage(("cannot read " + spec).c_str());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

// Runs `pass` (one pass over every account) `runs` times; returns the median time in seconds.
double median_time(int runs, const std::function<void()>& pass) {
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = clock_type::now();
        pass();
        times.push_back(seconds_since(t0));
    }
    std::sort(times.begin(), times.end());
    const std::size_t n = times.size();
    return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
}

void report(const char* what, std::size_t count, double bytes, double secs) {
    const double per_s = static_cast<double>(count) / secs;
    std::printf("  %-24s %12.0f /s %9.1f MB/s %9.2f us each\n", what, per_s, bytes / secs / 1e6,
                secs * 1e6 / static_cast<double>(count));
}

volatile std::size_t sink = 0; // keeps the optimiser from dropping the work

} // namespace

int main(int argc, char** argv) {
    const options o = parse_args(argc, argv);

    // Accounts.
    respite::generate_options gen;
    gen.seed = o.seed;
    std::vector<std::string> texts;
    texts.reserve(static_cast<std::size_t>(o.accounts));
    double bytes = 0;
    const auto g0 = clock_type::now();
    for (std::uint64_t i = 0; i < o.accounts; ++i) {
        texts.push_back(respite::generate_account(gen, i));
        bytes += static_cast<double>(texts.back().size());
    }
    const double gen_secs = seconds_since(g0);

    // Policy, instant, zones.
    const std::string policy_text = read_policy(o.policy);
    auto policy = respite::parse_policy(policy_text);
    if (!policy) {
        std::fprintf(stderr, "respite_bench: policy: %s\n",
                     respite::render_errors(policy.errors()).c_str());
        return 1;
    }
    const auto now = respite::parse_instant(o.at);
    if (!now) usage("--at is not an RFC 3339 instant");
    const respite::system_zone_source zones;

    // Everything must parse and evaluate; keep the parsed accounts for the object path.
    std::vector<respite::account> accounts;
    accounts.reserve(texts.size());
    std::size_t parse_errors = 0, eval_errors = 0;
    for (const auto& t : texts) {
        auto a = respite::parse_account(t);
        if (!a) {
            ++parse_errors;
            continue;
        }
        if (!respite::evaluate(*policy, *a, *now, zones)) ++eval_errors;
        accounts.push_back(std::move(a).value());
    }

    std::printf("respite_bench %s: %zu accounts (seed %llu), %.1f MB, %.0f bytes each on average\n",
                respite::version(), texts.size(), static_cast<unsigned long long>(o.seed),
                bytes / 1e6, bytes / static_cast<double>(texts.size()));
    std::printf("  policy %s at %s; one thread; median of %d runs\n", policy->id.c_str(),
                o.at.c_str(), o.runs);
    std::printf("  generate_account         %12.0f /s %9.1f MB/s (one pass)\n",
                static_cast<double>(texts.size()) / gen_secs, bytes / gen_secs / 1e6);
    if (parse_errors != 0 || eval_errors != 0) {
        std::printf("  ERRORS: %zu accounts failed to parse, %zu to evaluate\n", parse_errors,
                    eval_errors);
        return 1;
    }

    const std::size_t n = texts.size();
    report("parse_account", n, bytes, median_time(o.runs, [&] {
               std::size_t s = 0;
               for (const auto& t : texts)
                   s += respite::parse_account(t).ok() ? 1 : 0;
               sink = sink + s;
           }));
    report("evaluate (objects)", n, bytes, median_time(o.runs, [&] {
               std::size_t s = 0;
               for (const auto& a : accounts) {
                   auto st = respite::evaluate(*policy, a, *now, zones);
                   s += st.ok() ? static_cast<std::size_t>(st->state) + 1 : 0;
               }
               sink = sink + s;
           }));
    report("evaluate+render_status", n, bytes, median_time(o.runs, [&] {
               std::size_t s = 0;
               for (const auto& a : accounts) {
                   auto st = respite::evaluate(*policy, a, *now, zones);
                   if (st) s += respite::render_status(*st).size();
               }
               sink = sink + s;
           }));
    report("evaluate_account_json", n, bytes, median_time(o.runs, [&] {
               std::size_t s = 0;
               for (const auto& t : texts)
                   s += respite::evaluate_account_json(*policy, t, *now, zones).json.size();
               sink = sink + s;
           }));
    report("evaluate_json", n, bytes, median_time(o.runs, [&] {
               std::size_t s = 0;
               for (const auto& t : texts)
                   s += respite::evaluate_json(policy_text, t, o.at, zones).json.size();
               sink = sink + s;
           }));
    return 0;
}
