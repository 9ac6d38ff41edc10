#include "modules/demo/apportion.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace cncd::demo {
namespace {

constexpr int kBisectionSteps = 200;

double Clamp(double x, std::int64_t low, std::int64_t high) {
    return std::min(std::max(x, static_cast<double>(low)), static_cast<double>(high));
}

double Filled(double scale, const std::vector<double>& weights,
              const std::vector<std::int64_t>& mins, const std::vector<std::int64_t>& maxs) {
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        sum += Clamp(weights[i] * scale, mins[i], maxs[i]);
    }
    return sum;
}

}  // namespace

std::vector<std::int64_t> Apportion(std::int64_t total, const std::vector<double>& weights,
                                    const std::vector<std::int64_t>& mins,
                                    const std::vector<std::int64_t>& maxs) {
    const std::size_t n = weights.size();
    if (mins.size() != n || maxs.size() != n) {
        throw std::invalid_argument("Apportion: weights and bounds differ in size");
    }
    std::int64_t low_sum = 0;
    std::int64_t high_sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (mins[i] > maxs[i] || weights[i] < 0) {
            throw std::invalid_argument("Apportion: bad bounds or weight");
        }
        low_sum += mins[i];
        high_sum += weights[i] > 0 ? maxs[i] : mins[i];
    }
    if (total < low_sum || total > high_sum) {
        throw std::invalid_argument("Apportion: the bounds cannot hold the total");
    }

    // The largest scale that does not overfill: every share is then at most its exact value.
    double low = 0;
    double high = 1;
    while (Filled(high, weights, mins, maxs) < static_cast<double>(total)) high *= 2;
    for (int step = 0; step < kBisectionSteps; ++step) {
        const double mid = low + (high - low) / 2;
        if (Filled(mid, weights, mins, maxs) <= static_cast<double>(total)) {
            low = mid;
        } else {
            high = mid;
        }
    }

    std::vector<std::int64_t> shares(n);
    std::vector<double> fraction(n);
    std::int64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double exact = Clamp(weights[i] * low, mins[i], maxs[i]);
        shares[i] = static_cast<std::int64_t>(std::floor(exact));
        shares[i] = std::max(shares[i], mins[i]);
        fraction[i] = exact - static_cast<double>(shares[i]);
        given += shares[i];
    }

    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (fraction[a] != fraction[b]) return fraction[a] > fraction[b];
        return weights[a] > weights[b];
    });
    std::int64_t left = total - given;
    while (left > 0) {
        bool progressed = false;
        for (const std::size_t i : order) {
            if (left == 0) break;
            if (shares[i] >= maxs[i] || weights[i] <= 0) continue;
            ++shares[i];
            --left;
            progressed = true;
        }
        if (!progressed) throw std::logic_error("Apportion: no room left");
    }
    while (left < 0) {  // only through rounding at the bounds
        bool progressed = false;
        for (auto it = order.rbegin(); it != order.rend() && left < 0; ++it) {
            if (shares[*it] <= mins[*it]) continue;
            --shares[*it];
            ++left;
            progressed = true;
        }
        if (!progressed) throw std::logic_error("Apportion: cannot reach the total");
    }
    return shares;
}

std::vector<std::int64_t> Apportion(std::int64_t total, const std::vector<double>& weights,
                                    std::int64_t min_each, std::int64_t max_each) {
    return Apportion(total, weights, std::vector<std::int64_t>(weights.size(), min_each),
                     std::vector<std::int64_t>(weights.size(), max_each));
}

}  // namespace cncd::demo
