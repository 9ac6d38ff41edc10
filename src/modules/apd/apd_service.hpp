#pragma once

#include <cstdint>
#include <functional>
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

    // Campaigns (ministry) ----------------------------------------------------------------
    /// Opens (or changes the window of) the campaign of `year`; dates default to 15 April and
    /// 31 May of year + 1.
    Result<Campaign> OpenCampaign(const Actor& actor, int year, std::string opens_on = {},
                                  std::string closes_on = {});
    /// Lets `authority_id` edit and submit its declaration of `year` until `until` inclusive.
    Status Reopen(const Actor& actor, int year, std::int64_t authority_id, std::string until,
                  std::string reason);
    std::optional<Campaign> FindCampaign(int year);

    // Declarations ------------------------------------------------------------------------
    /// Creates the declaration of `authority_id` for `year`, prefilled from last year's lines
    /// (its current version) or else from the authority's Atlas projects running that year.
    Result<Declaration> Create(const Actor& actor, std::int64_t authority_id, int year,
                               bool prefill = true);
    Result<Declaration> Get(const Actor& actor, std::int64_t declaration_id);
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

    db::Database& db_;
    Today today_;
};

/// The French date "31 mai 2026" of an ISO date.
std::string FrenchDate(const std::string& iso);
/// True for a valid ISO date YYYY-MM-DD.
bool IsIsoDate(std::string_view s);

}  // namespace cncd::apd
