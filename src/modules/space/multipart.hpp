#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// A reader of multipart/form-data bodies (RFC 7578), for the archive's upload form.
namespace cncd::space {

/// One part of a form: a field, or a file when `filename` is set.
struct FormPart {
    std::string name;
    std::optional<std::string> filename;  ///< as sent (may hold a path: see BaseName)
    std::string content_type;             ///< as claimed by the browser (never trusted)
    std::string content;
};

/// The parts of `body` sent with Content-Type `content_type`; nothing when the type is not
/// multipart/form-data with a boundary or the body does not end with the closing boundary.
/// At most `max_parts` parts are read.
std::optional<std::vector<FormPart>> ParseMultipart(std::string_view content_type,
                                                    std::string_view body,
                                                    std::size_t max_parts = 20);

/// The first part named `name`, or nullptr.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

/// The last component of a file name sent by a browser ("C:\\x\\a.pdf" → "a.pdf").
std::string BaseName(std::string_view filename);

}  // namespace cncd::space
