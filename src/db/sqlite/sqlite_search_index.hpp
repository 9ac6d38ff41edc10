#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "db/search_index.hpp"

namespace cncd::db {

/// The SearchIndex on SQLite FTS5 (migrations/sqlite/V002__search.sql), with the cncd_french
/// tokenizer. Two full-text tables:
///   - search_projects(title, objectives, description): external content on `projects`;
///   - search_links(name): one tiny document per project link (theme, authority, partner),
///     whose rowid packs the project id, the link kind and the linked id, so adding a link
///     indexes a few words instead of re-indexing the whole project, and a match gives the
///     project id without reading any row.
/// A word matches a project when it is found in either table; relevance adds the BM25 of the
/// project text (title 10, objectives 3, description 1) and a fixed weight per link kind.
class SqliteSearchIndex final : public SearchIndex {
public:
    std::vector<std::string> Words(std::string_view keywords) const override;
    std::vector<KeywordHit> Match(Connection& c, std::string_view keywords,
                                  bool scored) const override;
    void Rebuild(Connection& c) const override;
};

/// The link kinds packed in search_links rowids: (project_id << 28) | (kind << 26) | linked id.
enum class SearchLinkKind { kTheme = 1, kAuthority = 2, kPartner = 3 };

}  // namespace cncd::db
