#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/accounts/accounts.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/pdf/pdf_service.hpp"
#include "modules/search/search_service.hpp"
#include "modules/space/space.hpp"

namespace cncd::space {

struct SpaceOptions {
    /// The portal's public address, for the links of alert mails ("https://host", no slash).
    std::string public_url = "http://localhost:8080";
    /// Seconds since the epoch (the system clock by default).
    accounts::Clock clock;
};

/// The personal space: a user's saved Atlas searches (with their e-mail alert) and the
/// document archive of the user's organisation (uploads and PDF extractions kept from a
/// search). Pages and CLI call it; it never sees HTTP. Thread-safe.
///
/// Errors: kInvalidArgument with a French message and the form field ("name", "query",
/// "document") for bad input and limits; kNotFound for a search that is not the user's or a
/// document that does not exist; kPermissionDenied (policy kManageDocuments) for a document of
/// another organisation; kFailedPrecondition when every PDF rendering slot is taken.
class SpaceService {
  public:
    SpaceService(db::Database& db, search::SearchService& search, pdf::PdfService& pdf,
                 const mail::MailService& mail, SpaceOptions options = {});

    // --- Saved searches (each user's own) ---

    /// Saves `input` for the user: name 1 to kMaxSearchNameChars characters, a valid search,
    /// at most kMaxSavedSearches per user. The query is stored in its canonical form.
    Result<std::int64_t> SaveSearch(const accounts::Principal& p, const SearchInput& input);
    /// The user's searches, newest first, with their criteria in words, their number of results
    /// now and how many of these were created since the user last opened the search.
    Result<std::vector<SavedSearchSummary>> ListSearches(const accounts::Principal& p);
    /// One of the user's searches (kNotFound for anyone else's).
    Result<SavedSearchSummary> GetSearch(const accounts::Principal& p, std::int64_t id);
    /// What a search given as a query string shows before it is saved (criteria, results).
    Result<SavedSearchSummary> Preview(std::string_view query);
    /// Renames it and turns its alert on or off (input.query is ignored). Turning the alert on
    /// announces only projects created from then on.
    Status UpdateSearch(const accounts::Principal& p, std::int64_t id, const SearchInput& input);
    Status DeleteSearch(const accounts::Principal& p, std::int64_t id);
    /// Marks the search as opened now (its new projects are seen) and returns the search
    /// page's address for it ("/atlas/recherche?…").
    Result<std::string> OpenSearch(const accounts::Principal& p, std::int64_t id);

    /// One round of alerts: for every search with its alert on (of an active user), the
    /// matching projects created since the alert was turned on and not yet announced go in one
    /// mail (outbox), and are recorded as announced in the same transaction: never twice.
    AlertReport SendAlerts();

    // --- Documents of the user's organisation ---

    Result<std::vector<Document>> ListDocuments(const accounts::Principal& p);
    /// Stores an uploaded file after checking it: not empty, at most kMaxUploadBytes, a name
    /// (path removed) of at most kMaxFilenameChars, a type found in its bytes (DetectFileType)
    /// and matching its extension, room left in the organisation's quota. Nothing is stored
    /// when a check fails. Audited ("document.upload").
    Result<std::int64_t> Upload(const accounts::Principal& p, std::string_view filename,
                                std::string content, const std::string& ip);
    /// Renders the PDF of the search `query` (a query string) and keeps it in the archive:
    /// at most kMaxKeptPdfs per user, kKeptPdfQuotaBytes in all, kMaxPdfBytes each. Audited
    /// ("document.keep_pdf").
    Result<std::int64_t> KeepPdf(const accounts::Principal& p, std::string_view query,
                                 std::string_view site_url, const std::string& ip);
    /// A document with its bytes, for a member of its organisation.
    Result<DocumentContent> GetDocument(const accounts::Principal& p, std::int64_t id);
    /// Deletes a document of the user's organisation. Audited ("document.delete").
    Status DeleteDocument(const accounts::Principal& p, std::int64_t id, const std::string& ip);
    /// Bytes used by the organisation's archive.
    std::int64_t UsedBytes(std::int64_t organisation_id);

    /// The merge hook: documents of organisation `from` go to `into`.
    static void MoveOrganisation(db::Connection& c, std::int64_t from, std::int64_t into);

  private:
    std::int64_t Now() const;
    Result<search::SearchQuery> StoredQuery(std::string_view query) const;
    Result<SavedSearchSummary> Summarise(const SavedSearch& s, std::int64_t max_project_id);
    std::vector<std::int64_t> MatchingIds(const search::SearchQuery& query);

    db::Database& db_;
    search::SearchService& search_;
    pdf::PdfService& pdf_;
    const mail::MailService& mail_;
    SpaceOptions options_;
};

/// The canonical query string of a search given as a query string (parameters in the search
/// form's order, defaults and page left out); kInvalidArgument ("query") when it is malformed.
Result<std::string> CanonicalQuery(std::string_view query);

/// "12,3 Mo", "850 ko", "120 octets".
std::string SizeText(std::int64_t bytes);

}  // namespace cncd::space
