#include "modules/accounts/audit.hpp"

#include <algorithm>

namespace cncd::accounts {

namespace {

constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, actor_user_id, actor, action, record_type, record_id, "
    "before_json, after_json, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kListAudit =
    "SELECT id, at, actor_user_id, actor, action, record_type, record_id, before_json, "
    "after_json, ip FROM audit_log WHERE (? = '' OR record_type = ?) AND (? = '' OR record_id = ?) "
    "ORDER BY id DESC LIMIT ?";
constexpr int kMaxAuditRows = 1000;

db::Value JsonOrNull(const nlohmann::json& value) {
    if (value.is_null()) return nullptr;
    return value.dump();
}

nlohmann::json ParseOrNull(const db::Row& row, int column) {
    if (row.IsNull(column)) return nullptr;
    return nlohmann::json::parse(row.Text(column), nullptr, false);
}

}  // namespace

void AuditLog::Record(db::Connection& c, const Actor& actor, const AuditEvent& event,
                      std::int64_t at) {
    c.Execute(kInsertAudit,
              {at, db::Nullable(actor.user_id), actor.label, event.action, event.record_type,
               event.record_id, JsonOrNull(event.before), JsonOrNull(event.after), actor.ip});
}

std::vector<AuditEntry> AuditLog::List(db::Connection& c, const AuditQuery& query) {
    const std::int64_t limit = std::clamp(query.limit, 1, kMaxAuditRows);
    return c.QueryAll<AuditEntry>(
        kListAudit, {query.record_type, query.record_type, query.record_id, query.record_id, limit},
        [](const db::Row& row) {
            return AuditEntry{
                row.Int(0),  row.Int(1),  row.OptionalInt(2),  row.Text(3),         row.Text(4),
                row.Text(5), row.Text(6), ParseOrNull(row, 7), ParseOrNull(row, 8), row.Text(9)};
        });
}

}  // namespace cncd::accounts
