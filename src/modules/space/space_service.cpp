#include "modules/space/space_service.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "core/text.hpp"
#include "modules/accounts/audit.hpp"
#include "modules/accounts/policy.hpp"
#include "modules/search/search_page.hpp"
#include "modules/search/search_query.hpp"
#include "modules/space/file_type.hpp"
#include "modules/space/multipart.hpp"
#include "modules/space/space_repository.hpp"
#include "web/http.hpp"

namespace cncd::space {

namespace {

using nlohmann::json;

/// Code points of a UTF-8 string.
std::size_t CodePoints(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool HasControl(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char ch) {
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x20 || c == 0x7f;
    });
}

std::string Trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

Result<std::string> CheckName(std::string_view raw) {
    std::string name = Trimmed(raw);
    if (name.empty()) return InvalidArgument("name", "Donnez un nom à cette recherche.");
    if (!text::IsValidUtf8(name) || HasControl(name))
        return InvalidArgument("name", "Le nom contient des caractères non autorisés.");
    if (CodePoints(name) > kMaxSearchNameChars)
        return InvalidArgument("name", "Le nom ne peut dépasser " +
                                           std::to_string(kMaxSearchNameChars) + " caractères.");
    return name;
}

Error Forbidden() {
    return Error{
        ErrorCode::kPermissionDenied, "Ce document appartient à une autre organisation.", {}};
}

Error NoSuchSearch() { return NotFound("Cette recherche enregistrée n’existe pas."); }
Error NoSuchDocument() { return NotFound("Ce document n’existe pas."); }

Status MayManage(const accounts::Principal& p, std::int64_t organisation_id) {
    if (accounts::IsAllowed(&p, accounts::Action::kManageDocuments,
                            accounts::Resource::OfOrganisation(organisation_id)))
        return Ok{};
    return Forbidden();
}

json DocumentJson(const Document& d) {
    return {{"organisation_id", d.organisation_id},
            {"kind", d.kind == DocumentKind::kExtraction ? "extraction" : "upload"},
            {"filename", d.filename},
            {"content_type", d.content_type},
            {"size", d.size}};
}

/// Thrown by the PDF sink past kMaxPdfBytes.
struct PdfTooBig : std::runtime_error {
    PdfTooBig() : std::runtime_error("pdf over the kept size limit") {}
};

std::string Plural(std::int64_t n, std::string_view one, std::string_view many) {
    return text::FormatThousands(n) + " " + std::string(n > 1 ? many : one);
}

}  // namespace

std::string SizeText(std::int64_t bytes) {
    char buffer[32];
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
        return std::to_string(bytes / (1024 * 1024)) + " Mo";
    } else if (bytes >= 1024 * 1024) {
        std::snprintf(buffer, sizeof buffer, "%.1f Mo", static_cast<double>(bytes) / (1024 * 1024));
    } else if (bytes >= 1024) {
        std::snprintf(buffer, sizeof buffer, "%lld ko",
                      static_cast<long long>((bytes + 512) / 1024));
    } else {
        return std::to_string(bytes) + (bytes > 1 ? " octets" : " octet");
    }
    std::string out = buffer;
    std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

Result<std::string> CanonicalQuery(std::string_view query) {
    if (query.size() > kMaxQueryBytes)
        return InvalidArgument("query", "Cette recherche est trop longue pour être enregistrée.");
    if (query.starts_with('?')) query.remove_prefix(1);
    auto parsed = search::ParseSearchQuery(web::ParseQueryString(query));
    if (!parsed)
        return InvalidArgument("query",
                               "Cette recherche n’est pas valide : " + parsed.error().message);
    return search::SearchQueryString(*parsed, false);
}

SpaceService::SpaceService(db::Database& db, search::SearchService& search, pdf::PdfService& pdf,
                           const mail::MailService& mail, SpaceOptions options)
    : db_(db), search_(search), pdf_(pdf), mail_(mail), options_(std::move(options)) {
    if (!options_.clock) options_.clock = accounts::SystemClock();
    while (options_.public_url.ends_with('/')) options_.public_url.pop_back();
}

std::int64_t SpaceService::Now() const { return options_.clock(); }

Result<search::SearchQuery> SpaceService::StoredQuery(std::string_view query) const {
    auto parsed = search::ParseSearchQuery(web::ParseQueryString(query));
    if (!parsed) return parsed.error();
    parsed->page = 1;
    return parsed;
}

std::vector<std::int64_t> SpaceService::MatchingIds(const search::SearchQuery& query) {
    std::vector<std::int64_t> ids;
    if (!search_.PrepareExtraction(query, exports::Format::kCsv)) return ids;
    search_.ForEachResult(query, [&ids](const search::ProjectRecord& r) { ids.push_back(r.id); });
    std::sort(ids.begin(), ids.end());
    return ids;
}

Result<SavedSearchSummary> SpaceService::Summarise(const SavedSearch& s,
                                                   std::int64_t max_project_id) {
    SavedSearchSummary out;
    out.search = s;
    auto query = StoredQuery(s.query);
    if (!query) {
        // Saved by an earlier version whose criteria no longer read: listed, so that it can be
        // deleted, with what happened instead of its criteria.
        out.criteria.push_back("Recherche devenue invalide : " + query.error().message);
        return out;
    }
    search::SearchQuery first = *query;
    first.per_page = 1;
    auto page = search_.Search(first);
    if (!page) return page.error();
    out.total = page->total;
    for (const auto& c : pdf::DescribeCriteria(*query, page->facets))
        out.criteria.push_back(c.label + " : " + c.value);
    // Only when projects were created since it was opened is it worth listing the ids.
    if (max_project_id > s.seen_project_id && out.total > 0) {
        const auto ids = MatchingIds(*query);
        out.new_since_opened = static_cast<std::int64_t>(
            ids.end() - std::upper_bound(ids.begin(), ids.end(), s.seen_project_id));
    }
    return out;
}

Result<std::int64_t> SpaceService::SaveSearch(const accounts::Principal& p,
                                              const SearchInput& input) {
    auto name = CheckName(input.name);
    if (!name) return name.error();
    auto query = CanonicalQuery(input.query);
    if (!query) return query.error();
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        if (repository::CountSearches(c, p.user_id) >= kMaxSavedSearches)
            return InvalidArgument("name", "Vous avez déjà " + std::to_string(kMaxSavedSearches) +
                                               " recherches enregistrées : supprimez-en une "
                                               "pour enregistrer celle-ci.");
        SavedSearch s;
        s.user_id = p.user_id;
        s.name = *name;
        s.query = *query;
        s.alert = input.alert;
        const auto max_id = repository::MaxProjectId(c);
        s.alert_since_id = max_id;
        s.seen_project_id = max_id;
        s.created_at = now;
        s.opened_at = now;
        return repository::InsertSearch(c, s);
    });
}

Result<std::vector<SavedSearchSummary>> SpaceService::ListSearches(const accounts::Principal& p) {
    std::int64_t max_id = 0;
    const auto searches = db_.Read([&](db::Connection& c) {
        max_id = repository::MaxProjectId(c);
        return repository::ListSearches(c, p.user_id);
    });
    std::vector<SavedSearchSummary> out;
    out.reserve(searches.size());
    for (const auto& s : searches) {
        auto summary = Summarise(s, max_id);
        if (!summary) return summary.error();
        out.push_back(std::move(*summary));
    }
    return out;
}

Result<SavedSearchSummary> SpaceService::GetSearch(const accounts::Principal& p, std::int64_t id) {
    std::int64_t max_id = 0;
    const auto found = db_.Read([&](db::Connection& c) {
        max_id = repository::MaxProjectId(c);
        return repository::FindSearch(c, id);
    });
    if (!found || found->user_id != p.user_id) return NoSuchSearch();
    return Summarise(*found, max_id);
}

Result<SavedSearchSummary> SpaceService::Preview(std::string_view query) {
    auto canonical = CanonicalQuery(query);
    if (!canonical) return canonical.error();
    SavedSearch s;
    s.query = *canonical;
    return Summarise(s, 0);
}

Status SpaceService::UpdateSearch(const accounts::Principal& p, std::int64_t id,
                                  const SearchInput& input) {
    auto name = CheckName(input.name);
    if (!name) return name.error();
    return db_.Write([&](db::Connection& c) -> Status {
        const auto found = repository::FindSearch(c, id);
        if (!found || found->user_id != p.user_id) return NoSuchSearch();
        const auto since =
            input.alert && !found->alert ? repository::MaxProjectId(c) : found->alert_since_id;
        repository::UpdateSearch(c, id, *name, input.alert, since);
        return Ok{};
    });
}

Status SpaceService::DeleteSearch(const accounts::Principal& p, std::int64_t id) {
    return db_.Write([&](db::Connection& c) -> Status {
        const auto found = repository::FindSearch(c, id);
        if (!found || found->user_id != p.user_id) return NoSuchSearch();
        repository::DeleteSearch(c, id);
        return Ok{};
    });
}

Result<std::string> SpaceService::OpenSearch(const accounts::Principal& p, std::int64_t id) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::string> {
        const auto found = repository::FindSearch(c, id);
        if (!found || found->user_id != p.user_id) return NoSuchSearch();
        repository::MarkOpened(c, id, repository::MaxProjectId(c), now);
        return std::string(search::kSearchPagePath) +
               (found->query.empty() ? "" : "?" + found->query);
    });
}

AlertReport SpaceService::SendAlerts() {
    AlertReport report;
    const auto targets = db_.Read([](db::Connection& c) { return repository::AlertTargets(c); });
    for (const auto& target : targets) {
        ++report.searches;
        const auto query = StoredQuery(target.search.query);
        if (!query) continue;  // a search saved by an older version that no longer parses
        const auto ids = MatchingIds(*query);
        std::vector<std::int64_t> candidates;
        for (auto it = std::upper_bound(ids.begin(), ids.end(), target.search.alert_since_id);
             it != ids.end(); ++it)
            candidates.push_back(*it);
        if (candidates.empty()) continue;
        // Titles of the candidates, in the search's order (the first ones are listed).
        std::vector<search::ProjectRecord> projects;
        const std::set<std::int64_t> wanted(candidates.begin(), candidates.end());
        search_.ForEachResult(*query, [&](const search::ProjectRecord& r) {
            if (wanted.contains(r.id)) projects.push_back(r);
        });
        const auto now = Now();
        const auto sent = db_.Write([&](db::Connection& c) -> Result<int> {
            const auto known = repository::NotifiedIds(c, target.search.id);
            const std::set<std::int64_t> notified(known.begin(), known.end());
            std::vector<const search::ProjectRecord*> fresh;
            for (const auto& r : projects)
                if (!notified.contains(r.id)) fresh.push_back(&r);
            if (fresh.empty()) return 0;
            const auto n = static_cast<std::int64_t>(fresh.size());
            mail::Mail m;
            m.to = {target.email};
            m.subject = "Atlas : " + Plural(n, "nouveau projet", "nouveaux projets") + " pour « " +
                        target.search.name + " »";
            std::string text = "Bonjour,\n\n" +
                               std::string(n > 1 ? "De nouveaux projets correspondent"
                                                 : "Un nouveau projet correspond") +
                               " à votre recherche enregistrée « " + target.search.name +
                               " » sur l’Atlas de la coopération décentralisée :\n\n";
            for (std::size_t i = 0; i < fresh.size() && i < kMaxProjectsPerAlert; ++i) {
                text += "- " + fresh[i]->title + "\n  " + options_.public_url +
                        search::ProjectSheetPath(fresh[i]->id, fresh[i]->slug) + "\n";
            }
            if (fresh.size() > kMaxProjectsPerAlert)
                text +=
                    "\n… et " +
                    Plural(n - static_cast<std::int64_t>(kMaxProjectsPerAlert), "autre", "autres") +
                    ".\n";
            text += "\nLa recherche : " + options_.public_url +
                    std::string(search::kSearchPagePath) +
                    (target.search.query.empty() ? "" : "?" + target.search.query) +
                    "\n\nPour arrêter ces courriels ou modifier vos recherches : " +
                    options_.public_url + "/mon-espace/recherches\n";
            m.text = std::move(text);
            m.reference_kind = "saved_search";
            m.reference_id = target.search.id;
            auto queued = mail_.Enqueue(c, m);
            if (!queued) return queued.error();
            for (const auto* r : fresh) repository::InsertNotified(c, target.search.id, r->id, now);
            repository::MarkAlerted(c, target.search.id, now);
            return static_cast<int>(fresh.size());
        });
        if (sent && *sent > 0) {
            ++report.mails;
            report.projects += *sent;
        }
    }
    return report;
}

Result<std::vector<Document>> SpaceService::ListDocuments(const accounts::Principal& p) {
    if (auto may = MayManage(p, p.organisation_id); !may) return may.error();
    return db_.Read(
        [&](db::Connection& c) { return repository::ListDocuments(c, p.organisation_id); });
}

Result<std::int64_t> SpaceService::Upload(const accounts::Principal& p, std::string_view filename,
                                          std::string content, const std::string& ip) {
    if (auto may = MayManage(p, p.organisation_id); !may) return may.error();
    std::string name = Trimmed(BaseName(filename));
    if (name.empty()) return InvalidArgument("document", "Choisissez un fichier.");
    if (content.empty()) return InvalidArgument("document", "Le fichier est vide.");
    if (static_cast<std::int64_t>(content.size()) > kMaxUploadBytes)
        return InvalidArgument("document", "Le fichier dépasse la taille autorisée (" +
                                               SizeText(kMaxUploadBytes) + ") : il fait " +
                                               SizeText(static_cast<std::int64_t>(content.size())) +
                                               ".");
    if (!text::IsValidUtf8(name) || HasControl(name) || CodePoints(name) > kMaxFilenameChars ||
        name == "." || name == "..")
        return InvalidArgument("document", "Le nom du fichier est invalide (au plus " +
                                               std::to_string(kMaxFilenameChars) +
                                               " caractères, sans caractère de contrôle).");
    const auto type = DetectFileType(content, name);
    if (!type)
        return InvalidArgument("document",
                               "Ce type de fichier n’est pas accepté. Formats "
                               "acceptés : " +
                                   AcceptedTypesText() + ".");
    const auto ext = Extension(name);
    if (std::find(type->extensions.begin(), type->extensions.end(), ext) == type->extensions.end())
        return InvalidArgument("document", "L’extension du fichier (" +
                                               (ext.empty() ? std::string("aucune") : "." + ext) +
                                               ") ne correspond pas à son contenu (" + type->label +
                                               ", ." + type->extensions.front() + ").");
    Document d;
    d.organisation_id = p.organisation_id;
    d.user_id = p.user_id;
    d.user_name = p.name;
    d.kind = DocumentKind::kUpload;
    d.filename = name;
    d.content_type = type->content_type;
    d.type_label = type->label;
    d.size = static_cast<std::int64_t>(content.size());
    d.created_at = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        if (repository::OrganisationBytes(c, d.organisation_id) + d.size > kOrganisationQuotaBytes)
            return InvalidArgument("document", "L’espace de votre organisation est plein (" +
                                                   SizeText(kOrganisationQuotaBytes) +
                                                   ") : supprimez des documents d’abord.");
        const auto id = repository::InsertDocument(c, d, content);
        accounts::AuditLog::Record(
            c, accounts::Actor::Of(p, ip),
            {"document.upload", "space_document", std::to_string(id), nullptr, DocumentJson(d)},
            d.created_at);
        return id;
    });
}

Result<std::int64_t> SpaceService::KeepPdf(const accounts::Principal& p, std::string_view query,
                                           std::string_view site_url, const std::string& ip) {
    if (auto may = MayManage(p, p.organisation_id); !may) return may.error();
    auto canonical = CanonicalQuery(query);
    if (!canonical) return canonical.error();
    auto parsed = StoredQuery(*canonical);
    if (!parsed) return InvalidArgument("query", parsed.error().message);
    auto filename = pdf_.Prepare(*parsed);
    if (!filename) return InvalidArgument("query", filename.error().message);
    // Checked before rendering (not to render for nothing) and again in the write (two
    // requests at once may both have passed the first check).
    const auto over_limits = [&p](db::Connection& c, std::int64_t size) -> Status {
        const auto [count, bytes] = repository::KeptPdfs(c, p.user_id);
        if (count >= kMaxKeptPdfs)
            return InvalidArgument("query", "Vous conservez déjà " + std::to_string(kMaxKeptPdfs) +
                                                " extractions PDF : supprimez-en une d’abord.");
        if (bytes + size > kKeptPdfQuotaBytes)
            return InvalidArgument("query", "Vos extractions PDF dépasseraient " +
                                                SizeText(kKeptPdfQuotaBytes) +
                                                " : supprimez-en une d’abord.");
        return Ok{};
    };
    if (auto fits = db_.Read([&](db::Connection& c) { return over_limits(c, 0); }); !fits)
        return fits.error();
    auto slot = pdf_.TryReserve();
    if (!slot)
        return Error{ErrorCode::kFailedPrecondition,
                     "Trop d’extractions PDF sont en cours : réessayez dans quelques secondes.",
                     "query"};
    std::string content;
    try {
        pdf_.Write(*parsed, site_url, [&content](std::string_view chunk) {
            if (static_cast<std::int64_t>(content.size() + chunk.size()) > kMaxPdfBytes)
                throw PdfTooBig();
            content.append(chunk);
        });
    } catch (const PdfTooBig&) {
        return InvalidArgument("query", "Le PDF de cette recherche dépasse " +
                                            SizeText(kMaxPdfBytes) +
                                            " : affinez la recherche pour le conserver.");
    }
    const auto size = static_cast<std::int64_t>(content.size());
    Document d;
    d.organisation_id = p.organisation_id;
    d.user_id = p.user_id;
    d.user_name = p.name;
    d.kind = DocumentKind::kExtraction;
    d.filename = *filename;
    d.content_type = "application/pdf";
    d.type_label = "PDF";
    d.size = size;
    d.search_query = *canonical;
    d.created_at = Now();
    return db_.Write([&](db::Connection& c) -> Result<std::int64_t> {
        if (auto fits = over_limits(c, d.size); !fits) return fits.error();
        if (repository::OrganisationBytes(c, d.organisation_id) + d.size > kOrganisationQuotaBytes)
            return InvalidArgument("query", "L’espace de votre organisation est plein (" +
                                                SizeText(kOrganisationQuotaBytes) +
                                                ") : supprimez des documents d’abord.");
        const auto id = repository::InsertDocument(c, d, content);
        auto after = DocumentJson(d);
        after["search_query"] = d.search_query;
        accounts::AuditLog::Record(
            c, accounts::Actor::Of(p, ip),
            {"document.keep_pdf", "space_document", std::to_string(id), nullptr, after},
            d.created_at);
        return id;
    });
}

Result<DocumentContent> SpaceService::GetDocument(const accounts::Principal& p, std::int64_t id) {
    const auto found = db_.Read([&](db::Connection& c) { return repository::FindDocument(c, id); });
    if (!found) return NoSuchDocument();
    if (auto may = MayManage(p, found->organisation_id); !may) return may.error();
    auto content = db_.Read([&](db::Connection& c) { return repository::ReadDocument(c, id); });
    if (!content) return NoSuchDocument();
    return std::move(*content);
}

Status SpaceService::DeleteDocument(const accounts::Principal& p, std::int64_t id,
                                    const std::string& ip) {
    const auto now = Now();
    return db_.Write([&](db::Connection& c) -> Status {
        const auto found = repository::FindDocument(c, id);
        if (!found) return NoSuchDocument();
        if (auto may = MayManage(p, found->organisation_id); !may) return may.error();
        repository::DeleteDocument(c, id);
        accounts::AuditLog::Record(c, accounts::Actor::Of(p, ip),
                                   {"document.delete", "space_document", std::to_string(id),
                                    DocumentJson(*found), nullptr},
                                   now);
        return Ok{};
    });
}

std::int64_t SpaceService::UsedBytes(std::int64_t organisation_id) {
    return db_.Read(
        [&](db::Connection& c) { return repository::OrganisationBytes(c, organisation_id); });
}

void SpaceService::MoveOrganisation(db::Connection& c, std::int64_t from, std::int64_t into) {
    repository::MoveDocuments(c, from, into);
}

}  // namespace cncd::space
