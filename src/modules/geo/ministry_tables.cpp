#include "modules/geo/ministry_tables.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace cncd::geo {
namespace {

struct ContinentDef {
    std::string_view slug;
    std::string_view name;
};

constexpr std::array<ContinentDef, 5> kContinents = {{
    {"afrique", "Afrique"},
    {"ameriques", "Amériques"},
    {"asie", "Asie"},
    {"europe", "Europe"},
    {"oceanie", "Océanie"},
}};

// Zone of each countries-list continent code; Antarctica (AN) has none.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kZoneOfCode = {{
    {"AF", "afrique"},
    {"AN", ""},
    {"AS", "asie"},
    {"EU", "europe"},
    {"NA", "ameriques"},
    {"OC", "oceanie"},
    {"SA", "ameriques"},
}};

// Where the ministry's zones differ from countries-list: the ministry's Europe directorate
// covers Russia, Turkey, Cyprus and the South Caucasus; Timor-Leste belongs with South-East
// Asia (countries-list has it in Oceania); the sub-Antarctic islands (coded AN) are put in the
// zone of the ocean they lie in.
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kZoneOverrides = {{
    {"AM", "europe"},
    {"AZ", "europe"},
    {"BV", "afrique"},
    {"CY", "europe"},
    {"GE", "europe"},
    {"GS", "ameriques"},
    {"HM", "oceanie"},
    {"RU", "europe"},
    {"TF", "afrique"},
    {"TL", "asie"},
    {"TR", "europe"},
    {"XK", "europe"},
}};

// Short names as the ministry (diplomatie.gouv.fr) writes them, where i18n-iso-countries'
// French names differ.
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kNameOverrides = {{
    {"AE", "Émirats arabes unis"},
    {"AX", "Îles Åland"},
    {"BN", "Brunei"},
    {"CF", "République centrafricaine"},
    {"CG", "Congo"},
    {"CI", "Côte d'Ivoire"},
    {"CZ", "Tchéquie"},
    {"DO", "République dominicaine"},
    {"IO", "Territoire britannique de l'océan Indien"},
    {"LR", "Liberia"},
    {"MF", "Saint-Martin"},
    {"MM", "Birmanie"},
    {"NG", "Nigeria"},
    {"PS", "Territoires palestiniens"},
    {"RE", "La Réunion"},
    {"SA", "Arabie saoudite"},
    {"ST", "Sao Tomé-et-Principe"},
    {"SZ", "Eswatini"},
    {"TF", "Terres australes et antarctiques françaises"},
    {"TZ", "Tanzanie"},
    {"US", "États-Unis"},
    {"VA", "Saint-Siège"},
    {"VG", "Îles Vierges britanniques"},
    {"VI", "Îles Vierges des États-Unis"},
    {"VN", "Viêt Nam"},
}};

// OECD DAC List of ODA Recipients effective for reporting on 2024 and 2025 flows: the least
// developed countries, other low-income, lower-middle-income and upper-middle-income
// countries and territories. Antigua and Barbuda (2022) and the Cook Islands (2020) have
// graduated; Nauru and Montserrat stay on the list until the end of 2025.
constexpr std::array<std::string_view, 141> kOdaRecipients = {
    "AF", "AL", "AM", "AO", "AR", "AZ", "BA", "BD", "BF", "BI", "BJ", "BO", "BR", "BT", "BW", "BY",
    "BZ", "CD", "CF", "CG", "CI", "CM", "CN", "CO", "CR", "CU", "CV", "DJ", "DM", "DO", "DZ", "EC",
    "EG", "ER", "ET", "FJ", "FM", "GA", "GD", "GE", "GH", "GM", "GN", "GQ", "GT", "GW", "GY", "HN",
    "HT", "ID", "IN", "IQ", "IR", "JM", "JO", "KE", "KG", "KH", "KI", "KM", "KP", "KZ", "LA", "LB",
    "LC", "LK", "LR", "LS", "LY", "MA", "MD", "ME", "MG", "MH", "MK", "ML", "MM", "MN", "MR", "MS",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NE", "NG", "NI", "NP", "NR", "NU", "PA", "PE", "PG",
    "PH", "PK", "PS", "PW", "PY", "RS", "RW", "SB", "SD", "SH", "SL", "SN", "SO", "SR", "SS", "ST",
    "SV", "SY", "SZ", "TD", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TV", "TZ", "UA",
    "UG", "UZ", "VC", "VE", "VN", "VU", "WF", "WS", "XK", "YE", "ZA", "ZM", "ZW",
};

template <typename Table>
std::optional<std::string_view> Lookup(const Table& table, std::string_view key) {
    for (const auto& [k, v] : table) {
        if (k == key) return v;
    }
    return std::nullopt;
}

}  // namespace

std::vector<Continent> Continents() {
    std::vector<Continent> out;
    int order = 1;
    for (const auto& c : kContinents) {
        out.push_back(Continent{std::string(c.slug), std::string(c.name), order++});
    }
    return out;
}

std::optional<std::string_view> ContinentOf(std::string_view iso2,
                                            std::string_view countries_list_code) {
    if (const auto zone = Lookup(kZoneOverrides, iso2)) return zone;
    const auto zone = Lookup(kZoneOfCode, countries_list_code);
    if (!zone) {
        throw std::invalid_argument("unknown continent code '" + std::string(countries_list_code) +
                                    "' for " + std::string(iso2));
    }
    if (zone->empty()) return std::nullopt;
    return zone;
}

std::optional<std::string_view> MinistryCountryName(std::string_view iso2) {
    return Lookup(kNameOverrides, iso2);
}

std::span<const std::string_view> OdaRecipients() { return kOdaRecipients; }

bool IsOdaRecipient(std::string_view iso2) {
    return std::binary_search(kOdaRecipients.begin(), kOdaRecipients.end(), iso2);
}

}  // namespace cncd::geo
