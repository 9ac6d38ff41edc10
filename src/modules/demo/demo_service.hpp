#pragma once

#include "core/result.hpp"
#include "db/database.hpp"

namespace cncd::demo {

/// What the demo contains, as counted after seeding.
struct SeedSummary {
    int projects = 0;
    int authorities = 0;  ///< French authorities engaged in at least one project
    int partners = 0;     ///< partner authorities in at least one project
    int countries = 0;    ///< countries with at least one partner
};

/// Builds the deterministic demo Atlas (fixed seed) on the imported reference data,
/// reproducing the brochure's figures (DESIGN.md §4). Fails with kFailedPrecondition when
/// reference data is missing or Atlas data already exists; writes nothing then.
Result<SeedSummary> SeedDemo(db::Database& db);

/// True when the Atlas holds at least one project.
bool HasAtlasData(db::Database& db);

}  // namespace cncd::demo
