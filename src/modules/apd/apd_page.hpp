#pragma once

#include <nlohmann/json.hpp>

#include "modules/apd/apd_stats.hpp"

namespace cncd::apd {

/// The view of the public statistics page for `year` (0: the latest year with validated
/// declarations): totals by year (line chart), by continent (bar chart), the year × continent
/// table they summarise, the leading countries, the types of authority and the départements
/// (the text version of the map drawn by static/js/apd-map.js), with the links to the
/// CSV/XLSX/CRS outputs. Charts are SVG rendered here; the tables are their text version.
nlohmann::json StatisticsPage(StatsService& stats, int year);

/// "72,5 M€" (one decimal under 100 M€), "850 k€", "900 €".
std::string ShortEuros(std::int64_t amount);

}  // namespace cncd::apd
