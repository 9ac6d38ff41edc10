#include "modules/geo/reference_builder.hpp"

#include <gtest/gtest.h>

namespace cncd::geo {
namespace {

Place MakePlace(std::int64_t id, std::string name, std::string country, std::string feature,
                std::int64_t population, double lat, double lon, std::string muni_sub = "",
                std::string admin = "") {
    Place p;
    p.geonames_id = id;
    p.name = std::move(name);
    p.country = std::move(country);
    p.feature_code = std::move(feature);
    p.population = population;
    p.lat = lat;
    p.lon = lon;
    p.muni_sub = std::move(muni_sub);
    p.admin_code = std::move(admin);
    return p;
}

Commune MakeCommune(std::string insee, std::string name, std::string department,
                    std::string region) {
    Commune c;
    c.insee = std::move(insee);
    c.name = std::move(name);
    c.department_code = std::move(department);
    c.region_code = std::move(region);
    return c;
}

Department MakeDepartment(std::string code, std::string region) {
    Department d;
    d.code = std::move(code);
    d.name = d.code;
    d.region_code = std::move(region);
    return d;
}

std::vector<const Place*> Pointers(const std::vector<Place>& places) {
    std::vector<const Place*> out;
    for (const Place& p : places) out.push_back(&p);
    return out;
}

TEST(GeoCapital, PrefersTheCapitalFeatureAmongPlacesNamedLikeTheCapital) {
    const std::vector<Place> places = {
        MakePlace(1, "San José", "CR", "PPL", 31430, 10.0, -84.0),
        MakePlace(2, "San José", "CR", "PPLC", 335007, 9.93, -84.08),
        MakePlace(3, "Limón", "CR", "PPLA", 400000, 9.99, -83.03),
    };
    const Place* capital = FindCapital(Pointers(places), "San José");
    ASSERT_NE(capital, nullptr);
    EXPECT_EQ(capital->geonames_id, 2);
}

TEST(GeoCapital, MatchesNamesWhateverTheirPunctuationAndAccents) {
    const std::vector<Place> places = {
        MakePlace(1, "New York City", "US", "PPL", 8000000, 40.7, -74.0),
        MakePlace(2, "Washington, D.C.", "US", "PPL", 600000, 38.9, -77.0),
    };
    const Place* capital = FindCapital(Pointers(places), "Washington D.C.");
    ASSERT_NE(capital, nullptr);
    EXPECT_EQ(capital->geonames_id, 2);
}

TEST(GeoCapital, FallsBackToTheCapitalFeatureThenToTheMostPopulousPlace) {
    const std::vector<Place> with_pplc = {
        MakePlace(1, "Almaty", "KZ", "PPLA", 2000000, 43.2, 76.9),
        MakePlace(2, "Nur-Sultan", "KZ", "PPLC", 1000000, 51.2, 71.4),
    };
    ASSERT_NE(FindCapital(Pointers(with_pplc), "Astana"), nullptr);
    EXPECT_EQ(FindCapital(Pointers(with_pplc), "Astana")->geonames_id, 2);

    const std::vector<Place> without_pplc = {
        MakePlace(1, "Atafu Village", "TK", "PPL", 500, -8.5, -172.5),
        MakePlace(2, "Nukunonu", "TK", "PPL", 400, -9.2, -171.8),
    };
    EXPECT_EQ(FindCapital(Pointers(without_pplc), "Fakaofo")->geonames_id, 1);
    EXPECT_EQ(FindCapital({}, "Nowhere"), nullptr);
}

TEST(GeoNamesCountry, MapsOverseasDepartmentsToTheirGeoNamesCountry) {
    EXPECT_EQ(GeoNamesCountryOf("64"), "FR");
    EXPECT_EQ(GeoNamesCountryOf("2A"), "FR");
    EXPECT_EQ(GeoNamesCountryOf("974"), "RE");
    EXPECT_EQ(GeoNamesCountryOf("976"), "YT");
    EXPECT_EQ(GeoNamesCountryOf("988"), "NC");
    EXPECT_FALSE(GeoNamesCountryOf("989").has_value());
}

TEST(GeoLocateCommunes, UsesTheMostPopulousPlaceSharingTheInseeCode) {
    const std::vector<Place> places = {
        MakePlace(1, "Saint-Loup", "FR", "PPLX", 16084, 43.28, 5.43, "13055", "93"),
        MakePlace(2, "Marseille", "FR", "PPLA", 870731, 43.29, 5.38, "13055", "93"),
    };
    std::vector<Commune> communes = {MakeCommune("13055", "Marseille", "13", "93")};
    std::vector<Department> departments = {MakeDepartment("13", "93")};
    EXPECT_EQ(LocateCommunes(communes, departments, places), 1);
    EXPECT_EQ(communes[0].precision, LocationPrecision::kCity);
    EXPECT_DOUBLE_EQ(*communes[0].lat, 43.29);
    EXPECT_DOUBLE_EQ(*communes[0].lon, 5.38);
}

TEST(GeoLocateCommunes, FindsAMergedCommuneByItsFormerCode) {
    const std::vector<Place> places = {
        MakePlace(1, "Annecy-le-Vieux", "FR", "PPL", 20000, 45.92, 6.14, "74010", "84"),
    };
    std::vector<Commune> communes = {MakeCommune("74010", "Annecy", "74", "84")};
    communes[0].insee = "74011";
    communes[0].former_codes = {"74010"};
    std::vector<Department> departments = {MakeDepartment("74", "84")};
    EXPECT_EQ(LocateCommunes(communes, departments, places), 1);
    EXPECT_DOUBLE_EQ(*communes[0].lat, 45.92);
}

TEST(GeoLocateCommunes, MatchesAPlaceWithoutCodeByNameInTheSameRegionOnly) {
    const std::vector<Place> places = {
        MakePlace(1, "Paris", "FR", "PPLC", 2138551, 48.85341, 2.3488, "", "11"),
        MakePlace(2, "Saint-Denis", "FR", "PPL", 100, 10.0, 10.0, "", "44"),
    };
    std::vector<Commune> communes = {
        MakeCommune("75056", "Paris", "75", "11"),
        MakeCommune("93066", "Saint-Denis", "93", "11"),
    };
    std::vector<Department> departments = {MakeDepartment("75", "11"), MakeDepartment("93", "11")};
    EXPECT_EQ(LocateCommunes(communes, departments, places), 1);
    EXPECT_EQ(communes[0].precision, LocationPrecision::kCity);
    EXPECT_DOUBLE_EQ(*communes[0].lat, 48.85341);
    EXPECT_EQ(communes[1].precision, LocationPrecision::kDepartment);
    EXPECT_FALSE(communes[1].lat.has_value());  // département 93 has no located commune
}

TEST(GeoLocateCommunes, UnlocatedCommunesTakeTheirDepartmentCentroid) {
    const std::vector<Place> places = {
        MakePlace(1, "Bayonne", "FR", "PPLA3", 44396, 43.0, -1.0, "64102", "75"),
        MakePlace(2, "Pau", "FR", "PPLA", 77000, 44.0, -0.5, "64445", "75"),
    };
    std::vector<Commune> communes = {
        MakeCommune("64102", "Bayonne", "64", "75"),
        MakeCommune("64445", "Pau", "64", "75"),
        MakeCommune("64001", "Aast", "64", "75"),
    };
    std::vector<Department> departments = {MakeDepartment("64", "75")};
    EXPECT_EQ(LocateCommunes(communes, departments, places), 2);
    EXPECT_DOUBLE_EQ(*departments[0].lat, 43.5);
    EXPECT_DOUBLE_EQ(*departments[0].lon, -0.75);
    EXPECT_EQ(communes[2].precision, LocationPrecision::kDepartment);
    EXPECT_DOUBLE_EQ(*communes[2].lat, 43.5);
    EXPECT_DOUBLE_EQ(*communes[2].lon, -0.75);
}

TEST(GeoLocateCommunes, OverseasTerritoryWithoutLocatedCommuneUsesItsLargestPlace) {
    const std::vector<Place> places = {
        MakePlace(1, "Gustavia", "BL", "PPLC", 3000, 17.9, -62.85),
    };
    std::vector<Commune> communes = {MakeCommune("97701", "Saint-Barthélemy", "977", "977")};
    std::vector<Department> departments = {MakeDepartment("977", "977")};
    EXPECT_EQ(LocateCommunes(communes, departments, places), 0);
    EXPECT_DOUBLE_EQ(*departments[0].lat, 17.9);
    EXPECT_EQ(communes[0].precision, LocationPrecision::kDepartment);
    EXPECT_DOUBLE_EQ(*communes[0].lat, 17.9);
}

}  // namespace
}  // namespace cncd::geo
