#pragma once

#include <string>
#include <unordered_map>

#include "db/database.hpp"

namespace cncd::pdf {

/// ISO 3166 numeric code (the world map's ids) of every country that has one, by alpha-2 code.
std::unordered_map<std::string, std::string> ReadCountryNumericCodes(db::Connection& c);

}  // namespace cncd::pdf
