#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/atlas/atlas.hpp"

namespace cncd::atlas {

/// A text value, or null when it is empty.
nlohmann::json TextOrNull(const std::string& text);

/// An optional value, or null when it is absent.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

/// The counts of a level or child: projects, french_authorities, partner_authorities,
/// countries, and themes when `with_themes`.
nlohmann::json CountsJson(const Counts& counts, bool with_themes);

/// The filters an answer was computed with: cd, autres, theme and kind (null when unset).
nlohmann::json FiltersJson(const Filters& filters);

/// A level's API body: its counts, APD, French authorities by type, children (under the key
/// of their kind), filters and the URL of its HTML page.
nlohmann::json LevelJson(const LevelFigures& figures, const Filters& filters);

/// A country's API body: LevelJson with its ISO code and continent.
nlohmann::json CountryLevelJson(const LevelFigures& figures, const Filters& filters);

/// A département's API body: LevelJson with its code.
nlohmann::json DepartmentLevelJson(const LevelFigures& figures, const Filters& filters);

/// A partner's API body: LevelJson with the partner's record (LevelFigures::partner), when it has
/// one.
nlohmann::json PartnerLevelJson(const LevelFigures& figures, const Filters& filters);

/// A French authority's API body: LevelJson with its record, contacts and APD by country.
/// `figures.authority` must be set (an authority level always has it).
nlohmann::json AuthorityLevelJson(const LevelFigures& figures, const Filters& filters);

/// The theme tree: {"themes": [{slug, name, dac_code, children: […]}…]}.
nlohmann::json ThemesJson(const std::vector<ThemeGroup>& themes);

/// A project's complete record.
nlohmann::json ProjectJson(const Project& project);

}  // namespace cncd::atlas
