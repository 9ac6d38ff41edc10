#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "modules/space/space_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::space {

/// The pages of the personal space (signed-in users; anonymous visitors are sent to sign in):
///   GET  /mon-espace/recherches                 saved searches: criteria, results now, new
///   POST /mon-espace/recherches                 save a search (name, query, alert)
///   GET  /mon-espace/recherches/nouvelle?query= the save form on its own page
///   GET  /mon-espace/recherches/{id}            rename, alert, share, keep its PDF, delete
///   POST /mon-espace/recherches/{id}            rename, alert on or off
///   POST /mon-espace/recherches/{id}/supprimer
///   GET  /mon-espace/recherches/{id}/ouvrir     marks it opened, 303 to /atlas/recherche?…
///   GET  /mon-espace/documents                  the organisation's archive and upload form
///   POST /mon-espace/documents                  upload (multipart/form-data, field document)
///   POST /mon-espace/documents/pdf              keep the PDF of a search (field query)
///   GET  /mon-espace/documents/{id}             download (attachment, nosniff)
///   POST /mon-espace/documents/{id}/supprimer
void RegisterSpaceRoutes(web::Router& router, SpaceService& service,
                         const web::Templates& templates);

/// The "save this search" panel of the search page for `request` (template search, key
/// "save"): the form with the CSRF token for a signed-in user, a sign-in link otherwise.
/// `query` is the search's canonical query string.
nlohmann::json SavePanel(const web::Request& request, const std::string& query);

}  // namespace cncd::space
