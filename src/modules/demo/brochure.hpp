#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "modules/demo/demo_model.hpp"

namespace cncd::demo {

/// A partner of a hand-written case, placed on a real GeoNames place (`seat_geonames_id`).
/// With precision "city" the partner is that place and keeps its GeoNames id; with
/// "region" the place is only the seat of the partner (a rural commune without its own
/// GeoNames record, a province) and the id is not kept.
struct BrochurePartner {
    std::int64_t seat_geonames_id;
    std::string_view name;
    std::string_view level;
    std::string_view precision;
    std::string_view in;
    std::string_view nominal;
};

/// One of the cooperations the ministry's brochure shows, written by hand.
struct BrochureCase {
    AuthorityKind authority_kind;
    std::string_view authority_code;  ///< INSEE code of the commune, département or région
    std::string_view website;         ///< only where we are sure of it, else ""
    std::string_view country_iso2;
    std::vector<BrochurePartner> partners;
    ProjectKind kind;
    std::vector<std::string_view> themes;  ///< theme slugs, the main one first
    std::string_view title;
    int start_year;
    int end_year;                      ///< 0: open-ended
    std::string_view convention_date;  ///< ISO date or ""
    std::string_view objectives;
    std::string_view description;
    std::string_view history;
    std::string_view context;
    std::string_view french_association;  ///< named in the brochure's photo credit, or ""
};

/// The brochure's cases: Bayonne ↔ Veliko Tarnovo, Cesson-Sévigné ↔ Dankassari,
/// Seine-Saint-Denis ↔ Maputo and Matola, Allier ↔ Övörkhangai, Occitanie (ex
/// Midi-Pyrénées) ↔ Jaipur, and the single project with New Delhi.
const std::vector<BrochureCase>& BrochureCases();

}  // namespace cncd::demo
