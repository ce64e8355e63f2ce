// Portfolio commands (report, merge, simulate): not built yet — see issue 5.
#include "command.hpp"

namespace respite::cli {

std::vector<command> add_report_commands(CLI::App&) { return {}; }

} // namespace respite::cli
