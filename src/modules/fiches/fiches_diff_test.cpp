#include "modules/fiches/fiches_diff.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cncd::fiches {
namespace {

std::string Render(const std::vector<DiffSegment>& segments) {
    std::string out;
    for (const auto& s : segments) {
        switch (s.op) {
            case DiffSegment::Op::kEqual:
                out += s.text;
                break;
            case DiffSegment::Op::kInsert:
                out += "{+" + s.text + "}";
                break;
            case DiffSegment::Op::kDelete:
                out += "{-" + s.text + "}";
                break;
        }
    }
    return out;
}

TEST(WordDiff, MarksTheChangedWordsOnly) {
    EXPECT_EQ(Render(WordDiff("Accès à l’eau potable à Dakar", "Accès à l’eau à Saint-Louis")),
              "Accès à l’eau {-potable }à {-Dakar}{+Saint-Louis}");
}

TEST(WordDiff, KeepsLineBreaksAndRebuildsBothTexts) {
    const std::string before = "Premier paragraphe.\nDeuxième ligne ici.";
    const std::string after = "Premier paragraphe.\n\nDeuxième ligne modifiée ici.";
    std::string old_text;
    std::string new_text;
    for (const auto& s : WordDiff(before, after)) {
        if (s.op != DiffSegment::Op::kInsert) old_text += s.text;
        if (s.op != DiffSegment::Op::kDelete) new_text += s.text;
    }
    EXPECT_EQ(old_text, before);
    EXPECT_EQ(new_text, after);
}

TEST(WordDiff, EmptySidesAreOneRun) {
    EXPECT_EQ(Render(WordDiff("", "Nouveau texte")), "{+Nouveau texte}");
    EXPECT_EQ(Render(WordDiff("Ancien", "")), "{-Ancien}");
}

TEST(DiffFiches, ListsAddedAndRemovedItemsAndIgnoresOrder) {
    Fiche a;
    a.title = "Titre";
    a.themes = {{1, "Eau"}, {3, "Éducation"}};
    Fiche b = a;
    b.themes = {{3, "Éducation"}, {5, "Santé"}};
    const auto fields = DiffFiches(a, b);
    const auto themes = std::find_if(fields.begin(), fields.end(),
                                     [](const FieldDiff& f) { return f.key == "themes"; });
    ASSERT_NE(themes, fields.end());
    EXPECT_TRUE(themes->changed);
    EXPECT_EQ(themes->removed, std::vector<std::string>{"Eau"});
    EXPECT_EQ(themes->added, std::vector<std::string>{"Santé"});
    EXPECT_EQ(themes->kept, std::vector<std::string>{"Éducation"});
    EXPECT_EQ(ChangedFields(a, b), std::vector<std::string>{"Thématiques"});
    Fiche c = a;
    std::swap(c.themes[0], c.themes[1]);
    EXPECT_TRUE(ChangedFields(a, c).empty());
}

TEST(DiffFiches, NamesEveryChangedFieldInFrench) {
    Fiche a;
    a.title = "A";
    a.status = "active";
    Fiche b = a;
    b.title = "B";
    b.status = "finished";
    b.end_year = 2024;
    EXPECT_EQ(ChangedFields(a, b), (std::vector<std::string>{"Titre", "état", "année de fin"}));
}

}  // namespace
}  // namespace cncd::fiches
