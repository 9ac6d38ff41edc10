#pragma once

#include <optional>
#include <string>

#include "modules/pdf/pdf_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::pdf {

/// GET /api/v1/projects.pdf: the PDF report of a search (the parameters of /api/v1/projects; a
/// malformed one gets 400 naming it), as an attachment "projets-atlas-AAAA-MM-JJ.pdf"; 503 with
/// Retry-After when the service's renderings are all taken.
void RegisterPdfRoutes(web::Router& router, PdfService& service, const web::Templates& templates);

/// The portal's address as the client reached it, for absolute links in documents:
/// "https://host[:port]" from the Host header and X-Forwarded-Proto (http by default), or
/// empty when the Host header is missing or not a plain host name or address with a port.
std::string SiteUrl(const web::Request& request);

}  // namespace cncd::pdf
