#include <respite/api.hpp>
#include <respite/presets.hpp>
#include <respite/system_zones.hpp>

#include <iostream>

int main() {
    const respite::system_zone_source zones;
    const auto* preset = respite::find_preset("standard");
    auto r = respite::evaluate_json(preset->json,
                                    R"({"schema":"respite.account/1","id":"c","invoices":[]})",
                                    "2026-12-04T15:00:00Z", zones);
    std::cout << r.json << "\n";
    return r.ok ? 0 : 1;
}
