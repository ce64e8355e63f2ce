// respite/presets.hpp — the policy presets that ship with Respite (docs/presets.md).
#pragma once

#include <string_view>
#include <vector>

namespace respite {

struct preset_info {
    std::string_view name;
    std::string_view summary;
    std::string_view json; // a complete respite.policy/1 document
};

const std::vector<preset_info>& presets();
const preset_info* find_preset(std::string_view name);

} // namespace respite
