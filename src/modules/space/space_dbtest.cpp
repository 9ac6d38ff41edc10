#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "modules/accounts/accounts_web.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/pdf/pdf_service.hpp"
#include "modules/search/search_service.hpp"
#include "modules/search/search_test_support.hpp"
#include "modules/space/space_routes.hpp"
#include "modules/space/space_service.hpp"
#include "tests/support/temp_database.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::space {
namespace {

using accounts::Principal;

class SpaceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db().Write([](db::Connection& c) {
            c.ExecuteScript(search::testing::kSmallAtlas);
            c.ExecuteScript(
                "INSERT INTO organisations (id, kind, name, search_name, created_at) VALUES "
                "(1, 'network', 'Réseau A', 'reseau-a', 0), (2, 'network', 'Réseau B', "
                "'reseau-b', 0);"
                "INSERT INTO users (id, organisation_id, email, name, role, status, created_at) "
                "VALUES (1, 1, 'anne@a.fr', 'Anne', 'member', 'active', 0), "
                "(2, 1, 'bruno@a.fr', 'Bruno', 'org_admin', 'active', 0), "
                "(3, 2, 'chloe@b.fr', 'Chloé', 'member', 'active', 0);");
            return 0;
        });
        search_ = std::make_unique<search::SearchService>(db());
        pdf_ = std::make_unique<pdf::PdfService>(db(), *search_,
                                                 cncd::testing::SourceRoot() / "public" / "vendor" /
                                                     "world-atlas" / "countries-50m.json");
        mail_ = std::make_unique<mail::MailService>(db());
        service_ = std::make_unique<SpaceService>(
            db(), *search_, *pdf_, *mail_,
            SpaceOptions{"https://portail.test", [this] { return now_; }});
    }

    db::Database& db() { return database_.db(); }

    static Principal User(std::int64_t id, std::int64_t organisation, std::string name) {
        Principal p;
        p.user_id = id;
        p.email = name + "@test.fr";
        p.name = name;
        p.role = accounts::Role::kMember;
        p.organisation_id = organisation;
        p.organisation_kind = accounts::OrganisationKind::kNetwork;
        p.organisation_name = organisation == 1 ? "Réseau A" : "Réseau B";
        return p;
    }

    std::int64_t Count(const std::string& sql) {
        return db().Read([&](db::Connection& c) { return c.QueryInt(sql); });
    }

    // A new project of Brest with a partner in `partner` (1 Dakar SN, 2 Ségou ML, 3 Hué VN).
    void AddProject(std::int64_t id, const std::string& title, int partner) {
        db().Write([&](db::Connection& c) {
            c.Execute(
                "INSERT INTO projects (id, slug, title, kind, status, start_year) VALUES "
                "(?, ?, ?, 'cooperation', 'active', 2020)",
                {id, "projet-" + std::to_string(id), title});
            c.Execute("INSERT INTO project_authorities VALUES (?, 1, 'lead')", {id});
            c.Execute("INSERT INTO project_partners VALUES (?, ?)", {id, std::int64_t{partner}});
            return 0;
        });
    }

    cncd::testing::TempDatabase database_;
    std::int64_t now_ = 1'800'000'000;
    std::unique_ptr<search::SearchService> search_;
    std::unique_ptr<pdf::PdfService> pdf_;
    std::unique_ptr<mail::MailService> mail_;
    std::unique_ptr<SpaceService> service_;
    Principal anne_ = User(1, 1, "Anne");
    Principal bruno_ = User(2, 1, "Bruno");
    Principal chloe_ = User(3, 2, "Chloé");
};

TEST_F(SpaceTest, SavesASearchInItsCanonicalFormWithItsCriteriaAndCount) {
    auto id = service_->SaveSearch(anne_, {"  Afrique  ", "?page=2&continent=afrique", false});
    ASSERT_TRUE(id) << id.error().message;
    auto list = service_->ListSearches(anne_);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].search.name, "Afrique");
    EXPECT_EQ((*list)[0].search.query, "continent=afrique");
    EXPECT_EQ((*list)[0].total, 2);  // Dakar and Ségou
    ASSERT_EQ((*list)[0].criteria.size(), 1u);
    EXPECT_NE((*list)[0].criteria[0].find("Afrique"), std::string::npos);
    // Someone else's search is not there for them.
    EXPECT_TRUE(service_->ListSearches(chloe_)->empty());
    EXPECT_EQ(service_->GetSearch(chloe_, *id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->DeleteSearch(chloe_, *id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->OpenSearch(anne_, *id).value(), "/atlas/recherche?continent=afrique");
}

TEST_F(SpaceTest, RefusesBadNamesBadSearchesAndTheFiftyFirst) {
    EXPECT_EQ(service_->SaveSearch(anne_, {"   ", "", false}).error().field, "name");
    EXPECT_EQ(service_->SaveSearch(anne_, {std::string(121, 'a'), "", false}).error().field,
              "name");
    EXPECT_EQ(service_->SaveSearch(anne_, {"a\nb", "", false}).error().field, "name");
    const auto bad = service_->SaveSearch(anne_, {"Années", "from=2020&to=2010", false});
    EXPECT_EQ(bad.error().field, "query");
    EXPECT_EQ(Count("SELECT count(*) FROM saved_searches"), 0);
    // 120 characters, accents counting as one.
    std::string long_name;
    for (int i = 0; i < 120; ++i) long_name += "é";
    ASSERT_TRUE(service_->SaveSearch(anne_, {long_name, "", false}));
    for (int i = 1; i < kMaxSavedSearches; ++i)
        ASSERT_TRUE(service_->SaveSearch(anne_, {"R" + std::to_string(i), "", false}));
    const auto over = service_->SaveSearch(anne_, {"Une de trop", "", false});
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().field, "name");
    EXPECT_NE(over.error().message.find("50"), std::string::npos);
    EXPECT_EQ(Count("SELECT count(*) FROM saved_searches"), kMaxSavedSearches);
    // Another user has their own 50.
    EXPECT_TRUE(service_->SaveSearch(chloe_, {"Chloé", "", false}));
}

TEST_F(SpaceTest, CountsProjectsNewSinceTheSearchWasLastOpened) {
    const auto id = *service_->SaveSearch(anne_, {"Afrique", "continent=afrique", false});
    AddProject(10, "Forages à Ségou", 2);
    AddProject(11, "Musée de Hué", 3);  // Asia: not in the search
    auto s = service_->GetSearch(anne_, id);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->total, 3);
    EXPECT_EQ(s->new_since_opened, 1);
    ASSERT_TRUE(service_->OpenSearch(anne_, id));
    EXPECT_EQ(service_->GetSearch(anne_, id)->new_since_opened, 0);
}

// A search saved by an earlier version whose criteria no longer read is listed, says so, and
// can be deleted: it does not take the whole list down.
TEST_F(SpaceTest, AnUnreadableSavedSearchIsListedAndCanBeDeleted) {
    const auto id = *service_->SaveSearch(anne_, {"Afrique", "continent=afrique", false});
    const auto old = *service_->SaveSearch(anne_, {"Ancienne", "continent=asie", false});
    db().Write([old](db::Connection& c) {
        return c.Execute("UPDATE saved_searches SET query = 'from=deux-mille' WHERE id = ?", {old});
    });
    const auto list = service_->ListSearches(anne_);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    for (const auto& s : *list) {
        if (s.search.id == id) {
            EXPECT_EQ(s.total, 2);  // the small Atlas's African projects
        }
        if (s.search.id != old) continue;
        EXPECT_EQ(s.total, 0);
        ASSERT_EQ(s.criteria.size(), 1u);
        EXPECT_EQ(s.criteria[0].rfind("Recherche devenue invalide", 0), 0u);
    }
    ASSERT_TRUE(service_->GetSearch(anne_, old));
    ASSERT_TRUE(service_->DeleteSearch(anne_, old));
    EXPECT_EQ(service_->ListSearches(anne_)->size(), 1u);
}

TEST_F(SpaceTest, AlertsMailOnlyNewMatchingProjectsAndEachOnce) {
    const auto afrique = *service_->SaveSearch(anne_, {"Afrique", "continent=afrique", true});
    ASSERT_TRUE(service_->SaveSearch(bruno_, {"Sans alerte", "continent=afrique", false}));
    // Nothing new yet: the projects there when the alert was set are not announced.
    auto round = service_->SendAlerts();
    EXPECT_EQ(round.searches, 1);
    EXPECT_EQ(round.mails, 0);
    AddProject(10, "Forages à Ségou", 2);
    AddProject(11, "Musée de Hué", 3);
    round = service_->SendAlerts();
    EXPECT_EQ(round.mails, 1);
    EXPECT_EQ(round.projects, 1);
    EXPECT_EQ(Count("SELECT count(*) FROM mail_outbox"), 1);
    const auto text = db().Read([](db::Connection& c) {
        return *c.FindOne<std::string>("SELECT text_body FROM mail_outbox", {},
                                       [](const db::Row& r) { return r.Text(0); });
    });
    EXPECT_NE(text.find("Forages à Ségou"), std::string::npos);
    EXPECT_NE(text.find("https://portail.test/atlas/projets/10-projet-10"), std::string::npos);
    EXPECT_EQ(text.find("Musée de Hué"), std::string::npos);
    EXPECT_EQ(Count("SELECT count(*) FROM mail_recipients WHERE address = 'anne@a.fr'"), 1);
    // A second round mails nothing; a third new project gets its own mail.
    EXPECT_EQ(service_->SendAlerts().mails, 0);
    AddProject(12, "Santé à Dakar", 1);
    round = service_->SendAlerts();
    EXPECT_EQ(round.mails, 1);
    EXPECT_EQ(round.projects, 1);
    EXPECT_EQ(Count("SELECT count(*) FROM mail_outbox"), 2);
    EXPECT_EQ(Count("SELECT count(*) FROM saved_search_notified WHERE search_id = " +
                    std::to_string(afrique)),
              2);
    // Alert off: no more mails.
    ASSERT_TRUE(service_->UpdateSearch(anne_, afrique, {"Afrique", "", false}));
    AddProject(13, "Écoles à Ségou", 2);
    EXPECT_EQ(service_->SendAlerts().mails, 0);
}

TEST_F(SpaceTest, UploadsCheckedByContentAndRefusalsStoreNothing) {
    const auto audit_before = Count("SELECT count(*) FROM audit_log");
    const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    struct Case {
        std::string name, content, expected;
    };
    const std::vector<Case> refused = {
        {"page.html", "<html><script>alert(1)</script></html>", "extension"},
        {"outil.exe", std::string("MZ\x90\0\x03\0\0\0", 8), "type de fichier"},
        {"image.pdf", std::string("\x89PNG\r\n\x1a\n\0\0", 10), "extension"},
        {"vide.pdf", "", "vide"},
        {"gros.pdf", "%PDF-" + std::string(kMaxUploadBytes, 'x'), "taille"},
        {"", pdf, "Choisissez"},
    };
    for (const auto& c : refused) {
        const auto r = service_->Upload(anne_, c.name, c.content, "10.0.0.1");
        ASSERT_FALSE(r) << c.name;
        EXPECT_EQ(r.error().field, "document");
        EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
    }
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 0);
    EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), audit_before);

    const auto id = service_->Upload(anne_, "C:\\dossier\\Compte rendu.PDF", pdf, "10.0.0.1");
    ASSERT_TRUE(id) << id.error().message;
    const auto doc = service_->GetDocument(bruno_, *id);  // same organisation
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->document.filename, "Compte rendu.PDF");
    EXPECT_EQ(doc->document.content_type, "application/pdf");
    EXPECT_EQ(doc->content, pdf);
    EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'document.upload' AND "
                    "record_id = '" +
                    std::to_string(*id) + "'"),
              1);
    EXPECT_EQ(service_->UsedBytes(1), static_cast<std::int64_t>(pdf.size()));
}

TEST_F(SpaceTest, AnotherOrganisationCannotReadOrDeleteADocument) {
    const auto id = *service_->Upload(anne_, "notes.txt", "Réunion du 3 mars\n", "10.0.0.1");
    EXPECT_EQ(service_->GetDocument(chloe_, id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->DeleteDocument(chloe_, id, "10.0.0.3").error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_->ListDocuments(chloe_)->empty());
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 1);
    ASSERT_TRUE(service_->DeleteDocument(bruno_, id, "10.0.0.2"));
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 0);
    EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'document.delete'"), 1);
    EXPECT_EQ(service_->GetDocument(anne_, id).error().code, ErrorCode::kNotFound);
}

TEST_F(SpaceTest, KeepsThePdfOfASearch) {
    const auto id = service_->KeepPdf(anne_, "continent=afrique", "https://portail.test", "ip");
    ASSERT_TRUE(id) << id.error().message;
    const auto doc = service_->GetDocument(anne_, *id);
    ASSERT_TRUE(doc);
    EXPECT_TRUE(doc->content.starts_with("%PDF-"));
    EXPECT_EQ(doc->document.kind, DocumentKind::kExtraction);
    EXPECT_EQ(doc->document.search_query, "continent=afrique");
    EXPECT_EQ(doc->document.size, static_cast<std::int64_t>(doc->content.size()));
    EXPECT_EQ(service_->KeepPdf(anne_, "from=abc", "", "ip").error().field, "query");
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 1);
}

// The pages, through the router with a signed-in principal as the accounts middleware sets it.
class SpaceRoutesTest : public SpaceTest {
  protected:
    void SetUp() override {
        SpaceTest::SetUp();
        RegisterSpaceRoutes(router_, *service_, templates_);
    }

    web::Response Send(const Principal* p, std::string method, std::string target,
                       std::string body = {}, std::string content_type = {}) {
        auto request = web::MakeRequest(std::move(method), std::move(target));
        request.body = std::move(body);
        if (!content_type.empty()) request.headers.emplace_back("content-type", content_type);
        auto auth = std::make_shared<accounts::RequestAuth>();
        if (p) auth->principal = *p;
        auth->csrf_token = "jeton";
        request.auth = auth;
        return web::Buffered(router_.Dispatch(request));
    }

    static std::string Multipart(const std::string& filename, const std::string& content) {
        return "--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\njeton\r\n"
               "--b\r\nContent-Disposition: form-data; name=\"document\"; filename=\"" +
               filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content +
               "\r\n--b--\r\n";
    }

    web::Templates templates_{cncd::testing::SourceRoot() / "templates"};
    web::Router router_;
};

TEST_F(SpaceRoutesTest, UploadDownloadAndAnotherOrganisationGets403) {
    const auto refused =
        Send(&anne_, "POST", "/mon-espace/documents", Multipart("page.html", "<script>x</script>"),
             "multipart/form-data; boundary=b");
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("id=\"document-erreur\""), std::string::npos);
    EXPECT_NE(refused.body.find("ne correspond pas à son contenu"), std::string::npos);
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 0);

    const auto stored = Send(&anne_, "POST", "/mon-espace/documents",
                             Multipart("bilan.csv", "commune;projets\nBrest;2\n"),
                             "multipart/form-data; boundary=b");
    ASSERT_EQ(stored.status, 303);
    const auto id =
        db().Read([](db::Connection& c) { return c.QueryInt("SELECT id FROM space_documents"); });
    const std::string href = "/mon-espace/documents/" + std::to_string(id);
    const auto page = Send(&bruno_, "GET", "/mon-espace/documents");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("bilan.csv"), std::string::npos);

    const auto download = Send(&bruno_, "GET", href);
    EXPECT_EQ(download.status, 200);
    EXPECT_EQ(download.body, "commune;projets\nBrest;2\n");
    EXPECT_EQ(download.content_type, "text/csv; charset=utf-8");
    bool attachment = false, nosniff = false;
    for (const auto& [name, value] : download.headers) {
        if (name == "Content-Disposition") attachment = value.starts_with("attachment;");
        if (name == "X-Content-Type-Options") nosniff = value == "nosniff";
    }
    EXPECT_TRUE(attachment);
    EXPECT_TRUE(nosniff);

    EXPECT_EQ(Send(&chloe_, "GET", href).status, 403);
    EXPECT_EQ(Send(&chloe_, "POST", href + "/supprimer", "csrf_token=jeton",
                   "application/x-www-form-urlencoded")
                  .status,
              403);
    EXPECT_EQ(Send(nullptr, "GET", href).status, 303);  // to the sign-in page
    EXPECT_EQ(Count("SELECT count(*) FROM space_documents"), 1);
}

TEST_F(SpaceRoutesTest, SaveFormShowsTheErrorNextToTheName) {
    const auto refused = Send(&anne_, "POST", "/mon-espace/recherches",
                              "csrf_token=jeton&name=&query=continent%3Dafrique",
                              "application/x-www-form-urlencoded");
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.body.find("id=\"recherche-nom-erreur\""), std::string::npos);
    EXPECT_NE(refused.body.find("Donnez un nom"), std::string::npos);
    const auto saved = Send(&anne_, "POST", "/mon-espace/recherches",
                            "csrf_token=jeton&name=Afrique&query=continent%3Dafrique&alert=1",
                            "application/x-www-form-urlencoded");
    EXPECT_EQ(saved.status, 303);
    const auto list = Send(&anne_, "GET", "/mon-espace/recherches");
    EXPECT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("Afrique"), std::string::npos);
    EXPECT_NE(list.body.find("2 projets"), std::string::npos);
}

}  // namespace
}  // namespace cncd::space

namespace cncd::space {
namespace {

TEST_F(SpaceTest, DocumentsFollowAMergedOrganisation) {
    const auto id = *service_->Upload(chloe_, "notes.txt", "Compte rendu\n", "10.0.0.3");
    db().Write([](db::Connection& c) {
        SpaceService::MoveOrganisation(c, 2, 1);
        return 0;
    });
    EXPECT_TRUE(service_->GetDocument(anne_, id));
    EXPECT_EQ(service_->UsedBytes(2), 0);
}

}  // namespace
}  // namespace cncd::space
