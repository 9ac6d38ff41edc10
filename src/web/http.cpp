#include "web/http.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace cncd::web {

namespace {

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsUnreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

constexpr std::string_view kApiPrefix = "/api/";
constexpr std::string_view kJsonContentType = "application/json";

}  // namespace

const std::string& Request::Param(const std::string& name) const {
    static const std::string kEmpty;
    const auto it = params.find(name);
    return it == params.end() ? kEmpty : it->second;
}

std::optional<std::string> Request::Query(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> Request::QueryAll(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : query) {
        if (key == name) values.push_back(value);
    }
    return values;
}

std::optional<std::string> Request::Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (EqualsIgnoreCase(key, name)) return value;
    }
    return std::nullopt;
}

bool Request::IsApi() const {
    return path.starts_with(kApiPrefix) || path == kApiPrefix.substr(0, kApiPrefix.size() - 1);
}

Response Response::Html(std::string body, int status) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

Response Response::Json(const nlohmann::json& value, int status) {
    Response response;
    response.status = status;
    response.content_type = kJsonContentType;
    // Invalid UTF-8 coming from user input must not turn a JSON answer into an exception.
    response.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Text(std::string body, std::string content_type, int status) {
    Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

Response Response::Stream(std::string content_type, BodyProducer producer, int status) {
    Response response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.stream = std::move(producer);
    return response;
}

Response Response::Redirect(std::string location, int status) {
    Response response;
    response.status = status;
    response.content_type.clear();
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

void Response::SetHeader(std::string name, std::string value) {
    std::erase_if(headers, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
    headers.emplace_back(std::move(name), std::move(value));
}

Response Buffered(Response response) {
    if (!response.stream) return response;
    class StringSink final : public BodySink {
      public:
        explicit StringSink(std::string& out) : out_(out) {}
        void Write(std::string_view bytes) override { out_.append(bytes); }

      private:
        std::string& out_;
    };
    StringSink sink(response.body);
    auto producer = std::move(response.stream);
    response.stream = nullptr;
    producer(sink);
    return response;
}

std::string PercentDecode(std::string_view in, bool plus_is_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '+' && plus_is_space) {
            out.push_back(' ');
            continue;
        }
        if (c == '%' && i + 2 < in.size()) {
            const int high = HexValue(in[i + 1]);
            const int low = HexValue(in[i + 2]);
            if (high >= 0 && low >= 0) {
                out.push_back(static_cast<char>(high * 16 + low));
                i += 2;
                continue;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::string PercentEncode(std::string_view in) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (const char c : in) {
        if (IsUnreserved(c)) {
            out.push_back(c);
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out.push_back('%');
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0x0F]);
    }
    return out;
}

Fields ParseQueryString(std::string_view query) {
    Fields fields;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        const auto eq = piece.find('=');
        if (eq == std::string_view::npos) {
            fields.emplace_back(PercentDecode(piece, true), std::string{});
            continue;
        }
        fields.emplace_back(PercentDecode(piece.substr(0, eq), true),
                            PercentDecode(piece.substr(eq + 1), true));
    }
    return fields;
}

TargetParts SplitTarget(std::string_view target) {
    // Absolute form (RFC 9112 §3.2.2): drop "scheme://authority".
    if (const auto scheme = target.find("://");
        scheme != std::string_view::npos && target.find_first_of("/?") > scheme) {
        const auto path_start = target.find_first_of("/?", scheme + 3);
        target = path_start == std::string_view::npos ? std::string_view{"/"}
                                                      : target.substr(path_start);
    }
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {target, {}};
    return {target.substr(0, question), target.substr(question + 1)};
}

Request MakeRequest(std::string method, std::string target) {
    Request request;
    request.method = std::move(method);
    request.target = std::move(target);
    const auto parts = SplitTarget(request.target);
    request.path = PercentDecode(parts.path, false);
    if (request.path.empty()) request.path = "/";
    request.query = ParseQueryString(parts.query);
    return request;
}

}  // namespace cncd::web
