#include "modules/pdf/world_map.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace cncd::pdf {
namespace {

using nlohmann::json;

// Latitudes shown: from the north of Greenland to Cape Horn and South Georgia.
constexpr double kNorth = 84.0;
constexpr double kSouth = -58.0;
// Antarctica's ISO numeric code.
constexpr std::string_view kAntarctica = "010";
// Projected points closer than this (in points) are merged.
constexpr double kMinStep = 0.5;

void SetRgb(cairo_t* cr, std::uint32_t rgb) {
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

std::vector<int> RingArcs(const json& ring, std::size_t arc_count) {
    std::vector<int> refs;
    for (const auto& ref : ring) {
        const int i = ref.get<int>();
        const std::size_t index =
            i >= 0 ? static_cast<std::size_t>(i) : static_cast<std::size_t>(~i);
        if (index >= arc_count) throw std::runtime_error("TopoJSON: arc index out of range");
        refs.push_back(i);
    }
    return refs;
}

}  // namespace

std::vector<ColorClass> QuantileClasses(std::vector<std::int64_t> values) {
    std::erase_if(values, [](std::int64_t v) { return v <= 0; });
    std::sort(values.begin(), values.end());
    if (values.empty()) return {};
    constexpr std::size_t kClasses = std::size(kChoroplethColors);
    std::vector<std::int64_t> uppers;
    for (std::size_t i = 1; i <= kClasses; ++i) {
        const std::size_t rank = (i * values.size() + kClasses - 1) / kClasses;  // ceil
        const std::int64_t upper = values[std::min(values.size() - 1, rank - 1)];
        if (uppers.empty() || upper > uppers.back()) uppers.push_back(upper);
    }
    std::vector<ColorClass> classes;
    std::int64_t lower = values.front();
    const std::size_t offset = kClasses - uppers.size();
    for (std::size_t i = 0; i < uppers.size(); ++i) {
        classes.push_back({lower, uppers[i], kChoroplethColors[i + offset]});
        const auto next = std::upper_bound(values.begin(), values.end(), uppers[i]);
        if (next != values.end()) lower = *next;
    }
    return classes;
}

WorldMap WorldMap::FromTopoJson(std::string_view text, std::string_view object) {
    WorldMap map;
    try {
        const json topology = json::parse(text);
        if (topology.value("type", "") != "Topology") {
            throw std::runtime_error("TopoJSON: not a Topology");
        }
        double scale[2] = {1, 1};
        double translate[2] = {0, 0};
        const bool quantized = topology.contains("transform");
        if (quantized) {
            const auto& t = topology.at("transform");
            for (int k = 0; k < 2; ++k) {
                scale[k] = t.at("scale").at(k).get<double>();
                translate[k] = t.at("translate").at(k).get<double>();
            }
        }
        for (const auto& arc : topology.at("arcs")) {
            std::vector<LonLat> points;
            points.reserve(arc.size());
            double qx = 0, qy = 0;
            for (const auto& position : arc) {
                const double px = position.at(0).get<double>();
                const double py = position.at(1).get<double>();
                if (quantized) {  // delta-encoded quantized positions
                    qx += px;
                    qy += py;
                    points.push_back({qx * scale[0] + translate[0], qy * scale[1] + translate[1]});
                } else {
                    points.push_back({px, py});
                }
            }
            map.arcs_.push_back(std::move(points));
        }
        const auto& collection = topology.at("objects").at(std::string(object));
        for (const auto& geometry : collection.at("geometries")) {
            CountryShape country;
            if (geometry.contains("id") && geometry.at("id").is_string()) {
                country.numeric_code = geometry.at("id").get<std::string>();
            }
            if (country.numeric_code == kAntarctica) continue;
            if (geometry.contains("properties") && geometry.at("properties").is_object()) {
                country.name = geometry.at("properties").value("name", "");
            }
            const std::string type = geometry.contains("type") && geometry.at("type").is_string()
                                         ? geometry.at("type").get<std::string>()
                                         : std::string();
            if (type == "Polygon") {
                for (const auto& ring : geometry.at("arcs")) {
                    country.rings.push_back(RingArcs(ring, map.arcs_.size()));
                }
            } else if (type == "MultiPolygon") {
                for (const auto& polygon : geometry.at("arcs")) {
                    for (const auto& ring : polygon) {
                        country.rings.push_back(RingArcs(ring, map.arcs_.size()));
                    }
                }
            } else {
                continue;  // a null geometry (or a point) has no shape to draw
            }
            map.countries_.push_back(std::move(country));
        }
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("TopoJSON: unexpected content: ") + e.what());
    }
    return map;
}

WorldMap WorldMap::FromFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot be read");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    try {
        return FromTopoJson(bytes.str());
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(path + ": " + e.what());
    }
}

double WorldMap::AspectRatio() { return (kNorth - kSouth) / 360.0; }

void WorldMap::Draw(cairo_t* cr, double x, double y, double width,
                    const std::unordered_map<std::string, std::int64_t>& counts,
                    const std::vector<ColorClass>& classes) const {
    const double height = width * AspectRatio();
    const double k = width / 360.0;
    // Every arc projected and thinned once, so shared borders stay identical.
    std::vector<std::vector<std::pair<double, double>>> projected(arcs_.size());
    for (std::size_t i = 0; i < arcs_.size(); ++i) {
        auto& out = projected[i];
        const auto& arc = arcs_[i];
        for (std::size_t j = 0; j < arc.size(); ++j) {
            const double px = x + (arc[j].lon + 180.0) * k;
            const double py = y + (kNorth - arc[j].lat) * k;
            if (!out.empty() && j + 1 < arc.size() &&
                std::hypot(px - out.back().first, py - out.back().second) < kMinStep) {
                continue;
            }
            out.emplace_back(px, py);
        }
    }
    cairo_save(cr);
    cairo_rectangle(cr, x, y, width, height);
    cairo_clip(cr);
    cairo_set_line_width(cr, 0.2);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (const auto& country : countries_) {
        std::uint32_t color = kNoDataColor;
        if (const auto found = counts.find(country.numeric_code);
            !country.numeric_code.empty() && found != counts.end()) {
            for (const auto& c : classes) {
                if (found->second >= c.min && found->second <= c.max) color = c.rgb;
            }
        }
        cairo_new_path(cr);
        for (const auto& ring : country.rings) {
            bool first = true;
            for (const int ref : ring) {
                const auto& points = projected[ref >= 0 ? ref : ~ref];
                const auto draw = [&](const std::pair<double, double>& p) {
                    if (first) {
                        cairo_move_to(cr, p.first, p.second);
                        first = false;
                    } else {
                        cairo_line_to(cr, p.first, p.second);
                    }
                };
                if (ref >= 0) {
                    for (const auto& p : points) draw(p);
                } else {
                    for (auto p = points.rbegin(); p != points.rend(); ++p) draw(*p);
                }
            }
            cairo_close_path(cr);
        }
        SetRgb(cr, color);
        cairo_fill_preserve(cr);
        SetRgb(cr, kBorderColor);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

}  // namespace cncd::pdf
