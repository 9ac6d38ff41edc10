#include "modules/pdf/pdf_repository.hpp"

#include <string_view>

namespace cncd::pdf {
namespace {

constexpr std::string_view kCountryNumericCodes =
    "SELECT iso2, numeric_code FROM countries WHERE numeric_code IS NOT NULL";

}  // namespace

std::unordered_map<std::string, std::string> ReadCountryNumericCodes(db::Connection& c) {
    std::unordered_map<std::string, std::string> codes;
    const auto rows = c.QueryAll<std::pair<std::string, std::string>>(
        kCountryNumericCodes, {}, [](const db::Row& row) {
            return std::pair<std::string, std::string>{row.Text(0), row.Text(1)};
        });
    for (const auto& [iso2, numeric] : rows) codes.emplace(iso2, numeric);
    return codes;
}

}  // namespace cncd::pdf
