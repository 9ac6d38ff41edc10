#pragma once

#include "db/database.hpp"
#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

/// Inserts the demo Atlas (themes, co-financers, authorities and their contacts, partners,
/// projects with their links and details, APD amounts) with its own ids, on `c`'s open
/// transaction.
void WriteDemoAtlas(db::Connection& c, const DemoAtlas& atlas);

}  // namespace cncd::demo
