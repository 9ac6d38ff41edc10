#pragma once

#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

/// Builds the whole demo Atlas in memory from the reference data. Deterministic: the same
/// reference data always gives the same demo. Throws std::runtime_error when the reference
/// data cannot hold the published figures.
DemoAtlas BuildDemoAtlas(const Reference& ref);

}  // namespace cncd::demo
