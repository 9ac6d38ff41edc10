#pragma once

#include "db/database.hpp"
#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

/// Reads the reference tables (countries, French geography, foreign GeoNames places) the
/// demo is built on, in a stable order.
Reference ReadReference(db::Connection& c);

/// True when every reference table the demo needs has rows.
bool HasReferenceData(db::Connection& c);

/// True when any Atlas table already has rows.
bool HasAtlasRows(db::Connection& c);

}  // namespace cncd::demo
