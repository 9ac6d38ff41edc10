#pragma once

#include <cairo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cncd::pdf {

/// A point in degrees (WGS 84).
struct LonLat {
    double lon = 0;
    double lat = 0;
};

/// A country of the world map: its ISO 3166 numeric code ("686"; empty for Kosovo, which
/// world-atlas leaves without one) and its rings, each a list of arc references (TopoJSON:
/// i is arc i, ~i is arc i reversed). Every ring of a country is filled with the even-odd rule,
/// so holes (Lesotho in South Africa) stay holes.
struct CountryShape {
    std::string numeric_code;
    std::string name;  ///< English name from Natural Earth, for diagnostics only
    std::vector<std::vector<int>> rings;
};

/// One class of a choropleth: counts from min to max (both present in the data) and its colour.
struct ColorClass {
    std::int64_t min = 0;
    std::int64_t max = 0;
    std::uint32_t rgb = 0;  ///< 0xRRGGBB
};

/// The DSFR blue scale of the Atlas map (static/js/atlas-map.js), lightest first.
inline constexpr std::uint32_t kChoroplethColors[] = {0xe3e3fd, 0xcacafb, 0x8585f6, 0x6a6af4,
                                                      0x000091};
/// Countries without any project.
inline constexpr std::uint32_t kNoDataColor = 0xf6f6f6;
inline constexpr std::uint32_t kBorderColor = 0x929292;

/// Class breaks by quantiles of the positive values, as the Atlas map computes them: at most
/// five classes, each [min, max] of values actually present (a legend never shows an empty
/// class); with fewer classes than colours, the darkest colours are used.
std::vector<ColorClass> QuantileClasses(std::vector<std::int64_t> values);

/// The world's countries decoded from a TopoJSON topology (world-atlas countries-50m.json):
/// quantized, delta-encoded arcs are decoded once, then drawn with cairo in an equirectangular
/// projection. Antarctica is left out (it would take a quarter of the height for no project).
class WorldMap {
  public:
    /// Decodes the object `object` of a TopoJSON text. Throws std::runtime_error when the text
    /// is not a TopoJSON topology with that object of (Multi)Polygons.
    static WorldMap FromTopoJson(std::string_view text, std::string_view object = "countries");
    /// Reads and decodes a TopoJSON file; throws std::runtime_error naming the file.
    static WorldMap FromFile(const std::string& path);

    const std::vector<CountryShape>& countries() const { return countries_; }
    const std::vector<std::vector<LonLat>>& arcs() const { return arcs_; }

    /// Height over width of the drawn map (the latitudes shown over 360°).
    static double AspectRatio();

    /// Draws the map in the box (x, y, width, width × AspectRatio()), each country filled with
    /// the colour of the class of its count (`counts` by ISO numeric code), kNoDataColor
    /// without one. Points closer than half a point are merged, per arc, so neighbours
    /// keep exactly the same border.
    void Draw(cairo_t* cr, double x, double y, double width,
              const std::unordered_map<std::string, std::int64_t>& counts,
              const std::vector<ColorClass>& classes) const;

  private:
    std::vector<std::vector<LonLat>> arcs_;
    std::vector<CountryShape> countries_;
};

}  // namespace cncd::pdf
