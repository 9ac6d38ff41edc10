#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "modules/atlas/atlas_service.hpp"
#include "modules/atlas/atlas_test_fixture.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::atlas {
namespace {

class AtlasServiceTest : public ::testing::Test {
  protected:
    AtlasServiceTest() : service_(db_.db()) {
        db_.db().Write([](db::Connection& c) {
            c.ExecuteScript(fixture::kAtlasFixture);
            return 0;
        });
    }

    std::shared_ptr<const LevelFigures> Level(LevelKind kind, std::string key = {},
                                              const Filters& filters = {}) {
        auto result = service_.GetLevel({kind, std::move(key)}, filters);
        EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
        return result.ok() ? result.value() : std::make_shared<const LevelFigures>();
    }

    testing::TempDatabase db_;
    AtlasService service_;
};

const Child* FindChild(const LevelFigures& f, const std::string& name) {
    for (const auto& c : f.children) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

std::vector<std::string> ChildNames(const LevelFigures& f) {
    std::vector<std::string> out;
    for (const auto& c : f.children) out.push_back(c.name);
    return out;
}

std::vector<std::string> Titles(const ProjectPage& page) {
    std::vector<std::string> out;
    for (const auto& p : page.items) out.push_back(p.title);
    return out;
}

TEST_F(AtlasServiceTest, WorldCountsEveryProjectAuthorityPartnerCountryAndTopLevelTheme) {
    const auto world = Level(LevelKind::kWorld);
    EXPECT_EQ(world->counts.projects, 7);
    EXPECT_EQ(world->counts.authorities, 6);
    EXPECT_EQ(world->counts.partners, 6);
    EXPECT_EQ(world->counts.countries, 5);
    // Eau potable counts as its parent Eau et assainissement: 4 top-level themes, not 5.
    EXPECT_EQ(world->counts.themes, 4);
    EXPECT_EQ(world->name, "Monde");
    EXPECT_TRUE(world->ancestors.empty());
}

TEST_F(AtlasServiceTest, WorldListsEveryContinentWithItsCounts) {
    const auto world = Level(LevelKind::kWorld);
    EXPECT_EQ(ChildNames(*world),
              (std::vector<std::string>{"Afrique", "Amériques", "Asie", "Europe", "Océanie"}));
    const auto* africa = FindChild(*world, "Afrique");
    ASSERT_NE(africa, nullptr);
    EXPECT_EQ(africa->counts.projects, 4);
    EXPECT_EQ(africa->counts.partners, 3);
    EXPECT_EQ(africa->counts.countries, 2);
    EXPECT_EQ(FindChild(*world, "Océanie")->counts.projects, 0);
}

TEST_F(AtlasServiceTest, WorldApdSumsEveryAuthorityByYearMostRecentFirst) {
    const auto world = Level(LevelKind::kWorld);
    ASSERT_EQ(world->apd.size(), 3u);
    EXPECT_EQ(world->apd[0].year, 2011);
    EXPECT_EQ(world->apd[0].amount_eur, 2800);
    EXPECT_EQ(world->apd[1].year, 2010);
    EXPECT_EQ(world->apd[1].amount_eur, 4000);
    EXPECT_EQ(world->apd[2].year, 2008);
    EXPECT_EQ(world->apd[2].amount_eur, 5000);
}

TEST_F(AtlasServiceTest, ContinentCountsItsPartnersAndEveryAuthorityOfTheirProjects) {
    const auto asia = Level(LevelKind::kContinent, "asie");
    EXPECT_EQ(asia->name, "Asie");
    EXPECT_EQ(asia->counts.projects, 2);
    // Région NA and Bayonne (New Delhi), Paris and the CA Pays Basque (Pékin).
    EXPECT_EQ(asia->counts.authorities, 4);
    EXPECT_EQ(asia->counts.partners, 2);
    EXPECT_EQ(asia->counts.countries, 2);
    EXPECT_EQ(asia->counts.themes, 1);
    ASSERT_EQ(asia->apd.size(), 2u);
    EXPECT_EQ(asia->apd[0].year, 2010);
    EXPECT_EQ(asia->apd[0].amount_eur, 3000);
    EXPECT_EQ(asia->apd[1].amount_eur, 5000);
    EXPECT_EQ(ChildNames(*asia), (std::vector<std::string>{"Chine", "Inde"}));
    ASSERT_EQ(asia->ancestors.size(), 1u);
    EXPECT_EQ(asia->ancestors[0].ref.kind, LevelKind::kWorld);
}

TEST_F(AtlasServiceTest, CountryListsItsPartnersWithAuthoritiesProjectsAndThemes) {
    const auto senegal = Level(LevelKind::kCountry, "sn");
    EXPECT_EQ(senegal->name, "Sénégal");
    EXPECT_EQ(senegal->country_iso2, "SN");
    EXPECT_EQ(senegal->continent_slug, "afrique");
    EXPECT_EQ(senegal->counts.projects, 3);
    EXPECT_EQ(senegal->counts.authorities, 3);
    EXPECT_EQ(senegal->counts.partners, 2);
    EXPECT_EQ(ChildNames(*senegal), (std::vector<std::string>{"Dakar", "Saint-Louis"}));
    const auto* dakar = FindChild(*senegal, "Dakar");
    EXPECT_EQ(dakar->ref.kind, LevelKind::kPartner);
    EXPECT_EQ(dakar->ref.key, "12");
    EXPECT_EQ(dakar->counts.projects, 3);
    EXPECT_EQ(dakar->counts.authorities, 3);
    EXPECT_EQ(dakar->counts.themes, 3);
    const auto* saint_louis = FindChild(*senegal, "Saint-Louis");
    EXPECT_EQ(saint_louis->counts.projects, 1);
    EXPECT_EQ(saint_louis->counts.themes, 2);
    ASSERT_EQ(senegal->apd.size(), 2u);
    EXPECT_EQ(senegal->apd[0].amount_eur, 2000);
}

TEST_F(AtlasServiceTest, CountryGroupsAuthoritiesInTheAtlasOrder) {
    const auto senegal = Level(LevelKind::kCountry, "SN");
    ASSERT_EQ(senegal->authority_groups.size(), 2u);
    EXPECT_EQ(senegal->authority_groups[0].kind, AuthorityKind::kDepartement);
    EXPECT_EQ(senegal->authority_groups[0].count, 1);
    EXPECT_EQ(senegal->authority_groups[1].kind, AuthorityKind::kCommune);
    ASSERT_EQ(senegal->authority_groups[1].members.size(), 2u);
    EXPECT_EQ(senegal->authority_groups[1].members[0].name, "Bayonne");
    EXPECT_EQ(senegal->authority_groups[1].members[1].name, "Bordeaux");
    EXPECT_EQ(senegal->authority_groups[1].members[1].projects, 1);
}

TEST_F(AtlasServiceTest, HidingOtherActionsKeepsOnlyDecentralisedCooperation) {
    Filters filters;
    filters.other_actions = false;
    const auto senegal = Level(LevelKind::kCountry, "sn", filters);
    EXPECT_EQ(senegal->counts.projects, 2);  // Accès à l'eau, Échanges culturels
    EXPECT_EQ(senegal->counts.partners, 1);
    EXPECT_EQ(senegal->counts.authorities, 2);
    EXPECT_EQ(ChildNames(*senegal), (std::vector<std::string>{"Dakar"}));
    // APD is declared per country and year, not per project: it does not change.
    EXPECT_EQ(senegal->apd[0].amount_eur, 2000);
}

TEST_F(AtlasServiceTest, HidingDecentralisedCooperationKeepsOnlyOtherActions) {
    Filters filters;
    filters.decentralised = false;
    const auto senegal = Level(LevelKind::kCountry, "sn", filters);
    EXPECT_EQ(senegal->counts.projects, 1);  // Santé à Saint-Louis (Oudin-Santini)
    EXPECT_EQ(senegal->counts.partners, 2);
    EXPECT_EQ(senegal->counts.authorities, 1);
    const auto world = Level(LevelKind::kWorld, {}, filters);
    EXPECT_EQ(world->counts.projects, 3);
}

TEST_F(AtlasServiceTest, HidingBothGroupsLeavesNothing) {
    Filters filters;
    filters.decentralised = false;
    filters.other_actions = false;
    const auto world = Level(LevelKind::kWorld, {}, filters);
    EXPECT_EQ(world->counts.projects, 0);
    EXPECT_EQ(world->counts.authorities, 0);
}

TEST_F(AtlasServiceTest, ThemeFilterIncludesSubThemes) {
    Filters water;
    water.theme = "eau-assainissement";
    const auto world = Level(LevelKind::kWorld, {}, water);
    EXPECT_EQ(world->counts.projects, 2);  // Accès à l'eau (Eau potable), Santé à Saint-Louis
    EXPECT_EQ(world->counts.themes, 2);    // Eau et assainissement, Santé
    Filters drinking;
    drinking.theme = "eau-potable";
    EXPECT_EQ(Level(LevelKind::kWorld, {}, drinking)->counts.projects, 1);
}

TEST_F(AtlasServiceTest, KindFilterKeepsOneDetailedKind) {
    Filters filters;
    filters.kind = ProjectKind::kTwinning;
    const auto world = Level(LevelKind::kWorld, {}, filters);
    EXPECT_EQ(world->counts.projects, 1);
    EXPECT_EQ(world->counts.countries, 1);
}

TEST_F(AtlasServiceTest, UnknownThemeIsAnInvalidArgumentNamingTheField) {
    Filters filters;
    filters.theme = "inconnue";
    const auto result = service_.GetLevel(LevelRef::World(), filters);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(result.error().field, "theme");
}

TEST_F(AtlasServiceTest, UnknownLevelsAreNotFound) {
    for (const LevelRef& ref : std::vector<LevelRef>{{LevelKind::kContinent, "atlantide"},
                                                     {LevelKind::kCountry, "zz"},
                                                     {LevelKind::kPartner, "999"},
                                                     {LevelKind::kPartner, "abc"},
                                                     {LevelKind::kRegion, "bretagne"},
                                                     {LevelKind::kDepartment, "99"},
                                                     {LevelKind::kAuthority, "0"}}) {
        const auto result = service_.GetLevel(ref, {});
        ASSERT_FALSE(result.ok()) << ref.key;
        EXPECT_EQ(result.error().code, ErrorCode::kNotFound) << ref.key;
    }
}

TEST_F(AtlasServiceTest, PartnerLevelHasItsAuthoritiesAndNoApd) {
    const auto dakar = Level(LevelKind::kPartner, "12");
    EXPECT_EQ(dakar->name, "Dakar");
    EXPECT_EQ(dakar->counts.projects, 3);
    EXPECT_EQ(dakar->counts.authorities, 3);
    EXPECT_EQ(dakar->counts.partners, 1);
    EXPECT_FALSE(dakar->has_apd);
    EXPECT_TRUE(dakar->apd.empty());
    ASSERT_TRUE(dakar->partner.has_value());
    EXPECT_EQ(dakar->partner->country_name, "Sénégal");
    EXPECT_EQ(dakar->partner->location_precision, "city");
    ASSERT_EQ(dakar->ancestors.size(), 3u);
    EXPECT_EQ(dakar->ancestors[1].name, "Afrique");
    EXPECT_EQ(dakar->ancestors[2].name, "Sénégal");
}

TEST_F(AtlasServiceTest,
       FranceListsEveryRegionButIdleOverseasCollectivitiesCountingOnlyItsOwnAuthorities) {
    const auto france = Level(LevelKind::kFrance);
    EXPECT_EQ(france->counts.projects, 7);
    EXPECT_EQ(france->counts.authorities, 6);
    EXPECT_EQ(ChildNames(*france),
              (std::vector<std::string>{"Île-de-France", "Nouvelle-Aquitaine"}));
    const auto* idf = FindChild(*france, "Île-de-France");
    EXPECT_EQ(idf->ref.key, "ile-de-france");
    EXPECT_EQ(idf->counts.projects, 2);
    EXPECT_EQ(idf->counts.authorities, 1);  // Paris, not its associate from the Pays Basque
    EXPECT_EQ(idf->counts.partners, 2);
    const auto* na = FindChild(*france, "Nouvelle-Aquitaine");
    EXPECT_EQ(na->counts.projects, 6);
    EXPECT_EQ(na->counts.authorities, 5);
}

TEST_F(AtlasServiceTest, RegionGroupsAuthoritiesAndListsDepartments) {
    const auto na = Level(LevelKind::kRegion, "nouvelle-aquitaine");
    EXPECT_EQ(na->counts.projects, 6);
    EXPECT_EQ(na->counts.authorities, 5);
    std::vector<AuthorityKind> kinds;
    for (const auto& g : na->authority_groups) kinds.push_back(g.kind);
    EXPECT_EQ(kinds,
              (std::vector<AuthorityKind>{AuthorityKind::kRegion, AuthorityKind::kDepartement,
                                          AuthorityKind::kCommune, AuthorityKind::kEpci}));
    EXPECT_EQ(na->authority_groups[2].count, 2);
    EXPECT_EQ(ChildNames(*na), (std::vector<std::string>{"Gironde", "Pyrénées-Atlantiques"}));
    EXPECT_EQ(FindChild(*na, "Pyrénées-Atlantiques")->counts.projects, 4);
    EXPECT_EQ(FindChild(*na, "Pyrénées-Atlantiques")->counts.authorities, 3);
    ASSERT_EQ(na->apd.size(), 3u);
    EXPECT_EQ(na->apd[0].amount_eur, 2100);  // 2011: Bayonne 2000 + Bordeaux 100
}

TEST_F(AtlasServiceTest, DepartmentCountsItsAuthoritiesProjects) {
    const auto pa = Level(LevelKind::kDepartment, "64");
    EXPECT_EQ(pa->name, "Pyrénées-Atlantiques");
    EXPECT_EQ(pa->counts.projects, 4);
    EXPECT_EQ(pa->counts.authorities, 3);
    ASSERT_EQ(pa->ancestors.size(), 3u);
    EXPECT_EQ(pa->ancestors[2].name, "Nouvelle-Aquitaine");
    EXPECT_TRUE(pa->children.empty());
}

TEST_F(AtlasServiceTest, AuthorityHasItsPartnersContactsAndApdByCountryAndYear) {
    const auto bayonne = Level(LevelKind::kAuthority, "3");
    EXPECT_EQ(bayonne->counts.projects, 2);
    EXPECT_EQ(bayonne->counts.partners, 2);
    EXPECT_EQ(ChildNames(*bayonne), (std::vector<std::string>{"Dakar", "New Delhi"}));
    EXPECT_EQ(bayonne->children[0].detail, "Sénégal");
    ASSERT_TRUE(bayonne->authority.has_value());
    EXPECT_EQ(bayonne->authority->website, "https://www.bayonne.fr");
    ASSERT_EQ(bayonne->authority->contacts.size(), 2u);
    EXPECT_EQ(bayonne->authority->contacts[0].role, "elected");
    ASSERT_TRUE(bayonne->authority_apd.has_value());
    EXPECT_EQ(bayonne->authority_apd->years, (std::vector<int>{2011, 2010}));
    ASSERT_EQ(bayonne->authority_apd->rows.size(), 1u);
    EXPECT_EQ(bayonne->authority_apd->rows[0].country_name, "Sénégal");
    EXPECT_EQ(bayonne->authority_apd->total, 3000);
    std::vector<std::string> path;
    for (const auto& p : bayonne->ancestors) path.push_back(p.name);
    EXPECT_EQ(path, (std::vector<std::string>{"Monde", "France", "Nouvelle-Aquitaine",
                                              "Pyrénées-Atlantiques"}));
}

TEST_F(AtlasServiceTest, ProjectListSortsTitlesTheFrenchWay) {
    const auto page = service_.ListProjects({LevelKind::kCountry, "sn"}, {}, {});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 3);
    // "Échanges" sorts with the E, not after "Santé".
    EXPECT_EQ(Titles(*page),
              (std::vector<std::string>{"Accès à l'eau à Dakar", "Échanges culturels avec Dakar",
                                        "Santé à Saint-Louis"}));
    ASSERT_EQ(page->items[2].partners.size(), 2u);
    EXPECT_EQ(page->items[2].partners[0].detail, "Sénégal");
}

TEST_F(AtlasServiceTest, ProjectListSortsRecentFirstAndPages) {
    const auto recent =
        service_.ListProjects({LevelKind::kCountry, "sn"}, {}, {1, 2, ProjectSort::kRecent});
    ASSERT_TRUE(recent.ok());
    EXPECT_EQ(recent->pages, 2);
    EXPECT_EQ(Titles(*recent),
              (std::vector<std::string>{"Échanges culturels avec Dakar", "Santé à Saint-Louis"}));
    const auto second =
        service_.ListProjects({LevelKind::kCountry, "sn"}, {}, {2, 2, ProjectSort::kRecent});
    EXPECT_EQ(Titles(*second), (std::vector<std::string>{"Accès à l'eau à Dakar"}));
    const auto beyond = service_.ListProjects({LevelKind::kCountry, "sn"}, {}, {9, 2});
    ASSERT_TRUE(beyond.ok());
    EXPECT_TRUE(beyond->items.empty());
    EXPECT_EQ(beyond->total, 3);
}

TEST_F(AtlasServiceTest, ProjectListCountEqualsTheLevelFigureUnderFilters) {
    Filters filters;
    filters.other_actions = false;
    filters.theme = "culture";
    const auto figures = Level(LevelKind::kContinent, "afrique", filters);
    const auto page = service_.ListProjects({LevelKind::kContinent, "afrique"}, filters, {});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, figures->counts.projects);
    EXPECT_EQ(page->total, 1);
}

TEST_F(AtlasServiceTest, ProjectListRejectsBadPaging) {
    const auto zero = service_.ListProjects(LevelRef::World(), {}, {0, 20});
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().field, "page");
    const auto huge = service_.ListProjects(LevelRef::World(), {}, {1, 1000});
    ASSERT_FALSE(huge.ok());
    EXPECT_EQ(huge.error().field, "per_page");
}

TEST_F(AtlasServiceTest, ProjectSheetHasEveryField) {
    const auto result = service_.GetProject(4);
    ASSERT_TRUE(result.ok());
    const Project& p = *result.value();
    EXPECT_EQ(p.title, "Santé à Saint-Louis");
    EXPECT_EQ(p.kind, ProjectKind::kOudinSantini);
    EXPECT_EQ(p.status, ProjectStatus::kActive);
    EXPECT_EQ(p.objectives, "Améliorer l'accès aux soins.");
    EXPECT_EQ(p.description, "Construction d'un dispensaire.");
    EXPECT_EQ(p.history, "Lien depuis 1990.");
    EXPECT_EQ(p.context, "Quartiers périphériques.");
    EXPECT_EQ(p.start_year, 2012);
    EXPECT_EQ(p.end_year, 2014);
    EXPECT_EQ(p.convention_date, "2011-11-15");
    EXPECT_FALSE(p.updated_at.empty());
    ASSERT_EQ(p.authorities.size(), 1u);
    EXPECT_EQ(p.authorities[0].role, "lead");
    ASSERT_EQ(p.partners.size(), 2u);
    EXPECT_EQ(p.partners[0].name, "Dakar");
    EXPECT_EQ(p.partners[0].country_name, "Sénégal");
    ASSERT_EQ(p.themes.size(), 2u);
    EXPECT_EQ(p.themes[0].slug, "eau-assainissement");
    EXPECT_EQ(p.themes[1].slug, "sante");
    EXPECT_EQ(p.other_partners.size(), 2u);
    ASSERT_EQ(p.contacts.size(), 1u);
    EXPECT_EQ(p.contacts[0].email, "m.lasserre@le64.fr");
    ASSERT_EQ(p.volunteers.size(), 1u);
    EXPECT_EQ(p.volunteers[0].count, 2);
    std::vector<std::string> path;
    for (const auto& a : p.ancestors) path.push_back(a.name);
    EXPECT_EQ(path, (std::vector<std::string>{"Monde", "France", "Nouvelle-Aquitaine",
                                              "Pyrénées-Atlantiques",
                                              "Département des Pyrénées-Atlantiques"}));
}

TEST_F(AtlasServiceTest, ProjectFinancingIsACofinancerByYearTableWithTotals) {
    const auto p = service_.GetProject(4);
    ASSERT_TRUE(p.ok());
    const auto& f = p.value()->financing;
    EXPECT_EQ(f.years, (std::vector<int>{2012, 2013}));
    ASSERT_EQ(f.rows.size(), 3u);
    EXPECT_FALSE(f.rows[0].cofinancer_id.has_value());  // own funds first
    EXPECT_EQ(f.rows[0].amounts, (std::vector<std::int64_t>{1000, 0}));
    EXPECT_EQ(f.rows[1].cofinancer_name, "Agence française de développement");
    EXPECT_EQ(f.rows[2].amounts, (std::vector<std::int64_t>{500, 700}));
    EXPECT_EQ(f.rows[2].total, 1200);
    EXPECT_EQ(f.year_totals, (std::vector<std::int64_t>{1500, 1000}));
    EXPECT_EQ(f.total, 2500);
}

TEST_F(AtlasServiceTest, UnknownProjectIsNotFound) {
    const auto p = service_.GetProject(999);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
}

TEST_F(AtlasServiceTest, ThemesAreGroupedUnderTheirParent) {
    const auto groups = service_.Themes();
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(groups[0].theme.slug, "eau-assainissement");
    ASSERT_EQ(groups[0].children.size(), 1u);
    EXPECT_EQ(groups[0].children[0].slug, "eau-potable");
}

TEST_F(AtlasServiceTest, AWriteInvalidatesCachedFigures) {
    EXPECT_EQ(Level(LevelKind::kCountry, "sn")->counts.projects, 3);
    db_.db().Write([](db::Connection& c) {
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status) VALUES "
            "(8, 'nouveau', 'Nouveau projet', 'cooperation', 'active')");
        c.Execute("INSERT INTO project_authorities (project_id, authority_id) VALUES (8, 5)");
        return c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (8, 13)");
    });
    EXPECT_EQ(Level(LevelKind::kCountry, "sn")->counts.projects, 4);
    EXPECT_EQ(Level(LevelKind::kCountry, "sn")->counts.authorities, 4);
}

}  // namespace
}  // namespace cncd::atlas
