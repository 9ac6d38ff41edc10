#pragma once

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "modules/apd/apd.hpp"
#include "modules/apd/apd_repository.hpp"

namespace cncd::apd {

/// JSON of the declaration API (for the routes the accounts guard will protect):
/// {id, authority: {id, name}, year, state, state_label, version, nothing_to_declare,
///  validated_version, total_eur, lines: [...], versions: [...], comments: [...]}.
nlohmann::json DeclarationJson(const Declaration& d);
/// A line: country_iso2 | recipient_region, channel_code, purpose_code, expenditure_type,
/// aid_type, amount_eur, markers {gender, environment, biodiversity, nutrition, inclusion},
/// project_id, comment.
nlohmann::json LineJson(const Line& l);
/// The issues of a check: [{field, message, severity: "error"|"warning"}].
nlohmann::json IssuesJson(const std::vector<Issue>& issues);
/// The declarations of a year for the review.
nlohmann::json SummariesJson(const std::vector<repo::Summary>& list);

/// The state of a declaration kept in the audit log: id, authority_id, year, state, version,
/// nothing_to_declare, total_eur, lines.
nlohmann::json SnapshotJson(const Declaration& d);

/// Parses the body of PUT /api/v1/apd/declarations/{id}: {"nothing_to_declare": bool,
/// "lines": [LineJson…]}. A missing, negative, decimal or non-numeric amount, a marker that is
/// not 0/1/2, a wrong type, is refused at its field ("lines[2].amount_eur") in French; the
/// other checks are the service's.
Result<Draft> ParseDraftJson(const nlohmann::json& body);

}  // namespace cncd::apd
