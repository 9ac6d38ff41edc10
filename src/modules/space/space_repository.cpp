#include "modules/space/space_repository.hpp"

namespace cncd::space::repository {

namespace {

constexpr const char* kSearchColumns =
    "id, user_id, name, query, alert, alert_since_id, seen_project_id, created_at, opened_at, "
    "alerted_at";

SavedSearch SearchOf(const db::Row& r, int first = 0) {
    SavedSearch s;
    s.id = r.Int(first);
    s.user_id = r.Int(first + 1);
    s.name = r.Text(first + 2);
    s.query = r.Text(first + 3);
    s.alert = r.Int(first + 4) != 0;
    s.alert_since_id = r.Int(first + 5);
    s.seen_project_id = r.Int(first + 6);
    s.created_at = r.Int(first + 7);
    s.opened_at = r.Int(first + 8);
    s.alerted_at = r.OptionalInt(first + 9);
    return s;
}

constexpr const char* kDocumentColumns =
    "id, organisation_id, user_id, user_name, kind, filename, content_type, type_label, size, "
    "search_query, created_at";

Document DocumentOf(const db::Row& r) {
    Document d;
    d.id = r.Int(0);
    d.organisation_id = r.Int(1);
    d.user_id = r.OptionalInt(2);
    d.user_name = r.Text(3);
    d.kind = r.Text(4) == "extraction" ? DocumentKind::kExtraction : DocumentKind::kUpload;
    d.filename = r.Text(5);
    d.content_type = r.Text(6);
    d.type_label = r.Text(7);
    d.size = r.Int(8);
    d.search_query = r.Text(9);
    d.created_at = r.Int(10);
    return d;
}

std::string Sql(std::string_view head, const char* columns, std::string_view tail) {
    return std::string(head) + columns + std::string(tail);
}

}  // namespace

std::int64_t CountSearches(db::Connection& c, std::int64_t user_id) {
    return c.QueryInt("SELECT count(*) FROM saved_searches WHERE user_id = ?", {user_id});
}

std::vector<SavedSearch> ListSearches(db::Connection& c, std::int64_t user_id) {
    static const std::string sql =
        Sql("SELECT ", kSearchColumns, " FROM saved_searches WHERE user_id = ? ORDER BY id DESC");
    return c.QueryAll<SavedSearch>(sql, {user_id}, [](const db::Row& r) { return SearchOf(r); });
}

std::optional<SavedSearch> FindSearch(db::Connection& c, std::int64_t id) {
    static const std::string sql =
        Sql("SELECT ", kSearchColumns, " FROM saved_searches WHERE id = ?");
    return c.FindOne<SavedSearch>(sql, {id}, [](const db::Row& r) { return SearchOf(r); });
}

std::int64_t InsertSearch(db::Connection& c, const SavedSearch& s) {
    c.Execute(
        "INSERT INTO saved_searches (user_id, name, query, alert, alert_since_id, seen_project_id, "
        "created_at, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {s.user_id, s.name, s.query, std::int64_t{s.alert ? 1 : 0}, s.alert_since_id,
         s.seen_project_id, s.created_at, s.opened_at});
    return c.LastInsertId();
}

void UpdateSearch(db::Connection& c, std::int64_t id, const std::string& name, bool alert,
                  std::int64_t alert_since_id) {
    c.Execute("UPDATE saved_searches SET name = ?, alert = ?, alert_since_id = ? WHERE id = ?",
              {name, std::int64_t{alert ? 1 : 0}, alert_since_id, id});
}

void DeleteSearch(db::Connection& c, std::int64_t id) {
    c.Execute("DELETE FROM saved_search_notified WHERE search_id = ?", {id});
    c.Execute("DELETE FROM saved_searches WHERE id = ?", {id});
}

void MarkOpened(db::Connection& c, std::int64_t id, std::int64_t seen_project_id, std::int64_t at) {
    c.Execute("UPDATE saved_searches SET seen_project_id = ?, opened_at = ? WHERE id = ?",
              {seen_project_id, at, id});
}

std::int64_t MaxProjectId(db::Connection& c) {
    return c.QueryInt("SELECT coalesce(max(id), 0) FROM projects");
}

std::vector<AlertTarget> AlertTargets(db::Connection& c) {
    static const std::string sql =
        "SELECT s.id, s.user_id, s.name, s.query, s.alert, s.alert_since_id, s.seen_project_id, "
        "s.created_at, s.opened_at, s.alerted_at, u.email FROM saved_searches s "
        "JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id "
        "WHERE s.alert = 1 AND u.status = 'active' AND o.status = 'active' ORDER BY s.id";
    return c.QueryAll<AlertTarget>(sql, {}, [](const db::Row& r) {
        return AlertTarget{SearchOf(r), r.Text(10)};
    });
}

std::vector<std::int64_t> NotifiedIds(db::Connection& c, std::int64_t id) {
    return c.QueryAll<std::int64_t>(
        "SELECT project_id FROM saved_search_notified WHERE search_id = ? ORDER BY project_id",
        {id}, [](const db::Row& r) { return r.Int(0); });
}

void InsertNotified(db::Connection& c, std::int64_t search_id, std::int64_t project_id,
                    std::int64_t at) {
    c.Execute(
        "INSERT OR IGNORE INTO saved_search_notified (search_id, project_id, notified_at) "
        "VALUES (?, ?, ?)",
        {search_id, project_id, at});
}

void MarkAlerted(db::Connection& c, std::int64_t id, std::int64_t at) {
    c.Execute("UPDATE saved_searches SET alerted_at = ? WHERE id = ?", {at, id});
}

std::vector<Document> ListDocuments(db::Connection& c, std::int64_t organisation_id) {
    static const std::string sql = Sql("SELECT ", kDocumentColumns,
                                       " FROM space_documents WHERE organisation_id = ? "
                                       "ORDER BY id DESC");
    return c.QueryAll<Document>(sql, {organisation_id},
                                [](const db::Row& r) { return DocumentOf(r); });
}

std::optional<Document> FindDocument(db::Connection& c, std::int64_t id) {
    static const std::string sql =
        Sql("SELECT ", kDocumentColumns, " FROM space_documents WHERE id = ?");
    return c.FindOne<Document>(sql, {id}, [](const db::Row& r) { return DocumentOf(r); });
}

std::optional<DocumentContent> ReadDocument(db::Connection& c, std::int64_t id) {
    static const std::string sql =
        Sql("SELECT ", kDocumentColumns, ", content FROM space_documents WHERE id = ?");
    return c.FindOne<DocumentContent>(sql, {id}, [](const db::Row& r) {
        return DocumentContent{DocumentOf(r), r.Text(11)};
    });
}

std::int64_t InsertDocument(db::Connection& c, const Document& d, const std::string& content) {
    c.Execute(
        "INSERT INTO space_documents (organisation_id, user_id, user_name, kind, filename, "
        "content_type, type_label, size, search_query, content, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {d.organisation_id, db::Nullable(d.user_id), d.user_name,
         std::string(d.kind == DocumentKind::kExtraction ? "extraction" : "upload"), d.filename,
         d.content_type, d.type_label, d.size,
         d.search_query.empty() ? db::Value(nullptr) : db::Value(d.search_query), content,
         d.created_at});
    return c.LastInsertId();
}

void DeleteDocument(db::Connection& c, std::int64_t id) {
    c.Execute("DELETE FROM space_documents WHERE id = ?", {id});
}

std::int64_t OrganisationBytes(db::Connection& c, std::int64_t organisation_id) {
    return c.QueryInt(
        "SELECT coalesce(sum(size), 0) FROM space_documents WHERE organisation_id = ?",
        {organisation_id});
}

std::pair<std::int64_t, std::int64_t> KeptPdfs(db::Connection& c, std::int64_t user_id) {
    std::pair<std::int64_t, std::int64_t> out{0, 0};
    c.Query(
        "SELECT count(*), coalesce(sum(size), 0) FROM space_documents "
        "WHERE user_id = ? AND kind = 'extraction'",
        {user_id}, [&](const db::Row& r) {
            out = {r.Int(0), r.Int(1)};
        });
    return out;
}

void MoveDocuments(db::Connection& c, std::int64_t from, std::int64_t into) {
    c.Execute("UPDATE space_documents SET organisation_id = ? WHERE organisation_id = ?",
              {into, from});
}

}  // namespace cncd::space::repository
