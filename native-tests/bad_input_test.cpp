// bad_input_test.cpp — the bad-input catalogue (native-tests/vectors/bad-input.json, format in
// docs/vectors.md): every malformed document is refused with a `respite.error/1` holding each
// listed (path, code), never a crash and never a status.
#include <respite/api.hpp>
#include <respite/system_zones.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#ifndef RESPITE_VECTORS_DIR
#error "RESPITE_VECTORS_DIR must name the native-tests/vectors directory"
#endif

namespace {

nlohmann::json load_catalogue() {
    std::ifstream in(std::string(RESPITE_VECTORS_DIR) + "/bad-input.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
}

// The raw text of a document given in a case: "text" (raw, used as is), "text_build"
// ({prefix, unit, count, suffix}: prefix + unit repeated count times + suffix, for documents
// too large to store) or "document" (a JSON value, written compactly).
std::string text_of(const nlohmann::json& c) {
    if (c.contains("text")) return c.at("text").get<std::string>();
    if (c.contains("text_build")) {
        const auto& b = c.at("text_build");
        std::string out = b.value("prefix", "");
        const std::string unit = b.value("unit", "");
        const auto count = b.value("count", std::size_t{0});
        out.reserve(out.size() + unit.size() * count + 64);
        for (std::size_t i = 0; i < count; ++i)
            out += unit;
        out += b.value("suffix", "");
        return out;
    }
    return c.at("document").dump();
}

// For kind "evaluate": "policy"/"account" are JSON values written compactly, except that a
// JSON string is the raw text itself (to pass text that is not JSON).
std::string evaluate_part(const nlohmann::json& c, const char* key) {
    const auto& v = c.at(key);
    return v.is_string() ? v.get<std::string>() : v.dump();
}

} // namespace

TEST_CASE("bad input: the catalogue is well formed") {
    const auto catalogue = load_catalogue();
    REQUIRE_FALSE(catalogue.is_discarded());
    REQUIRE(catalogue.is_array());
    CHECK(catalogue.size() >= 40);
    for (const auto& c : catalogue) {
        INFO("case: " << c.dump().substr(0, 200));
        CHECK(c.contains("name"));
        CHECK(c.contains("kind"));
        CHECK(c.contains("errors"));
        CHECK(c.value("errors", nlohmann::json::array()).size() >= 1);
    }
}

TEST_CASE("bad input: every case is refused with the listed errors") {
    const auto catalogue = load_catalogue();
    REQUIRE_FALSE(catalogue.is_discarded());
    const respite::system_zone_source zones;
    for (const auto& c : catalogue) {
        const std::string name = c.value("name", "?");
        DYNAMIC_SECTION("bad input: " << name) {
            const std::string kind = c.at("kind").get<std::string>();
            respite::text_result out;
            if (kind == "evaluate") {
                out =
                    respite::evaluate_json(evaluate_part(c, "policy"), evaluate_part(c, "account"),
                                           c.at("at").get<std::string>(), zones);
            } else {
                REQUIRE((kind == "policy" || kind == "account"));
                out = respite::validate_json(text_of(c));
            }
            INFO("output: " << out.json.substr(0, 2000));
            CHECK_FALSE(out.ok);
            const auto doc = nlohmann::json::parse(out.json, nullptr, false);
            REQUIRE_FALSE(doc.is_discarded());
            CHECK(doc.value("schema", "") == "respite.error/1");
            const auto errors = doc.value("errors", nlohmann::json::array());
            CHECK(errors.is_array());
            CHECK(errors.size() >= 1);
            for (const auto& want : c.at("errors")) {
                const auto path = want.at("path").get<std::string>();
                const auto code = want.at("code").get<std::string>();
                bool found = false;
                for (const auto& e : errors)
                    if (e.value("path", "") == path && e.value("code", "") == code) found = true;
                if (!found)
                    FAIL_CHECK("missing error {path: \"" << path << "\", code: " << code << "}");
            }
        }
    }
}
