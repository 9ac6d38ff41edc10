#pragma once

#include <cstdint>
#include <vector>

#include "db/database.hpp"
#include "modules/search/search.hpp"
#include "modules/search/search_snapshot.hpp"

namespace cncd::search {

/// The data version that the search snapshot is built for (search_data_version): it changes
/// with every committed write to what the search shows.
std::int64_t ReadDataVersion(db::Connection& c);

/// Everything the snapshot needs: projects, themes, co-financers, geography, partners,
/// authorities and the project links, in one read.
SnapshotRows ReadSnapshotRows(db::Connection& c);

/// The projects `ids`, in that order (ids that no longer exist are skipped), with their themes,
/// authorities (lead first) and partners; with `with_financing`, their co-financers and
/// financing total too.
std::vector<ProjectRecord> ReadProjects(db::Connection& c, const std::vector<std::int64_t>& ids,
                                        bool with_financing);

}  // namespace cncd::search
