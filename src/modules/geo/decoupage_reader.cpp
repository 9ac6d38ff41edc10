#include "modules/geo/decoupage_reader.hpp"

#include <stdexcept>
#include <string>

#include "core/text.hpp"
#include "modules/geo/json_file.hpp"

namespace cncd::geo {
namespace {

constexpr std::string_view kCurrentCommune = "commune-actuelle";

nlohmann::json ReadList(const std::filesystem::path& path) {
    nlohmann::json list = ReadJsonFile(path);
    if (!list.is_array() || list.empty()) {
        throw std::runtime_error(path.string() + ": expected a non-empty list");
    }
    return list;
}

std::string Text(const nlohmann::json& object, const char* key) {
    return object.value(key, std::string());
}

std::optional<std::string> OptionalText(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    std::string value = it->get<std::string>();
    if (value.empty()) return std::nullopt;
    return value;
}

std::optional<std::int64_t> OptionalInt(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return std::nullopt;
    return it->get<std::int64_t>();
}

std::vector<Region> ReadRegions(const std::filesystem::path& path) {
    const nlohmann::json list = ReadList(path);
    return WithFileContext(path, [&] {
        std::vector<Region> out;
        for (const auto& r : list) {
            Region region;
            region.code = r.at("code").get<std::string>();
            region.name = r.at("nom").get<std::string>();
            region.slug = text::Slugify(region.name);
            region.chef_lieu = Text(r, "chefLieu");
            region.zone = r.at("zone").get<std::string>();
            out.push_back(std::move(region));
        }
        return out;
    });
}

std::vector<Department> ReadDepartments(const std::filesystem::path& path) {
    const nlohmann::json list = ReadList(path);
    return WithFileContext(path, [&] {
        std::vector<Department> out;
        for (const auto& d : list) {
            Department department;
            department.code = d.at("code").get<std::string>();
            department.name = d.at("nom").get<std::string>();
            department.slug = text::Slugify(department.name);
            department.region_code = d.at("region").get<std::string>();
            department.chef_lieu = Text(d, "chefLieu");
            out.push_back(std::move(department));
        }
        return out;
    });
}

std::vector<Commune> ReadCommunes(const std::filesystem::path& path) {
    const nlohmann::json list = ReadList(path);
    return WithFileContext(path, [&] {
        std::vector<Commune> out;
        for (const auto& c : list) {
            if (c.at("type").get<std::string>() != kCurrentCommune) continue;
            Commune commune;
            commune.insee = c.at("code").get<std::string>();
            commune.name = c.at("nom").get<std::string>();
            commune.siren = OptionalText(c, "siren");
            commune.department_code = c.at("departement").get<std::string>();
            commune.region_code = c.at("region").get<std::string>();
            commune.population = OptionalInt(c, "population");
            if (const auto former = c.find("anciensCodes"); former != c.end()) {
                commune.former_codes = former->get<std::vector<std::string>>();
            }
            out.push_back(std::move(commune));
        }
        return out;
    });
}

std::vector<Epci> ReadEpcis(const std::filesystem::path& path) {
    const nlohmann::json list = ReadList(path);
    return WithFileContext(path, [&] {
        std::vector<Epci> out;
        for (const auto& e : list) {
            Epci epci;
            epci.siren = e.at("code").get<std::string>();
            epci.name = e.at("nom").get<std::string>();
            epci.kind = e.at("type").get<std::string>();
            epci.population = OptionalInt(e, "populationTotale");
            std::int64_t seat_population = -1;
            for (const auto& member : e.at("membres")) {
                std::string insee = member.at("code").get<std::string>();
                const std::int64_t population = OptionalInt(member, "populationTotale").value_or(0);
                if (population > seat_population) {
                    seat_population = population;
                    epci.seat_insee = insee;
                }
                epci.member_insee.push_back(std::move(insee));
            }
            out.push_back(std::move(epci));
        }
        return out;
    });
}

}  // namespace

Decoupage ReadDecoupage(const std::filesystem::path& package_dir) {
    const auto data = package_dir / "data";
    Decoupage out;
    out.regions = ReadRegions(data / "regions.json");
    out.departments = ReadDepartments(data / "departements.json");
    out.communes = ReadCommunes(data / "communes.json");
    out.epcis = ReadEpcis(data / "epci.json");
    return out;
}

}  // namespace cncd::geo
