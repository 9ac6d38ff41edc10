#include "modules/demo/partners.hpp"

#include <cmath>
#include <stdexcept>

#include "core/text.hpp"
#include "modules/demo/country_plan.hpp"
#include "modules/demo/french_grammar.hpp"

namespace cncd::demo {
namespace {

// Cities of this size are "villes" in the texts; smaller places are "communes".
constexpr std::int64_t kTownPopulation = 20000;
// Derived partners (divisions, groupings) are drawn as often as a town of ~4,000 people.
constexpr double kDerivedPopularity = 3;

bool IsFirstLevelSeat(const RefPlace& p) {
    return p.feature_code == "PPLA" || p.feature_code == "PPLC";
}

bool IsSecondLevelSeat(const RefPlace& p) { return p.feature_code == "PPLA2"; }

Partner Municipality(const RefPlace& place) {
    Partner p;
    p.name = place.name;
    p.country_iso2 = place.country_iso2;
    p.level = "municipality";
    p.geonames_id = place.geonames_id;
    if (place.population > 0) p.population = place.population;
    p.lat = place.lat;
    p.lon = place.lon;
    p.precision = "city";
    p.in = fr::A(place.name);
    p.nominal =
        (place.population >= kTownPopulation ? "la ville " : "la commune ") + fr::De(place.name);
    // Big cities take part in more projects: sqrt keeps Bamako ahead without crushing the rest.
    p.popularity = 1 + std::sqrt(static_cast<double>(place.population)) / 30;
    return p;
}

// A division named after its seat: "Cercle de Kati", placed on Kati at region precision.
Partner Division(const RefPlace& seat, const std::string& word, const std::string& level) {
    Partner p;
    const bool masculine = IsMasculineLevel(word);
    p.name = word + " " + fr::De(seat.name);
    p.country_iso2 = seat.country_iso2;
    p.level = level;
    p.lat = seat.lat;
    p.lon = seat.lon;
    p.precision = "region";
    p.nominal = fr::Article(word, masculine) + " " + fr::De(seat.name);
    p.in = "dans " + p.nominal;
    p.popularity = kDerivedPopularity;
    return p;
}

}  // namespace

std::vector<Partner> PartnerCandidates(const Reference& ref, const CountryInfo& country,
                                       const std::set<std::int64_t>& reserved) {
    std::vector<Partner> out;
    const auto it = ref.places.find(country.iso2);
    if (it == ref.places.end()) return out;
    const auto& places = it->second;
    for (const auto& place : places) {
        if (!reserved.count(place.geonames_id)) out.push_back(Municipality(place));
    }
    if (!country.admin1.empty()) {
        const std::string level = country.admin1 == "État" ? "state" : "region";
        for (const auto& place : places) {
            if (IsFirstLevelSeat(place)) out.push_back(Division(place, country.admin1, level));
        }
    }
    if (!country.admin2.empty()) {
        for (const auto& place : places) {
            if (IsSecondLevelSeat(place))
                out.push_back(Division(place, country.admin2, "province"));
        }
    }
    // Intermunicipal groupings and the national association only where the plan expects the
    // places to run short (countries with named divisions).
    if (!country.admin1.empty()) {
        for (const auto& place : places) {
            if (place.population < kTownPopulation / 4) continue;
            out.push_back(Division(place, "Intercommunalité", "intermunicipal"));
        }
        Partner national;
        national.name = "Association des municipalités " + country.of;
        national.country_iso2 = country.iso2;
        national.level = "other";
        national.lat = country.lat;
        national.lon = country.lon;
        national.precision = "country";
        national.nominal = "l'" + national.name;
        national.in = country.in;
        national.popularity = kDerivedPopularity;
        out.push_back(std::move(national));
    }
    return out;
}

Partner BrochurePartnerOf(const Reference& ref, const BrochurePartner& spec,
                          const std::string& country_iso2) {
    const RefPlace* seat = ref.FindPlace(spec.seat_geonames_id);
    if (seat == nullptr || seat->country_iso2 != country_iso2) {
        throw std::runtime_error("a GeoNames place of the brochure is missing: " +
                                 std::string(spec.name));
    }
    Partner p;
    p.name = std::string(spec.name);
    p.country_iso2 = country_iso2;
    p.level = std::string(spec.level);
    p.precision = std::string(spec.precision);
    if (p.precision == "city") {
        p.geonames_id = seat->geonames_id;
        if (seat->population > 0) p.population = seat->population;
    }
    p.lat = seat->lat;
    p.lon = seat->lon;
    p.in = std::string(spec.in);
    p.nominal = std::string(spec.nominal);
    return p;
}

void AssignPartnerSlugs(std::vector<Partner>& partners) {
    std::set<std::string> taken;
    for (auto& p : partners) {
        std::string base = text::Slugify(p.name);
        if (base.empty()) base = "partenaire";
        std::string slug = base;
        if (taken.count(slug)) slug = base + "-" + text::Slugify(p.country_iso2);
        for (int n = 2; taken.count(slug); ++n) {
            slug = base + "-" + text::Slugify(p.country_iso2) + "-" + std::to_string(n);
        }
        taken.insert(slug);
        p.slug = std::move(slug);
    }
}

}  // namespace cncd::demo
