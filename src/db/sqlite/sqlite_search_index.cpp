#include "db/sqlite/sqlite_search_index.hpp"

#include <algorithm>

#include "db/sqlite/french_tokenizer.hpp"

namespace cncd::db {
namespace {

// bm25 column weights, in the order of the columns of search_projects.
constexpr std::string_view kMatchScored =
    "SELECT rowid, bm25(search_projects, 10.0, 4.0, 3.0, 1.0, 4.0, 4.0) FROM search_projects"
    " WHERE search_projects MATCH ? ORDER BY rowid";
constexpr std::string_view kMatch =
    "SELECT rowid FROM search_projects WHERE search_projects MATCH ? ORDER BY rowid";

constexpr std::string_view kQueueExists =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'search_queue'";
constexpr std::string_view kQueueNotEmpty = "SELECT EXISTS (SELECT 1 FROM search_queue)";
constexpr std::string_view kIndexQueued =
    "INSERT INTO search_projects"
    " (rowid, title, themes, objectives, description, authorities, partners)"
    " SELECT d.id, d.title, d.themes, d.objectives, d.description, d.authorities, d.partners"
    " FROM search_queue q JOIN search_documents d ON d.id = q.project_id";
constexpr std::string_view kClearQueue = "DELETE FROM search_queue";
constexpr std::string_view kRebuild =
    "INSERT INTO search_projects (search_projects) VALUES ('rebuild')";

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
    auto terms = ThreadAnalyzer().Terms(keywords);
    if (terms.empty()) return {};
    // Every word is required: its folded form as a prefix, or its stem exactly (inflections).
    // Both are runs of letters and digits, quoted here, so no character the user typed can
    // reach the FTS5 query syntax.
    std::string expression;
    for (const auto& term : terms) {
        if (!expression.empty()) expression += " AND ";
        // A stem that is a stop word ("tons" → "ton") would be an empty phrase: skip it.
        if (term.stem == term.folded || IsFrenchStopWord(term.stem)) {
            expression += '"' + term.folded + "\"*";
        } else {
            expression += "(\"" + term.folded + "\"* OR \"" + term.stem + "\")";
        }
    }
    std::vector<KeywordHit> hits;
    if (scored) {
        // bm25() is negative, lower for better matches.
        c.Query(kMatchScored, {expression}, [&](const Row& row) {
            hits.push_back({row.Int(0), -row.Double(1)});
        });
        return hits;
    }
    c.Query(kMatch, {expression}, [&](const Row& row) { hits.push_back({row.Int(0), 0.0}); });
    return hits;
}

void SqliteSearchIndex::Rebuild(Connection& c) const {
    c.Execute(kClearQueue);
    c.Execute(kRebuild);
}

void FlushSearchQueue(Connection& c) {
    if (c.QueryInt(kQueueExists) == 0 || c.QueryInt(kQueueNotEmpty) == 0) return;
    c.Execute(kIndexQueued);
    c.Execute(kClearQueue);
}

}  // namespace cncd::db
