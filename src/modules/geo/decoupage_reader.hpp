#pragma once

#include <filesystem>
#include <vector>

#include "modules/geo/reference_data.hpp"

namespace cncd::geo {

/// France's administrative divisions as @etalab/decoupage-administratif lists them.
struct Decoupage {
    std::vector<Region> regions;          ///< the 18 régions and the collectivités d'outre-mer
    std::vector<Department> departments;  ///< 101 départements and the collectivités d'outre-mer
    std::vector<Commune> communes;        ///< current communes only ("commune-actuelle")
    std::vector<Epci> epcis;
};

/// Reads data/regions.json, departements.json, communes.json and epci.json of the package,
/// with slugs made from the names. Communes are not located here (lat/lon empty). An EPCI's
/// seat is its most populous member. Throws std::runtime_error naming the file when one is
/// missing or malformed.
Decoupage ReadDecoupage(const std::filesystem::path& package_dir);

}  // namespace cncd::geo
