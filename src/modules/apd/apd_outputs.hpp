#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/apd/apd_stats.hpp"
#include "modules/exports/table_writer.hpp"

namespace cncd::apd {

/// The OECD CRS identification of French decentralised cooperation (FACTS.md).
inline constexpr int kCrsDonorCode = 4;                     ///< France
inline constexpr int kCrsAgencyCode = 8;                    ///< COOP DECENTRAL/MAE
inline constexpr std::string_view kCrsFlowCode = "10";      ///< ODA
inline constexpr std::string_view kCrsFinanceType = "110";  ///< standard grant
/// IATI OrganisationType of a French local authority.
inline constexpr std::string_view kIatiLocalGovernment = "11";

/// A cross-tabulation as a table (one column per dimension: code and label, then the amount).
void WriteStatsTable(const StatsTable& table, exports::Format format,
                     const exports::ByteSink& sink);

/// The validated lines (each with its authority, declaration version, codes and French labels)
/// of `year` (every year when empty) and of one authority when given. Returns the row count.
std::int64_t WriteValidatedLines(db::Database& db, std::optional<int> year,
                                 std::optional<std::int64_t> authority_id, exports::Format format,
                                 const exports::ByteSink& sink);

/// The latest year with a validated declaration, if any.
std::optional<int> LatestValidatedYear(db::Database& db);

/// The OECD CRS rows of `year`: one per validated line, donor 4, agency 8, recipient, channel,
/// flow 10, finance type 110, aid type, purpose code, the five markers, amount in euros.
std::int64_t WriteCrsRows(db::Database& db, int year, const exports::ByteSink& sink);

/// The IATI 2.03 activities of an authority's validated declaration of `year` (of every
/// authority when none is given): one activity per line (reporting and funding organisation
/// the authority, recipient country or region, sector, policy markers, flow, finance and aid
/// types, one disbursement). kNotFound when there is no validated declaration.
Result<std::string> IatiActivities(db::Database& db, std::optional<std::int64_t> authority_id,
                                   int year, const std::string& generated_at);

}  // namespace cncd::apd
