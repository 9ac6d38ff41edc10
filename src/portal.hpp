#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "db/database.hpp"
#include "modules/accounts/account_service.hpp"
#include "modules/accounts/mailer.hpp"
#include "modules/space/space_service.hpp"
#include "web/http.hpp"

namespace cncd {

/// How the portal is deployed; the defaults suit a developer on http://localhost.
struct PortalOptions {
    /// The public address ("https://cncd.example.gouv.fr"): links in mails, and with https the
    /// session cookies become "__Host-…" with Secure. Empty: http://localhost:8080, plain
    /// "cncd_session" cookies without Secure (a browser drops Secure cookies over plain HTTP).
    std::string public_url;
    /// The common password list (JSON array). Empty: $CNCD_COMMON_PASSWORDS, else
    /// ROOT/node_modules/@zxcvbn-ts/language-common/src/passwords.json.
    std::filesystem::path common_passwords;
    /// Where account mails go. nullptr: the mail module's outbox (tests may read them from a
    /// MemoryMailer instead).
    accounts::Mailer* mailer = nullptr;
    /// Adjusts the account options (tests: a fake clock, a fast hasher).
    std::function<void(accounts::AccountOptions&)> tune_accounts;
};

/// The common password list path for `root` when `given` is empty (see PortalOptions).
std::filesystem::path CommonPasswordsPath(const std::filesystem::path& root,
                                          const std::filesystem::path& given = {});

/// The portal's services and routes, composed once (by main and by integration tests).
class Portal {
  public:
    /// `root` holds templates/, static/ and public/vendor/.
    Portal(db::Database& db, const std::filesystem::path& root, PortalOptions options = {});
    ~Portal();
    /// The handler of every request, middleware included.
    const web::Handler& handler() const;
    /// The accounts service (integration tests, later modules' composition).
    accounts::AccountService& accounts();
    /// The personal space (saved searches and their alerts, documents).
    space::SpaceService& space();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cncd
