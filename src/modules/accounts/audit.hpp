#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/accounts/accounts.hpp"

/// The audit log: who changed what, when, with the record before and after. Every module
/// writes its changes through AuditLog::Record inside the write transaction of the change, so
/// a change and its audit line are committed (or rolled back) together.
namespace cncd::accounts {

/// Who acts: a user, or the system (seeding, scheduled jobs).
struct Actor {
    std::optional<std::int64_t> user_id;
    std::string label;  ///< e-mail, or "system"
    std::string ip;

    static Actor System() { return {std::nullopt, "system", {}}; }
    static Actor Of(const Principal& principal, std::string ip = {}) {
        return {principal.user_id, principal.email, std::move(ip)};
    }
};

/// One change. `before` and `after` are null for a creation and a deletion respectively.
struct AuditEvent {
    std::string action;       ///< "user.approve", "project.update"…
    std::string record_type;  ///< "user", "organisation", "project"…
    std::string record_id;
    nlohmann::json before;
    nlohmann::json after;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;
    std::optional<std::int64_t> actor_user_id;
    std::string actor;
    std::string action;
    std::string record_type;
    std::string record_id;
    nlohmann::json before;
    nlohmann::json after;
    std::string ip;
};

struct AuditQuery {
    std::string record_type;  ///< empty: any
    std::string record_id;    ///< empty: any
    int limit = 100;          ///< 1 to 1000
};

class AuditLog {
  public:
    /// Appends `event` by `actor` at `at` on `c` (call it inside the change's Write).
    static void Record(db::Connection& c, const Actor& actor, const AuditEvent& event,
                       std::int64_t at);
    /// The latest entries matching `query`, newest first.
    static std::vector<AuditEntry> List(db::Connection& c, const AuditQuery& query);
};

}  // namespace cncd::accounts
