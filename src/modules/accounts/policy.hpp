#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "modules/accounts/accounts.hpp"

/// The one place that decides who may do what on which record. Modules describe the record
/// (who owns it) and ask; they never compare roles themselves.
namespace cncd::accounts {

enum class Action {
    kViewDraft,           ///< read an unpublished record (draft fiche, declaration, dossier)
    kEditProject,         ///< create or change a fiche-projet of an authority
    kCloseProject,        ///< close (end) a fiche-projet
    kDeclareApd,          ///< fill in and submit an authority's APD declaration
    kReviewApd,           ///< check declarations, ask for corrections (ministry)
    kApproveUser,         ///< approve or refuse a pending account of an organisation
    kManageOrganisation,  ///< invite users, change roles, disable accounts of an organisation
    kMergeOrganisations,  ///< merge two organisations (communes nouvelles)
    kRevertChange,        ///< revert a change of any record (ministry)
    kReadOutbox,          ///< read the mails kept by the portal
    kReadAudit,           ///< read the audit log
    kManageDocuments,     ///< read, add and delete the documents of an organisation's archive
};

/// Every action, for matrices and documentation.
const std::vector<Action>& AllActions();
/// "view_draft", "edit_project"…
std::string_view ToString(Action action);

/// Who owns a record: the organisation, and for an authority's record the Atlas authority.
/// A record of no one (std::nullopt both) is a ministry matter.
struct Resource {
    std::optional<std::int64_t> organisation_id;
    std::optional<std::int64_t> authority_id;

    static Resource OfOrganisation(std::int64_t id) { return {id, std::nullopt}; }
    static Resource OfAuthority(std::int64_t id) { return {std::nullopt, id}; }
    static Resource Global() { return {}; }
};

/// True when `principal` (nullptr: anonymous) may do `action` on `resource`.
///
/// Rules: anonymous visitors may do none of these. Ministry administrators may do all.
/// Ministry instructors may view drafts, review APD declarations and read the audit log.
/// Staff of an authority organisation may view drafts, edit and close projects and declare APD
/// for the authorities their organisation holds, and no other. An organisation administrator may
/// also approve users of, and manage, their own organisation. Staff of embassies, prefectures,
/// operators and networks may view the drafts of their own organisation's records. Every
/// member of an organisation (instructors included) manages its document archive.
bool IsAllowed(const Principal* principal, Action action, const Resource& resource);

/// IsAllowed as a Status: kUnauthenticated for an anonymous visitor, kPermissionDenied (with
/// a French message) when signed in but not allowed.
Status Authorize(const Principal* principal, Action action, const Resource& resource);

}  // namespace cncd::accounts
