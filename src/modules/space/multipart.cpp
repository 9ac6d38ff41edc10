#include "modules/space/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace cncd::space {

namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// The value of parameter `key` in a header value ('form-data; name="file"; filename="a.pdf"').
std::optional<std::string> HeaderParam(std::string_view value, std::string_view key) {
    std::size_t at = 0;
    while (at < value.size()) {
        const auto semi = value.find(';', at);
        if (semi == std::string_view::npos) break;
        at = semi + 1;
        auto rest = Trim(value.substr(at));
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos) break;
        if (Lower(Trim(rest.substr(0, eq))) != key) continue;
        rest = rest.substr(eq + 1);
        if (!rest.empty() && rest.front() == '"') {
            std::string out;
            for (std::size_t i = 1; i < rest.size(); ++i) {
                if (rest[i] == '\\' && i + 1 < rest.size()) {
                    out += rest[++i];
                } else if (rest[i] == '"') {
                    return out;
                } else {
                    out += rest[i];
                }
            }
            return std::nullopt;
        }
        const auto end = rest.find(';');
        return std::string(Trim(rest.substr(0, end)));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                                    std::string_view body, std::size_t max_parts) {
    if (!Lower(content_type).starts_with("multipart/form-data")) return std::nullopt;
    auto boundary = HeaderParam(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
    const std::string delimiter = "--" + *boundary;
    std::vector<FormPart> parts;
    if (!body.starts_with(delimiter)) return std::nullopt;
    std::size_t at = delimiter.size();
    while (true) {
        if (body.substr(at, 2) == "--") return parts;  // closing delimiter
        if (body.substr(at, 2) != "\r\n") return std::nullopt;
        at += 2;
        const auto headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) return std::nullopt;
        FormPart part;
        bool has_disposition = false;
        std::string_view headers = body.substr(at, headers_end - at);
        while (!headers.empty()) {
            const auto eol = headers.find("\r\n");
            const auto line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            const auto name = Lower(Trim(line.substr(0, colon)));
            const auto value = Trim(line.substr(colon + 1));
            if (name == "content-disposition") {
                if (!Lower(value).starts_with("form-data")) return std::nullopt;
                has_disposition = true;
                part.name = HeaderParam(value, "name").value_or("");
                part.filename = HeaderParam(value, "filename");
            } else if (name == "content-type") {
                part.content_type = std::string(value);
            }
        }
        if (!has_disposition) return std::nullopt;
        const std::size_t content_start = headers_end + 4;
        const auto next = body.find("\r\n" + delimiter, content_start);
        if (next == std::string_view::npos) return std::nullopt;
        part.content = std::string(body.substr(content_start, next - content_start));
        parts.push_back(std::move(part));
        if (parts.size() > max_parts) return std::nullopt;
        at = next + 2 + delimiter.size();
    }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
    const auto it =
        std::find_if(parts.begin(), parts.end(), [&](const FormPart& p) { return p.name == name; });
    return it == parts.end() ? nullptr : &*it;
}

std::string BaseName(std::string_view filename) {
    const auto slash = filename.find_last_of("/\\");
    return std::string(slash == std::string_view::npos ? filename : filename.substr(slash + 1));
}

}  // namespace cncd::space
