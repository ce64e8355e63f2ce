// Reading the CLI's inputs: files, stdin, presets, instants.
#pragma once

#include <respite/policy.hpp>
#include <respite/result.hpp>
#include <respite/time.hpp>

#include <optional>
#include <string>

namespace respite::cli {

// The whole file (or stdin for "-"); nullopt and a message on stderr when unreadable.
std::optional<std::string> read_text(const std::string& path);

// A policy file, or "preset:NAME" (or a bare preset name when no such file exists).
std::optional<std::string> read_policy_text(const std::string& spec);

// --at, or the system clock when empty.
std::optional<instant> read_at(const std::string& at);

// The compact JSON the core writes, indented for people (--pretty). Presentation only.
std::string indent_json(const std::string& compact);

// Prints an error document on stdout; returns the exit code for invalid input (1).
int print_errors(const error_list& errors);

} // namespace respite::cli
