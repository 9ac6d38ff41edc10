#include "modules/accounts/accounts_web.hpp"

#include <nlohmann/json.hpp>

#include "web/errors.hpp"

namespace cncd::accounts {

namespace {

constexpr std::string_view kCsrfField = "csrf_token";
constexpr std::string_view kAccountStart = "<!--cncd:account-->";
constexpr std::string_view kAccountEnd = "<!--/cncd:account-->";
constexpr std::string_view kCsrfMessage =
    "Ce formulaire a expiré ou ne provient pas de ce site (jeton de sécurité absent ou invalide). "
    "Rechargez la page et recommencez.";

bool IsUnsafe(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::string Trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

/// The csrf_token part of a multipart/form-data body (forms with a file).
std::string MultipartCsrf(const web::Request& request, const std::string& content_type) {
    const auto at = content_type.find("boundary=");
    if (at == std::string::npos) return {};
    auto boundary = content_type.substr(at + 9);
    if (const auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
    if (boundary.size() >= 2 && boundary.front() == '"')
        boundary = boundary.substr(1, boundary.size() - 2);
    const std::string marker = "name=\"" + std::string(kCsrfField) + "\"";
    const auto name = request.body.find(marker);
    if (name == std::string::npos) return {};
    const auto start = request.body.find("\r\n\r\n", name);
    if (start == std::string::npos) return {};
    const auto end = request.body.find("\r\n--" + boundary, start + 4);
    if (end == std::string::npos) return {};
    return Trimmed(std::string_view(request.body).substr(start + 4, end - start - 4));
}

std::string GivenCsrf(const web::Request& request) {
    if (const auto header = request.Header("x-csrf-token")) return Trimmed(*header);
    const auto content_type = request.Header("content-type").value_or("");
    if (content_type.starts_with("multipart/form-data"))
        return MultipartCsrf(request, content_type);
    return FormValue(FormFields(request), kCsrfField);
}

std::optional<std::string> BearerToken(const web::Request& request) {
    const auto header = request.Header("authorization");
    if (!header || header->size() < 7) return std::nullopt;
    const auto scheme = header->substr(0, 7);
    if (scheme != "Bearer " && scheme != "bearer ") return std::nullopt;
    return Trimmed(header->substr(7));
}

bool IsHtml(const web::Response& response) {
    return response.content_type.starts_with("text/html");
}

class AccountsMiddleware {
  public:
    AccountsMiddleware(AccountService& service, const web::Templates& templates,
                       CookiePolicy cookies)
        : service_(service), templates_(templates), cookies_(std::move(cookies)) {}

    web::Response Handle(web::Request& request,
                         const std::function<web::Response(web::Request&)>& next) const {
        auto auth = std::make_shared<RequestAuth>();
        auth->cookies = cookies_;
        bool bearer = false;
        if (const auto token = BearerToken(request)) {
            bearer = true;
            auth->principal = service_.ResolveApiToken(*token);
            if (!auth->principal) {
                request.auth = auth;
                return Refuse(request, 401, "unauthenticated",
                              "Jeton d’accès invalide ou révoqué.");
            }
        } else if (const auto session = CookieValue(request, cookies_.SessionName())) {
            auth->session_token = *session;
            const auto lookup = service_.ResolveSession(*session);
            auth->principal = lookup.principal;
            auth->session_expired = lookup.expired;
            auth->awaiting_totp = lookup.awaiting_totp;
            if (auth->principal) auth->csrf_token = auth->principal->csrf_token;
        }
        const auto anonymous_cookie = CookieValue(request, cookies_.CsrfName());
        if (!auth->principal) {
            if (anonymous_cookie &&
                service_.CheckAnonymousCsrf(*anonymous_cookie, *anonymous_cookie)) {
                auth->csrf_token = *anonymous_cookie;
            } else {
                auth->csrf_token = service_.NewAnonymousCsrf();
                auth->csrf_cookie_is_new = true;
            }
        }
        request.auth = auth;

        if (IsUnsafe(request.method) && !bearer &&
            !CsrfAccepted(request, *auth, anonymous_cookie)) {
            return Refuse(request, 403, "csrf_token_invalid", kCsrfMessage);
        }
        if (auth->principal && auth->principal->MustEnrolTotp() &&
            !IsReachableBeforeTotpEnrolment(request)) {
            if (request.IsApi()) {
                return Refuse(request, 403, "totp_enrolment_required",
                              "Activez la double authentification dans « Mon espace › Sécurité » "
                              "avant toute autre action.");
            }
            return web::Response::Redirect("/mon-espace/securite", 303);
        }

        auto response = next(request);
        if (auth->session_expired) {
            response.headers.emplace_back("Set-Cookie",
                                          cookies_.SetCookie(cookies_.SessionName(), ""));
        }
        if (auth->principal && auth->principal->method == AuthMethod::kSession) {
            ShowAccount(*auth, response);
            response.SetHeader("Cache-Control", "private, no-store");
        }
        return response;
    }

  private:
    bool CsrfAccepted(const web::Request& request, const RequestAuth& auth,
                      const std::optional<std::string>& anonymous_cookie) const {
        if (auth.principal) return service_.CheckCsrf(auth.session_token, GivenCsrf(request));
        // Anonymous JSON API calls carry no cookie a forged cross-site request could use: the
        // sign-in API needs application/json, which no cross-site form can send without CORS.
        if (request.IsApi() &&
            request.Header("content-type").value_or("").starts_with("application/json")) {
            return true;
        }
        return anonymous_cookie &&
               service_.CheckAnonymousCsrf(*anonymous_cookie, GivenCsrf(request));
    }

    web::Response Refuse(const web::Request& request, int status, std::string_view code,
                         std::string_view message) const {
        return web::ErrorResponse(request, status, code, message, templates_);
    }

    /// Replaces the header's "Se connecter" block by the user's name, Mon espace and sign-out.
    void ShowAccount(const RequestAuth& auth, web::Response& response) const {
        if (!IsHtml(response)) return;
        const auto start = response.body.find(kAccountStart);
        if (start == std::string::npos) return;
        const auto end = response.body.find(kAccountEnd, start);
        if (end == std::string::npos) return;
        const auto tools =
            templates_.Render("account_header_tools",
                              {{"name", auth.principal->name}, {"csrf_token", auth.csrf_token}});
        response.body.replace(start, end + kAccountEnd.size() - start, tools);
    }

    AccountService& service_;
    const web::Templates& templates_;
    CookiePolicy cookies_;
};

}  // namespace

std::string CookiePolicy::SetCookie(const std::string& name, const std::string& value) const {
    std::string out = name + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
    if (value.empty()) out += "; Max-Age=0";
    if (secure) out += "; Secure";
    return out;
}

web::Response SignInRequired(const web::Request& request, const web::Templates& templates) {
    const auto& auth = AuthOf(request);
    if (request.IsApi()) {
        return web::ErrorResponse(
            request,
            Error{ErrorCode::kUnauthenticated,
                  auth.session_expired ? "Votre session a expiré : reconnectez-vous."
                                       : "Vous devez vous connecter.",
                  {}},
            templates);
    }
    std::string location = "/connexion?retour=" + web::PercentEncode(request.target);
    if (auth.session_expired) location += "&expiree=1";
    return web::Response::Redirect(location);
}

std::optional<web::Response> Refusal(const web::Request& request, Action action,
                                     const Resource& resource, const web::Templates& templates) {
    const Principal* principal = PrincipalOf(request);
    if (!principal) return SignInRequired(request, templates);
    const auto allowed = Authorize(principal, action, resource);
    if (allowed) return std::nullopt;
    return web::ErrorResponse(request, allowed.error(), templates);
}

const RequestAuth& AuthOf(const web::Request& request) {
    static const RequestAuth kEmpty;
    if (!request.auth) return kEmpty;
    return *static_cast<const RequestAuth*>(request.auth.get());
}

const Principal* PrincipalOf(const web::Request& request) {
    const auto& auth = AuthOf(request);
    return auth.principal ? &*auth.principal : nullptr;
}

void AttachCsrfCookie(const web::Request& request, web::Response& response) {
    const auto& auth = AuthOf(request);
    if (!auth.csrf_cookie_is_new || auth.csrf_token.empty()) return;
    response.headers.emplace_back("Set-Cookie",
                                  auth.cookies.SetCookie(auth.cookies.CsrfName(), auth.csrf_token));
}

bool IsReachableBeforeTotpEnrolment(const web::Request& request) {
    const auto& path = request.path;
    return path == "/mon-espace/securite" || path.starts_with("/mon-espace/securite/") ||
           path == "/deconnexion" || path == "/api/v1/session" || path == "/api/v1/me";
}

web::Middleware MakeAccountsMiddleware(AccountService& service, const web::Templates& templates,
                                       CookiePolicy cookies) {
    auto middleware = std::make_shared<const AccountsMiddleware>(service, templates, cookies);
    return [middleware](web::Request& request,
                        const std::function<web::Response(web::Request&)>& next) {
        return middleware->Handle(request, next);
    };
}

std::optional<std::string> CookieValue(const web::Request& request, std::string_view name) {
    for (const auto& [header, value] : request.headers) {
        if (header != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            auto pair = rest.substr(0, semi);
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            const auto first = pair.find_first_not_of(' ');
            if (first == std::string_view::npos) continue;
            pair.remove_prefix(first);
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
            return Trimmed(pair.substr(eq + 1));
        }
    }
    return std::nullopt;
}

web::Fields FormFields(const web::Request& request) {
    const auto content_type = request.Header("content-type").value_or("");
    if (!content_type.starts_with("application/x-www-form-urlencoded")) return {};
    return web::ParseQueryString(request.body);
}

std::string FormValue(const web::Fields& fields, std::string_view name) {
    for (const auto& [key, value] : fields) {
        if (key == name) return value;
    }
    return {};
}

}  // namespace cncd::accounts
