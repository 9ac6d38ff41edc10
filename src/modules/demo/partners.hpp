#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "modules/demo/brochure.hpp"
#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

/// A partner country as the demo sees it: reference data plus the plan's phrases.
struct CountryInfo {
    std::string iso2;
    std::string name;
    std::string continent;
    bool apd_eligible = false;
    std::optional<double> lat;
    std::optional<double> lon;
    double weight = 1;
    std::string in;      ///< "au Mali"
    std::string of;      ///< "du Mali"
    std::string admin1;  ///< "Région", or "" when the country has no such level in the plan
    std::string admin2;  ///< "Cercle", or ""
    bool asian() const { return continent == "asie"; }
};

/// The partner authorities a country can offer, in the order the demo uses them: its
/// GeoNames places (most populous first, as municipalities located at city precision),
/// then administrative divisions named after the places that are their seats (précision
/// "region"), then intermunicipal groupings around places, then one national association
/// of municipalities (precision "country"). `reserved` GeoNames ids (the brochure's) are
/// left out.
std::vector<Partner> PartnerCandidates(const Reference& ref, const CountryInfo& country,
                                       const std::set<std::int64_t>& reserved);

/// The partner of a brochure case, placed on its seat's coordinates. It takes part in its
/// case's project only (the other projects draw among the generated partners).
Partner BrochurePartnerOf(const Reference& ref, const BrochurePartner& spec,
                          const std::string& country_iso2);

/// Gives every partner a unique slug (name, then country code, then a number).
void AssignPartnerSlugs(std::vector<Partner>& partners);

}  // namespace cncd::demo
