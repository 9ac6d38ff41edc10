#include "web/errors.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace cncd::web {

namespace {

constexpr std::string_view kInternalMessage =
    "Désolé, le service rencontre un problème. Nous travaillons à le résoudre le plus "
    "rapidement possible.";

std::string_view DefaultMessage(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "La requête contient un paramètre invalide.";
        case ErrorCode::kNotFound:
            return "La page que vous cherchez est introuvable. Excusez-nous pour la gêne "
                   "occasionnée.";
        case ErrorCode::kAlreadyExists:
            return "Cet élément existe déjà.";
        case ErrorCode::kPermissionDenied:
            return "Vous n’avez pas les droits nécessaires pour accéder à cette page.";
        case ErrorCode::kUnauthenticated:
            return "Vous devez vous connecter pour accéder à cette page.";
        case ErrorCode::kFailedPrecondition:
            return "Cette opération n’est pas possible dans l’état actuel.";
        case ErrorCode::kInternal:
            return kInternalMessage;
    }
    return kInternalMessage;
}

/// The page title for a status: what a visitor sees first.
std::string_view Title(int status) {
    switch (status) {
        case 400:
            return "Requête invalide";
        case 401:
            return "Connexion requise";
        case 403:
            return "Accès refusé";
        case 404:
            return "Page introuvable";
        case 405:
            return "Méthode non autorisée";
        case 409:
            return "Opération impossible";
        case 413:
            return "Contenu trop volumineux";
        case 431:
            return "En-têtes trop volumineux";
        case 503:
            return "Service indisponible";
        default:
            return status >= 500 ? "Erreur inattendue" : "Requête refusée";
    }
}

Response Render(const Request& request, int status, std::string_view code, std::string_view message,
                std::string_view field, const Templates& templates) {
    if (request.IsApi()) {
        nlohmann::json error = {{"code", code}, {"message", message}};
        if (!field.empty()) error["field"] = field;
        return Response::Json({{"error", std::move(error)}}, status);
    }
    nlohmann::json page = {
        {"title", Title(status)},
        {"status", status},
        {"message", message},
        {"not_found", status == 404},
    };
    return Response::Html(templates.RenderPage("error", page), status);
}

}  // namespace

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kPermissionDenied:
            return 403;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kAlreadyExists:
        case ErrorCode::kFailedPrecondition:
            return 409;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kAlreadyExists:
            return "already_exists";
        case ErrorCode::kPermissionDenied:
            return "permission_denied";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kFailedPrecondition:
            return "failed_precondition";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

Response ErrorResponse(const Request& request, const Error& error, const Templates& templates) {
    if (error.code == ErrorCode::kInternal) {
        if (!error.message.empty()) {
            spdlog::error("internal error id={} {} {}: {}", request.request_id, request.method,
                          request.path, error.message);
        }
        return Render(request, 500, ErrorCodeName(error.code), kInternalMessage, {}, templates);
    }
    const std::string_view message =
        error.message.empty() ? DefaultMessage(error.code) : std::string_view(error.message);
    return Render(request, HttpStatus(error.code), ErrorCodeName(error.code), message, error.field,
                  templates);
}

Response ErrorResponse(const Request& request, int status, std::string_view code,
                       std::string_view message, const Templates& templates) {
    return Render(request, status, code, message, {}, templates);
}

}  // namespace cncd::web
