#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "modules/search/search.hpp"

namespace cncd::search {

/// Query parameters in order, a name possibly repeated (web::Fields has this shape).
using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// Reads a search from URL parameters: q, one parameter per facet (FacetName; repeat it for
/// several values; empty values are ignored), from, to, sort, page, per_page, and the Atlas
/// switches cd and autres (1 or "on" shows, 0 hides; with filtre=1, sent by the Atlas forms, an
/// absent switch hides). Unknown parameters are ignored. Fails with kInvalidArgument naming the
/// parameter for a malformed value: keywords over kMaxKeywordChars characters or not UTF-8, a year
/// or page that is not a whole number or out of range, from after to, an unknown sort, a partner or
/// authority id that is not a number, per_page over kMaxPerPage, a switch that is not 0, 1 or "on".
/// Unknown codes are not errors (they match nothing).
Result<SearchQuery> ParseSearchQuery(const QueryParams& params);

}  // namespace cncd::search
