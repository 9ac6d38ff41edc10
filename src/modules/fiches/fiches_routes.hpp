#pragma once

#include <functional>
#include <optional>
#include <string>

#include "modules/fiches/fiches.hpp"
#include "modules/fiches/fiches_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::fiches {

/// What the fiche routes need from the accounts module, passed in by the portal.
struct FicheSeam {
    /// The signed-in user of a request (session cookie or Bearer token), or nothing.
    std::function<std::optional<Actor>(const web::Request&)> current_actor;
    /// True when an unsafe request carries a valid CSRF token (form field `csrf_token` or
    /// header X-CSRF-Token), or needs none (Bearer token).
    std::function<bool(const web::Request&)> csrf_ok;
    /// The CSRF token to put in the forms of a page.
    std::function<std::string(const web::Request&)> csrf_token;
};

/// The personal space's fiche pages and the fiche write API:
/// - pages: /mon-espace/projets (my fiches and their quality), /mon-espace/projets/nouveau,
///   /mon-espace/projets/{id}/modifier (and POST …/cloturer), …/historique, …/diff?de=&a=,
///   POST …/versions/{n}/annuler, /administration/modifications, /administration/qualite,
///   /administration/qualite/{authority_id};
/// - API: POST /api/v1/projects, PUT /api/v1/projects/{id}, POST /api/v1/projects/{id}/close,
///   GET /api/v1/projects/{id}/versions, POST /api/v1/projects/{id}/versions/{n}/revert,
///   GET /api/v1/partners?q=, GET /api/v1/authorities?q= (pick-list suggestions).
/// Without an actor: pages redirect to /connexion?retour=<page>, the API answers 401. Unsafe
/// requests without a valid CSRF token: 403. Authorisation is the service's (Allowed).
void RegisterFicheRoutes(web::Router& router, FicheService& service,
                         const web::Templates& templates, FicheSeam seam);

}  // namespace cncd::fiches
