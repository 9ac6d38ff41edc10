#include "db/sqlite/french_tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cncd::db {
namespace {

using Words = std::vector<std::string>;

// Every (folded, stem) pair of a text.
class Collect final : public TermSink {
  public:
    bool OnWord(std::size_t, std::size_t, std::string_view folded, std::string_view stem) override {
        terms.emplace_back(folded, stem);
        return true;
    }
    std::vector<std::pair<std::string, std::string>> terms;
};

std::string StemOf(std::string_view word) {
    FrenchAnalyzer analyzer;
    Collect collect;
    analyzer.Analyze(word, collect);
    return collect.terms.empty() ? "" : collect.terms.front().second;
}

TEST(FrenchAnalyzer, FoldsCaseAndAccentsAndDropsStopWords) {
    FrenchAnalyzer analyzer;
    EXPECT_EQ(analyzer.FoldedWords("Coopérations décentralisées : l’eau et les DÉCHETS"),
              (Words{"cooperations", "decentralisees", "eau", "dechets"}));
}

TEST(FrenchAnalyzer, FtsSyntaxCharactersOnlySeparateWords) {
    FrenchAnalyzer analyzer;
    EXPECT_EQ(analyzer.FoldedWords("\"NEAR(eau* AND ^déchet:col) OR -x + {y}\""),
              (Words{"near", "eau", "and", "dechet", "col", "or", "x", "y"}));
}

TEST(FrenchAnalyzer, KeepsDigitsAndNonLatinLetters) {
    FrenchAnalyzer analyzer;
    EXPECT_EQ(analyzer.FoldedWords("G5 Sahel 2010–2012 € хиве 北京"),
              (Words{"g5", "sahel", "2010", "2012", "хиве", "北京"}));
}

TEST(FrenchAnalyzer, InflectionsShareTheirStem) {
    EXPECT_EQ(StemOf("coopérations"), StemOf("Coopération"));
    EXPECT_EQ(StemOf("déchets"), StemOf("déchet"));
    EXPECT_EQ(StemOf("eaux"), StemOf("eau"));
    EXPECT_EQ(StemOf("hôpitaux"), StemOf("hopital"));
    EXPECT_EQ(StemOf("agricoles"), StemOf("agricole"));
    EXPECT_NE(StemOf("culture"), StemOf("eau"));
}

TEST(FrenchAnalyzer, MalformedUtf8IsASeparator) {
    FrenchAnalyzer analyzer;
    EXPECT_EQ(analyzer.FoldedWords(std::string("eau\xC3") + "\xFF" + "sol\xE2\x82"),
              (Words{"eau", "sol"}));
}

TEST(FrenchAnalyzer, StopWordsAreFolded) {
    EXPECT_TRUE(IsFrenchStopWord("de"));
    EXPECT_TRUE(IsFrenchStopWord("l"));
    EXPECT_FALSE(IsFrenchStopWord("eau"));
}

}  // namespace
}  // namespace cncd::db
