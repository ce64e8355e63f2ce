// The HTML page's parts, embedded at build time (cli/report_html/embed.cmake writes them into a
// generated source): the page template, its style and scripts, and Chart.js from
// tools/report-assets (npm ci --prefix tools/report-assets).
#pragma once

#include <string>

namespace respite::cli {

const std::string& chart_js();
const std::string& page_template();
const std::string& page_style();
const std::string& report_app_js();
const std::string& simulation_app_js();

} // namespace respite::cli
