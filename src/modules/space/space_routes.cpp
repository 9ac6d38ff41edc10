#include "modules/space/space_routes.hpp"

#include <charconv>
#include <ctime>
#include <optional>
#include <string_view>
#include <utility>

#include "core/text.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "modules/pdf/pdf_routes.hpp"
#include "modules/search/search_page.hpp"
#include "modules/space/file_type.hpp"
#include "modules/space/multipart.hpp"
#include "web/errors.hpp"

namespace cncd::space {

namespace {

using nlohmann::json;
using web::Request;
using web::Response;

constexpr std::string_view kSearchesPath = "/mon-espace/recherches";
constexpr std::string_view kDocumentsPath = "/mon-espace/documents";

constexpr std::string_view kNoSuchSearch = "Cette recherche enregistrée n’existe pas.";
constexpr std::string_view kNoSuchDocument = "Ce document n’existe pas.";

/// The {id} of the path, or the French 404 `missing` (an id that is not a number names nothing).
Result<std::int64_t> IdOf(const Request& request, std::string_view missing) {
    if (const auto id = text::ParseId(request.Param("id"))) return *id;
    return NotFound(std::string(missing));
}

std::string DateText(std::int64_t at) {
    const std::time_t t = static_cast<std::time_t>(at);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%d/%m/%Y %H:%M UTC", &tm);
    return buffer;
}

json Breadcrumb(std::string_view current,
                std::optional<std::pair<std::string, std::string>> mid = std::nullopt) {
    json out = json::array({{{"label", "Accueil"}, {"href", "/"}},
                            {{"label", "Mon espace"}, {"href", "/mon-espace"}}});
    if (mid) out.push_back({{"label", mid->first}, {"href", mid->second}});
    out.push_back({{"label", current}});
    return out;
}

Response Page(const web::Templates& templates, std::string_view name, json page, int status = 200) {
    page["styles"] = json::array({"/static/css/space.css"});
    return Response::Html(templates.RenderPage(name, page), status);
}

std::string SearchHref(const std::string& query) {
    return std::string(search::kSearchPagePath) + (query.empty() ? "" : "?" + query);
}

std::string AbsoluteHref(const Request& request, const std::string& path) {
    return pdf::SiteUrl(request) + path;
}

json SummaryJson(const Request& request, const SavedSearchSummary& s) {
    json criteria = json::array();
    for (const auto& c : s.criteria) criteria.push_back(c);
    const std::string id = std::to_string(s.search.id);
    return {
        {"id", s.search.id},
        {"name", s.search.name},
        {"query", s.search.query},
        {"criteria", criteria},
        {"has_criteria", !s.criteria.empty()},
        {"total", text::FormatThousands(s.total)},
        {"total_label", text::FormatThousands(s.total) + (s.total > 1 ? " projets" : " projet")},
        {"has_new", s.new_since_opened > 0},
        {"new", text::FormatThousands(s.new_since_opened)},
        {"new_label", text::FormatThousands(s.new_since_opened) +
                          (s.new_since_opened > 1 ? " nouveaux" : " nouveau")},
        {"alert", s.search.alert},
        {"created", DateText(s.search.created_at)},
        {"open_href", std::string(kSearchesPath) + "/" + id + "/ouvrir"},
        {"edit_href", std::string(kSearchesPath) + "/" + id},
        {"share_href", AbsoluteHref(request, SearchHref(s.search.query))}};
}

json Notice(const Request& request) {
    if (request.Query("enregistree")) return "La recherche est enregistrée.";
    if (request.Query("modifiee")) return "La recherche est modifiée.";
    if (request.Query("supprimee")) return "La recherche est supprimée.";
    if (request.Query("depose")) return "Le document est déposé.";
    if (request.Query("conserve")) return "Le PDF de la recherche est conservé dans vos documents.";
    if (request.Query("efface")) return "Le document est supprimé.";
    return nullptr;
}

Response ListSearches(SpaceService& service, const web::Templates& templates,
                      const Request& request, const accounts::Principal& p) {
    auto list = service.ListSearches(p);
    if (!list) return web::ErrorResponse(request, list.error(), templates);
    json items = json::array();
    for (const auto& s : *list) items.push_back(SummaryJson(request, s));
    return Page(templates, "space_searches",
                {{"title", "Mes recherches enregistrées"},
                 {"breadcrumb", Breadcrumb("Mes recherches enregistrées")},
                 {"searches", items},
                 {"has_searches", !list->empty()},
                 {"count", list->size()},
                 {"max", kMaxSavedSearches},
                 {"notice", Notice(request)},
                 {"search_href", search::kSearchPagePath}});
}

/// The form to save a search (its own page: opened from a link, or after a refused save).
Response NewSearchForm(SpaceService& service, const web::Templates& templates,
                       const Request& request, const accounts::Principal& p,
                       const SearchInput& input, const Error* error) {
    json criteria = json::array();
    json total = nullptr;
    json query_error = nullptr;
    auto preview = service.Preview(input.query);
    if (preview) {
        for (const auto& c : preview->criteria) criteria.push_back(c);
        total = text::FormatThousands(preview->total);
    } else {
        query_error = preview.error().message;
    }
    (void)p;
    const std::string canonical = preview ? preview->search.query : std::string();
    const bool name_error = error && error->field == "name";
    if (error && error->field != "name") query_error = error->message;
    return Page(
        templates, "space_search_new",
        {{"title", "Enregistrer une recherche"},
         {"breadcrumb", Breadcrumb("Enregistrer une recherche",
                                   std::pair<std::string, std::string>{
                                       "Mes recherches enregistrées", std::string(kSearchesPath)})},
         {"csrf_token", accounts::AuthOf(request).csrf_token},
         {"name", input.name},
         {"query", preview ? canonical : input.query},
         {"search_href", SearchHref(canonical)},
         {"criteria", criteria},
         {"has_criteria", !criteria.empty()},
         {"total", total},
         {"alert", input.alert},
         {"name_error", name_error ? json(error->message) : json(nullptr)},
         {"query_error", query_error},
         {"max_name", kMaxSearchNameChars}},
        error ? 400 : 200);
}

Response EditSearchForm(const web::Templates& templates, const Request& request,
                        const SavedSearchSummary& s, const SearchInput* input, const Error* error) {
    json view = SummaryJson(request, s);
    if (input) {
        view["name"] = input->name;
        view["alert"] = input->alert;
    }
    view["name_error"] = error && error->field == "name" ? json(error->message) : json(nullptr);
    view["general_error"] = error && error->field != "name" ? json(error->message) : json(nullptr);
    view["title"] = "Recherche « " + s.search.name + " »";
    view["breadcrumb"] =
        Breadcrumb(s.search.name, std::pair<std::string, std::string>{"Mes recherches enregistrées",
                                                                      std::string(kSearchesPath)});
    view["csrf_token"] = accounts::AuthOf(request).csrf_token;
    view["action"] = std::string(kSearchesPath) + "/" + std::to_string(s.search.id);
    view["max_name"] = kMaxSearchNameChars;
    return Page(templates, "space_search", view, error ? 400 : 200);
}

SearchInput InputOf(const web::Fields& form) {
    SearchInput input;
    input.name = accounts::FormValue(form, "name");
    input.query = accounts::FormValue(form, "query");
    const auto alert = accounts::FormValue(form, "alert");
    input.alert = alert == "1" || alert == "on";
    return input;
}

json DocumentJson(const Document& d, const std::string& csrf) {
    const std::string id = std::to_string(d.id);
    return {
        {"id", d.id},
        {"filename", d.filename},
        {"type", d.type_label},
        {"size", SizeText(d.size)},
        {"by", d.user_name},
        {"created", DateText(d.created_at)},
        {"extraction", d.kind == DocumentKind::kExtraction},
        {"search_href", d.search_query.empty() ? json(nullptr) : json(SearchHref(d.search_query))},
        {"download_href", std::string(kDocumentsPath) + "/" + id},
        {"delete_action", std::string(kDocumentsPath) + "/" + id + "/supprimer"},
        {"csrf_token", csrf}};
}

Response DocumentsPage(SpaceService& service, const web::Templates& templates,
                       const Request& request, const accounts::Principal& p, const Error* error) {
    auto docs = service.ListDocuments(p);
    if (!docs) return web::ErrorResponse(request, docs.error(), templates);
    const std::string csrf = accounts::AuthOf(request).csrf_token;
    json items = json::array();
    for (const auto& d : *docs) items.push_back(DocumentJson(d, csrf));
    const auto used = service.UsedBytes(p.organisation_id);
    json view = {{"title", "Mes documents"},
                 {"breadcrumb", Breadcrumb("Mes documents")},
                 {"organisation", p.organisation_name},
                 {"documents", items},
                 {"has_documents", !docs->empty()},
                 {"used", SizeText(used)},
                 {"quota", SizeText(kOrganisationQuotaBytes)},
                 {"max_upload", SizeText(kMaxUploadBytes)},
                 {"accepted", AcceptedTypesText()},
                 {"csrf_token", csrf},
                 {"notice", Notice(request)},
                 {"document_error", nullptr},
                 {"general_error", nullptr}};
    if (error) {
        if (error->field == "document")
            view["document_error"] = error->message;
        else
            view["general_error"] = error->message;
    }
    return Page(templates, "space_documents", view, error ? 400 : 200);
}

/// "filename=\"ascii\"; filename*=UTF-8''percent-encoded" for Content-Disposition.
std::string DispositionFilename(const std::string& name) {
    std::string ascii;
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? ch : '_';
    }
    return "filename=\"" + ascii + "\"; filename*=UTF-8''" + web::PercentEncode(name);
}

/// A page handler for signed-in users only.
template <typename Fn>
web::Handler SignedIn(const web::Templates& templates, Fn fn) {
    return [&templates, fn](const Request& request) {
        const accounts::Principal* p = accounts::PrincipalOf(request);
        if (!p) return accounts::SignInRequired(request, templates);
        return fn(request, *p);
    };
}

}  // namespace

json SavePanel(const Request& request, const std::string& query) {
    if (accounts::PrincipalOf(request)) {
        return {{"signed_in", true},
                {"csrf_token", accounts::AuthOf(request).csrf_token},
                {"query", query},
                {"max_name", kMaxSearchNameChars}};
    }
    const std::string back = SearchHref(query);
    return {{"signed_in", false}, {"signin_href", "/connexion?retour=" + web::PercentEncode(back)}};
}

void RegisterSpaceRoutes(web::Router& router, SpaceService& service,
                         const web::Templates& templates) {
    const std::string searches(kSearchesPath);
    const std::string documents(kDocumentsPath);

    router.Get(searches,
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   return ListSearches(service, templates, request, p);
               }));
    router.Get(searches + "/nouvelle",
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   SearchInput input;
                   input.query = request.Query("query").value_or("");
                   return NewSearchForm(service, templates, request, p, input, nullptr);
               }));
    router.Post(searches,
                SignedIn(templates, [&service, &templates, searches, documents](
                                        const Request& request, const accounts::Principal& p) {
                    const auto input = InputOf(accounts::FormFields(request));
                    auto saved = service.SaveSearch(p, input);
                    if (!saved)
                        return NewSearchForm(service, templates, request, p, input, &saved.error());
                    return Response::Redirect(searches + "?enregistree=" + std::to_string(*saved));
                }));
    router.Get(searches + "/{id}",
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   const auto id = IdOf(request, kNoSuchSearch);
                   if (!id) return web::ErrorResponse(request, id.error(), templates);
                   auto s = service.GetSearch(p, *id);
                   if (!s) return web::ErrorResponse(request, s.error(), templates);
                   return EditSearchForm(templates, request, *s, nullptr, nullptr);
               }));
    router.Post(searches + "/{id}",
                SignedIn(templates, [&service, &templates, searches, documents](
                                        const Request& request, const accounts::Principal& p) {
                    const auto id = IdOf(request, kNoSuchSearch);
                    if (!id) return web::ErrorResponse(request, id.error(), templates);
                    const auto input = InputOf(accounts::FormFields(request));
                    auto updated = service.UpdateSearch(p, *id, input);
                    if (!updated) {
                        if (updated.error().code != ErrorCode::kInvalidArgument)
                            return web::ErrorResponse(request, updated.error(), templates);
                        auto s = service.GetSearch(p, *id);
                        if (!s) return web::ErrorResponse(request, s.error(), templates);
                        return EditSearchForm(templates, request, *s, &input, &updated.error());
                    }
                    return Response::Redirect(searches + "?modifiee=1");
                }));
    router.Post(searches + "/{id}/supprimer",
                SignedIn(templates, [&service, &templates, searches, documents](
                                        const Request& request, const accounts::Principal& p) {
                    const auto id = IdOf(request, kNoSuchSearch);
                    if (!id) return web::ErrorResponse(request, id.error(), templates);
                    auto deleted = service.DeleteSearch(p, *id);
                    if (!deleted) return web::ErrorResponse(request, deleted.error(), templates);
                    return Response::Redirect(searches + "?supprimee=1");
                }));
    router.Get(searches + "/{id}/ouvrir",
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   const auto id = IdOf(request, kNoSuchSearch);
                   if (!id) return web::ErrorResponse(request, id.error(), templates);
                   auto href = service.OpenSearch(p, *id);
                   if (!href) return web::ErrorResponse(request, href.error(), templates);
                   return Response::Redirect(*href);
               }));

    router.Get(documents,
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   return DocumentsPage(service, templates, request, p, nullptr);
               }));
    router.Post(
        documents, SignedIn(templates, [&service, &templates, searches, documents](
                                           const Request& request, const accounts::Principal& p) {
            const auto parts =
                ParseMultipart(request.Header("content-type").value_or(""), request.body);
            Error refused = InvalidArgument("document", "Choisissez un fichier.");
            if (parts) {
                const FormPart* file = FindPart(*parts, "document");
                if (file && file->filename) {
                    auto stored =
                        service.Upload(p, *file->filename, file->content, request.remote_address);
                    if (stored)
                        return Response::Redirect(documents + "?depose=" + std::to_string(*stored));
                    if (stored.error().code != ErrorCode::kInvalidArgument)
                        return web::ErrorResponse(request, stored.error(), templates);
                    refused = stored.error();
                }
            }
            return DocumentsPage(service, templates, request, p, &refused);
        }));
    router.Post(
        documents + "/pdf",
        SignedIn(templates, [&service, &templates, searches, documents](
                                const Request& request, const accounts::Principal& p) {
            const auto form = accounts::FormFields(request);
            auto kept = service.KeepPdf(p, accounts::FormValue(form, "query"),
                                        pdf::SiteUrl(request), request.remote_address);
            if (kept) return Response::Redirect(documents + "?conserve=" + std::to_string(*kept));
            // The user's mistakes and a busy renderer are said on the page; anything
            // else (a permission, an internal error) gets its own error page.
            const auto code = kept.error().code;
            if (code != ErrorCode::kInvalidArgument && code != ErrorCode::kFailedPrecondition)
                return web::ErrorResponse(request, kept.error(), templates);
            Error shown = kept.error();
            shown.field = "query";
            auto page = DocumentsPage(service, templates, request, p, &shown);
            if (kept.error().code == ErrorCode::kFailedPrecondition) {
                page.status = 503;
                page.SetHeader("Retry-After", "5");
            }
            return page;
        }));
    router.Get(documents + "/{id}",
               SignedIn(templates, [&service, &templates, searches, documents](
                                       const Request& request, const accounts::Principal& p) {
                   const auto id = IdOf(request, kNoSuchDocument);
                   if (!id) return web::ErrorResponse(request, id.error(), templates);
                   auto doc = service.GetDocument(p, *id);
                   if (!doc) return web::ErrorResponse(request, doc.error(), templates);
                   auto response =
                       Response::Text(std::move(doc->content), doc->document.content_type);
                   response.SetHeader("Content-Disposition",
                                      "attachment; " + DispositionFilename(doc->document.filename));
                   response.SetHeader("X-Content-Type-Options", "nosniff");
                   response.SetHeader("Cache-Control", "private, no-store");
                   return response;
               }));
    router.Post(documents + "/{id}/supprimer",
                SignedIn(templates, [&service, &templates, searches, documents](
                                        const Request& request, const accounts::Principal& p) {
                    const auto id = IdOf(request, kNoSuchDocument);
                    if (!id) return web::ErrorResponse(request, id.error(), templates);
                    auto deleted = service.DeleteDocument(p, *id, request.remote_address);
                    if (!deleted) return web::ErrorResponse(request, deleted.error(), templates);
                    return Response::Redirect(documents + "?efface=1");
                }));
}

}  // namespace cncd::space
