#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/fiches/fiches.hpp"

namespace cncd::fiches {

/// The fiches' questions put to the accounts policy (accounts::IsAllowed):
/// - kCreate: kEditProject on the actor's authority (ministry administrators: any);
/// - kEdit (edit, close, history, diff): kEditProject on the project's lead or one of its
///   associated French authorities;
/// - kRevert: kRevertChange (ministry administrators);
/// - kReviewAll (recent changes and quality of every authority): kReadAudit (the ministry).
/// `project` is required for kEdit and kRevert (no project: refused).
bool Allowed(const Actor& actor, FicheAction action, const ProjectOwners* project);

/// Allowed(actor, kEdit, &project): may this actor edit this fiche?
bool CanEdit(const Actor& actor, const ProjectOwners& project);

/// Reference lists for the edit form.
struct FormChoices {
    struct Theme {
        std::int64_t id = 0;
        std::string name;
        std::vector<Theme> children;
    };
    std::vector<Theme> themes;  ///< top-level themes with their sub-themes, in display order
    struct Cofinancer {
        std::int64_t id = 0;
        std::string name;
    };
    std::vector<Cofinancer> cofinancers;
};

/// A reference record by code: a région.
struct NamedCode {
    std::string code;
    std::string name;
};

/// A pick-list suggestion: "Dakar (Sénégal)" with its id.
struct Suggestion {
    std::int64_t id = 0;
    std::string label;
};

/// Two versions of a fiche compared field by field.
struct VersionDiff {
    std::int64_t project_id = 0;
    std::string project_title;
    VersionInfo from;
    VersionInfo to;
    std::vector<FieldDiff> fields;
};

/// A fiche's history for its page: the current fiche and its versions, newest first.
struct History {
    CurrentFiche current;
    std::vector<VersionInfo> versions;  ///< empty for a fiche never edited online
};

/// Editing the Atlas fiches online: create, edit, close with validation; a version per save
/// (full snapshot, summary, author) with optimistic concurrency; diffs between versions; the
/// ministry's review of recent changes and revert; data-quality scores per authority.
///
/// Every save is one Database::Write that bumps projects.updated_at, so the search index (its
/// triggers) and the Atlas caches (Database::Generation) see it at the next read, and a
/// refused save changes nothing. Thread-safe.
class FicheService {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    static constexpr std::size_t kMaxTitle = 300;    ///< characters
    static constexpr std::size_t kMaxText = 20'000;  ///< characters, per text field
    static constexpr std::size_t kMaxThemes = 20;
    static constexpr std::size_t kMaxPartners = 50;
    static constexpr std::size_t kMaxAssociates = 50;
    static constexpr std::size_t kMaxFinancing = 100;
    static constexpr std::int64_t kMaxAmount = 10'000'000'000;
    static constexpr int kMinYear = 1950;
    static constexpr int kMaxYearsAhead = 10;  ///< years after the current one
    static constexpr int kStaleYears = 2;      ///< a fiche in progress older than this is stale
    static constexpr int kChangesPerPage = 50;
    static constexpr std::size_t kMaxSuggestions = 20;

    /// `clock` dates versions and updates and gives "today" to the quality rules.
    explicit FicheService(db::Database& db, Clock clock = {});

    /// The current fiche for its edit form. NotFound, PermissionDenied.
    Result<CurrentFiche> GetForEdit(const Actor& actor, std::int64_t id);

    /// Creates a fiche led by the actor's authority (a ministry user names it in
    /// input.lead_authority_id) and stores version 1. InvalidArgument naming the field.
    Result<Saved> Create(const Actor& actor, const FicheInput& input);

    /// Replaces every editable field (the lead authority stays). `expected_version` is the
    /// version the user edited: FailedPrecondition (field "version") when the fiche has changed
    /// since. NotFound, PermissionDenied, InvalidArgument.
    Result<Saved> Update(const Actor& actor, std::int64_t id, int expected_version,
                         const FicheInput& input);

    /// Closes a fiche: status finished, end year `end_year` (the current year by default).
    /// FailedPrecondition when already finished or outdated; InvalidArgument ("end_year").
    Result<Saved> Close(const Actor& actor, std::int64_t id, int expected_version,
                        std::optional<int> end_year);

    /// Undoes version `version`: stores the fiche of version `version - 1` as a new version.
    /// PermissionDenied without kRevert; NotFound for an unknown version; InvalidArgument
    /// ("version") for version 1, which has nothing before it; FailedPrecondition when a record
    /// the old version links to no longer exists.
    Result<Saved> Revert(const Actor& actor, std::int64_t id, int version);

    /// The history of a fiche. NotFound, PermissionDenied.
    Result<History> GetHistory(const Actor& actor, std::int64_t id);

    /// Compares two stored versions. NotFound (unknown version), PermissionDenied.
    Result<VersionDiff> Diff(const Actor& actor, std::int64_t id, int from, int to);

    /// Recent changes of every authority, newest first (ministry). PermissionDenied,
    /// InvalidArgument ("de", "a" for a malformed date, "page").
    Result<ChangePage> RecentChanges(const Actor& actor, const ChangeFilter& filter);

    /// The fiches of the actor's authority (lead first). PermissionDenied without authority.
    Result<std::vector<MyFiche>> MyFiches(const Actor& actor);

    /// The data quality of an authority's fiches: its own users or the ministry.
    /// NotFound, PermissionDenied.
    Result<QualityReport> Quality(const Actor& actor, std::int64_t authority_id);

    /// Every authority leading fiches (optionally of one région), worst score first
    /// (ministry). PermissionDenied.
    Result<std::vector<QualityReport>> QualityOverview(const Actor& actor,
                                                       const std::string& region_code);

    /// Every problem of `input` (empty when it is valid), each naming its field. The lead
    /// authority is only checked when `creating`.
    std::vector<Error> Validate(const Actor& actor, const FicheInput& input, bool creating);

    /// The form's input for a stored fiche (to prefill a form or merge a partial API body).
    static FicheInput InputOf(const Fiche& fiche);

    FormChoices Choices();

    /// Partners or authorities whose folded name contains every word of `q` (at most
    /// kMaxSuggestions, by name). Empty for an empty query.
    std::vector<Suggestion> SuggestPartners(std::string_view q);
    std::vector<Suggestion> SuggestAuthorities(std::string_view q);

    /// The id a pick-list text stands for: "Dakar (Sénégal) [12]" (the id in brackets wins),
    /// or an exact name, with or without its detail in parentheses. InvalidArgument (`field`)
    /// when nothing or several records match.
    Result<std::int64_t> ResolvePartner(std::string_view text, const std::string& field);
    Result<std::int64_t> ResolveAuthority(std::string_view text, const std::string& field);

    /// The names of partners and authorities by id (for a form shown again); unknown ids are
    /// skipped.
    std::vector<NamedId> PartnerNames(const std::vector<std::int64_t>& ids);
    std::vector<NamedId> AuthorityNames(const std::vector<std::int64_t>& ids);

    /// The régions (code, name) by name, for the review filters.
    std::vector<NamedCode> Regions();

    /// "YYYY-MM-DD HH:MM:SS" (UTC) of the clock's now.
    std::string Now() const;

  private:
    std::chrono::sys_days Today() const;

    db::Database& db_;
    Clock clock_;
};

}  // namespace cncd::fiches
