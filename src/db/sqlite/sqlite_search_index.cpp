#include "db/sqlite/sqlite_search_index.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "db/sqlite/french_tokenizer.hpp"

namespace cncd::db {
namespace {

// Column weights, in the order of the columns of search_projects.
constexpr std::string_view kMatchScored =
    "SELECT rowid, cncd_rank(search_projects, ?, 10.0, 4.0, 3.0, 1.0, 4.0, 4.0)"
    " FROM search_projects WHERE search_projects MATCH ? ORDER BY rowid";
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
constexpr std::string_view kQueueSize = "SELECT count(*) FROM search_queue";
constexpr std::string_view kClearQueue = "DELETE FROM search_queue";
constexpr std::string_view kOptimize =
    "INSERT INTO search_projects (search_projects) VALUES ('optimize')";
// A flush this large is a bulk load (the demo, an import): it leaves FTS5 with many segments
// that every query must merge, so they are merged into one (30 % faster queries afterwards).
constexpr std::int64_t kOptimizeAfter = 10'000;
constexpr std::string_view kRebuild =
    "INSERT INTO search_projects (search_projects) VALUES ('rebuild')";

// BM25's term-frequency saturation.
constexpr double kK1 = 1.2;

// The inverse document frequency of each phrase of the query, computed on the first row. A
// query of one word has IDFs of 1: its phrases (the word as a prefix, its stem) find nearly the
// same projects, so their IDFs would only scale every score alike, and computing them costs a
// second pass over each phrase's matches (4 ms for 60,000 matches).
struct RankData {
    std::vector<double> idf;
    std::vector<double> weights;    ///< per column, read from the arguments once
    std::vector<double> frequency;  ///< per phrase, reused from row to row
};

int CountRow(const Fts5ExtensionApi*, Fts5Context*, void* count) {
    ++*static_cast<sqlite3_int64*>(count);
    return SQLITE_OK;
}

RankData* GetRankData(const Fts5ExtensionApi* api, Fts5Context* fts, bool with_idf) {
    if (auto* data = static_cast<RankData*>(api->xGetAuxdata(fts, 0))) return data;
    auto data = std::make_unique<RankData>();
    sqlite3_int64 rows = 0;
    if (api->xRowCount(fts, &rows) != SQLITE_OK) return nullptr;
    const int phrases = api->xPhraseCount(fts);
    for (int p = 0; p < phrases; ++p) {
        if (!with_idf) {
            data->idf.push_back(1.0);
            continue;
        }
        sqlite3_int64 hits = 0;
        if (api->xQueryPhrase(fts, p, &hits, CountRow) != SQLITE_OK) return nullptr;
        // As FTS5's bm25(): never negative, so a very common word still counts a little.
        const double idf = std::log((rows - hits + 0.5) / (hits + 0.5));
        data->idf.push_back(idf > 1e-6 ? idf : 1e-6);
    }
    RankData* raw = data.release();
    if (api->xSetAuxdata(fts, raw, [](void* d) { delete static_cast<RankData*>(d); }) !=
        SQLITE_OK) {
        return nullptr;
    }
    return raw;
}

// cncd_rank(table, with_idf, weight per column...): BM25 with b = 0, higher is better.
void Rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int count,
          sqlite3_value** args) {
    if (count < 1) {
        sqlite3_result_error(context, "cncd_rank: missing arguments", -1);
        return;
    }
    RankData* data = GetRankData(api, fts, sqlite3_value_int(args[0]) != 0);
    if (data == nullptr) {
        sqlite3_result_error(context, "cncd_rank: cannot read the index statistics", -1);
        return;
    }
    if (data->weights.empty()) {
        for (int i = 1; i < count; ++i) data->weights.push_back(sqlite3_value_double(args[i]));
    }
    const std::vector<double>& weights = data->weights;
    std::vector<double>& frequency = data->frequency;
    frequency.assign(data->idf.size(), 0.0);
    int instances = 0;
    if (api->xInstCount(fts, &instances) != SQLITE_OK) {
        sqlite3_result_error(context, "cncd_rank: cannot read the matches", -1);
        return;
    }
    for (int i = 0; i < instances; ++i) {
        int phrase = 0, column = 0, offset = 0;
        if (api->xInst(fts, i, &phrase, &column, &offset) != SQLITE_OK) continue;
        const double weight =
            static_cast<std::size_t>(column) < weights.size() ? weights[column] : 1.0;
        if (phrase >= 0 && static_cast<std::size_t>(phrase) < frequency.size()) {
            frequency[phrase] += weight;
        }
    }
    double score = 0;
    for (std::size_t p = 0; p < frequency.size(); ++p) {
        score += data->idf[p] * frequency[p] * (kK1 + 1) / (frequency[p] + kK1);
    }
    sqlite3_result_double(context, score);
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
        const std::int64_t with_idf = terms.size() > 1 ? 1 : 0;
        c.Query(kMatchScored, {with_idf, expression}, [&](const Row& row) {
            hits.push_back({row.Int(0), row.Double(1)});
        });
        return hits;
    }
    c.Query(kMatch, {expression}, [&](const Row& row) { hits.push_back({row.Int(0), 0.0}); });
    return hits;
}

void SqliteSearchIndex::Rebuild(Connection& c) const {
    c.Execute(kClearQueue);
    c.Execute(kRebuild);
    c.Execute(kOptimize);
}

void RegisterSqliteSearch(sqlite3* handle) {
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(handle, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    if (api == nullptr) throw DatabaseError("SQLite was built without FTS5");
    RegisterFrenchTokenizer(api);
    if (api->xCreateFunction(api, "cncd_rank", nullptr, Rank, nullptr) != SQLITE_OK) {
        throw DatabaseError("cannot register the cncd_rank function");
    }
}

void FlushSearchQueue(Connection& c) {
    if (c.QueryInt(kQueueExists) == 0 || c.QueryInt(kQueueNotEmpty) == 0) return;
    const bool bulk = c.QueryInt(kQueueSize) >= kOptimizeAfter;
    c.Execute(kIndexQueued);
    c.Execute(kClearQueue);
    if (bulk) c.Execute(kOptimize);
}

}  // namespace cncd::db
