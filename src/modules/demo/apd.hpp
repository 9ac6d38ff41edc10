#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

/// One line of a demo APD declaration (see migrations/sqlite/V005__apd.sql).
struct DemoApdLine {
    std::string country_iso2;
    std::string channel_code;
    std::string purpose_code;
    std::string expenditure_type;
    std::string aid_type;
    std::int64_t amount = 0;
    int marker_gender = 0;
    int marker_environment = 0;
    std::optional<int> project_id;
};

/// A validated declaration of one authority for one year.
struct DemoApdDeclaration {
    int authority_id = 0;
    int year = 0;
    std::vector<DemoApdLine> lines;
};

/// The validated declarations that carry `apd`: one per authority and year, one or two lines
/// per country whose amounts add up exactly to the country's amount (a project line with the
/// local government of the country, sector of the authority's project there; above
/// kNgoShareFrom euros a fifth through a French NGO). Deterministic, no random draw.
std::vector<DemoApdDeclaration> DeclareApd(const std::vector<ApdAmount>& apd,
                                           const std::vector<Project>& projects,
                                           const std::vector<Theme>& themes);

}  // namespace cncd::demo
