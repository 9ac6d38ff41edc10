#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/accounts.hpp"

namespace cncd::fiches {

/// Who acts: the signed-in user (ActorOf a principal of the accounts module). The accounts
/// policy decides what they may do; the other fields are what the fiches show and record.
struct Actor {
    std::int64_t user_id = 0;
    std::string user_name;                     ///< shown in the history ("Anne Etcheverry")
    std::optional<std::int64_t> authority_id;  ///< the authority the user's new fiches are led by
    bool ministry = false;                     ///< a ministry user (administrator or instructor)
    accounts::Principal principal;             ///< what the policy judges
};

/// The actor of a signed-in user: the first Atlas authority their organisation holds (the
/// surviving commune's own record comes first after a merge).
Actor ActorOf(const accounts::Principal& principal);

/// What an actor may try on fiches. One function (Allowed) decides them all, through the
/// accounts policy: create and edit are kEditProject on the fiche's lead or associated
/// authorities, revert is kRevertChange, reviewing every authority is kReadAudit.
enum class FicheAction {
    kCreate,     ///< create a fiche (led by the actor's authority)
    kEdit,       ///< edit, close, read the history of one fiche
    kRevert,     ///< revert a change of one fiche
    kReviewAll,  ///< list the recent changes and data quality of every authority
};

/// The French authorities of a project, as the authorisation needs them.
struct ProjectOwners {
    std::optional<std::int64_t> lead;
    std::vector<std::int64_t> associates;
};

/// A linked record by id, with its name at the time of the snapshot.
struct NamedId {
    std::int64_t id = 0;
    std::string name;
    bool operator==(const NamedId&) const = default;
};

/// A financing line: who pays how much in which year (no cofinancer: the French authorities'
/// own funds).
struct FinancingLine {
    std::optional<std::int64_t> cofinancer_id;
    std::string cofinancer_name;  ///< "Fonds propres des collectivités" for own funds
    int year = 0;
    std::int64_t amount_eur = 0;
    bool operator==(const FinancingLine&) const = default;
};

/// A fiche as users edit it: every editable field of a project and its links. It is also the
/// snapshot a version stores.
struct Fiche {
    std::int64_t id = 0;
    std::string title;
    std::string kind;    ///< projects.kind code
    std::string status;  ///< planned, active, finished
    std::string objectives;
    std::string description;
    std::string history;
    std::string context;
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::string convention_date;  ///< YYYY-MM-DD, empty when none
    std::optional<NamedId> lead;  ///< the lead French authority
    std::vector<NamedId> associates;
    std::vector<NamedId> themes;
    std::vector<NamedId> partners;  ///< name with the country: "Dakar (Sénégal)"
    std::vector<FinancingLine> financing;
    bool operator==(const Fiche&) const = default;
};

/// A fiche with its place in the history.
struct CurrentFiche {
    Fiche fiche;
    int version = 1;         ///< the current version (1 for a fiche never edited online)
    std::string updated_at;  ///< projects.updated_at
};

/// A financing line as submitted.
struct FinancingInput {
    std::optional<std::int64_t> cofinancer_id;  ///< nothing: own funds
    std::optional<int> year;
    std::optional<std::int64_t> amount_eur;
};

/// A fiche as submitted by a form or the API, before validation.
struct FicheInput {
    std::string title;
    std::string kind;
    std::string status;
    std::string objectives;
    std::string description;
    std::string history;
    std::string context;
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::string convention_date;
    std::vector<std::int64_t> themes;
    std::vector<std::int64_t> partners;
    std::vector<std::int64_t> associates;
    std::vector<FinancingInput> financing;
    /// Creation by a ministry user only: the lead authority (an authority user always creates
    /// for their own authority).
    std::optional<std::int64_t> lead_authority_id;
};

/// Why a version exists.
enum class VersionAction { kBaseline, kCreate, kEdit, kClose, kRevert };

/// One line of a fiche's history.
struct VersionInfo {
    std::int64_t project_id = 0;
    int version = 0;
    VersionAction action = VersionAction::kEdit;
    std::optional<std::int64_t> author_id;
    std::string author_name;
    std::optional<int> reverted_version;
    std::string summary;
    std::string created_at;
};

/// A stored version with its snapshot.
struct Version {
    VersionInfo info;
    Fiche fiche;
};

/// The result of a save.
struct Saved {
    std::int64_t project_id = 0;
    int version = 0;
    bool changed = true;  ///< false when the input equals the current fiche (nothing stored)
};

/// A recent change, for the ministry's review.
struct Change {
    VersionInfo info;
    std::string project_title;
    std::optional<std::int64_t> authority_id;  ///< the lead authority
    std::string authority_name;
    std::string region_name;
    std::string department_name;
};

/// The filters of the recent changes list. Dates are YYYY-MM-DD, inclusive.
struct ChangeFilter {
    std::string region_code;
    std::string department_code;
    std::optional<std::int64_t> authority_id;
    std::string from;
    std::string to;
    int page = 1;
};

struct ChangePage {
    std::int64_t total = 0;
    int page = 1;
    int pages = 1;
    std::vector<Change> items;
};

/// A lead authority's fiche (or an associated one) in "my projects".
struct MyFiche {
    std::int64_t id = 0;
    std::string title;
    std::string kind;
    std::string status;
    std::optional<int> start_year;
    std::optional<int> end_year;
    std::string updated_at;
    bool lead = true;  ///< false: the authority is an associate
};

/// Something to fix: on a fiche (project_id set) or on the authority's record.
struct QualityIssue {
    std::optional<std::int64_t> project_id;
    std::string project_title;
    std::string check;    ///< objectives, description, themes, partners, located, years, …
    std::string message;  ///< French, says what to fix
};

/// The data quality of one authority's fiches (those it leads).
struct QualityReport {
    std::int64_t authority_id = 0;
    std::string authority_name;
    std::string region_name;
    std::int64_t fiches = 0;
    std::int64_t checks = 0;  ///< criteria that apply
    std::int64_t passed = 0;  ///< criteria met
    int score = 100;          ///< 0–100: passed / checks, rounded
    std::int64_t stale = 0;   ///< fiches in progress not updated for 2 years
    std::vector<QualityIssue> issues;
};

/// One field of a diff between two versions.
struct DiffSegment {
    enum class Op { kEqual, kInsert, kDelete };
    Op op = Op::kEqual;
    std::string text;
};

struct FieldDiff {
    std::string key;    ///< title, objectives, themes…
    std::string label;  ///< French
    bool changed = false;
    bool text = false;                  ///< a long text: `segments` is a word diff
    std::vector<DiffSegment> segments;  ///< text fields: the word diff; others: old then new
    std::vector<std::string> removed;   ///< list fields
    std::vector<std::string> added;     ///< list fields
    std::vector<std::string> kept;      ///< list fields
    std::string before;                 ///< value fields, as shown
    std::string after;
};

}  // namespace cncd::fiches
