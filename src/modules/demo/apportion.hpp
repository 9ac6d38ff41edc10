#pragma once

#include <cstdint>
#include <vector>

namespace cncd::demo {

/// Splits the integer `total` into one share per weight, as proportional to the weights as
/// the bounds allow: share i lies in [mins[i], maxs[i]], the shares sum to `total` exactly
/// (largest remainders get the leftover units). Throws std::invalid_argument when the
/// bounds cannot hold `total` or the vectors differ in size.
std::vector<std::int64_t> Apportion(std::int64_t total, const std::vector<double>& weights,
                                    const std::vector<std::int64_t>& mins,
                                    const std::vector<std::int64_t>& maxs);

/// Apportion with the same bounds for every share.
std::vector<std::int64_t> Apportion(std::int64_t total, const std::vector<double>& weights,
                                    std::int64_t min_each, std::int64_t max_each);

}  // namespace cncd::demo
