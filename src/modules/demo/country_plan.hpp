#pragma once

#include <span>
#include <string_view>

namespace cncd::demo {

/// How the demo treats one partner country: its relative weight in the number of projects,
/// the French phrases that place something in it, and the names of its administrative
/// levels (used to name partner authorities built on the seat of a real place when the
/// country has fewer GeoNames places than the demo needs partners there).
struct CountryPlan {
    std::string_view iso2;
    double weight;            ///< relative number of projects (scaled to the totals)
    std::string_view in;      ///< "au Mali", "en Inde", "aux Comores", "à Madagascar"
    std::string_view of;      ///< "du Mali", "de l'Inde", "des Comores", "de Madagascar"
    std::string_view admin1;  ///< first-level division named after its seat ("Région"), or ""
    std::string_view admin2;  ///< second-level division named after its seat ("Cercle"), or ""
};

/// A country whose number of projects is published and reproduced exactly.
struct FixedCountryProjects {
    std::string_view iso2;
    int projects;
};

/// The partner countries of the demo, most engaged first.
std::span<const CountryPlan> CountryPlans();

/// Mali 454, Burkina Faso 446, Sénégal 410: the published leaders by number of projects.
std::span<const FixedCountryProjects> LeadingCountries();

/// The plan of `iso2`, or nullptr.
const CountryPlan* FindCountryPlan(std::string_view iso2);

/// Grammatical gender of the French word for an administrative level ("Cercle" → true).
bool IsMasculineLevel(std::string_view word);

}  // namespace cncd::demo
