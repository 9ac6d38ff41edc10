#pragma once

#include <cstddef>
#include <stdexcept>
#include <vector>

#include "modules/demo/prng.hpp"

namespace cncd::demo {

/// Items with changeable weights, drawn with probability proportional to their weight
/// (a Fenwick tree: draws and updates in O(log n)). Only +, −, × and comparisons on
/// doubles: the same seed draws the same items on every platform.
class WeightedPool {
  public:
    explicit WeightedPool(const std::vector<double>& weights)
        : weights_(weights.size(), 0.0), tree_(weights.size() + 1, 0.0) {
        for (std::size_t i = 0; i < weights.size(); ++i) Set(i, weights[i]);
    }

    std::size_t size() const { return weights_.size(); }
    double Weight(std::size_t i) const { return weights_[i]; }
    double Total() const { return Prefix(weights_.size()); }

    /// Changes the weight of item `i` (0 removes it from the draws).
    void Set(std::size_t i, double weight) {
        if (weight < 0) throw std::invalid_argument("WeightedPool: negative weight");
        const double delta = weight - weights_[i];
        weights_[i] = weight;
        for (std::size_t k = i + 1; k < tree_.size(); k += k & (~k + 1)) tree_[k] += delta;
    }

    /// Draws one item ∝ weight. Throws when every weight is zero.
    std::size_t Draw(Prng& rng) const {
        const double total = Total();
        if (!(total > 0)) throw std::logic_error("WeightedPool: nothing left to draw");
        double target = rng.Uniform() * total;
        std::size_t pos = 0;
        std::size_t step = 1;
        while (step * 2 < tree_.size()) step *= 2;
        for (; step > 0; step /= 2) {
            const std::size_t next = pos + step;
            if (next < tree_.size() && tree_[next] <= target) {
                pos = next;
                target -= tree_[next];
            }
        }
        // `pos` items have a cumulative weight <= target; rounding may land on a zero item.
        for (std::size_t i = pos; i < weights_.size(); ++i) {
            if (weights_[i] > 0) return i;
        }
        for (std::size_t i = weights_.size(); i-- > 0;) {
            if (weights_[i] > 0) return i;
        }
        throw std::logic_error("WeightedPool: nothing left to draw");
    }

    /// Draws one item and removes it (sampling without replacement).
    std::size_t Take(Prng& rng) {
        const std::size_t i = Draw(rng);
        Set(i, 0.0);
        return i;
    }

  private:
    double Prefix(std::size_t count) const {
        double sum = 0;
        for (std::size_t k = count; k > 0; k -= k & (~k + 1)) sum += tree_[k];
        return sum;
    }

    std::vector<double> weights_;
    std::vector<double> tree_;
};

}  // namespace cncd::demo
