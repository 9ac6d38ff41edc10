#include "modules/geo/ministry_tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/text.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::geo {
namespace {

TEST(GeoContinents, AreTheFiveZonesInDisplayOrder) {
    const auto continents = Continents();
    ASSERT_EQ(continents.size(), 5u);
    const std::vector<std::pair<std::string, std::string>> expected = {{"afrique", "Afrique"},
                                                                       {"ameriques", "Amériques"},
                                                                       {"asie", "Asie"},
                                                                       {"europe", "Europe"},
                                                                       {"oceanie", "Océanie"}};
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(continents[i].slug, expected[i].first);
        EXPECT_EQ(continents[i].name, expected[i].second);
        EXPECT_EQ(continents[i].sort_order, static_cast<int>(i) + 1);
    }
}

TEST(GeoContinents, FollowTheMinistryGroupings) {
    EXPECT_EQ(ContinentOf("SN", "AF"), "afrique");
    EXPECT_EQ(ContinentOf("US", "NA"), "ameriques");
    EXPECT_EQ(ContinentOf("HT", "NA"), "ameriques");
    EXPECT_EQ(ContinentOf("BR", "SA"), "ameriques");
    EXPECT_EQ(ContinentOf("CN", "AS"), "asie");
    EXPECT_EQ(ContinentOf("KZ", "AS"), "asie");
    EXPECT_EQ(ContinentOf("RU", "AS"), "europe");
    EXPECT_EQ(ContinentOf("TR", "AS"), "europe");
    EXPECT_EQ(ContinentOf("GE", "AS"), "europe");
    EXPECT_EQ(ContinentOf("AM", "AS"), "europe");
    EXPECT_EQ(ContinentOf("AZ", "AS"), "europe");
    EXPECT_EQ(ContinentOf("CY", "EU"), "europe");
    EXPECT_EQ(ContinentOf("XK", "EU"), "europe");
    EXPECT_EQ(ContinentOf("FJ", "OC"), "oceanie");
    EXPECT_EQ(ContinentOf("TL", "OC"), "asie");
    EXPECT_EQ(ContinentOf("TF", "AN"), "afrique");
    EXPECT_FALSE(ContinentOf("AQ", "AN").has_value());
    EXPECT_THROW(ContinentOf("ZZ", "XX"), std::invalid_argument);
}

TEST(GeoCountryNames, UseTheMinistrysShortNames) {
    EXPECT_EQ(MinistryCountryName("CI"), "Côte d'Ivoire");
    EXPECT_EQ(MinistryCountryName("CZ"), "Tchéquie");
    EXPECT_EQ(MinistryCountryName("VN"), "Viêt Nam");
    EXPECT_EQ(MinistryCountryName("PS"), "Territoires palestiniens");
    EXPECT_FALSE(MinistryCountryName("SN").has_value());
}

TEST(GeoOdaRecipients, AreASortedListOfDistinctCodes) {
    const auto codes = OdaRecipients();
    EXPECT_EQ(codes.size(), 141u);
    EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
    EXPECT_EQ(std::adjacent_find(codes.begin(), codes.end()), codes.end());
    EXPECT_TRUE(IsOdaRecipient("SN"));
    EXPECT_TRUE(IsOdaRecipient("XK"));
    EXPECT_TRUE(IsOdaRecipient("PS"));
    EXPECT_FALSE(IsOdaRecipient("FR"));
    EXPECT_FALSE(IsOdaRecipient("CL"));  // graduated in 2018
    EXPECT_FALSE(IsOdaRecipient("AG"));  // graduated in 2022
    EXPECT_FALSE(IsOdaRecipient("CK"));  // graduated in 2020
}

// --- Cross-check against the OECD DAC CRS recipient codes kept in ../shared (test data).

std::optional<std::filesystem::path> FindSharedFile(const std::filesystem::path& relative) {
    for (auto dir = testing::SourceRoot(); !dir.empty(); dir = dir.parent_path()) {
        const auto candidate = dir / "shared" / relative;
        if (std::filesystem::exists(candidate)) return candidate;
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

// One RFC 4180 line: fields separated by commas, optionally quoted, "" for a quote.
std::vector<std::string> ParseCsvLine(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            fields.back() += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

TEST(GeoOdaRecipients, MatchTheDacRecipientsOfTheSharedCrsCodesApartFromLaterGraduations) {
    const auto csv = FindSharedFile("data/dac-crs/recipients.csv");
    if (!csv) GTEST_SKIP() << "shared/data/dac-crs/recipients.csv not found";

    // English names → ISO codes, from i18n-iso-countries, plus the CRS spellings it lacks.
    std::map<std::string, std::string> iso_of_name = {
        {"moldova", "MD"},
        {"cabo-verde", "CV"},
        {"west-bank-and-gaza-strip", "PS"},
        {"china-people-s-republic-of", "CN"},
        {"democratic-people-s-republic-of-korea", "KP"},
        {"viet-nam", "VN"},
        {"micronesia", "FM"},
        {"congo", "CG"},  // i18n-iso-countries also lists "Congo" as an alias of CD
    };
    std::ifstream en_file(testing::SourceRoot() / "node_modules/i18n-iso-countries/langs/en.json");
    const auto en = nlohmann::json::parse(en_file);
    for (const auto& [iso2, names] : en.at("countries").items()) {
        const auto add = [&](const nlohmann::json& n) {
            iso_of_name.emplace(text::Slugify(n.get<std::string>()), iso2);
        };
        if (names.is_array()) {
            for (const auto& n : names) add(n);
        } else {
            add(names);
        }
    }

    // The CRS file classifies recipients by income group; MADCTs are not ODA-eligible.
    const std::set<std::string> eligible_groups = {"LDCs", "Other LICs", "LMICs", "UMICs"};
    std::set<std::string> from_crs;
    std::ifstream in(*csv);
    std::string line;
    std::getline(in, line);  // header: code, name_en, name_fr, income_group, geography
    while (std::getline(in, line)) {
        const auto fields = ParseCsvLine(line);
        ASSERT_GE(fields.size(), 4u) << line;
        if (!eligible_groups.contains(fields[3])) continue;
        const auto it = iso_of_name.find(text::Slugify(fields[1]));
        ASSERT_NE(it, iso_of_name.end()) << "no ISO code for " << fields[1];
        from_crs.insert(it->second);
    }

    const std::set<std::string> ours(OdaRecipients().begin(), OdaRecipients().end());
    std::set<std::string> only_in_crs;
    std::set_difference(from_crs.begin(), from_crs.end(), ours.begin(), ours.end(),
                        std::inserter(only_in_crs, only_in_crs.end()));
    std::set<std::string> only_ours;
    std::set_difference(ours.begin(), ours.end(), from_crs.begin(), from_crs.end(),
                        std::inserter(only_ours, only_ours.end()));
    // The shared file predates the graduations of the Cook Islands (2020) and of Antigua and
    // Barbuda (2022).
    EXPECT_EQ(only_in_crs, (std::set<std::string>{"AG", "CK"}));
    EXPECT_TRUE(only_ours.empty());
}

}  // namespace
}  // namespace cncd::geo
