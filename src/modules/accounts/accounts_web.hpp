#pragma once

#include <optional>
#include <string>

#include "modules/accounts/account_service.hpp"
#include "modules/accounts/accounts.hpp"
#include "modules/accounts/policy.hpp"
#include "web/app.hpp"
#include "web/http.hpp"
#include "web/templates.hpp"

/// The accounts layer of the web app: resolves who sends each request (session cookie or
/// Bearer token), enforces CSRF on unsafe methods, keeps ministry administrators on the TOTP
/// enrolment page until they enrol, and shows the signed-in user in the page header.
namespace cncd::accounts {

/// Cookie names and flags. Behind TLS (`secure`): "__Host-cncd_session" and "__Host-cncd_csrf"
/// with Secure (the __Host- prefix requires Secure, Path=/ and no Domain). On plain
/// http://localhost for development: "cncd_session" and "cncd_csrf" without Secure, since a
/// browser drops a Secure cookie set over plain HTTP. Always HttpOnly, SameSite=Lax, Path=/.
struct CookiePolicy {
    bool secure = false;
    std::string SessionName() const { return secure ? "__Host-cncd_session" : "cncd_session"; }
    std::string CsrfName() const { return secure ? "__Host-cncd_csrf" : "cncd_csrf"; }
    /// The Set-Cookie value for `name` = `value` (empty value: a deletion).
    std::string SetCookie(const std::string& name, const std::string& value) const;
};

/// What the middleware learnt about a request; read it through AuthOf / PrincipalOf.
struct RequestAuth {
    std::optional<Principal> principal;
    bool session_expired = false;  ///< a session cookie named a session that has ended
    bool awaiting_totp = false;    ///< the session awaits its TOTP code
    std::string session_token;     ///< the session cookie's value
    /// The token forms must send: the session's, or (anonymous) the signed double-submit value.
    std::string csrf_token;
    bool csrf_cookie_is_new = false;  ///< the anonymous value still has to be set as a cookie
    CookiePolicy cookies;
};

/// The request's accounts state (an empty one when the middleware did not run).
const RequestAuth& AuthOf(const web::Request& request);
/// The signed-in user, or nullptr for an anonymous visitor.
const Principal* PrincipalOf(const web::Request& request);
/// The answer for a visitor who must sign in first: the sign-in page coming back to this one
/// ("session expired" when it has) for a page, 401 with a French message for the API.
web::Response SignInRequired(const web::Request& request, const web::Templates& templates);

/// The policy's answer for one request: nothing when its principal may do `action` on
/// `resource`; otherwise SignInRequired for an anonymous visitor, or the 403 page (JSON for
/// the API). What every module's protected routes call first.
std::optional<web::Response> Refusal(const web::Request& request, Action action,
                                     const Resource& resource, const web::Templates& templates);

/// Adds the anonymous CSRF cookie to `response` when the page rendered a fresh value (call it
/// from any handler that renders a form for anonymous visitors).
void AttachCsrfCookie(const web::Request& request, web::Response& response);

/// Paths a ministry administrator without TOTP may still reach (enrolment, sign-out).
bool IsReachableBeforeTotpEnrolment(const web::Request& request);

/// The middleware to give web::BuildApp.
web::Middleware MakeAccountsMiddleware(AccountService& service, const web::Templates& templates,
                                       CookiePolicy cookies);

/// The value of cookie `name` in the request's Cookie headers, if present.
std::optional<std::string> CookieValue(const web::Request& request, std::string_view name);

/// The fields of an application/x-www-form-urlencoded body (empty for another content type).
web::Fields FormFields(const web::Request& request);
/// The first value of a form field ("" when absent).
std::string FormValue(const web::Fields& fields, std::string_view name);

}  // namespace cncd::accounts
