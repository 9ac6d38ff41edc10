#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

/// A reservation of one of the renderings a PdfService runs at once; released when destroyed.
class RenderSlot {
  public:
    RenderSlot(RenderSlot&& other) noexcept : count_(std::exchange(other.count_, nullptr)) {}
    RenderSlot& operator=(RenderSlot&&) = delete;
    RenderSlot(const RenderSlot&) = delete;
    RenderSlot& operator=(const RenderSlot&) = delete;
    ~RenderSlot() {
        if (count_) count_->fetch_sub(1);
    }

  private:
    friend class PdfService;
    explicit RenderSlot(std::atomic<int>* count) : count_(count) {}
    std::atomic<int>* count_;
};

/// PDF extractions of the Atlas search: exactly the rows of a search (SearchService), its
/// criteria in words, its key figures, a world map of the results by partner country and the
/// table of the projects. Thread-safe.
class PdfService {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    /// At most this many renderings at once by default: the whole demo Atlas takes about 4 s
    /// of CPU and 150 MB.
    static constexpr int kDefaultMaxRenderings = 2;

    /// `world_topojson` is world-atlas' countries-50m.json, read at the first rendering;
    /// `clock` dates the documents (the system clock by default).
    PdfService(db::Database& db, search::SearchService& search,
               std::filesystem::path world_topojson, Clock clock = {},
               int max_renderings = kDefaultMaxRenderings);

    /// One of the `max_renderings` slots, or nothing when they are all taken (the caller
    /// answers "try again later" rather than queueing work it cannot bound).
    std::optional<RenderSlot> TryReserve();

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
    const int max_renderings_;
    std::atomic<int> renderings_{0};
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
