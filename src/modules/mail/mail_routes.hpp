#pragma once

#include <functional>
#include <optional>

#include "modules/mail/mail_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::mail {

/// Decides whether a request may read the outbox: nothing lets it through; a response (a
/// redirect to the sign-in page, a 403 page) is answered instead. Supplied by the accounts
/// policy, e.g. "signed in as a ministry administrator".
using AccessGuard = std::function<std::optional<web::Response>(const web::Request&)>;

/// Registers the administrators' outbox pages, every one behind `guard`:
///   GET /administration/courriels                  the list (filters statut, reference,
///                                                  destinataire; page)
///   GET /administration/courriels/{id}             one mail
///   GET /administration/courriels/{id}/pieces-jointes/{position}   an attachment (download)
/// Throws std::invalid_argument when `guard` is empty: these pages show personal data and are
/// never registered unguarded. `service` and `templates` must outlive the router.
void RegisterMailRoutes(web::Router& router, const MailService& service,
                        const web::Templates& templates, AccessGuard guard);

}  // namespace cncd::mail
