#pragma once

#include <array>
#include <cstdint>

namespace cncd::demo {

// The figures the demo reproduces exactly (brochure, DESIGN.md §4) and the knobs that shape
// the rest. Everything else is computed from the reference data.

/// The fixed seed: the same demo on every machine.
inline constexpr std::uint64_t kSeed = 0x434E4344'2012ULL;  // "CNCD" 2012
/// The year the demo considers "now" for project statuses (not the wall clock).
inline constexpr int kCurrentYear = 2025;

inline constexpr int kProjects = 13000;
inline constexpr int kAuthorities = 4800;
inline constexpr int kPartners = 10000;
inline constexpr int kCountries = 144;

inline constexpr int kAsiaAuthorities = 173;
inline constexpr int kAsiaPartners = 89;
inline constexpr int kAsiaProjects = 300;  ///< not published: few, given 89 partners

/// No country but the three published leaders reaches Sénégal's 410 projects.
inline constexpr int kMaxOtherCountryProjects = 400;

/// EPCI among the French authorities (the rest are régions, départements and communes).
inline constexpr int kEpciAuthorities = 600;

struct YearAmount {
    int year;
    std::int64_t amount;
};

/// APD to Asian countries, published by year (brochure, Atlas Asie page).
inline constexpr std::array<YearAmount, 4> kAsiaApd = {{
    {2008, 7'804'600},
    {2009, 7'347'923},
    {2010, 6'892'949},
    {2011, 4'757'119},
}};

/// Declared APD totals (FACTS.md; 2011 estimated): the demo lands within half a percent.
inline constexpr std::array<YearAmount, 5> kApdTotals = {{
    {2007, 62'200'000},
    {2008, 72'500'000},
    {2009, 69'700'000},
    {2010, 60'500'000},
    {2011, 60'000'000},
}};
/// About three quarters of APD goes to Africa.
inline constexpr double kAfricaApdShare = 0.75;

/// Projects co-financed by the ministry in 2011 and their total (brochure: "près de 350
/// projets … plus de 7 millions d'euros").
inline constexpr int kMinistryProjects2011 = 347;
inline constexpr std::int64_t kMinistryAmount2011 = 7'180'000;

}  // namespace cncd::demo
