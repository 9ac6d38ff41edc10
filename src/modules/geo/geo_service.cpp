#include "modules/geo/geo_service.hpp"

#include <algorithm>

#include "modules/geo/geo_repository.hpp"
#include "modules/geo/reference_builder.hpp"

namespace cncd::geo {

ImportSummary ImportReference(db::Database& db, const std::filesystem::path& node_modules) {
    // Everything is read and joined before the write transaction opens: a bad file fails
    // before any change, and the writer is held only for the inserts.
    const ReferenceData data = LoadReference(node_modules);
    db.Write([&](db::Connection& c) {
        GeoRepository(c).ReplaceReference(data);
        return true;
    });

    ImportSummary summary;
    summary.continents = static_cast<int>(data.continents.size());
    summary.countries = static_cast<int>(data.countries.size());
    summary.regions = static_cast<int>(data.regions.size());
    summary.departments = static_cast<int>(data.departments.size());
    summary.communes = static_cast<int>(data.communes.size());
    summary.communes_located = static_cast<int>(std::count_if(
        data.communes.begin(), data.communes.end(),
        [](const Commune& commune) { return commune.precision == LocationPrecision::kCity; }));
    summary.epcis = static_cast<int>(data.epcis.size());
    summary.cities = static_cast<int>(data.places.size());
    return summary;
}

bool HasReference(db::Database& db) {
    return db.Read([](db::Connection& c) { return GeoRepository(c).CountCountries() > 0; });
}

}  // namespace cncd::geo
