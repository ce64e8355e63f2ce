// vector_match.hpp — the subset rule of the shared test vectors (docs/vectors.md), shared by
// vectors_test.cpp and bad_input_test.cpp. The wasm tests implement the same rule in JS.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace respite::testing {

// "/a/b" + "c~d/e" → "/a/b/c~0d~1e" (JSON Pointer escaping), so a mismatch names its place.
inline std::string pointer_append(const std::string& base, const std::string& token) {
    std::string out = base + "/";
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

// Checks `actual` against `expected` by the vector rule:
// - an object in `expected` matches an object in `actual` holding every one of its keys with a
//   matching value (extra keys in `actual` are ignored);
// - an array matches an array of the same length whose elements match element-wise;
// - anything else (string, number, bool, null) must be equal (integers compare by value).
// Returns nullopt on a match, else "<JSON Pointer>: <what differs>" for the first mismatch.
inline std::optional<std::string> subset_mismatch(const nlohmann::json& expected,
                                                  const nlohmann::json& actual,
                                                  const std::string& path = "") {
    const std::string where = path.empty() ? std::string("(root)") : path;
    if (expected.is_object()) {
        if (!actual.is_object())
            return where + ": expected an object " + expected.dump() + ", got " + actual.dump();
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const std::string child = pointer_append(path, it.key());
            auto found = actual.find(it.key());
            if (found == actual.end())
                return child + ": missing (expected " + it.value().dump() + ")";
            if (auto m = subset_mismatch(it.value(), *found, child)) return m;
        }
        return std::nullopt;
    }
    if (expected.is_array()) {
        if (!actual.is_array())
            return where + ": expected an array " + expected.dump() + ", got " + actual.dump();
        if (expected.size() != actual.size())
            return where + ": expected " + std::to_string(expected.size()) + " elements " +
                   expected.dump() + ", got " + std::to_string(actual.size()) + " " + actual.dump();
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (auto m = subset_mismatch(expected[i], actual[i],
                                         pointer_append(path, std::to_string(i))))
                return m;
        }
        return std::nullopt;
    }
    // Scalars. nlohmann compares numbers by value across its integer kinds; a bool never
    // equals a number.
    bool equal = false;
    if (expected.is_number() && actual.is_number())
        equal = expected == actual;
    else
        equal = expected.type() == actual.type() && expected == actual;
    if (!equal) return where + ": expected " + expected.dump() + ", got " + actual.dump();
    return std::nullopt;
}

} // namespace respite::testing
