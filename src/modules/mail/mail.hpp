#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cncd::mail {

using TimePoint = std::chrono::system_clock::time_point;
/// The time the mail module reads (the system clock in production, a fake one in tests).
using Clock = std::function<TimePoint()>;

/// A file sent with a mail (a PDF receipt…). `content` holds the raw bytes.
struct Attachment {
    std::string filename;      ///< shown to the recipient, UTF-8, no path
    std::string content_type;  ///< "application/pdf"
    std::string content;
};

/// A mail to put in the outbox (MailService::Enqueue).
struct Mail {
    std::vector<std::string> to;  ///< one or more addresses, "agent@example.org"
    std::string subject;          ///< UTF-8, one line
    std::string text;             ///< the plain-text body, UTF-8 (required)
    std::string html;             ///< an optional HTML alternative of the same content
    std::vector<Attachment> attachments;
    std::string reply_to;  ///< optional address for answers
    /// Not sent before this time (reminders at a date); now when empty.
    std::optional<TimePoint> not_before;
    /// What the mail is about, so its sender can find it: kind "apd_declaration", id 42.
    std::string reference_kind;
    std::optional<std::int64_t> reference_id;
};

/// Where a mail stands in the outbox.
enum class MailStatus {
    kPending,  ///< waiting for its date or for the next attempt
    kSending,  ///< claimed by a sender right now
    kSent,
    kFailed,     ///< gave up: permanent refusal or too many attempts
    kCancelled,  ///< withdrawn by its sender before it was sent
};

/// The stored name of a status ("pending"…) and back.
std::string_view StatusName(MailStatus status);
std::optional<MailStatus> ParseStatus(std::string_view name);

/// `time` as stored in the outbox: UTC "YYYY-MM-DD HH:MM:SS" (compares as text).
std::string FormatUtc(TimePoint time);

/// An attachment as listed (without its bytes).
struct AttachmentInfo {
    int position = 0;
    std::string filename;
    std::string content_type;
    std::int64_t size = 0;
};

/// A mail as stored in the outbox. Times are UTC, "YYYY-MM-DD HH:MM:SS".
struct OutboxMail {
    std::int64_t id = 0;
    std::vector<std::string> to;
    std::string subject;
    std::string text;
    std::string html;
    std::string reply_to;
    std::string reference_kind;
    std::optional<std::int64_t> reference_id;
    std::string message_token;  ///< random, stable across attempts (the Message-ID's left part)
    std::string created_at;
    std::string not_before;
    std::string next_attempt_at;
    MailStatus status = MailStatus::kPending;
    int attempts = 0;
    std::string last_error;
    std::string sent_at;
    std::vector<AttachmentInfo> attachments;
};

/// Filters of the outbox list; empty fields do not filter.
struct MailFilter {
    std::optional<MailStatus> status;
    std::string reference_kind;
    std::optional<std::int64_t> reference_id;
    std::string recipient;  ///< exact address, case-insensitive
    int page = 1;           ///< from 1
    int page_size = 50;
};

/// One page of the outbox, newest first.
struct MailPage {
    std::vector<OutboxMail> mails;  ///< without bodies' attachments' bytes
    std::int64_t total = 0;
};

/// Limits on what Enqueue accepts.
inline constexpr std::size_t kMaxRecipients = 50;
inline constexpr std::size_t kMaxAddressBytes = 254;
inline constexpr std::size_t kMaxSubjectBytes = 400;
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;
inline constexpr std::size_t kMaxAttachments = 10;
inline constexpr std::size_t kMaxAttachmentBytes = 10 << 20;  ///< all attachments together
inline constexpr std::size_t kMaxFilenameBytes = 200;
inline constexpr std::size_t kMaxReferenceKindBytes = 64;

}  // namespace cncd::mail
