#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/apd/apd.hpp"
#include "modules/apd/apd_service.hpp"
#include "modules/mail/mail_service.hpp"

namespace cncd::apd {

/// The reminder dates of a campaign (table apd_reminders) and their mails: one per date and
/// per authority expected to declare that has not submitted, to the active users of the
/// organisation holding it, queued in the outbox with not_before = the date (08:00 UTC),
/// reference_kind "apd_reminder", reference_id = the authority. A submission cancels that
/// authority's pending reminders (InstallApdHooks).
class Reminders {
  public:
    Reminders(db::Database& db, DeclarationService& service, const mail::MailService& mail,
              std::string public_url);

    /// The outbox reference of the reminders of `year`'s campaign ("apd_reminder_2024", with
    /// the authority as reference id): a submission cancels its own campaign's reminders only.
    static std::string MailKind(int year) { return "apd_reminder_" + std::to_string(year); }

    /// The dates set for `year`, in order.
    std::vector<std::string> Dates(int year);
    /// Replaces the dates of `year` (ministry; at most 6, ISO, today or later, within or
    /// before the window's close) and re-queues the mails: pending reminders are cancelled
    /// first. Returns how many mails were queued. One transaction, recorded in the audit log.
    Result<std::int64_t> Set(const Actor& actor, int year, std::vector<std::string> dates);

  private:
    db::Database& db_;
    DeclarationService& service_;
    const mail::MailService& mail_;
    std::string public_url_;
};

/// The active users' addresses of the organisation holding authority `authority_id`.
std::vector<std::string> AuthorityEmails(db::Connection& c, std::int64_t authority_id);

}  // namespace cncd::apd
