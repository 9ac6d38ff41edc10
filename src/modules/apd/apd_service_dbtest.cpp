#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "modules/apd/apd_json.hpp"
#include "modules/apd/apd_service.hpp"
#include "modules/apd/apd_test_fixture.hpp"

namespace cncd::apd {
namespace {

using testing::ApdFixture;
using testing::MakeLine;

class Declarations : public ::testing::Test, public ApdFixture {
  protected:
    void SetUp() override {
        ASSERT_TRUE(service().OpenCampaign(ministry, 2024).ok());  // 15 April – 31 May 2025
    }
    // A declaration of Cesson-Sévigné for 2024 with `lines`, saved inside the window.
    std::int64_t Declare(std::vector<Line> lines, bool nothing = false) {
        auto d = service().Create(cesson, 1, 2024, /*prefill=*/false);
        EXPECT_TRUE(d.ok()) << d.error().message;
        auto saved = service().SaveDraft(cesson, d->id, Draft{nothing, std::move(lines)});
        EXPECT_TRUE(saved.ok()) << saved.error().message;
        return d->id;
    }
    std::int64_t PublishedNiger() {
        return Int(
            "SELECT coalesce(sum(amount_eur), 0) FROM apd_amounts WHERE country_iso2 = 'NE'");
    }
};

TEST_F(Declarations, CampaignWindowDefaultsTo15AprilTo31MayOfTheNextYear) {
    const auto campaign = service().FindCampaign(2024);
    ASSERT_TRUE(campaign);
    EXPECT_EQ(campaign->opens_on, "2025-04-15");
    EXPECT_EQ(campaign->closes_on, "2025-05-31");
    EXPECT_EQ(service().OpenCampaign(cesson, 2025).error().code, ErrorCode::kPermissionDenied);
    const auto bad = service().OpenCampaign(ministry, 2025, "2026-06-01", "2026-05-01");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().field, "closes_on");
}

TEST_F(Declarations, SubmissionOutsideTheWindowIsRefusedAtTheFieldAndChangesNothing) {
    const auto id = Declare({MakeLine("NE", 25000)});
    SetToday("2025-06-03");
    const auto late = service().Submit(cesson, id);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(late.error().field, "year");
    EXPECT_NE(late.error().message.find("close depuis le 31 mai 2025"), std::string::npos)
        << late.error().message;
    EXPECT_EQ(service().Get(cesson, id)->current.state, State::kDraft);
    // Drafts are read-only too.
    EXPECT_EQ(service().SaveDraft(cesson, id, Draft{false, {MakeLine("NE", 1)}}).error().field,
              "year");
    EXPECT_EQ(service().Get(cesson, id)->lines.at(0).amount_eur, 25000);

    SetToday("2025-04-01");
    EXPECT_NE(service().Submit(cesson, id).error().message.find("ouvre le 15 avril 2025"),
              std::string::npos);

    // The ministry reopens Cesson-Sévigné only, until 20 June.
    SetToday("2025-06-03");
    EXPECT_EQ(service().Reopen(cesson, 2024, 1, "2025-06-20", "").error().code,
              ErrorCode::kPermissionDenied);
    ASSERT_TRUE(service().Reopen(ministry, 2024, 1, "2025-06-20", "Fusion de services").ok());
    const auto submitted = service().Submit(cesson, id);
    ASSERT_TRUE(submitted.ok()) << submitted.error().message;
    EXPECT_EQ(submitted->current.state, State::kSubmitted);
    EXPECT_EQ(submitted->current.submitted_by, cesson.name);
    // Bayonne is not reopened.
    SetToday("2025-05-10");
    auto bayonne_declaration = service().Create(bayonne, 2, 2024, false);
    ASSERT_TRUE(bayonne_declaration.ok());
    SetToday("2025-06-10");
    EXPECT_EQ(service().Submit(bayonne, bayonne_declaration->id).error().field, "year");
    SetToday("2025-06-21");
    EXPECT_EQ(service().SaveDraft(cesson, id, Draft{}).error().code,
              ErrorCode::kFailedPrecondition);
}

TEST_F(Declarations, ChecksGiveFrenchMessagesAtTheField) {
    auto d = service().Create(cesson, 1, 2024, false);
    ASSERT_TRUE(d.ok());
    const auto refused = [&](std::vector<Line> lines, bool nothing = false) {
        auto r = service().SaveDraft(cesson, d->id, Draft{nothing, std::move(lines)});
        EXPECT_FALSE(r.ok());
        return r.ok() ? Error{} : r.error();
    };
    auto e = refused({MakeLine("NE", 0)});
    EXPECT_EQ(e.field, "lines[0].amount_eur");
    EXPECT_EQ(e.message, "Le montant doit être un nombre entier d'euros supérieur à zéro.");
    EXPECT_EQ(refused({MakeLine("NE", -5)}).field, "lines[0].amount_eur");
    e = refused({MakeLine("NE", 100), MakeLine("SN", 50), MakeLine("NE", 200)});
    EXPECT_EQ(e.field, "lines[2].amount_eur");
    EXPECT_NE(e.message.find("reprend la ligne 1"), std::string::npos);
    EXPECT_EQ(refused({MakeLine("XX", 100)}).field, "lines[0].country_iso2");
    Line region = MakeLine("", 100);
    region.recipient_region = "999";
    EXPECT_EQ(refused({region}).field, "lines[0].recipient_region");
    Line channel = MakeLine("NE", 100);
    channel.channel_code = "99999";
    EXPECT_EQ(refused({channel}).field, "lines[0].channel_code");
    EXPECT_EQ(refused({MakeLine("NE", 100, "00000")}).field, "lines[0].purpose_code");
    Line marker = MakeLine("NE", 100);
    marker.markers[3] = 3;
    EXPECT_EQ(refused({marker}).field, "lines[0].markers.nutrition");
    Line project = MakeLine("NE", 100);
    project.project_id = 99;
    EXPECT_EQ(refused({project}).field, "lines[0].project_id");
    EXPECT_EQ(refused({MakeLine("NE", 100)}, true).field, "nothing_to_declare");
    // Nothing of it was written.
    EXPECT_EQ(Int("SELECT count(*) FROM apd_lines"), 0);

    // A country that is not APD-eligible: saved, with a warning giving the reason.
    auto saved = service().SaveDraft(cesson, d->id, Draft{false, {MakeLine("DE", 300)}});
    ASSERT_TRUE(saved.ok());
    ASSERT_EQ(saved->warnings.size(), 1u);
    EXPECT_EQ(saved->warnings[0].field, "lines[0].country_iso2");
    EXPECT_NE(saved->warnings[0].message.find("Allemagne n'est pas éligible"), std::string::npos);
    // The default aid type of the expenditure type is filled in.
    EXPECT_EQ(saved->declaration.lines[0].aid_type, "C01");

    // Submitting nothing at all is refused; "rien à déclarer" is accepted.
    ASSERT_TRUE(service().SaveDraft(cesson, d->id, Draft{false, {}}).ok());
    EXPECT_EQ(service().Submit(cesson, d->id).error().field, "lines");
    ASSERT_TRUE(service().SaveDraft(cesson, d->id, Draft{true, {}}).ok());
    const auto nothing = service().Submit(cesson, d->id);
    ASSERT_TRUE(nothing.ok());
    EXPECT_TRUE(nothing->current.nothing_to_declare);
    EXPECT_TRUE(service().HasDeclared(1, 2024));
}

TEST_F(Declarations, OnlyTheAuthorityActsOnItsDeclarationAndOnlyTheMinistryReviews) {
    const auto id = Declare({MakeLine("NE", 1000)});
    EXPECT_EQ(service().Get(bayonne, id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service().SaveDraft(bayonne, id, Draft{}).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service().Submit(bayonne, id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service().Create(bayonne, 1, 2024).error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(service().Submit(cesson, id).ok());
    EXPECT_EQ(service().Validate(cesson, id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(service().Return(cesson, id, "non").error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(service().Get(ministry, id).ok());
    EXPECT_EQ(service().List(cesson, 2024).error().code, ErrorCode::kPermissionDenied);
    const auto list = service().List(ministry, 2024);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->at(0).state, State::kSubmitted);
    EXPECT_EQ(list->at(0).total_eur, 1000);
}

TEST_F(Declarations, ACorrectionAfterSubmissionIsANewVersionAndOnlyValidatedOnesArePublished) {
    const auto id = Declare({MakeLine("NE", 40000), MakeLine("SN", 5000)});
    EXPECT_EQ(PublishedNiger(), 0);  // a draft is not published
    ASSERT_TRUE(service().Submit(cesson, id).ok());
    EXPECT_EQ(PublishedNiger(), 0);  // nor a submitted version
    EXPECT_FALSE(service().HasDeclared(2, 2024));
    EXPECT_TRUE(service().HasDeclared(1, 2024));
    EXPECT_EQ(service().SaveDraft(cesson, id, Draft{}).error().field, "state");

    ASSERT_TRUE(service().Validate(ministry, id).ok());
    EXPECT_EQ(PublishedNiger(), 40000);

    // A correction: version 2, the validated version 1 stays published meanwhile.
    auto v2 = service().SaveDraft(cesson, id, Draft{false, {MakeLine("NE", 42000)}});
    ASSERT_TRUE(v2.ok());
    EXPECT_EQ(v2->declaration.current.number, 2);
    EXPECT_EQ(v2->declaration.current.state, State::kDraft);
    EXPECT_EQ(v2->declaration.validated_number, 1);
    EXPECT_EQ(PublishedNiger(), 40000);
    ASSERT_TRUE(service().Submit(cesson, id).ok());

    // Returned with a comment (required): not published, the history keeps it.
    EXPECT_EQ(service().Return(ministry, id, "  ").error().field, "comment");
    auto returned =
        service().Return(ministry, id, "Le montant du Niger inclut une dépense de 2023.");
    ASSERT_TRUE(returned.ok());
    EXPECT_EQ(returned->current.state, State::kReturned);
    ASSERT_EQ(returned->comments.size(), 1u);
    EXPECT_EQ(returned->comments[0].kind, "return");
    EXPECT_EQ(returned->comments[0].version_number, 2);
    EXPECT_EQ(PublishedNiger(), 40000);
    EXPECT_EQ(service().Submit(cesson, id).error().code, ErrorCode::kFailedPrecondition);

    auto v3 = service().SaveDraft(cesson, id, Draft{false, {MakeLine("NE", 38000)}});
    ASSERT_TRUE(v3.ok());
    EXPECT_EQ(v3->declaration.current.number, 3);
    ASSERT_TRUE(service().Submit(cesson, id).ok());
    const auto validated = service().Validate(ministry, id, "Merci.");
    ASSERT_TRUE(validated.ok());
    EXPECT_EQ(PublishedNiger(), 38000);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_amounts WHERE country_iso2 = 'SN'"), 0);
    ASSERT_EQ(validated->versions.size(), 3u);
    EXPECT_EQ(validated->versions[0].state, State::kValidated);
    EXPECT_EQ(validated->versions[0].total_eur, 45000);
    EXPECT_EQ(validated->versions[1].state, State::kReturned);
    EXPECT_EQ(validated->versions[2].state, State::kValidated);
    EXPECT_EQ(validated->validated_number, 3);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_lines"), 4);  // 2 + 1 + 1: history kept
    const auto json = DeclarationJson(*validated);
    EXPECT_EQ(json["state"], "validee");
    EXPECT_EQ(json["state_label"], "Validée");
    EXPECT_EQ(json["validated_version"], 3);
    EXPECT_EQ(json["versions"].size(), 3u);
    EXPECT_EQ(json["versions"][1]["state"], "renvoyee");
    EXPECT_EQ(json["comments"][0]["body"], "Le montant du Niger inclut une dépense de 2023.");
    EXPECT_EQ(json["lines"][0]["amount_eur"], 38000);
}

TEST_F(Declarations, TheMinistrySeesWhoHasNotDeclared) {
    // Only Cesson-Sévigné has a project running in 2024 in an eligible country (Niger).
    auto missing = service().NotDeclared(ministry, 2024);
    ASSERT_TRUE(missing.ok());
    ASSERT_EQ(missing->size(), 1u);
    EXPECT_EQ(missing->at(0).name, "Cesson-Sévigné");
    EXPECT_EQ(missing->at(0).region, "Bretagne");
    EXPECT_EQ(missing->at(0).department, "Ille-et-Vilaine");
    EXPECT_TRUE(missing->at(0).state.empty());
    EXPECT_TRUE(service().NotDeclared(ministry, 2024, "region")->empty());
    EXPECT_EQ(service().NotDeclared(ministry, 2024, "commune", "53", "35")->size(), 1u);
    EXPECT_EQ(service().NotDeclared(cesson, 2024).error().code, ErrorCode::kPermissionDenied);
    const auto id = Declare({MakeLine("NE", 10)});
    EXPECT_EQ(service().NotDeclared(ministry, 2024)->at(0).state, "brouillon");
    ASSERT_TRUE(service().Submit(cesson, id).ok());
    EXPECT_TRUE(service().NotDeclared(ministry, 2024)->empty());
}

TEST_F(Declarations, TwoSubmissionsAtOnceGiveOneSubmittedVersion) {
    const auto id = Declare({MakeLine("NE", 1000)});
    std::atomic<int> accepted = 0;
    std::atomic<int> refused = 0;
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            const auto r = service().Submit(cesson, id);
            if (r.ok())
                ++accepted;
            else if (r.error().code == ErrorCode::kFailedPrecondition && r.error().field == "state")
                ++refused;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted.load(), 1);
    EXPECT_EQ(refused.load(), 7);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_versions WHERE state = 'soumise'"), 1);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_versions"), 1);
}

TEST_F(Declarations, PrefilledFromTheAtlasProjectsThenFromLastYear) {
    // 2024: from the Atlas: one line per project with the authority's own funds that year.
    auto d = service().Create(cesson, 1, 2024);
    ASSERT_TRUE(d.ok()) << d.error().message;
    ASSERT_EQ(d->lines.size(), 2u);
    EXPECT_EQ(d->lines[0].country_iso2, "NE");
    EXPECT_EQ(d->lines[0].purpose_code, "14030");
    EXPECT_EQ(d->lines[0].amount_eur, 30000);
    EXPECT_EQ(d->lines[0].project_id, 1);
    EXPECT_EQ(d->lines[1].purpose_code, "12220");
    EXPECT_EQ(service().Create(cesson, 1, 2024).error().code, ErrorCode::kAlreadyExists);
    ASSERT_TRUE(service().SaveDraft(cesson, d->id, Draft{false, {MakeLine("VN", 777)}}).ok());

    // 2025: from last year's lines.
    ASSERT_TRUE(service().OpenCampaign(ministry, 2025, "2025-04-01", "2026-05-31").ok());
    auto next = service().Create(cesson, 1, 2025);
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->lines.size(), 1u);
    EXPECT_EQ(next->lines[0].country_iso2, "VN");
    EXPECT_EQ(next->lines[0].amount_eur, 777);
    EXPECT_EQ(next->current.state, State::kDraft);
    EXPECT_FALSE(service().HasDeclared(1, 2025));

    // 2030, after years without a declaration nor a running project with own funds: the latest
    // earlier declaration (2025's).
    ASSERT_TRUE(service().OpenCampaign(ministry, 2030, "2025-04-01", "2031-05-31").ok());
    auto later = service().Create(cesson, 1, 2030);
    ASSERT_TRUE(later.ok()) << later.error().message;
    ASSERT_EQ(later->lines.size(), 1u);
    EXPECT_EQ(later->lines[0].country_iso2, "VN");
}

TEST_F(Declarations, ADirectWriteToApdAmountsIsAValidatedLine) {
    db().Write([](db::Connection& c) {
        return c.Execute(
            "INSERT INTO apd_amounts (authority_id, country_iso2, year, amount_eur) VALUES"
            " (2, 'SN', 2019, 1500), (2, 'HT', 2019, 500)");
    });
    EXPECT_EQ(Int("SELECT sum(amount_eur) FROM apd_amounts WHERE authority_id = 2"), 2000);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_declarations WHERE authority_id = 2 AND year = 2019"),
              1);
    EXPECT_EQ(Int("SELECT count(*) FROM apd_versions WHERE state = 'validee'"), 1);
    EXPECT_TRUE(service().HasDeclared(2, 2019));
}

}  // namespace
}  // namespace cncd::apd

namespace cncd::apd {
namespace {

TEST(DraftJson, RefusesANonNumericOrNegativeAmountAtItsField) {
    const auto parse = [](const char* text) { return ParseDraftJson(nlohmann::json::parse(text)); };
    auto ok = parse(R"({"lines": [{"country_iso2": "NE", "channel_code": "12002",
        "purpose_code": "14030", "expenditure_type": "cooperation", "amount_eur": 1200,
        "markers": {"gender": 2}, "project_id": 1, "comment": "Forages"}]})");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->lines.at(0).amount_eur, 1200);
    EXPECT_EQ(ok->lines[0].markers[0], 2);
    EXPECT_EQ(ok->lines[0].project_id, 1);
    EXPECT_EQ(LineJson(ok->lines[0])["markers"]["gender"], 2);

    EXPECT_EQ(parse(R"({"lines": [{"amount_eur": "12a"}]})").error().field, "lines[0].amount_eur");
    EXPECT_EQ(parse(R"({"lines": [{}, {"amount_eur": 12.5}]})").error().field,
              "lines[0].amount_eur");
    EXPECT_EQ(parse(R"({"lines": [{"amount_eur": 5}, {"amount_eur": 12.5}]})").error().field,
              "lines[1].amount_eur");
    // A negative whole amount parses; the service refuses it at the same field.
    EXPECT_TRUE(parse(R"({"lines": [{"amount_eur": -5}]})").ok());
    EXPECT_EQ(parse(R"({"lines": [{"amount_eur": 5, "markers": {"nutrition": 3}}]})").error().field,
              "lines[0].markers.nutrition");
    EXPECT_EQ(parse(R"({"lines": [{"amount_eur": 5, "country_iso2": 12}]})").error().field,
              "lines[0].country_iso2");
    EXPECT_EQ(parse(R"({"nothing_to_declare": "oui"})").error().field, "nothing_to_declare");
    EXPECT_EQ(parse(R"([1])").error().field, "body");
}

}  // namespace
}  // namespace cncd::apd
