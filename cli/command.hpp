// Each subcommand lives in a file of its own and registers itself here: the option set and the
// function that runs it once CLI11 has parsed the command line.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace respite::cli {

struct command {
    CLI::App* app = nullptr;
    std::function<int()> run; // exit code: 0 done, 1 invalid input, 2 usage or I/O
};

// core commands (main.cpp)
command add_evaluate(CLI::App& app);
command add_timeline(CLI::App& app);
command add_validate(CLI::App& app);
command add_batch(CLI::App& app);
command add_generate(CLI::App& app);
command add_presets(CLI::App& app);
// portfolio commands (report_command.cpp)
std::vector<command> add_report_commands(CLI::App& app);
// integrations (integration_command.cpp)
std::vector<command> add_integration_commands(CLI::App& app);

} // namespace respite::cli
