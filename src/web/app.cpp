#include "web/app.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <random>
#include <shared_mutex>
#include <sstream>
#include <unordered_map>

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

bool HasHeader(const Response& response, std::string_view name) {
    return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& field) {
        return std::equal(
            field.first.begin(), field.first.end(), name.begin(), name.end(),
            [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
    });
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

struct CachedFile {
    std::string body;
    std::string etag;
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

        response.SetHeader("X-Request-Id", request.request_id);
        SetIfAbsent(response, "Content-Security-Policy", kContentSecurityPolicy);
        SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
        SetIfAbsent(response, "Referrer-Policy", kReferrerPolicy);
        SetIfAbsent(response, "X-Frame-Options", "DENY");
        SetIfAbsent(response, "Permissions-Policy", kPermissionsPolicy);

        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        // The raw (still encoded) path is safe to log: the HTTP parser refuses control characters
        // in a target. The query is left out: it may carry personal data or one-time tokens.
        spdlog::info("{} {} {} {}B {:.1f}ms id={} ip={}", request.method,
                     SplitTarget(request.target).path.substr(0, kMaxLoggedPathLength),
                     response.status, response.body.size(), elapsed.count(), request.request_id,
                     request.remote_address);
        return response;
    }

  private:
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
        response.headers.emplace_back("ETag", file->etag);
        response.headers.emplace_back("Cache-Control", mount.cache_control);
        if (const auto tags = request.Header("if-none-match");
            tags && MatchesIfNoneMatch(*tags, file->etag)) {
            response.status = 304;
            response.content_type.clear();
            return response;
        }
        response.content_type = file->content_type;
        response.body = file->body;
        return response;
    }

    const Router& router_;
    const Templates& templates_;
    StaticFiles static_files_;
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
