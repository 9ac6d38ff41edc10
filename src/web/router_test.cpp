#include "web/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cncd::web {
namespace {

Handler Answer(std::string text) {
    return [text](const Request&) { return Response::Text(text, "text/plain"); };
}

std::string HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

TEST(Router, FillsPathParameters) {
    Router router;
    router.Get("/atlas/pays/{iso2}/villes/{id}", [](const Request& request) {
        return Response::Text(request.Param("iso2") + ":" + request.Param("id"), "text/plain");
    });
    auto request = MakeRequest("GET", "/atlas/pays/sn/villes/2253354?x=1");
    EXPECT_EQ(router.Dispatch(request).body, "sn:2253354");
}

TEST(Router, DecodesParametersSegmentBySegment) {
    Router router;
    router.Get("/recherche/{term}", [](const Request& request) {
        return Response::Text(request.Param("term"), "text/plain");
    });
    auto request = MakeRequest("GET", "/recherche/C%C3%B4te%2Fd%27Ivoire");
    EXPECT_EQ(router.Dispatch(request).body, "Côte/d'Ivoire");
}

TEST(Router, LiteralSegmentWinsOverParameterWhateverTheOrder) {
    Router router;
    router.Get("/atlas/{zone}", Answer("zone"));
    router.Get("/atlas/france", Answer("france"));
    router.Get("/atlas/{zone}/{*rest}", Answer("rest"));
    auto france = MakeRequest("GET", "/atlas/france");
    auto asia = MakeRequest("GET", "/atlas/asie");
    auto deep = MakeRequest("GET", "/atlas/asie/a/b");
    EXPECT_EQ(router.Dispatch(france).body, "france");
    EXPECT_EQ(router.Dispatch(asia).body, "zone");
    EXPECT_EQ(router.Dispatch(deep).body, "rest");
}

TEST(Router, RestParameterTakesTheRemainingPath) {
    Router router;
    router.Get("/docs/{*path}", [](const Request& request) {
        return Response::Text("[" + request.Param("path") + "]", "text/plain");
    });
    router.Get("/docs", Answer("index"));
    auto nested = MakeRequest("GET", "/docs/api/v1/openapi.yaml");
    auto root = MakeRequest("GET", "/docs");
    EXPECT_EQ(router.Dispatch(nested).body, "[api/v1/openapi.yaml]");
    EXPECT_EQ(router.Dispatch(root).body, "index");
}

TEST(Router, TrailingSlashIsIgnored) {
    Router router;
    router.Get("/atlas", Answer("atlas"));
    auto request = MakeRequest("GET", "/atlas/");
    EXPECT_EQ(router.Dispatch(request).body, "atlas");
}

TEST(Router, UnknownPathIs404) {
    Router router;
    router.Get("/atlas/{zone}", Answer("zone"));
    auto request = MakeRequest("GET", "/atlas/asie/extra");
    EXPECT_EQ(router.Dispatch(request).status, 404);
    auto root = MakeRequest("GET", "/");
    EXPECT_EQ(router.Dispatch(root).status, 404);
}

TEST(Router, OtherMethodIs405WithAllow) {
    Router router;
    router.Get("/projets/{id}", Answer("get"));
    router.Post("/projets/{id}", Answer("post"));
    router.Delete("/projets/{id}", Answer("delete"));
    auto request = MakeRequest("PUT", "/projets/12");
    const auto response = router.Dispatch(request);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(HeaderOf(response, "Allow"), "DELETE, GET, HEAD, POST");
}

TEST(Router, NoRouteHandlerAnswers404And405) {
    Router router;
    router.Post("/formulaire", Answer("post"));
    const NoRouteHandler no_route = [](const Request&, int status, const std::string& allow) {
        return Response::Text("custom " + std::to_string(status) + " " + allow, "text/plain",
                              status);
    };
    auto missing = MakeRequest("GET", "/absent");
    auto wrong_method = MakeRequest("GET", "/formulaire");
    EXPECT_EQ(router.Dispatch(missing, no_route).body, "custom 404 ");
    const auto response = router.Dispatch(wrong_method, no_route);
    EXPECT_EQ(response.body, "custom 405 POST");
    EXPECT_EQ(HeaderOf(response, "Allow"), "POST");
}

TEST(Router, HeadIsServedByGet) {
    Router router;
    router.Get("/page", [](const Request& request) {
        EXPECT_EQ(request.method, "HEAD");
        return Response::Html("<p>seize octets</p>");
    });
    auto request = MakeRequest("HEAD", "/page");
    const auto response = router.Dispatch(request);
    EXPECT_EQ(response.status, 200);
    // The server drops the body; the middleware may compress it first.
    EXPECT_EQ(response.body, "<p>seize octets</p>");
}

TEST(Router, MalformedPatternsAreRefused) {
    Router router;
    EXPECT_THROW(router.Get("/a/{*rest}/b", Answer("x")), std::invalid_argument);
    EXPECT_THROW(router.Get("/a/{id", Answer("x")), std::invalid_argument);
    EXPECT_THROW(router.Get("/a/{}", Answer("x")), std::invalid_argument);
    EXPECT_THROW(router.Get("/a/b}c", Answer("x")), std::invalid_argument);
}

}  // namespace
}  // namespace cncd::web
