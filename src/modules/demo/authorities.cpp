#include "modules/demo/authorities.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "modules/demo/brochure.hpp"
#include "modules/demo/demo_targets.hpp"
#include "modules/demo/french_grammar.hpp"
#include "modules/demo/weighted_pool.hpp"

namespace cncd::demo {
namespace {

// Départements whose council is another authority of the list (Paris is the Ville de
// Paris; Martinique, Guyane and Mayotte are single collectivities, listed as régions; the
// Corsican départements are part of the Collectivité de Corse).
constexpr std::array<std::string_view, 6> kDepartmentsNotListed = {"75",  "2A",  "2B",
                                                                   "972", "973", "976"};

// How "de" attaches to a département's name ("de l'Allier", "de la Seine-Saint-Denis").
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kDepartmentLinks = {{
    {"de l'", " 01 02 03 07 09 10 11 12 27 34 36 38 60 61 89 91 "},
    {"des ", " 04 05 06 08 13 22 40 64 65 66 78 79 88 92 "},
    {"du ", " 14 15 18 25 29 30 32 39 41 45 46 47 56 59 62 63 67 68 69 81 82 83 84 90 94 95 "},
    {"de la ",
     " 16 17 19 21 23 24 26 2A 2B 31 33 42 43 44 48 50 51 52 53 55 57 58 70 72 73 74 "
     "76 80 85 86 87 93 971 972 973 "},
    {"d'", " 28 35 37 "},
}};

// Régions whose council is not called "Région …".
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kRegionNames = {{
    {"02", "Collectivité territoriale de Martinique"},
    {"03", "Collectivité territoriale de Guyane"},
    {"04", "Région Réunion"},
    {"06", "Département de Mayotte"},
    {"94", "Collectivité de Corse"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kUniversities = {{
    {"01", "Université des Antilles"},
    {"02", "Université des Antilles"},
    {"03", "Université de Guyane"},
    {"04", "Université de La Réunion"},
    {"06", "Université de Mayotte"},
    {"11", "Université Paris Cité"},
    {"27", "Université de Bourgogne"},
    {"28", "Université de Rouen Normandie"},
    {"52", "Nantes Université"},
    {"84", "Université Claude-Bernard Lyon 1"},
    {"93", "Aix-Marseille Université"},
    {"94", "Université de Corse"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kEpciPrefixes = {{
    {"CC ", "Communauté de communes "},
    {"CA ", "Communauté d'agglomération "},
    {"CU ", "Communauté urbaine "},
}};

bool Contains(std::string_view list, std::string_view code) {
    return list.find(" " + std::string(code) + " ") != std::string_view::npos;
}

std::string DepartmentOf(const RefDepartment& d) {
    for (const auto& [link, codes] : kDepartmentLinks) {
        if (Contains(codes, d.code)) return std::string(link) + d.name;
    }
    return "de " + d.name;
}

std::string RegionName(const RefRegion& r) {
    for (const auto& [code, name] : kRegionNames) {
        if (code == r.code) return std::string(name);
    }
    return "Région " + r.name;
}

std::string ExpandEpciName(const std::string& name) {
    for (const auto& [prefix, expanded] : kEpciPrefixes) {
        if (name.rfind(prefix, 0) == 0) return std::string(expanded) + name.substr(prefix.size());
    }
    return name;
}

std::string NominalWithArticle(const std::string& name) {
    if (name.rfind("Eurométropole", 0) == 0) return "l'" + name;
    for (const std::string_view feminine : {"Région", "Collectivité", "Communauté", "Métropole"}) {
        if (name.rfind(feminine, 0) == 0) return "la " + name;
    }
    if (name.rfind("Département", 0) == 0 || name.rfind("Conseil", 0) == 0) return "le " + name;
    return name;
}

// sqrt is correctly rounded in IEEE arithmetic: the same weights on every platform.
double PopulationWeight(std::int64_t population) {
    const double p = static_cast<double>(std::max<std::int64_t>(population, 50));
    return std::sqrt(p) * std::sqrt(std::sqrt(p));  // p^0.75
}

// Relative numbers of projects led: the big régions and départements lead the most.
double RegionActivity(std::int64_t population) {
    constexpr double kLarge = 8e6;
    return 15 + 45 * std::min(static_cast<double>(population), kLarge) / kLarge;
}

double DepartmentActivity(std::int64_t population) {
    constexpr double kLarge = 1.5e6;
    return 8 + 14 * std::min(static_cast<double>(population), kLarge) / kLarge;
}

double CommuneActivity(std::int64_t population) {
    if (population >= 300000) return 25;
    if (population >= 100000) return 10;
    if (population >= 50000) return 4;
    if (population >= 10000) return 1.5;
    if (population >= 2000) return 0.6;
    return 0.35;
}

double EpciActivity(const std::string& kind) {
    if (kind == "METRO" || kind == "MET69") return 12;
    if (kind == "CU") return 8;
    if (kind == "CA") return 3;
    return 1.2;
}

void Locate(Authority& a, const RefCommune* seat) {
    if (seat == nullptr) return;
    a.place = seat->name;
    a.lat = seat->lat;
    a.lon = seat->lon;
    a.precision = seat->precision.empty() ? "city" : seat->precision;
}

class Selector {
  public:
    Selector(const Reference& ref, Prng& rng) : ref_(ref), rng_(rng) {}

    std::vector<Authority> Run() {
        std::set<std::string> active_regions;
        for (const auto& r : ref_.regions) {
            if (r.zone == "com") continue;
            active_regions.insert(r.code);
            AddRegion(r);
        }
        for (const auto& d : ref_.departments) {
            if (!active_regions.count(d.region_code)) continue;
            if (std::find(kDepartmentsNotListed.begin(), kDepartmentsNotListed.end(), d.code) !=
                kDepartmentsNotListed.end()) {
                continue;
            }
            AddDepartment(d);
        }
        AddEpcis();
        AddCommunes(active_regions);
        SetWebsites();
        for (std::size_t i = 0; i < out_.size(); ++i) out_[i].id = static_cast<int>(i) + 1;
        return std::move(out_);
    }

  private:
    std::int64_t PopulationWhere(bool (*match)(const RefCommune&, const std::string&),
                                 const std::string& code) const {
        std::int64_t sum = 0;
        for (const auto& c : ref_.communes) {
            if (match(c, code)) sum += c.population;
        }
        return sum;
    }

    void AddRegion(const RefRegion& r) {
        Authority a;
        a.kind = AuthorityKind::kRegion;
        a.name = RegionName(r);
        a.nominal = NominalWithArticle(a.name);
        a.insee = r.code;
        a.region_code = r.code;
        a.population = PopulationWhere(
            [](const RefCommune& c, const std::string& code) { return c.region_code == code; },
            r.code);
        Locate(a, ref_.FindCommune(r.chef_lieu));
        a.activity = RegionActivity(a.population);
        Push(std::move(a), r.code);
    }

    void AddDepartment(const RefDepartment& d) {
        Authority a;
        a.kind = AuthorityKind::kDepartement;
        a.name = "Conseil départemental " + DepartmentOf(d);
        a.nominal = "le " + a.name;
        a.insee = d.code;
        a.region_code = d.region_code;
        a.department_code = d.code;
        a.population = PopulationWhere(
            [](const RefCommune& c, const std::string& code) { return c.department_code == code; },
            d.code);
        Locate(a, ref_.FindCommune(d.chef_lieu));
        a.activity = DepartmentActivity(a.population);
        Push(std::move(a), d.code);
    }

    void AddEpci(const RefEpci& e) {
        Authority a;
        a.kind = AuthorityKind::kEpci;
        a.name = ExpandEpciName(e.name);
        a.nominal = NominalWithArticle(a.name);
        a.siren = e.siren;
        a.population = e.population;
        const RefCommune* seat = ref_.FindCommune(e.seat_insee);
        if (seat != nullptr) {
            a.region_code = seat->region_code;
            a.department_code = seat->department_code;
        }
        Locate(a, seat);
        a.activity = EpciActivity(e.kind);
        Push(std::move(a), e.siren);
    }

    void AddCommune(const RefCommune& c) {
        Authority a;
        a.kind = AuthorityKind::kCommune;
        a.name = c.name;
        a.nominal = (c.population >= 10000 ? "la ville " : "la commune ") + fr::De(c.name);
        a.siren = c.siren;
        a.insee = c.insee;
        a.region_code = c.region_code;
        a.department_code = c.department_code;
        a.population = c.population;
        Locate(a, &c);
        a.activity = CommuneActivity(c.population);
        Push(std::move(a), c.department_code);
    }

    void AddEpcis() {
        std::vector<const RefEpci*> drawable;
        for (const auto& e : ref_.epcis) {
            if (ref_.FindCommune(e.seat_insee) == nullptr) continue;
            if (e.kind == "METRO" || e.kind == "MET69" || e.kind == "CU") {
                AddEpci(e);
            } else {
                drawable.push_back(&e);
            }
        }
        std::vector<double> weights;
        for (const auto* e : drawable) weights.push_back(PopulationWeight(e->population));
        WeightedPool pool(weights);
        const std::size_t wanted =
            static_cast<std::size_t>(kEpciAuthorities) - CountKind(AuthorityKind::kEpci);
        std::vector<std::size_t> taken;
        for (std::size_t i = 0; i < wanted && i < drawable.size(); ++i)
            taken.push_back(pool.Take(rng_));
        std::sort(taken.begin(), taken.end());  // stable id order: by SIREN
        for (const std::size_t i : taken) AddEpci(*drawable[i]);
    }

    void AddCommunes(const std::set<std::string>& active_regions) {
        std::set<std::string> forced;
        for (const auto& bc : BrochureCases()) {
            if (bc.authority_kind == AuthorityKind::kCommune)
                forced.insert(std::string(bc.authority_code));
        }
        std::vector<const RefCommune*> drawable;
        std::vector<double> weights;
        std::vector<std::size_t> chosen;
        for (const auto& c : ref_.communes) {
            if (!active_regions.count(c.region_code)) continue;
            if (forced.count(c.insee)) {
                chosen.push_back(drawable.size());
                weights.push_back(0);
            } else {
                weights.push_back(PopulationWeight(c.population));
            }
            drawable.push_back(&c);
        }
        if (chosen.size() != forced.size()) {
            throw std::runtime_error("a commune of the brochure is missing from the reference");
        }
        WeightedPool pool(weights);
        while (out_.size() + chosen.size() < static_cast<std::size_t>(kAuthorities)) {
            chosen.push_back(pool.Take(rng_));
        }
        std::sort(chosen.begin(), chosen.end());  // stable id order: by INSEE code
        for (const std::size_t i : chosen) AddCommune(*drawable[i]);
    }

    void SetWebsites() {
        for (const auto& bc : BrochureCases()) {
            const auto i = FindAuthority(out_, bc.authority_kind, bc.authority_code);
            if (!i) throw std::runtime_error("an authority of the brochure is missing");
            if (!bc.website.empty()) out_[*i].website = std::string(bc.website);
        }
    }

    std::size_t CountKind(AuthorityKind kind) const {
        return static_cast<std::size_t>(std::count_if(
            out_.begin(), out_.end(), [&](const Authority& a) { return a.kind == kind; }));
    }

    void Push(Authority a, const std::string& qualifier) {
        std::string slug = text::Slugify(a.name);
        if (slugs_.count(slug)) slug += "-" + text::Slugify(qualifier);
        for (int n = 2; slugs_.count(slug); ++n)
            slug = text::Slugify(a.name) + "-" + std::to_string(n);
        slugs_.insert(slug);
        a.slug = std::move(slug);
        out_.push_back(std::move(a));
    }

    const Reference& ref_;
    Prng& rng_;
    std::vector<Authority> out_;
    std::set<std::string> slugs_;
};

struct TitleForms {
    std::string_view elected_m;
    std::string_view elected_f;
    std::string_view manager_m;
    std::string_view manager_f;
};

TitleForms TitlesFor(const Authority& a) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
            return {"Vice-président chargé de l'action internationale",
                    "Vice-présidente chargée de l'action internationale",
                    "Directeur des relations internationales",
                    "Directrice des relations internationales"};
        case AuthorityKind::kDepartement:
            return {"Vice-président chargé de la coopération décentralisée",
                    "Vice-présidente chargée de la coopération décentralisée",
                    "Chef du service des relations internationales",
                    "Cheffe du service des relations internationales"};
        case AuthorityKind::kEpci:
            return {"Vice-président délégué aux relations internationales",
                    "Vice-présidente déléguée aux relations internationales",
                    "Chargé de mission coopération internationale",
                    "Chargée de mission coopération internationale"};
        case AuthorityKind::kCommune:
            break;
    }
    if (a.population >= 20000) {
        return {"Adjoint au maire chargé des relations internationales",
                "Adjointe au maire chargée des relations internationales",
                "Chargé de mission relations internationales",
                "Chargée de mission relations internationales"};
    }
    return {"Conseiller municipal délégué au jumelage et à la coopération",
            "Conseillère municipale déléguée au jumelage et à la coopération",
            "Secrétaire général de mairie", "Secrétaire générale de mairie"};
}

double ContactShare(const Authority& a) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
        case AuthorityKind::kDepartement:
            return 0.95;
        case AuthorityKind::kEpci:
            return 0.7;
        case AuthorityKind::kCommune:
            break;
    }
    return a.population >= 20000 ? 0.8 : 0.4;
}

}  // namespace

std::vector<Authority> SelectAuthorities(const Reference& ref, Prng& rng) {
    auto out = Selector(ref, rng).Run();
    if (out.size() != static_cast<std::size_t>(kAuthorities)) {
        throw std::runtime_error("the reference data has too few French authorities");
    }
    return out;
}

double AsianWeight(const Authority& a) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
            return 30;
        case AuthorityKind::kDepartement:
            return 6;
        case AuthorityKind::kEpci:
            return a.activity >= 8 ? 8 : a.activity >= 3 ? 1 : 0.15;
        case AuthorityKind::kCommune:
            break;
    }
    if (a.population >= 300000) return 15;
    if (a.population >= 100000) return 8;
    if (a.population >= 50000) return 3;
    if (a.population >= 20000) return 1.2;
    if (a.population >= 5000) return 0.3;
    return 0.08;
}

std::optional<std::size_t> FindAuthority(const std::vector<Authority>& authorities,
                                         AuthorityKind kind, std::string_view code) {
    for (std::size_t i = 0; i < authorities.size(); ++i) {
        const Authority& a = authorities[i];
        if (a.kind == kind && a.insee && *a.insee == code) return i;
    }
    return std::nullopt;
}

std::vector<AuthorityContact> MakeAuthorityContacts(const std::vector<Authority>& authorities,
                                                    Prng& rng) {
    std::vector<AuthorityContact> out;
    for (const auto& a : authorities) {
        // The brochure's authorities (the only ones with a website) always show contacts.
        if (!rng.Chance(a.website ? 1.0 : ContactShare(a))) continue;
        const TitleForms titles = TitlesFor(a);
        const fr::Person elected = fr::RandomPerson(rng);
        out.push_back({a.id, "elected", elected.first_name, elected.last_name,
                       fr::Gendered(elected, titles.elected_m, titles.elected_f),
                       fr::ExampleEmail(elected)});
        if (!rng.Chance(0.8)) continue;
        const fr::Person manager = fr::RandomPerson(rng);
        out.push_back({a.id, "manager", manager.first_name, manager.last_name,
                       fr::Gendered(manager, titles.manager_m, titles.manager_f),
                       fr::ExampleEmail(manager)});
    }
    return out;
}

std::string RegionalUniversity(const Reference& ref, const std::string& region_code) {
    for (const auto& [code, name] : kUniversities) {
        if (code == region_code) return std::string(name);
    }
    for (const auto& r : ref.regions) {
        if (r.code != region_code) continue;
        const RefCommune* seat = ref.FindCommune(r.chef_lieu);
        if (seat != nullptr) return "Université " + fr::De(seat->name);
    }
    return "Université";
}

}  // namespace cncd::demo
