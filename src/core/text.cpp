#include "core/text.hpp"

#include <array>
#include <charconv>
#include <cstdint>

namespace cncd::text {
namespace {

// Base letter of each code point U+00C0..U+017F, or 0 where folding keeps the character.
// Ligatures (Æ, Œ, ß) fold to two letters and are handled separately.
constexpr char kLatin1Fold[] =
    "aaaaaa\0ceeeeiiiidnooooo\0ouuuuyt\0aaaaaa\0ceeeeiiiidnooooo\0ouuuuyty";  // U+00C0..U+00FF
constexpr char kExtendedAFold[] =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssss"
    "ssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";  // U+0100..U+017F

void AppendFolded(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return;
    }
    if (cp == 0xC6 || cp == 0xE6) return out.append("ae"), void();
    if (cp == 0x152 || cp == 0x153) return out.append("oe"), void();
    if (cp == 0xDF) return out.append("ss"), void();
    if (cp == 0x2019 || cp == 0x2018) return out.append("'"), void();
    if (cp >= 0xC0 && cp <= 0xFF && kLatin1Fold[cp - 0xC0] != '\0') {
        out += kLatin1Fold[cp - 0xC0];
        return;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        out += kExtendedAFold[cp - 0x100];
        return;
    }
    // Keep any other character unchanged, re-encoded as UTF-8.
    if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes one code point at `i`, advancing it; invalid bytes decode as U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) {
        ++i;
        return extra == 0 ? c : 0xFFFD;
    }
    char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += extra + 1;
    return cp;
}

}  // namespace

std::string Fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) AppendFolded(out, NextCodePoint(utf8, i));
    return out;
}

std::string Slugify(std::string_view utf8) {
    const std::string folded = Fold(utf8);
    std::string out;
    out.reserve(folded.size());
    bool pending_dash = false;
    for (const char c : folded) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash) out += '-';
        pending_dash = false;
        out += c;
    }
    return out;
}

std::string HtmlEscape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + raw.size() / 8);
    for (const char c : raw) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string FormatThousands(long long value) {
    const bool negative = value < 0;
    std::string digits = std::to_string(negative ? -value : value);
    std::string out;
    const size_t n = digits.size();
    for (size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += "\u202F";
        out += digits[i];
    }
    return negative ? "-" + out : out;
}

bool IsValidUtf8(std::string_view bytes) {
    for (size_t i = 0; i < bytes.size();) {
        if (NextCodePoint(bytes, i) == 0xFFFD) return false;
    }
    return true;
}

std::optional<std::int64_t> ParseId(std::string_view digits) {
    std::int64_t id = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, id);
    if (digits.empty() || digits.front() == '-' || ec != std::errc() || ptr != end || id <= 0)
        return std::nullopt;
    return id;
}

}  // namespace cncd::text
