#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace cncd::geo {

/// The whole content of a file. Throws std::runtime_error naming the file when it is missing
/// or unreadable.
std::string ReadFileBytes(const std::filesystem::path& path);

/// A parsed JSON file. Throws std::runtime_error naming the file when it is missing, unreadable
/// or not valid JSON.
nlohmann::json ReadJsonFile(const std::filesystem::path& path);

/// Runs `fn()`, turning a JSON access error (missing key, wrong type) into a std::runtime_error
/// that names `path`, so a malformed package says which file is at fault.
template <typename Fn>
auto WithFileContext(const std::filesystem::path& path, Fn&& fn) {
    try {
        return std::forward<Fn>(fn)();
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(path.string() + ": unexpected content: " + e.what());
    }
}

}  // namespace cncd::geo
