#include "report_render.hpp"

#include "report_assets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string_view>
#include <vector>

namespace respite::cli {
namespace {

using nl = nlohmann::ordered_json;

std::optional<nl> read_object(const std::string& text) {
    nl doc = nl::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
    return doc;
}

bool is_currency(const std::string& key) {
    return key.size() == 3 && key[0] >= 'A' && key[0] <= 'Z' && key[1] >= 'A' && key[1] <= 'Z' &&
           key[2] >= 'A' && key[2] <= 'Z';
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// An array item's label: the value of the first key that names it.
std::string item_label(const nl& item, std::size_t index) {
    if (item.is_object())
        for (const char* k :
             {"state", "name", "type", "days", "within_days", "week", "day", "policy_id"}) {
            auto it = item.find(k);
            if (it == item.end()) continue;
            if (it->is_string()) return it->get<std::string>();
            if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
        }
    return std::to_string(index);
}

void flatten(const nl& v, const std::string& path, const std::string& currency, std::string& out) {
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (is_currency(it.key()))
                flatten(it.value(), path, it.key(), out);
            else
                flatten(it.value(), path.empty() ? it.key() : path + "." + it.key(), currency, out);
        }
        return;
    }
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string label = item_label(v[i], i);
            flatten(v[i], path + "." + label, currency, out);
        }
        return;
    }
    std::string value;
    if (v.is_string())
        value = v.get<std::string>();
    else if (v.is_null())
        value = "";
    else
        value = v.dump();
    // An array item's own label is in the path already.
    const std::string_view tail = std::string_view(path).substr(path.rfind('.') + 1);
    for (const char* k :
         {"state", "name", "type", "days", "within_days", "week", "day", "policy_id"})
        if (tail == k && path.find('.') != std::string::npos) return;
    out += csv_field(path) + "," + currency + "," + csv_field(value) + "\n";
}

// Data for a <script type="application/json">: nothing in it may close the element.
std::string script_safe(const std::string& json) {
    std::string out;
    out.reserve(json.size());
    for (char c : json) {
        if (c == '<')
            out += "\\u003c";
        else
            out += c;
    }
    return out;
}

// Fills the template's markers in one forward pass, in the order they appear, so that nothing
// inserted (the data may hold any text) is ever searched for a marker.
std::string page(std::string_view title, std::string_view app_js, const std::string& json) {
    const std::string& tpl = page_template();
    const std::string data = script_safe(json);
    const std::pair<std::string_view, std::string_view> parts[] = {
        {"@TITLE@", title},       {"/*@STYLE@*/", page_style()},
        {"@DATA@", data},         {"/*@CHART_JS@*/", chart_js()},
        {"/*@APP_JS@*/", app_js},
    };
    std::string html;
    html.reserve(tpl.size() + data.size() + chart_js().size() + app_js.size() + 8192);
    std::size_t pos = 0;
    for (const auto& [marker, with] : parts) {
        const std::size_t at = tpl.find(marker, pos);
        if (at == std::string::npos) continue;
        html.append(tpl, pos, at - pos);
        html.append(with);
        pos = at + marker.size();
    }
    html.append(tpl, pos, std::string::npos);
    return html;
}

} // namespace

std::optional<std::string> report_csv(const std::string& json_document) {
    auto doc = read_object(json_document);
    if (!doc) return std::nullopt;
    std::string out = "figure,currency,value\n";
    flatten(*doc, "", "", out);
    return out;
}

std::optional<std::string> simulation_text(const std::string& json_document) {
    auto doc = read_object(json_document);
    if (!doc || !doc->contains("policies") || !(*doc)["policies"].is_array() ||
        (*doc)["policies"].size() != 2)
        return std::nullopt;
    const nl& a = (*doc)["policies"][0];
    const nl& b = (*doc)["policies"][1];
    std::vector<std::vector<std::string>> rows;
    auto text = [](const nl& v) -> std::string {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_null()) return "-";
        if (v.is_object()) {
            std::string s;
            for (auto it = v.begin(); it != v.end(); ++it)
                s += (s.empty() ? "" : " ") + it.value().dump() + " " + it.key();
            return s.empty() ? "0" : s;
        }
        return v.dump();
    };
    const std::pair<const char*, const char*> lines[] = {
        {"policy_id", "policy"},
        {"accounts", "accounts replayed"},
        {"entered_grace", "accounts that entered grace"},
        {"grace_periods", "grace periods"},
        {"restricted", "accounts restricted"},
        {"suspended", "accounts suspended"},
        {"canceled", "accounts canceled (involuntary churn)"},
        {"canceled_only_under_this_policy", "  canceled only under this policy"},
        {"involuntary_churn_bp", "involuntary churn (basis points)"},
        {"recoveries", "recoveries (grace ended by payment)"},
        {"recoveries_after_cancellation", "payments after this policy canceled"},
        {"unpaid_service_days", "days of unpaid service delivered"},
        {"revenue_unrecognized", "revenue unrecognised (minor units)"},
        {"revenue_still_unpaid", "  of which never paid"},
        {"churned_mrr", "MRR churned (minor units)"},
        {"evaluations", "evaluations"},
    };
    std::size_t w0 = 0, w1 = 0, w2 = 0;
    for (const auto& [key, label] : lines) {
        const nl va = a.value(key, nl()), vb = b.value(key, nl());
        if (va.is_object() || vb.is_object()) {
            // Money: one row per currency.
            std::vector<std::string> currencies;
            for (const nl* v : {&va, &vb})
                if (v->is_object())
                    for (auto it = v->begin(); it != v->end(); ++it)
                        if (std::find(currencies.begin(), currencies.end(), it.key()) ==
                            currencies.end())
                            currencies.push_back(it.key());
            std::sort(currencies.begin(), currencies.end());
            if (currencies.empty()) rows.push_back({label, "0", "0"});
            for (const std::string& c : currencies)
                rows.push_back({std::string(label) + " " + c,
                                va.is_object() ? text(va.value(c, nl(0))) : "0",
                                vb.is_object() ? text(vb.value(c, nl(0))) : "0"});
        } else {
            rows.push_back({label, text(va), text(vb)});
        }
    }
    for (const auto& row : rows) {
        w0 = std::max(w0, row[0].size());
        w1 = std::max(w1, row[1].size());
        w2 = std::max(w2, row[2].size());
    }
    std::ostringstream out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& row = rows[r];
        out << row[0] << std::string(w0 - row[0].size() + 2, ' ')
            << std::string(w1 - row[1].size(), ' ') << row[1] << "  "
            << std::string(w2 - row[2].size(), ' ') << row[2] << "\n";
        if (r == 0) out << std::string(w0 + w1 + w2 + 4, '-') << "\n";
    }
    out << "replayed until " << doc->value("until", "")
        << "; docs/report.md states the assumptions\n";
    return out.str();
}

std::string report_html(const std::string& report_json) {
    return page("Respite portfolio report", report_app_js(), report_json);
}

std::string simulation_html(const std::string& simulation_json) {
    return page("Respite policy simulation", simulation_app_js(), simulation_json);
}

} // namespace respite::cli
