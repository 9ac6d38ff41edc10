#include "modules/apd/apd_web.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "modules/accounts/accounts_web.hpp"
#include "modules/accounts/audit.hpp"
#include "modules/apd/apd_codes.hpp"
#include "modules/apd/apd_json.hpp"
#include "modules/apd/apd_pages.hpp"
#include "modules/apd/apd_receipt.hpp"
#include "modules/apd/apd_reminders.hpp"
#include "modules/apd/apd_repository.hpp"
#include "web/errors.hpp"

namespace cncd::apd {
namespace {

using nlohmann::json;

Result<json> ParseBody(const web::Request& request) {
    if (request.body.empty()) return json::object();
    auto body = json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return InvalidArgument("body", "Le corps de la requête n’est pas un objet JSON valide.");
    return body;
}

// The comment of a review: a string of the body, or empty.
Result<std::string> CommentOf(const json& body) {
    const auto it = body.find("comment");
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) return InvalidArgument("comment", "Le commentaire doit être un texte.");
    return it->get<std::string>();
}

}  // namespace

Actor ActorOf(const accounts::Principal& p, std::optional<std::int64_t> authority_id,
              std::string ip) {
    Actor actor =
        p.IsMinistry()
            ? Actor::Ministry(p.name + " (" + p.organisation_name + ")")
            : Actor::Authority(
                  authority_id.value_or(p.authority_ids.empty() ? 0 : p.authority_ids.front()),
                  p.name + " (" + p.organisation_name + ")");
    actor.user_id = p.user_id;
    actor.email = p.email;
    actor.ip = std::move(ip);
    return actor;
}

std::variant<Actor, web::Response> ActorFor(const web::Request& request,
                                            std::optional<std::int64_t> authority_id,
                                            const web::Templates& templates) {
    const accounts::Principal* p = accounts::PrincipalOf(request);
    if (!p) return accounts::SignInRequired(request, templates);
    if (p->IsMinistry()) {
        if (auto refusal = accounts::Refusal(request, accounts::Action::kReviewApd,
                                             accounts::Resource::Global(), templates))
            return std::move(*refusal);
        return ActorOf(*p, std::nullopt, request.remote_address);
    }
    if (!authority_id && !p->authority_ids.empty()) authority_id = p->authority_ids.front();
    if (!authority_id) {
        return web::ErrorResponse(
            request,
            Error{ErrorCode::kPermissionDenied,
                  "Seules les collectivités déclarent leur aide publique au développement.",
                  {}},
            templates);
    }
    if (auto refusal = accounts::Refusal(request, accounts::Action::kDeclareApd,
                                         accounts::Resource::OfAuthority(*authority_id), templates))
        return std::move(*refusal);
    return ActorOf(*p, authority_id, request.remote_address);
}

void InstallApdHooks(DeclarationService& service, const mail::MailService& mail) {
    service.SetWriteHook([&mail](db::Connection& c, const Actor& actor,
                                 const Change& change) -> Status {
        accounts::AuditLog::Record(
            c,
            accounts::Actor{actor.user_id, actor.email.empty() ? "system" : actor.email, actor.ip},
            {change.action, change.record_type, change.record_id, change.before, change.after},
            static_cast<std::int64_t>(std::time(nullptr)));
        if (change.action == "apd.declaration.return" && change.declaration) {
            // The authority's users learn what to correct.
            const Declaration& d = *change.declaration;
            const auto to = AuthorityEmails(c, d.authority_id);
            if (to.empty()) return Ok{};
            mail::Mail m;
            m.to = to;
            m.subject = "Votre déclaration d’APD " + std::to_string(d.year) +
                        " est renvoyée pour correction";
            m.text =
                "Bonjour,\n\nLe ministère a renvoyé la déclaration de l’aide publique au "
                "développement " +
                std::to_string(d.year) + " de " + d.authority_name + " (version " +
                std::to_string(d.current.number) + ") pour correction :\n\n" +
                change.after.value("comment", std::string()) +
                "\n\nCorrigez-la puis soumettez-la de nouveau depuis « Mon espace › "
                "Déclaration APD ».\n\nLe portail de la coopération décentralisée\n";
            m.reference_kind = "apd_declaration";
            m.reference_id = d.id;
            auto id = mail.Enqueue(c, m);
            if (!id) return id.error();
            return Ok{};
        }
        if (change.action != "apd.declaration.submit" || !change.declaration) return Ok{};
        const Declaration& d = *change.declaration;
        mail.CancelPending(c, Reminders::MailKind(d.year), d.authority_id);
        if (actor.email.empty()) return Ok{};
        const CodeBook codes = CodeBook::Load(c);
        mail::Mail m;
        m.to = {actor.email};
        m.subject = "Accusé de réception de votre déclaration d’APD " + std::to_string(d.year);
        m.text = "Bonjour,\n\nLa déclaration de l’aide publique au développement " +
                 std::to_string(d.year) + " de " + d.authority_name + " (version " +
                 std::to_string(d.current.number) + ") a été reçue le " +
                 FrenchDate(d.current.submitted_at.substr(0, 10)) + ".\n" +
                 (d.current.nothing_to_declare
                      ? std::string("Vous avez déclaré n’avoir rien à déclarer.\n")
                      : std::to_string(d.lines.size()) + " ligne(s), montant total : " +
                            text::FormatThousands(d.current.total_eur) + " €.\n") +
                 "Référence : " + ReceiptReference(d) +
                 "\n\nL’accusé de réception est joint en PDF. Le ministère examinera la "
                 "déclaration ; vous serez informé s’il la renvoie pour correction.\n\n"
                 "Le portail de la coopération décentralisée\n";
        m.attachments.push_back({.filename = "accuse-reception-" + ReceiptReference(d) + ".pdf",
                                 .content_type = "application/pdf",
                                 .content = ReceiptPdf(d, ReceiptNamesOf(c, codes))});
        m.reference_kind = "apd_declaration";
        m.reference_id = d.id;
        auto id = mail.Enqueue(c, m);
        if (!id) return id.error();
        return Ok{};
    });
}

void RegisterDeclarationRoutes(web::Router& router, DeclarationService& service,
                               Reminders& reminders, const web::Templates& templates) {
    // The actor of a declaration's route: 401, then 404, then the policy on its authority.
    const auto for_declaration = [&service, &templates](const web::Request& request)
        -> std::variant<std::pair<Actor, std::int64_t>, web::Response> {
        if (!accounts::PrincipalOf(request)) return accounts::SignInRequired(request, templates);
        const auto id = text::ParseId(request.Param("id"));
        const auto authority = id ? service.AuthorityOf(*id) : std::nullopt;
        if (!authority) {
            return web::ErrorResponse(request, NotFound("Cette déclaration n’existe pas."),
                                      templates);
        }
        auto actor = ActorFor(request, authority, templates);
        if (auto* refusal = std::get_if<web::Response>(&actor)) return std::move(*refusal);
        return std::make_pair(std::get<Actor>(actor), *id);
    };

    router.Get("/api/v1/apd/declarations", [&service, &templates](const web::Request& request) {
        auto acting = ActorFor(request, std::nullopt, templates);
        if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
        const Actor& actor = std::get<Actor>(acting);
        if (!actor.ministry) {
            auto list = service.ListOf(actor, *actor.authority_id);
            if (!list) return web::ErrorResponse(request, list.error(), templates);
            return web::Response::Json({{"declarations", SummariesJson(*list)}});
        }
        int year = 0;
        if (const auto y = request.Query("year"); y && !y->empty()) {
            if (y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos) {
                return web::ErrorResponse(
                    request, InvalidArgument("year", "L’année s’écrit sur quatre chiffres."),
                    templates);
            }
            year = std::stoi(*y);
        } else if (const auto current = service.CurrentCampaign()) {
            year = current->year;
        }
        std::optional<State> state;
        if (const auto s = request.Query("state"); s && !s->empty()) {
            state = ParseState(*s);
            if (!state) {
                return web::ErrorResponse(
                    request,
                    InvalidArgument("state",
                                    "État inconnu : brouillon, soumise, renvoyee ou validee."),
                    templates);
            }
        }
        auto list = service.List(actor, year);
        if (!list) return web::ErrorResponse(request, list.error(), templates);
        std::vector<repo::Summary> kept;
        for (auto& s : *list) {
            if (!state || s.state == *state) kept.push_back(std::move(s));
        }
        return web::Response::Json({{"year", year}, {"declarations", SummariesJson(kept)}});
    });

    router.Post("/api/v1/apd/declarations", [&service, &templates](const web::Request& request) {
        if (!accounts::PrincipalOf(request)) return accounts::SignInRequired(request, templates);
        auto body = ParseBody(request);
        if (!body) return web::ErrorResponse(request, body.error(), templates);
        std::optional<std::int64_t> authority;
        if (const auto it = body->find("authority_id"); it != body->end() && !it->is_null()) {
            if (!it->is_number_integer()) {
                return web::ErrorResponse(
                    request,
                    InvalidArgument("authority_id",
                                    "L’identifiant de la collectivité est un nombre entier."),
                    templates);
            }
            authority = it->get<std::int64_t>();
        }
        int year = 0;
        if (const auto it = body->find("year"); it != body->end() && !it->is_null()) {
            if (!it->is_number_integer()) {
                return web::ErrorResponse(
                    request, InvalidArgument("year", "L’année est un nombre entier (2024)."),
                    templates);
            }
            year = it->get<int>();
        } else if (const auto current = service.CurrentCampaign()) {
            year = current->year;
        }
        bool prefill = true;
        if (const auto it = body->find("prefill"); it != body->end() && it->is_boolean())
            prefill = it->get<bool>();
        auto acting = ActorFor(request, authority, templates);
        if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
        const Actor& actor = std::get<Actor>(acting);
        if (actor.ministry && !authority) {
            return web::ErrorResponse(
                request, InvalidArgument("authority_id", "Indiquez la collectivité."), templates);
        }
        auto created =
            service.Create(actor, authority.value_or(*actor.authority_id), year, prefill);
        if (!created) return web::ErrorResponse(request, created.error(), templates);
        auto response = web::Response::Json(DeclarationJson(*created), 201);
        response.SetHeader("Location", "/api/v1/apd/declarations/" + std::to_string(created->id));
        return response;
    });

    router.Get("/api/v1/apd/declarations/{id}",
               [&service, &templates, for_declaration](const web::Request& request) {
                   auto acting = for_declaration(request);
                   if (auto* refusal = std::get_if<web::Response>(&acting))
                       return std::move(*refusal);
                   const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
                   auto d = service.Get(actor, id);
                   if (!d) return web::ErrorResponse(request, d.error(), templates);
                   auto out = DeclarationJson(*d);
                   out["issues"] = IssuesJson(service.Check(
                       d->authority_id, Draft{d->current.nothing_to_declare, d->lines}));
                   out["open"] = service.IsOpenFor(d->year, d->authority_id);
                   return web::Response::Json(out);
               });

    router.Put("/api/v1/apd/declarations/{id}",
               [&service, &templates, for_declaration](const web::Request& request) {
                   auto acting = for_declaration(request);
                   if (auto* refusal = std::get_if<web::Response>(&acting))
                       return std::move(*refusal);
                   const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
                   auto body = ParseBody(request);
                   if (!body) return web::ErrorResponse(request, body.error(), templates);
                   auto draft = ParseDraftJson(*body);
                   if (!draft) return web::ErrorResponse(request, draft.error(), templates);
                   auto saved = service.SaveDraft(actor, id, *draft);
                   if (!saved) return web::ErrorResponse(request, saved.error(), templates);
                   auto out = DeclarationJson(saved->declaration);
                   out["warnings"] = IssuesJson(saved->warnings);
                   return web::Response::Json(out);
               });

    router.Post("/api/v1/apd/declarations/{id}/submit",
                [&service, &templates, for_declaration](const web::Request& request) {
                    auto acting = for_declaration(request);
                    if (auto* refusal = std::get_if<web::Response>(&acting))
                        return std::move(*refusal);
                    const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
                    auto d = service.Submit(actor, id);
                    if (!d) return web::ErrorResponse(request, d.error(), templates);
                    return web::Response::Json(DeclarationJson(*d));
                });

    const auto review = [&service, &templates, for_declaration](bool validate) {
        return [&service, &templates, for_declaration, validate](const web::Request& request) {
            auto acting = for_declaration(request);
            if (auto* refusal = std::get_if<web::Response>(&acting)) return std::move(*refusal);
            const auto& [actor, id] = std::get<std::pair<Actor, std::int64_t>>(acting);
            auto body = ParseBody(request);
            if (!body) return web::ErrorResponse(request, body.error(), templates);
            auto comment = CommentOf(*body);
            if (!comment) return web::ErrorResponse(request, comment.error(), templates);
            auto d = validate ? service.Validate(actor, id, *comment)
                              : service.Return(actor, id, *comment);
            if (!d) return web::ErrorResponse(request, d.error(), templates);
            return web::Response::Json(DeclarationJson(*d));
        };
    };
    router.Post("/api/v1/apd/declarations/{id}/validate", review(true));
    router.Post("/api/v1/apd/declarations/{id}/return", review(false));

    RegisterDeclarationPages(router, service, reminders, templates);
}

}  // namespace cncd::apd
