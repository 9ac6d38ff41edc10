#include "modules/mail/mail_delivery.hpp"

#include <cstdlib>

#include "modules/mail/mime.hpp"

namespace cncd::mail {

constexpr std::string_view kPasswordVariable = "CNCD_SMTP_PASSWORD";
constexpr std::string_view kDefaultFromName = "Portail de la coopération décentralisée";

Result<std::unique_ptr<MailDelivery>> MailDelivery::Create(db::Database& db,
                                                           const DeliverySettings& settings) {
    const std::string& url = settings.smtp_url;
    if (!url.starts_with("smtp://") && !url.starts_with("smtps://")) {
        return InvalidArgument("--smtp-url", "--smtp-url doit commencer par smtp:// ou smtps://");
    }
    if (settings.from.empty()) {
        return InvalidArgument("--smtp-from",
                               "--smtp-from (l’adresse d’expédition) est "
                               "obligatoire avec --smtp-url");
    }
    auto from = ParseMailbox(settings.from);
    if (!from) return InvalidArgument("--smtp-from", from.error().message);
    if (from->name.empty()) from->name = kDefaultFromName;
    SmtpOptions smtp;
    smtp.url = url;
    smtp.user = settings.user;
    smtp.require_tls = settings.require_tls;
    if (const char* password = std::getenv(std::string(kPasswordVariable).c_str())) {
        smtp.password = password;
    }
    if (!smtp.user.empty() && smtp.password.empty()) {
        return InvalidArgument("--smtp-user",
                               "--smtp-user demande le mot de passe dans la "
                               "variable d’environnement CNCD_SMTP_PASSWORD");
    }
    SenderOptions sender;
    sender.from = std::move(*from);
    // A claim outlives the slowest exchange with the server.
    sender.lease = 2 * (smtp.connect_timeout + smtp.timeout);
    return std::make_unique<MailDelivery>(db, smtp, std::move(sender), settings.interval);
}

MailDelivery::MailDelivery(db::Database& db, const SmtpOptions& smtp, SenderOptions sender,
                           std::chrono::seconds interval)
    : transport_(smtp), sender_(db, transport_, std::move(sender)), interval_(interval) {}

MailDelivery::~MailDelivery() = default;

void MailDelivery::Start() {
    if (!worker_) worker_ = std::make_unique<MailWorker>(sender_, interval_);
}

void MailDelivery::Wake() {
    if (worker_) worker_->Wake();
}

}  // namespace cncd::mail
