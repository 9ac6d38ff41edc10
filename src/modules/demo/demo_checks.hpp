#pragma once

#include "db/database.hpp"

namespace cncd::demo {

/// Counts the written demo with SQL and throws std::runtime_error, naming every figure that
/// differs from the published one, so the seeding transaction rolls back: headline figures,
/// Asia's authorities, partners and APD by year, the three leading countries, APD only to
/// eligible countries from authorities with projects there.
void CheckDemoAtlas(db::Connection& c);

}  // namespace cncd::demo
