#include "modules/demo/project_details.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "modules/demo/apportion.hpp"
#include "modules/demo/authorities.hpp"
#include "modules/demo/brochure.hpp"
#include "modules/demo/catalog.hpp"
#include "modules/demo/demo_targets.hpp"
#include "modules/demo/french_grammar.hpp"
#include "modules/demo/project_text.hpp"

namespace cncd::demo {
namespace {

struct Weighted {
    std::string_view slug;
    double weight;
};

// Which themes a project is likely to have, by context.
constexpr std::array kTwinningThemes = {
    Weighted{"culture", 20},
    Weighted{"jeunesse", 18},
    Weighted{"sport", 10},
    Weighted{"education", 8},
    Weighted{"patrimoine", 8},
    Weighted{"economie", 5},
    Weighted{"tourisme-durable", 5},
    Weighted{"democratie-locale", 4},
    Weighted{"gouvernance-locale", 3},
    Weighted{"sensibilisation", 3},
    Weighted{"environnement", 3},
    Weighted{"egalite", 2},
};
constexpr std::array kSouthThemes = {
    Weighted{"eau-potable", 12},
    Weighted{"assainissement", 6},
    Weighted{"eau-assainissement", 6},
    Weighted{"education", 8},
    Weighted{"education-de-base", 6},
    Weighted{"formation-professionnelle", 5},
    Weighted{"sante", 6},
    Weighted{"soins-de-sante", 6},
    Weighted{"professionnels-de-sante", 4},
    Weighted{"gouvernance-locale", 8},
    Weighted{"appui-institutionnel", 8},
    Weighted{"finances-locales", 4},
    Weighted{"democratie-locale", 3},
    Weighted{"agriculture", 7},
    Weighted{"developpement-rural", 5},
    Weighted{"securite-alimentaire", 4},
    Weighted{"dechets", 4},
    Weighted{"amenagement-urbain", 3},
    Weighted{"developpement-urbain", 3},
    Weighted{"energie", 4},
    Weighted{"environnement", 3},
    Weighted{"biodiversite", 2},
    Weighted{"economie", 3},
    Weighted{"microfinance", 3},
    Weighted{"tourisme-durable", 2},
    Weighted{"culture", 4},
    Weighted{"patrimoine", 2},
    Weighted{"egalite", 3},
    Weighted{"migrations", 2},
    Weighted{"jeunesse", 2},
    Weighted{"enseignement-superieur", 2},
    Weighted{"sensibilisation", 2},
};
constexpr std::array kNorthThemes = {
    Weighted{"economie", 10},
    Weighted{"culture", 10},
    Weighted{"enseignement-superieur", 8},
    Weighted{"tourisme-durable", 6},
    Weighted{"environnement", 8},
    Weighted{"energie", 4},
    Weighted{"transports", 4},
    Weighted{"amenagement-urbain", 5},
    Weighted{"developpement-urbain", 4},
    Weighted{"patrimoine", 6},
    Weighted{"jeunesse", 8},
    Weighted{"gouvernance-locale", 4},
    Weighted{"democratie-locale", 3},
    Weighted{"formation-professionnelle", 3},
    Weighted{"sante", 3},
    Weighted{"agriculture", 3},
    Weighted{"biodiversite", 2},
};
constexpr std::array kAsiaThemes = {
    Weighted{"patrimoine", 12},
    Weighted{"tourisme-durable", 8},
    Weighted{"developpement-urbain", 8},
    Weighted{"amenagement-urbain", 6},
    Weighted{"enseignement-superieur", 10},
    Weighted{"economie", 10},
    Weighted{"culture", 10},
    Weighted{"transports", 4},
    Weighted{"environnement", 5},
    Weighted{"energie", 3},
    Weighted{"eau-assainissement", 4},
    Weighted{"dechets", 3},
    Weighted{"sante", 3},
    Weighted{"professionnels-de-sante", 3},
    Weighted{"formation-professionnelle", 4},
    Weighted{"agriculture", 3},
    Weighted{"gouvernance-locale", 3},
    Weighted{"jeunesse", 3},
};
constexpr std::array kOudinThemes = {
    Weighted{"eau-potable", 10}, Weighted{"assainissement", 8}, Weighted{"eau-assainissement", 5},
    Weighted{"energie", 4},      Weighted{"dechets", 3},
};
constexpr std::array kEmergencyThemes = {
    Weighted{"urgence", 10},
    Weighted{"reconstruction", 5},
};
constexpr std::array kOneOffThemes = {
    Weighted{"sensibilisation", 6}, Weighted{"culture", 5}, Weighted{"education", 4},
    Weighted{"sante", 4},           Weighted{"urgence", 2}, Weighted{"jeunesse", 3},
    Weighted{"eau-potable", 2},     Weighted{"egalite", 1}, Weighted{"sport", 2},
};

// Disasters after which French authorities sent emergency aid, by country.
constexpr std::array<std::pair<std::string_view, int>, 14> kCrisisYears = {{
    {"HT", 2010},
    {"JP", 2011},
    {"NP", 2015},
    {"LB", 2020},
    {"MA", 2023},
    {"TR", 2023},
    {"UA", 2022},
    {"PH", 2013},
    {"MZ", 2019},
    {"LK", 2005},
    {"ID", 2005},
    {"NE", 2012},
    {"ML", 2012},
    {"MG", 2008},
}};

// Water agencies by département (the basin of its chef-lieu), and by région for régions.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kWaterBasins = {{
    {"agence-eau-artois-picardie", " 59 62 "},
    {"agence-eau-rhin-meuse", " 54 55 57 67 68 88 "},
    {"agence-eau-seine-normandie",
     " 02 08 10 14 27 28 50 51 52 60 61 75 76 77 78 80 89 91 92 93 94 95 "},
    {"agence-eau-loire-bretagne",
     " 03 18 22 23 29 35 36 37 41 42 43 44 45 49 53 56 58 63 72 79 85 86 87 "},
    {"agence-eau-adour-garonne", " 09 12 15 16 17 19 24 31 32 33 40 46 47 64 65 81 82 "},
    {"agence-eau-rhone-mediterranee-corse",
     " 01 04 05 06 07 11 13 21 25 26 2A 2B 30 34 38 39 48 66 69 70 71 73 74 83 84 90 "},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kRegionBasins = {{
    {"agence-eau-artois-picardie", " 32 "},
    {"agence-eau-rhin-meuse", " 44 "},
    {"agence-eau-seine-normandie", " 11 28 "},
    {"agence-eau-loire-bretagne", " 24 52 53 "},
    {"agence-eau-adour-garonne", " 75 76 "},
    {"agence-eau-rhone-mediterranee-corse", " 27 84 93 94 "},
}};

constexpr int kEarliestTwinning = 1990;
constexpr int kEarliestCooperation = 1995;
constexpr int kOudinSantiniLaw = 2005;
constexpr int kServiceCivique = 2010;
constexpr int kLastVolontairesDuProgres = 2009;
constexpr int kAtlasFirstYear = 2003;

bool InList(std::string_view list, std::string_view code) {
    return list.find(" " + std::string(code) + " ") != std::string_view::npos;
}

std::string Date(int year, int month, int day) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

std::string Timestamp(int year, Prng& rng) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:00", year, rng.Between(1, 12),
                  rng.Between(1, 28), rng.Between(8, 18), rng.Between(0, 59));
    return buffer;
}

std::int64_t RoundTo100(double amount) {
    return std::max<std::int64_t>(100, static_cast<std::int64_t>(amount / 100 + 0.5) * 100);
}

bool IsLatinAmerica(const CountryInfo& c) {
    return c.continent == "ameriques" && c.apd_eligible && c.iso2 != "HT";
}

bool IsWaterTheme(const std::string& slug) {
    return slug == "eau-potable" || slug == "assainissement" || slug == "eau-assainissement";
}

bool IsHealthTheme(const std::string& slug) {
    return slug == "sante" || slug == "soins-de-sante" || slug == "professionnels-de-sante";
}

// The yearly budget an authority of this size gives a project on its own funds.
double OwnFundsScale(const Authority& a) {
    switch (a.kind) {
        case AuthorityKind::kRegion:
            return 40000;
        case AuthorityKind::kDepartement:
            return 20000;
        case AuthorityKind::kEpci:
            return a.activity >= 8 ? 25000 : 10000;
        case AuthorityKind::kCommune:
            break;
    }
    return std::min(60000.0, 1500 + 0.08 * static_cast<double>(a.population));
}

class Describer {
  public:
    Describer(const DetailInputs& in, Prng& rng) : in_(in), rng_(rng) {
        for (const auto& t : in.themes) theme_ids_[t.slug] = t.id;
        for (const auto& t : in.themes) {
            if (t.parent_id) parent_of_[t.id] = *t.parent_id;
        }
        for (const auto& c : in.cofinancers) cofinancer_ids_[c.slug] = c.id;
    }

    std::vector<Project> Run() {
        std::vector<Project> projects;
        std::vector<std::uint64_t> keys;
        for (const auto& skeleton : in_.assignment.projects) {
            projects.push_back(Describe(skeleton));
            keys.push_back(rng_.Next());
        }
        // Number the projects by start year, in a shuffled order within a year.
        std::vector<std::size_t> order(projects.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (projects[a].start_year != projects[b].start_year) {
                return projects[a].start_year < projects[b].start_year;
            }
            return keys[a] < keys[b];
        });
        std::vector<Project> numbered;
        numbered.reserve(projects.size());
        for (const std::size_t i : order) {
            numbered.push_back(std::move(projects[i]));
            numbered.back().id = static_cast<int>(numbered.size());
        }
        return numbered;
    }

  private:
    Project Describe(const ProjectSkeleton& s) {
        const CountryInfo& country = in_.countries[s.country].info;
        const Authority& lead = in_.authorities[s.authorities.front()];
        Project p;
        p.country_iso2 = country.iso2;
        for (const std::size_t a : s.authorities) p.authority_ids.push_back(in_.authorities[a].id);
        for (const std::size_t k : s.partners) p.partner_ids.push_back(static_cast<int>(k) + 1);

        std::vector<const Partner*> partners;
        for (const std::size_t k : s.partners) partners.push_back(&in_.assignment.partners[k]);

        std::vector<std::string> themes;
        if (s.brochure_case >= 0) {
            const BrochureCase& bc = BrochureCases()[static_cast<std::size_t>(s.brochure_case)];
            p.hand_written = true;
            p.kind = bc.kind;
            p.start_year = bc.start_year;
            if (bc.end_year > 0) p.end_year = bc.end_year;
            if (!bc.convention_date.empty()) p.convention_date = std::string(bc.convention_date);
            for (const auto slug : bc.themes) themes.emplace_back(slug);
            p.title = std::string(bc.title);
            p.objectives = std::string(bc.objectives);
            p.description = std::string(bc.description);
            p.history = std::string(bc.history);
            p.context = std::string(bc.context);
            if (!bc.french_association.empty()) {
                p.other_partners.push_back(
                    {"association", std::string(bc.french_association), "france"});
            }
        } else {
            p.kind = ChooseKind(lead, country, *partners.front());
            SetYears(p, country);
            themes = ChooseThemes(p.kind, country);
            // A twinning binds two towns: keep its first partner only (the others are extra
            // partners, never a partner's only project).
            if (p.kind == ProjectKind::kTwinning && partners.size() > 1) {
                partners.resize(1);
                p.partner_ids.resize(1);
            }
        }
        p.status = p.start_year > kCurrentYear                  ? "planned"
                   : (p.end_year && *p.end_year < kCurrentYear) ? "finished"
                                                                : "active";
        for (const auto& slug : themes) p.theme_ids.push_back(theme_ids_.at(slug));

        TextSubject subject;
        subject.lead = &lead;
        subject.partners = partners;
        subject.country_name = country.name;
        subject.in_country = country.in;
        subject.of_country = country.of;
        subject.continent = country.continent;
        subject.apd_eligible = country.apd_eligible;
        subject.kind = p.kind;
        subject.theme_slugs = themes;
        subject.start_year = p.start_year;
        subject.end_year = p.end_year;
        if (p.convention_date) subject.convention_year = std::stoi(p.convention_date->substr(0, 4));
        AddOtherPartners(p, lead, subject);
        if (!p.hand_written) {
            for (const auto& o : p.other_partners) {
                if (o.side == "france" && o.kind == "association") subject.association = o.name;
            }
            const ProjectText text = WriteProjectText(subject, rng_);
            p.title = text.title;
            p.objectives = text.objectives;
            p.description = text.description;
            p.history = text.history;
            p.context = text.context;
        }
        p.slug = text::Slugify(p.title);
        const int touched = p.status == "finished" ? std::min(kCurrentYear, *p.end_year + 1)
                                                   : rng_.Between(kCurrentYear - 2, kCurrentYear);
        p.updated_at = Timestamp(touched, rng_);
        // The Atlas replaced a 2003 database: older projects entered it then.
        const int created = std::min(std::max(kAtlasFirstYear, p.start_year), touched);
        p.created_at = created == touched ? p.updated_at.substr(0, 4) + "-01-01 08:00:00"
                                          : Timestamp(created, rng_);
        AddFinancing(p, lead, country, themes);
        AddContact(p, lead);
        AddVolunteers(p, country);
        return p;
    }

    ProjectKind ChooseKind(const Authority& lead, const CountryInfo& country,
                           const Partner& partner) {
        const double r = rng_.Uniform();
        const bool local =
            lead.kind == AuthorityKind::kCommune || lead.kind == AuthorityKind::kEpci;
        if (r < 0.035) return ProjectKind::kOneOff;
        if (r < 0.06) {
            return country.apd_eligible && local ? ProjectKind::kOudinSantini
                                                 : ProjectKind::kOneOff;
        }
        if (r < 0.07) return country.apd_eligible ? ProjectKind::kEmergency : ProjectKind::kOneOff;
        // Twinnings bind two towns.
        if (lead.kind != AuthorityKind::kCommune || partner.level != "municipality") {
            return ProjectKind::kCooperation;
        }
        const double twinning = !country.apd_eligible           ? 0.85
                                : country.continent == "europe" ? 0.6
                                                                : 0.25;
        return rng_.Chance(twinning) ? ProjectKind::kTwinning : ProjectKind::kCooperation;
    }

    void SetYears(Project& p, const CountryInfo& country) {
        switch (p.kind) {
            case ProjectKind::kTwinning:
                p.start_year = kEarliestTwinning + rng_.Between(0, 29);
                if (rng_.Chance(0.15)) {
                    p.end_year = std::min(kCurrentYear - 1, p.start_year + rng_.Between(5, 20));
                }
                p.convention_date = Date(p.start_year, rng_.Between(1, 12), rng_.Between(1, 28));
                return;
            case ProjectKind::kCooperation: {
                if (rng_.Chance(0.02)) {
                    p.start_year = kCurrentYear + 1;
                } else if (IsLatinAmerica(country)) {
                    // Engagement in Latin America is growing: the later of two years since 2000.
                    p.start_year = std::max(rng_.Between(2000, kCurrentYear),
                                            rng_.Between(2000, kCurrentYear));
                } else {  // triangular over 1995–2025, most projects around 2010
                    const int span = kCurrentYear - kEarliestCooperation;
                    p.start_year = kEarliestCooperation +
                                   (rng_.Between(0, span) + rng_.Between(0, span) + 1) / 2;
                }
                if (!rng_.Chance(0.15)) p.end_year = p.start_year + rng_.Between(1, 6);
                const int signed_in = p.start_year - (rng_.Chance(0.4) ? 1 : 0);
                p.convention_date = Date(signed_in, rng_.Between(1, 12), rng_.Between(1, 28));
                return;
            }
            case ProjectKind::kOneOff:
                p.start_year = rng_.Between(2000, kCurrentYear);
                p.end_year = p.start_year + (rng_.Chance(0.3) ? 1 : 0);
                return;
            case ProjectKind::kOudinSantini:
                p.start_year = rng_.Between(kOudinSantiniLaw, kCurrentYear);
                p.end_year = p.start_year + rng_.Between(0, 2);
                return;
            case ProjectKind::kEmergency:
                p.start_year = rng_.Between(2000, kCurrentYear - 1);
                for (const auto& [iso2, year] : kCrisisYears) {
                    if (iso2 == country.iso2) p.start_year = year;
                }
                p.end_year = p.start_year;
                return;
        }
    }

    template <std::size_t N>
    std::string DrawTheme(const std::array<Weighted, N>& list) {
        std::vector<double> weights;
        for (const auto& w : list) weights.push_back(w.weight);
        return std::string(list[rng_.Weighted(weights)].slug);
    }

    std::string DrawThemeFor(ProjectKind kind, const CountryInfo& country) {
        switch (kind) {
            case ProjectKind::kTwinning:
                return DrawTheme(kTwinningThemes);
            case ProjectKind::kOudinSantini:
                return DrawTheme(kOudinThemes);
            case ProjectKind::kEmergency:
                return DrawTheme(kEmergencyThemes);
            case ProjectKind::kOneOff:
                if (!country.apd_eligible) return DrawTheme(kNorthThemes);
                return DrawTheme(kOneOffThemes);
            case ProjectKind::kCooperation:
                break;
        }
        if (country.asian()) return DrawTheme(kAsiaThemes);
        if (country.apd_eligible && country.continent != "europe") return DrawTheme(kSouthThemes);
        return DrawTheme(kNorthThemes);
    }

    // Two themes conflict when they are the same or one is the other's parent.
    bool Conflicts(const std::string& a, const std::string& b) const {
        const int ia = theme_ids_.at(a);
        const int ib = theme_ids_.at(b);
        if (ia == ib) return true;
        const auto pa = parent_of_.find(ia);
        const auto pb = parent_of_.find(ib);
        return (pa != parent_of_.end() && pa->second == ib) ||
               (pb != parent_of_.end() && pb->second == ia);
    }

    std::vector<std::string> ChooseThemes(ProjectKind kind, const CountryInfo& country) {
        std::vector<std::string> themes = {DrawThemeFor(kind, country)};
        const int wanted = 1 + (rng_.Chance(0.45) ? 1 : 0) + (rng_.Chance(0.15) ? 1 : 0);
        for (int attempt = 0; attempt < 8 && static_cast<int>(themes.size()) < wanted; ++attempt) {
            const std::string extra = DrawThemeFor(kind, country);
            const bool clash = std::any_of(themes.begin(), themes.end(), [&](const std::string& t) {
                return Conflicts(t, extra);
            });
            if (!clash) themes.push_back(extra);
        }
        return themes;
    }

    void AddOtherPartners(Project& p, const Authority& lead, const TextSubject& subject) {
        const std::string& main_theme = subject.theme_slugs.front();
        if (p.kind == ProjectKind::kTwinning && rng_.Chance(0.7)) {
            p.other_partners.push_back(
                {"association", "Comité de jumelage " + fr::De(lead.place), "france"});
        } else if (rng_.Chance(0.45)) {
            p.other_partners.push_back(
                {"association", FrenchAssociationName(lead, subject, rng_), "france"});
        }
        if (IsHealthTheme(main_theme) && rng_.Chance(0.6)) {
            p.other_partners.push_back(
                {"hospital", "Centre hospitalier " + fr::De(lead.place), "france"});
        }
        if ((main_theme == "enseignement-superieur" || main_theme == "patrimoine") &&
            rng_.Chance(0.5)) {
            p.other_partners.push_back(
                {"university", RegionalUniversity(in_.ref, lead.region_code), "france"});
        }
        if (p.kind == ProjectKind::kEmergency && rng_.Chance(0.6)) {
            p.other_partners.push_back({"ngo", "Solidarité Urgence " + lead.place, "france"});
        }
        if (!p.hand_written && rng_.Chance(0.35)) {
            std::string kind;
            std::string name =
                PartnerSideOrganisation(*subject.partners.front(), main_theme, rng_, &kind);
            p.other_partners.push_back({kind, std::move(name), "partner"});
        }
    }

    std::string WaterAgency(const Authority& lead) const {
        if (lead.department_code) {
            for (const auto& [slug, codes] : kWaterBasins) {
                if (InList(codes, *lead.department_code)) return std::string(slug);
            }
        }
        for (const auto& [slug, codes] : kRegionBasins) {
            if (InList(codes, lead.region_code)) return std::string(slug);
        }
        return {};  // overseas: no water agency
    }

    void AddFinancing(Project& p, const Authority& lead, const CountryInfo& country,
                      const std::vector<std::string>& themes) {
        const double scale = OwnFundsScale(lead) * (p.kind == ProjectKind::kTwinning ? 0.3 : 1.0);
        int first = p.start_year;
        int last = std::min(p.end_year.value_or(p.start_year + 2), p.start_year + 3);
        if (p.kind == ProjectKind::kTwinning) {  // one recent year of the twinning's budget
            first = rng_.Between(p.start_year, std::max(p.start_year, kCurrentYear));
            last = first;
        }
        const bool south = country.apd_eligible;
        const bool cooperation = p.kind == ProjectKind::kCooperation;
        const bool water = std::any_of(themes.begin(), themes.end(), IsWaterTheme) ||
                           p.kind == ProjectKind::kOudinSantini;
        const bool energy_or_waste =
            std::any_of(themes.begin(), themes.end(),
                        [](const std::string& t) { return t == "energie" || t == "dechets"; });
        const bool culture = std::any_of(themes.begin(), themes.end(), [](const std::string& t) {
            return t == "culture" || t == "patrimoine";
        });

        struct Share {
            std::string slug;
            double low;
            double high;
        };
        std::vector<Share> cofinancers;
        // The brochure's cases were co-financed by the ministry (they illustrate its support).
        const double ministry = p.hand_written ? 1.0 : south ? 0.12 : 0.03;
        if (cooperation && rng_.Chance(ministry)) cofinancers.push_back({"meae-daect", 0.3, 0.9});
        if (cooperation && south && lead.activity >= 8 && rng_.Chance(0.06)) {
            cofinancers.push_back({"afd", 1.0, 3.0});
        }
        if (cooperation && rng_.Chance(0.04)) cofinancers.push_back({"union-europeenne", 1.0, 4.0});
        if (water && rng_.Chance(0.7)) {
            const std::string agency = WaterAgency(lead);
            if (!agency.empty()) cofinancers.push_back({agency, 0.5, 1.5});
        }
        if (energy_or_waste && rng_.Chance(0.3)) cofinancers.push_back({"ademe", 0.3, 1.0});
        if (culture && rng_.Chance(0.15)) cofinancers.push_back({"institut-francais", 0.2, 0.6});
        if (south && cooperation && rng_.Chance(0.01)) cofinancers.push_back({"pnud", 0.5, 2.0});
        if (south && rng_.Chance(p.kind == ProjectKind::kEmergency ? 0.2 : 0.02)) {
            cofinancers.push_back({"fondation-de-france", 0.2, 0.8});
        }

        for (int year = first; year <= last; ++year) {
            const double own = scale * (0.6 + 0.8 * rng_.Uniform());
            p.financing.push_back({std::nullopt, year, RoundTo100(own)});
            for (const auto& share : cofinancers) {
                // The ministry's 2011 lines are its call for projects, added separately.
                if (share.slug == "meae-daect" && year == 2011) continue;
                const double amount = own * (share.low + (share.high - share.low) * rng_.Uniform());
                p.financing.push_back({cofinancer_ids_.at(share.slug), year, RoundTo100(amount)});
            }
        }
    }

    void AddContact(Project& p, const Authority& lead) {
        if (!rng_.Chance(0.7)) return;
        const fr::Person person = fr::RandomPerson(rng_);
        std::string title;
        if (p.kind == ProjectKind::kTwinning) {
            title = fr::Gendered(person, "Président du comité de jumelage",
                                 "Présidente du comité de jumelage");
        } else if (lead.kind == AuthorityKind::kCommune && lead.population < 20000) {
            title = fr::Gendered(person, "Conseiller municipal délégué",
                                 "Conseillère municipale déléguée");
        } else {
            title = fr::Gendered(person, "Chargé de mission coopération décentralisée",
                                 "Chargée de mission coopération décentralisée");
        }
        p.contacts.push_back({person.FullName(), title, fr::ExampleEmail(person)});
    }

    void AddVolunteers(Project& p, const CountryInfo& country) {
        const bool kind_ok = p.kind == ProjectKind::kCooperation || p.kind == ProjectKind::kOneOff;
        if (!kind_ok || !country.apd_eligible || p.start_year > kCurrentYear) return;
        if (!rng_.Chance(0.08)) return;
        const int last = std::min(kCurrentYear, p.end_year.value_or(p.start_year + 2));
        const int year = rng_.Between(p.start_year, std::max(p.start_year, last));
        if (year <= kLastVolontairesDuProgres && rng_.Chance(0.5)) {
            p.volunteers.push_back({"Volontaires du progrès", rng_.Between(1, 2), year});
            return;
        }
        std::vector<std::pair<std::string, double>> programmes = {
            {"Volontariat de solidarité internationale (VSI)", 5},
            {"Jeunesse solidarité internationale (JSI)", 2},
            {"Ville Vie Vacances Solidarité internationale (VVVSI)", 1},
        };
        if (year >= kServiceCivique) programmes.push_back({"Service civique", 4});
        std::vector<double> weights;
        for (const auto& [name, weight] : programmes) weights.push_back(weight);
        const auto& chosen = programmes[rng_.Weighted(weights)];
        const int count =
            chosen.first == "Service civique" ? rng_.Between(2, 6) : rng_.Between(1, 3);
        p.volunteers.push_back({chosen.first, count, year});
    }

    const DetailInputs& in_;
    Prng& rng_;
    std::map<std::string, int> theme_ids_;
    std::map<int, int> parent_of_;
    std::map<std::string, int> cofinancer_ids_;
};

}  // namespace

std::vector<Project> DescribeProjects(const DetailInputs& in, Prng& rng) {
    return Describer(in, rng).Run();
}

void AddMinistryCofinancing2011(const DetailInputs& in, std::vector<Project>& projects, Prng& rng) {
    constexpr int kYear = 2011;
    int ministry = 0;
    for (const auto& c : in.cofinancers) {
        if (c.slug == "meae-daect") ministry = c.id;
    }
    std::map<std::string, bool> eligible;
    for (const auto& c : in.countries) eligible[c.info.iso2] = c.info.apd_eligible;
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < projects.size(); ++i) {
        const Project& p = projects[i];
        const bool running = p.start_year <= kYear && p.end_year.value_or(kCurrentYear) >= kYear;
        if (p.kind == ProjectKind::kCooperation && running && eligible[p.country_iso2]) {
            candidates.push_back(i);
        }
    }
    if (candidates.size() < static_cast<std::size_t>(kMinistryProjects2011)) {
        throw std::runtime_error("too few projects running in 2011 for the ministry's grants");
    }
    rng.Shuffle(candidates);
    candidates.resize(kMinistryProjects2011);
    std::sort(candidates.begin(), candidates.end());
    std::vector<double> weights;
    for (std::size_t k = 0; k < candidates.size(); ++k)
        weights.push_back(0.3 + 1.4 * rng.Uniform());
    constexpr std::int64_t kSmallestGrant = 3000;
    constexpr std::int64_t kLargestGrant = 100000;
    const auto amounts = Apportion(kMinistryAmount2011, weights, kSmallestGrant, kLargestGrant);
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        projects[candidates[k]].financing.push_back({ministry, kYear, amounts[k]});
    }
}

}  // namespace cncd::demo
