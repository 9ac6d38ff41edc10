#pragma once

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "modules/apd/apd_stats.hpp"

namespace cncd::apd {

/// The view of the public statistics page for `year` (0: the latest year with validated
/// declarations): totals by year (line chart), by continent (bar chart), the year × continent
/// table they summarise, the leading countries, the types of authority and the départements
/// (the text version of the map drawn by static/js/apd-map.js), with the links to the
/// CSV/XLSX/CRS outputs. Charts are SVG rendered here; the tables are their text version.
/// `filters` narrow every figure of the page: continent, authority_type and region (codes as
/// /api/v1/apd/stats takes them; an empty value or an unknown one, said at its field, is all).
using PageFilters = std::map<Dimension, std::string>;
nlohmann::json StatisticsPage(StatsService& stats, int year, const PageFilters& filters = {});

/// The dimensions the page filters by, in the form's order.
inline constexpr std::array<Dimension, 3> kPageFilterDimensions = {
    Dimension::kContinent, Dimension::kAuthorityType, Dimension::kRegion};

/// "72,5 M€" (one decimal under 100 M€), "850 k€", "900 €".
std::string ShortEuros(std::int64_t amount);

}  // namespace cncd::apd
