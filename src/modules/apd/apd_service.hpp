#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/apd/apd.hpp"
#include "modules/apd/apd_repository.hpp"

namespace cncd::apd {

/// A saved draft with the warnings to show next to the fields.
struct Saved {
    Declaration declaration;
    std::vector<Issue> warnings;
};

/// One change the service made, given to the write hook inside the change's transaction.
struct Change {
    std::string action;       ///< "apd.declaration.create|save|submit|return|validate",
                              ///< "apd.campaign.open", "apd.reopening.set"
    std::string record_type;  ///< "apd_declaration", "apd_campaign", "apd_reopening"
    std::string record_id;
    nlohmann::json before;  ///< null for a creation
    nlohmann::json after;
    const Declaration* declaration = nullptr;  ///< the declaration after the change, if any
};

/// Runs inside the write transaction of every change (audit log, receipt mail, reminders):
/// an error rolls the whole change back.
using WriteHook = std::function<Status(db::Connection&, const Actor&, const Change&)>;

/// The yearly declaration of APD: campaigns and their window, declarations and their
/// versions, the checks, submission and the ministry's review. Every function takes the
/// actor explicitly: an authority acts on its own declarations only, the ministry reviews.
/// Writes are one transaction each (a refused write changes nothing). Thread-safe.
class DeclarationService {
  public:
    /// Today's date in ISO form (YYYY-MM-DD), the window's reference.
    using Today = std::function<std::string()>;

    /// `today` defaults to the server's local date.
    explicit DeclarationService(db::Database& db, Today today = {});

    /// The database the service works on (for the pages' read-only lists).
    db::Database& database() { return db_; }
    /// Sets the hook every write calls before committing (once, before serving).
    void SetWriteHook(WriteHook hook) { hook_ = std::move(hook); }

    // Campaigns (ministry) ----------------------------------------------------------------
    /// Opens (or changes the window of) the campaign of `year`; dates default to 15 April and
    /// 31 May of year + 1.
    Result<Campaign> OpenCampaign(const Actor& actor, int year, std::string opens_on = {},
                                  std::string closes_on = {});
    /// Lets `authority_id` edit and submit its declaration of `year` until `until` inclusive.
    Status Reopen(const Actor& actor, int year, std::int64_t authority_id, std::string until,
                  std::string reason);
    std::optional<Campaign> FindCampaign(int year);
    /// Every campaign, latest year first.
    std::vector<Campaign> Campaigns();
    /// The campaign whose window contains today, else the latest one.
    std::optional<Campaign> CurrentCampaign();
    /// Today, as the window sees it (ISO).
    std::string TodayDate() const { return TodayIso(); }
    /// The end of the authority's reopening of `year`, if any.
    std::optional<std::string> ReopenedUntil(int year, std::int64_t authority_id);
    /// True when the authority may edit and submit its declaration of `year` today.
    bool IsOpenFor(int year, std::int64_t authority_id);

    // Declarations ------------------------------------------------------------------------
    /// Creates the declaration of `authority_id` for `year`, prefilled from last year's lines
    /// (its current version), else from the authority's Atlas projects running that year, else
    /// from its latest earlier declaration.
    Result<Declaration> Create(const Actor& actor, std::int64_t authority_id, int year,
                               bool prefill = true);
    Result<Declaration> Get(const Actor& actor, std::int64_t declaration_id);
    /// The authority a declaration belongs to (to ask the policy before acting), if it exists.
    std::optional<std::int64_t> AuthorityOf(std::int64_t declaration_id);
    /// The declarations of one authority, latest year first.
    Result<std::vector<repo::Summary>> ListOf(const Actor& actor, std::int64_t authority_id);
    Result<Declaration> Find(const Actor& actor, std::int64_t authority_id, int year);
    /// Every check of a draft, errors and warnings, each at its field.
    std::vector<Issue> Check(std::int64_t authority_id, const Draft& draft);
    /// Saves the draft: replaces the current draft version's lines, or starts a new version
    /// when the current one was returned or validated. Refused while submitted, outside the
    /// window (unless reopened), or with an error (the first one, at its field).
    Result<Saved> SaveDraft(const Actor& actor, std::int64_t declaration_id, const Draft& draft);
    /// Submits the current draft: only inside the window or a reopening, without errors.
    /// Two submissions at once give one submitted version (the other is refused).
    Result<Declaration> Submit(const Actor& actor, std::int64_t declaration_id);
    /// The ministry sends a submitted version back with a comment (required).
    Result<Declaration> Return(const Actor& actor, std::int64_t declaration_id,
                               const std::string& comment);
    /// The ministry validates the submitted version: the statistics and the Atlas count it.
    Result<Declaration> Validate(const Actor& actor, std::int64_t declaration_id,
                                 const std::string& comment = {});
    /// The declarations of a year with their state (ministry).
    Result<std::vector<repo::Summary>> List(const Actor& actor, int year);

    /// Who has not declared `year` (ministry): the authorities with an Atlas project running
    /// that year in an APD-eligible country and no submitted or validated declaration, by
    /// région, département and name; filters by authority type, région, département (empty:
    /// all).
    Result<std::vector<repo::Missing>> NotDeclared(const Actor& actor, int year,
                                                   const std::string& kind = {},
                                                   const std::string& region_code = {},
                                                   const std::string& department_code = {});

    /// "Has this authority declared its APD for `year`?" (submitted or validated): the
    /// precondition of the calls for projects.
    bool HasDeclared(std::int64_t authority_id, int year);

  private:
    std::string TodayIso() const;
    Status CheckWindow(db::Connection& c, std::int64_t authority_id, int year) const;
    Status CheckAccess(const Actor& actor, std::int64_t authority_id) const;
    std::vector<Issue> CheckOn(db::Connection& c, std::int64_t authority_id, const Draft& draft);

    Status Notify(db::Connection& c, const Actor& actor, const Change& change) const;

    db::Database& db_;
    Today today_;
    WriteHook hook_;
};

/// The French date "31 mai 2026" of an ISO date.
std::string FrenchDate(const std::string& iso);
/// True for a valid ISO date YYYY-MM-DD.
bool IsIsoDate(std::string_view s);

}  // namespace cncd::apd
