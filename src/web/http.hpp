#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
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

/// Thrown by BodySink::Write once the client is gone (it disconnected, or a chunk was not
/// written within ServerOptions::write_timeout). A producer lets it propagate (or stops): the
/// server then closes the connection and logs an aborted download, not an error.
class ClientGone : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Where a streamed body goes. The server's sink keeps up to kStreamChunkBytes, then sends them
/// as one HTTP/1.1 chunk; while a chunk is being written, the next Write that fills the buffer
/// blocks (backpressure: memory stays bounded whatever the body's size).
class BodySink {
  public:
    virtual ~BodySink() = default;
    /// Appends bytes to the body. Throws ClientGone when the client is gone.
    virtual void Write(std::string_view bytes) = 0;
};

/// Produces a streamed body: runs on the worker thread that ran the handler, after the handler
/// returned, and writes the whole body to the sink. Headers are sent with the first chunk, so
/// a producer that throws before writing anything still gets a plain 500; after that the
/// connection is closed mid-body (the client sees an incomplete download). Never run for HEAD.
using BodyProducer = std::function<void(BodySink&)>;

/// Bytes the server buffers before writing a chunk of a streamed body.
inline constexpr std::size_t kStreamChunkBytes = 64 * 1024;

/// What a handler answers.
struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    Fields headers;  ///< extra headers (Location, Cache-Control, Content-Disposition…)
    /// Set for a streamed body (see Stream): `body` is then ignored.
    BodyProducer stream;

    static Response Html(std::string body, int status = 200);
    static Response Json(const nlohmann::json& value, int status = 200);
    static Response Text(std::string body, std::string content_type, int status = 200);
    /// A body written as it is produced, with chunked transfer encoding (HTTP/1.0: until the
    /// connection closes), for answers too big to hold in memory (extractions). Validate the
    /// request before: once the producer runs, the status can no longer change.
    static Response Stream(std::string content_type, BodyProducer producer, int status = 200);
    /// 303 See Other by default (after a POST).
    static Response Redirect(std::string location, int status = 303);

    /// Sets a header, replacing one of the same name.
    void SetHeader(std::string name, std::string value);
};

using Handler = std::function<Response(const Request&)>;

/// `response` with a streamed body run into `body` (for tests and internal forwarding; the
/// server never does this).
Response Buffered(Response response);

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
