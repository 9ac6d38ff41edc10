#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "db/database.hpp"
#include "modules/mail/mail_sender.hpp"
#include "modules/mail/smtp_transport.hpp"

namespace cncd::mail {

/// The sender's settings as given on the command line (cncd serve / cncd mail send-pending).
struct DeliverySettings {
    std::string smtp_url;  ///< "smtp://host:port" or "smtps://host:port"; empty: no delivery
    /// The From of every mail: "Name <address>" or "address" (required with smtp_url).
    std::string from;
    std::string user;  ///< SMTP user; the password is read from CNCD_SMTP_PASSWORD
    bool require_tls = false;
    std::chrono::seconds interval{10};  ///< background rounds
};

/// SMTP delivery of the outbox: a transport, a sender and, once started, a background worker.
class MailDelivery {
  public:
    /// Checks the settings (URL scheme, From address) and reads the password from the
    /// environment variable CNCD_SMTP_PASSWORD. Fails with a French message naming the option.
    static Result<std::unique_ptr<MailDelivery>> Create(db::Database& db,
                                                        const DeliverySettings& settings);

    /// Sends the due mails now, in this thread.
    SendReport SendPending() { return sender_.SendPending(); }
    /// Starts the background worker (idempotent); it stops with this object.
    void Start();
    /// Asks the worker for a round now.
    void Wake();

    MailDelivery(db::Database& db, const SmtpOptions& smtp, SenderOptions sender,
                 std::chrono::seconds interval);
    ~MailDelivery();

  private:
    SmtpTransport transport_;
    MailSender sender_;
    std::chrono::seconds interval_;
    std::unique_ptr<MailWorker> worker_;
};

}  // namespace cncd::mail
