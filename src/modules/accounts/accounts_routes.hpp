#pragma once

#include <functional>
#include <string>
#include <vector>

#include "modules/accounts/account_service.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::accounts {

/// A card of "Mon espace" that a later module adds (my projects, saved searches…).
struct SpaceLink {
    std::string title;
    std::string href;
    std::string description;
    /// Whether the principal sees it (empty: everyone signed in).
    std::function<bool(const Principal&)> visible;
};

struct AccountRoutesOptions {
    CookiePolicy cookies;
    std::vector<SpaceLink> space_links;
};

/// Pages (/connexion, /deconnexion, /inscription, /mot-de-passe-oublie, /reinitialisation,
/// /invitation, /mon-espace…, /administration/organisations, /administration/utilisateurs) and
/// the API (/api/v1/session, /api/v1/me, /api/v1/organisations). `service` and `templates`
/// must outlive the router.
void RegisterAccountRoutes(web::Router& router, AccountService& service,
                           const web::Templates& templates, AccountRoutesOptions options);

}  // namespace cncd::accounts
