// The sender against a real SMTP server (tests/support/smtp_server.py: aiosmtpd), the received
// messages decoded by Python's email package.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "modules/mail/mail_sender.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/mail/mail_test_support.hpp"
#include "modules/mail/smtp_transport.hpp"
#include "tests/support/smtp_server.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::mail {
namespace {

using testing::FakeClock;
using ::testing::HasSubstr;

std::string Base64(std::string_view bytes) {
    std::string lines = EncodeBase64Lines(bytes);
    std::string out;
    for (char c : lines) {
        if (c != '\r' && c != '\n') out += c;
    }
    return out;
}

SenderOptions Options(FakeClock& clock) {
    SenderOptions o;
    o.from = {.name = "Portail de la coopération décentralisée",
              .address = "ne-pas-repondre@cncd.gouv.fr"};
    o.clock = clock.AsClock();
    o.max_attempts = 3;
    return o;
}

SmtpOptions Smtp(const std::string& url) {
    return {.url = url,
            .user = {},
            .password = {},
            .require_tls = false,
            .connect_timeout = std::chrono::seconds(5),
            .timeout = std::chrono::seconds(20)};
}

struct Fixture {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service{t.db(), clock.AsClock()};
};

TEST(SmtpDelivery, ReceivedMessageDecodesToWhatWasEnqueued) {
    cncd::testing::SmtpTestServer server;
    Fixture f;
    std::string pdf = "%PDF-1.7\n";
    for (int i = 0; i < 3000; ++i) pdf += static_cast<char>(i * 7 % 256);
    Mail m;
    m.to = {"maire@bayonne.fr", "dgs@bayonne.fr"};
    m.subject =
        "Accusé de réception — déclaration d’APD 2025 de la commune de Bayonne "
        "(Pyrénées-Atlantiques)";
    m.text =
        "Bonjour,\n\nVotre déclaration a été reçue le 26 novembre 2026.\n.\nUne ligne "
        "commençant par un point, et une très longue ligne : " +
        std::string(200, 'x') + "\n\nLe ministère de l’Europe et des Affaires étrangères\n";
    m.html = "<p>Votre déclaration a été reçue.</p>";
    m.reply_to = "apd@diplomatie.gouv.fr";
    m.attachments.push_back(
        {.filename = "accusé de réception.pdf", .content_type = "application/pdf", .content = pdf});
    const auto id = f.service.Enqueue(m);
    ASSERT_TRUE(id.ok()) << id.error().message;

    SmtpTransport transport(Smtp(server.url()));
    MailSender sender(f.t.db(), transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().sent, 1);
    const auto messages = server.WaitForMessages(1);
    ASSERT_EQ(messages.size(), 1u);
    const auto& r = messages[0];
    EXPECT_EQ(r["mail_from"], "ne-pas-repondre@cncd.gouv.fr");
    EXPECT_EQ(r["rcpt_tos"], nlohmann::json::array({"maire@bayonne.fr", "dgs@bayonne.fr"}));
    EXPECT_EQ(r["headers"]["Subject"], m.subject);
    EXPECT_EQ(r["headers"]["From"],
              "Portail de la coopération décentralisée <ne-pas-repondre@cncd.gouv.fr>");
    EXPECT_EQ(r["headers"]["To"], "maire@bayonne.fr, dgs@bayonne.fr");
    EXPECT_EQ(r["headers"]["Reply-To"], "apd@diplomatie.gouv.fr");
    EXPECT_EQ(r["headers"]["Date"], "Thu, 26 Nov 2026 20:47:54 +0000");
    const auto stored = f.service.Get(*id);
    EXPECT_EQ(r["headers"]["Message-ID"],
              "<cncd." + std::to_string(*id) + "." + stored->message_token + "@cncd.gouv.fr>");
    EXPECT_EQ(r["text"], m.text);
    EXPECT_EQ(r["html"], m.html + "\n");
    ASSERT_EQ(r["attachments"].size(), 1u);
    EXPECT_EQ(r["attachments"][0]["filename"], "accusé de réception.pdf");
    EXPECT_EQ(r["attachments"][0]["content_type"], "application/pdf");
    EXPECT_EQ(r["attachments"][0]["size"], pdf.size());
    EXPECT_EQ(r["attachments"][0]["base64"], Base64(pdf));
    EXPECT_LE(r["max_line_length"].get<int>(), 78);
    EXPECT_FALSE(r["bare_lf"].get<bool>());
    EXPECT_TRUE(r["defects"].empty()) << r["defects"];
    EXPECT_EQ(stored->status, MailStatus::kSent);
}

TEST(SmtpDelivery, TemporaryFailureIsRetriedLater) {
    cncd::testing::SmtpTestServer server(
        {.reject_recipients = {}, .temporary_failures = 1, .auth = {}});
    Fixture f;
    const auto id = f.service.Enqueue(testing::SimpleMail());
    SmtpTransport transport(Smtp(server.url()));
    MailSender sender(f.t.db(), transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().retried, 1);
    auto stored = f.service.Get(*id);
    EXPECT_EQ(stored->status, MailStatus::kPending);
    EXPECT_THAT(stored->last_error, HasSubstr("451"));
    EXPECT_TRUE(server.Messages().empty());
    f.clock.Advance(std::chrono::minutes(1));
    EXPECT_EQ(sender.SendPending().sent, 1);
    EXPECT_EQ(server.WaitForMessages(1).size(), 1u);
    stored = f.service.Get(*id);
    EXPECT_EQ(stored->status, MailStatus::kSent);
    EXPECT_EQ(stored->attempts, 2);
}

TEST(SmtpDelivery, RefusedRecipientFailsAtOnce) {
    cncd::testing::SmtpTestServer server(
        {.reject_recipients = {"inconnu@bayonne.fr"}, .temporary_failures = 0, .auth = {}});
    Fixture f;
    const auto id = f.service.Enqueue(testing::SimpleMail("inconnu@bayonne.fr"));
    SmtpTransport transport(Smtp(server.url()));
    MailSender sender(f.t.db(), transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().failed, 1);
    const auto stored = f.service.Get(*id);
    EXPECT_EQ(stored->status, MailStatus::kFailed);
    EXPECT_THAT(stored->last_error, HasSubstr("550"));
}

TEST(SmtpDelivery, UnreachableServerIsRetried) {
    int port = 0;
    {
        cncd::testing::SmtpTestServer gone;
        port = gone.port();
    }
    Fixture f;
    const auto id = f.service.Enqueue(testing::SimpleMail());
    SmtpTransport transport(Smtp("smtp://127.0.0.1:" + std::to_string(port)));
    MailSender sender(f.t.db(), transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().retried, 1);
    EXPECT_FALSE(f.service.Get(*id)->last_error.empty());
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kPending);
}

TEST(SmtpDelivery, AuthenticatesWithUserAndPassword) {
    cncd::testing::SmtpTestServer server(
        {.reject_recipients = {}, .temporary_failures = 0, .auth = "cncd:s3cret"});
    Fixture f;
    ASSERT_TRUE(f.service.Enqueue(testing::SimpleMail()).ok());
    auto wrong = Smtp(server.url());
    wrong.user = "cncd";
    wrong.password = "wrong";
    SmtpTransport refused(wrong);
    MailSender refused_sender(f.t.db(), refused, Options(f.clock));
    // Wrong credentials: the mail waits (the administrator fixes the password), it is not
    // failed, and the round stops.
    const auto report = refused_sender.SendPending();
    EXPECT_EQ(report.retried, 1);
    EXPECT_TRUE(server.Messages().empty());
    const auto first = f.service.List(MailFilter{})->mails.front();
    EXPECT_EQ(first.status, MailStatus::kPending);
    EXPECT_THAT(first.last_error, HasSubstr("535"));

    f.clock.Advance(std::chrono::hours(1));
    auto right = Smtp(server.url());
    right.user = "cncd";
    right.password = "s3cret";
    ASSERT_TRUE(f.service.Enqueue(testing::SimpleMail("dgs@bayonne.fr")).ok());
    SmtpTransport accepted(right);
    MailSender sender(f.t.db(), accepted, Options(f.clock));
    EXPECT_EQ(sender.SendPending().sent, 2);
    EXPECT_EQ(server.WaitForMessages(2).size(), 2u);
}

}  // namespace
}  // namespace cncd::mail
