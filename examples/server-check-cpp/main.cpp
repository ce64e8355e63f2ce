// A server-side access check: may this account use this feature now? The same decision the
// in-app banner shows, made by linking respite::core.
//
//   respite_server_check POLICY.json ACCOUNT.json [AT] FEATURE
//   → "200 FEATURE: allowed", "403 FEATURE: feature disabled in stage S",
//     "402 FEATURE: access none (suspended)" … and the required actions.
#include <respite/evaluate.hpp>
#include <respite/json.hpp>
#include <respite/system_zones.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>

namespace {

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The HTTP status a protected route answers with.
int gate(const respite::status& s, const std::string& feature, std::string& why) {
    using respite::access_level;
    if (s.access == access_level::none) {
        why = std::string("access none (") + respite::to_string(s.state) + ")";
        return 402;
    }
    const auto& off = s.disabled_features;
    if (std::find(off.begin(), off.end(), feature) != off.end()) {
        why = "feature disabled in stage " + (s.stage ? s.stage->name : std::string("?"));
        return 403;
    }
    if (s.access == access_level::read_only && feature.rfind("write", 0) == 0) {
        why = "read-only access";
        return 403;
    }
    why = "allowed";
    return 200;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: respite_server_check POLICY.json ACCOUNT.json AT FEATURE\n";
        return 2;
    }
    auto policy = respite::parse_policy(read_file(argv[1]));
    auto account = respite::parse_account(read_file(argv[2]));
    auto now = respite::parse_instant(argv[3]);
    if (!policy || !account || !now) {
        for (const auto& e : policy.errors())
            std::cerr << "policy" << e.path << ": " << e.message << "\n";
        for (const auto& e : account.errors())
            std::cerr << "account" << e.path << ": " << e.message << "\n";
        if (!now) std::cerr << "AT is not an RFC 3339 instant\n";
        return 1;
    }
    const respite::system_zone_source zones;
    auto status = respite::evaluate(*policy, *account, *now, zones);
    if (!status) {
        for (const auto& e : status.errors())
            std::cerr << "account" << e.path << ": " << e.message << "\n";
        return 1;
    }
    std::string why;
    const int code = gate(*status, argv[4], why);
    std::cout << code << " " << argv[4] << ": " << why << "\n";
    for (const auto& a : status->required_actions)
        std::cout << "  required: " << respite::to_string(a.type) << " (" << a.reason << ")\n";
    return 0;
}
