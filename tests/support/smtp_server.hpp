#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cncd::testing {

/// A real SMTP server for tests: tests/support/smtp_server.py (Debian's python3-aiosmtpd) in a
/// child process on 127.0.0.1 and a free port, writing what it receives to a temporary folder.
/// Stopped and its folder removed on destruction. Add
/// ${CMAKE_SOURCE_DIR}/tests/support/smtp_server.cpp to a test's SOURCES to use it.
class SmtpTestServer {
  public:
    struct Options {
        /// RCPT TO answered 550 (permanent refusal) for these addresses.
        std::vector<std::string> reject_recipients;
        /// The first N messages are answered 451 (temporary failure).
        int temporary_failures = 0;
        /// "user:password": AUTH required (PLAIN/LOGIN, without TLS).
        std::string auth;
    };

    /// Starts the server and waits until it listens. Throws std::runtime_error when it cannot
    /// (python3-aiosmtpd missing: run scripts/setup.sh).
    SmtpTestServer();
    explicit SmtpTestServer(const Options& options);
    ~SmtpTestServer();
    SmtpTestServer(const SmtpTestServer&) = delete;
    SmtpTestServer& operator=(const SmtpTestServer&) = delete;

    int port() const { return port_; }
    /// "smtp://127.0.0.1:<port>", for --smtp-url or SmtpOptions::url.
    std::string url() const;
    /// Where messages are written (NNNN.eml and NNNN.json).
    const std::filesystem::path& dir() const { return dir_; }

    /// The messages received so far, in order, as decoded by Python's email package:
    /// {"mail_from", "rcpt_tos", "headers": {"Subject", "From", "To", "Date", "Message-ID"…},
    ///  "header_lines", "text", "html", "attachments": [{"filename", "content_type", "size",
    ///  "sha256", "base64"}], "max_line_length", "bare_lf", "defects"}.
    std::vector<nlohmann::json> Messages() const;
    /// Waits until at least `count` messages arrived (or `timeout`), then returns them all.
    std::vector<nlohmann::json> WaitForMessages(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    /// The raw bytes of message `index` (from 0) as received.
    std::string RawMessage(std::size_t index) const;

  private:
    std::filesystem::path dir_;
    int pid_ = -1;
    int stdin_fd_ = -1;
    int port_ = 0;
};

}  // namespace cncd::testing
