#include "modules/apd/apd_routes.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/text.hpp"
#include "modules/apd/apd_outputs.hpp"
#include "modules/apd/apd_page.hpp"
#include "web/errors.hpp"

namespace cncd::apd {
namespace {

using nlohmann::json;

json StatsJson(const StatsTable& table) {
    json by = json::array();
    for (const Dimension d : table.by) by.push_back(kDimensionNames[static_cast<std::size_t>(d)]);
    json rows = json::array();
    for (const auto& r : table.rows) {
        json row = json::object();
        for (std::size_t k = 0; k < r.keys.size(); ++k) {
            const std::string name(kDimensionNames[static_cast<std::size_t>(table.by[k])]);
            if (table.by[k] == Dimension::kYear)
                row[name] = std::stoi(r.keys[k]);
            else
                row[name] = r.keys[k];
            row[name + "_label"] = r.labels[k];
        }
        row["amount_eur"] = r.amount_eur;
        row["lines"] = r.lines;
        rows.push_back(std::move(row));
    }
    return {{"by", std::move(by)}, {"rows", std::move(rows)}, {"total_eur", table.total_eur}};
}

double Round4(double v) { return std::round(v * 1e4) / 1e4; }

// The map's data: one row per département with an amount, its centroid and its Atlas page.
json DepartmentsJson(const DepartmentAmounts& data) {
    json rows = json::array();
    for (const auto& d : data.departments) {
        rows.push_back({{"department", d.code},
                        {"department_label", d.name},
                        {"amount_eur", d.amount_eur},
                        {"lines", d.lines},
                        {"lat", d.lat ? json(Round4(*d.lat)) : json(nullptr)},
                        {"lon", d.lon ? json(Round4(*d.lon)) : json(nullptr)},
                        {"url", "/atlas/departements/" + web::PercentEncode(d.code)}});
    }
    return {{"rows", std::move(rows)},
            {"total_eur", data.total_eur},
            {"without_department_eur", data.without_department_eur}};
}

Result<int> YearParam(const web::Request& request, bool required) {
    const auto value = request.Query("year");
    if (!value || value->empty()) {
        if (required) return InvalidArgument("year", "Indiquez l'année (year=AAAA).");
        return 0;
    }
    if (value->size() != 4 || value->find_first_not_of("0123456789") != std::string::npos)
        return InvalidArgument("year", "L'année s'écrit sur quatre chiffres (year=2010).");
    return std::stoi(*value);
}

Result<std::int64_t> AuthorityParam(const web::Request& request, bool required) {
    const auto value = request.Query("authority");
    if (!value || value->empty()) {
        if (required)
            return InvalidArgument("authority",
                                   "Indiquez la collectivité (authority=identifiant).");
        return 0;
    }
    if (value->size() > 12 || value->find_first_not_of("0123456789") != std::string::npos)
        return InvalidArgument("authority", "L'identifiant de collectivité est un nombre entier.");
    return std::stoll(*value);
}

std::string Today() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
    return buffer;
}

std::string NowIso() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

web::Response Attachment(std::string body, exports::Format format, const std::string& stem) {
    auto response = web::Response::Text(std::move(body), std::string(exports::ContentType(format)));
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + stem + "-" + Today() +
                                                  "." + std::string(exports::Extension(format)) +
                                                  "\"");
    return response;
}

web::Handler StatsExport(StatsService& stats, const web::Templates& templates,
                         exports::Format format) {
    return [&stats, &templates, format](const web::Request& request) {
        auto query = ParseStatsQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        const auto table = stats.CrossTab(*query);
        std::string body;
        WriteStatsTable(table, format, [&body](std::string_view b) { body.append(b); });
        return Attachment(std::move(body), format, "apd-statistiques");
    };
}

web::Handler LinesExport(db::Database& db, const web::Templates& templates,
                         exports::Format format) {
    return [&db, &templates, format](const web::Request& request) {
        auto year = YearParam(request, false);
        if (!year) return web::ErrorResponse(request, year.error(), templates);
        auto authority = AuthorityParam(request, false);
        if (!authority) return web::ErrorResponse(request, authority.error(), templates);
        std::string body;
        WriteValidatedLines(db, *year ? std::optional<int>(*year) : std::nullopt,
                            *authority ? std::optional<std::int64_t>(*authority) : std::nullopt,
                            format, [&body](std::string_view b) { body.append(b); });
        return Attachment(std::move(body), format, "apd-lignes-validees");
    };
}

}  // namespace

void RegisterApdRoutes(web::Router& router, StatsService& stats, db::Database& db,
                       const web::Templates& templates) {
    router.Get("/api/v1/apd/stats", [&stats, &templates](const web::Request& request) {
        auto query = ParseStatsQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        return web::Response::Json(StatsJson(stats.CrossTab(*query)));
    });
    router.Get("/api/v1/apd/stats/departments", [&stats, &templates](const web::Request& request) {
        auto query = ParseStatsQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        return web::Response::Json(DepartmentsJson(stats.ByDepartment(*query)));
    });
    router.Get("/api/v1/apd/stats.csv", StatsExport(stats, templates, exports::Format::kCsv));
    router.Get("/api/v1/apd/stats.xlsx", StatsExport(stats, templates, exports::Format::kXlsx));
    router.Get("/api/v1/apd/lines.csv", LinesExport(db, templates, exports::Format::kCsv));
    router.Get("/api/v1/apd/lines.xlsx", LinesExport(db, templates, exports::Format::kXlsx));
    router.Get("/api/v1/apd/crs.csv", [&db, &templates](const web::Request& request) {
        auto year = YearParam(request, false);
        if (!year) return web::ErrorResponse(request, year.error(), templates);
        if (*year == 0) year = LatestValidatedYear(db).value_or(0);
        if (*year == 0) {
            return web::ErrorResponse(request, NotFound("Aucune déclaration validée."), templates);
        }
        std::string body;
        WriteCrsRows(db, *year, [&body](std::string_view b) { body.append(b); });
        return Attachment(std::move(body), exports::Format::kCsv,
                          "crs-cooperation-decentralisee-" + std::to_string(*year));
    });
    router.Get("/api/v1/apd/iati.xml", [&db, &templates](const web::Request& request) {
        auto authority = AuthorityParam(request, false);
        if (!authority) return web::ErrorResponse(request, authority.error(), templates);
        auto year = YearParam(request, false);
        if (!year) return web::ErrorResponse(request, year.error(), templates);
        if (*year == 0) year = LatestValidatedYear(db).value_or(0);
        if (*year == 0) {
            return web::ErrorResponse(request, NotFound("Aucune déclaration validée."), templates);
        }
        auto xml =
            IatiActivities(db, *authority ? std::optional<std::int64_t>(*authority) : std::nullopt,
                           *year, NowIso());
        if (!xml) return web::ErrorResponse(request, xml.error(), templates);
        auto response =
            web::Response::Text(std::move(xml).value(), "application/xml; charset=utf-8");
        response.SetHeader("Content-Disposition",
                           "attachment; filename=\"iati-apd-" +
                               (*authority ? std::to_string(*authority) + "-" : std::string()) +
                               std::to_string(*year) + ".xml\"");
        return response;
    });
    router.Get("/apd/statistiques", [&stats, &templates](const web::Request& request) {
        auto year = YearParam(request, false);
        if (!year) return web::ErrorResponse(request, year.error(), templates);
        PageFilters filters;
        constexpr std::size_t kMaxValue = 60;
        for (const Dimension d : kPageFilterDimensions) {
            const auto value =
                request.Query(std::string(kDimensionNames[static_cast<std::size_t>(d)]));
            if (value && !value->empty()) filters[d] = value->substr(0, kMaxValue);
        }
        return web::Response::Html(
            templates.RenderPage("apd_stats", StatisticsPage(stats, *year, filters)));
    });
}

}  // namespace cncd::apd
