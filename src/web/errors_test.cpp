#include "web/errors.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

namespace cncd::web {
namespace {

class Errors : public ::testing::Test {
  protected:
    Templates templates_{std::filesystem::path(CNCD_SOURCE_ROOT) / "templates"};
};

TEST_F(Errors, EachCodeHasItsStatus) {
    EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kFailedPrecondition), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST_F(Errors, ApiErrorsAreJsonNamingTheField) {
    const auto request = MakeRequest("GET", "/api/v1/projects?page=abc");
    const auto response = ErrorResponse(
        request, InvalidArgument("page", "Le paramètre « page » doit être un entier positif."),
        templates_);
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/json");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "invalid_argument");
    EXPECT_EQ(body["error"]["field"], "page");
    EXPECT_EQ(body["error"]["message"], "Le paramètre « page » doit être un entier positif.");
}

TEST_F(Errors, ApiNotFoundHasNoField) {
    const auto response = ErrorResponse(MakeRequest("GET", "/api/v1/projects/999999"),
                                        NotFound("Projet inconnu."), templates_);
    EXPECT_EQ(response.status, 404);
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_FALSE(body["error"].contains("field"));
}

TEST_F(Errors, PagesGetTheFrenchErrorPageInTheLayout) {
    const auto response = ErrorResponse(MakeRequest("GET", "/atlas/projets/999999"),
                                        Error{ErrorCode::kNotFound, {}, {}}, templates_);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
    EXPECT_NE(response.body.find("<title>Page introuvable — Portail"), std::string::npos);
    EXPECT_NE(response.body.find("<h1>Page introuvable</h1>"), std::string::npos);
    EXPECT_NE(response.body.find("Erreur 404"), std::string::npos);
    EXPECT_NE(response.body.find("href=\"/\">Page d’accueil</a>"), std::string::npos);
}

TEST_F(Errors, InternalDetailIsNeverShown) {
    const Error error{ErrorCode::kInternal, "SQLITE_CORRUPT: database disk image is malformed", {}};
    const auto page = ErrorResponse(MakeRequest("GET", "/atlas"), error, templates_);
    const auto api = ErrorResponse(MakeRequest("GET", "/api/v1/stats"), error, templates_);
    EXPECT_EQ(page.status, 500);
    EXPECT_EQ(api.status, 500);
    EXPECT_EQ(page.body.find("SQLITE"), std::string::npos);
    EXPECT_EQ(api.body.find("SQLITE"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "internal");
}

TEST_F(Errors, OtherStatusesKeepTheirCode) {
    const auto response = ErrorResponse(MakeRequest("POST", "/api/v1/stats"), 405,
                                        "method_not_allowed", "Méthode non autorisée.", templates_);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "method_not_allowed");
}

}  // namespace
}  // namespace cncd::web
