#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "modules/fiches/fiches.hpp"

namespace cncd::fiches {

/// A fiche as JSON: the snapshot a version stores and the body of the API's answers.
/// {"id", "title", "kind", "status", "objectives", "description", "history", "context",
///  "start_year", "end_year", "convention_date", "lead": {"id", "name"} | null,
///  "associates": [{"id", "name"}], "themes": [...], "partners": [...],
///  "financing": [{"cofinancer_id" | null, "cofinancer_name", "year", "amount_eur"}]}
nlohmann::json FicheToJson(const Fiche& fiche);

/// Reads a snapshot written by FicheToJson. Throws nlohmann::json::exception on a malformed
/// snapshot (a bug: snapshots are only written by this module).
Fiche FicheFromJson(const nlohmann::json& json);

/// "baseline", "create", "edit", "close", "revert" and back (nothing for an unknown code).
std::string_view VersionActionCode(VersionAction action);
std::optional<VersionAction> ParseVersionAction(std::string_view code);

}  // namespace cncd::fiches
