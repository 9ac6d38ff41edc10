#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cncd::mail {

/// What became of one message handed to a transport.
struct SendOutcome {
    bool sent = false;
    /// The server refused for good (an SMTP 5xx answer): retrying would not help.
    bool permanent = false;
    /// The server could not be reached or refused our credentials: nothing about this mail,
    /// so the sender stops its round instead of failing every mail in turn.
    bool server_unavailable = false;
    /// Why it was not sent, for the administrators ("RCPT failed: 550 …").
    std::string error;
};

/// Delivers a built message to its recipients.
class Transport {
  public:
    virtual ~Transport() = default;
    /// Sends `message` (RFC 5322, CRLF line ends) from envelope sender `from` to `to`.
    /// Never throws for a delivery failure: it is in the outcome.
    virtual SendOutcome Send(const std::string& from, const std::vector<std::string>& to,
                             const std::string& message) = 0;
};

/// How to reach the SMTP server.
struct SmtpOptions {
    /// "smtp://host:port" (STARTTLS when the server offers it) or "smtps://host:port" (TLS).
    std::string url;
    std::string user;      ///< empty: no authentication
    std::string password;  ///< from the environment (CNCD_SMTP_PASSWORD), never the command line
    /// Refuse to send (and to authenticate) unless the connection is encrypted.
    bool require_tls = false;
    std::chrono::seconds connect_timeout{20};
    std::chrono::seconds timeout{120};  ///< the whole exchange of one message
};

/// A Transport over SMTP with libcurl. Consecutive messages reuse the connection while the
/// server keeps it open; a failure drops it. Thread-compatible: use one instance per thread.
class SmtpTransport : public Transport {
  public:
    explicit SmtpTransport(SmtpOptions options);
    ~SmtpTransport() override;
    SendOutcome Send(const std::string& from, const std::vector<std::string>& to,
                     const std::string& message) override;

  private:
    struct Handle;
    SmtpOptions options_;
    std::unique_ptr<Handle> handle_;  ///< the libcurl handle and its open connection
};

}  // namespace cncd::mail
