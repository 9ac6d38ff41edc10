#include "modules/space/file_type.hpp"

#include <algorithm>
#include <cstdint>

#include "core/text.hpp"

namespace cncd::space {

namespace {

std::uint32_t Le32(std::string_view b, std::size_t at) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::uint16_t Le16(std::string_view b, std::size_t at) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                      static_cast<unsigned char>(b[at + 1]) << 8);
}

/// The names in a zip's central directory (empty when it has none we can read).
std::vector<std::string> ZipEntries(std::string_view b) {
    constexpr std::size_t kEocdSize = 22;
    constexpr std::size_t kMaxComment = 65535;
    std::vector<std::string> names;
    if (b.size() < kEocdSize) return names;
    const std::size_t lowest =
        b.size() > kEocdSize + kMaxComment ? b.size() - kEocdSize - kMaxComment : 0;
    std::size_t eocd = std::string_view::npos;
    for (std::size_t at = b.size() - kEocdSize + 1; at-- > lowest;) {
        if (b.substr(at, 4) == std::string_view("PK\x05\x06", 4)) {
            eocd = at;
            break;
        }
    }
    if (eocd == std::string_view::npos) return names;
    const std::size_t count = Le16(b, eocd + 10);
    std::size_t at = Le32(b, eocd + 16);
    constexpr std::size_t kMaxEntries = 10000;
    for (std::size_t i = 0; i < count && i < kMaxEntries; ++i) {
        if (at + 46 > b.size() || b.substr(at, 4) != std::string_view("PK\x01\x02", 4)) break;
        const std::size_t name_len = Le16(b, at + 28);
        const std::size_t extra_len = Le16(b, at + 30);
        const std::size_t comment_len = Le16(b, at + 32);
        if (at + 46 + name_len > b.size()) break;
        names.emplace_back(b.substr(at + 46, name_len));
        at += 46 + name_len + extra_len + comment_len;
    }
    return names;
}

bool Has(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// The OpenDocument type of a zip whose first entry is an uncompressed "mimetype".
std::string OpenDocumentType(std::string_view b) {
    if (b.size() < 30 || Le16(b, 8) != 0) return {};  // method 0: stored
    const std::size_t name_len = Le16(b, 26);
    const std::size_t extra_len = Le16(b, 28);
    const std::size_t size = Le32(b, 18);
    if (b.substr(30, name_len) != "mimetype") return {};
    const std::size_t at = 30 + name_len + extra_len;
    if (size > 100 || at + size > b.size()) return {};
    return std::string(b.substr(at, size));
}

bool IsPlainText(std::string_view b) {
    if (b.empty() || !text::IsValidUtf8(b)) return false;
    return std::none_of(b.begin(), b.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f;
    });
}

}  // namespace

std::string Extension(std::string_view filename) {
    const auto dot = filename.rfind('.');
    if (dot == std::string_view::npos || dot + 1 == filename.size()) return {};
    std::string ext(filename.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::optional<FileType> DetectFileType(std::string_view b, std::string_view filename) {
    if (b.starts_with("%PDF-")) return FileType{"application/pdf", "PDF", {"pdf"}};
    if (b.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8)))
        return FileType{"image/png", "Image PNG", {"png"}};
    if (b.starts_with("\xff\xd8\xff")) return FileType{"image/jpeg", "Image JPEG", {"jpg", "jpeg"}};
    if (b.starts_with(std::string_view("PK\x03\x04", 4))) {
        const std::string od = OpenDocumentType(b);
        if (od == "application/vnd.oasis.opendocument.text")
            return FileType{od, "Document texte ODT", {"odt"}};
        if (od == "application/vnd.oasis.opendocument.spreadsheet")
            return FileType{od, "Classeur ODS", {"ods"}};
        const auto names = ZipEntries(b);
        if (Has(names, "[Content_Types].xml") && Has(names, "word/document.xml"))
            return FileType{
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Document Word DOCX",
                {"docx"}};
        if (Has(names, "[Content_Types].xml") && Has(names, "xl/workbook.xml"))
            return FileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            "Classeur Excel XLSX",
                            {"xlsx"}};
        return std::nullopt;
    }
    if (IsPlainText(b)) {
        if (Extension(filename) == "csv")
            return FileType{"text/csv; charset=utf-8", "Tableau CSV", {"csv"}};
        return FileType{"text/plain; charset=utf-8", "Texte", {"txt", "text"}};
    }
    return std::nullopt;
}

std::string AcceptedTypesText() {
    return "PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX, CSV ou texte (UTF-8)";
}

}  // namespace cncd::space
