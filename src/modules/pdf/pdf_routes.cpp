#include "modules/pdf/pdf_routes.hpp"

#include <algorithm>
#include <memory>
#include <utility>

#include "modules/search/search_query.hpp"
#include "web/errors.hpp"

namespace cncd::pdf {

std::string SiteUrl(const web::Request& request) {
    const auto host = request.Header("Host");
    constexpr std::size_t kMaxHost = 255;
    if (!host || host->empty() || host->size() > kMaxHost) return {};
    const bool plain = std::all_of(host->begin(), host->end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    });
    if (!plain) return {};
    const auto proto = request.Header("X-Forwarded-Proto");
    const std::string scheme = proto && *proto == "https" ? "https" : "http";
    return scheme + "://" + *host;
}

void RegisterPdfRoutes(web::Router& router, PdfService& service, const web::Templates& templates) {
    router.Get("/api/v1/projects.pdf", [&service, &templates](const web::Request& request) {
        auto query = search::ParseSearchQuery(request.query);
        if (!query) return web::ErrorResponse(request, query.error(), templates);
        auto filename = service.Prepare(*query);
        if (!filename) return web::ErrorResponse(request, filename.error(), templates);
        auto slot = service.TryReserve();
        if (!slot) {
            auto busy = web::ErrorResponse(
                request, 503, "unavailable",
                "Trop d’extractions PDF sont en cours : réessayez dans quelques secondes.",
                templates);
            busy.SetHeader("Retry-After", "5");
            return busy;
        }
        // Cairo writes the document page by page: the bytes go to the socket as they come.
        // The slot is held until the last byte is sent (or the client leaves).
        auto held = std::make_shared<RenderSlot>(std::move(*slot));
        auto response = web::Response::Stream(
            "application/pdf", [&service, held, query = std::move(*query),
                                site = SiteUrl(request)](web::BodySink& sink) {
                service.Write(query, site, [&sink](std::string_view bytes) { sink.Write(bytes); });
            });
        response.SetHeader("Content-Disposition", "attachment; filename=\"" + *filename + "\"");
        return response;
    });
}

}  // namespace cncd::pdf
