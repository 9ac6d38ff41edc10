#include "web/app.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <shared_mutex>
#include <sstream>
#include <unordered_map>

#include "web/compression.hpp"
#include "web/errors.hpp"

namespace cncd::web {

namespace {

constexpr std::string_view kPermissionsPolicy =
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()";
constexpr std::string_view kReferrerPolicy = "strict-origin-when-cross-origin";
constexpr std::string_view kLongCache = "public, max-age=2592000";  // 30 days
constexpr std::string_view kShortCache = "public, max-age=300";     // 5 minutes
constexpr std::string_view kVendorPrefix = "/vendor/";
constexpr std::size_t kMaxRequestIdLength = 64;
constexpr std::size_t kMaxLoggedPathLength = 256;
constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

struct ContentType {
    std::string_view extension;
    std::string_view type;
};

constexpr std::array kContentTypes{
    ContentType{".css", "text/css; charset=utf-8"},
    ContentType{".js", "text/javascript; charset=utf-8"},
    ContentType{".mjs", "text/javascript; charset=utf-8"},
    ContentType{".json", "application/json"},
    ContentType{".map", "application/json"},
    ContentType{".svg", "image/svg+xml"},
    ContentType{".png", "image/png"},
    ContentType{".jpg", "image/jpeg"},
    ContentType{".jpeg", "image/jpeg"},
    ContentType{".gif", "image/gif"},
    ContentType{".webp", "image/webp"},
    ContentType{".ico", "image/x-icon"},
    ContentType{".woff", "font/woff"},
    ContentType{".woff2", "font/woff2"},
    ContentType{".webmanifest", "application/manifest+json"},
    ContentType{".txt", "text/plain; charset=utf-8"},
    ContentType{".yaml", "application/yaml"},
};

std::string_view ContentTypeOf(const std::filesystem::path& path) {
    auto extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& entry : kContentTypes) {
        if (entry.extension == extension) return entry.type;
    }
    return "application/octet-stream";
}

bool IsSaneRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

std::string NewRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    id.reserve(32);
    for (int word = 0; word < 2; ++word) {
        auto bits = generator();
        for (int i = 0; i < 16; ++i, bits >>= 4) id.push_back(kHex[bits & 0xF]);
    }
    return id;
}

bool SameName(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
        return std::tolower(x) == std::tolower(y);
    });
}

bool HasHeader(const Response& response, std::string_view name) {
    return std::any_of(response.headers.begin(), response.headers.end(),
                       [&](const auto& field) { return SameName(field.first, name); });
}

void SetIfAbsent(Response& response, std::string_view name, std::string_view value) {
    if (!HasHeader(response, name)) response.headers.emplace_back(name, value);
}

/// Content hash for the ETag (FNV-1a, 64 bits): changes whenever the bytes do.
std::string ContentTag(std::string_view bytes) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    std::ostringstream tag;
    tag << '"' << std::hex << hash << '-' << bytes.size() << '"';
    return tag.str();
}

/// True when If-None-Match lists `etag` (weak comparison, RFC 9110 §13.1.2) or is "*".
bool MatchesIfNoneMatch(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        auto candidate = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        const auto first = candidate.find_first_not_of(" \t");
        if (first == std::string_view::npos) continue;
        candidate = candidate.substr(first, candidate.find_last_not_of(" \t") - first + 1);
        if (candidate == "*") return true;
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate == etag) return true;
    }
    return false;
}

/// True when every segment of a path relative to a mount is an ordinary file name: no ".",
/// "..", hidden names, empty segments, backslashes or NUL bytes.
bool IsSafeRelativePath(std::string_view relative) {
    if (relative.empty()) return false;
    while (true) {
        const auto slash = relative.find('/');
        const auto segment = relative.substr(0, slash);
        if (segment.empty() || segment.front() == '.') return false;
        if (segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos)
            return false;
        if (slash == std::string_view::npos) return true;
        relative.remove_prefix(slash + 1);
    }
}

bool IsWithin(const std::filesystem::path& path, const std::filesystem::path& root) {
    const auto [root_end, path_end] =
        std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end();
}

/// The ETag of the gzip variant of a representation whose ETag is `etag`: "abc-12" → "abc-12-gzip".
std::string GzipTag(std::string_view etag) {
    std::string tag(etag);
    if (tag.size() >= 2 && tag.back() == '"') {
        tag.insert(tag.size() - 1, "-gzip");
    } else {
        tag += "-gzip";
    }
    return tag;
}

/// Adds Accept-Encoding to the Vary field (created when absent).
void AddVaryAcceptEncoding(Response& response) {
    for (auto& [name, value] : response.headers) {
        if (!SameName(name, "Vary")) continue;
        if (value.find("Accept-Encoding") == std::string::npos && value != "*")
            value += ", Accept-Encoding";
        return;
    }
    response.headers.emplace_back("Vary", "Accept-Encoding");
}

bool ClientAcceptsGzip(const Request& request) {
    const auto accept = request.Header("accept-encoding");
    return accept && AcceptsGzip(*accept);
}

/// Bodies from this size are looked up in the GzipCache (hashing is ~20 times faster than
/// deflating); smaller ones are compressed each time.
constexpr std::size_t kMinCachedGzipBytes = 64 * 1024;
/// Original plus compressed bytes kept, at most; the cache is emptied when full.
constexpr std::size_t kMaxGzipCacheBytes = 32 * 1024 * 1024;

/// The gzip of large bodies that come back identical (a cached map answer of 700 KB takes
/// 10 ms to compress, more under load): keyed by content, checked byte for byte on a hit.
class GzipCache {
  public:
    std::string Compress(std::string_view body) {
        if (body.size() < kMinCachedGzipBytes) return GzipCompress(body);
        const std::size_t key = std::hash<std::string_view>{}(body);
        {
            std::shared_lock lock(mutex_);
            const auto it = entries_.find(key);
            if (it != entries_.end() && it->second->original == body) return it->second->gzip;
        }
        auto entry = std::make_shared<Entry>(Entry{std::string(body), GzipCompress(body)});
        std::string gzip = entry->gzip;
        const std::size_t size = entry->original.size() + entry->gzip.size();
        if (size > kMaxGzipCacheBytes / 4) return gzip;
        std::unique_lock lock(mutex_);
        if (bytes_ + size > kMaxGzipCacheBytes) {
            entries_.clear();
            bytes_ = 0;
        }
        if (auto& slot = entries_[key]; !slot) {
            slot = std::move(entry);
            bytes_ += size;
        }
        return gzip;
    }

  private:
    struct Entry {
        std::string original;
        std::string gzip;
    };
    std::shared_mutex mutex_;
    std::unordered_map<std::size_t, std::shared_ptr<const Entry>> entries_;
    std::size_t bytes_ = 0;
};

/// Gzips a handler's answer when the client accepts it (see compression.hpp): a buffered body
/// of kMinGzipBytes or more at once, a streamed one chunk by chunk.
void NegotiateCompression(const Request& request, Response& response, GzipCache& cache) {
    if (response.status < 200 || response.status == 204 || response.status == 304) return;
    if (HasHeader(response, "Content-Encoding") || !IsCompressible(response.content_type)) return;
    AddVaryAcceptEncoding(response);
    if (!ClientAcceptsGzip(request)) return;
    if (response.stream) {
        response.stream = [inner = std::move(response.stream)](BodySink& sink) {
            GzipSink gzip(sink);
            inner(gzip);
            gzip.Finish();
        };
    } else if (response.body.size() >= kMinGzipBytes) {
        response.body = cache.Compress(response.body);
    } else {
        return;
    }
    response.headers.emplace_back("Content-Encoding", "gzip");
    for (auto& [name, value] : response.headers) {
        if (SameName(name, "ETag")) value = GzipTag(value);
    }
}

/// Counts the bytes of a streamed body on their way to the server's sink (access log).
class CountingSink final : public BodySink {
  public:
    explicit CountingSink(BodySink& out) : out_(out) {}
    void Write(std::string_view bytes) override {
        out_.Write(bytes);
        bytes_ += bytes.size();
    }
    std::size_t bytes() const { return bytes_; }

  private:
    BodySink& out_;
    std::size_t bytes_ = 0;
};

struct CachedFile {
    std::string body;
    std::string etag;
    std::string gzip_body;  ///< empty when not worth it (small, incompressible type)
    std::string gzip_etag;
    std::string_view content_type;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
};

class StaticFiles {
  public:
    struct Mount {
        std::string prefix;
        std::filesystem::path root;  ///< canonical directory
        std::string cache_control;
    };

    explicit StaticFiles(std::vector<StaticMount> mounts) {
        for (auto& mount : mounts) {
            std::error_code error;
            auto root = std::filesystem::weakly_canonical(mount.directory, error);
            if (error) root = std::filesystem::absolute(mount.directory);
            std::string cache_control = mount.cache_control;
            if (cache_control.empty()) {
                cache_control =
                    mount.url_prefix.starts_with(kVendorPrefix) ? kLongCache : kShortCache;
            }
            mounts_.push_back(
                {std::move(mount.url_prefix), std::move(root), std::move(cache_control)});
        }
    }

    const Mount* Find(std::string_view path) const {
        for (const auto& mount : mounts_) {
            if (path.starts_with(mount.prefix)) return &mount;
        }
        return nullptr;
    }

    /// The file for a request path under `mount`, or nullptr when there is none to serve.
    std::shared_ptr<const CachedFile> Load(const Mount& mount, std::string_view path) const {
        const auto relative = path.substr(mount.prefix.size());
        if (!IsSafeRelativePath(relative)) return nullptr;
        std::error_code error;
        const auto file = std::filesystem::canonical(mount.root / relative, error);
        if (error || !IsWithin(file, mount.root)) return nullptr;
        struct stat info {};
        if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return nullptr;
        const std::int64_t mtime_ns =
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
        const auto size = static_cast<std::int64_t>(info.st_size);

        const auto key = file.string();
        {
            std::shared_lock lock(mutex_);
            const auto it = cache_.find(key);
            if (it != cache_.end() && it->second->size == size &&
                it->second->mtime_ns == mtime_ns) {
                return it->second;
            }
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) return nullptr;
        auto loaded = std::make_shared<CachedFile>();
        std::ostringstream bytes;
        bytes << in.rdbuf();
        loaded->body = std::move(bytes).str();
        loaded->etag = ContentTag(loaded->body);
        loaded->content_type = ContentTypeOf(file);
        if (loaded->body.size() >= kMinGzipBytes && IsCompressible(loaded->content_type)) {
            auto gzip = GzipCompress(loaded->body, kStaticGzipLevel);
            if (gzip.size() < loaded->body.size()) {
                loaded->gzip_body = std::move(gzip);
                loaded->gzip_etag = GzipTag(loaded->etag);
            }
        }
        loaded->size = size;
        loaded->mtime_ns = mtime_ns;
        std::unique_lock lock(mutex_);
        cache_[key] = loaded;
        return loaded;
    }

  private:
    std::vector<Mount> mounts_;
    mutable std::shared_mutex mutex_;
    /// Keyed by canonical file path: bounded by the number of files in the mounts.
    mutable std::unordered_map<std::string, std::shared_ptr<const CachedFile>> cache_;
};

class App {
  public:
    App(const Router& router, const Templates& templates, std::vector<StaticMount> mounts,
        Middleware middleware)
        : router_(router),
          templates_(templates),
          static_files_(std::move(mounts)),
          middleware_(std::move(middleware)) {}

    Response Handle(const Request& incoming) const {
        const auto start = std::chrono::steady_clock::now();
        Request request = incoming;
        const auto given_id = incoming.Header("x-request-id");
        request.request_id = given_id && IsSaneRequestId(*given_id) ? *given_id : NewRequestId();

        Response response = HandleSafely(request);
        // Static files come with their gzip variant already chosen.
        if (!static_files_.Find(request.path)) NegotiateCompression(request, response, gzip_cache_);

        response.SetHeader("X-Request-Id", request.request_id);
        SetIfAbsent(response, "Content-Security-Policy", kContentSecurityPolicy);
        SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
        SetIfAbsent(response, "Referrer-Policy", kReferrerPolicy);
        SetIfAbsent(response, "X-Frame-Options", "DENY");
        SetIfAbsent(response, "Permissions-Policy", kPermissionsPolicy);

        if (!response.stream || request.method == "HEAD") {
            // The server never runs the producer of a HEAD answer.
            LogAccess(request, response.status, response.body.size(), start, {});
            return response;
        }
        // A streamed answer is logged once written, with the bytes sent.
        response.stream = [inner = std::move(response.stream), status = response.status,
                           method = request.method, target = request.target,
                           id = request.request_id, ip = request.remote_address,
                           start](BodySink& sink) {
            CountingSink counting(sink);
            Request logged;
            logged.method = method;
            logged.target = target;
            logged.request_id = id;
            logged.remote_address = ip;
            try {
                inner(counting);
            } catch (const ClientGone&) {
                LogAccess(logged, status, counting.bytes(), start, " aborted");
                throw;
            } catch (...) {
                LogAccess(logged, status, counting.bytes(), start, " failed");
                throw;
            }
            LogAccess(logged, status, counting.bytes(), start, " streamed");
        };
        return response;
    }

  private:
    static void LogAccess(const Request& request, int status, std::size_t bytes,
                          std::chrono::steady_clock::time_point start, std::string_view outcome) {
        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        // The raw (still encoded) path is safe to log: the HTTP parser refuses control characters
        // in a target. The query is left out: it may carry personal data or one-time tokens.
        spdlog::info("{} {} {} {}B{} {:.1f}ms id={} ip={}", request.method,
                     SplitTarget(request.target).path.substr(0, kMaxLoggedPathLength), status,
                     bytes, outcome, elapsed.count(), request.request_id, request.remote_address);
    }

    Response HandleSafely(Request& request) const {
        try {
            return Route(request);
        } catch (const std::exception& e) {
            spdlog::error("unhandled exception id={} {} {}: {}", request.request_id, request.method,
                          request.path, e.what());
        } catch (...) {
            spdlog::error("unhandled non-standard exception id={} {} {}", request.request_id,
                          request.method, request.path);
        }
        return InternalError(request);
    }

    Response InternalError(const Request& request) const {
        try {
            return ErrorResponse(request, Error{ErrorCode::kInternal, {}, {}}, templates_);
        } catch (const std::exception& e) {
            spdlog::error("error page failed id={}: {}", request.request_id, e.what());
        }
        return Response::Text("Erreur interne du serveur.\n", std::string(kPlainText), 500);
    }

    Response Route(Request& request) const {
        if (const auto* mount = static_files_.Find(request.path))
            return ServeStatic(request, *mount);
        if (middleware_) {
            return middleware_(request, [this](Request& r) { return Dispatch(r); });
        }
        return Dispatch(request);
    }

    Response Dispatch(Request& request) const {
        return router_.Dispatch(request, [this](const Request& r, int status, const std::string&) {
            if (status == 404)
                return ErrorResponse(r, Error{ErrorCode::kNotFound, {}, {}}, templates_);
            return ErrorResponse(r, status, "method_not_allowed",
                                 "Cette méthode n’est pas autorisée pour cette adresse.",
                                 templates_);
        });
    }

    Response ServeStatic(const Request& request, const StaticFiles::Mount& mount) const {
        if (request.method != "GET" && request.method != "HEAD") {
            auto response =
                ErrorResponse(request, 405, "method_not_allowed",
                              "Cette méthode n’est pas autorisée pour cette adresse.", templates_);
            response.SetHeader("Allow", "GET, HEAD");
            return response;
        }
        const auto file = static_files_.Load(mount, request.path);
        if (!file) return ErrorResponse(request, Error{ErrorCode::kNotFound, {}, {}}, templates_);

        Response response;
        const bool gzip = !file->gzip_body.empty() && ClientAcceptsGzip(request);
        const std::string& etag = gzip ? file->gzip_etag : file->etag;
        response.headers.emplace_back("ETag", etag);
        response.headers.emplace_back("Cache-Control", mount.cache_control);
        if (!file->gzip_body.empty()) response.headers.emplace_back("Vary", "Accept-Encoding");
        if (const auto tags = request.Header("if-none-match");
            tags && MatchesIfNoneMatch(*tags, etag)) {
            response.status = 304;
            response.content_type.clear();
            return response;
        }
        response.content_type = file->content_type;
        if (gzip) {
            response.headers.emplace_back("Content-Encoding", "gzip");
            response.body = file->gzip_body;
        } else {
            response.body = file->body;
        }
        return response;
    }

    const Router& router_;
    const Templates& templates_;
    StaticFiles static_files_;
    mutable GzipCache gzip_cache_;
    Middleware middleware_;
};

}  // namespace

Handler BuildApp(const Router& router, const Templates& templates, std::vector<StaticMount> mounts,
                 Middleware middleware) {
    auto app =
        std::make_shared<const App>(router, templates, std::move(mounts), std::move(middleware));
    return [app](const Request& request) { return app->Handle(request); };
}

}  // namespace cncd::web
