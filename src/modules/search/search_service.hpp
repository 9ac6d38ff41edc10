#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "db/search_index.hpp"
#include "modules/exports/table_writer.hpp"
#include "modules/search/search.hpp"
#include "modules/search/search_map.hpp"
#include "modules/search/search_snapshot.hpp"

namespace cncd::search {

/// How an extraction is served.
struct ExtractionInfo {
    std::string filename;      ///< "projets-atlas-2026-11-26.csv"
    std::string content_type;  ///< exports::ContentType
};

/// The Atlas search: keywords through the backend's SearchIndex, filters, facet counts and
/// sorting on an in-memory snapshot of the projects' attributes that is rebuilt when the data
/// version changes (so a committed write is visible to the next search), and extractions of
/// exactly the filtered rows. Thread-safe.
class SearchService {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// `clock` dates extraction file names (the system clock by default).
    explicit SearchService(db::Database& db, Clock clock = {});
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /// A page of results with every facet's counts. Fails with kInvalidArgument ("q") when the
    /// keywords hold more than kMaxKeywordWords words, or for a page or per_page out of range.
    /// Keywords with no searchable word (only stop words or punctuation) match nothing.
    Result<SearchPage> Search(const SearchQuery& query);

    /// Every result of `query` (page, per_page and sort ignored) aggregated by partner country
    /// and by partner, for the search map: the counts are those of the filtered list. The last
    /// few answers are kept until the data changes (a page and its map ask for the same one).
    /// Fails as Search does.
    Result<std::shared_ptr<const SearchMap>> Map(const SearchQuery& query);

    /// Checks an extraction of `query` and names its file; call before WriteExtraction.
    Result<ExtractionInfo> PrepareExtraction(const SearchQuery& query, exports::Format format);

    /// Writes every result of `query` (page and per_page ignored, no cap), in the query's order,
    /// to `sink`, row by row from one consistent read: codes and French labels side by side.
    /// Returns the number of rows. `query` must have passed PrepareExtraction.
    std::int64_t WriteExtraction(const SearchQuery& query, exports::Format format,
                                 const exports::CsvOptions& csv, const exports::ByteSink& sink);

    /// Calls `row` with every result of `query` (page and per_page ignored, no cap), in the
    /// query's order, from one consistent read, without financing; returns the number of rows.
    /// `query` must have passed PrepareExtraction. For renderings other than TableWriter's (PDF).
    std::int64_t ForEachResult(const SearchQuery& query,
                               const std::function<void(const ProjectRecord&)>& row);

  private:
    Status Validate(const SearchQuery& query) const;
    std::shared_ptr<const Snapshot> SnapshotFor(db::Connection& c);
    Evaluation Run(db::Connection& c, const SearchQuery& query, bool with_facets, bool all_rows);

    db::Database& db_;
    Clock clock_;
    std::unique_ptr<db::SearchIndex> index_;
    std::mutex snapshot_mutex_;
    std::shared_ptr<const Snapshot> snapshot_;

    struct CachedMap {
        std::string key;
        std::int64_t version = 0;
        std::shared_ptr<const SearchMap> map;
    };
    std::mutex map_cache_mutex_;
    std::deque<CachedMap> map_cache_;  ///< most recent first
};

}  // namespace cncd::search
