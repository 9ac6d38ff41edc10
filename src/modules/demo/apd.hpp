#pragma once

#include <vector>

#include "modules/demo/allocation.hpp"
#include "modules/demo/demo_model.hpp"
#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// APD amounts by authority × country × year for kApdTotals' years: only to APD-eligible
/// countries, only from an authority with a project in that country (running that year when
/// there is one), Asia summing exactly to kAsiaApd (and nothing in Asia before its first
/// year), Africa to about kAfricaApdShare of each year's total, each total within half a
/// percent of the declared one.
std::vector<ApdAmount> AllocateApd(const std::vector<Project>& projects,
                                   const std::vector<Authority>& authorities,
                                   const std::vector<PlannedCountry>& countries, Prng& rng);

}  // namespace cncd::demo
