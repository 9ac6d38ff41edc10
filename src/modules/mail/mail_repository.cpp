#include "modules/mail/mail_repository.hpp"

#include <string_view>

namespace cncd::mail {
namespace {

constexpr std::string_view kInsertMail =
    "INSERT INTO mail_outbox (subject, text_body, html_body, reply_to, reference_kind, "
    "reference_id, message_token, created_at, not_before, next_attempt_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertRecipient =
    "INSERT INTO mail_recipients (mail_id, position, address) VALUES (?, ?, ?)";
// Bound as text, stored as a BLOB: the bytes are kept as they are.
constexpr std::string_view kInsertAttachment =
    "INSERT INTO mail_attachments (mail_id, position, filename, content_type, size, content) "
    "VALUES (?, ?, ?, ?, ?, CAST(? AS BLOB))";

constexpr std::string_view kFailAbandoned =
    "UPDATE mail_outbox SET status = 'failed', claim_token = NULL, "
    "last_error = coalesce(last_error || ' ; ', '') || 'envoi interrompu' "
    "WHERE status = 'sending' AND next_attempt_at <= ? AND attempts >= ?";
constexpr std::string_view kSelectDue =
    "SELECT id FROM mail_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? "
    "AND attempts < ? ORDER BY next_attempt_at, id LIMIT 1";
constexpr std::string_view kClaim =
    "UPDATE mail_outbox SET status = 'sending', claim_token = ?, next_attempt_at = ?, "
    "attempts = attempts + 1 WHERE id = ?";
constexpr std::string_view kMarkSent =
    "UPDATE mail_outbox SET status = 'sent', sent_at = ?, claim_token = NULL, last_error = NULL "
    "WHERE id = ? AND status = 'sending' AND claim_token = ?";
constexpr std::string_view kMarkRetry =
    "UPDATE mail_outbox SET status = 'pending', claim_token = NULL, last_error = ?, "
    "next_attempt_at = ? WHERE id = ? AND status = 'sending' AND claim_token = ?";
constexpr std::string_view kMarkFailed =
    "UPDATE mail_outbox SET status = 'failed', claim_token = NULL, last_error = ? "
    "WHERE id = ? AND status = 'sending' AND claim_token = ?";

constexpr std::string_view kCancelPending =
    "UPDATE mail_outbox SET status = 'cancelled' WHERE status = 'pending' AND reference_kind = ? "
    "AND reference_id = ?";

// The columns MapMail reads, in order.
constexpr std::string_view kMailColumns =
    "m.id, m.subject, m.text_body, coalesce(m.html_body, ''), coalesce(m.reply_to, ''), "
    "coalesce(m.reference_kind, ''), m.reference_id, m.message_token, m.created_at, "
    "m.not_before, m.next_attempt_at, m.status, m.attempts, coalesce(m.last_error, ''), "
    "coalesce(m.sent_at, ''), "
    "(SELECT group_concat(address, char(10)) FROM "
    "(SELECT address FROM mail_recipients WHERE mail_id = m.id ORDER BY position))";

// Optional filters are bound twice: "? IS NULL OR column = ?".
constexpr std::string_view kFilterWhere =
    " WHERE (? IS NULL OR m.status = ?) AND (? IS NULL OR m.reference_kind = ?) "
    "AND (? IS NULL OR m.reference_id = ?) AND (? IS NULL OR EXISTS (SELECT 1 FROM "
    "mail_recipients r WHERE r.mail_id = m.id AND r.address = ? COLLATE NOCASE))";

constexpr std::string_view kSelectAttachments =
    "SELECT position, filename, content_type, size FROM mail_attachments WHERE mail_id = ? "
    "ORDER BY position";
constexpr std::string_view kSelectAttachmentContent =
    "SELECT filename, content_type, content FROM mail_attachments WHERE mail_id = ? AND "
    "position = ?";
constexpr std::string_view kSelectAttachmentsContent =
    "SELECT filename, content_type, content FROM mail_attachments WHERE mail_id = ? "
    "ORDER BY position";

std::string SelectMailSql(std::string_view tail) {
    return "SELECT " + std::string(kMailColumns) + " FROM mail_outbox m" + std::string(tail);
}

std::vector<std::string> SplitLines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto end = s.find('\n', start);
        if (end == std::string::npos) end = s.size();
        out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

OutboxMail MapMail(const db::Row& r) {
    OutboxMail m;
    m.id = r.Int(0);
    m.subject = r.Text(1);
    m.text = r.Text(2);
    m.html = r.Text(3);
    m.reply_to = r.Text(4);
    m.reference_kind = r.Text(5);
    m.reference_id = r.OptionalInt(6);
    m.message_token = r.Text(7);
    m.created_at = r.Text(8);
    m.not_before = r.Text(9);
    m.next_attempt_at = r.Text(10);
    m.status = ParseStatus(r.Text(11)).value_or(MailStatus::kPending);
    m.attempts = static_cast<int>(r.Int(12));
    m.last_error = r.Text(13);
    m.sent_at = r.Text(14);
    m.to = SplitLines(r.Text(15));
    return m;
}

std::vector<AttachmentInfo> ListAttachments(db::Connection& c, std::int64_t id) {
    return c.QueryAll<AttachmentInfo>(kSelectAttachments, {id}, [](const db::Row& r) {
        return AttachmentInfo{.position = static_cast<int>(r.Int(0)),
                              .filename = r.Text(1),
                              .content_type = r.Text(2),
                              .size = r.Int(3)};
    });
}

Attachment MapAttachment(const db::Row& r) {
    return Attachment{.filename = r.Text(0), .content_type = r.Text(1), .content = r.Text(2)};
}

db::Value OptionalText(const std::string& s) {
    if (s.empty()) return nullptr;
    return s;
}

}  // namespace

std::int64_t InsertMail(db::Connection& c, const Mail& mail, const std::string& message_token,
                        const std::string& created_at, const std::string& not_before) {
    c.Execute(kInsertMail,
              {mail.subject, mail.text, OptionalText(mail.html), OptionalText(mail.reply_to),
               OptionalText(mail.reference_kind), db::Nullable(mail.reference_id), message_token,
               created_at, not_before, not_before});
    const std::int64_t id = c.LastInsertId();
    for (std::size_t i = 0; i < mail.to.size(); ++i) {
        c.Execute(kInsertRecipient, {id, static_cast<std::int64_t>(i), mail.to[i]});
    }
    for (std::size_t i = 0; i < mail.attachments.size(); ++i) {
        const auto& a = mail.attachments[i];
        c.Execute(kInsertAttachment, {id, static_cast<std::int64_t>(i), a.filename, a.content_type,
                                      static_cast<std::int64_t>(a.content.size()), a.content});
    }
    return id;
}

std::int64_t FailAbandonedClaims(db::Connection& c, const std::string& now, int max_attempts) {
    return c.Execute(kFailAbandoned, {now, static_cast<std::int64_t>(max_attempts)});
}

std::optional<ClaimedMail> ClaimNextMail(db::Connection& c, const std::string& now,
                                         const std::string& lease_until,
                                         const std::string& claim_token, int max_attempts) {
    const auto id =
        c.FindOne<std::int64_t>(kSelectDue, {now, static_cast<std::int64_t>(max_attempts)},
                                [](const db::Row& r) { return r.Int(0); });
    if (!id) return std::nullopt;
    c.Execute(kClaim, {claim_token, lease_until, *id});
    auto mail = FindMail(c, *id);
    if (!mail) return std::nullopt;
    ClaimedMail out{.mail = std::move(*mail), .attachments = {}, .claim_token = claim_token};
    out.attachments = c.QueryAll<Attachment>(kSelectAttachmentsContent, {*id}, MapAttachment);
    return out;
}

bool MarkSent(db::Connection& c, std::int64_t id, const std::string& claim_token,
              const std::string& now) {
    return c.Execute(kMarkSent, {now, id, claim_token}) == 1;
}

bool MarkAttemptFailed(db::Connection& c, std::int64_t id, const std::string& claim_token,
                       const std::string& error, const std::optional<std::string>& retry_at) {
    if (retry_at) return c.Execute(kMarkRetry, {error, *retry_at, id, claim_token}) == 1;
    return c.Execute(kMarkFailed, {error, id, claim_token}) == 1;
}

std::int64_t CancelPendingMails(db::Connection& c, const std::string& reference_kind,
                                std::int64_t reference_id) {
    return c.Execute(kCancelPending, {reference_kind, reference_id});
}

MailPage ListMails(db::Connection& c, const MailFilter& filter) {
    // Each optional filter is bound twice ("? IS NULL OR column = ?").
    db::Params params;
    auto bind = [&params](auto value) {
        params.emplace_back(value);
        params.emplace_back(std::move(value));
    };
    if (filter.status) {
        bind(std::string(StatusName(*filter.status)));
    } else {
        bind(nullptr);
    }
    if (filter.reference_kind.empty()) {
        bind(nullptr);
    } else {
        bind(filter.reference_kind);
    }
    if (filter.reference_id) {
        bind(*filter.reference_id);
    } else {
        bind(nullptr);
    }
    if (filter.recipient.empty()) {
        bind(nullptr);
    } else {
        bind(filter.recipient);
    }

    static const std::string kCount =
        "SELECT COUNT(*) FROM mail_outbox m" + std::string(kFilterWhere);
    static const std::string kPage =
        SelectMailSql(std::string(kFilterWhere) + " ORDER BY m.id DESC LIMIT ? OFFSET ?");

    MailPage page;
    page.total = c.QueryInt(kCount, params);
    const int page_number = std::max(1, filter.page);
    params.emplace_back(std::in_place_type<std::int64_t>, filter.page_size);
    params.emplace_back(std::in_place_type<std::int64_t>,
                        static_cast<std::int64_t>(page_number - 1) * filter.page_size);
    page.mails = c.QueryAll<OutboxMail>(kPage, params, MapMail);
    for (auto& m : page.mails) m.attachments = ListAttachments(c, m.id);
    return page;
}

std::optional<OutboxMail> FindMail(db::Connection& c, std::int64_t id) {
    static const std::string kSelect = SelectMailSql(" WHERE m.id = ?");
    auto mail = c.FindOne<OutboxMail>(kSelect, {id}, MapMail);
    if (mail) mail->attachments = ListAttachments(c, id);
    return mail;
}

std::optional<Attachment> FindAttachment(db::Connection& c, std::int64_t mail_id, int position) {
    return c.FindOne<Attachment>(kSelectAttachmentContent,
                                 {mail_id, static_cast<std::int64_t>(position)}, MapAttachment);
}

}  // namespace cncd::mail
