#include "modules/mail/mail_service.hpp"

#include <algorithm>
#include <array>
#include <random>

#include "core/text.hpp"
#include "modules/mail/mail_repository.hpp"
#include "modules/mail/mime.hpp"

namespace cncd::mail {
namespace {

constexpr int kMaxPageSize = 200;

bool HasControl(std::string_view s, bool allow_line_breaks) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
        if (u < 0x20 || u == 0x7f) return true;
    }
    return false;
}

// "type/subtype" with RFC 2045 token characters only (so it is safe in a header).
bool IsValidContentType(std::string_view s) {
    constexpr std::size_t kMax = 100;
    const auto slash = s.find('/');
    if (s.size() > kMax || slash == std::string_view::npos || slash == 0 || slash + 1 == s.size())
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == slash) continue;
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
        if (!ok) return false;
    }
    return true;
}

bool IsValidReferenceKind(std::string_view s) {
    if (s.size() > kMaxReferenceKindBytes) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    });
}

}  // namespace

std::string RandomToken() {
    static constexpr std::string_view kHexDigits = "0123456789abcdef";
    std::random_device device;
    std::string out;
    constexpr int kWords = 4;
    for (int i = 0; i < kWords; ++i) {
        std::uint32_t word = device();
        for (int j = 0; j < 8; ++j) {
            out += kHexDigits[word & 15];
            word >>= 4;
        }
    }
    return out;
}

Status ValidateMail(const Mail& mail) {
    if (mail.to.empty()) return InvalidArgument("to", "Indiquez au moins un destinataire.");
    if (mail.to.size() > kMaxRecipients) {
        return InvalidArgument(
            "to", "Un courriel a au plus " + std::to_string(kMaxRecipients) + " destinataires.");
    }
    for (const auto& address : mail.to) {
        if (!IsValidAddress(address)) {
            return InvalidArgument("to", "L’adresse « " + address.substr(0, kMaxAddressBytes) +
                                             " » n’est pas une adresse électronique valide.");
        }
    }
    if (!mail.reply_to.empty() && !IsValidAddress(mail.reply_to)) {
        return InvalidArgument("reply_to",
                               "L’adresse de réponse n’est pas une adresse électronique valide.");
    }
    if (mail.subject.empty()) return InvalidArgument("subject", "Indiquez l’objet du courriel.");
    if (mail.subject.size() > kMaxSubjectBytes || !text::IsValidUtf8(mail.subject) ||
        HasControl(mail.subject, false)) {
        return InvalidArgument("subject", "L’objet doit tenir sur une ligne de moins de " +
                                              std::to_string(kMaxSubjectBytes) + " octets.");
    }
    if (mail.text.empty()) return InvalidArgument("text", "Le texte du courriel est vide.");
    if (mail.text.size() > kMaxBodyBytes || !text::IsValidUtf8(mail.text) ||
        HasControl(mail.text, true)) {
        return InvalidArgument("text", "Le texte du courriel est trop long ou mal encodé.");
    }
    if (mail.html.size() > kMaxBodyBytes || !text::IsValidUtf8(mail.html) ||
        HasControl(mail.html, true)) {
        return InvalidArgument("html",
                               "La version HTML du courriel est trop longue ou mal encodée.");
    }
    if (mail.attachments.size() > kMaxAttachments) {
        return InvalidArgument(
            "attachments",
            "Un courriel a au plus " + std::to_string(kMaxAttachments) + " pièces jointes.");
    }
    std::size_t total = 0;
    for (const auto& a : mail.attachments) {
        total += a.content.size();
        if (a.filename.empty() || a.filename.size() > kMaxFilenameBytes ||
            !text::IsValidUtf8(a.filename) || HasControl(a.filename, false) ||
            a.filename.find_first_of("/\\\"") != std::string::npos) {
            return InvalidArgument("attachments", "Le nom d’une pièce jointe est invalide.");
        }
        if (!IsValidContentType(a.content_type)) {
            return InvalidArgument("attachments", "Le type d’une pièce jointe est invalide.");
        }
    }
    if (total > kMaxAttachmentBytes) {
        return InvalidArgument("attachments", "Les pièces jointes dépassent 10 Mo.");
    }
    if (!IsValidReferenceKind(mail.reference_kind)) {
        return InvalidArgument("reference_kind", "Le type de référence est invalide.");
    }
    return Ok{};
}

MailService::MailService(db::Database& db, Clock clock)
    : db_(db),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })) {}

Result<std::int64_t> MailService::Enqueue(db::Connection& c, const Mail& mail) const {
    if (auto status = ValidateMail(mail); !status) return status.error();
    const TimePoint now = clock_();
    const TimePoint not_before = mail.not_before.value_or(now);
    return InsertMail(c, mail, RandomToken(), FormatUtc(now), FormatUtc(not_before));
}

Result<std::int64_t> MailService::Enqueue(const Mail& mail) const {
    return db_.Write([&](db::Connection& c) { return Enqueue(c, mail); });
}

std::int64_t MailService::CancelPending(db::Connection& c, const std::string& reference_kind,
                                        std::int64_t reference_id) const {
    return CancelPendingMails(c, reference_kind, reference_id);
}

Result<MailPage> MailService::List(const MailFilter& filter) const {
    if (filter.page < 1) return InvalidArgument("page", "Le numéro de page doit être positif.");
    MailFilter bounded = filter;
    bounded.page_size = std::clamp(filter.page_size, 1, kMaxPageSize);
    return db_.Read([&](db::Connection& c) { return ListMails(c, bounded); });
}

Result<OutboxMail> MailService::Get(std::int64_t id) const {
    auto mail = db_.Read([&](db::Connection& c) { return FindMail(c, id); });
    if (!mail) return NotFound("Ce courriel n’existe pas.");
    return std::move(*mail);
}

Result<Attachment> MailService::GetAttachment(std::int64_t mail_id, int position) const {
    auto a = db_.Read([&](db::Connection& c) { return FindAttachment(c, mail_id, position); });
    if (!a) return NotFound("Cette pièce jointe n’existe pas.");
    return std::move(*a);
}

}  // namespace cncd::mail
