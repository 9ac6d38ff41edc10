#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/apd/apd.hpp"

namespace cncd::apd::repo {

/// The SQL of the declarations, on an open transaction.

std::optional<Campaign> FindCampaign(db::Connection& c, int year);
/// Every campaign, latest year first.
std::vector<Campaign> Campaigns(db::Connection& c);
/// The authority of a declaration, if it exists.
std::optional<std::int64_t> AuthorityOfDeclaration(db::Connection& c, std::int64_t declaration_id);
void UpsertCampaign(db::Connection& c, const Campaign& campaign);
/// The last day a reopening lets `authority_id` edit year `year`, if any.
std::optional<std::string> ReopenedUntil(db::Connection& c, int year, std::int64_t authority_id);
void UpsertReopening(db::Connection& c, int year, std::int64_t authority_id,
                     const std::string& until, const std::string& reason);

struct AuthorityRef {
    std::int64_t id = 0;
    std::string name;
    std::string siren;
};
std::optional<AuthorityRef> FindAuthority(db::Connection& c, std::int64_t id);

/// The declaration header: ids and the current version's state.
struct Header {
    std::int64_t id = 0;
    std::int64_t authority_id = 0;
    int year = 0;
    std::int64_t current_version_id = 0;
    int current_number = 0;
    State state = State::kDraft;
    bool nothing_to_declare = false;
    std::optional<std::int64_t> validated_version_id;
};
std::optional<Header> FindHeader(db::Connection& c, std::int64_t declaration_id);
std::optional<std::int64_t> FindDeclarationId(db::Connection& c, std::int64_t authority_id,
                                              int year);
/// The authority's latest declaration of a year before `year`, if any.
std::optional<std::int64_t> LatestDeclarationBefore(db::Connection& c, std::int64_t authority_id,
                                                    int year);
/// A new declaration with an empty draft version 1; returns its id.
std::int64_t InsertDeclaration(db::Connection& c, std::int64_t authority_id, int year);
/// A new draft version after the current one; returns its id.
std::int64_t InsertVersion(db::Connection& c, std::int64_t declaration_id, int number);
void ReplaceLines(db::Connection& c, std::int64_t version_id, const std::vector<Line>& lines);
void SetNothingToDeclare(db::Connection& c, std::int64_t version_id, bool nothing);
std::vector<Line> Lines(db::Connection& c, std::int64_t version_id);
void MarkSubmitted(db::Connection& c, std::int64_t version_id, const std::string& by);
/// Sets the version's state after review (renvoyee or validee).
void MarkReviewed(db::Connection& c, std::int64_t version_id, State state, const std::string& by);
void Publish(db::Connection& c, std::int64_t declaration_id, std::int64_t version_id);
void InsertComment(db::Connection& c, std::int64_t declaration_id, std::int64_t version_id,
                   const std::string& kind, const std::string& author, const std::string& body);
void Touch(db::Connection& c, std::int64_t declaration_id);
/// The full declaration (lines of the current version, history, comments).
std::optional<Declaration> LoadDeclaration(db::Connection& c, std::int64_t declaration_id);

/// Country facts the checks need.
struct CountryRef {
    std::string name;
    bool apd_eligible = false;
};
std::optional<CountryRef> FindCountry(db::Connection& c, const std::string& iso2);
/// True when `project_id` exists and `authority_id` takes part in it.
bool AuthorityInProject(db::Connection& c, std::int64_t authority_id, std::int64_t project_id);

/// The authority's Atlas projects running in `year` in an APD-eligible country with their
/// first theme's DAC code and the own-funds financing of that year (lead authority only).
struct ProjectSeed {
    std::int64_t project_id = 0;
    std::string country_iso2;
    std::string dac_code;
    std::int64_t own_funds_eur = 0;
};
std::vector<ProjectSeed> ProjectSeeds(db::Connection& c, std::int64_t authority_id, int year);

/// The declarations of a year for the review: id, authority, state.
struct Summary {
    std::int64_t id = 0;
    std::int64_t authority_id = 0;
    std::string authority_name;
    State state = State::kDraft;
    int version = 0;
    std::int64_t total_eur = 0;
    int year = 0;
};
std::vector<Summary> ListDeclarations(db::Connection& c, int year);
/// The declarations of one authority, latest year first.
std::vector<Summary> ListForAuthority(db::Connection& c, std::int64_t authority_id);

/// An authority expected to declare `year` that has not (no submitted or validated
/// declaration): one with an Atlas project running that year in an APD-eligible country.
struct Missing {
    std::int64_t authority_id = 0;
    std::string name;
    std::string kind;
    std::string region_code;
    std::string region;
    std::string department_code;
    std::string department;
    std::string state;  ///< its declaration's state, empty when it has none
};
/// Filters are ignored when empty.
std::vector<Missing> NotDeclared(db::Connection& c, int year, const std::string& kind,
                                 const std::string& region_code,
                                 const std::string& department_code);

/// True when the authority's declaration of `year` was submitted (under review) or validated.
bool HasDeclared(db::Connection& c, std::int64_t authority_id, int year);

}  // namespace cncd::apd::repo
