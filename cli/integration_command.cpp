// Integration commands (import, serve): not built yet — see issue 7.
#include "command.hpp"

namespace respite::cli {

std::vector<command> add_integration_commands(CLI::App&) { return {}; }

} // namespace respite::cli
