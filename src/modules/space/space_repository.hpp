#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/space/space.hpp"

/// SQL of the personal space (tables of V008__space.sql). Every function runs on the caller's
/// connection, inside its transaction.
namespace cncd::space::repository {

std::int64_t CountSearches(db::Connection& c, std::int64_t user_id);
std::vector<SavedSearch> ListSearches(db::Connection& c, std::int64_t user_id);
std::optional<SavedSearch> FindSearch(db::Connection& c, std::int64_t id);
std::int64_t InsertSearch(db::Connection& c, const SavedSearch& s);
void UpdateSearch(db::Connection& c, std::int64_t id, const std::string& name, bool alert,
                  std::int64_t alert_since_id);
void DeleteSearch(db::Connection& c, std::int64_t id);
void MarkOpened(db::Connection& c, std::int64_t id, std::int64_t seen_project_id, std::int64_t at);
/// The highest project id of the Atlas (0 when empty).
std::int64_t MaxProjectId(db::Connection& c);

/// A search with an alert, and the address of its owner (active users only).
struct AlertTarget {
    SavedSearch search;
    std::string email;
};
std::vector<AlertTarget> AlertTargets(db::Connection& c);
/// Project ids already mailed for search `id`.
std::vector<std::int64_t> NotifiedIds(db::Connection& c, std::int64_t id);
void InsertNotified(db::Connection& c, std::int64_t search_id, std::int64_t project_id,
                    std::int64_t at);
void MarkAlerted(db::Connection& c, std::int64_t id, std::int64_t at);

std::vector<Document> ListDocuments(db::Connection& c, std::int64_t organisation_id);
std::optional<Document> FindDocument(db::Connection& c, std::int64_t id);
std::optional<DocumentContent> ReadDocument(db::Connection& c, std::int64_t id);
std::int64_t InsertDocument(db::Connection& c, const Document& d, const std::string& content);
void DeleteDocument(db::Connection& c, std::int64_t id);
/// Bytes stored for an organisation.
std::int64_t OrganisationBytes(db::Connection& c, std::int64_t organisation_id);
/// Extractions kept by a user: how many, how many bytes.
std::pair<std::int64_t, std::int64_t> KeptPdfs(db::Connection& c, std::int64_t user_id);
/// Moves an organisation's documents to another (merge of organisations).
void MoveDocuments(db::Connection& c, std::int64_t from, std::int64_t into);

}  // namespace cncd::space::repository
