#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/demo/demo_model.hpp"
#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// What a project's French texts are written from.
struct TextSubject {
    const Authority* lead = nullptr;
    std::vector<const Partner*> partners;  ///< at least one, all in the same country
    std::string country_name;              ///< as the reference table names it
    std::string in_country;                ///< "au Niger"
    std::string of_country;                ///< "du Niger"
    std::string continent;                 ///< continent slug
    bool apd_eligible = false;
    ProjectKind kind = ProjectKind::kCooperation;
    std::vector<std::string> theme_slugs;  ///< the main theme first
    int start_year = 0;
    std::optional<int> end_year;
    std::optional<int> convention_year;
    std::string association;  ///< a French association of the project, may be empty
};

struct ProjectText {
    std::string title;
    std::string objectives;
    std::string description;
    std::string history;
    std::string context;
};

/// Writes a project's title and its four paragraphs (objectives, description, history,
/// context) from sentence templates chosen for its themes, kind and country.
ProjectText WriteProjectText(const TextSubject& subject, Prng& rng);

/// Invented names of French associations and partner-side organisations, by kind.
std::string FrenchAssociationName(const Authority& lead, const TextSubject& subject, Prng& rng);
std::string PartnerSideOrganisation(const Partner& partner, const std::string& theme_slug,
                                    Prng& rng, std::string* kind);

}  // namespace cncd::demo
