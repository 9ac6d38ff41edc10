#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The type of an uploaded file, found in its bytes (never in what the browser claims).
namespace cncd::space {

struct FileType {
    std::string content_type;             ///< "application/pdf"
    std::string label;                    ///< "PDF", "Document texte ODT"…
    std::vector<std::string> extensions;  ///< accepted file name extensions, lower case
};

/// The type of `bytes` when it is one the archive accepts: PDF ("%PDF-"), PNG (its 8-byte
/// signature), JPEG (FF D8 FF), ODT and ODS (a zip whose first entry is "mimetype", stored,
/// holding the OpenDocument type), DOCX and XLSX (a zip whose central directory lists
/// "[Content_Types].xml" and "word/document.xml" or "xl/workbook.xml"), CSV and plain text
/// (valid UTF-8 without NUL or control characters other than tab, line feed, carriage return
/// and form feed; CSV when the name ends in .csv). Nothing for anything else (HTML, scripts,
/// executables, other archives…).
std::optional<FileType> DetectFileType(std::string_view bytes, std::string_view filename);

/// The lower-case extension of `filename` without the dot ("pdf"), or empty.
std::string Extension(std::string_view filename);

/// The kinds of file the archive accepts, in French, for the form's hint.
std::string AcceptedTypesText();

}  // namespace cncd::space
