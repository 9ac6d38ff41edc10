#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Plain types and limits of the personal space: saved searches and the document archive.
namespace cncd::space {

/// Saved searches a user may keep.
inline constexpr int kMaxSavedSearches = 50;
/// Characters (code points) of a saved search's name.
inline constexpr std::size_t kMaxSearchNameChars = 120;
/// Bytes of a saved search's query string.
inline constexpr std::size_t kMaxQueryBytes = 4000;
/// Projects listed in one alert mail (the others are counted, with a link to the search).
inline constexpr std::size_t kMaxProjectsPerAlert = 50;

/// Bytes of an uploaded document.
inline constexpr std::int64_t kMaxUploadBytes = 10 * 1024 * 1024;
/// Bytes of the body of an upload request: the document, its name and the form's other parts.
/// Above it the server answers 413 before the route runs; between kMaxUploadBytes and this, the
/// page says "too big" next to the field.
inline constexpr std::size_t kUploadBodyLimit = kMaxUploadBytes + 1024 * 1024;
/// The upload route (the only one given kUploadBodyLimit).
inline constexpr const char* kUploadPath = "/mon-espace/documents";
/// Bytes of an organisation's archive (uploads and kept PDFs together).
inline constexpr std::int64_t kOrganisationQuotaBytes = 500LL * 1024 * 1024;
/// Bytes of one kept PDF extraction (the whole demo Atlas is 23.4 MB).
inline constexpr std::int64_t kMaxPdfBytes = 40LL * 1024 * 1024;
/// PDF extractions one user may keep, and their total size.
inline constexpr int kMaxKeptPdfs = 20;
inline constexpr std::int64_t kKeptPdfQuotaBytes = 200LL * 1024 * 1024;
/// Characters (code points) of a document's file name.
inline constexpr std::size_t kMaxFilenameChars = 200;

/// A saved search with what it gives now.
struct SavedSearch {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
    std::string name;
    std::string query;  ///< canonical query string, "q=eau&continent=afrique"
    bool alert = false;
    std::int64_t alert_since_id = 0;
    std::int64_t seen_project_id = 0;
    std::int64_t created_at = 0;
    std::int64_t opened_at = 0;
    std::optional<std::int64_t> alerted_at;
};

/// A saved search as the list shows it.
struct SavedSearchSummary {
    SavedSearch search;
    std::vector<std::string> criteria;  ///< "Continent : Afrique", "Mots-clés : « eau »"…
    std::int64_t total = 0;             ///< matching projects now
    std::int64_t new_since_opened = 0;  ///< of which created since the user last opened it
};

/// What the user asks to save or change.
struct SearchInput {
    std::string name;
    std::string query;  ///< a query string of the search page (any order, page ignored)
    bool alert = false;
};

enum class DocumentKind { kUpload, kExtraction };

/// A document of the archive (without its bytes).
struct Document {
    std::int64_t id = 0;
    std::int64_t organisation_id = 0;
    std::optional<std::int64_t> user_id;
    std::string user_name;
    DocumentKind kind = DocumentKind::kUpload;
    std::string filename;
    std::string content_type;
    std::string type_label;  ///< "PDF", "Image PNG", "Texte CSV"…
    std::int64_t size = 0;
    std::string search_query;  ///< extraction: the search it was made from
    std::int64_t created_at = 0;
};

/// A document with its bytes (download).
struct DocumentContent {
    Document document;
    std::string content;
};

/// What one round of alerts did.
struct AlertReport {
    int searches = 0;  ///< searches with an alert checked
    int mails = 0;     ///< mails put in the outbox
    int projects = 0;  ///< projects announced
};

}  // namespace cncd::space
