#include "modules/geo/json_file.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

namespace cncd::geo {

std::string ReadFileBytes(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw std::runtime_error(path.string() + ": no such file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path.string() + ": cannot open the file");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error(path.string() + ": cannot read the file");
    return bytes;
}

nlohmann::json ReadJsonFile(const std::filesystem::path& path) {
    const std::string bytes = ReadFileBytes(path);
    try {
        return nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(path.string() + ": invalid JSON: " + e.what());
    }
}

}  // namespace cncd::geo
