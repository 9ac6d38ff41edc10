#pragma once

#include <functional>
#include <string>
#include <vector>

#include "web/http.hpp"

namespace cncd::web {

/// Answers a request that no route accepts: `status` is 404 (no route for the path) or 405 (routes
/// for the path, none for the method; `allow` then lists their methods, "GET, HEAD, POST").
using NoRouteHandler =
    std::function<Response(const Request& request, int status, const std::string& allow)>;

/// Method + path pattern routing. Patterns are literal segments and named parameters:
/// "/atlas/pays/{iso2}", "/api/v1/projects/{id}". A segment "{*rest}" at the end matches
/// the remaining path (possibly empty). Literal segments win over parameters, parameters over
/// "{*rest}", whatever the order of registration. Empty segments are ignored, so "/atlas/" is
/// "/atlas". Parameter values are percent-decoded ("%2F" stays inside one parameter).
class Router {
  public:
    /// Registers a route. Throws std::invalid_argument for a malformed pattern ("{" without
    /// "}", "{*rest}" not last, an empty parameter name).
    void Add(std::string method, std::string pattern, Handler handler);
    void Get(std::string pattern, Handler handler) {
        Add("GET", std::move(pattern), std::move(handler));
    }
    void Post(std::string pattern, Handler handler) {
        Add("POST", std::move(pattern), std::move(handler));
    }
    void Put(std::string pattern, Handler handler) {
        Add("PUT", std::move(pattern), std::move(handler));
    }
    void Delete(std::string pattern, Handler handler) {
        Add("DELETE", std::move(pattern), std::move(handler));
    }

    /// Finds the route, fills request.params and calls it. No route: 404; a route for another
    /// method: 405 with Allow. HEAD is served by the GET route (unless a HEAD route exists),
    /// body included: the server sends the headers only, Content-Length being the length of
    /// the body a GET would get after the middleware (compression).
    Response Dispatch(Request& request) const;

    /// Same, with `no_route` answering 404 and 405 (the Allow header is added when missing).
    Response Dispatch(Request& request, const NoRouteHandler& no_route) const;

  private:
    enum class SegmentKind { kLiteral, kParam, kRest };
    struct Segment {
        SegmentKind kind = SegmentKind::kLiteral;
        std::string text;  ///< the literal, or the parameter name
    };
    struct Route {
        std::string method;
        std::vector<Segment> segments;
        Handler handler;
    };

    /// True when `route` matches the path `segments`; fills `rank` (one entry per pattern
    /// segment, higher is more specific) for comparing candidates.
    static bool Matches(const Route& route, const std::vector<std::string>& segments,
                        std::vector<int>& rank);
    static void FillParams(const Route& route, const std::vector<std::string>& segments,
                           Request& request);

    std::vector<Route> routes_;
};

}  // namespace cncd::web
