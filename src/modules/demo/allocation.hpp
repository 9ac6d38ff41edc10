#pragma once

#include <vector>

#include "modules/demo/demo_model.hpp"
#include "modules/demo/partners.hpp"
#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// A partner country of the demo with its quotas. The quotas make the published figures
/// hold by construction: projects sum to kProjects (Mali, Burkina Faso and Sénégal at their
/// published counts, kAsiaProjects in Asia), partners sum to kPartners (kAsiaPartners in
/// Asia), and each country has at least one partner and no more than it has candidates.
struct PlannedCountry {
    CountryInfo info;
    int projects = 0;
    int partners = 0;
    int brochure_projects = 0;  ///< hand-written projects among `projects`
    int brochure_partners = 0;  ///< their partners among `partners`
    std::vector<Partner> candidates;
};

/// Chooses the kCountries partner countries from the plan and sets their quotas.
/// Throws std::runtime_error when the reference data cannot hold the figures.
std::vector<PlannedCountry> PlanCountries(const Reference& ref);

/// A project before its details: where, with whom.
struct ProjectSkeleton {
    std::size_t country = 0;               ///< index into the planned countries
    std::vector<std::size_t> authorities;  ///< indices into the authorities, lead first
    std::vector<std::size_t> partners;     ///< indices into Assignment::partners
    int brochure_case = -1;                ///< index into BrochureCases(), or -1
};

struct Assignment {
    std::vector<Partner> partners;  ///< every one of them in at least one project
    std::vector<ProjectSkeleton> projects;
};

/// Builds the partners and the projects' French authorities and partners. Covering sets
/// come first (each partner, each authority, and exactly kAsiaAuthorities authorities in
/// Asian projects get a project), then the remaining projects are drawn by activity, with a
/// preference for partnerships that already exist.
Assignment AssignProjects(const Reference& ref, const std::vector<PlannedCountry>& countries,
                          std::vector<Authority>& authorities, Prng& rng);

}  // namespace cncd::demo
