#include "modules/geo/country_readers.hpp"

#include <stdexcept>

#include "modules/geo/json_file.hpp"

namespace cncd::geo {

std::vector<IsoCountry> ReadIsoCountries(const std::filesystem::path& package_dir) {
    const auto codes_path = package_dir / "codes.json";
    const auto names_path = package_dir / "langs" / "fr.json";
    const nlohmann::json codes = ReadJsonFile(codes_path);
    const nlohmann::json names = ReadJsonFile(names_path);

    std::vector<IsoCountry> out = WithFileContext(codes_path, [&] {
        std::vector<IsoCountry> countries;
        if (!codes.is_array()) throw std::runtime_error(codes_path.string() + ": not a list");
        for (const auto& entry : codes) {
            IsoCountry c;
            c.iso2 = entry.at(0).get<std::string>();
            c.iso3 = entry.at(1).get<std::string>();
            c.numeric_code = entry.at(2).get<std::string>();
            if (c.iso2.size() != 2 || c.iso3.size() != 3) {
                throw std::runtime_error(codes_path.string() + ": bad ISO code '" + c.iso2 + "'");
            }
            countries.push_back(std::move(c));
        }
        if (countries.empty()) throw std::runtime_error(codes_path.string() + ": no country");
        return countries;
    });
    WithFileContext(names_path, [&] {
        const auto& by_code = names.at("countries");
        for (auto& c : out) {
            const auto it = by_code.find(c.iso2);
            if (it == by_code.end()) {
                throw std::runtime_error(names_path.string() + ": no French name for " + c.iso2);
            }
            c.french_name = it->is_array() ? it->at(0).get<std::string>() : it->get<std::string>();
        }
    });
    return out;
}

std::map<std::string, CountryListing> ReadCountriesList(const std::filesystem::path& package_dir) {
    const auto path = package_dir / "countries.min.json";
    const nlohmann::json countries = ReadJsonFile(path);
    return WithFileContext(path, [&] {
        std::map<std::string, CountryListing> out;
        if (!countries.is_object()) throw std::runtime_error(path.string() + ": not an object");
        for (const auto& [iso2, country] : countries.items()) {
            out.emplace(iso2, CountryListing{country.at("continent").get<std::string>(),
                                             country.value("capital", std::string())});
        }
        if (out.empty()) throw std::runtime_error(path.string() + ": no country");
        return out;
    });
}

}  // namespace cncd::geo
