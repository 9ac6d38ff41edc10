#pragma once

#include "core/result.hpp"
#include "web/http.hpp"
#include "web/templates.hpp"

namespace cncd::web {

/// The HTTP status of an error code (one table for the whole app).
int HttpStatus(ErrorCode code);

/// An error as the client expects it: JSON {"error": {"code", "message", "field"?}} on /api/,
/// a French HTML page elsewhere. Never includes internal detail.
Response ErrorResponse(const Request& request, const Error& error, const Templates& templates);

}  // namespace cncd::web
