#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "modules/accounts/accounts.hpp"
#include "modules/accounts/policy.hpp"
#include "modules/apd/apd_reminders.hpp"
#include "modules/apd/apd_service.hpp"
#include "modules/mail/mail_service.hpp"
#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

/// The signed-in side of e-APD (library cncd_apd_web): the declaration API and pages behind
/// the accounts policy, the audit log, the receipt mail and the reminders.
namespace cncd::apd {

/// The apd Actor of a signed-in user, for the declarations of `authority_id` (an authority's
/// user) or as the ministry (an instructor or administrator). The one place that turns an
/// accounts::Principal into an apd::Actor; the policy is asked by ActorFor.
Actor ActorOf(const accounts::Principal& principal, std::optional<std::int64_t> authority_id,
              std::string ip);

/// Asks the policy and builds the actor: for a ministry user, kReviewApd; for anyone else,
/// kDeclareApd on `authority_id` (or on the first authority their organisation holds when
/// not given). The response is the refusal to send (401 or sign-in page, 403).
std::variant<Actor, web::Response> ActorFor(const web::Request& request,
                                            std::optional<std::int64_t> authority_id,
                                            const web::Templates& templates);

/// Records every change in the audit log, and on submission enqueues the receipt mail (PDF
/// attached) and cancels the authority's pending reminders, in the change's transaction.
void InstallApdHooks(DeclarationService& service, const mail::MailService& mail);

/// Registers, behind the accounts middleware (CSRF already checked):
///   GET/POST /api/v1/apd/declarations, GET/PUT /api/v1/apd/declarations/{id},
///   POST /api/v1/apd/declarations/{id}/submit|validate|return;
///   pages /mon-espace/apd… (authority) and /administration/apd… (ministry).
void RegisterDeclarationRoutes(web::Router& router, DeclarationService& service,
                               Reminders& reminders, const web::Templates& templates);

}  // namespace cncd::apd
