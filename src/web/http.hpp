#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cncd::web {

using Fields = std::vector<std::pair<std::string, std::string>>;

/// A parsed HTTP request, as handlers see it.
struct Request {
    std::string method;  ///< "GET", "POST"…
    std::string target;  ///< raw request target, "/atlas/pays/sn?theme=eau"
    std::string path;    ///< percent-decoded path, "/atlas/pays/sn"
    Fields query;        ///< decoded query parameters, in order (a name may repeat)
    Fields headers;      ///< header names in lower case
    std::string body;
    std::unordered_map<std::string, std::string> params;  ///< path parameters from the router
    std::string request_id;
    std::string remote_address;
    /// Who sent the request, set by the accounts middleware before routing (nullptr when it
    /// does not run). web/ never looks inside: read it with accounts::PrincipalOf(request).
    std::shared_ptr<const void> auth;

    /// A path parameter; empty when the route has none of that name.
    const std::string& Param(const std::string& name) const;
    /// The first value of a query parameter, if present.
    std::optional<std::string> Query(std::string_view name) const;
    /// Every value of a repeated query parameter, in order.
    std::vector<std::string> QueryAll(std::string_view name) const;
    /// A header by case-insensitive name.
    std::optional<std::string> Header(std::string_view name) const;
    /// True for /api/ routes: errors are answered in JSON there, in HTML elsewhere.
    bool IsApi() const;
};

/// What a handler answers.
struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    Fields headers;  ///< extra headers (Location, Cache-Control, Content-Disposition…)

    static Response Html(std::string body, int status = 200);
    static Response Json(const nlohmann::json& value, int status = 200);
    static Response Text(std::string body, std::string content_type, int status = 200);
    /// 303 See Other by default (after a POST).
    static Response Redirect(std::string location, int status = 303);

    /// Sets a header, replacing one of the same name.
    void SetHeader(std::string name, std::string value);
};

using Handler = std::function<Response(const Request&)>;

/// The two parts of a request target: the path (still percent-encoded) and the query (after
/// '?', without it). An absolute-form target ("http://host/a?b") is reduced to its path.
struct TargetParts {
    std::string_view path;
    std::string_view query;
};
TargetParts SplitTarget(std::string_view target);

/// A request as the server builds it: target kept, path decoded, query parsed. For tests and
/// for code that forwards a request internally.
Request MakeRequest(std::string method, std::string target);

/// Decodes %XX escapes (and '+' as space when `plus_is_space`); invalid escapes are kept.
std::string PercentDecode(std::string_view in, bool plus_is_space);
/// Percent-encodes everything except unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view in);
/// Splits "a=1&b=2&a=3" into decoded pairs.
Fields ParseQueryString(std::string_view query);

}  // namespace cncd::web
