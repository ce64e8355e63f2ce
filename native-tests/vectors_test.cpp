// vectors_test.cpp — runs the shared test vectors (native-tests/vectors/NN-*.json, format in
// docs/vectors.md) through respite::evaluate_json with the system's zoneinfo and checks each
// `expect` against the status by the subset rule of vector_match.hpp. The wasm tests run the
// same files with the same rule.
#include "vector_match.hpp"

#include <respite/api.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef RESPITE_VECTORS_DIR
#error "RESPITE_VECTORS_DIR must name the native-tests/vectors directory"
#endif

namespace {

namespace fs = std::filesystem;

// Vector files are named "<digits>-<slug>.json"; other files in the folder (bad-input.json)
// are not vectors.
bool is_vector_file(const fs::path& p) {
    const std::string name = p.filename().string();
    if (p.extension() != ".json" || name.empty() ||
        !std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    std::size_t i = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
        ++i;
    return i < name.size() && name[i] == '-';
}

std::vector<fs::path> vector_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(RESPITE_VECTORS_DIR))
        if (entry.is_regular_file() && is_vector_file(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A vector's policy and account are JSON objects, handed to the engine as compact text.
std::string document_text(const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

} // namespace

TEST_CASE("vectors: every vector file is well formed") {
    const auto files = vector_files();
    CHECK(files.size() >= 45);
    for (const auto& file : files) {
        INFO("vector file: " << file.filename().string());
        const auto v = nlohmann::json::parse(read_text(file), nullptr, false);
        REQUIRE_FALSE(v.is_discarded());
        CHECK(v.is_object());
        for (const char* key : {"name", "why", "policy", "account", "at", "expect"})
            CHECK(v.contains(key));
        CHECK(v.value("at", nlohmann::json()).is_string());
        CHECK(v.value("expect", nlohmann::json()).is_object());
    }
}

TEST_CASE("vectors: evaluate_json gives the expected status") {
    const respite::system_zone_source zones;
    for (const auto& file : vector_files()) {
        DYNAMIC_SECTION("vectors: " << file.filename().string()) {
            const auto v = nlohmann::json::parse(read_text(file), nullptr, false);
            REQUIRE_FALSE(v.is_discarded());
            INFO("vector: " << file.filename().string() << " — " << v.value("name", ""));

            const auto out = respite::evaluate_json(document_text(v.at("policy")),
                                                    document_text(v.at("account")),
                                                    v.at("at").get<std::string>(), zones);
            INFO("output: " << out.json);
            REQUIRE(out.ok);
            const auto status = nlohmann::json::parse(out.json, nullptr, false);
            REQUIRE_FALSE(status.is_discarded());
            CHECK(status.value("schema", "") == "respite.status/1");

            const auto mismatch = respite::testing::subset_mismatch(v.at("expect"), status);
            if (mismatch) FAIL_CHECK("mismatch at " << *mismatch);
            CHECK_FALSE(mismatch.has_value());
        }
    }
}

TEST_CASE("vectors: the subset rule") {
    using respite::testing::subset_mismatch;
    const auto j = [](const char* text) { return nlohmann::json::parse(text); };
    CHECK_FALSE(subset_mismatch(j(R"({"a":1})"), j(R"({"a":1,"b":2})")));
    CHECK_FALSE(subset_mismatch(j(R"({"a":{"x":null}})"), j(R"({"a":{"x":null,"y":1}})")));
    CHECK_FALSE(subset_mismatch(j(R"([{"a":1},{}])"), j(R"([{"a":1,"b":2},{"c":3}])")));
    CHECK(*subset_mismatch(j(R"({"a":{"b":[1,2]}})"), j(R"({"a":{"b":[1,3]}})")) ==
          "/a/b/1: expected 2, got 3");
    CHECK(subset_mismatch(j(R"({"a":[1]})"), j(R"({"a":[1,2]})")));
    CHECK(subset_mismatch(j(R"({"a":null})"), j(R"({"a":0})")));
    CHECK(subset_mismatch(j(R"({"a":null})"), j(R"({})")));
    CHECK(subset_mismatch(j(R"({"a":false})"), j(R"({"a":0})")));
    CHECK(subset_mismatch(j(R"({"a":1})"), j(R"({"a":"1"})")));
    CHECK(*subset_mismatch(j(R"({"a/b":1})"), j(R"({})")) == "/a~1b: missing (expected 1)");
}
