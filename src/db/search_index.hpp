#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace cncd::db {

/// A project that matches a keyword query, with its relevance (higher is better).
struct KeywordHit {
    std::int64_t project_id = 0;
    double score = 0;
};

/// The full-text index of the Atlas projects, one implementation per backend (SQLite FTS5;
/// PostgreSQL tsvector later). It indexes, for each project, its title (weighted highest),
/// objectives and description, the names of its themes (and of their parent themes), of its
/// French authorities, of its partner authorities and of their countries. Matching ignores
/// case and accents, folds French inflections to their stem (Snowball French) and treats each
/// word as a prefix ("coop" finds "coopération"). The migrations keep the index consistent
/// with the tables inside the writing transaction (triggers; SQLite indexes the changed
/// projects in one batch just before COMMIT), so callers never update it.
class SearchIndex {
  public:
    virtual ~SearchIndex() = default;

    /// The searchable words of what the user typed, in order: runs of letters and digits,
    /// French stop words ("de", "la", "l'"…) dropped. Any other character (quotes, `*`,
    /// parentheses, `:`, `^`…) only separates words; operators like NEAR, AND, OR or NOT are
    /// plain words. Never fails.
    virtual std::vector<std::string> Words(std::string_view keywords) const = 0;

    /// Projects matching every word of `keywords` (each as a prefix, in any indexed field),
    /// sorted by project id. With `scored`, each hit carries its relevance (BM25 with a weight
    /// per field, the title highest; higher is better); without it, scores are 0 (cheaper).
    /// Keywords without any searchable word match nothing.
    virtual std::vector<KeywordHit> Match(Connection& c, std::string_view keywords,
                                          bool scored) const = 0;

    /// Rebuilds the whole index from the tables, in the caller's write transaction. Only for
    /// repair: the triggers keep the index current.
    virtual void Rebuild(Connection& c) const = 0;
};

/// The index for `db`'s backend. Throws DatabaseError for a backend without one.
std::unique_ptr<SearchIndex> MakeSearchIndex(const Database& db);

}  // namespace cncd::db
