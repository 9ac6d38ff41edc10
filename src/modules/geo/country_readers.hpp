#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

// Readers of the two npm packages about countries.
namespace cncd::geo {

/// A country as i18n-iso-countries lists it.
struct IsoCountry {
    std::string iso2;
    std::string iso3;
    std::string numeric_code;
    std::string french_name;  ///< the first (official) French name when there are several
};

/// Reads `codes.json` and `langs/fr.json` of the i18n-iso-countries package. Throws
/// std::runtime_error naming the file when one is missing or malformed, or when a code has no
/// French name.
std::vector<IsoCountry> ReadIsoCountries(const std::filesystem::path& package_dir);

/// What countries-list says about a country.
struct CountryListing {
    std::string continent_code;  ///< AF, AN, AS, EU, NA, OC, SA
    std::string capital;         ///< English name, may be empty
};

/// Reads `countries.min.json` of the countries-list package, keyed by ISO alpha-2. Throws
/// std::runtime_error naming the file when it is missing or malformed.
std::map<std::string, CountryListing> ReadCountriesList(const std::filesystem::path& package_dir);

}  // namespace cncd::geo
