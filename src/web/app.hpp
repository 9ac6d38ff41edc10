#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "web/http.hpp"
#include "web/router.hpp"
#include "web/templates.hpp"

namespace cncd::web {

struct StaticMount {
    std::string url_prefix;           ///< "/static/"
    std::filesystem::path directory;  ///< files served under that prefix
    /// Cache-Control of the files; empty: long (30 days) for a prefix starting with "/vendor/"
    /// (third-party files, changed only by an upgrade), short (5 minutes) otherwise. Either way
    /// an ETag lets the browser revalidate with If-None-Match and get a 304.
    std::string cache_control = {};
};

/// The Content-Security-Policy sent with every answer (no inline script or style anywhere).
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/// A layer around routing (sessions, CSRF): it may answer itself or call `next`, after changing
/// the request (e.g. setting Request::auth) and before changing the response. It runs inside the
/// error mapping and security headers, and not for static files.
using Middleware =
    std::function<Response(Request& request, const std::function<Response(Request&)>& next)>;

/// Wraps the router with the middleware every request goes through: request id (X-Request-Id),
/// access log line, security headers (CSP without inline script, nosniff, frame-ancestors,
/// referrer policy), static files with caching, and error mapping (an exception becomes a
/// logged 500 that shows nothing internal; a 404/405 from the router gets the French page).
///
/// Compression (compression.hpp): gzip when the client accepts it, for compressible types, a
/// buffered body from kMinGzipBytes (large bodies that recur, such as cached API answers, are
/// compressed once: content-keyed cache of 32 MB), a streamed body chunk by chunk; "Vary:
/// Accept-Encoding" on every compressible answer; an ETag set by a handler becomes the gzip
/// variant's ("…-gzip"). Streamed answers are logged once written (bytes sent, "aborted" when
/// the client left).
///
/// Static files: GET and HEAD only; a path with a "..", "." or hidden segment, or resolving
/// (through links) outside the mount's directory, is a 404. Files are kept in memory after the
/// first read and read again when their size or modification time changes; a compressible one
/// of kMinGzipBytes or more is gzipped then too (level 9) and served to clients that accept it
/// with its own ETag.
/// `router` and `templates` are kept by reference and must outlive the handler. `middleware`,
/// when given, wraps every routed request.
Handler BuildApp(const Router& router, const Templates& templates, std::vector<StaticMount> mounts,
                 Middleware middleware = {});

}  // namespace cncd::web
