#include "modules/search/search_query.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cncd::search {
namespace {

Result<SearchQuery> Parse(QueryParams params) { return ParseSearchQuery(params); }

std::string FieldOf(QueryParams params) {
    auto q = Parse(std::move(params));
    return q ? std::string("(ok)") : q.error().field;
}

TEST(ParseSearchQuery, DefaultsWithoutParameters) {
    auto q = Parse({});
    ASSERT_TRUE(q);
    EXPECT_EQ(q->keywords, "");
    EXPECT_EQ(q->sort, SortOrder::kRelevance);
    EXPECT_EQ(q->page, 1);
    EXPECT_EQ(q->per_page, kDefaultPerPage);
    EXPECT_FALSE(q->from_year);
}

TEST(ParseSearchQuery, RepeatedFiltersAreAlternatives) {
    auto q = Parse({{"country", "sn"},
                    {"country", "ML"},
                    {"country", "SN"},
                    {"theme", "eau"},
                    {"theme", ""},
                    {"authority", "0042"},
                    {"q", "eau potable"},
                    {"sort", "title"},
                    {"page", "3"},
                    {"per_page", "100"},
                    {"from", "2008"},
                    {"to", "2012"},
                    {"utm_source", "x"}});
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(q->Values(Facet::kCountry), (std::vector<std::string>{"SN", "ML"}));
    EXPECT_EQ(q->Values(Facet::kTheme), (std::vector<std::string>{"eau"}));
    EXPECT_EQ(q->Values(Facet::kAuthority), (std::vector<std::string>{"42"}));
    EXPECT_EQ(q->keywords, "eau potable");
    EXPECT_EQ(q->sort, SortOrder::kTitle);
    EXPECT_EQ(q->page, 3);
    EXPECT_EQ(q->per_page, 100);
    EXPECT_EQ(q->from_year, 2008);
    EXPECT_EQ(q->to_year, 2012);
}

TEST(ParseSearchQuery, AtlasSwitchesAsTheAtlasPagesSendThem) {
    auto q = Parse({{"cd", "0"}});
    ASSERT_TRUE(q);
    EXPECT_FALSE(q->show_decentralised);
    EXPECT_TRUE(q->show_other);
    q = Parse({{"filtre", "1"}, {"cd", "on"}});  // the form: an unchecked box is absent
    ASSERT_TRUE(q);
    EXPECT_TRUE(q->show_decentralised);
    EXPECT_FALSE(q->show_other);
    EXPECT_EQ(FieldOf({{"autres", "oui"}}), "autres");
}

TEST(ParseSearchQuery, UnknownCodesAreNotErrors) {
    EXPECT_TRUE(Parse({{"theme", "n-existe-pas"}, {"status", "perdu"}, {"kind", "x"}}));
}

TEST(ParseSearchQuery, MalformedValuesNameTheirParameter) {
    EXPECT_EQ(FieldOf({{"from", "deux mille"}}), "from");
    EXPECT_EQ(FieldOf({{"to", "2010.5"}}), "to");
    EXPECT_EQ(FieldOf({{"to", "-2010"}}), "to");
    EXPECT_EQ(FieldOf({{"from", "1200"}}), "from");
    EXPECT_EQ(FieldOf({{"from", "2012"}, {"to", "2010"}}), "from");
    EXPECT_EQ(FieldOf({{"sort", "pertinence"}}), "sort");
    EXPECT_EQ(FieldOf({{"page", "0"}}), "page");
    EXPECT_EQ(FieldOf({{"page", "un"}}), "page");
    EXPECT_EQ(FieldOf({{"per_page", "1000"}}), "per_page");
    EXPECT_EQ(FieldOf({{"per_page", "0"}}), "per_page");
    EXPECT_EQ(FieldOf({{"partner", "dakar"}}), "partner");
    EXPECT_EQ(FieldOf({{"authority", "12a"}}), "authority");
}

TEST(ParseSearchQuery, KeywordsAreLimited) {
    EXPECT_EQ(FieldOf({{"q", std::string(kMaxKeywordChars, 'e')}}), "(ok)");
    EXPECT_EQ(FieldOf({{"q", std::string(kMaxKeywordChars + 1, 'e')}}), "q");
    std::string accented;
    for (std::size_t i = 0; i < kMaxKeywordChars; ++i) accented += "é";  // 2 bytes each
    EXPECT_EQ(FieldOf({{"q", accented}}), "(ok)");
    EXPECT_EQ(FieldOf({{"q", std::string("eau\xFF")}}), "q");
}

TEST(ParseSearchQuery, ErrorsAreInFrench) {
    auto q = Parse({{"sort", "x"}});
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(q.error().message.find("Tri inconnu"), std::string::npos);
}

}  // namespace
}  // namespace cncd::search
