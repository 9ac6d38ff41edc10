#pragma once

#include <mutex>
#include <string>
#include <vector>

/// How the accounts module sends mail (password reset, invitation, approval). The portal wires
/// the mail module's outbox behind this interface; tests use MemoryMailer.
namespace cncd::accounts {

struct Mail {
    std::string to;
    std::string subject;
    std::string body;  ///< plain text, UTF-8
};

class Mailer {
  public:
    virtual ~Mailer() = default;
    /// Queues `mail` for delivery. Called after the change that asked for it is committed.
    /// Throws on a failure to queue (a bug or an outage, not an expected case).
    virtual void Send(const Mail& mail) = 0;
};

/// Keeps the mails in memory, in order (tests, and a portal without the mail module). Writes
/// nothing to the log: the mails carry one-time links.
class MemoryMailer : public Mailer {
  public:
    void Send(const Mail& mail) override;
    /// A copy of every mail sent so far.
    std::vector<Mail> Sent() const;
    /// The last mail sent to `to`; an empty Mail when none.
    Mail LastTo(const std::string& to) const;

  private:
    mutable std::mutex mutex_;
    std::vector<Mail> sent_;
};

}  // namespace cncd::accounts
