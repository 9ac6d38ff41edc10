#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "modules/pdf/world_map.hpp"

namespace cncd::pdf {

/// Receives the bytes of a document as cairo produces them, in order.
using ByteSink = std::function<void(std::string_view)>;

/// A search criterion in words: "Pays" → "Sénégal, Mali".
struct Criterion {
    std::string label;
    std::string value;
};

/// A key figure: 1 234 "projets".
struct KeyFigure {
    std::int64_t value = 0;
    std::string label;
};

/// A line of the table, every cell already in French.
struct ReportRow {
    std::string title;
    std::string kind;         ///< "Jumelage", "Coopération"…, shown under the title
    std::string link;         ///< the project sheet's address (absolute when known)
    std::string authorities;  ///< French authorities, lead first
    std::string partners;     ///< "Dakar (Sénégal), Ségou (Mali)"
    std::string themes;
    std::string years;  ///< "2010–2013", "depuis 2015"…
    std::string status;
};

/// Everything a report shows; the renderer computes nothing but the layout.
struct Report {
    std::string title;                ///< document title (H1 and PDF metadata)
    std::string date;                 ///< "26 novembre 2026"
    std::string created_at;           ///< ISO 8601 "2026-11-26T10:00:00", PDF metadata
    std::vector<Criterion> criteria;  ///< empty: every project of the Atlas
    std::vector<KeyFigure> figures;
    /// Projects per partner country, by ISO 3166 numeric code (the world map's ids).
    std::unordered_map<std::string, std::int64_t> country_counts;
    /// The countries with the most projects (French name, count), most first: the map's
    /// text equivalent.
    std::vector<std::pair<std::string, std::int64_t>> leading_countries;
    std::vector<ReportRow> rows;
};

/// Renders `report` as an A4 PDF into `sink`: a first page with the title, the date, the
/// criteria, the key figures and the world map with its legend, then the table of the rows over
/// as many pages as needed (headers repeated, "page X / Y" on every page). The PDF is tagged
/// (headings, paragraphs, table, links to the project sheets) and carries its title in its
/// metadata. Returns the number of pages. Throws std::runtime_error when cairo fails; an
/// exception thrown by `sink` is rethrown.
int RenderReport(const Report& report, const WorldMap& world, const ByteSink& sink);

}  // namespace cncd::pdf
