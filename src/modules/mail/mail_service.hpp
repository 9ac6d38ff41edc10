#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/mail/mail.hpp"

namespace cncd::mail {

/// The outbox: modules put mails in it inside their own write transaction; administrators
/// read it. Sending is MailSender's job. Thread-safe (holds no state but the database).
class MailService {
  public:
    /// `clock` dates the mails (the system clock by default).
    explicit MailService(db::Database& db, Clock clock = {});

    /// Validates `mail` and stores it in the outbox through `c`, the caller's write
    /// transaction: if that transaction rolls back, the mail is gone too and nothing is sent.
    /// Returns the mail's id. Fails with kInvalidArgument (French message, field "to",
    /// "subject", "text", "html", "reply_to", "attachments" or "reference_kind") for an
    /// invalid address, a subject with a line break, a body that is not UTF-8 or over the
    /// limits of mail.hpp.
    Result<std::int64_t> Enqueue(db::Connection& c, const Mail& mail) const;

    /// Enqueue in a write transaction of its own (for a caller with nothing else to write).
    Result<std::int64_t> Enqueue(const Mail& mail) const;

    /// Withdraws the mails about (`reference_kind`, `reference_id`) that are still pending, in
    /// the caller's write transaction (a reminder made obsolete by a declaration submitted
    /// before its date). A mail being sent at that moment goes. Returns how many were cancelled.
    std::int64_t CancelPending(db::Connection& c, const std::string& reference_kind,
                               std::int64_t reference_id) const;

    /// One page of the outbox, newest first. Fails with kInvalidArgument for a page < 1.
    Result<MailPage> List(const MailFilter& filter) const;

    /// One mail; kNotFound when there is no such id.
    Result<OutboxMail> Get(std::int64_t id) const;

    /// One attachment with its bytes; kNotFound when there is none.
    Result<Attachment> GetAttachment(std::int64_t mail_id, int position) const;

  private:
    db::Database& db_;
    Clock clock_;
};

/// Checks a mail against the rules Enqueue applies (exposed for callers that build a mail from
/// user input and want the message before writing).
Status ValidateMail(const Mail& mail);

/// 32 random hexadecimal characters (the mail's token, claim tokens).
std::string RandomToken();

}  // namespace cncd::mail
