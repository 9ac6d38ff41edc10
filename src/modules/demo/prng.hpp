#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

namespace cncd::demo {

/// A small deterministic pseudo-random generator (xoshiro256**, seeded with splitmix64).
/// The demo uses it instead of <random> distributions, whose output differs between
/// standard library versions: the same seed gives the same demo everywhere.
class Prng {
  public:
    explicit Prng(std::uint64_t seed) {
        for (auto& word : state_) word = SplitMix64(seed);
    }

    /// The next 64 random bits.
    std::uint64_t Next() {
        const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = Rotl(state_[3], 45);
        return result;
    }

    /// A double in [0, 1) with 53 random bits.
    double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

    /// An integer in [0, n), without modulo bias. `n` must be positive.
    std::uint64_t Below(std::uint64_t n) {
        if (n == 0) throw std::invalid_argument("Prng::Below(0)");
        const std::uint64_t limit = -n % n;  // 2^64 mod n: values under it are rejected
        for (;;) {
            const std::uint64_t r = Next();
            if (r >= limit) return r % n;
        }
    }

    /// An integer in [low, high] (both included).
    int Between(int low, int high) {
        return low + static_cast<int>(Below(static_cast<std::uint64_t>(high - low) + 1));
    }

    /// True with probability `p`.
    bool Chance(double p) { return Uniform() < p; }

    /// An index drawn with probability proportional to `weights` (all non-negative, one
    /// positive at least).
    std::size_t Weighted(const std::vector<double>& weights) {
        double total = 0;
        for (const double w : weights) total += w;
        if (!(total > 0)) throw std::invalid_argument("Prng::Weighted: no positive weight");
        double target = Uniform() * total;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (target < weights[i]) return i;
            target -= weights[i];
        }
        for (std::size_t i = weights.size(); i-- > 0;) {
            if (weights[i] > 0) return i;  // rounding left us past the end
        }
        return 0;
    }

    /// One element of a non-empty vector, uniformly.
    template <typename T>
    const T& Pick(const std::vector<T>& items) {
        if (items.empty()) throw std::invalid_argument("Prng::Pick: empty");
        return items[Below(items.size())];
    }

    /// Fisher–Yates shuffle.
    template <typename T>
    void Shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[Below(i)]);
        }
    }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t SplitMix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    std::uint64_t state_[4];
};

}  // namespace cncd::demo
