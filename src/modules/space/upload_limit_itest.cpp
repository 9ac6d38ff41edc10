// The server gives the upload route its larger body limit and no other route (web/server,
// ServerOptions::body_limits, as `cncd serve` sets it for the document upload).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "web/server.hpp"

namespace cncd::space {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

int Post(unsigned short port, const std::string& target, std::size_t bytes) {
    net::io_context io;
    net::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    http::request<http::string_body> request(http::verb::post, target, 11);
    request.set(http::field::host, "test");
    request.body() = std::string(bytes, 'x');
    request.prepare_payload();
    beast::error_code ec;
    http::write(stream, request, ec);  // may fail half-way once the server has answered 413
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response, ec);
    if (ec) return 0;
    return response.result_int();
}

int PostChunked(unsigned short port, const std::string& target, std::size_t bytes) {
    net::io_context io;
    net::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    std::string raw =
        "POST " + target + " HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
    constexpr std::size_t kChunk = 1024;
    for (std::size_t sent = 0; sent < bytes; sent += kChunk) {
        const auto n = std::min(kChunk, bytes - sent);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        raw += size + std::string(n, 'x') + "\r\n";
    }
    raw += "0\r\n\r\n";
    beast::error_code ec;
    net::write(stream, net::buffer(raw), ec);  // may fail half-way once the server has answered
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response, ec);
    if (ec) return 0;
    return response.result_int();
}

TEST(UploadLimit, OnlyTheListedPathTakesTheLargerBody) {
    web::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 1;
    options.workers = 1;
    options.max_body_bytes = 1024;
    options.body_limits.emplace_back("/mon-espace/documents", 64 * 1024);
    web::HttpServer server(options, [](const web::Request& request) {
        return web::Response::Text(std::to_string(request.body.size()), "text/plain");
    });
    server.Start();
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents", 32 * 1024), 200);
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents?x=1", 32 * 1024), 200);
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents", 100 * 1024), 413);
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents/pdf", 32 * 1024), 413);
    EXPECT_EQ(Post(server.Port(), "/ailleurs", 2048), 413);
    EXPECT_EQ(Post(server.Port(), "/ailleurs", 512), 200);
    // A chunked body, whose size is not announced, is held to the same limits while read.
    EXPECT_EQ(PostChunked(server.Port(), "/ailleurs", 4096), 413);
    EXPECT_EQ(PostChunked(server.Port(), "/mon-espace/documents", 32 * 1024), 200);
    EXPECT_EQ(PostChunked(server.Port(), "/mon-espace/documents", 100 * 1024), 413);
    server.Stop();
}

// At most max_large_bodies large uploads are read at once: a client holding one open (headers
// sent, body still coming) makes the next one wait with 503; once it is read, uploads go on.
TEST(UploadLimit, LargeBodiesAreReadFewAtATime) {
    web::ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 1;
    options.workers = 1;
    options.max_body_bytes = 1024;
    options.max_large_bodies = 1;
    options.body_limits.emplace_back("/mon-espace/documents", 64 * 1024);
    web::HttpServer server(options, [](const web::Request& request) {
        return web::Response::Text(std::to_string(request.body.size()), "text/plain");
    });
    server.Start();
    net::io_context io;
    net::ip::tcp::resolver resolver(io);
    beast::tcp_stream slow(io);
    slow.connect(resolver.resolve("127.0.0.1", std::to_string(server.Port())));
    const std::string head =
        "POST /mon-espace/documents HTTP/1.1\r\nHost: test\r\nContent-Length: 4096\r\n\r\n";
    net::write(slow, net::buffer(head + std::string(100, 'x')));
    // The server reads the slow client's headers before the next connection's.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents", 2048), 503);
    EXPECT_EQ(Post(server.Port(), "/ailleurs", 512), 200);  // small bodies are not held up
    net::write(slow, net::buffer(std::string(4096 - 100, 'x')));
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(slow, buffer, response);
    EXPECT_EQ(response.body(), "4096");
    EXPECT_EQ(Post(server.Port(), "/mon-espace/documents", 2048), 200);
    server.Stop();
}

}  // namespace
}  // namespace cncd::space
