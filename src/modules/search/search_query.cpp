#include "modules/search/search_query.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include "core/text.hpp"

namespace cncd::search {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;
constexpr int kMaxPage = 1'000'000;
constexpr std::size_t kMaxIdDigits = 18;

std::optional<std::string_view> First(const QueryParams& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return value;
    }
    return std::nullopt;
}

// A whole number written with digits only (no sign, no spaces).
std::optional<int> ParseInt(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.front() == '-') {
        return std::nullopt;
    }
    return value;
}

bool IsId(std::string_view text) {
    return !text.empty() && text.size() <= kMaxIdDigits &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::size_t CodePoints(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

Result<std::optional<int>> ParseYear(const QueryParams& params, std::string_view name) {
    const auto text = First(params, name);
    if (!text || text->empty()) return std::optional<int>();
    const auto year = ParseInt(*text);
    if (!year || *year < kMinYear || *year > kMaxYear) {
        return InvalidArgument(std::string(name), "L’année doit être un nombre entre " +
                                                      std::to_string(kMinYear) + " et " +
                                                      std::to_string(kMaxYear) + ".");
    }
    return std::optional<int>(*year);
}

Result<int> ParseBounded(const QueryParams& params, std::string_view name, int fallback, int max,
                         std::string message) {
    const auto text = First(params, name);
    if (!text || text->empty()) return fallback;
    const auto value = ParseInt(*text);
    if (!value || *value < 1 || *value > max) return InvalidArgument(std::string(name), message);
    return *value;
}

// An Atlas switch: present and 1/on shows, 0 hides; absent shows unless the form said it sent
// every checked box (filtre=1).
Result<bool> ParseSwitch(const QueryParams& params, std::string_view name, bool form) {
    const auto value = First(params, name);
    if (!value) return !form;
    if (*value == "1" || *value == "on") return true;
    if (*value == "0") return false;
    return InvalidArgument(std::string(name),
                           "La valeur de « " + std::string(name) + " » doit être 0 ou 1.");
}

}  // namespace

Result<SearchQuery> ParseSearchQuery(const QueryParams& params) {
    SearchQuery query;
    const bool form = First(params, "filtre").has_value();
    auto decentralised = ParseSwitch(params, "cd", form);
    if (!decentralised) return decentralised.error();
    auto other = ParseSwitch(params, "autres", form);
    if (!other) return other.error();
    query.show_decentralised = *decentralised;
    query.show_other = *other;
    if (const auto q = First(params, "q")) {
        if (!text::IsValidUtf8(*q)) {
            return InvalidArgument("q", "Les mots-clés ne sont pas du texte UTF-8 valide.");
        }
        if (CodePoints(*q) > kMaxKeywordChars) {
            return InvalidArgument(
                "q", "La recherche est trop longue : " + std::to_string(kMaxKeywordChars) +
                         " caractères au plus.");
        }
        query.keywords = std::string(*q);
    }
    for (const Facet facet : kFacets) {
        const std::string_view name = FacetName(facet);
        for (const auto& [key, value] : params) {
            if (key != name || value.empty()) continue;
            std::string code = value;
            if (facet == Facet::kPartner || facet == Facet::kAuthority) {
                if (!IsId(code)) {
                    return InvalidArgument(
                        std::string(name),
                        "L’identifiant « " + std::string(name) + " » doit être un nombre entier.");
                }
                code.erase(0, std::min(code.find_first_not_of('0'), code.size() - 1));
            }
            if (facet == Facet::kCountry) {
                std::transform(code.begin(), code.end(), code.begin(), [](char c) {
                    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
                });
            }
            auto& values = query.Values(facet);
            if (std::find(values.begin(), values.end(), code) == values.end()) {
                values.push_back(std::move(code));
            }
        }
    }
    auto from = ParseYear(params, "from");
    if (!from) return from.error();
    auto to = ParseYear(params, "to");
    if (!to) return to.error();
    if (*from && *to && **from > **to) {
        return InvalidArgument("from", "L’année de début doit précéder l’année de fin.");
    }
    query.from_year = *from;
    query.to_year = *to;
    if (const auto sort = First(params, "sort"); sort && !sort->empty()) {
        if (*sort == "relevance") {
            query.sort = SortOrder::kRelevance;
        } else if (*sort == "recent") {
            query.sort = SortOrder::kRecent;
        } else if (*sort == "title") {
            query.sort = SortOrder::kTitle;
        } else {
            return InvalidArgument("sort",
                                   "Tri inconnu : les valeurs possibles sont relevance, recent et "
                                   "title.");
        }
    }
    auto page = ParseBounded(params, "page", 1, kMaxPage,
                             "Le numéro de page doit être un nombre entier positif.");
    if (!page) return page.error();
    auto per_page = ParseBounded(params, "per_page", kDefaultPerPage, kMaxPerPage,
                                 "Le nombre de résultats par page doit être compris entre 1 et " +
                                     std::to_string(kMaxPerPage) + ".");
    if (!per_page) return per_page.error();
    query.page = *page;
    query.per_page = *per_page;
    return query;
}

}  // namespace cncd::search
