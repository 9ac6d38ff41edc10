#include "db/sqlite/sqlite_search_index.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "db/sqlite/french_tokenizer.hpp"

namespace cncd::db {
namespace {

// BM25 column weights of search_projects: title, objectives, description.
constexpr std::string_view kMatchProjectsScored =
    "SELECT rowid, bm25(search_projects, 10.0, 3.0, 1.0) FROM search_projects"
    " WHERE search_projects MATCH ? ORDER BY rowid";
constexpr std::string_view kMatchProjects =
    "SELECT rowid FROM search_projects WHERE search_projects MATCH ? ORDER BY rowid";
constexpr std::string_view kMatchLinks =
    "SELECT rowid FROM search_links WHERE search_links MATCH ? ORDER BY rowid";

constexpr std::string_view kRebuildProjects =
    "INSERT INTO search_projects (search_projects) VALUES ('rebuild')";
constexpr std::string_view kClearLinks = "DELETE FROM search_links";
constexpr std::string_view kRebuildThemeLinks =
    "INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_theme_docs";
constexpr std::string_view kRebuildAuthorityLinks =
    "INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_authority_docs";
constexpr std::string_view kRebuildPartnerLinks =
    "INSERT INTO search_links (rowid, name) SELECT doc_id, name FROM search_partner_docs";

constexpr int kProjectShift = 28;
constexpr int kKindShift = 26;

// What a word found in a link name adds to the relevance, per link kind (index = kind). A
// title hit of a moderately rare word scores about 10 to 20.
constexpr double kLinkWeights[] = {0.0, 6.0, 4.0, 4.0};

using Hits = std::vector<KeywordHit>;

// The hits of one word: its project-text hits merged with its link hits (a link kind counts
// once per project however many links of that kind match).
Hits MatchWord(Connection& c, const std::string& expression, bool scored) {
    Hits text;
    if (scored) {
        c.Query(kMatchProjectsScored, {expression}, [&](const Row& row) {
            text.push_back({row.Int(0), -row.Double(1)});
        });
    } else {
        c.Query(kMatchProjects, {expression},
                [&](const Row& row) { text.push_back({row.Int(0), 0.0}); });
    }
    Hits links;
    unsigned kinds_seen = 0;
    c.Query(kMatchLinks, {expression}, [&](const Row& row) {
        const std::int64_t doc = row.Int(0);
        const std::int64_t project = doc >> kProjectShift;
        const int kind = static_cast<int>((doc >> kKindShift) & 3);
        if (links.empty() || links.back().project_id != project) {
            links.push_back({project, 0.0});
            kinds_seen = 0;
        }
        if (scored && !(kinds_seen & (1u << kind))) links.back().score += kLinkWeights[kind];
        kinds_seen |= 1u << kind;
    });
    Hits merged;
    merged.reserve(text.size() + links.size());
    auto t = text.begin();
    auto l = links.begin();
    while (t != text.end() || l != links.end()) {
        if (l == links.end() || (t != text.end() && t->project_id < l->project_id)) {
            merged.push_back(*t++);
        } else if (t == text.end() || l->project_id < t->project_id) {
            merged.push_back(*l++);
        } else {
            merged.push_back({t->project_id, t->score + l->score});
            ++t;
            ++l;
        }
    }
    return merged;
}

// Projects in both lists, scores added.
Hits Intersect(const Hits& a, const Hits& b) {
    Hits out;
    out.reserve(std::min(a.size(), b.size()));
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (i->project_id < j->project_id) {
            ++i;
        } else if (j->project_id < i->project_id) {
            ++j;
        } else {
            out.push_back({i->project_id, i->score + j->score});
            ++i;
            ++j;
        }
    }
    return out;
}

FrenchAnalyzer& ThreadAnalyzer() {
    thread_local FrenchAnalyzer analyzer;
    return analyzer;
}

}  // namespace

std::vector<std::string> SqliteSearchIndex::Words(std::string_view keywords) const {
    return ThreadAnalyzer().FoldedWords(keywords);
}

std::vector<KeywordHit> SqliteSearchIndex::Match(Connection& c, std::string_view keywords,
                                                 bool scored) const {
    std::vector<std::string> words = Words(keywords);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    if (words.empty()) return {};
    // Each word becomes one quoted prefix phrase built here from letters and digits only, so no
    // user character can reach the FTS5 query syntax.
    std::vector<Hits> per_word;
    per_word.reserve(words.size());
    for (const auto& word : words) {
        per_word.push_back(MatchWord(c, "\"" + word + "\"*", scored));
        if (per_word.back().empty()) return {};
    }
    std::sort(per_word.begin(), per_word.end(),
              [](const Hits& a, const Hits& b) { return a.size() < b.size(); });
    Hits result = std::move(per_word.front());
    for (std::size_t k = 1; k < per_word.size() && !result.empty(); ++k) {
        result = Intersect(result, per_word[k]);
    }
    return result;
}

void SqliteSearchIndex::Rebuild(Connection& c) const {
    c.Execute(kRebuildProjects);
    c.Execute(kClearLinks);
    c.Execute(kRebuildThemeLinks);
    c.Execute(kRebuildAuthorityLinks);
    c.Execute(kRebuildPartnerLinks);
}

}  // namespace cncd::db
