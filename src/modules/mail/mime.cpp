#include "modules/mail/mime.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>

#include "core/text.hpp"

namespace cncd::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxHeaderLine = 78;
constexpr std::size_t kMaxQpLine = 76;
constexpr std::size_t kBase64Line = 76;
// "=?UTF-8?B?" + "?=": what an encoded-word adds around its base64 text.
constexpr std::size_t kEncodedWordOverhead = 12;
constexpr std::string_view kHex = "0123456789ABCDEF";
constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsAtext(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 'a' && u <= 'z') return true;
    if (u >= 'A' && u <= 'Z') return true;
    if (u >= '0' && u <= '9') return true;
    return std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool IsDomainChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-';
}

bool IsDotAtom(std::string_view s, bool (*allowed)(char)) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    char previous = 0;
    for (char c : s) {
        if (c == '.') {
            if (previous == '.') return false;
        } else if (!allowed(c)) {
            return false;
        }
        previous = c;
    }
    return true;
}

bool IsPrintableAscii(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7e) return false;
    }
    return true;
}

std::string Trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

std::string Base64(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                                (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                                static_cast<unsigned char>(bytes[i + 2]);
        out += kBase64Alphabet[(n >> 18) & 63];
        out += kBase64Alphabet[(n >> 12) & 63];
        out += kBase64Alphabet[(n >> 6) & 63];
        out += kBase64Alphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) return out;
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
    return out;
}

// The length of the UTF-8 sequence starting with `lead` (1 for a stray byte, so that
// progress is always made; input is validated before).
std::size_t Utf8Length(unsigned char lead) {
    if (lead >= 0xf0) return 4;
    if (lead >= 0xe0) return 3;
    if (lead >= 0xc0) return 2;
    return 1;
}

// A quoted string for a display name in printable ASCII ("Jean \"JJ\" Dupont").
std::string Quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string FormatMailbox(const Mailbox& m, std::size_t header_name_bytes) {
    if (m.name.empty()) return m.address;
    if (IsPrintableAscii(m.name) &&
        header_name_bytes + 2 + m.name.size() + m.address.size() + 5 <= kMaxHeaderLine) {
        return Quoted(m.name) + " <" + m.address + ">";
    }
    return EncodeHeaderText(m.name, header_name_bytes) + "\r\n <" + m.address + ">";
}

// "To: a@x, b@y" folded after commas so lines stay within 78 columns when addresses allow.
std::string AddressList(std::string_view name, const std::vector<std::string>& addresses) {
    std::string out(name);
    out += ":";
    std::size_t line = out.size();
    for (std::size_t i = 0; i < addresses.size(); ++i) {
        const std::string& a = addresses[i];
        const std::size_t needed = 1 + a.size() + (i + 1 < addresses.size() ? 1 : 0);
        if (i > 0 && line + needed > kMaxHeaderLine) {
            out += kCrlf;
            line = 0;
        }
        out += ' ';
        out += a;
        if (i + 1 < addresses.size()) out += ',';
        line += needed;
    }
    out += kCrlf;
    return out;
}

bool IsSafeParameterValue(std::string_view s) {
    for (char c : s) {
        if (!IsAtext(c) && c != '.' && c != ' ' && c != '(' && c != ')' && c != ',') return false;
    }
    return !s.empty();
}

// A Content-Type / Content-Disposition parameter: name="value" when the value is plain ASCII
// and short, otherwise RFC 2231 continuations in UTF-8 (name*0*=UTF-8''…; name*1*=…), each on
// its own folded line.
std::string Parameter(std::string_view name, std::string_view value) {
    constexpr std::size_t kPlainMax = 60;
    constexpr std::size_t kSegment = 54;
    if (value.size() <= kPlainMax && IsSafeParameterValue(value)) {
        return ";\r\n " + std::string(name) + "=" + Quoted(value);
    }
    std::string encoded;
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (IsAtext(c) && c != '*' && c != '\'' && c != '%') {
            encoded += c;
        } else if (c == '.') {
            encoded += c;
        } else {
            encoded += '%';
            encoded += kHex[u >> 4];
            encoded += kHex[u & 15];
        }
    }
    std::string out;
    std::size_t index = 0;
    std::size_t pos = 0;
    while (pos < encoded.size()) {
        std::size_t end = std::min(encoded.size(), pos + kSegment);
        // Never cut a %XX escape.
        if (end < encoded.size()) {
            if (encoded[end - 1] == '%')
                end -= 1;
            else if (end >= 2 && encoded[end - 2] == '%')
                end -= 2;
        }
        out += ";\r\n " + std::string(name) + "*" + std::to_string(index) + "*=";
        if (index == 0) out += "UTF-8''";
        out += encoded.substr(pos, end - pos);
        pos = end;
        ++index;
    }
    return out;
}

std::string Boundary(const std::string& seed, std::string_view level) {
    // "=_" cannot appear in quoted-printable or base64 text, so the boundary never occurs in
    // a part's content.
    return "=_cncd_" + std::string(level) + "_" + seed;
}

std::string TextPart(std::string_view subtype, std::string_view body) {
    std::string out = "Content-Type: text/" + std::string(subtype) + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += EncodeQuotedPrintable(body);
    return out;
}

std::string BodyPart(const MessageParts& parts) {
    if (parts.html.empty()) return TextPart("plain", parts.text);
    const std::string boundary = Boundary(parts.boundary_seed, "alt");
    std::string out =
        "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + TextPart("plain", parts.text) + "\r\n";
    out += "--" + boundary + "\r\n" + TextPart("html", parts.html) + "\r\n";
    out += "--" + boundary + "--\r\n";
    return out;
}

std::string AttachmentPart(const Attachment& a) {
    std::string out = "Content-Type: " + a.content_type + Parameter("name", a.filename) + "\r\n";
    out += "Content-Disposition: attachment" + Parameter("filename", a.filename) + "\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += EncodeBase64Lines(a.content);
    return out;
}

}  // namespace

bool IsValidAddress(std::string_view address) {
    if (address.empty() || address.size() > kMaxAddressBytes) return false;
    const auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
    const auto local = address.substr(0, at);
    const auto domain = address.substr(at + 1);
    constexpr std::size_t kMaxLocal = 64;
    if (local.size() > kMaxLocal) return false;
    return IsDotAtom(local, IsAtext) && IsDotAtom(domain, IsDomainChar);
}

Result<Mailbox> ParseMailbox(std::string_view text) {
    const std::string trimmed = Trim(text);
    Mailbox out;
    const auto open = trimmed.rfind('<');
    if (open != std::string::npos && !trimmed.empty() && trimmed.back() == '>') {
        out.address = trimmed.substr(open + 1, trimmed.size() - open - 2);
        out.name = Trim(std::string_view(trimmed).substr(0, open));
        if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"') {
            out.name = out.name.substr(1, out.name.size() - 2);
        }
    } else {
        out.address = trimmed;
    }
    if (!IsValidAddress(out.address)) {
        return InvalidArgument("from",
                               "L’adresse d’expédition n’est pas une adresse électronique valide.");
    }
    if (!text::IsValidUtf8(out.name) || out.name.find_first_of("\r\n\"\\") != std::string::npos) {
        return InvalidArgument("from", "Le nom d’expéditeur contient des caractères interdits.");
    }
    return out;
}

std::string EncodeHeaderText(std::string_view text, std::size_t header_name_bytes) {
    if (IsPrintableAscii(text) && header_name_bytes + 2 + text.size() <= kMaxHeaderLine) {
        return std::string(text);
    }
    // Base64 text of at most this many characters keeps "Name: =?UTF-8?B?…?=" within 78
    // columns; 3 bytes give 4 characters.
    const std::size_t budget = kMaxHeaderLine - header_name_bytes - 2 - kEncodedWordOverhead;
    const std::size_t max_bytes = budget / 4 * 3;
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = pos;
        while (end < text.size()) {
            const std::size_t n = Utf8Length(static_cast<unsigned char>(text[end]));
            if (end + n - pos > max_bytes) break;
            end += n;
        }
        if (end == pos) end = std::min(text.size(), pos + 1);
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(text.substr(pos, end - pos)) + "?=";
        pos = end;
    }
    return out;
}

std::string EncodeQuotedPrintable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t line = 0;  // characters on the current output line
    auto emit = [&](std::string_view token) {
        // Keep room for the "=" of a soft line break.
        if (line + token.size() > kMaxQpLine - 1) {
            out += "=\r\n";
            line = 0;
            // A line starting with "." is escaped (some relays still mangle it).
            if (token == ".") token = "=2E";
        }
        out += token;
        line += token.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (c == '\n') {
            out += kCrlf;
            line = 0;
            continue;
        }
        const bool at_line_end =
            i + 1 == text.size() || text[i + 1] == '\n' ||
            (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n');
        const bool literal = (u >= 33 && u <= 126 && c != '=' && !(c == '.' && line == 0)) ||
                             ((c == ' ' || c == '\t') && !at_line_end);
        if (literal) {
            emit(std::string_view(&c, 1));
            continue;
        }
        const char escaped[3] = {'=', kHex[u >> 4], kHex[u & 15]};
        emit(std::string_view(escaped, 3));
    }
    if (!out.empty() && !out.ends_with(kCrlf)) out += kCrlf;
    return out;
}

std::string EncodeBase64Lines(std::string_view bytes) {
    const std::string encoded = Base64(bytes);
    std::string out;
    out.reserve(encoded.size() + encoded.size() / kBase64Line * 2 + 2);
    for (std::size_t pos = 0; pos < encoded.size(); pos += kBase64Line) {
        out += encoded.substr(pos, kBase64Line);
        out += kCrlf;
    }
    return out;
}

std::string FormatRfc5322Date(TimePoint time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                         "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buffer[80];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buffer;
}

std::string BuildMessage(const MessageParts& parts) {
    std::string out;
    out += "Date: " + FormatRfc5322Date(parts.date) + "\r\n";
    out += "From: " + FormatMailbox(parts.from, 4) + "\r\n";
    out += AddressList("To", parts.to);
    if (!parts.reply_to.empty()) out += "Reply-To: " + parts.reply_to + "\r\n";
    out += "Subject: " + EncodeHeaderText(parts.subject, 7) + "\r\n";
    out += "Message-ID: <" + parts.message_id + ">\r\n";
    // RFC 3834: tells autoresponders not to answer.
    out += "Auto-Submitted: auto-generated\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (parts.attachments.empty()) {
        out += BodyPart(parts);
        return out;
    }
    const std::string boundary = Boundary(parts.boundary_seed, "mix");
    out += "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n";
    out += "--" + boundary + "\r\n" + BodyPart(parts) + "\r\n";
    for (const auto& a : parts.attachments) {
        out += "--" + boundary + "\r\n" + AttachmentPart(a) + "\r\n";
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace cncd::mail
