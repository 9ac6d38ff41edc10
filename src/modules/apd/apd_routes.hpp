#pragma once

#include "db/database.hpp"
#include "modules/apd/apd_stats.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::apd {

/// Registers the public e-APD routes (validated figures are public, no sign-in):
///   GET /api/v1/apd/stats (+ .csv .xlsx)  cross-tabulations, by= and filters
///   GET /api/v1/apd/stats/departments   the map's data: amounts by département + centroids
///   GET /api/v1/apd/lines.csv|.xlsx       the validated lines (year=, authority=)
///   GET /api/v1/apd/crs.csv?year=         OECD CRS rows
///   GET /api/v1/apd/iati.xml?authority=&year=  IATI 2.03 activities
///   GET /apd/statistiques                 the statistics page
/// The declaration routes need the accounts guard: the integrator registers them on
/// DeclarationService (see README.md).
void RegisterApdRoutes(web::Router& router, StatsService& stats, db::Database& db,
                       const web::Templates& templates);

}  // namespace cncd::apd
