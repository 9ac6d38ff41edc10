#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cncd::apd {

/// The dimensions of a cross-tabulation; each is also a filter of the same name.
enum class Dimension {
    kYear,
    kContinent,
    kCountry,  ///< a country's ISO code, or a CRS region code for a line without a country
    kAuthorityType,
    kRegion,  ///< the French région of the authority
    kDepartment,
    kAuthority,
    kSector,
    kChannel,
    kExpenditureType,
};
inline constexpr std::size_t kDimensionCount = 10;
inline constexpr std::array<std::string_view, kDimensionCount> kDimensionNames = {
    "year",       "continent", "country", "authority_type", "region",
    "department", "authority", "sector",  "channel",        "expenditure_type"};
/// French column headers.
inline constexpr std::array<std::string_view, kDimensionCount> kDimensionLabels = {
    "Année",
    "Continent",
    "Pays ou région bénéficiaire",
    "Type de collectivité",
    "Région",
    "Département",
    "Collectivité",
    "Secteur",
    "Canal",
    "Type de dépense"};

std::optional<Dimension> ParseDimension(std::string_view name);

/// A cross-tabulation: the dimensions to group by (none: the grand total) and filters
/// (values per dimension; several values of one dimension are alternatives).
struct StatsQuery {
    std::vector<Dimension> by;
    std::map<Dimension, std::vector<std::string>> filters;
};

/// Parses by=year,continent&year=2010&continent=afrique… Unknown dimensions and more than
/// 200 values are refused at their field; an unknown value matches nothing.
Result<StatsQuery> ParseStatsQuery(const std::vector<std::pair<std::string, std::string>>& query);

struct StatsRow {
    std::vector<std::string> keys;    ///< one per dimension of `by`
    std::vector<std::string> labels;  ///< French labels of the keys
    std::int64_t amount_eur = 0;
    std::int64_t lines = 0;
};

struct StatsTable {
    std::vector<Dimension> by;
    std::vector<StatsRow> rows;  ///< ordered by keys (years ascending, labels alphabetical)
    std::int64_t total_eur = 0;
};

/// The validated amount of one French département, with its centroid (reference table
/// `departments`, centroid of its located communes), for the statistics map.
struct DepartmentAmount {
    std::string code;  ///< INSEE code ("35", "2A", "974")
    std::string name;
    std::int64_t amount_eur = 0;
    std::int64_t lines = 0;
    std::optional<double> lat;  ///< none when the reference has no centroid
    std::optional<double> lon;
};

/// The cross-tabulation by département of the validated amounts matching some filters.
struct DepartmentAmounts {
    std::vector<DepartmentAmount> departments;  ///< those with an amount, by name
    std::int64_t total_eur = 0;                 ///< every line matching the filters
    std::int64_t without_department_eur = 0;    ///< authorities without one (the régions)
};

/// Cross-tabulations of validated amounts on an in-memory, dictionary-encoded copy of the
/// validated lines, reloaded when what the statistics show changed (apd_publication.stamp).
/// Thread-safe.
class StatsService {
  public:
    explicit StatsService(db::Database& db);
    ~StatsService();
    StatsService(const StatsService&) = delete;
    StatsService& operator=(const StatsService&) = delete;

    StatsTable CrossTab(const StatsQuery& query);

    /// CrossTab by département with the filters of `query` (its `by` is ignored), each row
    /// with the département's centroid: the data of the statistics page's map.
    DepartmentAmounts ByDepartment(const StatsQuery& query);

    struct Snapshot;

  private:
    std::shared_ptr<const Snapshot> Current();

    db::Database& db_;
    std::mutex mutex_;
    std::shared_ptr<const Snapshot> snapshot_;
    std::uint64_t generation_ = ~std::uint64_t{0};
};

}  // namespace cncd::apd
