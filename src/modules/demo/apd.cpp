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

std::vector<DemoApdDeclaration> DeclareApd(const std::vector<ApdAmount>& apd,
                                           const std::vector<Project>& projects,
                                           const std::vector<Theme>& themes) {
    constexpr std::int64_t kNgoShareFrom = 20000;
    std::map<int, std::string> sector_of_theme;
    for (const auto& t : themes) sector_of_theme[t.id] = t.dac_code;
    // The project an authority runs in a country in a year (its lead project first, the most
    // recent start otherwise): the line's sector and Atlas link.
    std::map<std::tuple<int, std::string>, std::vector<const Project*>> projects_of;
    for (const auto& p : projects) {
        for (const int id : p.authority_ids) projects_of[{id, p.country_iso2}].push_back(&p);
    }
    const auto project_for = [&](const ApdAmount& a) -> const Project* {
        const auto it = projects_of.find({a.authority_id, a.country_iso2});
        if (it == projects_of.end()) return nullptr;
        const Project* best = nullptr;
        for (const Project* p : it->second) {
            const bool running =
                p->start_year <= a.year && p->end_year.value_or(kCurrentYear) >= a.year;
            const bool best_running = best && best->start_year <= a.year &&
                                      best->end_year.value_or(kCurrentYear) >= a.year;
            if (!best || (running && !best_running) ||
                (running == best_running && p->start_year > best->start_year) ||
                (running == best_running && p->start_year == best->start_year && p->id < best->id))
                best = p;
        }
        return best;
    };

    std::map<std::tuple<int, int>, DemoApdDeclaration> declarations;
    for (const auto& a : apd) {
        auto& d = declarations[{a.authority_id, a.year}];
        d.authority_id = a.authority_id;
        d.year = a.year;
        const Project* project = project_for(a);
        std::string sector = "15112";
        if (project && !project->theme_ids.empty()) {
            const auto it = sector_of_theme.find(project->theme_ids.front());
            if (it != sector_of_theme.end() && it->second.size() == 5) sector = it->second;
        }
        const bool environment = sector.starts_with("140") || sector.starts_with("41");
        const bool gender = (a.authority_id + a.year) % 3 == 0;
        DemoApdLine line{a.country_iso2,
                         "12002",
                         sector,
                         "cooperation",
                         "C01",
                         a.amount,
                         gender ? 1 : 0,
                         environment ? 1 : 0,
                         project ? std::optional<int>(project->id) : std::nullopt};
        if (a.amount >= kNgoShareFrom) {
            DemoApdLine ngo = line;
            ngo.channel_code = "22000";
            ngo.expenditure_type = "ngo_grants";
            ngo.aid_type = "B01";
            ngo.amount = a.amount / 5;
            ngo.project_id.reset();
            line.amount = a.amount - ngo.amount;
            d.lines.push_back(std::move(line));
            d.lines.push_back(std::move(ngo));
        } else {
            d.lines.push_back(std::move(line));
        }
    }
    std::vector<DemoApdDeclaration> out;
    out.reserve(declarations.size());
    for (auto& [key, d] : declarations) out.push_back(std::move(d));
    return out;
}

}  // namespace cncd::demo
