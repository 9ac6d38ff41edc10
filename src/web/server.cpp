#include "web/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cncd::web {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kIdleReadBytes = 4096;
constexpr std::size_t kDrainReadBytes = 16 * 1024;
/// After an answer with "Connection: close", unread request bytes are drained for a while before
/// closing, so the client reads the answer instead of a reset (RFC 9112 §9.6).
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kMaxLingerBytes = 8 * 1024 * 1024;
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr const char* kPlainText = "text/plain; charset=utf-8";

using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

/// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7), recomputed once a second per thread.
const std::string& HttpDate() {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now == cached_second) return cached;
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday],
                  utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                  utc.tm_sec);
    cached = text;
    cached_second = now;
    return cached;
}

bool IsTokenChar(unsigned char c) {
    if (c >= 'a' && c <= 'z') return true;
    if (c >= 'A' && c <= 'Z') return true;
    if (c >= '0' && c <= '9') return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsValidFieldName(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return IsTokenChar(static_cast<unsigned char>(c));
    });
}

/// No CR, LF or NUL: a value a handler built from user input cannot split the response.
bool IsValidFieldValue(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsHttpParseError(const beast::error_code& ec) {
    return ec.category() == beast::error_code(http::error::bad_target).category();
}

class Session;

/// How long a producer waits between checks that the server has not halted.
constexpr std::chrono::milliseconds kHaltPoll{100};

/// The state a streamed answer's producer (worker thread) and its writes (strand) share.
struct StreamState {
    std::mutex mutex;
    std::condition_variable changed;
    bool pending = false;  ///< a write of `sending` is in progress
    bool failed = false;   ///< a write failed: the client is gone
    std::string sending;   ///< the chunk being written
};

/// What became of a streamed answer.
enum class StreamEnd { kComplete, kClientGone, kFailedBeforeFirstByte, kFailedMidway };

/// What the server and its sessions share. Sessions may outlive a request but never the server:
/// the io_context that owns them is destroyed before this.
struct Shared {
    ServerOptions options;
    Handler handler;
    std::unique_ptr<net::thread_pool> workers;

    std::atomic<bool> stopping_flag{false};  ///< cheap read of `stopping` on hot paths
    /// Set once the I/O threads are stopped: a producer waiting for a write gives up.
    std::atomic<bool> halted{false};
    std::mutex mutex;  ///< guards everything below
    std::condition_variable changed;
    bool stopping = false;
    std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;
    int in_flight = 0;                 ///< requests read and not yet answered
    int pending_notices = 0;           ///< stop notices posted to sessions and not yet run
    std::atomic<int> large_bodies{0};  ///< bodies over max_body_bytes being read
};

/// A place among the large bodies being read (ServerOptions::max_large_bodies), given back
/// when the body is read or the connection ends.
class LargeBodySlot {
  public:
    explicit LargeBodySlot(std::atomic<int>& count) : count_(&count) {}
    LargeBodySlot(const LargeBodySlot&) = delete;
    LargeBodySlot& operator=(const LargeBodySlot&) = delete;
    ~LargeBodySlot() { count_->fetch_sub(1); }

  private:
    std::atomic<int>* count_;
};

/// One connection. Every member is used on the connection's strand, except `executor_` and
/// what the worker reads between Dispatch and Write (nothing touches it meanwhile).
class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket&& socket, Shared& shared)
        : stream_(std::move(socket)), executor_(stream_.get_executor()), shared_(shared) {
        beast::error_code ec;
        const auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = endpoint.address().to_string();
    }

    ~Session() {
        EndInFlight();
        std::lock_guard lock(shared_.mutex);
        shared_.sessions.erase(this);
    }

    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const net::any_io_executor& executor() const { return executor_; }

    void Start() {
        net::dispatch(executor_, [self = shared_from_this()] { self->ReadRequest(false); });
    }

    /// The server is stopping: a connection waiting for (or reading) a request is closed; one
    /// whose request is being handled or answered finishes that answer, then closes.
    void OnServerStop() {
        if (phase_ == Phase::kReading) Finish();
    }

  private:
    enum class Phase { kReading, kHandling, kWriting, kClosing, kClosed };

    void ReadRequest(bool after_response) {
        phase_ = Phase::kReading;
        if (shared_.stopping_flag.load()) return Finish();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(shared_.options.max_header_bytes, UINT32_MAX)));
        // Headers are read with the largest limit (beast checks Content-Length against it while
        // parsing them); OnHeader then sets the limit of the request's path.
        std::size_t largest = shared_.options.max_body_bytes;
        for (const auto& entry : shared_.options.body_limits)
            largest = std::max(largest, entry.second);
        parser_->body_limit(largest);
        if (after_response && buffer_.size() == 0) {
            // Between requests the idle deadline applies; the header deadline starts with the
            // first byte of the next request.
            stream_.expires_after(shared_.options.idle_timeout);
            stream_.async_read_some(
                buffer_.prepare(kIdleReadBytes),
                beast::bind_front_handler(&Session::OnIdleRead, shared_from_this()));
            return;
        }
        ReadHeader();
    }

    void OnIdleRead(beast::error_code ec, std::size_t bytes) {
        if (ec) return Finish();
        buffer_.commit(bytes);
        ReadHeader();
    }

    void ReadHeader() {
        stream_.expires_after(shared_.options.header_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t) {
        if (ec) return OnReadError(ec, false);
        const auto& header = parser_->get();
        const auto count = static_cast<std::size_t>(std::distance(header.begin(), header.end()));
        if (count > shared_.options.max_header_count) {
            spdlog::info("431 too many header fields ({}) ip={}", count, remote_);
            return SendError(http::status::request_header_fields_too_large,
                             "Les en-têtes de la requête sont trop nombreux.\n");
        }
        body_deadline_ = shared_.options.body_timeout;
        if (!shared_.options.body_limits.empty() && header.method() == http::verb::post) {
            const auto target = header.target();
            const auto path = SplitTarget(std::string_view(target.data(), target.size())).path;
            std::size_t limit = shared_.options.max_body_bytes;
            for (const auto& [limit_path, path_limit] : shared_.options.body_limits) {
                if (path == limit_path) limit = path_limit;
            }
            if (limit > shared_.options.max_body_bytes && !parser_->is_done()) {
                if (shared_.large_bodies.fetch_add(1) >= shared_.options.max_large_bodies) {
                    shared_.large_bodies.fetch_sub(1);
                    spdlog::info("503 too many large bodies at once ip={}", remote_);
                    return SendError(http::status::service_unavailable,
                                     "Trop d’envois de fichiers sont en cours : réessayez dans "
                                     "une minute.\n");
                }
                large_body_.emplace(shared_.large_bodies);
                const auto rate =
                    std::max<std::size_t>(1, shared_.options.min_upload_bytes_per_second);
                body_deadline_ += std::chrono::seconds(limit / rate);
            }
            const auto length = parser_->content_length();
            if (length && *length > limit) {
                spdlog::info("413 body over {} bytes ip={}", limit, remote_);
                return SendError(http::status::payload_too_large,
                                 "Le corps de la requête dépasse la taille autorisée.\n");
            }
            parser_->body_limit(limit);
        }
        if (parser_->is_done()) return Dispatch();
        if (header.version() >= 11 && beast::iequals(header[http::field::expect], "100-continue")) {
            continue_.emplace(http::status::continue_, header.version());
            stream_.expires_after(shared_.options.write_timeout);
            http::async_write(stream_, *continue_,
                              [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                                  if (write_ec) return self->Finish();
                                  self->ReadBody();
                              });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        stream_.expires_after(body_deadline_);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::OnBody, shared_from_this()));
    }

    void OnBody(beast::error_code ec, std::size_t) {
        large_body_.reset();
        if (ec) return OnReadError(ec, true);
        Dispatch();
    }

    void OnReadError(const beast::error_code& ec, bool in_body) {
        if (ec == beast::error::timeout) {
            spdlog::info("{} deadline passed, connection closed ip={}", in_body ? "body" : "header",
                         remote_);
            return Finish();
        }
        if (ec == http::error::header_limit || (ec == http::error::buffer_overflow && !in_body)) {
            spdlog::info("431 headers over {} bytes ip={}", shared_.options.max_header_bytes,
                         remote_);
            return SendError(http::status::request_header_fields_too_large,
                             "Les en-têtes de la requête sont trop volumineux.\n");
        }
        if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
            spdlog::info("413 body over {} bytes ip={}", shared_.options.max_body_bytes, remote_);
            return SendError(http::status::payload_too_large,
                             "Le corps de la requête dépasse la taille autorisée.\n");
        }
        if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
            !IsHttpParseError(ec)) {
            return Finish();  // the client went away, or the network failed
        }
        spdlog::info("400 malformed request ({}) ip={}", ec.message(), remote_);
        SendError(http::status::bad_request, "Requête mal formée.\n");
    }

    void Dispatch() {
        phase_ = Phase::kHandling;
        BeastRequest message = parser_->release();
        keep_alive_ = message.keep_alive();
        version_ = message.version();
        head_ = message.method() == http::verb::head;

        Request request =
            MakeRequest(std::string(message.method_string()), std::string(message.target()));
        request.headers.reserve(
            static_cast<std::size_t>(std::distance(message.begin(), message.end())));
        for (const auto& field : message) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(message.body());
        request.remote_address = remote_;

        BeginInFlight();
        net::post(*shared_.workers, [self = shared_from_this(), request = std::move(request)] {
            Response response = self->RunHandler(request);
            if (response.stream && !IsBodiless(response.status)) {
                return self->RunStream(request, std::move(response));
            }
            response.stream = nullptr;
            auto answer = std::make_shared<BeastResponse>(self->BuildMessage(std::move(response)));
            net::post(self->executor_, [self, answer] { self->Write(std::move(*answer)); });
        });
    }

    static bool IsBodiless(int status) { return status < 200 || status == 204 || status == 304; }

    /// Runs on a worker thread: sends the headers and the producer's chunks, one write at a
    /// time, then lets the strand read the next request (or close).
    void RunStream(const Request& request, Response response) {
        auto header = std::make_shared<http::response<http::empty_body>>();
        const bool chunked = version_ >= 11;
        FillHeader(*header, response);
        if (chunked) {
            header->chunked(true);
        } else {
            // HTTP/1.0: the end of the body is the end of the connection.
            header->keep_alive(false);
        }
        auto self = shared_from_this();
        if (head_) {
            net::post(executor_, [self, header] { self->WriteStreamHeaderOnly(header); });
            return;
        }
        auto state = std::make_shared<StreamState>();
        StreamSink sink(*this, state, header);
        StreamEnd end = StreamEnd::kComplete;
        try {
            response.stream(sink);
            sink.Finish();
        } catch (const ClientGone& e) {
            spdlog::info("streamed answer stopped for {} {}: {} ip={}", request.method,
                         request.path, e.what(), remote_);
            end = StreamEnd::kClientGone;
        } catch (const std::exception& e) {
            spdlog::error("streamed answer failed for {} {}: {}", request.method, request.path,
                          e.what());
            end = sink.Started() ? StreamEnd::kFailedMidway : StreamEnd::kFailedBeforeFirstByte;
        } catch (...) {
            spdlog::error("streamed answer failed for {} {} (non-standard exception)",
                          request.method, request.path);
            end = sink.Started() ? StreamEnd::kFailedMidway : StreamEnd::kFailedBeforeFirstByte;
        }
        sink.WaitIdle();
        std::shared_ptr<BeastResponse> error;
        if (end == StreamEnd::kFailedBeforeFirstByte) {
            auto failure = Response::Text("Erreur interne du serveur.\n", kPlainText, 500);
            for (const auto& [name, value] : response.headers) {
                if (!beast::iequals(name, "content-disposition") &&
                    !beast::iequals(name, "content-encoding") && !beast::iequals(name, "etag"))
                    failure.headers.emplace_back(name, value);
            }
            error = std::make_shared<BeastResponse>(BuildMessage(std::move(failure)));
        }
        net::post(executor_, [self, end, error] {
            if (error) return self->Write(std::move(*error));
            self->OnStreamEnd(end == StreamEnd::kComplete);
        });
    }

    /// The worker side of a streamed answer: buffers up to kStreamChunkBytes, then hands the
    /// chunk to the strand and waits for the previous one to be written (double buffering).
    class StreamSink final : public BodySink {
      public:
        StreamSink(Session& session, std::shared_ptr<StreamState> state,
                   std::shared_ptr<http::response<http::empty_body>> header)
            : session_(session), state_(std::move(state)), header_(std::move(header)) {
            filling_.reserve(kStreamChunkBytes);
        }

        void Write(std::string_view bytes) override {
            if (finished_) throw std::logic_error("BodySink::Write after the end of the body");
            while (!bytes.empty()) {
                const std::size_t room = kStreamChunkBytes - filling_.size();
                const auto piece = bytes.substr(0, room);
                filling_.append(piece);
                bytes.remove_prefix(piece.size());
                if (filling_.size() == kStreamChunkBytes) Send(false);
            }
        }

        /// Sends what is left and the end of the body, and waits until it is written.
        void Finish() {
            finished_ = true;
            Send(true);
            WaitIdle();
            std::lock_guard lock(state_->mutex);
            if (state_->failed) throw ClientGone("the connection closed");
        }

        /// Waits until no write is in progress (or the server halted).
        void WaitIdle() {
            std::unique_lock lock(state_->mutex);
            Wait(lock);
        }

        bool Started() const { return started_; }

      private:
        void Wait(std::unique_lock<std::mutex>& lock) {
            while (state_->pending && !state_->failed) {
                if (session_.shared_.halted.load()) {
                    state_->failed = true;
                    break;
                }
                state_->changed.wait_for(lock, kHaltPoll);
            }
        }

        void Send(bool last) {
            {
                std::unique_lock lock(state_->mutex);
                Wait(lock);
                if (state_->failed) throw ClientGone("the connection closed");
                state_->pending = true;
                std::swap(state_->sending, filling_);
            }
            filling_.clear();
            const bool first = !started_;
            started_ = true;
            net::post(session_.executor_, [self = session_.shared_from_this(), state = state_,
                                           header = first ? header_ : nullptr,
                                           last] { self->WriteStreamPiece(state, header, last); });
        }

        Session& session_;
        std::shared_ptr<StreamState> state_;
        std::shared_ptr<http::response<http::empty_body>> header_;
        std::string filling_;
        bool started_ = false;
        bool finished_ = false;
    };

    /// On the strand: writes the headers first when `header` is given, then the chunk in
    /// `state->sending` (and the last chunk when `last`), each under the write deadline.
    void WriteStreamPiece(const std::shared_ptr<StreamState>& state,
                          const std::shared_ptr<http::response<http::empty_body>>& header,
                          bool last) {
        if (phase_ == Phase::kClosed) return OnStreamPiece(state, net::error::operation_aborted);
        phase_ = Phase::kWriting;
        if (header) {
            stream_header_ = header;
            stream_serializer_.emplace(*stream_header_);
            stream_.expires_after(shared_.options.write_timeout);
            http::async_write_header(
                stream_, *stream_serializer_,
                [self = shared_from_this(), state, last](beast::error_code ec, std::size_t) {
                    if (ec) return self->OnStreamPiece(state, ec);
                    self->WriteStreamBody(state, last);
                });
            return;
        }
        WriteStreamBody(state, last);
    }

    void WriteStreamBody(const std::shared_ptr<StreamState>& state, bool last) {
        auto done = [self = shared_from_this(), state](beast::error_code ec, std::size_t) {
            self->OnStreamPiece(state, ec);
        };
        const auto data = net::buffer(state->sending);
        stream_.expires_after(shared_.options.write_timeout);
        if (!stream_header_->chunked()) {
            net::async_write(stream_, data, std::move(done));
        } else if (!last) {
            net::async_write(stream_, http::make_chunk(data), std::move(done));
        } else if (state->sending.empty()) {
            net::async_write(stream_, http::make_chunk_last(), std::move(done));
        } else {
            net::async_write(stream_,
                             beast::buffers_cat(http::make_chunk(data), http::make_chunk_last()),
                             std::move(done));
        }
    }

    void OnStreamPiece(const std::shared_ptr<StreamState>& state, beast::error_code ec) {
        {
            std::lock_guard lock(state->mutex);
            state->pending = false;
            if (ec) state->failed = true;
        }
        state->changed.notify_all();
    }

    void WriteStreamHeaderOnly(const std::shared_ptr<http::response<http::empty_body>>& header) {
        if (phase_ == Phase::kClosed) return;
        phase_ = Phase::kWriting;
        stream_header_ = header;
        stream_serializer_.emplace(*stream_header_);
        stream_.expires_after(shared_.options.write_timeout);
        http::async_write_header(stream_, *stream_serializer_,
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     self->OnStreamEnd(!ec);
                                 });
    }

    /// On the strand, once a streamed answer is over: the next request, or the end.
    void OnStreamEnd(bool complete) {
        EndInFlight();
        const bool keep_alive = stream_header_ && stream_header_->keep_alive();
        stream_serializer_.reset();
        stream_header_.reset();
        if (!complete || phase_ == Phase::kClosed) return Finish();
        if (!keep_alive || shared_.stopping_flag.load()) return CloseAfterResponse();
        ReadRequest(true);
    }

    /// Runs on a worker thread.
    Response RunHandler(const Request& request) const {
        try {
            return shared_.handler(request);
        } catch (const std::exception& e) {
            spdlog::error("handler threw for {} {}: {}", request.method, request.path, e.what());
        } catch (...) {
            spdlog::error("handler threw a non-standard exception for {} {}", request.method,
                          request.path);
        }
        return Response::Text("Erreur interne du serveur.\n", std::string(kPlainText), 500);
    }

    /// Runs on a worker thread: the status line and header fields of the handler's answer
    /// (not the framing: Content-Length, Transfer-Encoding, Connection). Returns the
    /// Content-Length the handler gave, if any (for HEAD).
    template <class Body>
    std::optional<std::string> FillHeader(http::response<Body>& message,
                                          const Response& response) const {
        message.version(version_);
        const int status = response.status >= 100 && response.status <= 599 ? response.status : 500;
        message.result(static_cast<unsigned>(status));
        message.set(http::field::date, HttpDate());
        std::optional<std::string> head_length;
        for (const auto& [name, value] : response.headers) {
            if (!IsValidFieldName(name) || !IsValidFieldValue(value)) {
                spdlog::warn("dropped an invalid response header field \"{}\"", name);
                continue;
            }
            if (beast::iequals(name, "content-length")) {
                head_length = value;
                continue;
            }
            // Framing and connection management belong to the server.
            if (beast::iequals(name, "connection") || beast::iequals(name, "transfer-encoding"))
                continue;
            message.insert(name, value);
        }
        if (!IsBodiless(status) && !response.content_type.empty()) {
            message.set(http::field::content_type, response.content_type);
        }
        message.keep_alive(keep_alive_ && !shared_.stopping_flag.load());
        return head_length;
    }

    /// Runs on a worker thread: turns the handler's answer into the HTTP message.
    BeastResponse BuildMessage(Response response) const {
        BeastResponse message;
        const auto head_length = FillHeader(message, response);
        const bool bodiless = IsBodiless(static_cast<int>(message.result_int()));
        if (!bodiless && head_) {
            message.set(http::field::content_length,
                        head_length.value_or(std::to_string(response.body.size())));
        } else if (!bodiless) {
            message.body() = std::move(response.body);
            message.prepare_payload();
        }
        message.keep_alive(keep_alive_ && !shared_.stopping_flag.load());
        return message;
    }

    void Write(BeastResponse&& message) {
        if (phase_ == Phase::kClosed) return;
        phase_ = Phase::kWriting;
        response_ = std::move(message);
        stream_.expires_after(shared_.options.write_timeout);
        http::async_write(stream_, *response_,
                          beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
    }

    void OnWrite(beast::error_code ec, std::size_t) {
        EndInFlight();
        if (ec) return Finish();
        const bool keep_alive = response_->keep_alive();
        response_.reset();
        if (!keep_alive || shared_.stopping_flag.load()) return CloseAfterResponse();
        ReadRequest(true);
    }

    /// Answers a request the server refused before any handler saw it, then closes.
    void SendError(http::status status, std::string_view text) {
        const unsigned version = parser_ && parser_->get().version() == 10 ? 10 : 11;
        BeastResponse message{status, version};
        message.set(http::field::date, HttpDate());
        message.set(http::field::content_type, kPlainText);
        message.set("X-Content-Type-Options", "nosniff");
        message.set("Content-Security-Policy", "default-src 'none'");
        if (status == http::status::service_unavailable)
            message.set(http::field::retry_after, "60");
        message.body() = std::string(text);
        message.prepare_payload();
        message.keep_alive(false);
        Write(std::move(message));
    }

    void CloseAfterResponse() {
        phase_ = Phase::kClosing;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return Finish();
        buffer_.clear();
        lingered_bytes_ = 0;
        stream_.expires_after(kLingerTimeout);
        Drain();
    }

    void Drain() {
        stream_.async_read_some(
            buffer_.prepare(kDrainReadBytes),
            [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                self->lingered_bytes_ += bytes;
                if (ec || self->lingered_bytes_ > kMaxLingerBytes) {
                    return self->Finish();
                }
                self->Drain();
            });
    }

    void Finish() {
        phase_ = Phase::kClosed;
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.close();
    }

    void BeginInFlight() {
        std::lock_guard lock(shared_.mutex);
        ++shared_.in_flight;
        counted_ = true;
    }

    void EndInFlight() {
        if (!counted_) return;
        counted_ = false;
        std::lock_guard lock(shared_.mutex);
        --shared_.in_flight;
        shared_.changed.notify_all();
    }

    beast::tcp_stream stream_;
    const net::any_io_executor executor_;
    Shared& shared_;
    std::string remote_;
    std::chrono::milliseconds body_deadline_{0};  ///< of the request being read
    std::optional<LargeBodySlot> large_body_;     ///< while a large body is read
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::empty_body>> continue_;
    std::optional<BeastResponse> response_;
    std::shared_ptr<http::response<http::empty_body>> stream_header_;
    std::optional<http::response_serializer<http::empty_body>> stream_serializer_;
    Phase phase_ = Phase::kReading;
    bool keep_alive_ = false;
    bool head_ = false;
    bool counted_ = false;
    unsigned version_ = 11;
    std::size_t lingered_bytes_ = 0;
};

}  // namespace

struct HttpServer::Impl {
    Impl(ServerOptions options, Handler handler) {
        shared.options = std::move(options);
        shared.handler = std::move(handler);
    }

    void Accept() {
        if (!acceptor->is_open()) return;
        acceptor->async_accept(
            net::make_strand(*io),
            [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
    }

    void OnAccept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (ec) {
            // Typically out of file descriptors: wait a little rather than spin.
            spdlog::warn("accept failed: {}", ec.message());
            retry_timer->expires_after(kAcceptRetryDelay);
            retry_timer->async_wait([this](beast::error_code wait_ec) {
                if (!wait_ec) Accept();
            });
            return;
        }
        beast::error_code option_ec;
        socket.set_option(tcp::no_delay(true), option_ec);
        auto session = std::make_shared<Session>(std::move(socket), shared);
        bool accepted = false;
        {
            std::lock_guard lock(shared.mutex);
            accepted = !shared.stopping;
            if (accepted) shared.sessions.emplace(session.get(), session);
        }
        if (accepted) session->Start();
        Accept();
    }

    void RunIo() {
        while (true) {
            try {
                io->run();
                return;
            } catch (const std::exception& e) {
                spdlog::error("I/O thread: {}", e.what());
            }
        }
    }

    // Declaration order matters: `shared` outlives the io_context, whose destruction destroys
    // the sessions still referenced by pending operations.
    Shared shared;
    std::unique_ptr<net::io_context> io;
    /// Keeps the I/O threads running while no operation is pending (a connection whose request
    /// is in the worker pool has none), until Stop() has let requests in flight finish.
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<net::steady_timer> retry_timer;
    std::vector<std::thread> threads;
    std::mutex lifecycle;
    unsigned short port = 0;
    bool started = false;
    bool stopped = false;
};

HttpServer::HttpServer(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Start() {
    std::lock_guard lifecycle(impl_->lifecycle);
    if (impl_->started) throw std::logic_error("HttpServer::Start called twice");
    const auto& options = impl_->shared.options;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int io_threads = options.io_threads > 0 ? options.io_threads : cores;
    const int workers = options.workers > 0 ? options.workers : 2 * cores;

    impl_->io = std::make_unique<net::io_context>(io_threads);
    impl_->work.emplace(impl_->io->get_executor());
    impl_->acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*impl_->io));
    const tcp::endpoint endpoint{net::ip::make_address(options.address), options.port};
    impl_->acceptor->open(endpoint.protocol());
    impl_->acceptor->set_option(net::socket_base::reuse_address(true));
    impl_->acceptor->bind(endpoint);
    impl_->acceptor->listen(net::socket_base::max_listen_connections);
    impl_->port = impl_->acceptor->local_endpoint().port();
    impl_->retry_timer = std::make_unique<net::steady_timer>(impl_->acceptor->get_executor());
    impl_->shared.workers = std::make_unique<net::thread_pool>(static_cast<std::size_t>(workers));

    impl_->Accept();
    for (int i = 0; i < io_threads; ++i) impl_->threads.emplace_back([this] { impl_->RunIo(); });
    impl_->started = true;
}

unsigned short HttpServer::Port() const { return impl_->port; }

void HttpServer::Stop() {
    std::lock_guard lifecycle(impl_->lifecycle);
    if (!impl_->started || impl_->stopped) return;
    impl_->stopped = true;
    auto& shared = impl_->shared;

    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(shared.mutex);
        shared.stopping = true;
        shared.stopping_flag.store(true);
        for (const auto& [key, weak] : shared.sessions) {
            if (auto session = weak.lock()) live.push_back(std::move(session));
        }
        shared.pending_notices = static_cast<int>(live.size());
    }
    net::post(impl_->acceptor->get_executor(), [impl = impl_.get()] {
        beast::error_code ec;
        impl->acceptor->close(ec);
        impl->retry_timer->cancel();
    });
    for (auto& session : live) {
        net::post(session->executor(), [session, &shared] {
            session->OnServerStop();
            std::lock_guard lock(shared.mutex);
            --shared.pending_notices;
            shared.changed.notify_all();
        });
    }
    live.clear();

    {
        std::unique_lock lock(shared.mutex);
        const bool drained = shared.changed.wait_for(lock, shared.options.shutdown_grace, [&] {
            return shared.pending_notices == 0 && shared.in_flight == 0;
        });
        if (!drained) {
            spdlog::warn("stopping with {} request(s) still in flight after the grace period",
                         shared.in_flight);
        }
    }
    impl_->work.reset();
    impl_->io->stop();
    for (auto& thread : impl_->threads) thread.join();
    impl_->threads.clear();
    // Producers waiting for a write that will never complete give up.
    shared.halted.store(true);
    // Handlers still running finish here; their answers go to a stopped io_context and are
    // dropped with it.
    shared.workers->join();
    impl_->retry_timer.reset();
    impl_->acceptor.reset();
    impl_->io.reset();
}

void HttpServer::RunUntilSignal() {
    net::io_context signal_context;
    net::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([](const beast::error_code& ec, int signal) {
        if (!ec) spdlog::info("signal {} received, stopping", signal);
    });
    signal_context.run();
    Stop();
}

}  // namespace cncd::web
