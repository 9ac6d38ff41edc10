#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "modules/accounts/audit.hpp"
#include "modules/atlas/atlas_service.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "modules/fiches/fiches_service.hpp"
#include "modules/fiches/fiches_test_support.hpp"
#include "modules/search/search_query.hpp"
#include "modules/search/search_service.hpp"
#include "modules/search/search_test_support.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::fiches {
namespace {

using namespace testing;

class FicheServiceTest : public ::testing::Test {
  protected:
    FicheServiceTest() : service_(db_.db(), [this] { return now_; }) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(atlas::fixture::kAtlasFixture);
            c.ExecuteScript(kActorsFixture);
            return 0;
        });
    }

    FicheInput InputOf(std::int64_t id) {
        auto current = service_.GetForEdit(MinistryAdmin(), id);
        EXPECT_TRUE(current) << current.error().message;
        return FicheService::InputOf(current->fiche);
    }
    int VersionOf(std::int64_t id) { return service_.GetForEdit(MinistryAdmin(), id)->version; }
    std::int64_t Count(const std::string& sql) {
        return db_.db().Read([&](db::Connection& c) { return c.QueryInt(sql); });
    }

    cncd::testing::TempDatabase db_;
    std::chrono::system_clock::time_point now_ = FixedNow();
    FicheService service_;
};

TEST(FichePolicy, CanEditMatrix) {
    const ProjectOwners project{3, {1}};  // Bayonne leads, the Région is associated
    EXPECT_TRUE(CanEdit(Bayonne(), project));
    EXPECT_TRUE(CanEdit(Region(), project));
    EXPECT_FALSE(CanEdit(Paris(), project));
    EXPECT_FALSE(CanEdit(Instructor(), project));  // instructors review, they do not edit
    EXPECT_TRUE(CanEdit(MinistryAdmin(), project));
    EXPECT_FALSE(CanEdit(NoAuthority(), project));
    EXPECT_FALSE(CanEdit(Paris(), ProjectOwners{}));
    EXPECT_FALSE(Allowed(Bayonne(), FicheAction::kRevert, &project));
    EXPECT_FALSE(Allowed(Instructor(), FicheAction::kRevert, &project));
    EXPECT_TRUE(Allowed(MinistryAdmin(), FicheAction::kRevert, &project));
    EXPECT_FALSE(Allowed(MinistryAdmin(), FicheAction::kEdit, nullptr));
    EXPECT_TRUE(Allowed(Bayonne(), FicheAction::kCreate, nullptr));
    EXPECT_FALSE(Allowed(NoAuthority(), FicheAction::kCreate, nullptr));
    EXPECT_FALSE(Allowed(Bayonne(), FicheAction::kReviewAll, nullptr));
    EXPECT_TRUE(Allowed(Instructor(), FicheAction::kReviewAll, nullptr));
}

TEST_F(FicheServiceTest, CreateStoresVersionOneLedByTheActorsAuthority) {
    FicheInput in;
    in.title = "Coopération hospitalière avec Saint-Louis";
    in.kind = "cooperation";
    in.status = "active";
    in.start_year = 2025;
    in.themes = {5};
    in.partners = {13};
    in.financing = {{std::nullopt, 2025, 12000}, {1, 2025, 8000}};
    const auto saved = service_.Create(Bayonne(), in);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 1);
    const auto current = service_.GetForEdit(Bayonne(), saved->project_id);
    ASSERT_TRUE(current);
    EXPECT_EQ(current->fiche.lead->id, 3);
    EXPECT_EQ(current->fiche.partners.at(0).name, "Saint-Louis (Sénégal)");
    EXPECT_EQ(current->fiche.financing.size(), 2u);
    EXPECT_EQ(current->updated_at, "2026-11-26 12:00:00");
    const auto history = service_.GetHistory(Bayonne(), saved->project_id);
    ASSERT_EQ(history->versions.size(), 1u);
    EXPECT_EQ(history->versions[0].author_name, "Anne Etcheverry");
    EXPECT_EQ(history->versions[0].summary, "Création de la fiche");
}

TEST_F(FicheServiceTest, EditIsSeenByThePublicAtlasAndTheSearchAtOnce) {
    atlas::AtlasService atlas(db_.db());
    search::SearchService search(db_.db());
    ASSERT_EQ((*atlas.GetProject(1))->title, "Accès à l'eau à Dakar");
    const auto query = *search::ParseSearchQuery({{"q", "zanzibarite"}});
    EXPECT_EQ(search.Search(query)->total, 0);

    FicheInput in = InputOf(1);
    in.title = "Accès à l’eau et zanzibarite à Dakar";
    in.objectives = "Raccorder 2 000 foyers.";
    const auto saved = service_.Update(Bayonne(), 1, 1, in);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_EQ(saved->version, 2);

    EXPECT_EQ((*atlas.GetProject(1))->title, "Accès à l’eau et zanzibarite à Dakar");
    EXPECT_EQ((*atlas.GetProject(1))->objectives, "Raccorder 2 000 foyers.");
    const auto found = search.Search(query);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->total, 1);
    EXPECT_EQ(found->items.at(0).id, 1);
}

TEST_F(FicheServiceTest, FirstEditKeepsTheImportedFicheAsVersionOneAndDiffsIt) {
    FicheInput in = InputOf(1);
    in.title = "Accès à l’eau potable à Dakar";
    in.themes = {2, 5};
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, in));
    const auto history = service_.GetHistory(Bayonne(), 1);
    ASSERT_EQ(history->versions.size(), 2u);
    EXPECT_EQ(history->versions[0].version, 2);
    EXPECT_EQ(history->versions[0].summary, "Modification : titre, thématiques");
    EXPECT_EQ(history->versions[1].action, VersionAction::kBaseline);

    const auto diff = service_.Diff(Bayonne(), 1, 1, 2);
    ASSERT_TRUE(diff);
    std::map<std::string, FieldDiff> fields;
    for (const auto& f : diff->fields) fields[f.key] = f;
    EXPECT_TRUE(fields["title"].changed);
    EXPECT_FALSE(fields["description"].changed);
    EXPECT_EQ(fields["themes"].added, std::vector<std::string>{"Santé"});
    bool inserted = false;
    for (const auto& s : fields["title"].segments)
        inserted |= s.op == DiffSegment::Op::kInsert && s.text.find("potable") != std::string::npos;
    EXPECT_TRUE(inserted);
}

TEST_F(FicheServiceTest, OutdatedVersionIsRefusedAndChangesNothing) {
    FicheInput first = InputOf(1);
    first.title = "Première modification";
    ASSERT_TRUE(service_.Update(Region(), 3, 1, InputOf(3)));  // another fiche: no effect on 1
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, first));
    FicheInput late = first;
    late.title = "Modification faite sur l’ancienne version";
    const auto refused = service_.Update(MinistryAdmin(), 1, 1, late);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(refused.error().field, "version");
    EXPECT_NE(refused.error().message.find("Anne Etcheverry"), std::string::npos);
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 1)->fiche.title, "Première modification");
    EXPECT_EQ(VersionOf(1), 2);
}

TEST_F(FicheServiceTest, InvalidInputNamesTheFieldAndRollsBack) {
    FicheInput in = InputOf(1);
    in.title = "Nouveau titre";
    in.partners = {12, 999};
    auto refused = service_.Update(Bayonne(), 1, 1, in);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "partners");
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 1)->fiche.title, "Accès à l'eau à Dakar");
    EXPECT_EQ(Count("SELECT COUNT(*) FROM project_versions"), 0);

    in = InputOf(1);
    in.title = std::string(301, 'a');
    in.start_year = 2012;
    in.end_year = 2010;
    in.financing = {{1, 2012, 0}};
    const auto errors = service_.Validate(Bayonne(), in, false);
    std::vector<std::string> fields;
    for (const auto& e : errors) fields.push_back(e.field);
    EXPECT_EQ(fields, (std::vector<std::string>{"title", "end_year", "financing[0].amount_eur"}));
    in.title = "  ";
    EXPECT_EQ(service_.Update(Bayonne(), 1, 1, in).error().message, "Indiquez le titre du projet.");
}

TEST_F(FicheServiceTest, OnlyOwnersAndMinistryAdministratorsEdit) {
    EXPECT_EQ(service_.Update(Paris(), 1, 1, InputOf(1)).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_.Update(Bayonne(), 3, 1, InputOf(3)));  // associate of project 3
    EXPECT_EQ(service_.Update(Instructor(), 1, 1, InputOf(1)).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_.Update(MinistryAdmin(), 1, 1, InputOf(1)));
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 999).error().code, ErrorCode::kNotFound);
}

TEST_F(FicheServiceTest, EveryChangeIsInTheAuditLogAndARefusedOneIsNot) {
    auto input = InputOf(1);
    input.title = "Coopération eau et assainissement à Tambacounda";
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, input));
    ASSERT_FALSE(service_.Update(Paris(), 1, 2, input));
    const auto entries = db_.db().Read([](db::Connection& c) {
        return accounts::AuditLog::List(c, {.record_type = "project", .record_id = "1"});
    });
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "project.edit");
    EXPECT_EQ(entries[0].actor_user_id, Bayonne().user_id);
    EXPECT_EQ(entries[0].after["title"], input.title);
    EXPECT_NE(entries[0].before["title"], input.title);
}

TEST_F(FicheServiceTest, CloseFinishesTheProjectOnce) {
    const auto closed = service_.Close(Bayonne(), 1, 1, 2025);
    ASSERT_TRUE(closed) << closed.error().message;
    const auto fiche = service_.GetForEdit(Bayonne(), 1)->fiche;
    EXPECT_EQ(fiche.status, "finished");
    EXPECT_EQ(fiche.end_year, 2025);
    EXPECT_EQ(service_.Close(Bayonne(), 1, 2, std::nullopt).error().code,
              ErrorCode::kFailedPrecondition);
    EXPECT_EQ(service_.Close(Bayonne(), 7, 1, 2027).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.Close(Paris(), 5, 1, 2000).error().field, "end_year");  // before 2016
}

TEST_F(FicheServiceTest, RevertRestoresThePreviousVersionAsANewOne) {
    FicheInput in = InputOf(1);
    const auto original = service_.GetForEdit(Bayonne(), 1)->fiche;
    in.title = "Titre erroné";
    in.partners = {};
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, in));
    EXPECT_EQ(service_.Revert(Bayonne(), 1, 2).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.Revert(Instructor(), 1, 2).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_.Revert(MinistryAdmin(), 1, 1).error().code, ErrorCode::kInvalidArgument);
    const auto reverted = service_.Revert(MinistryAdmin(), 1, 2);
    ASSERT_TRUE(reverted) << reverted.error().message;
    EXPECT_EQ(reverted->version, 3);
    EXPECT_EQ(service_.GetForEdit(Bayonne(), 1)->fiche, original);
    const auto history = service_.GetHistory(MinistryAdmin(), 1);
    ASSERT_EQ(history->versions.size(), 3u);
    EXPECT_EQ(history->versions[0].author_name, "Marc Durand");
    EXPECT_EQ(history->versions[0].reverted_version, 2);
    EXPECT_EQ(history->versions[0].summary, "Annulation de la version 2 (retour à la version 1)");
}

TEST_F(FicheServiceTest, RecentChangesFilterByPlaceAuthorityAndDate) {
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, InputOf(1)));
    now_ += std::chrono::hours(24 * 3);
    ASSERT_TRUE(service_.Update(Paris(), 5, 1, InputOf(5)));
    EXPECT_EQ(service_.RecentChanges(Bayonne(), {}).error().code, ErrorCode::kPermissionDenied);
    const auto all = service_.RecentChanges(Instructor(), {});
    ASSERT_TRUE(all);
    ASSERT_EQ(all->total, 2);
    EXPECT_EQ(all->items[0].project_title, "École à Bamako");  // newest first
    EXPECT_EQ(all->items[1].region_name, "Nouvelle-Aquitaine");
    ChangeFilter f;
    f.region_code = "75";
    EXPECT_EQ(service_.RecentChanges(Instructor(), f)->total, 1);
    f = {};
    f.department_code = "64";
    EXPECT_EQ(service_.RecentChanges(Instructor(), f)->total, 1);
    f = {};
    f.authority_id = 5;
    EXPECT_EQ(service_.RecentChanges(Instructor(), f)->items.at(0).info.project_id, 5);
    f = {};
    f.from = "2026-11-27";
    EXPECT_EQ(service_.RecentChanges(Instructor(), f)->total, 1);
    f.from = "2026-13-01";
    EXPECT_EQ(service_.RecentChanges(Instructor(), f).error().field, "de");
}

TEST_F(FicheServiceTest, QualityScoreCountsEachRuleAndListsWhatToFix) {
    // Bayonne leads project 1: no objectives, no description, a partner without coordinates,
    // no financing; SIREN and INSEE known. 12 checks, 8 met.
    auto report = service_.Quality(Bayonne(), 3);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->fiches, 1);
    EXPECT_EQ(report->checks, 12);
    EXPECT_EQ(report->passed, 8);
    EXPECT_EQ(report->score, 67);
    std::vector<std::string> checks;
    for (const auto& i : report->issues) checks.push_back(i.check);
    EXPECT_EQ(checks,
              (std::vector<std::string>{"objectives", "description", "located", "financing"}));
    EXPECT_EQ(report->issues[0].project_id, 1);

    // Not updated for more than 2 years (before 2024-11-26): one more issue.
    db_.db().Write([](db::Connection& c) {
        return c.Execute("UPDATE projects SET updated_at = '2024-11-25 10:00:00' WHERE id = 1");
    });
    report = service_.Quality(Bayonne(), 3);
    EXPECT_EQ(report->stale, 1);
    EXPECT_EQ(report->score, 58);
    EXPECT_EQ(report->issues.back().check, "stale");
    EXPECT_NE(report->issues.back().message.find("25 novembre 2024"), std::string::npos);

    // Fixing the fiche raises the score; saving it makes it fresh again.
    FicheInput in = InputOf(1);
    in.objectives = "Raccorder les quartiers.";
    in.description = "Forages et bornes-fontaines.";
    in.financing = {{1, 2024, 5000}};
    ASSERT_TRUE(service_.Update(Bayonne(), 1, 1, in));
    report = service_.Quality(Bayonne(), 3);
    EXPECT_EQ(report->passed, 11);
    EXPECT_EQ(report->stale, 0);

    EXPECT_EQ(service_.Quality(Paris(), 3).error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service_.Quality(Instructor(), 3));
}

TEST_F(FicheServiceTest, QualityOverviewPutsTheWorstFirst) {
    EXPECT_EQ(service_.QualityOverview(Bayonne(), "").error().code, ErrorCode::kPermissionDenied);
    const auto reports = service_.QualityOverview(Instructor(), "");
    ASSERT_TRUE(reports);
    EXPECT_EQ(reports->size(), 5u);  // the five authorities that lead a project
    EXPECT_TRUE(std::is_sorted(
        reports->begin(), reports->end(),
        [](const QualityReport& a, const QualityReport& b) { return a.score < b.score; }));
    EXPECT_EQ(service_.QualityOverview(Instructor(), "11")->size(), 1u);
}

TEST_F(FicheServiceTest, PickListsFindAndResolveNames) {
    const auto suggestions = service_.SuggestPartners("saint lou");
    ASSERT_EQ(suggestions.size(), 1u);
    EXPECT_EQ(suggestions[0].label, "Saint-Louis (Sénégal) [13]");
    EXPECT_EQ(*service_.ResolvePartner("Saint-Louis (Sénégal) [13]", "partner_add"), 13);
    EXPECT_EQ(*service_.ResolvePartner("dakar", "partner_add"), 12);
    EXPECT_EQ(service_.ResolvePartner("Tombouctou", "partner_add").error().field, "partner_add");
    EXPECT_EQ(*service_.ResolveAuthority("Bayonne", "associate_add"), 3);
}

// The score on the demo (13,000 projects, 4,800 authorities): every leading authority gets one.
TEST(FicheQualityDemo, EveryLeadingAuthorityHasAScore) {
    FicheService service(search::testing::DemoDatabase(), [] { return FixedNow(); });
    const auto start = std::chrono::steady_clock::now();
    const auto reports = service.QualityOverview(MinistryAdmin(), "");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    ASSERT_TRUE(reports);
    ASSERT_FALSE(reports->empty());
    std::array<int, 11> bands{};
    std::int64_t fiches = 0;
    std::int64_t stale = 0;
    for (const auto& r : *reports) {
        ASSERT_GE(r.score, 0);
        ASSERT_LE(r.score, 100);
        ++bands[static_cast<std::size_t>(r.score / 10)];
        fiches += r.fiches;
        stale += r.stale;
    }
    EXPECT_EQ(fiches, 13000);
    std::printf("demo quality: %zu authorities, %lld fiches, %lld stale, computed in %lld ms\n",
                reports->size(), static_cast<long long>(fiches), static_cast<long long>(stale),
                static_cast<long long>(ms));
    for (std::size_t b = 0; b < bands.size(); ++b)
        std::printf("  score %3zu-%3zu: %d\n", b * 10, b == 10 ? 100 : b * 10 + 9, bands[b]);
    std::printf("  worst: %s %d, median %d, best %d\n", reports->front().authority_name.c_str(),
                reports->front().score, (*reports)[reports->size() / 2].score,
                reports->back().score);
}

}  // namespace
}  // namespace cncd::fiches
