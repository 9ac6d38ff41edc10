#include "web/app.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

namespace cncd::web {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) return value;
    }
    return {};
}

Request WithHeader(Request request, std::string name, std::string value) {
    request.headers.emplace_back(std::move(name), std::move(value));
    return request;
}

/// An app with a few routes and two static mounts in a temporary folder:
///   root/static/css/site.css, root/static/.hidden, root/static/outside -> ../secret.txt,
///   root/vendor/lib.js, root/secret.txt (never served).
class App : public ::testing::Test {
  protected:
    App() {
        spdlog::set_level(spdlog::level::warn);
        std::random_device random;
        root_ = fs::temp_directory_path() / ("cncd-app-" + std::to_string(random()));
        fs::create_directories(root_ / "static" / "css");
        fs::create_directories(root_ / "vendor");
        Write("static/css/site.css", "body { color: #000; }\n");
        Write("static/.hidden", "hidden");
        Write("vendor/lib.js", "export const x = 1;\n");
        Write("secret.txt", "top secret");
        fs::create_symlink(root_ / "secret.txt", root_ / "static" / "outside.txt");

        router_.Get("/", [](const Request&) { return Response::Html("<p>accueil</p>"); });
        router_.Get("/api/v1/stats", [](const Request&) {
            return Response::Json({{"projects", 1}});
        });
        router_.Get("/boom", [](const Request&) -> Response {
            throw std::runtime_error("SELECT secret FROM users: constraint failed");
        });
        router_.Get("/api/v1/boom", [](const Request&) -> Response {
            throw std::runtime_error("SELECT secret FROM users: constraint failed");
        });
        router_.Post("/formulaire", [](const Request&) { return Response::Redirect("/"); });
        app_ = BuildApp(router_, templates_,
                        {{"/static/", root_ / "static"}, {"/vendor/", root_ / "vendor"}});
    }
    ~App() override {
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    void Write(const std::string& relative, const std::string& text) {
        std::ofstream(root_ / relative, std::ios::binary | std::ios::trunc) << text;
    }

    Response Get(const std::string& target) { return app_(MakeRequest("GET", target)); }

    fs::path root_;
    Router router_;
    Templates templates_{fs::path(CNCD_SOURCE_ROOT) / "templates"};
    Handler app_;
};

TEST_F(App, EveryAnswerCarriesTheSecurityHeaders) {
    for (const auto& target : {"/", "/absent", "/static/css/site.css", "/boom"}) {
        const auto response = Get(target);
        EXPECT_EQ(HeaderOf(response, "Content-Security-Policy"), kContentSecurityPolicy) << target;
        EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "strict-origin-when-cross-origin")
            << target;
        EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "DENY") << target;
        EXPECT_NE(HeaderOf(response, "Permissions-Policy").find("geolocation=()"),
                  std::string::npos);
    }
}

TEST_F(App, EchoesASaneRequestIdAndReplacesOthers) {
    const auto echoed = app_(WithHeader(MakeRequest("GET", "/"), "x-request-id", "lb-7f3a.01_x"));
    EXPECT_EQ(HeaderOf(echoed, "X-Request-Id"), "lb-7f3a.01_x");

    const auto generated = Get("/");
    EXPECT_EQ(HeaderOf(generated, "X-Request-Id").size(), 32u);
    EXPECT_NE(HeaderOf(Get("/"), "X-Request-Id"), HeaderOf(generated, "X-Request-Id"));

    const auto injected = app_(WithHeader(MakeRequest("GET", "/"), "x-request-id", "<script>"));
    EXPECT_EQ(HeaderOf(injected, "X-Request-Id").size(), 32u);
    const auto too_long =
        app_(WithHeader(MakeRequest("GET", "/"), "x-request-id", std::string(65, 'a')));
    EXPECT_EQ(HeaderOf(too_long, "X-Request-Id").size(), 32u);
}

TEST_F(App, UnknownPageGetsTheFrenchPageAndUnknownApiJson) {
    const auto page = Get("/atlas/nulle-part");
    EXPECT_EQ(page.status, 404);
    EXPECT_NE(page.body.find("Page introuvable"), std::string::npos);
    const auto api = Get("/api/v1/nulle-part");
    EXPECT_EQ(api.status, 404);
    EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "not_found");
}

TEST_F(App, WrongMethodIs405WithAllow) {
    const auto response = app_(MakeRequest("DELETE", "/formulaire"));
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(HeaderOf(response, "Allow"), "POST");
    EXPECT_NE(response.body.find("Méthode non autorisée"), std::string::npos);
}

TEST_F(App, HandlerExceptionIsA500ThatShowsNothingInternal) {
    const auto page = Get("/boom");
    EXPECT_EQ(page.status, 500);
    EXPECT_EQ(page.body.find("SELECT"), std::string::npos);
    EXPECT_EQ(page.body.find("constraint"), std::string::npos);
    EXPECT_NE(page.body.find("Erreur inattendue"), std::string::npos);
    const auto api = Get("/api/v1/boom");
    EXPECT_EQ(api.status, 500);
    EXPECT_EQ(api.body.find("SELECT"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "internal");
}

TEST_F(App, ServesStaticFilesWithTypeEtagAndCaching) {
    const auto css = Get("/static/css/site.css");
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
    EXPECT_EQ(css.body, "body { color: #000; }\n");
    EXPECT_EQ(HeaderOf(css, "Cache-Control"), "public, max-age=300");
    EXPECT_FALSE(HeaderOf(css, "ETag").empty());

    const auto js = Get("/vendor/lib.js");
    EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=2592000");
}

TEST_F(App, MatchingIfNoneMatchGets304) {
    const auto etag = HeaderOf(Get("/static/css/site.css"), "ETag");
    const auto revalidated = app_(
        WithHeader(MakeRequest("GET", "/static/css/site.css"), "if-none-match", "\"x\", " + etag));
    EXPECT_EQ(revalidated.status, 304);
    EXPECT_TRUE(revalidated.body.empty());
    EXPECT_EQ(HeaderOf(revalidated, "ETag"), etag);
    const auto stale =
        app_(WithHeader(MakeRequest("GET", "/static/css/site.css"), "if-none-match", "\"other\""));
    EXPECT_EQ(stale.status, 200);
}

TEST_F(App, ChangedFileIsReadAgain) {
    const auto before = Get("/static/css/site.css");
    Write("static/css/site.css", "body { color: #000091; margin: 0; }\n");
    const auto after = Get("/static/css/site.css");
    EXPECT_EQ(after.body, "body { color: #000091; margin: 0; }\n");
    EXPECT_NE(HeaderOf(after, "ETag"), HeaderOf(before, "ETag"));
}

TEST_F(App, StaticPathTraversalIsRefused) {
    for (const auto& target : {
             "/static/../secret.txt",
             "/static/css/../../secret.txt",
             "/static/%2e%2e/secret.txt",
             "/static/%2E%2E%2Fsecret.txt",
             "/static/css/%2e%2e/%2e%2e/secret.txt",
             "/static/outside.txt",  // a link leading outside the mount
             "/static/.hidden",
             "/static/./css/site.css",
             "/static//css/site.css",
             "/static/css",
             "/static/",
             "/static/css/site.css%00.png",
             "/static/..%5csecret.txt",
         }) {
        const auto response = Get(target);
        EXPECT_EQ(response.status, 404) << target;
        EXPECT_EQ(response.body.find("top secret"), std::string::npos) << target;
    }
}

TEST_F(App, StaticFilesAcceptOnlyGetAndHead) {
    const auto response = app_(MakeRequest("POST", "/static/css/site.css"));
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD");
    EXPECT_EQ(app_(MakeRequest("HEAD", "/static/css/site.css")).status, 200);
}

TEST_F(App, RealDsfrFilesAreServedWithTheirTypes) {
    const auto public_vendor = fs::path(CNCD_SOURCE_ROOT) / "public" / "vendor";
    if (!fs::exists(public_vendor / "dsfr" / "dsfr.min.css"))
        GTEST_SKIP() << "public/vendor not installed";
    Router router;
    const auto app = BuildApp(router, templates_, {{"/vendor/", public_vendor}});
    const auto check = [&](const std::string& target, const std::string& type) {
        const auto response = app(MakeRequest("GET", target));
        EXPECT_EQ(response.status, 200) << target;
        EXPECT_EQ(response.content_type, type) << target;
    };
    check("/vendor/dsfr/dsfr.min.css", "text/css; charset=utf-8");
    check("/vendor/dsfr/dsfr.module.min.js", "text/javascript; charset=utf-8");
    check("/vendor/dsfr/favicon/favicon.svg", "image/svg+xml");
    check("/vendor/dsfr/favicon/favicon.ico", "image/x-icon");
    check("/vendor/dsfr/favicon/manifest.webmanifest", "application/manifest+json");
    check("/vendor/dsfr/fonts/Marianne-Regular.woff2", "font/woff2");
    check("/vendor/world-atlas/countries-50m.json", "application/json");
}

}  // namespace
}  // namespace cncd::web
