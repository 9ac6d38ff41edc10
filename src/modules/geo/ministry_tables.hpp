#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "modules/geo/reference_data.hpp"

// Our own small data tables: how the French foreign ministry groups and names countries, and
// which countries can receive official development assistance. Everything else comes from
// the npm packages.
namespace cncd::geo {

/// The five zones of the Atlas, in display order: afrique, ameriques, asie, europe, oceanie.
std::vector<Continent> Continents();

/// The zone (continent slug) of a country, from its countries-list continent code (AF, AN, AS,
/// EU, NA, OC, SA) with the ministry's groupings applied: North and South America (with
/// Central America and the Caribbean) form "ameriques"; Russia, Turkey, Cyprus, the South
/// Caucasus (GE, AM, AZ) and Kosovo are in "europe"; Timor-Leste is in "asie"; the
/// sub-Antarctic islands go to the nearest zone (BV, TF → afrique, GS → ameriques, HM →
/// oceanie). Returns nothing for Antarctica itself (AQ, and any other territory coded AN),
/// which the Atlas leaves out: no local authority can be a partner there.
/// Throws std::invalid_argument on an unknown continent code.
std::optional<std::string_view> ContinentOf(std::string_view iso2,
                                            std::string_view countries_list_code);

/// The name the ministry uses when it differs from i18n-iso-countries' French name
/// ("Côte d'Ivoire" rather than "Côte-d'Ivoire", "Tchéquie", "Viêt Nam"…), or nothing.
std::optional<std::string_view> MinistryCountryName(std::string_view iso2);

/// ISO alpha-2 codes of the countries and territories on the OECD DAC List of ODA Recipients
/// effective for reporting on 2024 and 2025 flows (OECD, "DAC List of ODA Recipients",
/// 2023 triennial review), sorted. Kosovo is XK; "West Bank and Gaza Strip" is PS.
std::span<const std::string_view> OdaRecipients();

/// True when the country is on the DAC List of ODA Recipients (see OdaRecipients()).
bool IsOdaRecipient(std::string_view iso2);

}  // namespace cncd::geo
