#pragma once

#include <string>
#include <vector>

#include "web/http.hpp"

namespace cncd::web {

/// Method + path pattern routing. Patterns are literal segments and named parameters:
/// "/atlas/pays/{iso2}", "/api/v1/projects/{id}". A segment "{*rest}" at the end matches
/// the remaining path. Literal segments win over parameters.
class Router {
public:
    void Add(std::string method, std::string pattern, Handler handler);
    void Get(std::string pattern, Handler handler) { Add("GET", std::move(pattern), std::move(handler)); }
    void Post(std::string pattern, Handler handler) { Add("POST", std::move(pattern), std::move(handler)); }
    void Put(std::string pattern, Handler handler) { Add("PUT", std::move(pattern), std::move(handler)); }
    void Delete(std::string pattern, Handler handler) { Add("DELETE", std::move(pattern), std::move(handler)); }

    /// Finds the route, fills request.params and calls it. No route: 404; a route for another
    /// method: 405 with Allow. HEAD is served by the GET route without a body.
    Response Dispatch(Request& request) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> routes_;
};

}  // namespace cncd::web
