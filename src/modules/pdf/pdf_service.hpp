#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/pdf/pdf_report.hpp"
#include "modules/pdf/world_map.hpp"
#include "modules/search/search.hpp"
#include "modules/search/search_service.hpp"

namespace cncd::pdf {

/// What a rendering produced.
struct PdfSummary {
    std::int64_t rows = 0;
    int pages = 0;
};

/// PDF extractions of the Atlas search: exactly the rows of a search (SearchService), its
/// criteria in words, its key figures, a world map of the results by partner country and the
/// table of the projects. Thread-safe.
class PdfService {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// `world_topojson` is world-atlas' countries-50m.json, read at the first rendering;
    /// `clock` dates the documents (the system clock by default).
    PdfService(db::Database& db, search::SearchService& search,
               std::filesystem::path world_topojson, Clock clock = {});

    /// Checks `query` as the other extractions do (400 naming the field) and names the file:
    /// "projets-atlas-2026-11-26.pdf".
    Result<std::string> Prepare(const search::SearchQuery& query);

    /// Everything the document shows for `query`, in French. `site_url` ("https://host", or
    /// empty for relative links) prefixes the links to the project sheets. `query` must have
    /// passed Prepare.
    Report BuildReport(const search::SearchQuery& query, std::string_view site_url);

    /// Renders the report of `query` into `sink` (as cairo produces the bytes).
    PdfSummary Write(const search::SearchQuery& query, std::string_view site_url,
                     const ByteSink& sink);

  private:
    const WorldMap& World();
    std::chrono::system_clock::time_point Now() const;

    db::Database& db_;
    search::SearchService& search_;
    std::filesystem::path world_path_;
    Clock clock_;
    std::once_flag world_once_;
    std::unique_ptr<WorldMap> world_;
};

/// The criteria of a search in words, in the order of the search form: keywords, each filter
/// with its French label and the French labels of its values (`facets`: the facet counts of
/// the search, where the selected values carry their labels; an unknown code is shown as
/// given), the years, the switches, a non-default order.
std::vector<Criterion> DescribeCriteria(
    const search::SearchQuery& query,
    const std::array<std::vector<search::FacetCount>, search::kFacetCount>& facets);

/// "2010–2013", "2010", "depuis 2015", "jusqu’en 2013", or empty.
std::string YearsText(const std::optional<int>& start, const std::optional<int>& end);

}  // namespace cncd::pdf
