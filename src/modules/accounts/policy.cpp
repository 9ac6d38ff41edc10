#include "modules/accounts/policy.hpp"

#include <algorithm>
#include <array>

namespace cncd::accounts {

namespace {

struct ActionName {
    Action action;
    std::string_view name;
};

constexpr std::array kActionNames{
    ActionName{Action::kViewDraft, "view_draft"},
    ActionName{Action::kEditProject, "edit_project"},
    ActionName{Action::kCloseProject, "close_project"},
    ActionName{Action::kDeclareApd, "declare_apd"},
    ActionName{Action::kReviewApd, "review_apd"},
    ActionName{Action::kApproveUser, "approve_user"},
    ActionName{Action::kManageOrganisation, "manage_organisation"},
    ActionName{Action::kMergeOrganisations, "merge_organisations"},
    ActionName{Action::kRevertChange, "revert_change"},
    ActionName{Action::kReadOutbox, "read_outbox"},
    ActionName{Action::kReadAudit, "read_audit"},
    ActionName{Action::kManageDocuments, "manage_documents"},
};

bool HoldsAuthority(const Principal& p, const Resource& r) {
    if (p.organisation_kind != OrganisationKind::kAuthority || !r.authority_id) return false;
    return std::find(p.authority_ids.begin(), p.authority_ids.end(), *r.authority_id) !=
           p.authority_ids.end();
}

bool IsOwnOrganisation(const Principal& p, const Resource& r) {
    return r.organisation_id && *r.organisation_id == p.organisation_id;
}

bool InstructorMay(const Principal& p, Action action, const Resource& r) {
    switch (action) {
        case Action::kManageDocuments:
            return IsOwnOrganisation(p, r);
        case Action::kViewDraft:
        case Action::kReviewApd:
        case Action::kReadAudit:
            return true;
        case Action::kEditProject:
        case Action::kCloseProject:
        case Action::kDeclareApd:
        case Action::kApproveUser:
        case Action::kManageOrganisation:
        case Action::kMergeOrganisations:
        case Action::kRevertChange:
        case Action::kReadOutbox:
            return false;
    }
    return false;
}

bool StaffMay(const Principal& p, Action action, const Resource& r) {
    const bool admin = p.role == Role::kOrgAdmin;
    switch (action) {
        case Action::kViewDraft:
            return HoldsAuthority(p, r) || IsOwnOrganisation(p, r);
        case Action::kEditProject:
        case Action::kCloseProject:
        case Action::kDeclareApd:
            return HoldsAuthority(p, r);
        case Action::kApproveUser:
        case Action::kManageOrganisation:
            return admin && IsOwnOrganisation(p, r);
        case Action::kManageDocuments:
            return IsOwnOrganisation(p, r);
        case Action::kReviewApd:
        case Action::kMergeOrganisations:
        case Action::kRevertChange:
        case Action::kReadOutbox:
        case Action::kReadAudit:
            return false;
    }
    return false;
}

}  // namespace

const std::vector<Action>& AllActions() {
    static const std::vector<Action> actions = [] {
        std::vector<Action> out;
        for (const auto& entry : kActionNames) out.push_back(entry.action);
        return out;
    }();
    return actions;
}

std::string_view ToString(Action action) {
    for (const auto& entry : kActionNames) {
        if (entry.action == action) return entry.name;
    }
    return "unknown";
}

bool IsAllowed(const Principal* principal, Action action, const Resource& resource) {
    if (principal == nullptr) return false;
    switch (principal->role) {
        case Role::kMinistryAdmin:
            return true;
        case Role::kInstructor:
            return InstructorMay(*principal, action, resource);
        case Role::kMember:
        case Role::kOrgAdmin:
            return StaffMay(*principal, action, resource);
    }
    return false;
}

Status Authorize(const Principal* principal, Action action, const Resource& resource) {
    if (principal == nullptr) return Error{ErrorCode::kUnauthenticated, {}, {}};
    if (IsAllowed(principal, action, resource)) return Ok{};
    return Error{ErrorCode::kPermissionDenied,
                 "Votre compte ne permet pas cette action sur cet élément.",
                 {}};
}

}  // namespace cncd::accounts
