#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "modules/mail/mail.hpp"

namespace cncd::mail {

/// A mail a sender claimed: everything needed to build and send it.
struct ClaimedMail {
    OutboxMail mail;
    std::vector<Attachment> attachments;
    std::string claim_token;
};

/// Stores a validated mail and its recipients and attachments; returns its id. `times` are
/// already formatted (FormatUtc).
std::int64_t InsertMail(db::Connection& c, const Mail& mail, const std::string& message_token,
                        const std::string& created_at, const std::string& not_before);

/// Marks 'failed' the mails whose sender died while holding them (lease ended) after their
/// last allowed attempt. Returns how many.
std::int64_t FailAbandonedClaims(db::Connection& c, const std::string& now, int max_attempts);

/// Claims the next due mail (pending and due, or a lease that ended) for `claim_token` until
/// `lease_until`, counting an attempt. Nothing when no mail is due. Call inside a write.
std::optional<ClaimedMail> ClaimNextMail(db::Connection& c, const std::string& now,
                                         const std::string& lease_until,
                                         const std::string& claim_token, int max_attempts);

/// Records a sent mail if `claim_token` still holds it; false otherwise.
bool MarkSent(db::Connection& c, std::int64_t id, const std::string& claim_token,
              const std::string& now);

/// Records a failed attempt: back to 'pending' until `retry_at`, or 'failed' for good when
/// `retry_at` is empty. False when `claim_token` no longer holds the mail.
bool MarkAttemptFailed(db::Connection& c, std::int64_t id, const std::string& claim_token,
                       const std::string& error, const std::optional<std::string>& retry_at);

/// Cancels the pending mails with this reference (a mail being sent goes on); returns how many.
std::int64_t CancelPendingMails(db::Connection& c, const std::string& reference_kind,
                                std::int64_t reference_id);

/// One page of the outbox, newest first (bodies included, attachments listed).
MailPage ListMails(db::Connection& c, const MailFilter& filter);

/// One mail with its attachments listed; nothing when there is no such id.
std::optional<OutboxMail> FindMail(db::Connection& c, std::int64_t id);

/// One attachment with its bytes; nothing when there is none at that position.
std::optional<Attachment> FindAttachment(db::Connection& c, std::int64_t mail_id, int position);

}  // namespace cncd::mail
