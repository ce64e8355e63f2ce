#include "inputs.hpp"

#include <respite/json.hpp>
#include <respite/presets.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>

namespace respite::cli {

std::optional<std::string> read_text(const std::string& path) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "respite: cannot read '" << path << "'\n";
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::optional<std::string> read_policy_text(const std::string& spec) {
    std::string name;
    struct stat st {};
    if (spec.rfind("preset:", 0) == 0)
        name = spec.substr(7);
    else if (::stat(spec.c_str(), &st) != 0 && find_preset(spec))
        name = spec;
    if (!name.empty()) {
        if (const preset_info* p = find_preset(name)) return std::string(p->json);
        std::cerr << "respite: no preset named '" << name << "' (see: respite presets)\n";
        return std::nullopt;
    }
    return read_text(spec);
}

std::optional<instant> read_at(const std::string& at) {
    if (at.empty()) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        return instant{std::chrono::duration_cast<std::chrono::milliseconds>(now).count()};
    }
    parse_failure why;
    auto t = parse_instant(at, &why);
    if (!t) std::cerr << "respite: --at '" << at << "': " << why.message << "\n";
    return t;
}

int print_errors(const error_list& errors) {
    std::cout << render_errors(errors) << "\n";
    return 1;
}

} // namespace respite::cli
