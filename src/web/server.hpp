#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "web/http.hpp"

namespace cncd::web {

struct ServerOptions {
    std::string address = "0.0.0.0";
    unsigned short port = 8080;  ///< 0 picks a free port (tests)
    int io_threads = 0;          ///< 0: one per core
    int workers = 0;             ///< handler pool; 0: 2 × cores
    /// From the first byte of a request (or the connection) to the end of its headers.
    std::chrono::milliseconds header_timeout{10'000};
    /// For the whole body, once the headers are read.
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};  ///< keep-alive between requests
    std::chrono::milliseconds write_timeout{30'000};
    /// Stop() waits this long for requests in flight before closing everything.
    std::chrono::milliseconds shutdown_grace{10'000};
    std::size_t max_header_bytes = 16 * 1024;  ///< request line and header fields: 431 above
    std::size_t max_header_count = 100;        ///< header fields: 431 above
    std::size_t max_body_bytes = 1024 * 1024;  ///< 413 above, checked while reading (chunked too)
    /// Larger body limits for a few paths (the target's path, exactly, without its query): the
    /// document upload of the personal space. Only POST requests get them; every other request
    /// keeps max_body_bytes. Such a body's deadline grows with its limit (body_timeout plus
    /// the time to send the limit at min_upload_bytes_per_second), and at most
    /// max_large_bodies are read at once (503 with Retry-After beyond), so slow links can
    /// upload while a client cannot make the server hold many large bodies.
    std::vector<std::pair<std::string, std::size_t>> body_limits;
    std::size_t min_upload_bytes_per_second = 32 * 1024;
    int max_large_bodies = 4;
};

/// An asynchronous HTTP/1.1 server (Boost.Beast): I/O threads read and write, a worker pool
/// runs the handler. Limits answer 431 (headers), 413 (body), 400 (malformed); deadlines
/// close slow or idle connections. HTTP/1.0 and 1.1, keep-alive, HEAD answered without a body.
/// A handler that throws gets a plain 500 (BuildApp's middleware normally catches first).
///
/// Streamed answers (Response::Stream): the worker that ran the handler then runs the
/// producer. Its sink fills a kStreamChunkBytes buffer and hands it to the connection's strand,
/// which writes it as one chunk (headers with the first) under write_timeout, while the
/// producer fills the second buffer; it blocks until that write is done (backpressure: two
/// chunks in memory, whatever the size). A failed or late write makes the sink throw
/// ClientGone: the producer stops, the connection closes, an info line is logged. HTTP/1.0
/// gets the raw body ended by closing the connection; HEAD gets the headers only, producer not
/// run. A streamed answer holds its worker until the last chunk is written, so the pool size
/// bounds the downloads in progress together with the quick requests.
class HttpServer {
  public:
    HttpServer(ServerOptions options, Handler handler);
    /// Stops the server if it is running.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts the threads; returns at once. Throws when the address is taken.
    void Start();
    /// The bound port (useful with port 0).
    unsigned short Port() const;
    /// Stops accepting, closes idle connections, lets requests in flight finish (up to
    /// options.shutdown_grace), joins threads. Idempotent.
    void Stop();
    /// Blocks until SIGINT or SIGTERM, then stops gracefully.
    void RunUntilSignal();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cncd::web
