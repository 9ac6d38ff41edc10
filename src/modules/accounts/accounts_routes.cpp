#include "modules/accounts/accounts_routes.hpp"

#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>
#include <variant>

#include "core/text.hpp"
#include "modules/accounts/policy.hpp"
#include "web/errors.hpp"

namespace cncd::accounts {

namespace {

using nlohmann::json;
using web::Request;
using web::Response;

constexpr std::size_t kMaxReturnLength = 500;
constexpr int kSignUpChoices = 20;
constexpr std::string_view kTooMany =
    "Trop de tentatives de connexion. Par sécurité, patientez 15 minutes avant de réessayer.";

struct Context {
    AccountService& service;
    const web::Templates& templates;
    AccountRoutesOptions options;
};

// --- Small helpers ---------------------------------------------------------------------------

/// A local path to go back to after signing in ("/mon-espace" when absent or not local).
std::string SafeReturn(const std::string& target) {
    if (target.empty() || target.size() > kMaxReturnLength || target[0] != '/' ||
        (target.size() > 1 && (target[1] == '/' || target[1] == '\\')) ||
        target.find_first_of("\r\n") != std::string::npos) {
        return "/mon-espace";
    }
    return target;
}

std::string FormatTime(std::int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%d/%m/%Y %H:%M UTC", &tm);
    return buffer;
}

json Crumbs(std::initializer_list<std::pair<std::string, std::string>> items) {
    json out = json::array({{{"label", "Accueil"}, {"href", "/"}}});
    for (const auto& [label, href] : items) {
        json crumb = {{"label", label}};
        if (!href.empty()) crumb["href"] = href;
        out.push_back(crumb);
    }
    return out;
}

json Field(std::string id, std::string label, std::string type, std::string value = {},
           std::string autocomplete = {}, std::string hint = {}) {
    return {{"id", id},
            {"name", id},
            {"label", std::move(label)},
            {"type", std::move(type)},
            {"value", std::move(value)},
            {"autocomplete", autocomplete.empty() ? json(false) : json(autocomplete)},
            {"hint", hint.empty() ? json(false) : json(hint)},
            {"required", true},
            {"error", false}};
}

/// Puts an error message on the field it concerns, or as the page's alert.
void ShowError(json& page, const Error& error) {
    if (!error.field.empty() && page.contains("fields")) {
        for (auto& field : page["fields"]) {
            if (field["name"] == error.field) {
                field["error"] = error.message;
                page["error_summary"] = error.message;
                return;
            }
        }
    }
    page["alert"] = error.message.empty() ? "Cette opération n’a pas abouti." : error.message;
}

Response Render(const Context& ctx, const Request& request, std::string_view name, json page,
                int status = 200) {
    const auto& auth = AuthOf(request);
    page["csrf_token"] = auth.csrf_token;
    if (!page.contains("alert")) page["alert"] = false;
    if (!page.contains("notice")) page["notice"] = false;
    if (!page.contains("error_summary")) page["error_summary"] = false;
    page["styles"] = json::array({"/static/css/accounts.css"});
    auto response = Response::Html(ctx.templates.RenderPage(name, page), status);
    AttachCsrfCookie(request, response);
    response.SetHeader("Cache-Control", "private, no-store");
    return response;
}

Response Fail(const Context& ctx, const Request& request, const Error& error) {
    return web::ErrorResponse(request, error, ctx.templates);
}

/// The principal, or an answer: the sign-in page (with "session expired" when it was) for a
/// page, 401 JSON for the API.
std::variant<const Principal*, Response> Require(const Context& ctx, const Request& request) {
    if (const auto* principal = PrincipalOf(request)) return principal;
    return SignInRequired(request, ctx.templates);
}

Response SetSessionCookie(const Context& ctx, Response response, const std::string& token) {
    response.headers.emplace_back(
        "Set-Cookie", ctx.options.cookies.SetCookie(ctx.options.cookies.SessionName(), token));
    return response;
}

json UserView(const User& u) {
    return {{"id", u.id},
            {"email", u.email},
            {"name", u.name},
            {"job_title", u.job_title},
            {"organisation_id", u.organisation_id},
            {"organisation_name", u.organisation_name},
            {"organisation_kind", Label(u.organisation_kind)},
            {"role", ToString(u.role)},
            {"role_label", Label(u.role)},
            {"status", ToString(u.status)},
            {"status_label", Label(u.status)},
            {"pending", u.status == UserStatus::kPending},
            {"totp", u.totp_enabled},
            {"created", FormatTime(u.created_at)}};
}

json RoleOptions(const User& u) {
    json out = json::array();
    const bool ministry = u.organisation_kind == OrganisationKind::kMinistry;
    const auto roles = ministry ? std::vector{Role::kInstructor, Role::kMinistryAdmin}
                                : std::vector{Role::kMember, Role::kOrgAdmin};
    for (const auto role : roles) {
        out.push_back(
            {{"value", ToString(role)}, {"label", Label(role)}, {"selected", role == u.role}});
    }
    return out;
}

json StatusOptions(const User& u) {
    json out = json::array();
    for (const auto status : {UserStatus::kPending, UserStatus::kActive, UserStatus::kDisabled}) {
        out.push_back({{"value", ToString(status)},
                       {"label", Label(status)},
                       {"selected", status == u.status}});
    }
    return out;
}

json PrincipalJson(const Principal& p) {
    return {{"id", p.user_id},
            {"email", p.email},
            {"name", p.name},
            {"role", ToString(p.role)},
            {"totp_enabled", p.totp_enabled},
            {"organisation",
             {{"id", p.organisation_id},
              {"kind", ToString(p.organisation_kind)},
              {"name", p.organisation_name},
              {"authority_ids", p.authority_ids}}}};
}

// --- Sign-in ---------------------------------------------------------------------------------

json LoginPage(const Request& request, const std::string& email, const std::string& back) {
    json page = {
        {"title", "Connexion"},
        {"breadcrumb", Crumbs({{"Connexion", ""}})},
        {"return_to", back},
        {"fields",
         json::array({Field("email", "Adresse électronique", "email", email, "username",
                            "Format attendu : nom@domaine.fr"),
                      Field("password", "Mot de passe", "password", "", "current-password")})}};
    if (request.Query("expiree")) {
        page["notice"] =
            "Votre session a expiré (30 minutes sans activité ou 12 heures après la "
            "connexion) : reconnectez-vous.";
    }
    if (request.Query("deconnecte")) page["notice"] = "Vous êtes déconnecté(e).";
    if (request.Query("motdepasse")) {
        page["notice"] = "Votre mot de passe est enregistré : connectez-vous.";
    }
    return page;
}

void RegisterSignIn(web::Router& router, const std::shared_ptr<Context>& ctx) {
    router.Get("/connexion", [ctx](const Request& request) {
        if (PrincipalOf(request)) return Response::Redirect("/mon-espace");
        const auto back = SafeReturn(request.Query("retour").value_or(""));
        return Render(*ctx, request, "account_login", LoginPage(request, "", back));
    });
    router.Post("/connexion", [ctx](const Request& request) {
        const auto form = FormFields(request);
        const auto email = FormValue(form, "email");
        const auto back = SafeReturn(FormValue(form, "retour"));
        auto result = ctx->service.Login(email, FormValue(form, "password"), request.remote_address,
                                         request.Header("user-agent").value_or(""));
        auto page = LoginPage(request, email, back);
        if (!result) {
            // Only the alert: marking a field would hint which of the two was wrong.
            page["alert"] = result.error().message;
            return Render(*ctx, request, "account_login", page, 401);
        }
        switch (result->outcome) {
            case SignIn::Outcome::kThrottled:
                page["alert"] = kTooMany;
                return Render(*ctx, request, "account_login", page, 429);
            case SignIn::Outcome::kTotpRequired:
                return SetSessionCookie(
                    *ctx, Response::Redirect("/connexion/code?retour=" + web::PercentEncode(back)),
                    result->session_token);
            case SignIn::Outcome::kSignedIn:
                break;
        }
        return SetSessionCookie(*ctx, Response::Redirect(back), result->session_token);
    });

    const auto totp_page = [](const std::string& back) {
        return json{
            {"title", "Code de vérification"},
            {"breadcrumb", Crumbs({{"Connexion", "/connexion"}, {"Code de vérification", ""}})},
            {"return_to", back},
            {"totp_step", true},
            {"fields", json::array({Field("totp", "Code à 6 chiffres", "text", "", "one-time-code",
                                          "Le code affiché par votre application "
                                          "d’authentification")})}};
    };
    router.Get("/connexion/code", [ctx, totp_page](const Request& request) {
        if (!AuthOf(request).awaiting_totp) return Response::Redirect("/connexion");
        return Render(*ctx, request, "account_login",
                      totp_page(SafeReturn(request.Query("retour").value_or(""))));
    });
    router.Post("/connexion/code", [ctx, totp_page](const Request& request) {
        const auto form = FormFields(request);
        const auto back = SafeReturn(FormValue(form, "retour"));
        const auto& auth = AuthOf(request);
        if (!auth.awaiting_totp) return Response::Redirect("/connexion?expiree=1");
        auto result = ctx->service.CompleteTotp(auth.session_token, FormValue(form, "totp"),
                                                request.remote_address);
        auto page = totp_page(back);
        if (!result) {
            ShowError(page, result.error());
            return Render(*ctx, request, "account_login", page, 401);
        }
        if (result->outcome == SignIn::Outcome::kThrottled) {
            page["alert"] = kTooMany;
            return Render(*ctx, request, "account_login", page, 429);
        }
        return SetSessionCookie(*ctx, Response::Redirect(back), result->session_token);
    });
    router.Post("/deconnexion", [ctx](const Request& request) {
        ctx->service.Logout(AuthOf(request).session_token);
        return SetSessionCookie(*ctx, Response::Redirect("/connexion?deconnecte=1"), "");
    });
}

// --- Sign-up, passwords ----------------------------------------------------------------------

json SignUpPage(Context& ctx, const Request& request, const web::Fields& form) {
    const auto get = [&](std::string_view name) {
        const auto value = FormValue(form, name);
        return value.empty() ? request.Query(name).value_or("") : value;
    };
    const auto kind_text = get("type");
    const auto kind = ParseOrganisationKind(kind_text);
    const auto query = get("q");
    const auto chosen = get("organisation");
    json kinds = json::array();
    for (const auto k : AllOrganisationKinds()) {
        kinds.push_back({{"value", ToString(k)}, {"label", Label(k)}, {"checked", kind == k}});
    }
    json choices = json::array();
    if (kind) {
        for (const auto& choice : ctx.service.SearchOrganisations(*kind, query, kSignUpChoices)) {
            const auto value = choice.organisation_id
                                   ? "o:" + std::to_string(*choice.organisation_id)
                                   : "a:" + std::to_string(*choice.authority_id);
            choices.push_back({{"value", value},
                               {"label", choice.name},
                               {"detail", choice.detail},
                               {"checked", value == chosen}});
        }
    }
    return {
        {"title", "Créer un compte"},
        {"breadcrumb", Crumbs({{"Créer un compte", ""}})},
        {"scripts", json::array({"/static/js/account-signup.js"})},
        {"kinds", kinds},
        {"kind", kind ? json(ToString(*kind)) : json(false)},
        {"kind_authority", kind == OrganisationKind::kAuthority},
        {"query", query},
        {"choices", choices},
        {"has_choices", !choices.empty()},
        {"organisation_error", false},
        {"fields",
         json::array({Field("job_title", "Fonction", "text", get("job_title"), "organization-title",
                            "Par exemple : chargée de mission relations "
                            "internationales"),
                      Field("name", "Prénom et nom", "text", get("name"), "name"),
                      Field("email", "Adresse électronique professionnelle", "email", get("email"),
                            "email", "Format attendu : nom@domaine.fr"),
                      Field("password", "Mot de passe", "password", "", "new-password",
                            "Au moins 12 caractères ; une phrase de plusieurs mots "
                            "est plus sûre et plus facile à retenir.")})}};
}

void RegisterSignUp(web::Router& router, const std::shared_ptr<Context>& ctx) {
    router.Get("/inscription", [ctx](const Request& request) {
        return Render(*ctx, request, "account_signup", SignUpPage(*ctx, request, {}));
    });
    router.Post("/inscription", [ctx](const Request& request) {
        const auto form = FormFields(request);
        auto page = SignUpPage(*ctx, request, form);
        SignUpRequest sign_up;
        const auto kind = ParseOrganisationKind(FormValue(form, "type"));
        const auto chosen = FormValue(form, "organisation");
        if (kind) sign_up.kind = *kind;
        if (chosen.size() > 2 && chosen[1] == ':') {
            const auto id = text::ParseId(std::string_view(chosen).substr(2));
            if (chosen[0] == 'o') sign_up.organisation_id = id;
            if (chosen[0] == 'a') sign_up.authority_id = id;
        }
        sign_up.job_title = FormValue(form, "job_title");
        sign_up.name = FormValue(form, "name");
        sign_up.email = FormValue(form, "email");
        sign_up.password = FormValue(form, "password");
        sign_up.ip = request.remote_address;
        const auto result = kind
                                ? ctx->service.SignUp(sign_up)
                                : Status(InvalidArgument(
                                      "organisation", "Choisissez le type de votre organisation."));
        if (!result) {
            if (result.error().field == "organisation") {
                page["organisation_error"] = result.error().message;
                page["error_summary"] = result.error().message;
            } else {
                ShowError(page, result.error());
            }
            return Render(*ctx, request, "account_signup", page, 400);
        }
        return Render(*ctx, request, "account_message",
                      {{"title", "Demande enregistrée"},
                       {"breadcrumb",
                        Crumbs({{"Créer un compte", "/inscription"}, {"Demande enregistrée", ""}})},
                       {"message",
                        "Votre demande de compte est enregistrée. L’administrateur de votre "
                        "organisation (ou, à défaut, le ministère) va l’examiner ; vous recevrez "
                        "un courriel dès qu’elle sera validée. Si cette adresse a déjà un compte, "
                        "un courriel vous l’indique."}});
    });

    router.Get("/mot-de-passe-oublie", [ctx](const Request& request) {
        return Render(
            *ctx, request, "account_forgot",
            {{"title", "Mot de passe oublié"},
             {"breadcrumb", Crumbs({{"Connexion", "/connexion"}, {"Mot de passe oublié", ""}})},
             {"fields", json::array({Field("email", "Adresse électronique", "email", "", "username",
                                           "Format attendu : nom@domaine.fr")})}});
    });
    router.Post("/mot-de-passe-oublie", [ctx](const Request& request) {
        const auto form = FormFields(request);
        ctx->service.RequestPasswordReset(FormValue(form, "email"), request.remote_address);
        return Render(
            *ctx, request, "account_message",
            {{"title", "Vérifiez votre messagerie"},
             {"breadcrumb", Crumbs({{"Connexion", "/connexion"}, {"Mot de passe oublié", ""}})},
             {"message",
              "Si un compte actif correspond à cette adresse, un courriel vient de lui "
              "être envoyé avec un lien pour choisir un nouveau mot de passe. Ce lien est "
              "valable une heure et ne sert qu’une fois."}});
    });

    for (const bool invitation : {false, true}) {
        const std::string path = invitation ? "/invitation" : "/reinitialisation";
        const std::string title =
            invitation ? "Choisir votre mot de passe" : "Nouveau mot de passe";
        const auto page_of = [path, title](const std::string& token) {
            return json{{"title", title},
                        {"breadcrumb", Crumbs({{title, ""}})},
                        {"action", path},
                        {"token", token},
                        {"fields", json::array({Field("password", "Nouveau mot de passe",
                                                      "password", "", "new-password",
                                                      "Au moins 12 caractères ; une phrase de "
                                                      "plusieurs mots est plus sûre.")})}};
        };
        const auto dead = [invitation]() {
            return json{
                {"title", "Lien expiré"},
                {"breadcrumb", Crumbs({{"Lien expiré", ""}})},
                {"message", invitation ? "Ce lien d’invitation n’est plus valable. Demandez une "
                                         "nouvelle invitation à l’administrateur de votre "
                                         "organisation."
                                       : "Ce lien n’est plus valable : il ne sert qu’une fois et "
                                         "pendant une heure."},
                {"retry", !invitation}};
        };
        router.Get(path, [ctx, invitation, page_of, dead](const Request& request) {
            const auto token = request.Query("jeton").value_or("");
            if (!ctx->service.IsLinkLive(token, invitation)) {
                return Render(*ctx, request, "account_message", dead(), 410);
            }
            return Render(*ctx, request, "account_password", page_of(token));
        });
        router.Post(path, [ctx, invitation, page_of, dead](const Request& request) {
            const auto form = FormFields(request);
            const auto token = FormValue(form, "jeton");
            const auto result = ctx->service.UsePasswordLink(
                token, invitation, FormValue(form, "password"), request.remote_address);
            if (result) return Response::Redirect("/connexion?motdepasse=1");
            if (result.error().code == ErrorCode::kFailedPrecondition) {
                return Render(*ctx, request, "account_message", dead(), 410);
            }
            auto page = page_of(token);
            ShowError(page, result.error());
            return Render(*ctx, request, "account_password", page, 400);
        });
    }
}

// --- Mon espace ------------------------------------------------------------------------------

void RegisterSpace(web::Router& router, const std::shared_ptr<Context>& ctx) {
    router.Get("/mon-espace", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto pending = ctx->service.PendingUsers(p);
        json links = json::array();
        for (const auto& link : ctx->options.space_links) {
            if (link.visible && !link.visible(p)) continue;
            links.push_back(
                {{"title", link.title}, {"href", link.href}, {"description", link.description}});
        }
        const bool org_admin =
            IsAllowed(&p, Action::kManageOrganisation, Resource::OfOrganisation(p.organisation_id));
        return Render(*ctx, request, "account_space",
                      {{"title", "Mon espace"},
                       {"breadcrumb", Crumbs({{"Mon espace", ""}})},
                       {"user", PrincipalJson(p)},
                       {"role_label", Label(p.role)},
                       {"kind_label", Label(p.organisation_kind)},
                       {"authorities", p.authority_ids.size()},
                       {"has_authorities", !p.authority_ids.empty()},
                       {"pending_count", pending.size()},
                       {"has_pending", !pending.empty()},
                       {"can_approve", org_admin || p.role == Role::kMinistryAdmin},
                       {"org_admin", org_admin},
                       {"ministry_admin", p.role == Role::kMinistryAdmin},
                       {"can_read_audit", IsAllowed(&p, Action::kReadAudit, Resource::Global())},
                       {"totp", p.totp_enabled},
                       {"sessions", ctx->service.Sessions(p).size()},
                       {"tokens", ctx->service.ApiTokens(p).size()},
                       {"links", links},
                       {"has_links", !links.empty()}});
    });

    // Pending accounts.
    router.Get("/mon-espace/validations", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        if (!IsAllowed(&p, Action::kApproveUser, Resource::OfOrganisation(p.organisation_id))) {
            return Fail(*ctx, request, Error{ErrorCode::kPermissionDenied, {}, {}});
        }
        json users = json::array();
        for (const auto& u : ctx->service.PendingUsers(p)) users.push_back(UserView(u));
        json page = {
            {"title", "Comptes à valider"},
            {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Comptes à valider", ""}})},
            {"users", users},
            {"has_users", !users.empty()},
            {"all_organisations", p.role == Role::kMinistryAdmin}};
        if (request.Query("fait"))
            page["notice"] = "La décision est enregistrée et la personne prévenue.";
        return Render(*ctx, request, "account_approvals", page);
    });
    router.Post("/mon-espace/validations/{id}", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto id = text::ParseId(request.Param("id"));
        if (!id) return Fail(*ctx, request, NotFound({}));
        const auto decision = FormValue(FormFields(request), "decision");
        if (decision != "approve" && decision != "refuse") {
            return Fail(*ctx, request, InvalidArgument("decision", "Décision inconnue."));
        }
        const auto result =
            ctx->service.Decide(p, *id, decision == "approve", request.remote_address);
        if (!result) return Fail(*ctx, request, result.error());
        return Response::Redirect("/mon-espace/validations?fait=1");
    });

    // My organisation: members, roles, invitations (organisation administrators).
    const auto organisation_page = [ctx](const Request& request, const Principal& p,
                                         std::optional<Error> error, const web::Fields& form) {
        auto users = ctx->service.ListUsers(p, p.organisation_id, std::nullopt, "");
        json rows = json::array();
        if (users) {
            for (const auto& u : *users) {
                auto row = UserView(u);
                row["roles"] = RoleOptions(u);
                row["statuses"] = StatusOptions(u);
                row["self"] = u.id == p.user_id;
                rows.push_back(row);
            }
        }
        const bool ministry = p.organisation_kind == OrganisationKind::kMinistry;
        json roles = json::array();
        for (const auto role : ministry ? std::vector{Role::kInstructor, Role::kMinistryAdmin}
                                        : std::vector{Role::kMember, Role::kOrgAdmin}) {
            roles.push_back({{"value", ToString(role)},
                             {"label", Label(role)},
                             {"selected", FormValue(form, "role") == ToString(role)}});
        }
        json page = {
            {"title", "Mon organisation"},
            {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Mon organisation", ""}})},
            {"organisation_name", p.organisation_name},
            {"users", rows},
            {"count", rows.size()},
            {"roles", roles},
            {"action_prefix", "/mon-espace/organisation/utilisateurs/"},
            {"fields",
             json::array(
                 {Field("name", "Prénom et nom", "text", FormValue(form, "name"), "off"),
                  Field("email", "Adresse électronique", "email", FormValue(form, "email"), "off",
                        "Format attendu : nom@domaine.fr"),
                  Field("job_title", "Fonction", "text", FormValue(form, "job_title"), "off")})}};
        page["fields"][2]["required"] = false;
        if (request.Query("invite")) page["notice"] = "L’invitation est envoyée.";
        if (request.Query("modifie")) page["notice"] = "Le compte est modifié.";
        if (error) ShowError(page, *error);
        return Render(*ctx, request, "account_organisation", page, error ? 400 : 200);
    };
    router.Get("/mon-espace/organisation", [ctx, organisation_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        if (!IsAllowed(&p, Action::kManageOrganisation,
                       Resource::OfOrganisation(p.organisation_id))) {
            return Fail(*ctx, request, Error{ErrorCode::kPermissionDenied, {}, {}});
        }
        return organisation_page(request, p, std::nullopt, {});
    });
    router.Post("/mon-espace/organisation/invitations",
                [ctx, organisation_page](const Request& request) {
                    auto required = Require(*ctx, request);
                    if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
                    const auto& p = *std::get<const Principal*>(required);
                    const auto form = FormFields(request);
                    const auto role = ParseRole(FormValue(form, "role"));
                    if (!role)
                        return Fail(*ctx, request, InvalidArgument("role", "Choisissez un rôle."));
                    const auto result = ctx->service.Invite(
                        p, {p.organisation_id, FormValue(form, "email"), FormValue(form, "name"),
                            FormValue(form, "job_title"), *role, request.remote_address});
                    if (!result) {
                        if (result.error().code == ErrorCode::kPermissionDenied)
                            return Fail(*ctx, request, result.error());
                        return organisation_page(request, p, result.error(), form);
                    }
                    return Response::Redirect("/mon-espace/organisation?invite=1");
                });

    // Security: TOTP, sessions, API tokens.
    const auto security_page = [ctx](const Request& request, const Principal& p, json extra) {
        json sessions = json::array();
        for (const auto& s : ctx->service.Sessions(p)) {
            sessions.push_back({{"id", s.id},
                                {"created", FormatTime(s.created_at)},
                                {"last_seen", FormatTime(s.last_seen_at)},
                                {"ip", s.ip},
                                {"user_agent", s.user_agent.empty() ? "—" : s.user_agent},
                                {"current", s.current}});
        }
        json tokens = json::array();
        for (const auto& t : ctx->service.ApiTokens(p)) {
            tokens.push_back(
                {{"id", t.id},
                 {"name", t.name},
                 {"prefix", t.prefix},
                 {"created", FormatTime(t.created_at)},
                 {"last_used", t.last_used_at ? FormatTime(*t.last_used_at) : "jamais"}});
        }
        const auto pending = ctx->service.PendingTotp(p);
        json page = {
            {"title", "Sécurité du compte"},
            {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Sécurité", ""}})},
            {"totp", p.totp_enabled},
            {"must_enrol", p.MustEnrolTotp()},
            {"can_disable", p.totp_enabled && p.role != Role::kMinistryAdmin},
            {"enrolment",
             pending ? json{{"secret", pending->secret}, {"uri", pending->uri}} : json(false)},
            {"sessions", sessions},
            {"tokens", tokens},
            {"has_tokens", !tokens.empty()},
            {"new_token", false},
            {"totp_error", false},
            {"token_error", false}};
        if (request.Query("fait")) page["notice"] = "C’est enregistré.";
        for (auto& [key, value] : extra.items()) page[key] = value;
        return Render(*ctx, request, "account_security", page,
                      extra.contains("totp_error") || extra.contains("token_error") ? 400 : 200);
    };
    router.Get("/mon-espace/securite", [ctx, security_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        return security_page(request, *std::get<const Principal*>(required), json::object());
    });
    router.Post("/mon-espace/securite/totp", [ctx, security_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto form = FormFields(request);
        const auto action = FormValue(form, "action");
        Status result = Ok{};
        if (action == "start") {
            const auto started = ctx->service.StartTotp(p);
            if (!started) result = started.error();
        } else if (action == "confirm") {
            result = ctx->service.ConfirmTotp(p, FormValue(form, "totp"), request.remote_address);
        } else if (action == "disable") {
            result = ctx->service.DisableTotp(p, FormValue(form, "totp"), request.remote_address);
        } else {
            result = InvalidArgument("action", "Action inconnue.");
        }
        if (!result) return security_page(request, p, {{"totp_error", result.error().message}});
        return Response::Redirect("/mon-espace/securite?fait=1");
    });
    router.Post("/mon-espace/securite/sessions/{id}/fin", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto id = text::ParseId(request.Param("id"));
        if (!id) return Fail(*ctx, request, NotFound({}));
        const auto result = ctx->service.EndSession(*std::get<const Principal*>(required), *id,
                                                    request.remote_address);
        if (!result) return Fail(*ctx, request, result.error());
        return Response::Redirect("/mon-espace/securite?fait=1");
    });
    router.Post("/mon-espace/securite/deconnexion-partout", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        ctx->service.LogoutEverywhere(*std::get<const Principal*>(required),
                                      request.remote_address);
        return SetSessionCookie(*ctx, Response::Redirect("/connexion?deconnecte=1"), "");
    });
    router.Post("/mon-espace/securite/jetons", [ctx, security_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto token = ctx->service.CreateApiToken(p, FormValue(FormFields(request), "name"),
                                                       request.remote_address);
        if (!token) return security_page(request, p, {{"token_error", token.error().message}});
        return security_page(request, p, {{"new_token", *token}});
    });
    router.Post("/mon-espace/securite/jetons/{id}/revocation", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto id = text::ParseId(request.Param("id"));
        if (!id) return Fail(*ctx, request, NotFound({}));
        const auto result = ctx->service.RevokeApiToken(*std::get<const Principal*>(required), *id,
                                                        request.remote_address);
        if (!result) return Fail(*ctx, request, result.error());
        return Response::Redirect("/mon-espace/securite?fait=1");
    });
}

// --- Administration (ministry) ----------------------------------------------------------------

Response UpdateUserFrom(const Context& ctx, const Request& request, const Principal& p,
                        const std::string& back) {
    const auto id = text::ParseId(request.Param("id"));
    if (!id) return Fail(ctx, request, NotFound({}));
    const auto form = FormFields(request);
    const auto role = ParseRole(FormValue(form, "role"));
    const auto status = ParseUserStatus(FormValue(form, "status"));
    if (!role || !status) {
        return Fail(ctx, request, InvalidArgument("role", "Choisissez un rôle et un statut."));
    }
    const auto result = ctx.service.UpdateUser(p, *id, *role, *status, request.remote_address);
    if (!result) return Fail(ctx, request, result.error());
    return Response::Redirect(back);
}

void RegisterAdministration(web::Router& router, const std::shared_ptr<Context>& ctx) {
    router.Post("/mon-espace/organisation/utilisateurs/{id}", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        return UpdateUserFrom(*ctx, request, *std::get<const Principal*>(required),
                              "/mon-espace/organisation?modifie=1");
    });

    const auto organisations_page = [ctx](const Request& request, const Principal& p,
                                          std::optional<Error> error, const web::Fields& form) {
        const auto kind = ParseOrganisationKind(request.Query("type").value_or(""));
        const auto query = request.Query("q").value_or("");
        auto list = ctx->service.ListOrganisations(p, kind, query);
        if (!list) return Fail(*ctx, request, list.error());
        json rows = json::array();
        for (const auto& o : *list) {
            std::string where = o.siren.empty() ? "" : "SIREN " + o.siren;
            if (o.authority_id && o.siren.empty()) where = "Collectivité de l’Atlas (sans SIREN)";
            if (!o.country_iso2.empty()) where = "Pays " + o.country_iso2;
            if (!o.region_code.empty()) where = "Région " + o.region_code;
            rows.push_back({{"id", o.id},
                            {"name", o.name},
                            {"kind", Label(o.kind)},
                            {"where", where.empty() ? "—" : where},
                            {"active_users", o.active_users},
                            {"pending_users", o.pending_users}});
        }
        json kinds = json::array();
        for (const auto k : AllOrganisationKinds()) {
            kinds.push_back({{"value", ToString(k)},
                             {"label", Label(k)},
                             {"selected", kind == k},
                             {"new_selected", FormValue(form, "kind") == ToString(k)}});
        }
        json page = {
            {"title", "Organisations"},
            {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Organisations", ""}})},
            {"organisations", rows},
            {"count", rows.size()},
            {"kinds", kinds},
            {"query", query},
            {"fields", json::array({Field("org_name", "Nom (sauf collectivité)", "text",
                                          FormValue(form, "org_name"), "off"),
                                    Field("siren", "SIREN de la collectivité", "text",
                                          FormValue(form, "siren"), "off",
                                          "9 chiffres, pour une collectivité de l’Atlas"),
                                    Field("country_iso2", "Pays de l’ambassade (code ISO)", "text",
                                          FormValue(form, "country_iso2"), "off",
                                          "Deux lettres, par exemple NE pour le Niger"),
                                    Field("region_code", "Région de la préfecture (code INSEE)",
                                          "text", FormValue(form, "region_code"), "off",
                                          "Par exemple 75 pour la Nouvelle-Aquitaine")})},
            {"merge_from", FormValue(form, "from")},
            {"merge_into", FormValue(form, "into")},
            {"merge_error", false}};
        for (auto& field : page["fields"]) field["required"] = false;
        if (request.Query("cree")) page["notice"] = "L’organisation est créée.";
        if (request.Query("fusion")) {
            page["notice"] =
                "Les organisations sont fusionnées : comptes et collectivités suivent.";
        }
        if (error) {
            if (request.path == "/administration/organisations/fusion") {
                page["merge_error"] = error->message;
            } else {
                ShowError(page, *error);
            }
        }
        return Render(*ctx, request, "admin_organisations", page, error ? 400 : 200);
    };
    router.Get("/administration/organisations", [ctx, organisations_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        return organisations_page(request, *std::get<const Principal*>(required), std::nullopt, {});
    });
    router.Post("/administration/organisations", [ctx, organisations_page](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto form = FormFields(request);
        const auto kind = ParseOrganisationKind(FormValue(form, "kind"));
        if (!kind) {
            return organisations_page(request, p,
                                      InvalidArgument("org_name", "Choisissez le type."), form);
        }
        NewOrganisationRequest create{*kind,
                                      FormValue(form, "org_name"),
                                      std::nullopt,
                                      FormValue(form, "siren"),
                                      FormValue(form, "country_iso2"),
                                      FormValue(form, "region_code"),
                                      request.remote_address};
        auto result = ctx->service.CreateOrganisation(p, create);
        if (!result) {
            if (result.error().code == ErrorCode::kPermissionDenied)
                return Fail(*ctx, request, result.error());
            auto error = result.error();
            if (error.field == "name") error.field = "org_name";
            return organisations_page(request, p, error, form);
        }
        return Response::Redirect("/administration/organisations?cree=1");
    });
    router.Post("/administration/organisations/fusion", [ctx, organisations_page](
                                                            const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto form = FormFields(request);
        const auto from = text::ParseId(FormValue(form, "from"));
        const auto into = text::ParseId(FormValue(form, "into"));
        if (!from || !into) {
            return organisations_page(
                request, p,
                InvalidArgument("from", "Indiquez les identifiants des deux organisations."), form);
        }
        const auto result =
            ctx->service.MergeOrganisations(p, *from, *into, request.remote_address);
        if (!result) {
            if (result.error().code == ErrorCode::kPermissionDenied)
                return Fail(*ctx, request, result.error());
            auto error = result.error();
            if (error.field.empty()) error.field = "from";
            return organisations_page(request, p, error, form);
        }
        return Response::Redirect("/administration/organisations?fusion=1");
    });

    router.Get("/administration/utilisateurs", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        const auto status = ParseUserStatus(request.Query("statut").value_or(""));
        const auto organisation = text::ParseId(request.Query("organisation").value_or(""));
        const auto query = request.Query("q").value_or("");
        if (p.role != Role::kMinistryAdmin)
            return Fail(*ctx, request, Error{ErrorCode::kPermissionDenied, {}, {}});
        auto users = ctx->service.ListUsers(p, organisation, status, query);
        if (!users) return Fail(*ctx, request, users.error());
        json rows = json::array();
        for (const auto& u : *users) {
            auto row = UserView(u);
            row["roles"] = RoleOptions(u);
            row["statuses"] = StatusOptions(u);
            row["self"] = u.id == p.user_id;
            rows.push_back(row);
        }
        json statuses = json::array();
        for (const auto s : {UserStatus::kPending, UserStatus::kActive, UserStatus::kDisabled}) {
            statuses.push_back(
                {{"value", ToString(s)}, {"label", Label(s)}, {"selected", status == s}});
        }
        json page = {{"title", "Utilisateurs"},
                     {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Utilisateurs", ""}})},
                     {"users", rows},
                     {"count", rows.size()},
                     {"statuses", statuses},
                     {"query", query},
                     {"organisation", organisation ? json(*organisation) : json("")},
                     {"action_prefix", "/administration/utilisateurs/"}};
        if (request.Query("modifie")) page["notice"] = "Le compte est modifié.";
        return Render(*ctx, request, "admin_users", page);
    });
    router.Get("/administration/journal", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        AuditQuery query;
        query.record_type = request.Query("type").value_or("").substr(0, 50);
        query.record_id = request.Query("id").value_or("").substr(0, 50);
        query.limit = 200;
        auto entries = ctx->service.Audit(p, query);
        if (!entries) return Fail(*ctx, request, entries.error());
        json rows = json::array();
        for (const auto& e : *entries) {
            rows.push_back({{"at", FormatTime(e.at)},
                            {"actor", e.actor.empty() ? "—" : e.actor},
                            {"action", e.action},
                            {"record", e.record_type + " " + e.record_id},
                            {"before", e.before.is_null() ? "—" : e.before.dump()},
                            {"after", e.after.is_null() ? "—" : e.after.dump()},
                            {"ip", e.ip.empty() ? "—" : e.ip}});
        }
        return Render(*ctx, request, "admin_audit",
                      {{"title", "Journal des modifications"},
                       {"breadcrumb", Crumbs({{"Mon espace", "/mon-espace"}, {"Journal", ""}})},
                       {"entries", rows},
                       {"count", rows.size()},
                       {"type", query.record_type},
                       {"id", query.record_id}});
    });
    router.Post("/administration/utilisateurs/{id}", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        return UpdateUserFrom(*ctx, request, *std::get<const Principal*>(required),
                              "/administration/utilisateurs?modifie=1");
    });
}

// --- API ---------------------------------------------------------------------------------------

Response ApiError(const Context& ctx, const Request& request, int status, std::string_view code,
                  std::string_view message) {
    return web::ErrorResponse(request, status, code, message, ctx.templates);
}

void RegisterApi(web::Router& router, const std::shared_ptr<Context>& ctx) {
    router.Post("/api/v1/session", [ctx](const Request& request) {
        const auto body = json::parse(request.body, nullptr, false);
        if (!body.is_object() || !body.contains("email") || !body["email"].is_string() ||
            !body.contains("password") || !body["password"].is_string() ||
            (body.contains("totp") && !body["totp"].is_string())) {
            return Fail(*ctx, request,
                        InvalidArgument("email",
                                        "Envoyez un objet JSON {\"email\", \"password\", "
                                        "\"totp\"?} (chaînes de caractères)."));
        }
        auto result = ctx->service.Login(
            body["email"].get<std::string>(), body["password"].get<std::string>(),
            request.remote_address, request.Header("user-agent").value_or(""));
        if (!result) return Fail(*ctx, request, result.error());
        if (result->outcome == SignIn::Outcome::kTotpRequired) {
            if (!body.contains("totp")) {
                ctx->service.Logout(result->session_token);
                return Fail(*ctx, request,
                            Error{ErrorCode::kUnauthenticated,
                                  "Ce compte demande aussi le code de double authentification "
                                  "(champ \"totp\").",
                                  "totp"});
            }
            result = ctx->service.CompleteTotp(
                result->session_token, body["totp"].get<std::string>(), request.remote_address);
            if (!result) return Fail(*ctx, request, result.error());
        }
        if (result->outcome == SignIn::Outcome::kThrottled) {
            return ApiError(*ctx, request, 429, "too_many_requests", kTooMany);
        }
        auto response = Response::Json({{"csrf_token", result->csrf_token}}, 201);
        response.SetHeader("Cache-Control", "no-store");
        return SetSessionCookie(*ctx, std::move(response), result->session_token);
    });
    router.Delete("/api/v1/session", [ctx](const Request& request) {
        if (!PrincipalOf(request)) {
            return Fail(*ctx, request,
                        Error{ErrorCode::kUnauthenticated, "Aucune session ouverte.", {}});
        }
        ctx->service.Logout(AuthOf(request).session_token);
        Response response;
        response.status = 204;
        response.content_type.clear();
        return SetSessionCookie(*ctx, std::move(response), "");
    });
    router.Get("/api/v1/me", [ctx](const Request& request) {
        auto required = Require(*ctx, request);
        if (auto* answer = std::get_if<Response>(&required)) return std::move(*answer);
        const auto& p = *std::get<const Principal*>(required);
        auto body = PrincipalJson(p);
        body["auth"] = p.method == AuthMethod::kSession ? "session" : "token";
        if (p.method == AuthMethod::kSession) body["csrf_token"] = p.csrf_token;
        auto response = Response::Json(body);
        response.SetHeader("Cache-Control", "no-store");
        return response;
    });
    router.Get("/api/v1/organisations", [ctx](const Request& request) {
        const auto kind = ParseOrganisationKind(request.Query("type").value_or(""));
        if (!kind) {
            return Fail(*ctx, request,
                        InvalidArgument("type",
                                        "Type d’organisation inconnu (authority, embassy, "
                                        "prefecture, ministry, operator, network)."));
        }
        json items = json::array();
        for (const auto& c : ctx->service.SearchOrganisations(
                 *kind, request.Query("q").value_or(""), kSignUpChoices)) {
            json item = {{"name", c.name}, {"detail", c.detail}};
            item["value"] = c.organisation_id ? "o:" + std::to_string(*c.organisation_id)
                                              : "a:" + std::to_string(*c.authority_id);
            items.push_back(item);
        }
        return Response::Json({{"items", items}});
    });
}

}  // namespace

void RegisterAccountRoutes(web::Router& router, AccountService& service,
                           const web::Templates& templates, AccountRoutesOptions options) {
    auto ctx = std::make_shared<Context>(Context{service, templates, std::move(options)});
    RegisterSignIn(router, ctx);
    RegisterSignUp(router, ctx);
    RegisterSpace(router, ctx);
    RegisterAdministration(router, ctx);
    RegisterApi(router, ctx);
}

}  // namespace cncd::accounts
