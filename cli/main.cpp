// respite — the command-line face of the grace engine. Exit codes: 0 done, 1 invalid input
// (a respite.error/1 document on stdout), 2 usage (help on stderr).
#include "batch.hpp"
#include "inputs.hpp"
#include "timeline_text.hpp"

#include <respite/api.hpp>
#include <respite/evaluate.hpp>
#include <respite/generate.hpp>
#include <respite/json.hpp>
#include <respite/presets.hpp>
#include <respite/system_zones.hpp>
#include <respite/timeline.hpp>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <thread>
#include <unistd.h>

namespace {

using namespace respite;

struct evaluate_args {
    std::string policy, account, at;
};

// Reads policy, account and instant; prints errors (exit 1) when any is wrong.
int with_inputs(const evaluate_args& args, const std::function<int(const policy&, const account&, instant)>& then) {
    auto policy_text = cli::read_policy_text(args.policy);
    auto account_text = cli::read_text(args.account);
    auto now = cli::read_at(args.at);
    if (!policy_text || !account_text) return 2;
    if (!now) return 2;
    error_list errors;
    auto p = parse_policy(*policy_text);
    if (!p)
        for (auto e : p.errors()) errors.push_back({"/policy" + e.path, e.code, e.message});
    auto a = parse_account(*account_text);
    if (!a)
        for (auto e : a.errors()) errors.push_back({"/account" + e.path, e.code, e.message});
    if (!errors.empty()) return cli::print_errors(errors);
    return then(*p, *a, *now);
}

int prefixed_errors(const error_list& from) {
    error_list errors;
    for (auto e : from) errors.push_back({"/account" + e.path, e.code, e.message});
    return cli::print_errors(errors);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"respite " + std::string(version()) +
                 " — the grace-period engine for SaaS billing.\n"
                 "Decides, from a policy and an account snapshot, where a customer with a failed "
                 "payment stands: stage, access, countdown, required actions, reminders, retries "
                 "and unrecognised revenue.\n"
                 "Exit codes: 0 done, 1 invalid input (respite.error/1 on stdout), 2 usage."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(version()));
    app.footer("Examples:\n"
               "  respite evaluate --policy presets/stripe-default.json --account "
               "examples/accounts/warning.json --at 2026-12-04T15:00:00Z\n"
               "  respite timeline --policy preset:lenient-b2b --account acct.json\n"
               "  respite generate --accounts 1000 --seed 7 | respite batch --policy "
               "preset:stripe-default -\n"
               "Policies: a file, or preset:NAME (respite presets lists them).");

    evaluate_args ev;
    bool pretty = false;
    auto* evaluate_cmd = app.add_subcommand(
        "evaluate", "Print the respite.status/1 of an account at an instant");
    evaluate_cmd->add_option("--policy,-p", ev.policy, "Policy file or preset:NAME")->required();
    evaluate_cmd->add_option("--account,-a", ev.account, "Account snapshot file (- for stdin)")
        ->required();
    evaluate_cmd->add_option("--at", ev.at, "RFC 3339 instant (default: now)");
    evaluate_cmd->add_flag("--pretty", pretty, "Indent the JSON for reading");

    evaluate_args tl;
    bool timeline_json_out = false;
    auto* timeline_cmd = app.add_subcommand(
        "timeline", "Print every date of the account's grace period, for people");
    timeline_cmd->add_option("--policy,-p", tl.policy, "Policy file or preset:NAME")->required();
    timeline_cmd->add_option("--account,-a", tl.account, "Account snapshot file (- for stdin)")
        ->required();
    timeline_cmd->add_option("--at", tl.at, "RFC 3339 instant (default: now)");
    timeline_cmd->add_flag("--json", timeline_json_out, "Print the respite.timeline/1 document");

    std::vector<std::string> validate_files;
    auto* validate_cmd = app.add_subcommand(
        "validate", "Check policy or account documents (chosen by their \"schema\")");
    validate_cmd->add_option("files", validate_files, "Files to check (- for stdin)")->required();

    std::string batch_policy, batch_at, batch_input = "-", batch_output;
    unsigned batch_threads = std::max(1u, std::thread::hardware_concurrency());
    bool batch_quiet = false;
    auto* batch_cmd = app.add_subcommand(
        "batch", "Evaluate NDJSON accounts (one per line) into NDJSON statuses, same order; a "
                 "bad line gives an error record with its line number and the run goes on");
    batch_cmd->add_option("--policy,-p", batch_policy, "Policy file or preset:NAME")->required();
    batch_cmd->add_option("--at", batch_at, "RFC 3339 instant (default: now)");
    batch_cmd->add_option("--threads,-j", batch_threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    batch_cmd->add_option("--output,-o", batch_output, "Write here instead of stdout");
    batch_cmd->add_flag("--quiet,-q", batch_quiet, "No progress or summary on stderr");
    batch_cmd->add_option("input", batch_input, "NDJSON file, or - for stdin (default)");

    std::uint64_t gen_count = 100, gen_seed = 1;
    std::string gen_around;
    auto* generate_cmd = app.add_subcommand(
        "generate", "Write realistic sample accounts as NDJSON (same bytes for the same seed)");
    generate_cmd->add_option("--accounts,-n", gen_count, "How many accounts")
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
    generate_cmd->add_option("--seed,-s", gen_seed, "Seed");
    generate_cmd->add_option("--around", gen_around,
                             "The instant the data is built around (default 2026-12-04T16:00:00Z)");

    std::string preset_name;
    auto* presets_cmd = app.add_subcommand("presets", "List the policy presets, or print one");
    presets_cmd->add_option("name", preset_name, "Preset to print");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    const system_zone_source zones;

    if (*evaluate_cmd) {
        return with_inputs(ev, [&](const policy& p, const account& a, instant now) {
            auto s = evaluate(p, a, now, zones);
            if (!s) return prefixed_errors(s.errors());
            std::string out = render_status(*s);
            if (pretty) {
                // Re-indenting is presentation only; the compact bytes are the contract.
                std::string indented;
                int depth = 0;
                bool in_string = false, escaped = false;
                for (char c : out) {
                    if (in_string) {
                        indented += c;
                        if (escaped) escaped = false;
                        else if (c == '\\') escaped = true;
                        else if (c == '"') in_string = false;
                        continue;
                    }
                    if (c == '"') in_string = true;
                    if (c == '}' || c == ']') {
                        indented += '\n' + std::string(static_cast<std::size_t>(2 * --depth), ' ');
                    }
                    indented += c;
                    if (c == '{' || c == '[') {
                        indented += '\n' + std::string(static_cast<std::size_t>(2 * ++depth), ' ');
                    } else if (c == ',') {
                        indented += '\n' + std::string(static_cast<std::size_t>(2 * depth), ' ');
                    } else if (c == ':') {
                        indented += ' ';
                    }
                }
                out = indented;
            }
            std::cout << out << "\n";
            return 0;
        });
    }
    if (*timeline_cmd) {
        return with_inputs(tl, [&](const policy& p, const account& a, instant now) {
            auto t = build_timeline(p, a, now, zones);
            if (!t) return prefixed_errors(t.errors());
            std::cout << (timeline_json_out ? render_timeline(*t) + "\n" : cli::timeline_text(*t));
            return 0;
        });
    }
    if (*validate_cmd) {
        int code = 0;
        for (const auto& file : validate_files) {
            auto text = cli::read_text(file);
            if (!text) return 2;
            auto r = validate_json(*text);
            std::cout << r.json << "\n";
            if (!r.ok) code = 1;
            std::cerr << file << ": " << (r.ok ? "valid" : "invalid") << "\n";
        }
        return code;
    }
    if (*batch_cmd) {
        auto policy_text = cli::read_policy_text(batch_policy);
        auto now = cli::read_at(batch_at);
        if (!policy_text || !now) return 2;
        auto p = parse_policy(*policy_text);
        if (!p) {
            error_list errors;
            for (auto e : p.errors()) errors.push_back({"/policy" + e.path, e.code, e.message});
            return cli::print_errors(errors);
        }
        std::FILE* in = batch_input == "-" ? stdin : std::fopen(batch_input.c_str(), "rb");
        if (!in) {
            std::cerr << "respite: cannot read '" << batch_input << "'\n";
            return 2;
        }
        std::FILE* out = batch_output.empty() ? stdout : std::fopen(batch_output.c_str(), "wb");
        if (!out) {
            std::cerr << "respite: cannot write '" << batch_output << "'\n";
            return 2;
        }
        const bool progress = !batch_quiet && ::isatty(2);
        auto counts = cli::run_batch(*p, *now, in, out, batch_threads, progress);
        if (in != stdin) std::fclose(in);
        if (out != stdout && std::fclose(out) != 0) {
            std::cerr << "respite: writing '" << batch_output << "' failed\n";
            return 2;
        }
        if (!batch_quiet)
            std::cerr << "respite: " << counts.lines << " accounts in, " << counts.ok
                      << " statuses and " << counts.errors << " error records out\n";
        return 0;
    }
    if (*generate_cmd) {
        generate_options options;
        options.seed = gen_seed;
        if (!gen_around.empty()) {
            auto t = cli::read_at(gen_around);
            if (!t) return 2;
            options.around = *t;
        }
        std::string line;
        for (std::uint64_t i = 0; i < gen_count; ++i) {
            line = generate_account(options, i);
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), stdout);
        }
        return std::fflush(stdout) == 0 ? 0 : 2;
    }
    if (*presets_cmd) {
        if (preset_name.empty()) {
            for (const auto& p : presets()) std::cout << p.name << "\t" << p.summary << "\n";
            return 0;
        }
        if (const preset_info* p = find_preset(preset_name)) {
            std::cout << p->json;
            return 0;
        }
        std::cerr << "respite: no preset named '" << preset_name << "' (see: respite presets)\n";
        return 2;
    }
    return 2;
}
