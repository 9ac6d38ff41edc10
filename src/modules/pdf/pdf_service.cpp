#include "modules/pdf/pdf_service.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "modules/atlas/atlas.hpp"
#include "modules/atlas/atlas_labels.hpp"
#include "modules/pdf/pdf_repository.hpp"
#include "modules/search/search_labels.hpp"

namespace cncd::pdf {
namespace {

using search::Facet;

// Countries named under the map.
constexpr std::size_t kLeadingCountries = 5;

constexpr const char* kTitle = "Atlas de la coopération décentralisée — extraction";

// A facet's label for one value and for several.
struct FacetWords {
    Facet facet;
    const char* one;
    const char* many;
};
// In the order of the search form.
constexpr FacetWords kFacetWords[] = {
    {Facet::kKind, "Type d’action", "Types d’action"},
    {Facet::kTheme, "Thématique", "Thématiques"},
    {Facet::kStatus, "Statut", "Statuts"},
    {Facet::kContinent, "Continent", "Continents"},
    {Facet::kCountry, "Pays", "Pays"},
    {Facet::kPartner, "Autorité partenaire", "Autorités partenaires"},
    {Facet::kRegion, "Région", "Régions"},
    {Facet::kDepartment, "Département", "Départements"},
    {Facet::kAuthorityType, "Type de collectivité", "Types de collectivité"},
    {Facet::kAuthority, "Collectivité française", "Collectivités françaises"},
    {Facet::kCofinancer, "Cofinanceur", "Cofinanceurs"},
};

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (part.empty()) continue;
        if (!out.empty()) out += separator;
        out += part;
    }
    return out;
}

// "Dakar, Thiès (Sénégal) ; Ségou (Mali)": partners grouped by country, first seen first.
std::string PartnersText(const std::vector<search::PartnerRef>& partners) {
    std::vector<std::pair<std::string, std::vector<std::string>>> by_country;
    for (const auto& p : partners) {
        auto found = std::find_if(by_country.begin(), by_country.end(),
                                  [&](const auto& entry) { return entry.first == p.country; });
        if (found == by_country.end()) {
            by_country.push_back({p.country, {}});
            found = by_country.end() - 1;
        }
        found->second.push_back(p.name);
    }
    std::vector<std::string> groups;
    for (const auto& [country, names] : by_country) {
        groups.push_back(Join(names, ", ") + (country.empty() ? "" : " (" + country + ")"));
    }
    return Join(groups, " ; ");
}

ReportRow ToRow(const search::ProjectRecord& p, std::string_view site_url) {
    ReportRow row;
    row.title = p.title;
    const auto kind = atlas::ParseProjectKind(p.kind);
    row.kind = std::string(kind ? atlas::labels::ProjectKindShortName(*kind)
                                : search::labels::KindName(p.kind));
    row.link = std::string(site_url) + search::ProjectSheetPath(p.id, p.slug);
    std::vector<std::string> names;
    for (const auto& a : p.authorities) names.push_back(a.name);
    row.authorities = Join(names, ", ");
    row.partners = PartnersText(p.partners);
    names.clear();
    for (const auto& t : p.themes) names.push_back(t.name);
    row.themes = Join(names, ", ");
    row.years = YearsText(p.start_year, p.end_year);
    row.status = std::string(search::labels::StatusName(p.status));
    return row;
}

std::string SortText(search::SortOrder sort) {
    switch (sort) {
        case search::SortOrder::kRelevance:
            return "pertinence";
        case search::SortOrder::kRecent:
            return "année de début, la plus récente d’abord";
        case search::SortOrder::kTitle:
            return "titre, par ordre alphabétique";
    }
    return {};
}

}  // namespace

std::string YearsText(const std::optional<int>& start, const std::optional<int>& end) {
    if (start && end) {
        if (*start == *end) return std::to_string(*start);
        return std::to_string(*start) + "–" + std::to_string(*end);
    }
    if (start) return "depuis " + std::to_string(*start);
    if (end) return "jusqu’en " + std::to_string(*end);
    return {};
}

std::vector<Criterion> DescribeCriteria(
    const search::SearchQuery& query,
    const std::array<std::vector<search::FacetCount>, search::kFacetCount>& facets) {
    std::vector<Criterion> criteria;
    if (query.keywords.find_first_not_of(" \t\r\n") != std::string::npos) {
        criteria.push_back({"Mots-clés", "« " + query.keywords + " »"});
    }
    for (const auto& words : kFacetWords) {
        const auto& values = query.Values(words.facet);
        if (values.empty()) continue;
        const auto& counts = facets[static_cast<std::size_t>(words.facet)];
        std::vector<std::string> labels;
        for (const auto& value : values) {
            const auto found = std::find_if(counts.begin(), counts.end(), [&](const auto& c) {
                return c.value == value && !c.label.empty();
            });
            labels.push_back(found != counts.end() ? found->label
                                                   : value + " (code inconnu de l’Atlas)");
        }
        criteria.push_back({values.size() > 1 ? words.many : words.one, Join(labels, ", ")});
    }
    if (query.from_year && query.to_year) {
        criteria.push_back({"Années", query.from_year == query.to_year
                                          ? "projets actifs en " + std::to_string(*query.from_year)
                                          : "projets actifs entre " +
                                                std::to_string(*query.from_year) + " et " +
                                                std::to_string(*query.to_year)});
    } else if (query.from_year) {
        criteria.push_back(
            {"Années", "projets actifs en " + std::to_string(*query.from_year) + " ou après"});
    } else if (query.to_year) {
        criteria.push_back(
            {"Années", "projets actifs en " + std::to_string(*query.to_year) + " ou avant"});
    }
    if (!query.show_decentralised) criteria.push_back({"Coopération décentralisée", "masquée"});
    if (!query.show_other) criteria.push_back({"Autres actions extérieures", "masquées"});
    if (query.sort != search::SortOrder::kRelevance) {
        criteria.push_back({"Ordre du tableau", SortText(query.sort)});
    }
    return criteria;
}

PdfService::PdfService(db::Database& db, search::SearchService& search,
                       std::filesystem::path world_topojson, Clock clock, int max_renderings)
    : db_(db),
      search_(search),
      world_path_(std::move(world_topojson)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      max_renderings_(std::max(1, max_renderings)) {}

std::optional<RenderSlot> PdfService::TryReserve() {
    int running = renderings_.load();
    while (running < max_renderings_) {
        if (renderings_.compare_exchange_weak(running, running + 1))
            return RenderSlot(&renderings_);
    }
    return std::nullopt;
}

std::chrono::system_clock::time_point PdfService::Now() const { return clock_(); }

const WorldMap& PdfService::World() {
    std::call_once(world_once_, [this] {
        world_ = std::make_unique<WorldMap>(WorldMap::FromFile(world_path_.string()));
    });
    return *world_;
}

Result<std::string> PdfService::Prepare(const search::SearchQuery& query) {
    // The search's own checks (keywords, page, per_page), as for every extraction.
    auto checked = search_.PrepareExtraction(query, exports::Format::kCsv);
    if (!checked) return checked.error();
    const std::time_t now = std::chrono::system_clock::to_time_t(Now());
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    return "projets-atlas-" + std::string(date) + ".pdf";
}

Report PdfService::BuildReport(const search::SearchQuery& query, std::string_view site_url) {
    Report report;
    report.title = kTitle;
    const std::time_t now = std::chrono::system_clock::to_time_t(Now());
    std::tm local{};
    localtime_r(&now, &local);
    char date[16], stamp[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local);
    report.date = atlas::labels::FrenchDate(date);
    report.created_at = stamp;

    // The labels of the selected values come with the facets of the search.
    search::SearchQuery first = query;
    first.page = 1;
    first.per_page = 1;
    auto page = search_.Search(first);
    if (page)
        report.criteria = DescribeCriteria(query, page->facets);
    else
        report.criteria = DescribeCriteria(query, {});

    const auto numeric = db_.Read([](db::Connection& c) { return ReadCountryNumericCodes(c); });
    std::unordered_set<std::int64_t> authorities, partners;
    std::map<std::string, std::pair<std::string, std::int64_t>> countries;  // iso2 → name, count
    std::unordered_map<std::string, std::int64_t> by_country;
    const std::int64_t total = search_.ForEachResult(query, [&](const search::ProjectRecord& p) {
        report.rows.push_back(ToRow(p, site_url));
        for (const auto& a : p.authorities) authorities.insert(a.id);
        std::map<std::string, std::string> project_countries;
        for (const auto& partner : p.partners) {
            partners.insert(partner.id);
            if (!partner.country_iso2.empty()) {
                project_countries.emplace(partner.country_iso2, partner.country);
            }
        }
        for (const auto& [iso2, name] : project_countries) {
            auto& country = countries[iso2];
            country.first = name;
            ++country.second;
            if (const auto code = numeric.find(iso2); code != numeric.end()) {
                ++by_country[code->second];
            }
        }
    });
    report.country_counts = std::move(by_country);
    for (const auto& [iso2, country] : countries) report.leading_countries.push_back(country);
    std::sort(report.leading_countries.begin(), report.leading_countries.end(),
              [](const auto& a, const auto& b) {
                  return a.second != b.second ? a.second > b.second : a.first < b.first;
              });
    if (report.leading_countries.size() > kLeadingCountries) {
        report.leading_countries.resize(kLeadingCountries);
    }
    using atlas::labels::Plural;
    const auto n = [](std::size_t size) { return static_cast<std::int64_t>(size); };
    report.figures = {
        {total, Plural(total, "projet", "projets")},
        {n(authorities.size()),
         Plural(n(authorities.size()), "collectivité française", "collectivités françaises")},
        {n(partners.size()),
         Plural(n(partners.size()), "autorité partenaire", "autorités partenaires")},
        {n(countries.size()), Plural(n(countries.size()), "pays partenaire", "pays partenaires")},
    };
    return report;
}

PdfSummary PdfService::Write(const search::SearchQuery& query, std::string_view site_url,
                             const ByteSink& sink) {
    const Report report = BuildReport(query, site_url);
    PdfSummary summary;
    summary.rows = static_cast<std::int64_t>(report.rows.size());
    summary.pages = RenderReport(report, World(), sink);
    return summary;
}

}  // namespace cncd::pdf
