#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/search_index.hpp"

struct sqlite3;

namespace cncd::db {

/// Registers what the full-text search needs on a connection: the cncd_french tokenizer and the
/// cncd_rank ranking function. Every SQLite connection calls it when it opens, before any
/// statement touches search_projects. Throws DatabaseError when FTS5 is unavailable.
void RegisterSqliteSearch(sqlite3* handle);

/// The SearchIndex on SQLite FTS5 (migrations/sqlite/V002__search.sql) with the cncd_french
/// tokenizer: one document per project, six columns (title, themes, objectives, description,
/// authorities, partners), external content on the view search_documents. The keywords become
/// one MATCH expression built here, each word a quoted prefix phrase, all words required.
/// Relevance is BM25 with column weights (title 10, themes 4, objectives 3, description 1,
/// authorities 4, partners 4), computed by cncd_rank with b = 0: no document-length
/// normalisation, whose per-row length lookup made FTS5's bm25() four times slower (5 ms
/// instead of 1.3 ms for 6,000 matches); the column weights already favour short fields.
class SqliteSearchIndex final : public SearchIndex {
  public:
    std::vector<std::string> Words(std::string_view keywords) const override;
    std::vector<KeywordHit> Match(Connection& c, std::string_view keywords,
                                  bool scored) const override;
    void Rebuild(Connection& c) const override;
};

/// Indexes, in the caller's write transaction, the projects that the triggers of
/// V002__search.sql queued, then empties the queue: one batch, so FTS5 writes one segment for
/// the whole transaction. SqliteDatabase calls it just before every COMMIT; it does nothing
/// when the queue is empty or does not exist yet (before V002).
void FlushSearchQueue(Connection& c);

}  // namespace cncd::db
