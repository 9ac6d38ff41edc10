#pragma once

#include <string_view>

#include "core/result.hpp"
#include "web/http.hpp"
#include "web/templates.hpp"

namespace cncd::web {

/// The HTTP status of an error code (one table for the whole app):
/// invalid argument 400, unauthenticated 401, permission denied 403, not found 404,
/// already exists 409, failed precondition 409 (the request is valid but conflicts with the
/// current state of the resource: a closed campaign, a dossier already submitted; 422 would
/// blur it with invalid argument), internal 500.
int HttpStatus(ErrorCode code);

/// The stable machine name of an error code in JSON answers: "invalid_argument", "not_found"…
std::string_view ErrorCodeName(ErrorCode code);

/// An error as the client expects it: JSON {"error": {"code", "message", "field"?}} on /api/,
/// a French HTML page elsewhere. Never includes internal detail: for kInternal the message is
/// logged and replaced by a generic one. An empty message gets the code's default French text.
Response ErrorResponse(const Request& request, const Error& error, const Templates& templates);

/// Same for a status no ErrorCode stands for (405, 413…): `code` is the machine name
/// ("method_not_allowed"), `message` the French text shown to the user (never internal).
Response ErrorResponse(const Request& request, int status, std::string_view code,
                       std::string_view message, const Templates& templates);

}  // namespace cncd::web
