#include "modules/mail/mail_sender.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

#include "modules/mail/mail_repository.hpp"
#include "modules/mail/mail_service.hpp"

namespace cncd::mail {
namespace {

// Error texts come from the SMTP server; keep what an administrator needs.
constexpr std::size_t kMaxErrorBytes = 1000;

std::string MessageId(const OutboxMail& mail, const Mailbox& from) {
    const auto at = from.address.rfind('@');
    const std::string domain = at == std::string::npos ? "localhost" : from.address.substr(at + 1);
    return "cncd." + std::to_string(mail.id) + "." + mail.message_token + "@" + domain;
}

}  // namespace

std::chrono::seconds RetryDelay(int attempts, const SenderOptions& options) {
    auto delay = options.first_retry;
    for (int i = 1; i < attempts && delay < options.max_retry; ++i) delay *= 2;
    return std::min(delay, options.max_retry);
}

MailSender::MailSender(db::Database& db, Transport& transport, SenderOptions options)
    : db_(db), transport_(transport), options_(std::move(options)) {
    if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
}

SendReport MailSender::SendPending() {
    SendReport report;
    for (int n = 0; n < options_.max_per_run; ++n) {
        const TimePoint now = options_.clock();
        const std::string claim_token = RandomToken();
        auto claimed = db_.Write([&](db::Connection& c) {
            FailAbandonedClaims(c, FormatUtc(now), options_.max_attempts);
            return ClaimNextMail(c, FormatUtc(now), FormatUtc(now + options_.lease), claim_token,
                                 options_.max_attempts);
        });
        if (!claimed) break;
        const OutboxMail& mail = claimed->mail;
        MessageParts parts{.from = options_.from,
                           .to = mail.to,
                           .reply_to = mail.reply_to,
                           .subject = mail.subject,
                           .text = mail.text,
                           .html = mail.html,
                           .attachments = std::move(claimed->attachments),
                           .date = now,
                           .message_id = MessageId(mail, options_.from),
                           .boundary_seed = mail.message_token};
        const std::string message = BuildMessage(parts);
        SendOutcome outcome = transport_.Send(options_.from.address, mail.to, message);
        const TimePoint done = options_.clock();
        if (outcome.sent) {
            db_.Write([&](db::Connection& c) {
                return MarkSent(c, mail.id, claim_token, FormatUtc(done));
            });
            ++report.sent;
            continue;
        }
        if (outcome.error.size() > kMaxErrorBytes) outcome.error.resize(kMaxErrorBytes);
        const bool give_up = outcome.permanent || mail.attempts >= options_.max_attempts;
        std::optional<std::string> retry_at;
        if (!give_up) retry_at = FormatUtc(done + RetryDelay(mail.attempts, options_));
        db_.Write([&](db::Connection& c) {
            return MarkAttemptFailed(c, mail.id, claim_token, outcome.error, retry_at);
        });
        spdlog::warn("mail {}: attempt {} failed{}: {}", mail.id, mail.attempts,
                     give_up ? " for good" : "", outcome.error);
        if (give_up) {
            ++report.failed;
        } else {
            ++report.retried;
        }
        if (outcome.server_unavailable) break;
    }
    return report;
}

MailWorker::MailWorker(MailSender& sender, std::chrono::milliseconds interval)
    : sender_(sender), interval_(interval), thread_([this] { Run(); }) {}

MailWorker::~MailWorker() { Stop(); }

void MailWorker::Wake() {
    {
        std::lock_guard lock(mutex_);
        wake_ = true;
    }
    cv_.notify_one();
}

void MailWorker::Stop() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void MailWorker::Run() {
    for (;;) {
        try {
            const SendReport r = sender_.SendPending();
            if (r.sent + r.retried + r.failed > 0) {
                spdlog::info("mail: {} sent, {} to retry, {} failed", r.sent, r.retried, r.failed);
            }
        } catch (const std::exception& e) {
            spdlog::error("mail: sending stopped by an error, next round in {} ms: {}",
                          interval_.count(), e.what());
        }
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, interval_, [this] { return stop_ || wake_; });
        if (stop_) return;
        wake_ = false;
    }
}

}  // namespace cncd::mail
