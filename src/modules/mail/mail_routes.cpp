#include "modules/mail/mail_routes.hpp"

#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/text.hpp"
#include "modules/mail/mime.hpp"
#include "web/errors.hpp"

namespace cncd::mail {
namespace {

constexpr std::string_view kBase = "/administration/courriels";
constexpr std::string_view kTitle = "Courriels du portail";
constexpr int kPageSize = 50;
constexpr int kMaxPage = 100000;

// The status filter's values in the page's address and their labels.
struct StatusView {
    MailStatus status;
    std::string_view slug;
    std::string_view label;
    std::string_view badge;
};
constexpr StatusView kStatuses[] = {
    {MailStatus::kPending, "en-attente", "En attente", "fr-badge--info"},
    {MailStatus::kSending, "en-cours", "En cours d’envoi", "fr-badge--new"},
    {MailStatus::kSent, "envoye", "Envoyé", "fr-badge--success"},
    {MailStatus::kFailed, "echec", "Échec", "fr-badge--error"},
    {MailStatus::kCancelled, "annule", "Annulé", "fr-badge--warning"},
};

const StatusView& ViewOf(MailStatus status) {
    for (const auto& s : kStatuses) {
        if (s.status == status) return s;
    }
    return kStatuses[0];
}

std::optional<std::int64_t> ParsePositive(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

// "2026-11-26 21:07:54" → "26/11/2026 à 21:07 UTC"; empty stays empty.
std::string FrenchTime(const std::string& utc) {
    constexpr std::size_t kStoredLength = 19;
    if (utc.size() < kStoredLength) return utc;
    return utc.substr(8, 2) + "/" + utc.substr(5, 2) + "/" + utc.substr(0, 4) + " à " +
           utc.substr(11, 5) + " UTC";
}

std::string FrenchSize(std::int64_t bytes) {
    constexpr std::int64_t kKilo = 1024;
    if (bytes < kKilo) return std::to_string(bytes) + " octets";
    if (bytes < kKilo * kKilo) return text::FormatThousands((bytes + kKilo / 2) / kKilo) + " Ko";
    return text::FormatThousands((bytes + kKilo * kKilo / 2) / (kKilo * kKilo)) + " Mo";
}

// A value a section shows only when present (an empty string is truthy in Mustache views).
nlohmann::json OrNull(const std::string& s) {
    if (s.empty()) return nullptr;
    return s;
}

// A plain-text body as HTML paragraphs: blank lines separate paragraphs, line breaks stay.
std::string TextAsHtml(const std::string& text) {
    std::string out;
    std::string paragraph;
    auto flush = [&] {
        if (!paragraph.empty()) out += "<p>" + paragraph + "</p>";
        paragraph.clear();
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) {
            flush();
        } else {
            if (!paragraph.empty()) paragraph += "<br>";
            paragraph += text::HtmlEscape(line);
        }
        start = end + 1;
    }
    flush();
    return out;
}

std::string Reference(const OutboxMail& m) {
    if (m.reference_kind.empty()) return {};
    if (!m.reference_id) return m.reference_kind;
    return m.reference_kind + " n° " + std::to_string(*m.reference_id);
}

nlohmann::json Breadcrumb(const std::string& current, bool in_list) {
    auto items = nlohmann::json::array({{{"label", "Accueil"}, {"href", "/"}}});
    if (in_list) {
        items.push_back({{"label", current}});
    } else {
        items.push_back({{"label", std::string(kTitle)}, {"href", std::string(kBase)}});
        items.push_back({{"label", current}});
    }
    return items;
}

web::Response Private(web::Response response) {
    response.SetHeader("Cache-Control", "no-store");
    response.SetHeader("X-Robots-Tag", "noindex");
    return response;
}

std::string ListHref(const std::string& status, const std::string& kind, const std::string& to,
                     int page) {
    std::string query;
    auto add = [&query](std::string_view name, const std::string& value) {
        if (value.empty()) return;
        query += query.empty() ? "?" : "&";
        query += std::string(name) + "=" + web::PercentEncode(value);
    };
    add("statut", status);
    add("reference", kind);
    add("destinataire", to);
    if (page > 1) add("page", std::to_string(page));
    return std::string(kBase) + query;
}

// The list's filters as typed, with a French message per invalid field.
struct ListForm {
    std::string status;
    std::string kind;
    std::string to;
    int page = 1;
    nlohmann::json errors = nlohmann::json::object();
    MailFilter filter;
};

ListForm ParseListForm(const web::Request& request) {
    constexpr std::size_t kMaxField = 254;
    ListForm f;
    f.status = request.Query("statut").value_or("");
    f.kind = request.Query("reference").value_or("");
    f.to = request.Query("destinataire").value_or("");
    if (f.kind.size() > kMaxField) f.kind.resize(kMaxField);
    if (f.to.size() > kMaxField + 1) f.to.resize(kMaxField + 1);
    f.filter.page_size = kPageSize;
    if (!f.status.empty()) {
        bool known = false;
        for (const auto& s : kStatuses) {
            if (s.slug == f.status) {
                f.filter.status = s.status;
                known = true;
            }
        }
        if (!known) f.errors["statut"] = "Choisissez un statut de la liste.";
    }
    if (!f.kind.empty()) f.filter.reference_kind = f.kind;
    if (!f.to.empty()) {
        if (IsValidAddress(f.to)) {
            f.filter.recipient = f.to;
        } else {
            f.errors["destinataire"] =
                "Saisissez une adresse électronique complète, par exemple "
                "agent@exemple.fr.";
        }
    }
    if (const auto p = request.Query("page")) {
        const auto n = ParsePositive(*p);
        if (!n || *n < 1 || *n > kMaxPage) {
            f.errors["page"] = "Numéro de page invalide.";
        } else {
            f.page = static_cast<int>(*n);
        }
    }
    f.filter.page = f.page;
    return f;
}

web::Response ListPage(const web::Request& request, const MailService& service,
                       const web::Templates& templates) {
    ListForm form = ParseListForm(request);
    nlohmann::json statuses = nlohmann::json::array();
    for (const auto& s : kStatuses) {
        statuses.push_back(
            {{"value", s.slug}, {"label", s.label}, {"selected", s.slug == form.status}});
    }
    nlohmann::json page = {
        {"title", std::string(kTitle)}, {"breadcrumb", Breadcrumb(std::string(kTitle), true)},
        {"statuses", statuses},         {"no_status", form.status.empty()},
        {"reference", form.kind},       {"recipient", form.to},
        {"errors", form.errors},        {"has_errors", !form.errors.empty()},
    };
    if (!form.errors.empty()) {
        page["title"] = "Erreur — " + std::string(kTitle);
        return Private(web::Response::Html(templates.RenderPage("mail_outbox", page), 400));
    }
    auto result = service.List(form.filter);
    if (!result) return web::ErrorResponse(request, result.error(), templates);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& m : result->mails) {
        const auto& s = ViewOf(m.status);
        std::string to = m.to.empty() ? "" : m.to.front();
        if (m.to.size() > 1) to += " et " + std::to_string(m.to.size() - 1) + " autre(s)";
        rows.push_back({
            {"href", std::string(kBase) + "/" + std::to_string(m.id)},
            {"id", m.id},
            {"subject", m.subject},
            {"to", to},
            {"created_at", FrenchTime(m.created_at)},
            {"status_label", s.label},
            {"status_badge", s.badge},
            {"attempts", m.attempts},
            {"reference", Reference(m)},
            {"has_attachments", !m.attachments.empty()},
        });
    }
    const std::int64_t pages = (result->total + kPageSize - 1) / kPageSize;
    page["rows"] = rows;
    page["has_rows"] = !rows.empty();
    page["total"] = text::FormatThousands(result->total);
    page["caption"] = "Courriels, du plus récent au plus ancien (page " +
                      std::to_string(form.page) + " sur " +
                      std::to_string(std::max<std::int64_t>(pages, 1)) + ")";
    if (form.page > 1) page["prev_href"] = ListHref(form.status, form.kind, form.to, form.page - 1);
    if (form.page < pages)
        page["next_href"] = ListHref(form.status, form.kind, form.to, form.page + 1);
    page["has_pages"] = pages > 1;
    return Private(web::Response::Html(templates.RenderPage("mail_outbox", page)));
}

web::Response MessagePage(const web::Request& request, const MailService& service,
                          const web::Templates& templates) {
    const auto id = ParsePositive(request.Param("id"));
    if (!id) return web::ErrorResponse(request, NotFound("Ce courriel n’existe pas."), templates);
    auto result = service.Get(*id);
    if (!result) return web::ErrorResponse(request, result.error(), templates);
    const OutboxMail& m = *result;
    const auto& s = ViewOf(m.status);
    nlohmann::json attachments = nlohmann::json::array();
    for (const auto& a : m.attachments) {
        attachments.push_back({
            {"href", std::string(kBase) + "/" + std::to_string(m.id) + "/pieces-jointes/" +
                         std::to_string(a.position)},
            {"filename", a.filename},
            {"content_type", a.content_type},
            {"size", FrenchSize(a.size)},
        });
    }
    std::string to;
    for (const auto& address : m.to) to += (to.empty() ? "" : ", ") + address;
    const std::string title = "Courriel n° " + std::to_string(m.id);
    nlohmann::json page = {
        {"title", title},
        {"breadcrumb", Breadcrumb(title, false)},
        {"mail",
         {
             {"subject", m.subject},
             {"to", to},
             {"reply_to", OrNull(m.reply_to)},
             {"status_label", s.label},
             {"status_badge", s.badge},
             {"created_at", FrenchTime(m.created_at)},
             {"not_before", FrenchTime(m.not_before)},
             {"waiting", m.status == MailStatus::kPending},
             {"next_attempt_at", FrenchTime(m.next_attempt_at)},
             {"sent_at", OrNull(FrenchTime(m.sent_at))},
             {"attempts", m.attempts},
             {"last_error", OrNull(m.last_error)},
             {"reference", OrNull(Reference(m))},
             {"text_html", TextAsHtml(m.text)},
             {"html", OrNull(m.html)},
             {"html_size", FrenchSize(static_cast<std::int64_t>(m.html.size()))},
             {"attachments", attachments},
             {"has_attachments", !attachments.empty()},
         }},
    };
    return Private(web::Response::Html(templates.RenderPage("mail_message", page)));
}

// RFC 6266: an ASCII fallback and the UTF-8 name.
std::string ContentDisposition(const std::string& filename) {
    std::string ascii;
    for (char c : filename) {
        const auto u = static_cast<unsigned char>(c);
        ascii += (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') ? c : '_';
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
           web::PercentEncode(filename);
}

web::Response AttachmentDownload(const web::Request& request, const MailService& service,
                                 const web::Templates& templates) {
    const auto id = ParsePositive(request.Param("id"));
    const auto position = ParsePositive(request.Param("position"));
    constexpr std::int64_t kMaxPosition = 1000;
    if (!id || !position || *position > kMaxPosition) {
        return web::ErrorResponse(request, NotFound("Cette pièce jointe n’existe pas."), templates);
    }
    auto a = service.GetAttachment(*id, static_cast<int>(*position));
    if (!a) return web::ErrorResponse(request, a.error(), templates);
    auto response = web::Response::Text(std::move(a->content), a->content_type);
    response.SetHeader("Content-Disposition", ContentDisposition(a->filename));
    return Private(std::move(response));
}

web::Handler Guarded(std::shared_ptr<const AccessGuard> guard, web::Handler handler) {
    return [guard = std::move(guard), handler = std::move(handler)](const web::Request& request) {
        if (auto refused = (*guard)(request)) return std::move(*refused);
        return handler(request);
    };
}

}  // namespace

void RegisterMailRoutes(web::Router& router, const MailService& service,
                        const web::Templates& templates, AccessGuard guard) {
    if (!guard) throw std::invalid_argument("RegisterMailRoutes: the outbox pages need a guard");
    auto shared = std::make_shared<const AccessGuard>(std::move(guard));
    const std::string base(kBase);
    router.Get(base, Guarded(shared, [&service, &templates](const web::Request& request) {
                   return ListPage(request, service, templates);
               }));
    router.Get(base + "/{id}", Guarded(shared, [&service, &templates](const web::Request& request) {
                   return MessagePage(request, service, templates);
               }));
    router.Get(base + "/{id}/pieces-jointes/{position}",
               Guarded(shared, [&service, &templates](const web::Request& request) {
                   return AttachmentDownload(request, service, templates);
               }));
}

}  // namespace cncd::mail
