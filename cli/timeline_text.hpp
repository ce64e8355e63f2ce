// The grace timeline written for people: one line an event, local time and UTC, "now" marked.
#pragma once

#include <respite/timeline.hpp>

#include <string>

namespace respite::cli {

std::string timeline_text(const timeline& t);

} // namespace respite::cli
