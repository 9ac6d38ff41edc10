#include "modules/apd/apd_page.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "web/http.hpp"

namespace cncd::apd {
namespace {

using nlohmann::json;

std::string Fixed(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}

std::string Comma(std::string s) {
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string Euros(std::int64_t amount) { return text::FormatThousands(amount) + " €"; }

// Years as a line: totals per year.
std::string LineChart(const std::vector<std::pair<std::string, std::int64_t>>& points) {
    constexpr double kWidth = 640, kHeight = 260, kLeft = 40, kRight = 30, kTop = 30, kBottom = 40;
    std::int64_t max = 1;
    for (const auto& [year, amount] : points) max = std::max(max, amount);
    const double step =
        points.size() > 1 ? (kWidth - kLeft - kRight) / static_cast<double>(points.size() - 1) : 0;
    const auto x = [&](std::size_t i) {
        return points.size() > 1 ? kLeft + step * static_cast<double>(i) : kWidth / 2;
    };
    const auto y = [&](std::int64_t v) {
        return kTop +
               (kHeight - kTop - kBottom) * (1 - static_cast<double>(v) / static_cast<double>(max));
    };
    std::string svg =
        "<svg class=\"cncd-apd-chart\" viewBox=\"0 0 640 260\" role=\"img\" "
        "aria-labelledby=\"apd-line-title\" aria-describedby=\"apd-table-years\">"
        "<title id=\"apd-line-title\">Montant total de l’APD validée par année</title>";
    svg += "<line class=\"cncd-apd-chart__axis\" x1=\"" + Fixed(kLeft - 10) + "\" y1=\"" +
           Fixed(kHeight - kBottom) + "\" x2=\"" + Fixed(kWidth - 10) + "\" y2=\"" +
           Fixed(kHeight - kBottom) + "\"/>";
    std::string path;
    for (std::size_t i = 0; i < points.size(); ++i) {
        path += (i ? " " : "") + Fixed(x(i)) + "," + Fixed(y(points[i].second));
    }
    if (points.size() > 1)
        svg += "<polyline class=\"cncd-apd-chart__line\" points=\"" + path + "\"/>";
    for (std::size_t i = 0; i < points.size(); ++i) {
        const std::string cx = Fixed(x(i));
        svg += "<circle class=\"cncd-apd-chart__point\" cx=\"" + cx + "\" cy=\"" +
               Fixed(y(points[i].second)) + "\" r=\"4\"/>";
        svg += "<text class=\"cncd-apd-chart__value\" x=\"" + cx + "\" y=\"" +
               Fixed(y(points[i].second) - 10) + "\" text-anchor=\"middle\">" +
               text::HtmlEscape(ShortEuros(points[i].second)) + "</text>";
        svg += "<text class=\"cncd-apd-chart__label\" x=\"" + cx + "\" y=\"" +
               Fixed(kHeight - kBottom + 22) + "\" text-anchor=\"middle\">" +
               text::HtmlEscape(points[i].first) + "</text>";
    }
    return svg + "</svg>";
}

// Continents as bars, for one year.
std::string BarChart(const std::vector<std::pair<std::string, std::int64_t>>& bars, int year) {
    constexpr double kLabel = 150, kWidth = 640, kBar = 28, kGap = 14, kRight = 110;
    std::int64_t max = 1;
    for (const auto& [name, amount] : bars) max = std::max(max, amount);
    const double height = static_cast<double>(bars.size()) * (kBar + kGap) + kGap;
    std::string svg = "<svg class=\"cncd-apd-chart\" viewBox=\"0 0 640 " + Fixed(height) +
                      "\" role=\"img\" aria-labelledby=\"apd-bar-title\" "
                      "aria-describedby=\"apd-table-years\">"
                      "<title id=\"apd-bar-title\">APD validée par continent en " +
                      std::to_string(year) + "</title>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double top = kGap + static_cast<double>(i) * (kBar + kGap);
        const double w = (kWidth - kLabel - kRight) * static_cast<double>(bars[i].second) /
                         static_cast<double>(max);
        svg += "<text class=\"cncd-apd-chart__label\" x=\"" + Fixed(kLabel - 8) + "\" y=\"" +
               Fixed(top + kBar * 0.68) + "\" text-anchor=\"end\">" +
               text::HtmlEscape(bars[i].first) + "</text>";
        svg += "<rect class=\"cncd-apd-chart__bar\" x=\"" + Fixed(kLabel) + "\" y=\"" + Fixed(top) +
               "\" width=\"" + Fixed(std::max(1.0, w)) + "\" height=\"" + Fixed(kBar) + "\"/>";
        svg += "<text class=\"cncd-apd-chart__value\" x=\"" + Fixed(kLabel + w + 8) + "\" y=\"" +
               Fixed(top + kBar * 0.68) + "\">" + text::HtmlEscape(ShortEuros(bars[i].second)) +
               "</text>";
    }
    return svg + "</svg>";
}

}  // namespace

std::string ShortEuros(std::int64_t amount) {
    if (amount >= 1'000'000) {
        const double m = static_cast<double>(amount) / 1e6;
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, m >= 100 ? "%.0f" : "%.1f", m);
        std::string s = buffer;
        std::replace(s.begin(), s.end(), '.', ',');
        return s + " M€";
    }
    if (amount >= 10'000)
        return text::FormatThousands(std::llround(static_cast<double>(amount) / 1e3)) + " k€";
    return text::FormatThousands(amount) + " €";
}

namespace {

// The form's filters: their choices (every value with a validated amount), the one selected,
// and the query string that carries them to the map and the downloads ("&continent=asie…").
struct FilterState {
    json fields = json::array();
    std::map<Dimension, std::vector<std::string>> applied;
    std::string query;
    bool active = false;
};

FilterState ReadFilters(StatsService& stats, const PageFilters& given) {
    FilterState state;
    for (const Dimension d : kPageFilterDimensions) {
        const std::string name(kDimensionNames[static_cast<std::size_t>(d)]);
        const auto it = given.find(d);
        const std::string wanted = it == given.end() ? std::string() : it->second;
        const std::string all = d == Dimension::kRegion ? "Toutes" : "Tous";
        json options = json::array({{{"value", ""}, {"label", all}, {"selected", wanted.empty()}}});
        bool known = wanted.empty();
        for (const auto& r : stats.CrossTab({{d}, {}}).rows) {
            const bool selected = r.keys[0] == wanted;
            known = known || selected;
            options.push_back(
                {{"value", r.keys[0]}, {"label", r.labels[0]}, {"selected", selected}});
        }
        json field = {{"name", name},
                      {"id", "apd-" + name},
                      {"label", std::string(kDimensionLabels[static_cast<std::size_t>(d)])},
                      {"options", options},
                      {"error", nullptr}};
        if (!known) {
            field["error"] =
                "« " + wanted + " » n’est pas une valeur connue : " +
                (d == Dimension::kRegion ? "toutes sont affichées." : "tous sont affichés.");
        } else if (!wanted.empty()) {
            state.applied[d] = {wanted};
            state.query += "&" + name + "=" + web::PercentEncode(wanted);
            state.active = true;
        }
        state.fields.push_back(std::move(field));
    }
    return state;
}

}  // namespace

json StatisticsPage(StatsService& stats, int year, const PageFilters& given) {
    const FilterState filters = ReadFilters(stats, given);
    // Every figure of the page with the form's filters.
    const auto narrowed = [&filters](StatsQuery q) {
        for (const auto& [d, values] : filters.applied) q.filters[d] = values;
        return q;
    };
    const auto by_year_continent =
        stats.CrossTab(narrowed({{Dimension::kYear, Dimension::kContinent}, {}}));
    std::vector<std::string> years;
    std::vector<std::pair<std::string, std::string>> continents;  // code, label, in order
    std::map<std::string, std::map<std::string, std::int64_t>> cells;
    std::map<std::string, std::int64_t> year_totals;
    for (const auto& r : by_year_continent.rows) {
        if (years.empty() || years.back() != r.keys[0]) years.push_back(r.keys[0]);
        cells[r.keys[0]][r.keys[1]] = r.amount_eur;
        year_totals[r.keys[0]] += r.amount_eur;
    }
    // The continents in their usual order (the statistics sort them so).
    for (const auto& r : stats.CrossTab(narrowed({{Dimension::kContinent}, {}})).rows)
        continents.emplace_back(r.keys[0], r.labels[0]);
    json page = {{"title", "Aide publique au développement des collectivités territoriales"},
                 {"active", "apd"},
                 {"breadcrumb", json::array({{{"label", "Accueil"}, {"href", "/"}},
                                             {{"label", "Aide publique au développement"}}})},
                 {"styles", json::array({"/vendor/leaflet/leaflet.css", "/static/css/map.css",
                                         "/static/css/apd.css"})},
                 {"filter_fields", filters.fields},
                 {"filtered", filters.active},
                 {"has_data", !years.empty()}};
    if (years.empty()) return page;
    const std::string selected =
        year == 0 ? years.back()
                  : (std::find(years.begin(), years.end(), std::to_string(year)) != years.end()
                         ? std::to_string(year)
                         : std::string());
    page["unknown_year"] = selected.empty() ? json(std::to_string(year)) : json(nullptr);
    const std::string shown = selected.empty() ? years.back() : selected;
    page["year"] = shown;
    json year_options = json::array();
    for (auto it = years.rbegin(); it != years.rend(); ++it)
        year_options.push_back({{"value", *it}, {"selected", *it == shown}});
    page["years"] = year_options;

    std::vector<std::pair<std::string, std::int64_t>> points;
    for (const auto& y : years) points.emplace_back(y, year_totals[y]);
    page["line_chart"] = LineChart(points);
    std::vector<std::pair<std::string, std::int64_t>> bars;
    for (const auto& [code, label] : continents) {
        const auto it = cells[shown].find(code);
        if (it != cells[shown].end()) bars.emplace_back(label, it->second);
    }
    page["bar_chart"] = BarChart(bars, std::stoi(shown));

    json head = json::array();
    for (const auto& [code, label] : continents) head.push_back(label);
    json rows = json::array();
    for (const auto& y : years) {
        json amounts = json::array();
        for (const auto& [code, label] : continents) {
            const auto it = cells[y].find(code);
            amounts.push_back(it == cells[y].end() ? "—" : Euros(it->second));
        }
        rows.push_back({{"year", y}, {"amounts", amounts}, {"total", Euros(year_totals[y])}});
    }
    page["continents"] = head;
    page["year_rows"] = rows;

    StatsQuery countries = narrowed({{Dimension::kCountry}, {{Dimension::kYear, {shown}}}});
    auto by_country = stats.CrossTab(countries);
    std::stable_sort(
        by_country.rows.begin(), by_country.rows.end(),
        [](const StatsRow& a, const StatsRow& b) { return a.amount_eur > b.amount_eur; });
    json top = json::array();
    for (std::size_t i = 0; i < by_country.rows.size() && i < 15; ++i) {
        const auto& r = by_country.rows[i];
        top.push_back(
            {{"rank", i + 1},
             {"name", r.labels[0]},
             {"amount", Euros(r.amount_eur)},
             {"share",
              Comma(Fixed(100.0 * static_cast<double>(r.amount_eur) /
                          static_cast<double>(std::max<std::int64_t>(1, by_country.total_eur))))}});
    }
    page["countries"] = top;
    page["country_count"] = by_country.rows.size();

    const auto by_type =
        stats.CrossTab(narrowed({{Dimension::kAuthorityType}, {{Dimension::kYear, {shown}}}}));
    json types = json::array();
    for (const auto& r : by_type.rows)
        types.push_back(
            {{"name", r.labels[0]}, {"amount", Euros(r.amount_eur)}, {"lines", r.lines}});
    page["types"] = types;
    page["year_total"] = Euros(year_totals[shown]);

    // France by département: the map's text version (the map itself is drawn by
    // static/js/apd-map.js from the same figures, /api/v1/apd/stats/departments).
    const auto by_department = stats.ByDepartment(narrowed({{}, {{Dimension::kYear, {shown}}}}));
    json departments = json::array();
    for (const auto& d : by_department.departments) {
        departments.push_back({{"code", d.code},
                               {"name", d.name},
                               {"url", "/atlas/departements/" + d.code},
                               {"amount", Euros(d.amount_eur)},
                               {"share", Comma(Fixed(100.0 * static_cast<double>(d.amount_eur) /
                                                     static_cast<double>(std::max<std::int64_t>(
                                                         1, by_department.total_eur))))}});
    }
    page["departments"] = departments;
    page["department_count"] = by_department.departments.size();
    page["without_department"] = by_department.without_department_eur > 0
                                     ? json(Euros(by_department.without_department_eur))
                                     : json(nullptr);
    page["map_api"] = "/api/v1/apd/stats/departments?year=" + shown + filters.query;
    page["scripts"] = json::array({"/static/js/apd-map.js"});
    page["downloads"] = {
        {"stats_csv", "/api/v1/apd/stats.csv?by=year,continent" + filters.query},
        {"stats_xlsx", "/api/v1/apd/stats.xlsx?by=year,continent" + filters.query},
        {"countries_csv", "/api/v1/apd/stats.csv?by=country&year=" + shown + filters.query},
        {"departments_csv", "/api/v1/apd/stats.csv?by=department&year=" + shown + filters.query},
        {"lines_csv", "/api/v1/apd/lines.csv?year=" + shown},
        {"lines_xlsx", "/api/v1/apd/lines.xlsx?year=" + shown},
        {"crs_csv", "/api/v1/apd/crs.csv?year=" + shown},
        {"iati_xml", "/api/v1/apd/iati.xml?year=" + shown},
    };
    return page;
}

}  // namespace cncd::apd
