#include "respite/presets.hpp"

namespace respite {

const std::vector<preset_info>& presets() {
    static const std::vector<preset_info> all = {
#include "preset_data.inc"
    };
    return all;
}

const preset_info* find_preset(std::string_view name) {
    for (const auto& p : presets())
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace respite
