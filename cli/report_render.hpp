// The portfolio documents (respite.report/1, respite.simulation/1) as CSV, text and one
// self-contained HTML page with charts (Chart.js, bundled in at build time: no network).
#pragma once

#include <optional>
#include <string>

namespace respite::cli {

// figure,currency,value rows, one per number in the document (a JSON report in, CSV out);
// nullopt when the text is not a JSON object.
std::optional<std::string> report_csv(const std::string& json_document);
// A side-by-side table of the two policies of a respite.simulation/1 document.
std::optional<std::string> simulation_text(const std::string& json_document);
// The whole page: the document is embedded as data, the page draws tables and charts from it.
std::string report_html(const std::string& report_json);
std::string simulation_html(const std::string& simulation_json);

} // namespace respite::cli
