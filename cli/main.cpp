// respite — the command-line face of the grace engine. Exit codes: 0 done, 1 invalid input
// (a respite.error/1 document on stdout), 2 usage (help on stderr).
#include "batch.hpp"
#include "command.hpp"
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
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <unistd.h>

namespace {

using namespace respite;
using namespace respite::cli;

error_list prefixed(const error_list& from, const char* prefix) {
    error_list errors;
    for (auto e : from)
        errors.push_back({prefix + e.path, e.code, e.message});
    return errors;
}

struct evaluate_args {
    std::string policy, account, at;
};

// Reads policy, account and instant; prints errors (exit 1) when any is wrong.
int with_inputs(const evaluate_args& args,
                const std::function<int(const policy&, const account&, instant)>& then) {
    auto policy_text = read_policy_text(args.policy);
    auto account_text = read_text(args.account);
    auto now = read_at(args.at);
    if (!policy_text || !account_text || !now) return 2;
    auto p = parse_policy(*policy_text);
    auto a = parse_account(*account_text);
    error_list errors = p ? error_list{} : prefixed(p.errors(), "/policy");
    if (!a)
        for (auto& e : prefixed(a.errors(), "/account"))
            errors.push_back(std::move(e));
    if (!errors.empty()) return print_errors(errors);
    return then(*p, *a, *now);
}

int prefixed_errors(const error_list& from) {
    return print_errors(prefixed(from, "/account"));
}

} // namespace

namespace respite::cli {

std::string indent_json(const std::string& compact) {
    // Presentation only; the compact bytes are the contract.
    std::string out;
    int depth = 0;
    bool in_string = false, escaped = false;
    auto newline = [&] { out += '\n' + std::string(static_cast<std::size_t>(2 * depth), ' '); };
    for (std::size_t i = 0; i < compact.size(); ++i) {
        const char c = compact[i];
        if (in_string) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if ((c == '{' || c == '[') && i + 1 < compact.size() &&
            (compact[i + 1] == '}' || compact[i + 1] == ']')) {
            out += c;
            out += compact[++i];
            continue;
        }
        if (c == '}' || c == ']') {
            --depth;
            newline();
        }
        out += c;
        if (c == '{' || c == '[') {
            ++depth;
            newline();
        } else if (c == ',') {
            newline();
        } else if (c == ':') {
            out += ' ';
        }
    }
    return out;
}

command add_evaluate(CLI::App& app) {
    auto args = std::make_shared<evaluate_args>();
    auto pretty = std::make_shared<bool>(false);
    auto* cmd =
        app.add_subcommand("evaluate", "Print the respite.status/1 of an account at an instant");
    cmd->add_option("--policy,-p", args->policy, "Policy file or preset:NAME")->required();
    cmd->add_option("--account,-a", args->account, "Account snapshot file (- for stdin)")
        ->required();
    cmd->add_option("--at", args->at, "RFC 3339 instant (default: now)");
    cmd->add_flag("--pretty", *pretty, "Indent the JSON for reading");
    return {cmd, [args, pretty] {
                return with_inputs(*args, [&](const policy& p, const account& a, instant now) {
                    const system_zone_source zones;
                    auto s = evaluate(p, a, now, zones);
                    if (!s) return prefixed_errors(s.errors());
                    const std::string out = render_status(*s);
                    std::cout << (*pretty ? indent_json(out) : out) << "\n";
                    return 0;
                });
            }};
}

command add_timeline(CLI::App& app) {
    auto args = std::make_shared<evaluate_args>();
    auto as_json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand("timeline",
                                   "Print every date of the account's grace period, for people");
    cmd->add_option("--policy,-p", args->policy, "Policy file or preset:NAME")->required();
    cmd->add_option("--account,-a", args->account, "Account snapshot file (- for stdin)")
        ->required();
    cmd->add_option("--at", args->at, "RFC 3339 instant (default: now)");
    cmd->add_flag("--json", *as_json, "Print the respite.timeline/1 document");
    return {cmd, [args, as_json] {
                return with_inputs(*args, [&](const policy& p, const account& a, instant now) {
                    const system_zone_source zones;
                    auto t = build_timeline(p, a, now, zones);
                    if (!t) return prefixed_errors(t.errors());
                    std::cout << (*as_json ? render_timeline(*t) + "\n" : timeline_text(*t));
                    return 0;
                });
            }};
}

command add_validate(CLI::App& app) {
    auto files = std::make_shared<std::vector<std::string>>();
    auto* cmd = app.add_subcommand(
        "validate", "Check policy or account documents (chosen by their \"schema\")");
    cmd->add_option("files", *files, "Files to check (- for stdin)")->required();
    return {cmd, [files] {
                int code = 0;
                for (const auto& file : *files) {
                    auto text = read_text(file);
                    if (!text) return 2;
                    auto r = validate_json(*text);
                    std::cout << r.json << "\n";
                    if (!r.ok) code = 1;
                    std::cerr << file << ": " << (r.ok ? "valid" : "invalid") << "\n";
                }
                return code;
            }};
}

command add_batch(CLI::App& app) {
    struct options {
        std::string policy, at, input = "-", output;
        unsigned threads = std::max(1u, std::thread::hardware_concurrency());
        bool quiet = false;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "batch", "Evaluate NDJSON accounts (one per line) into NDJSON statuses, same order; a "
                 "bad line gives an error record with its line number and the run goes on");
    cmd->add_option("--policy,-p", o->policy, "Policy file or preset:NAME")->required();
    cmd->add_option("--at", o->at, "RFC 3339 instant (default: now)");
    cmd->add_option("--threads,-j", o->threads, "Worker threads (default: all cores)")
        ->check(CLI::Range(1u, 256u));
    cmd->add_option("--output,-o", o->output, "Write here instead of stdout");
    cmd->add_flag("--quiet,-q", o->quiet, "No progress or summary on stderr");
    cmd->add_option("input", o->input, "NDJSON file, or - for stdin (default)");
    return {cmd, [o] {
                auto policy_text = read_policy_text(o->policy);
                auto now = read_at(o->at);
                if (!policy_text || !now) return 2;
                auto p = parse_policy(*policy_text);
                if (!p) return print_errors(prefixed(p.errors(), "/policy"));
                std::FILE* in = o->input == "-" ? stdin : std::fopen(o->input.c_str(), "rb");
                if (!in) {
                    std::cerr << "respite: cannot read '" << o->input << "'\n";
                    return 2;
                }
                std::FILE* out = o->output.empty() ? stdout : std::fopen(o->output.c_str(), "wb");
                if (!out) {
                    std::cerr << "respite: cannot write '" << o->output << "'\n";
                    return 2;
                }
                const bool progress = !o->quiet && ::isatty(2);
                auto counts = run_batch(*p, *now, in, out, o->threads, progress);
                if (in != stdin) std::fclose(in);
                if (out != stdout && std::fclose(out) != 0) {
                    std::cerr << "respite: writing '" << o->output << "' failed\n";
                    return 2;
                }
                if (!o->quiet)
                    std::cerr << "respite: " << counts.lines << " accounts in, " << counts.ok
                              << " statuses and " << counts.errors << " error records out\n";
                return 0;
            }};
}

command add_generate(CLI::App& app) {
    struct options {
        std::uint64_t count = 100, seed = 1;
        std::string around;
    };
    auto o = std::make_shared<options>();
    auto* cmd = app.add_subcommand(
        "generate", "Write realistic sample accounts as NDJSON (same bytes for the same seed)");
    cmd->add_option("--accounts,-n", o->count, "How many accounts")
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
    cmd->add_option("--seed,-s", o->seed, "Seed");
    cmd->add_option("--around", o->around,
                    "The instant the data is built around (default 2026-12-04T16:00:00Z)");
    return {cmd, [o] {
                generate_options options;
                options.seed = o->seed;
                if (!o->around.empty()) {
                    auto t = read_at(o->around);
                    if (!t) return 2;
                    options.around = *t;
                }
                std::string line;
                for (std::uint64_t i = 0; i < o->count; ++i) {
                    line = generate_account(options, i);
                    line += '\n';
                    std::fwrite(line.data(), 1, line.size(), stdout);
                }
                return std::fflush(stdout) == 0 ? 0 : 2;
            }};
}

command add_presets(CLI::App& app) {
    auto name = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("presets", "List the policy presets, or print one");
    cmd->add_option("name", *name, "Preset to print");
    return {cmd, [name] {
                if (name->empty()) {
                    for (const auto& p : presets())
                        std::cout << p.name << "\t" << p.summary << "\n";
                    return 0;
                }
                if (const preset_info* p = find_preset(*name)) {
                    std::cout << p->json;
                    return 0;
                }
                std::cerr << "respite: no preset named '" << *name << "' (see: respite presets)\n";
                return 2;
            }};
}

} // namespace respite::cli

int main(int argc, char** argv) {
    using namespace respite::cli;
    CLI::App app{"respite " + std::string(respite::version()) +
                 " — the grace-period engine for SaaS billing.\n"
                 "Decides, from a policy and an account snapshot, where a customer with a failed "
                 "payment stands: stage, access, countdown, required actions, reminders, retries "
                 "and unrecognised revenue.\n"
                 "Exit codes: 0 done, 1 invalid input (respite.error/1 on stdout), 2 usage."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(respite::version()));
    app.footer("Examples:\n"
               "  respite evaluate --policy presets/standard.json --account "
               "examples/portal-demo/accounts/03-warning.json --at 2026-12-04T15:00:00Z\n"
               "  respite timeline --policy preset:lenient-b2b --account acct.json\n"
               "  respite generate --accounts 1000 --seed 7 | respite batch --policy "
               "preset:stripe-default -\n"
               "Policies: a file, or preset:NAME (respite presets lists them).");
    std::vector<command> commands = {add_evaluate(app), add_timeline(app), add_validate(app),
                                     add_batch(app),    add_generate(app), add_presets(app)};
    for (auto& c : add_report_commands(app))
        commands.push_back(std::move(c));
    for (auto& c : add_integration_commands(app))
        commands.push_back(std::move(c));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    for (const auto& c : commands)
        if (*c.app) return c.run();
    return 2;
}
