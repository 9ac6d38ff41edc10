#include "modules/search/search_service.hpp"

#include <algorithm>
#include <ctime>
#include <utility>

#include "modules/search/search_labels.hpp"
#include "modules/search/search_repository.hpp"

namespace cncd::search {
namespace {

// Rows read per batch while extracting.
constexpr std::size_t kExtractionBatch = 500;
// Search maps kept (the page, then its two map requests, ask for the same one).
constexpr std::size_t kMapCacheSize = 16;

// What a search map depends on: the query without its page, size and order.
std::string MapKey(const SearchQuery& q) {
    constexpr char kSeparator = '\x1f';
    std::string key = q.keywords;
    for (const auto& values : q.filters) {
        key += kSeparator;
        for (const auto& v : values) key += v + ',';
    }
    key += kSeparator + std::to_string(q.from_year.value_or(0)) + kSeparator +
           std::to_string(q.to_year.value_or(0)) + kSeparator + (q.show_decentralised ? "1" : "0") +
           (q.show_other ? "1" : "0");
    return key;
}

bool HasText(const std::string& keywords) {
    return std::any_of(keywords.begin(), keywords.end(),
                       [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; });
}

std::vector<exports::Column> ExtractionColumns() {
    return {
        {"id", "Identifiant"},
        {"slug", "Identifiant texte"},
        {"title", "Titre"},
        {"kind", "Type (code)"},
        {"kind_label", "Type"},
        {"kind_group", "Famille (code)"},
        {"kind_group_label", "Famille"},
        {"status", "Statut (code)"},
        {"status_label", "Statut"},
        {"start_year", "Année de début"},
        {"end_year", "Année de fin"},
        {"convention_date", "Date de la convention"},
        {"theme_codes", "Thématiques (codes)"},
        {"themes", "Thématiques"},
        {"authority_ids", "Collectivités françaises (identifiants)"},
        {"authorities", "Collectivités françaises"},
        {"authority_types", "Types de collectivité"},
        {"region_codes", "Régions (codes INSEE)"},
        {"regions", "Régions"},
        {"department_codes", "Départements (codes INSEE)"},
        {"departments", "Départements"},
        {"partner_ids", "Autorités partenaires (identifiants)"},
        {"partners", "Autorités partenaires"},
        {"country_codes", "Pays (codes ISO)"},
        {"countries", "Pays"},
        {"continent_codes", "Continents (codes)"},
        {"continents", "Continents"},
        {"cofinancer_codes", "Cofinanceurs (codes)"},
        {"cofinancers", "Cofinanceurs"},
        {"financing_total_eur", "Financement total (€)"},
        {"url", "Fiche-projet"},
    };
}

// Adds `value` to `list` unless it is there already (lists keep their first-seen order).
void AddUnique(std::vector<std::string>& list, const std::string& value) {
    if (value.empty() || std::find(list.begin(), list.end(), value) != list.end()) return;
    list.push_back(value);
}

exports::Record ToRecord(const ProjectRecord& p) {
    using Cell = exports::Cell;
    std::vector<std::string> theme_codes, themes, authority_ids, authorities, authority_types,
        region_codes, regions, department_codes, departments, partner_ids, partners, country_codes,
        countries, continent_codes, continents, cofinancer_codes, cofinancers;
    for (const auto& t : p.themes) {
        theme_codes.push_back(t.code);
        themes.push_back(t.name);
    }
    for (const auto& a : p.authorities) {
        authority_ids.push_back(std::to_string(a.id));
        authorities.push_back(a.name);
        AddUnique(authority_types, std::string(labels::AuthorityTypeName(a.kind)));
        if (!a.region_code.empty() && std::find(region_codes.begin(), region_codes.end(),
                                                a.region_code) == region_codes.end()) {
            region_codes.push_back(a.region_code);
            regions.push_back(a.region);
        }
        if (!a.department_code.empty() &&
            std::find(department_codes.begin(), department_codes.end(), a.department_code) ==
                department_codes.end()) {
            department_codes.push_back(a.department_code);
            departments.push_back(a.department);
        }
    }
    exports::Record record;
    for (const auto& partner : p.partners) {
        partner_ids.push_back(std::to_string(partner.id));
        partners.push_back(partner.name);
        if (std::find(country_codes.begin(), country_codes.end(), partner.country_iso2) ==
            country_codes.end()) {
            country_codes.push_back(partner.country_iso2);
            countries.push_back(partner.country);
        }
        if (std::find(continent_codes.begin(), continent_codes.end(), partner.continent) ==
            continent_codes.end()) {
            continent_codes.push_back(partner.continent);
            continents.push_back(partner.continent_name);
        }
        if (partner.lat && partner.lon) record.points.push_back({*partner.lon, *partner.lat});
    }
    for (const auto& c : p.cofinancers) {
        cofinancer_codes.push_back(c.slug);
        cofinancers.push_back(c.name);
    }
    const auto year = [](const std::optional<int>& y) {
        return y ? Cell(static_cast<std::int64_t>(*y)) : Cell();
    };
    const std::string_view group = labels::KindGroupOf(p.kind);
    record.cells = {
        Cell(p.id),
        Cell(p.slug),
        Cell(p.title),
        Cell(p.kind),
        Cell(std::string(labels::KindName(p.kind))),
        Cell(std::string(group)),
        Cell(std::string(labels::KindGroupName(group))),
        Cell(p.status),
        Cell(std::string(labels::StatusName(p.status))),
        year(p.start_year),
        year(p.end_year),
        p.convention_date.empty() ? Cell() : Cell(p.convention_date),
        Cell(std::move(theme_codes)),
        Cell(std::move(themes)),
        Cell(std::move(authority_ids)),
        Cell(std::move(authorities)),
        Cell(std::move(authority_types)),
        Cell(std::move(region_codes)),
        Cell(std::move(regions)),
        Cell(std::move(department_codes)),
        Cell(std::move(departments)),
        Cell(std::move(partner_ids)),
        Cell(std::move(partners)),
        Cell(std::move(country_codes)),
        Cell(std::move(countries)),
        Cell(std::move(continent_codes)),
        Cell(std::move(continents)),
        Cell(std::move(cofinancer_codes)),
        Cell(std::move(cofinancers)),
        Cell(p.financing_total_eur),
        Cell(ProjectSheetPath(p.id, p.slug)),
    };
    return record;
}

}  // namespace

SearchService::SearchService(db::Database& db, Clock clock)
    : db_(db),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      index_(db::MakeSearchIndex(db)) {}

SearchService::~SearchService() = default;

Status SearchService::Validate(const SearchQuery& query) const {
    if (query.page < 1) return InvalidArgument("page", "Le numéro de page doit être positif.");
    if (query.per_page < 1 || query.per_page > kMaxPerPage) {
        return InvalidArgument("per_page",
                               "Le nombre de résultats par page doit être compris entre 1 et " +
                                   std::to_string(kMaxPerPage) + ".");
    }
    if (index_->Words(query.keywords).size() > kMaxKeywordWords) {
        return InvalidArgument("q", "La recherche compte trop de mots : " +
                                        std::to_string(kMaxKeywordWords) + " au plus.");
    }
    return Ok{};
}

std::shared_ptr<const Snapshot> SearchService::SnapshotFor(db::Connection& c) {
    const std::int64_t version = ReadDataVersion(c);
    std::lock_guard lock(snapshot_mutex_);
    // A reader whose transaction began before the last rebuild may see an older version: the
    // newer snapshot serves it (it only knows a few more or fewer projects).
    if (snapshot_ && snapshot_->version() >= version) return snapshot_;
    snapshot_ = Snapshot::Build(ReadSnapshotRows(c), version);
    return snapshot_;
}

Evaluation SearchService::Run(db::Connection& c, const SearchQuery& query, bool with_facets,
                              bool all_rows) {
    const auto snapshot = SnapshotFor(c);
    if (!HasText(query.keywords)) return snapshot->Evaluate(query, nullptr, with_facets, all_rows);
    const auto hits = index_->Match(c, query.keywords, query.sort == SortOrder::kRelevance);
    return snapshot->Evaluate(query, &hits, with_facets, all_rows);
}

Result<SearchPage> SearchService::Search(const SearchQuery& query) {
    if (auto valid = Validate(query); !valid) return valid.error();
    return db_.Read([&](db::Connection& c) {
        Evaluation evaluation = Run(c, query, /*with_facets=*/true, /*all_rows=*/false);
        SearchPage page;
        page.total = evaluation.total;
        page.page = query.page;
        page.per_page = query.per_page;
        page.sort = query.sort;
        page.items = ReadProjects(c, evaluation.ids, /*with_financing=*/false);
        page.facets = std::move(evaluation.facets);
        return page;
    });
}

Result<std::shared_ptr<const SearchMap>> SearchService::Map(const SearchQuery& query) {
    if (auto valid = Validate(query); !valid) return valid.error();
    const std::string key = MapKey(query);
    // The order does not matter here: no relevance scores to compute.
    SearchQuery unordered = query;
    unordered.sort = SortOrder::kRecent;
    return db_.Read([&](db::Connection& c) -> std::shared_ptr<const SearchMap> {
        const std::int64_t version = ReadDataVersion(c);
        {
            std::lock_guard lock(map_cache_mutex_);
            for (const auto& entry : map_cache_) {
                if (entry.key == key && entry.version == version) return entry.map;
            }
        }
        const Evaluation evaluation = Run(c, unordered, /*with_facets=*/false, /*all_rows=*/true);
        auto map = std::make_shared<const SearchMap>(AggregateMap(c, evaluation.ids));
        std::lock_guard lock(map_cache_mutex_);
        std::erase_if(map_cache_, [&](const CachedMap& e) { return e.version != version; });
        map_cache_.push_front({key, version, map});
        if (map_cache_.size() > kMapCacheSize) map_cache_.pop_back();
        return map;
    });
}

Result<ExtractionInfo> SearchService::PrepareExtraction(const SearchQuery& query,
                                                        exports::Format format) {
    if (auto valid = Validate(query); !valid) return valid.error();
    const std::time_t now = std::chrono::system_clock::to_time_t(clock_());
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    return ExtractionInfo{
        "projets-atlas-" + std::string(date) + "." + std::string(exports::Extension(format)),
        std::string(exports::ContentType(format))};
}

std::int64_t SearchService::WriteExtraction(const SearchQuery& query, exports::Format format,
                                            const exports::CsvOptions& csv,
                                            const exports::ByteSink& sink) {
    auto writer = exports::MakeTableWriter(format, sink, csv, "Projets");
    return db_.Read([&](db::Connection& c) {
        const Evaluation evaluation = Run(c, query, /*with_facets=*/false, /*all_rows=*/true);
        writer->Begin(ExtractionColumns());
        std::int64_t rows = 0;
        for (std::size_t begin = 0; begin < evaluation.ids.size(); begin += kExtractionBatch) {
            const auto end = std::min(evaluation.ids.size(), begin + kExtractionBatch);
            const std::vector<std::int64_t> batch(evaluation.ids.begin() + begin,
                                                  evaluation.ids.begin() + end);
            for (const auto& project : ReadProjects(c, batch, /*with_financing=*/true)) {
                writer->Write(ToRecord(project));
                ++rows;
            }
        }
        writer->Finish();
        return rows;
    });
}

std::int64_t SearchService::ForEachResult(const SearchQuery& query,
                                          const std::function<void(const ProjectRecord&)>& row) {
    return db_.Read([&](db::Connection& c) {
        const Evaluation evaluation = Run(c, query, /*with_facets=*/false, /*all_rows=*/true);
        std::int64_t rows = 0;
        for (std::size_t begin = 0; begin < evaluation.ids.size(); begin += kExtractionBatch) {
            const auto end = std::min(evaluation.ids.size(), begin + kExtractionBatch);
            const std::vector<std::int64_t> batch(evaluation.ids.begin() + begin,
                                                  evaluation.ids.begin() + end);
            for (const auto& project : ReadProjects(c, batch, /*with_financing=*/false)) {
                row(project);
                ++rows;
            }
        }
        return rows;
    });
}

}  // namespace cncd::search
