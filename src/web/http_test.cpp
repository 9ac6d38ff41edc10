#include "web/http.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cncd::web {
namespace {

TEST(PercentDecode, DecodesEscapesAndKeepsInvalidOnes) {
    EXPECT_EQ(PercentDecode("C%C3%B4te%20d%27Ivoire", false), "Côte d'Ivoire");
    EXPECT_EQ(PercentDecode("100%", false), "100%");
    EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
    EXPECT_EQ(PercentDecode("%2f", false), "/");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
    EXPECT_EQ(PercentDecode("a+b", true), "a b");
    EXPECT_EQ(PercentDecode("a+b", false), "a+b");
    EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(PercentEncode("Côte d'Ivoire/x~y_z.-"), "C%C3%B4te%20d%27Ivoire%2Fx~y_z.-");
    EXPECT_EQ(PercentDecode(PercentEncode("a&b=c é"), false), "a&b=c é");
}

TEST(ParseQueryString, KeepsOrderRepeatsAndDecodes) {
    const auto fields = ParseQueryString(
        "theme=eau&theme=sant%C3%A9&q=coop%C3%A9ration+d%C3%A9centralis%C3%A9e&&flag&e=");
    ASSERT_EQ(fields.size(), 5u);
    EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"theme", "eau"}));
    EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"theme", "santé"}));
    EXPECT_EQ(fields[2].second, "coopération décentralisée");
    EXPECT_EQ(fields[3], (std::pair<std::string, std::string>{"flag", ""}));
    EXPECT_EQ(fields[4], (std::pair<std::string, std::string>{"e", ""}));
}

TEST(ParseQueryString, ValueMayContainEqualsSign) {
    const auto fields = ParseQueryString("a=b=c");
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].second, "b=c");
}

TEST(Request, AccessorsFindQueryHeaderAndParam) {
    auto request = MakeRequest("GET", "/atlas/pays/sn?theme=eau&theme=sante&page=2");
    request.headers = {{"x-request-id", "abc"}, {"accept", "text/html"}};
    request.params["iso2"] = "sn";
    EXPECT_EQ(request.path, "/atlas/pays/sn");
    EXPECT_EQ(request.Query("page"), "2");
    EXPECT_EQ(request.Query("absent"), std::nullopt);
    EXPECT_EQ(request.QueryAll("theme"), (std::vector<std::string>{"eau", "sante"}));
    EXPECT_EQ(request.Header("X-Request-ID"), "abc");
    EXPECT_EQ(request.Header("cookie"), std::nullopt);
    EXPECT_EQ(request.Param("iso2"), "sn");
    EXPECT_EQ(request.Param("nothing"), "");
    EXPECT_FALSE(request.IsApi());
    EXPECT_TRUE(MakeRequest("GET", "/api/v1/stats").IsApi());
    EXPECT_FALSE(MakeRequest("GET", "/apiculture").IsApi());
}

TEST(MakeRequest, DecodesPathAndHandlesAbsoluteForm) {
    EXPECT_EQ(MakeRequest("GET", "/atlas/r%C3%A9gions?x=1").path, "/atlas/régions");
    const auto absolute = MakeRequest("GET", "http://example.org/atlas?x=1");
    EXPECT_EQ(absolute.path, "/atlas");
    EXPECT_EQ(absolute.Query("x"), "1");
    EXPECT_EQ(MakeRequest("GET", "http://example.org").path, "/");
}

TEST(Response, FactoriesSetStatusTypeAndBody) {
    const auto json = Response::Json({{"projects", 13000}}, 201);
    EXPECT_EQ(json.status, 201);
    EXPECT_EQ(json.content_type, "application/json");
    EXPECT_EQ(json.body, R"({"projects":13000})");

    const auto html = Response::Html("<p>x</p>");
    EXPECT_EQ(html.status, 200);
    EXPECT_EQ(html.content_type, "text/html; charset=utf-8");

    const auto redirect = Response::Redirect("/atlas");
    EXPECT_EQ(redirect.status, 303);
    ASSERT_EQ(redirect.headers.size(), 1u);
    EXPECT_EQ(redirect.headers[0].first, "Location");
    EXPECT_EQ(redirect.headers[0].second, "/atlas");
}

TEST(Response, JsonNeverThrowsOnInvalidUtf8) {
    const auto response = Response::Json({{"q", std::string("caf\xE9")}});
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("caf"), std::string::npos);
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
    Response response;
    response.SetHeader("Cache-Control", "no-store");
    response.SetHeader("cache-control", "max-age=60");
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].second, "max-age=60");
}

}  // namespace
}  // namespace cncd::web
