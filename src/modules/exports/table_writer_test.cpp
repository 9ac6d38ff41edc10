#include "modules/exports/table_writer.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "modules/exports/zip_reader_for_tests.hpp"

namespace cncd::exports {
namespace {

std::vector<Column> Columns() {
    return {{"id", "Identifiant"}, {"title", "Titre"}, {"tags", "Mots"}};
}

std::vector<Record> Rows() {
    return {
        {{Cell(std::int64_t{1}), Cell(std::string("Eau, « potable »")),
          Cell(std::vector<std::string>{"eau", "santé"})},
         {{-12.5, 14.7}}},
        {{Cell(std::int64_t{2}), Cell(std::string("=HYPERLINK(\"http://x\")")), Cell()}, {}},
        {{Cell(std::int64_t{3}), Cell(std::string("ligne 1\nligne 2")),
          Cell(std::vector<std::string>{"-1", "@a"})},
         {{1.0, 2.0}, {3.0, 4.0}}},
    };
}

std::string Write(Format format, CsvOptions csv = {}) {
    std::string out;
    std::size_t calls = 0;
    auto writer = MakeTableWriter(
        format,
        [&](std::string_view bytes) {
            out.append(bytes);
            ++calls;
        },
        csv);
    writer->Begin(Columns());
    for (const auto& row : Rows()) writer->Write(row);
    writer->Finish();
    EXPECT_GT(calls, 0u);
    return out;
}

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(CsvExport, StartsWithABomAndQuotesAsRfc4180) {
    const std::string csv = Write(Format::kCsv);
    ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
    EXPECT_EQ(csv.substr(3),
              "Identifiant,Titre,Mots\r\n"
              "1,\"Eau, « potable »\",eau | santé\r\n"
              "2,\"'=HYPERLINK(\"\"http://x\"\")\",\r\n"
              "3,\"ligne 1\nligne 2\",'-1 | @a\r\n");
}

TEST(CsvExport, SemicolonVariantForFrenchSpreadsheets) {
    const std::string csv = Write(Format::kCsv, {';', true});
    EXPECT_NE(csv.find("Identifiant;Titre;Mots\r\n"), std::string::npos);
    EXPECT_NE(csv.find("1;Eau, « potable »;eau | santé\r\n"), std::string::npos);
}

TEST(CsvExport, FormulaStartsAreNeutralised) {
    for (const char* cell : {"=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"}) {
        const std::string field = CsvField(cell, ',');
        const std::string unquoted = field.front() == '"' ? field.substr(1) : field;
        EXPECT_EQ(unquoted.front(), '\'') << cell;
    }
    EXPECT_EQ(CsvField("Dakar", ','), "Dakar");
    EXPECT_EQ(CsvField("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(CsvField("a;b", ','), "a;b");
}

TEST(JsonExport, IsAnArrayOfObjectsWithListsAsArrays) {
    const auto rows = nlohmann::json::parse(Write(Format::kJson));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0]["title"], "Eau, « potable »");
    EXPECT_EQ(rows[0]["tags"], nlohmann::json::array({"eau", "santé"}));
    EXPECT_TRUE(rows[1]["tags"].is_null());
    EXPECT_EQ(rows[1]["title"], "=HYPERLINK(\"http://x\")");  // JSON is data: kept as is
}

TEST(GeoJsonExport, IsAFeatureCollectionLocatedAtItsPoints) {
    const auto doc = nlohmann::json::parse(Write(Format::kGeoJson));
    EXPECT_EQ(doc["type"], "FeatureCollection");
    ASSERT_EQ(doc["features"].size(), 3u);
    EXPECT_EQ(doc["features"][0]["geometry"]["type"], "Point");
    EXPECT_EQ(doc["features"][0]["geometry"]["coordinates"], nlohmann::json::array({-12.5, 14.7}));
    EXPECT_TRUE(doc["features"][1]["geometry"].is_null());
    EXPECT_EQ(doc["features"][2]["geometry"]["type"], "MultiPoint");
    EXPECT_EQ(doc["features"][2]["properties"]["id"], 3);
}

TEST(XlsxExport, IsAWorkbookWithAHeaderAndOneRowPerRecord) {
    const std::string xlsx = Write(Format::kXlsx);
    ASSERT_EQ(xlsx.rfind("PK", 0), 0u);
    const std::string sheet = ZipEntry(xlsx, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(Count(sheet, "<row "), 4u);                                         // header + 3
    EXPECT_NE(sheet.find("<t>=HYPERLINK(\"http://x\")</t>"), std::string::npos);  // as text
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);                              // no formula
    EXPECT_NE(sheet.find("Eau, « potable »"), std::string::npos);
}

TEST(Export, MediaTypesAndExtensions) {
    EXPECT_EQ(ContentType(Format::kCsv), "text/csv; charset=utf-8");
    EXPECT_EQ(Extension(Format::kGeoJson), "geojson");
    EXPECT_EQ(Extension(Format::kXlsx), "xlsx");
}

}  // namespace
}  // namespace cncd::exports
