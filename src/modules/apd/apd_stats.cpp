#include "modules/apd/apd_stats.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/text.hpp"
#include "modules/apd/apd.hpp"
#include "modules/apd/apd_codes.hpp"

namespace cncd::apd {
namespace {

constexpr std::string_view kStamp = "SELECT stamp FROM apd_publication WHERE id = 1";
constexpr std::string_view kFacts =
    "SELECT d.year, coalesce(c.continent, ''), coalesce(l.country_iso2, l.recipient_region),"
    " a.kind, coalesce(a.region_code, ''), coalesce(a.department_code, ''), a.id,"
    " l.purpose_code, l.channel_code, l.expenditure_type, l.amount_eur"
    " FROM apd_declarations d"
    " JOIN apd_lines l ON l.version_id = d.validated_version_id"
    " JOIN authorities a ON a.id = d.authority_id"
    " LEFT JOIN countries c ON c.iso2 = l.country_iso2";
constexpr std::string_view kContinentNames = "SELECT slug, name, sort_order FROM continents";
constexpr std::string_view kCountryNames = "SELECT iso2, name FROM countries";
constexpr std::string_view kRegionNames = "SELECT code, name FROM regions";
constexpr std::string_view kDepartmentNames = "SELECT code, name FROM departments";
constexpr std::string_view kDepartmentPoints =
    "SELECT code, lat, lon FROM departments WHERE lat IS NOT NULL AND lon IS NOT NULL";
constexpr std::string_view kAuthorityNames =
    "SELECT a.id, a.name FROM authorities a WHERE EXISTS (SELECT 1 FROM apd_declarations d"
    " WHERE d.authority_id = a.id AND d.validated_version_id IS NOT NULL)";

constexpr std::size_t kMaxFilterValues = 200;

std::string_view AuthorityKindLabel(std::string_view kind) {
    if (kind == "region") return "Région";
    if (kind == "departement") return "Département";
    if (kind == "commune") return "Commune";
    if (kind == "epci") return "Intercommunalité";
    if (kind == "syndicat") return "Syndicat";
    if (kind == "com") return "Collectivité d'outre-mer";
    return kind;
}

}  // namespace

// One dictionary per dimension; a fact stores the index of its value in each.
struct StatsService::Snapshot {
    std::array<std::vector<std::string>, kDimensionCount> values;
    std::array<std::vector<std::string>, kDimensionCount> labels;
    std::array<std::vector<std::string>, kDimensionCount> sort_keys;
    std::array<std::unordered_map<std::string, std::uint32_t>, kDimensionCount> index;
    std::vector<std::array<std::uint32_t, kDimensionCount>> facts;
    std::vector<std::int64_t> amounts;
    std::int64_t stamp = -1;

    std::uint32_t Code(std::size_t dim, const std::string& value) {
        auto [it, inserted] =
            index[dim].try_emplace(value, static_cast<std::uint32_t>(values[dim].size()));
        if (inserted) values[dim].push_back(value);
        return it->second;
    }
};

std::optional<Dimension> ParseDimension(std::string_view name) {
    for (std::size_t i = 0; i < kDimensionCount; ++i) {
        if (kDimensionNames[i] == name) return static_cast<Dimension>(i);
    }
    return std::nullopt;
}

Result<StatsQuery> ParseStatsQuery(const std::vector<std::pair<std::string, std::string>>& query) {
    StatsQuery out;
    std::size_t values = 0;
    for (const auto& [name, value] : query) {
        if (name == "by") {
            std::size_t start = 0;
            while (start <= value.size()) {
                const auto comma = std::min(value.find(',', start), value.size());
                const std::string part = value.substr(start, comma - start);
                start = comma + 1;
                if (part.empty()) continue;
                const auto dim = ParseDimension(part);
                if (!dim) {
                    return InvalidArgument("by", "Dimension inconnue « " + part.substr(0, 40) +
                                                     " » : year, continent, country, "
                                                     "authority_type, region, department, "
                                                     "authority, sector, channel ou "
                                                     "expenditure_type.");
                }
                if (std::find(out.by.begin(), out.by.end(), *dim) == out.by.end())
                    out.by.push_back(*dim);
            }
            continue;
        }
        const auto dim = ParseDimension(name);
        if (!dim) continue;  // other parameters (format options…) are not filters
        if (++values > kMaxFilterValues)
            return InvalidArgument(name, "Trop de valeurs de filtre (200 au plus).");
        std::size_t start = 0;
        while (start <= value.size()) {
            const auto comma = std::min(value.find(',', start), value.size());
            auto part = value.substr(start, comma - start);
            start = comma + 1;
            if (!part.empty()) out.filters[*dim].push_back(part.substr(0, 100));
        }
    }
    return out;
}

StatsService::StatsService(db::Database& db) : db_(db) {}
StatsService::~StatsService() = default;

std::shared_ptr<const StatsService::Snapshot> StatsService::Current() {
    std::lock_guard lock(mutex_);
    const std::uint64_t generation = db_.Generation();
    if (snapshot_ && generation == generation_) return snapshot_;
    db_.Read([&](db::Connection& c) {
        const std::int64_t stamp = c.QueryInt(kStamp);
        if (snapshot_ && snapshot_->stamp == stamp) return;
        auto s = std::make_shared<Snapshot>();
        s->stamp = stamp;
        const CodeBook codes = CodeBook::Load(c);
        c.Query(kFacts, {}, [&](const db::Row& r) {
            std::array<std::uint32_t, kDimensionCount> f{};
            for (std::size_t d = 0; d < kDimensionCount; ++d)
                f[d] = s->Code(d, r.Text(static_cast<int>(d)));
            // A region line's continent is its CRS region's.
            if (s->values[1][f[1]].empty()) {
                f[1] = s->Code(1, codes.RegionContinent(s->values[2][f[2]]));
            }
            s->facts.push_back(f);
            s->amounts.push_back(r.Int(10));
        });
        // Labels and sort keys.
        std::array<std::map<std::string, std::string>, kDimensionCount> names;
        std::map<std::string, std::int64_t> continent_order;
        c.Query(kContinentNames, {}, [&](const db::Row& r) {
            names[1][r.Text(0)] = r.Text(1);
            continent_order[r.Text(0)] = r.Int(2);
        });
        c.Query(kCountryNames, {}, [&](const db::Row& r) { names[2][r.Text(0)] = r.Text(1); });
        c.Query(kRegionNames, {}, [&](const db::Row& r) { names[4][r.Text(0)] = r.Text(1); });
        c.Query(kDepartmentNames, {}, [&](const db::Row& r) { names[5][r.Text(0)] = r.Text(1); });
        c.Query(kAuthorityNames, {}, [&](const db::Row& r) { names[6][r.Text(0)] = r.Text(1); });
        for (std::size_t d = 0; d < kDimensionCount; ++d) {
            for (const auto& v : s->values[d]) {
                std::string label;
                switch (static_cast<Dimension>(d)) {
                    case Dimension::kYear:
                        label = v;
                        break;
                    case Dimension::kCountry:
                        label = names[d].count(v) ? names[d][v] : codes.Name("Region", v);
                        break;
                    case Dimension::kAuthorityType:
                        label = std::string(AuthorityKindLabel(v));
                        break;
                    case Dimension::kSector:
                        label = codes.Name("Sector", v);
                        break;
                    case Dimension::kChannel:
                        label = codes.Name("CRSChannelCode", v);
                        break;
                    case Dimension::kExpenditureType: {
                        const auto* t = FindExpenditureType(v);
                        label = t ? std::string(t->label) : v;
                        break;
                    }
                    default:
                        if (names[d].count(v)) label = names[d][v];
                }
                if (label.empty()) label = v.empty() ? "Non ventilé" : v;
                s->labels[d].push_back(label);
                if (d == 0) {
                    s->sort_keys[d].push_back(v);
                } else if (d == 1) {
                    const auto it = continent_order.find(v);
                    s->sort_keys[d].push_back(
                        std::to_string(100 + (it == continent_order.end() ? 99 : it->second)));
                } else {
                    s->sort_keys[d].push_back(text::Fold(label));
                }
            }
        }
        snapshot_ = std::move(s);
    });
    generation_ = generation;
    return snapshot_;
}

StatsTable StatsService::CrossTab(const StatsQuery& query) {
    const auto s = Current();
    StatsTable table;
    table.by = query.by;
    // Allowed codes per filtered dimension (an unknown value matches nothing).
    std::vector<std::pair<std::size_t, std::vector<bool>>> filters;
    for (const auto& [dim, values] : query.filters) {
        const auto d = static_cast<std::size_t>(dim);
        std::vector<bool> allowed(s->values[d].size(), false);
        for (const auto& v : values) {
            const auto it = s->index[d].find(v);
            if (it != s->index[d].end()) allowed[it->second] = true;
        }
        filters.emplace_back(d, std::move(allowed));
    }
    std::vector<std::size_t> dims;
    for (const Dimension d : query.by) dims.push_back(static_cast<std::size_t>(d));

    struct Cell {
        std::int64_t amount = 0;
        std::int64_t lines = 0;
    };
    // Keys packed in one 64-bit word when they fit (the usual case), else in a string.
    std::vector<std::uint32_t> widths;
    std::uint32_t bits = 0;
    for (const std::size_t d : dims) {
        std::uint32_t w = 1;
        while ((std::size_t{1} << w) <= s->values[d].size()) ++w;
        widths.push_back(w);
        bits += w;
    }
    std::unordered_map<std::uint64_t, Cell> packed;
    std::map<std::vector<std::uint32_t>, Cell> wide;
    const std::size_t n = s->facts.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto& f = s->facts[i];
        bool keep = true;
        for (const auto& [d, allowed] : filters) {
            if (!allowed[f[d]]) {
                keep = false;
                break;
            }
        }
        if (!keep) continue;
        table.total_eur += s->amounts[i];
        if (bits <= 64) {
            std::uint64_t key = 0;
            for (std::size_t k = 0; k < dims.size(); ++k) key = (key << widths[k]) | f[dims[k]];
            auto& cell = packed[key];
            cell.amount += s->amounts[i];
            ++cell.lines;
        } else {
            std::vector<std::uint32_t> key;
            for (const std::size_t d : dims) key.push_back(f[d]);
            auto& cell = wide[key];
            cell.amount += s->amounts[i];
            ++cell.lines;
        }
    }
    std::vector<std::pair<std::vector<std::uint32_t>, Cell>> cells;
    for (const auto& [key, cell] : packed) {
        std::vector<std::uint32_t> codes(dims.size());
        std::uint64_t rest = key;
        for (std::size_t k = dims.size(); k-- > 0;) {
            codes[k] = static_cast<std::uint32_t>(rest & ((std::uint64_t{1} << widths[k]) - 1));
            rest >>= widths[k];
        }
        cells.emplace_back(std::move(codes), cell);
    }
    for (auto& [key, cell] : wide) cells.emplace_back(key, cell);
    std::sort(cells.begin(), cells.end(), [&](const auto& a, const auto& b) {
        for (std::size_t k = 0; k < dims.size(); ++k) {
            const auto& ka = s->sort_keys[dims[k]][a.first[k]];
            const auto& kb = s->sort_keys[dims[k]][b.first[k]];
            if (ka != kb) return ka < kb;
        }
        return false;
    });
    for (const auto& [codes, cell] : cells) {
        StatsRow row;
        for (std::size_t k = 0; k < dims.size(); ++k) {
            row.keys.push_back(s->values[dims[k]][codes[k]]);
            row.labels.push_back(s->labels[dims[k]][codes[k]]);
        }
        row.amount_eur = cell.amount;
        row.lines = cell.lines;
        table.rows.push_back(std::move(row));
    }
    return table;
}

DepartmentAmounts StatsService::ByDepartment(const StatsQuery& query) {
    StatsQuery by_department = query;
    by_department.by = {Dimension::kDepartment};
    const StatsTable table = CrossTab(by_department);
    // Centroids are reference data, read on each call (about a hundred rows).
    std::unordered_map<std::string, std::pair<double, double>> points;
    db_.Read([&](db::Connection& c) {
        c.Query(kDepartmentPoints, {}, [&](const db::Row& r) {
            points.emplace(r.Text(0), std::make_pair(r.Double(1), r.Double(2)));
        });
    });
    DepartmentAmounts out;
    out.total_eur = table.total_eur;
    for (const auto& row : table.rows) {
        if (row.keys[0].empty()) {
            out.without_department_eur += row.amount_eur;
            continue;
        }
        DepartmentAmount d{row.keys[0], row.labels[0], row.amount_eur, row.lines, {}, {}};
        const auto it = points.find(row.keys[0]);
        if (it != points.end()) {
            d.lat = it->second.first;
            d.lon = it->second.second;
        }
        out.departments.push_back(std::move(d));
    }
    return out;
}

}  // namespace cncd::apd
