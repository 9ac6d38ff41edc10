#pragma once

// A blocking HTTP/1.1 client for the tests that run the real server on port 0: one connection
// per request, as a browser's first visit.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <utility>
#include <vector>

namespace cncd::testing {

struct HttpAnswer {
    int status = 0;
    std::string content_type;
    std::string body;
    std::string location;                  ///< the Location header, if any
    std::vector<std::string> set_cookies;  ///< every Set-Cookie header, in order
};

/// Sends one request to 127.0.0.1:`port` (Host: localhost) and reads the whole answer (bodies
/// up to 64 MB: the demo's extractions).
inline HttpAnswer SendHttp(unsigned short port, boost::beast::http::verb method,
                           const std::string& target, const std::string& body = {},
                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    namespace beast = boost::beast;
    namespace http = beast::http;
    namespace net = boost::asio;
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(net::ip::tcp::endpoint(net::ip::address_v4::loopback(), port));
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "localhost");
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) {
        request.body() = body;
        request.prepare_payload();
    }
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto response = parser.release();
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    HttpAnswer answer{static_cast<int>(response.result_int()),
                      std::string(response[http::field::content_type]),
                      std::move(response.body()),
                      std::string(response[http::field::location]),
                      {}};
    for (const auto& field : response) {
        if (field.name() == http::field::set_cookie) answer.set_cookies.emplace_back(field.value());
    }
    return answer;
}

}  // namespace cncd::testing
