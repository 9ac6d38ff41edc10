#include "core/text.hpp"

#include <gtest/gtest.h>

namespace cncd::text {
namespace {

TEST(TextFold, LowersAndStripsFrenchDiacritics) {
    EXPECT_EQ(Fold("Côte d’Ivoire"), "cote d'ivoire");
    EXPECT_EQ(Fold("ÉLÈVES À L'ÉCOLE"), "eleves a l'ecole");
    EXPECT_EQ(Fold("Œuvre sœur Ægée"), "oeuvre soeur aegee");
    EXPECT_EQ(Fold("Łódź Škofja"), "lodz skofja");
}

TEST(TextFold, KeepsNonLatinCharacters) { EXPECT_EQ(Fold("北京 Beijing"), "北京 beijing"); }

TEST(TextSlugify, JoinsWordsWithSingleDashes) {
    EXPECT_EQ(Slugify("Seine-Saint-Denis (93)"), "seine-saint-denis-93");
    EXPECT_EQ(Slugify("  Provence-Alpes-Côte d'Azur  "), "provence-alpes-cote-d-azur");
    EXPECT_EQ(Slugify("---"), "");
}

TEST(TextHtmlEscape, EscapesMarkupCharacters) {
    EXPECT_EQ(HtmlEscape("<a href=\"x\">O'Neil & co</a>"),
              "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
}

TEST(TextFormatThousands, GroupsDigitsByThreeWithNarrowSpaces) {
    EXPECT_EQ(FormatThousands(7804600), "7\u202F804\u202F600");
    EXPECT_EQ(FormatThousands(999), "999");
    EXPECT_EQ(FormatThousands(-1000), "-1\u202F000");
}

TEST(TextUtf8, RejectsInvalidSequences) {
    EXPECT_TRUE(IsValidUtf8("Sénégal"));
    EXPECT_FALSE(IsValidUtf8("S\xE9n\xE9gal"));
    EXPECT_FALSE(IsValidUtf8("\xC3"));
}

TEST(ParseId, AcceptsPositiveDecimalIdsOnly) {
    EXPECT_EQ(ParseId("12"), 12);
    EXPECT_EQ(ParseId("9223372036854775807"), 9223372036854775807);
    for (const char* bad : {"", "0", "-3", "+3", "12a", " 12", "1.5", "9223372036854775808"}) {
        EXPECT_EQ(ParseId(bad), std::nullopt) << bad;
    }
}

}  // namespace
}  // namespace cncd::text
