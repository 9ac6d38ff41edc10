#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "db/sqlite/sqlite_search_index.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::db {
namespace {

constexpr std::string_view kFixture = R"sql(
INSERT INTO continents (slug, name, sort_order) VALUES ('afrique', 'Afrique', 1);
INSERT INTO countries (iso2, iso3, numeric_code, name, slug, continent)
VALUES ('SN', 'SEN', '686', 'Sénégal', 'senegal', 'afrique'),
       ('ML', 'MLI', '466', 'Mali', 'mali', 'afrique');
INSERT INTO regions (code, name, slug, zone) VALUES ('27', 'Bourgogne-Franche-Comté', 'bfc', 'metro');
INSERT INTO departments (code, name, slug, region_code) VALUES ('25', 'Doubs', 'doubs', '27');
INSERT INTO themes (id, parent_id, slug, name, dac_code, sort_order)
VALUES (1, NULL, 'urbain', 'Développement urbain durable', '43030', 1),
       (2, 1, 'eau', 'Eau et assainissement', '14030', 2),
       (3, NULL, 'sante', 'Santé', '12220', 3);
INSERT INTO authorities (id, kind, name, slug, region_code, department_code)
VALUES (1, 'commune', 'Besançon', 'besancon', '27', '25');
INSERT INTO partners (id, name, slug, country_iso2, level, location_precision)
VALUES (1, 'Douroula', 'douroula', 'ML', 'municipality', 'city'),
       (2, 'Saint-Louis', 'saint-louis', 'SN', 'municipality', 'city');
INSERT INTO projects (id, slug, title, kind, status, objectives, description, start_year)
VALUES (10, 'p10', 'Coopération hospitalière', 'cooperation', 'active',
        'Former les soignants des hôpitaux', 'Échanges de médecins.', 2010),
       (11, 'p11', 'Gestion des déchets', 'one_off', 'finished',
        'Collecte des ordures', 'Un centre de tri.', 2012);
INSERT INTO project_themes (project_id, theme_id) VALUES (10, 3), (11, 2);
INSERT INTO project_authorities (project_id, authority_id) VALUES (10, 1);
INSERT INTO project_partners (project_id, partner_id) VALUES (10, 1), (11, 2);
)sql";

class SqliteSearchIndexTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db().Write([](Connection& c) {
            c.ExecuteScript(kFixture);
            return 0;
        });
    }
    Database& db() { return temp_.db(); }

    std::vector<std::int64_t> Find(std::string_view keywords) {
        return db().Read([&](Connection& c) {
            std::vector<std::int64_t> ids;
            for (const auto& hit : index_.Match(c, keywords, true)) ids.push_back(hit.project_id);
            return ids;
        });
    }

    // FTS5 compares the index with its content (the search_documents view): throws if they
    // differ, e.g. after a write the triggers missed.
    void CheckIntegrity() {
        db().Write([](Connection& c) {
            return c.Execute(
                "INSERT INTO search_projects (search_projects, rank) VALUES ('integrity-check', "
                "1)");
        });
    }

    testing::TempDatabase temp_;
    SqliteSearchIndex index_;
};

using Ids = std::vector<std::int64_t>;

TEST_F(SqliteSearchIndexTest, AccentAndCaseInsensitive) {
    EXPECT_EQ(Find("COOPERATION"), Ids{10});
    EXPECT_EQ(Find("dechets"), Ids{11});
    EXPECT_EQ(Find("échanges MÉDECINS"), Ids{10});
}

TEST_F(SqliteSearchIndexTest, PluralsAndInflectionsMatch) {
    EXPECT_EQ(Find("coopérations"), Ids{10});
    EXPECT_EQ(Find("déchet"), Ids{11});
    EXPECT_EQ(Find("hôpital"), Ids{10});
}

TEST_F(SqliteSearchIndexTest, WordsArePrefixes) {
    EXPECT_EQ(Find("coop"), Ids{10});
    EXPECT_EQ(Find("coopéra"), Ids{10});
    EXPECT_EQ(Find("hospital"), Ids{10});
}

TEST_F(SqliteSearchIndexTest, EveryWordMustMatchSomewhere) {
    // "coopération" is in the title, "besançon" in the authority, "mali" in the partner's country.
    EXPECT_EQ(Find("coopération besancon mali"), Ids{10});
    EXPECT_EQ(Find("coopération senegal"), Ids{});
}

TEST_F(SqliteSearchIndexTest, LinkNamesAreSearched) {
    EXPECT_EQ(Find("Douroula"), Ids{10});
    EXPECT_EQ(Find("sénégal"), Ids{11});
    EXPECT_EQ(Find("assainissement"), Ids{11});
    EXPECT_EQ(Find("urbain"), Ids{11});  // the parent theme of "Eau et assainissement"
    EXPECT_EQ(Find("santé"), Ids{10});
}

TEST_F(SqliteSearchIndexTest, TitleOutranksDescription) {
    db().Write([](Connection& c) {
        return c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status, description) VALUES"
            " (12, 'p12', 'Appui aux médecins', 'cooperation', 'active', 'Rien.')");
    });
    const auto hits = db().Read([&](Connection& c) { return index_.Match(c, "médecins", true); });
    ASSERT_EQ(hits.size(), 2u);
    const auto best = std::max_element(hits.begin(), hits.end(),
                                       [](auto& a, auto& b) { return a.score < b.score; });
    EXPECT_EQ(best->project_id, 12);
}

TEST_F(SqliteSearchIndexTest, FtsSyntaxIsSearchedAsText) {
    for (const char* q : {"\"", "eau\"", "*", "coop*", "NEAR(eau déchets)", "a AND OR NOT b", "(((",
                          "^titre", "title:eau", "-déchets", "\"\"*\"", "{a b}", "+"}) {
        EXPECT_NO_THROW(Find(q)) << q;
    }
    EXPECT_EQ(Find("\"déchets\" AND"), Ids{});  // "and" is a word, found nowhere
    EXPECT_EQ(Find("(déchets)*"), Ids{11});
    EXPECT_EQ(Find("de la"), Ids{});  // only stop words
    EXPECT_NO_THROW(Find("tons"));    // its stem is a stop word
}

TEST_F(SqliteSearchIndexTest, WritesAreIndexedInTheirTransaction) {
    db().Write([](Connection& c) {
        c.Execute("UPDATE projects SET title = 'Maraîchage solidaire' WHERE id = 11");
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status) VALUES"
            " (13, 'p13', 'Jumelage scolaire', 'twinning', 'planned')");
        return c.Execute("DELETE FROM projects WHERE id = 10");
    });
    EXPECT_EQ(Find("maraichage"), Ids{11});
    EXPECT_EQ(Find("déchets"), Ids{});  // the old title is gone; "ordures" stays
    EXPECT_EQ(Find("ordures"), Ids{11});
    EXPECT_EQ(Find("jumelage"), Ids{13});
    EXPECT_EQ(Find("coopération"), Ids{});
    EXPECT_EQ(Find("douroula"), Ids{});  // its links went with it
    EXPECT_NO_THROW(CheckIntegrity());
}

TEST_F(SqliteSearchIndexTest, RolledBackWriteLeavesTheIndexUnchanged) {
    EXPECT_THROW(db().Write([](Connection& c) -> int {
        c.Execute("UPDATE projects SET title = 'Maraîchage' WHERE id = 11");
        c.Execute("DELETE FROM project_partners WHERE project_id = 10");
        throw std::runtime_error("abandon");
    }),
                 std::runtime_error);
    EXPECT_EQ(Find("maraichage"), Ids{});
    EXPECT_EQ(Find("déchets"), Ids{11});
    EXPECT_EQ(Find("douroula"), Ids{10});
}

TEST_F(SqliteSearchIndexTest, LinkAndNameChangesAreIndexed) {
    db().Write([](Connection& c) {
        c.Execute("INSERT INTO project_partners (project_id, partner_id) VALUES (11, 1)");
        c.Execute("DELETE FROM project_themes WHERE project_id = 10");
        c.Execute("UPDATE authorities SET name = 'Grand Besançon Métropole' WHERE id = 1");
        c.Execute("UPDATE themes SET name = 'Ville durable' WHERE id = 1");
        return c.Execute("UPDATE countries SET name = 'République du Mali' WHERE iso2 = 'ML'");
    });
    EXPECT_EQ(Find("douroula"), (Ids{10, 11}));
    EXPECT_EQ(Find("santé"), Ids{});
    EXPECT_EQ(Find("métropole"), Ids{10});
    EXPECT_EQ(Find("ville durable"), Ids{11});
    EXPECT_EQ(Find("urbain"), Ids{});
    EXPECT_EQ(Find("république"), (Ids{10, 11}));
    EXPECT_NO_THROW(CheckIntegrity());
}

TEST_F(SqliteSearchIndexTest, ManyEditsInOneTransactionKeepTheIndexExact) {
    db().Write([](Connection& c) {
        c.Execute(
            "INSERT INTO projects (id, slug, title, kind, status) VALUES"
            " (14, 'p14', 'Échanges sportifs', 'twinning', 'active')");
        c.Execute("INSERT INTO project_themes (project_id, theme_id) VALUES (14, 3), (10, 2)");
        c.Execute("UPDATE projects SET description = 'Football et basket.' WHERE id = 14");
        c.Execute("UPDATE projects SET title = 'Coopération médicale' WHERE id = 10");
        c.Execute("UPDATE partners SET name = 'Ségou' WHERE id = 1");
        c.Execute("DELETE FROM project_authorities WHERE project_id = 10");
        c.Execute("INSERT INTO project_authorities (project_id, authority_id) VALUES (11, 1)");
        return c.Execute("DELETE FROM projects WHERE id = 11");
    });
    EXPECT_NO_THROW(CheckIntegrity());
    EXPECT_EQ(Find("basket"), Ids{14});
    EXPECT_EQ(Find("médicale ségou assainissement"), Ids{10});
    EXPECT_EQ(Find("besançon"), Ids{});
    EXPECT_EQ(Find("ordures"), Ids{});
}

TEST_F(SqliteSearchIndexTest, WritesBumpTheDataVersion) {
    const auto version = [&] {
        return db().Read(
            [](Connection& c) { return c.QueryInt("SELECT version FROM search_data_version"); });
    };
    const auto before = version();
    db().Write([](Connection& c) {
        return c.Execute("UPDATE projects SET status = 'finished' WHERE id = 10");
    });
    EXPECT_GT(version(), before);
}

TEST_F(SqliteSearchIndexTest, RebuildGivesTheSameResults) {
    const auto before = Find("coopération");
    db().Write([&](Connection& c) {
        index_.Rebuild(c);
        return 0;
    });
    EXPECT_EQ(Find("coopération"), before);
    EXPECT_EQ(Find("douroula"), Ids{10});
    EXPECT_EQ(Find("assainissement"), Ids{11});
}

}  // namespace
}  // namespace cncd::db
