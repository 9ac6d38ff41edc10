#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "db/database.hpp"
#include "modules/mail/mail.hpp"
#include "modules/mail/mime.hpp"
#include "modules/mail/smtp_transport.hpp"

namespace cncd::mail {

/// How the sender sends and retries.
struct SenderOptions {
    Mailbox from;  ///< the From header and the envelope sender
    /// Attempts before a mail is marked failed (a 5xx refusal fails it at once).
    int max_attempts = 10;
    /// Wait after the first failed attempt; doubled after each further one, up to max_retry.
    std::chrono::seconds first_retry{60};
    std::chrono::seconds max_retry{std::chrono::hours(6)};
    /// How long a claim lasts: a sender that dies mid-send leaves the mail to others after it.
    /// Longer than the transport's timeout.
    std::chrono::seconds lease{std::chrono::minutes(10)};
    /// At most this many mails per SendPending call.
    int max_per_run = 1000;
    Clock clock;  ///< the system clock by default
};

/// What one SendPending call did.
struct SendReport {
    int sent = 0;
    int retried = 0;  ///< failed, will be tried again
    int failed = 0;   ///< failed for good
};

/// The wait before attempt `attempts + 1` after `attempts` failed ones (≥ 1):
/// first_retry × 2^(attempts − 1), at most max_retry.
std::chrono::seconds RetryDelay(int attempts, const SenderOptions& options);

/// Sends the outbox's due mails. Each mail is claimed in a write transaction before it is sent
/// (BEGIN IMMEDIATE: one claimant at a time, across threads and processes), so two senders on
/// the same database never send a mail twice. A sender that dies after sending but before
/// recording it leaves the mail claimed until its lease ends; it is then sent again (at least
/// once, the only choice without a transaction spanning the SMTP server).
class MailSender {
  public:
    MailSender(db::Database& db, Transport& transport, SenderOptions options);

    /// Sends every mail due now (not_before and retry time passed), one at a time, until none
    /// is due, max_per_run, or the server is unavailable (the round stops after that mail's
    /// failed attempt). Throws db::DatabaseError on a database failure.
    SendReport SendPending();

  private:
    db::Database& db_;
    Transport& transport_;
    SenderOptions options_;
};

/// Runs a MailSender in a background thread: every `interval`, and at once on Wake().
/// Stops (and joins) on destruction; a database error is logged, not fatal.
class MailWorker {
  public:
    MailWorker(MailSender& sender, std::chrono::milliseconds interval);
    ~MailWorker();
    MailWorker(const MailWorker&) = delete;
    MailWorker& operator=(const MailWorker&) = delete;

    /// Asks for a round now (after a caller committed a mail it wants sent soon).
    void Wake();
    /// Stops after the current mail; idempotent.
    void Stop();

  private:
    void Run();

    MailSender& sender_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool wake_ = false;
    std::thread thread_;
};

}  // namespace cncd::mail
