#include "modules/demo/allocation.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "modules/demo/apportion.hpp"
#include "modules/demo/authorities.hpp"
#include "modules/demo/brochure.hpp"
#include "modules/demo/country_plan.hpp"
#include "modules/demo/demo_targets.hpp"
#include "modules/demo/french_grammar.hpp"
#include "modules/demo/weighted_pool.hpp"

namespace cncd::demo {
namespace {

// French territories that GeoNames lists as countries: never partners.
constexpr std::array<std::string_view, 13> kFrenchTerritories = {
    "FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"};

// Chance that a project reuses an existing link (authority already engaged in the country,
// partner already working with the lead) instead of drawing a new one.
constexpr double kEngagedAuthorityChance = 0.45;
constexpr double kSamePartnerChance = 0.6;
constexpr double kSecondPartnerChance = 0.06;
constexpr double kAssociateChance = 0.1;

// Partners per project, relative, by continent: African partners are fewer and work with
// several French authorities; European twinnings are one to one.
double PartnerFactor(const std::string& continent) {
    if (continent == "afrique") return 0.55;
    if (continent == "ameriques") return 0.85;
    if (continent == "oceanie") return 0.9;
    return 1.0;
}

// How likely an authority is to lead a project in a rich country (twinnings, mostly
// communes) or in an APD-eligible one (cooperation, régions and départements too).
double Fit(const Authority& a, bool eligible) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
        case AuthorityKind::kDepartement:
            return eligible ? 1.2 : 0.35;
        case AuthorityKind::kEpci:
            return eligible ? 1.0 : 0.5;
        case AuthorityKind::kCommune:
            break;
    }
    return eligible ? 0.8 : 1.5;
}

bool IsFrenchTerritory(const std::string& iso2) {
    return std::find(kFrenchTerritories.begin(), kFrenchTerritories.end(), iso2) !=
           kFrenchTerritories.end();
}

// Phrases for a country outside the plan (used only if the plan runs short).
CountryInfo FallbackInfo(const RefCountry& c) {
    CountryInfo info;
    const bool feminine = !c.name.empty() && c.name.back() == 'e';
    if (fr::StartsWithVowel(c.name)) {
        info.in = "en " + c.name;
        info.of = "d'" + c.name;
    } else if (feminine) {
        info.in = "en " + c.name;
        info.of = "de " + c.name;
    } else {
        info.in = "au " + c.name;
        info.of = "du " + c.name;
    }
    info.weight = 2;
    return info;
}

CountryInfo InfoFor(const RefCountry& c, const CountryPlan* plan) {
    CountryInfo info = plan == nullptr ? FallbackInfo(c) : CountryInfo{};
    if (plan != nullptr) {
        info.weight = plan->weight;
        info.in = std::string(plan->in);
        info.of = std::string(plan->of);
        info.admin1 = std::string(plan->admin1);
        info.admin2 = std::string(plan->admin2);
    }
    info.iso2 = c.iso2;
    info.name = c.name;
    info.continent = c.continent;
    info.apd_eligible = c.apd_eligible;
    info.lat = c.lat;
    info.lon = c.lon;
    return info;
}

std::set<std::int64_t> ReservedPlaces() {
    std::set<std::int64_t> out;
    for (const auto& bc : BrochureCases()) {
        for (const auto& p : bc.partners) {
            if (p.precision == "city") out.insert(p.seat_geonames_id);
        }
    }
    return out;
}

std::vector<PlannedCountry> ChooseCountries(const Reference& ref) {
    std::vector<PlannedCountry> chosen;
    auto usable = [&](const RefCountry* c) {
        return c != nullptr && !IsFrenchTerritory(c->iso2) && ref.places.count(c->iso2) > 0;
    };
    std::vector<std::pair<const RefCountry*, const CountryPlan*>> candidates;
    for (const auto& plan : CountryPlans()) {
        const RefCountry* c = ref.FindCountry(std::string(plan.iso2));
        if (usable(c)) candidates.emplace_back(c, &plan);
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.second->weight > b.second->weight;
    });
    if (candidates.size() < static_cast<std::size_t>(kCountries)) {
        // Not expected with the real reference data: complete with the countries richest in
        // GeoNames places.
        std::vector<const RefCountry*> others;
        for (const auto& c : ref.countries) {
            if (usable(&c) && FindCountryPlan(c.iso2) == nullptr) others.push_back(&c);
        }
        std::stable_sort(others.begin(), others.end(), [&](const auto* a, const auto* b) {
            return ref.places.at(a->iso2).size() > ref.places.at(b->iso2).size();
        });
        for (const auto* c : others) candidates.emplace_back(c, nullptr);
    }
    if (candidates.size() < static_cast<std::size_t>(kCountries)) {
        throw std::runtime_error("the reference data has too few countries with places");
    }
    candidates.resize(kCountries);
    std::sort(candidates.begin(), candidates.end(),
              [](const auto& a, const auto& b) { return a.first->iso2 < b.first->iso2; });
    const auto reserved = ReservedPlaces();
    for (const auto& [country, plan] : candidates) {
        PlannedCountry pc;
        pc.info = InfoFor(*country, plan);
        pc.candidates = PartnerCandidates(ref, pc.info, reserved);
        chosen.push_back(std::move(pc));
    }
    return chosen;
}

std::size_t IndexOf(const std::vector<PlannedCountry>& countries, std::string_view iso2) {
    for (std::size_t i = 0; i < countries.size(); ++i) {
        if (countries[i].info.iso2 == iso2) return i;
    }
    throw std::runtime_error("a country of the brochure is not among the partner countries: " +
                             std::string(iso2));
}

void SetProjectQuotas(std::vector<PlannedCountry>& countries) {
    std::vector<std::size_t> asian;
    std::vector<std::size_t> others;
    int fixed_total = 0;
    for (std::size_t i = 0; i < countries.size(); ++i) {
        bool fixed = false;
        for (const auto& lead : LeadingCountries()) {
            if (countries[i].info.iso2 != lead.iso2) continue;
            countries[i].projects = lead.projects;
            fixed_total += lead.projects;
            fixed = true;
        }
        if (fixed) continue;
        (countries[i].info.asian() ? asian : others).push_back(i);
    }
    auto apportion = [&](const std::vector<std::size_t>& group, int total) {
        std::vector<double> weights;
        std::vector<std::int64_t> mins;
        std::vector<std::int64_t> maxs;
        for (const std::size_t i : group) {
            weights.push_back(countries[i].info.weight);
            mins.push_back(std::max(1, countries[i].brochure_projects));
            maxs.push_back(kMaxOtherCountryProjects);
        }
        const auto shares = Apportion(total, weights, mins, maxs);
        for (std::size_t k = 0; k < group.size(); ++k) {
            countries[group[k]].projects = static_cast<int>(shares[k]);
        }
    };
    apportion(asian, kAsiaProjects);
    apportion(others, kProjects - fixed_total - kAsiaProjects);
}

// Splits `total` partners over a group of countries ∝ `weights`, real places first: as
// many partners as possible are GeoNames places (municipalities); the divisions and
// groupings built on places make up the rest where places run short.
std::vector<std::int64_t> PartnerShares(const std::vector<PlannedCountry*>& group,
                                        std::int64_t total, const std::vector<double>& weights) {
    std::vector<std::int64_t> mins;
    std::vector<std::int64_t> with_places;  // most partners a country can have on places alone
    std::vector<std::int64_t> extra_room;   // more it can have with divisions and groupings
    for (const PlannedCountry* c : group) {
        const std::int64_t generated_projects = c->projects - c->brochure_projects;
        const std::int64_t places =
            std::count_if(c->candidates.begin(), c->candidates.end(),
                          [](const Partner& p) { return p.level == "municipality"; });
        const auto candidates = static_cast<std::int64_t>(c->candidates.size());
        mins.push_back(std::max(1, c->brochure_partners));
        with_places.push_back(
            std::max(mins.back(), c->brochure_partners + std::min(generated_projects, places)));
        extra_room.push_back(c->brochure_partners + std::min(generated_projects, candidates) -
                             with_places.back());
    }
    std::int64_t on_places = 0;
    for (const auto m : with_places) on_places += m;
    try {
        if (on_places >= total) return Apportion(total, weights, mins, with_places);
        auto shares = Apportion(total - on_places, weights,
                                std::vector<std::int64_t>(group.size(), 0), extra_room);
        for (std::size_t k = 0; k < shares.size(); ++k) shares[k] += with_places[k];
        return shares;
    } catch (const std::invalid_argument&) {
        throw std::runtime_error("the reference data has too few places for the partners");
    }
}

void SetPartnerQuotas(std::vector<PlannedCountry>& countries) {
    std::vector<PlannedCountry*> asian;
    std::vector<PlannedCountry*> others;
    std::vector<double> asian_weights;
    std::vector<double> other_weights;
    for (auto& c : countries) {
        if (c.info.asian()) {
            asian.push_back(&c);
            asian_weights.push_back(c.info.weight);
        } else {
            others.push_back(&c);
            other_weights.push_back(c.projects * PartnerFactor(c.info.continent));
        }
    }
    const auto asian_shares = PartnerShares(asian, kAsiaPartners, asian_weights);
    const auto other_shares = PartnerShares(others, kPartners - kAsiaPartners, other_weights);
    for (std::size_t k = 0; k < asian.size(); ++k)
        asian[k]->partners = static_cast<int>(asian_shares[k]);
    for (std::size_t k = 0; k < others.size(); ++k)
        others[k]->partners = static_cast<int>(other_shares[k]);
}

// Draws an index among `items` with probability ∝ weight(item).
template <typename Weight>
std::size_t DrawAmong(const std::vector<std::size_t>& items, Weight weight, Prng& rng) {
    std::vector<double> weights;
    weights.reserve(items.size());
    for (const std::size_t i : items) weights.push_back(weight(i));
    return items[rng.Weighted(weights)];
}

class Assigner {
  public:
    Assigner(const Reference& ref, const std::vector<PlannedCountry>& countries,
             std::vector<Authority>& authorities, Prng& rng)
        : ref_(ref),
          countries_(countries),
          authorities_(authorities),
          rng_(rng),
          engaged_(countries.size()),
          generated_partners_(countries.size()) {}

    Assignment Run() {
        BuildPartners();
        AddBrochureProjects();
        ChooseAsianAuthorities();
        MakeSlots();
        CoverAuthorities();
        FillLeads();
        FillPartners();
        AddAssociates();
        return std::move(out_);
    }

  private:
    void BuildPartners() {
        const auto& cases = BrochureCases();
        brochure_partners_.resize(cases.size());
        for (std::size_t c = 0; c < countries_.size(); ++c) {
            const PlannedCountry& pc = countries_[c];
            for (std::size_t k = 0; k < cases.size(); ++k) {
                if (cases[k].country_iso2 != pc.info.iso2) continue;
                for (const auto& spec : cases[k].partners) {
                    brochure_partners_[k].push_back(out_.partners.size());
                    out_.partners.push_back(BrochurePartnerOf(ref_, spec, pc.info.iso2));
                }
            }
            const int generated = pc.partners - pc.brochure_partners;
            for (int k = 0; k < generated; ++k) {
                generated_partners_[c].push_back(out_.partners.size());
                out_.partners.push_back(pc.candidates[static_cast<std::size_t>(k)]);
            }
        }
        AssignPartnerSlugs(out_.partners);
    }

    void AddBrochureProjects() {
        const auto& cases = BrochureCases();
        for (std::size_t k = 0; k < cases.size(); ++k) {
            const auto a =
                FindAuthority(authorities_, cases[k].authority_kind, cases[k].authority_code);
            if (!a) throw std::runtime_error("an authority of the brochure is missing");
            ProjectSkeleton p;
            p.country = IndexOf(countries_, cases[k].country_iso2);
            p.authorities = {*a};
            p.partners = brochure_partners_[k];
            p.brochure_case = static_cast<int>(k);
            covered_.insert(*a);
            Engage(*a, p.country);
            if (countries_[p.country].info.asian()) {
                asian_.insert(*a);
                covered_in_asia_.insert(*a);
            }
            for (const std::size_t partner : p.partners) links_[{*a, p.country}].push_back(partner);
            out_.projects.push_back(std::move(p));
        }
    }

    void ChooseAsianAuthorities() {
        std::vector<double> weights(authorities_.size());
        for (std::size_t i = 0; i < authorities_.size(); ++i) {
            weights[i] = asian_.count(i) ? 0 : AsianWeight(authorities_[i]);
        }
        WeightedPool pool(weights);
        while (asian_.size() < static_cast<std::size_t>(kAsiaAuthorities)) {
            asian_.insert(pool.Take(rng_));
        }
    }

    void MakeSlots() {
        for (std::size_t c = 0; c < countries_.size(); ++c) {
            const PlannedCountry& pc = countries_[c];
            const int generated = pc.projects - pc.brochure_projects;
            for (int k = 0; k < generated; ++k) {
                Slot slot;
                slot.country = c;
                if (static_cast<std::size_t>(k) < generated_partners_[c].size()) {
                    slot.partner = generated_partners_[c][static_cast<std::size_t>(k)];
                }
                slots_.push_back(slot);
            }
        }
        rng_.Shuffle(slots_);
    }

    // Every authority gets one project: the Asian ones in Asia, the others elsewhere.
    void CoverAuthorities() {
        std::vector<std::size_t> asian_queue;
        std::vector<std::size_t> other_queue;
        for (std::size_t i = 0; i < authorities_.size(); ++i) {
            if (asian_.count(i)) {
                if (!covered_in_asia_.count(i)) asian_queue.push_back(i);
            } else if (!covered_.count(i)) {
                other_queue.push_back(i);
            }
        }
        rng_.Shuffle(asian_queue);
        rng_.Shuffle(other_queue);
        std::size_t next_asian = 0;
        std::size_t next_other = 0;
        for (auto& slot : slots_) {
            const bool asian_slot = countries_[slot.country].info.asian();
            auto& queue = asian_slot ? asian_queue : other_queue;
            auto& next = asian_slot ? next_asian : next_other;
            if (next >= queue.size()) continue;
            slot.lead = queue[next++];
            Engage(*slot.lead, slot.country);
        }
        if (next_asian < asian_queue.size() || next_other < other_queue.size()) {
            throw std::runtime_error("too few projects to engage every authority");
        }
    }

    void FillLeads() {
        std::vector<std::size_t> asian_members(asian_.begin(), asian_.end());
        std::vector<double> rich(authorities_.size());
        std::vector<double> eligible(authorities_.size());
        for (std::size_t i = 0; i < authorities_.size(); ++i) {
            rich[i] = authorities_[i].activity * Fit(authorities_[i], false);
            eligible[i] = authorities_[i].activity * Fit(authorities_[i], true);
        }
        const WeightedPool rich_pool(rich);
        const WeightedPool eligible_pool(eligible);
        for (auto& slot : slots_) {
            if (slot.lead) continue;
            const CountryInfo& info = countries_[slot.country].info;
            const auto& engaged = engaged_[slot.country];
            std::size_t lead = 0;
            if (!engaged.empty() && rng_.Chance(kEngagedAuthorityChance)) {
                // Uniform among those already there: a small commune engaged in a country
                // comes back as often as a région.
                lead = rng_.Pick(engaged);
            } else if (info.asian()) {
                lead = DrawAmong(
                    asian_members, [&](std::size_t i) { return authorities_[i].activity; }, rng_);
            } else {
                lead = (info.apd_eligible ? eligible_pool : rich_pool).Draw(rng_);
            }
            slot.lead = lead;
            Engage(lead, slot.country);
        }
    }

    void FillPartners() {
        std::map<std::size_t, WeightedPool> pools;
        auto pool_of = [&](std::size_t c) -> WeightedPool& {
            auto it = pools.find(c);
            if (it != pools.end()) return it->second;
            std::vector<double> weights;
            for (const std::size_t p : generated_partners_[c]) {
                weights.push_back(out_.partners[p].popularity);
            }
            return pools.emplace(c, WeightedPool(weights)).first->second;
        };
        for (auto& slot : slots_) {
            const std::size_t c = slot.country;
            const auto& generated = generated_partners_[c];
            ProjectSkeleton p;
            p.country = c;
            p.authorities = {*slot.lead};
            auto& known = links_[{*slot.lead, c}];
            if (slot.partner) {
                p.partners.push_back(*slot.partner);
            } else if (!known.empty() && rng_.Chance(kSamePartnerChance)) {
                p.partners.push_back(rng_.Pick(known));
            } else {
                p.partners.push_back(generated[pool_of(c).Draw(rng_)]);
            }
            if (generated.size() >= 2 && rng_.Chance(kSecondPartnerChance)) {
                std::size_t second = p.partners[0];
                while (second == p.partners[0]) second = generated[pool_of(c).Draw(rng_)];
                p.partners.push_back(second);
            }
            for (const std::size_t partner : p.partners) {
                if (std::find(known.begin(), known.end(), partner) == known.end()) {
                    known.push_back(partner);
                }
            }
            out_.projects.push_back(std::move(p));
        }
    }

    // A few projects are led jointly with another authority of the same région (a commune
    // with its département, an EPCI with its central city…).
    void AddAssociates() {
        std::map<std::string, std::vector<std::size_t>> by_region;
        for (std::size_t i = 0; i < authorities_.size(); ++i) {
            by_region[authorities_[i].region_code].push_back(i);
        }
        for (auto& p : out_.projects) {
            if (p.brochure_case >= 0 || !rng_.Chance(kAssociateChance)) continue;
            const std::size_t lead = p.authorities.front();
            const bool asian = countries_[p.country].info.asian();
            std::vector<std::size_t> candidates;
            for (const std::size_t i : by_region[authorities_[lead].region_code]) {
                if (i == lead || (asian && !asian_.count(i))) continue;
                if (authorities_[i].kind == authorities_[lead].kind &&
                    authorities_[i].kind != AuthorityKind::kCommune) {
                    continue;
                }
                candidates.push_back(i);
            }
            if (candidates.empty()) continue;
            p.authorities.push_back(DrawAmong(
                candidates, [&](std::size_t i) { return authorities_[i].activity; }, rng_));
        }
    }

    void Engage(std::size_t authority, std::size_t country) {
        auto& list = engaged_[country];
        if (std::find(list.begin(), list.end(), authority) == list.end()) {
            list.push_back(authority);
        }
    }

    struct Slot {
        std::size_t country = 0;
        std::optional<std::size_t> lead;
        std::optional<std::size_t> partner;
    };

    const Reference& ref_;
    const std::vector<PlannedCountry>& countries_;
    std::vector<Authority>& authorities_;
    Prng& rng_;
    Assignment out_;
    std::vector<std::vector<std::size_t>> brochure_partners_;
    std::set<std::size_t> covered_;          ///< authorities with a project already
    std::set<std::size_t> covered_in_asia_;  ///< … with a project in Asia already
    std::set<std::size_t> asian_;            ///< the kAsiaAuthorities engaged in Asia
    std::vector<Slot> slots_;
    std::vector<std::vector<std::size_t>> engaged_;             ///< per country
    std::vector<std::vector<std::size_t>> generated_partners_;  ///< per country
    std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> links_;
};

}  // namespace

std::vector<PlannedCountry> PlanCountries(const Reference& ref) {
    auto countries = ChooseCountries(ref);
    for (const auto& bc : BrochureCases()) {
        PlannedCountry& c = countries[IndexOf(countries, bc.country_iso2)];
        ++c.brochure_projects;
        c.brochure_partners += static_cast<int>(bc.partners.size());
    }
    SetProjectQuotas(countries);
    SetPartnerQuotas(countries);
    return countries;
}

Assignment AssignProjects(const Reference& ref, const std::vector<PlannedCountry>& countries,
                          std::vector<Authority>& authorities, Prng& rng) {
    return Assigner(ref, countries, authorities, rng).Run();
}

}  // namespace cncd::demo
