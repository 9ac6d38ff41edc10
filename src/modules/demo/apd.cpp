#include "modules/demo/apd.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "modules/demo/apportion.hpp"
#include "modules/demo/demo_targets.hpp"

namespace cncd::demo {
namespace {

constexpr std::int64_t kSmallestDeclaration = 200;
constexpr double kTotalSpread = 0.006;  // the year's total lands within ±0.3 %
constexpr double kAfricaSpread = 0.02;  // Africa's share within ±1 point

enum class Zone { kAsia, kAfrica, kRest };

// The yearly APD an authority of this kind and size typically declares, relative.
double DeclarationScale(const Authority& a) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
            return 40;
        case AuthorityKind::kDepartement:
            return 15;
        case AuthorityKind::kEpci:
            return a.activity >= 8 ? 10 : 3;
        case AuthorityKind::kCommune:
            break;
    }
    return std::min(20.0, 0.5 + static_cast<double>(a.population) / 20000);
}

struct Pair {
    std::size_t authority;  // index
    std::string iso2;
    bool operator<(const Pair& o) const {
        return std::tie(authority, iso2) < std::tie(o.authority, o.iso2);
    }
};

}  // namespace

std::vector<ApdAmount> AllocateApd(const std::vector<Project>& projects,
                                   const std::vector<Authority>& authorities,
                                   const std::vector<PlannedCountry>& countries, Prng& rng) {
    std::map<std::string, Zone> zone;
    for (const auto& c : countries) {
        if (!c.info.apd_eligible) continue;
        zone[c.info.iso2] = c.info.asian()                  ? Zone::kAsia
                            : c.info.continent == "afrique" ? Zone::kAfrica
                                                            : Zone::kRest;
    }
    std::map<int, std::size_t> index_of;
    for (std::size_t i = 0; i < authorities.size(); ++i) index_of[authorities[i].id] = i;

    // Projects per (authority, country) and per year they run, for eligible countries only.
    std::map<Pair, std::map<int, int>> running;
    for (const auto& p : projects) {
        if (!zone.count(p.country_iso2)) continue;
        for (const int id : p.authority_ids) {
            auto& years = running[{index_of.at(id), p.country_iso2}];
            years[0] += 1;  // key 0: any year
            for (const auto& [year, total] : kApdTotals) {
                (void)total;
                if (p.start_year <= year && p.end_year.value_or(kCurrentYear) >= year)
                    years[year] += 1;
            }
        }
    }

    std::vector<ApdAmount> out;
    for (const auto& [year, declared] : kApdTotals) {
        const auto spread = [&](double width) { return 1 + width * (rng.Uniform() - 0.5); };
        const auto total =
            static_cast<std::int64_t>(static_cast<double>(declared) * spread(kTotalSpread));
        std::int64_t asia = 0;
        for (const auto& a : kAsiaApd) {
            if (a.year == year) asia = a.amount;
        }
        const auto africa = static_cast<std::int64_t>(static_cast<double>(total) * kAfricaApdShare *
                                                      spread(kAfricaSpread));
        const std::map<Zone, std::int64_t> targets = {
            {Zone::kAsia, asia}, {Zone::kAfrica, africa}, {Zone::kRest, total - asia - africa}};

        for (const auto& [z, amount] : targets) {
            if (amount == 0) continue;
            std::vector<Pair> pairs;
            std::vector<double> weights;
            for (const auto& [pair, years] : running) {
                if (zone.at(pair.iso2) != z) continue;
                const auto it = years.find(year);
                if (it == years.end()) continue;
                pairs.push_back(pair);
                weights.push_back(DeclarationScale(authorities[pair.authority]) * it->second *
                                  (0.4 + 1.2 * rng.Uniform()));
            }
            if (pairs.empty()) {
                // No project running that year in the zone: take every partnership of the zone.
                for (const auto& [pair, years] : running) {
                    if (zone.at(pair.iso2) != z) continue;
                    pairs.push_back(pair);
                    weights.push_back(DeclarationScale(authorities[pair.authority]) *
                                      (0.4 + 1.2 * rng.Uniform()));
                }
            }
            if (pairs.empty())
                throw std::runtime_error("no partnership to carry the APD of a zone");
            const auto shares = Apportion(amount, weights, kSmallestDeclaration, amount);
            for (std::size_t k = 0; k < pairs.size(); ++k) {
                out.push_back({authorities[pairs[k].authority].id, pairs[k].iso2, year, shares[k]});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const ApdAmount& a, const ApdAmount& b) {
        return std::tie(a.authority_id, a.country_iso2, a.year) <
               std::tie(b.authority_id, b.country_iso2, b.year);
    });
    return out;
}

}  // namespace cncd::demo
