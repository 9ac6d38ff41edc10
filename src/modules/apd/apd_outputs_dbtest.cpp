#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "modules/apd/apd_codes.hpp"
#include "modules/apd/apd_outputs.hpp"
#include "modules/apd/apd_test_fixture.hpp"

namespace cncd::apd {
namespace {

using testing::ApdFixture;
using testing::MakeLine;

std::optional<std::filesystem::path> FindShared(const std::filesystem::path& relative) {
    for (auto dir = cncd::testing::SourceRoot(); !dir.empty(); dir = dir.parent_path()) {
        if (std::filesystem::exists(dir / "shared" / relative)) return dir / "shared" / relative;
        if (dir == dir.parent_path()) break;
    }
    return std::nullopt;
}

class Outputs : public ::testing::Test, public ApdFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(service().OpenCampaign(ministry, 2024).ok());
        auto d = service().Create(cesson, 1, 2024, false);
        ASSERT_TRUE(d.ok());
        Line niger = MakeLine("NE", 30000);
        niger.project_id = 1;
        niger.markers = {1, 2, 0, 0, 1};
        niger.comment = "Forages & latrines <Dosso>";
        Line ngo = MakeLine("SN", 4500, "15112");
        ngo.channel_code = "22000";
        ngo.expenditure_type = "ngo_grants";
        Line region = MakeLine("", 800, "99820");
        region.recipient_region = "998";
        region.expenditure_type = "awareness";
        ASSERT_TRUE(service().SaveDraft(cesson, d->id, Draft{false, {niger, ngo, region}}).ok());
        ASSERT_TRUE(service().Submit(cesson, d->id).ok());
        ASSERT_TRUE(service().Validate(ministry, d->id).ok());
    }
};

TEST_F(Outputs, IatiActivitiesValidateAgainstThe203Schema) {
    const auto schema = FindShared("data/iati/schemas-2.03/iati-activities-schema.xsd");
    ASSERT_TRUE(schema) << "shared/data/iati/schemas-2.03 not found above the source tree";
    const auto xml = IatiActivities(db(), 1, 2024, "2025-06-15T10:00:00Z");
    ASSERT_TRUE(xml.ok()) << xml.error().message;
    EXPECT_NE(xml->find("<iati-identifier>FR-SIREN-213500515-APD-2024-1</iati-identifier>"),
              std::string::npos);
    EXPECT_NE(xml->find("<recipient-country code=\"NE\""), std::string::npos);
    EXPECT_NE(xml->find("<recipient-region code=\"998\""), std::string::npos);
    EXPECT_NE(xml->find("Forages &amp; latrines &lt;Dosso&gt;"), std::string::npos);
    EXPECT_NE(xml->find("<value currency=\"EUR\" value-date=\"2024-12-31\">30000</value>"),
              std::string::npos);
    const auto file = std::filesystem::temp_directory_path() / "cncd-apd-iati-test.xml";
    std::ofstream(file) << *xml;
    const std::string command = "xmllint --noout --nonet --schema '" + schema->string() + "' '" +
                                file.string() + "' > /dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << *xml;
    // Every authority's activities of the year, in one file, validate too.
    const auto all = IatiActivities(db(), std::nullopt, 2024, "2025-06-15T10:00:00Z");
    ASSERT_TRUE(all.ok());
    std::ofstream(file) << *all;
    EXPECT_EQ(std::system(command.c_str()), 0);
    // The same check catches an invalid document.
    std::ofstream(file) << "<iati-activities version=\"2.03\"><iati-activity/></iati-activities>";
    EXPECT_NE(std::system(command.c_str()), 0);
    std::filesystem::remove(file);

    EXPECT_EQ(IatiActivities(db(), 2, 2024, "x").error().code, ErrorCode::kNotFound);
}

TEST_F(Outputs, CrsRowsHaveTheDonorAgencyFlowAndFinanceTypeOfDecentralisedCooperation) {
    std::string csv;
    const auto rows = WriteCrsRows(db(), 2024, [&](std::string_view b) { csv.append(b); });
    EXPECT_EQ(rows, 3);
    EXPECT_NE(csv.find("Donor code,Donor name,Agency code"), std::string::npos);
    // year, donor 4 France, agency 8, … flow 10, finance 110, aid type, purpose, markers, EUR.
    EXPECT_NE(csv.find("2024,4,France,8,COOP DECENTRAL/MAE,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",NE,,Niger,12002,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",10,110,C01,14030,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",1,2,0,0,1,EUR,30000"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",10,110,B01,15112,"), std::string::npos) << csv;
    EXPECT_NE(csv.find(",,998,\"Pays en développement, non spécifié\","), std::string::npos);
    std::string empty;
    EXPECT_EQ(WriteCrsRows(db(), 2023, [&](std::string_view b) { empty.append(b); }), 0);
}

TEST_F(Outputs, CodelistsImportWithTheirFrenchNames) {
    const auto dir = FindShared("data/iati/codelists");
    ASSERT_TRUE(dir);
    const auto before = db().Read([](db::Connection& c) { return CodeBook::Load(c); });
    EXPECT_TRUE(before.Has("CRSChannelCode", "12002"));  // the built-in minimal list
    EXPECT_FALSE(before.Has("CRSChannelCode", "21000"));
    EXPECT_TRUE(before.Has("Sector", "12220"));  // a theme's DAC code

    const auto counts = ImportCodelists(db(), *dir);
    ASSERT_TRUE(counts.ok()) << counts.error().message;
    EXPECT_EQ(counts->size(), 7u);
    EXPECT_GT(counts->at("Sector"), 280);
    EXPECT_GT(counts->at("CRSChannelCode"), 300);
    const auto book = db().Read([](db::Connection& c) { return CodeBook::Load(c); });
    EXPECT_EQ(book.Name("Sector", "15112"),
              "Décentralisation et soutien aux administrations infranationales");
    EXPECT_EQ(book.Name("CRSChannelCode", "22000"), "ONG basée dans un pays donneur");
    EXPECT_EQ(book.Name("AidType", "H01"), "Sensibilisation au développement");
    EXPECT_EQ(book.Name("FlowType", "10"), "APD");
    EXPECT_TRUE(book.Has("CRSChannelCode", "21000"));
    EXPECT_EQ(book.RegionContinent("289"), "afrique");
    EXPECT_FALSE(book.Name("SectorCategory", "151").empty());
    // The form now accepts any CRS channel.
    Line l = MakeLine("NE", 10);
    l.channel_code = "21000";
    EXPECT_TRUE(service().Check(1, Draft{false, {l}}).empty());

    const auto missing = ImportCodelists(db(), std::filesystem::temp_directory_path() / "none");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cncd::apd
