#pragma once

#include <vector>

#include "modules/demo/allocation.hpp"
#include "modules/demo/demo_model.hpp"
#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// Everything a project's details are drawn from.
struct DetailInputs {
    const Reference& ref;
    const std::vector<PlannedCountry>& countries;
    const Assignment& assignment;
    const std::vector<Authority>& authorities;
    const std::vector<Theme>& themes;
    const std::vector<Cofinancer>& cofinancers;
};

/// Turns the skeletons into full projects: kind (from the lead and the country), years and
/// status (consistent with kCurrentYear), convention date, themes, French texts, financing
/// by year and co-financer, other partners, contacts and volunteers. The brochure's cases
/// keep their hand-written fields. Projects are numbered from 1 by start year.
/// `Project::authority_ids` and `partner_ids` hold database ids.
std::vector<Project> DescribeProjects(const DetailInputs& in, Prng& rng);

/// Adds the ministry's 2011 co-financing: kMinistryProjects2011 projects running in 2011
/// in APD-eligible countries, kMinistryAmount2011 euros in all (no other ministry line is
/// dated 2011).
void AddMinistryCofinancing2011(const DetailInputs& in, std::vector<Project>& projects, Prng& rng);

}  // namespace cncd::demo
