#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "db/sqlite/sqlite_database.hpp"
#include "modules/mail/mail_repository.hpp"
#include "modules/mail/mail_sender.hpp"
#include "modules/mail/mail_service.hpp"
#include "modules/mail/mail_test_support.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::mail {
namespace {

using testing::FakeClock;
using testing::Filter;
using ::testing::HasSubstr;
using testing::RecordingTransport;
using testing::SimpleMail;

SenderOptions Options(FakeClock& clock) {
    SenderOptions o;
    o.from = {.name = "Portail CNCD", .address = "ne-pas-repondre@cncd.gouv.fr"};
    o.clock = clock.AsClock();
    o.max_attempts = 4;
    return o;
}

struct Fixture {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service{t.db(), clock.AsClock()};
    RecordingTransport transport;
};

// Attempts made over the whole outbox.
int TotalAttempts(Fixture& f) {
    return static_cast<int>(f.t.db().Read(
        [](db::Connection& c) { return c.QueryInt("SELECT SUM(attempts) FROM mail_outbox"); }));
}

TEST(MailSender, SendsADueMailOnceWithItsHeaders) {
    Fixture f;
    const auto id = f.service.Enqueue(SimpleMail());
    ASSERT_TRUE(id.ok());
    MailSender sender(f.t.db(), f.transport, Options(f.clock));
    const auto report = sender.SendPending();
    EXPECT_EQ(report.sent, 1);
    ASSERT_EQ(f.transport.sent.size(), 1u);
    EXPECT_EQ(f.transport.sent[0].from, "ne-pas-repondre@cncd.gouv.fr");
    EXPECT_EQ(f.transport.sent[0].to, std::vector<std::string>{"maire@bayonne.fr"});
    const auto stored = f.service.Get(*id);
    EXPECT_EQ(stored->status, MailStatus::kSent);
    EXPECT_EQ(stored->attempts, 1);
    EXPECT_EQ(stored->sent_at, "2026-11-26 20:47:54");
    EXPECT_THAT(f.transport.sent[0].message,
                HasSubstr("Message-ID: <cncd." + std::to_string(*id) + "." + stored->message_token +
                          "@cncd.gouv.fr>"));
    // Nothing is sent twice.
    EXPECT_EQ(sender.SendPending().sent, 0);
    EXPECT_EQ(f.transport.calls, 1);
}

TEST(MailSender, WaitsForNotBefore) {
    Fixture f;
    Mail m = SimpleMail();
    m.not_before = f.clock.Now() + std::chrono::hours(48);
    const auto id = f.service.Enqueue(m);
    MailSender sender(f.t.db(), f.transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().sent, 0);
    f.clock.Advance(std::chrono::hours(47));
    EXPECT_EQ(sender.SendPending().sent, 0);
    f.clock.Advance(std::chrono::hours(1));
    EXPECT_EQ(sender.SendPending().sent, 1);
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kSent);
}

TEST(MailSender, CancelledMailsAreNotSent) {
    Fixture f;
    Mail m = SimpleMail();
    m.reference_kind = "apd_reminder";
    m.reference_id = 9;
    const auto id = f.service.Enqueue(m);
    f.t.db().Write(
        [&](db::Connection& c) { return f.service.CancelPending(c, "apd_reminder", 9); });
    MailSender sender(f.t.db(), f.transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().sent, 0);
    EXPECT_EQ(f.transport.calls, 0);
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kCancelled);
}

TEST(MailSender, RetriesWithExponentialBackoffThenFails) {
    Fixture f;
    const auto id = f.service.Enqueue(SimpleMail());
    f.transport.next = {.sent = false,
                        .permanent = false,
                        .server_unavailable = false,
                        .error = "Connection refused"};
    const auto options = Options(f.clock);
    MailSender sender(f.t.db(), f.transport, options);

    EXPECT_EQ(sender.SendPending().retried, 1);
    auto m = f.service.Get(*id);
    EXPECT_EQ(m->status, MailStatus::kPending);
    EXPECT_EQ(m->attempts, 1);
    EXPECT_EQ(m->last_error, "Connection refused");
    EXPECT_EQ(m->next_attempt_at, "2026-11-26 20:48:54");  // + 60 s

    // Not before the delay.
    f.clock.Advance(std::chrono::seconds(59));
    EXPECT_EQ(sender.SendPending().retried, 0);
    f.clock.Advance(std::chrono::seconds(1));
    EXPECT_EQ(sender.SendPending().retried, 1);
    EXPECT_EQ(f.service.Get(*id)->next_attempt_at, "2026-11-26 20:50:54");  // + 120 s
    f.clock.Advance(std::chrono::seconds(120));
    EXPECT_EQ(sender.SendPending().retried, 1);
    EXPECT_EQ(f.service.Get(*id)->next_attempt_at, "2026-11-26 20:54:54");  // + 240 s
    f.clock.Advance(std::chrono::seconds(240));
    // The fourth attempt is the last (max_attempts = 4).
    EXPECT_EQ(sender.SendPending().failed, 1);
    m = f.service.Get(*id);
    EXPECT_EQ(m->status, MailStatus::kFailed);
    EXPECT_EQ(m->attempts, 4);
    EXPECT_EQ(m->last_error, "Connection refused");
    f.clock.Advance(std::chrono::hours(24));
    EXPECT_EQ(sender.SendPending().failed + sender.SendPending().sent, 0);
    EXPECT_EQ(f.transport.calls, 4);
}

TEST(MailSender, RetryDelayDoublesUpToTheCeiling) {
    SenderOptions o;
    EXPECT_EQ(RetryDelay(1, o), std::chrono::seconds(60));
    EXPECT_EQ(RetryDelay(2, o), std::chrono::seconds(120));
    EXPECT_EQ(RetryDelay(5, o), std::chrono::seconds(960));
    EXPECT_EQ(RetryDelay(30, o), std::chrono::hours(6));
}

TEST(MailSender, PermanentRefusalFailsAtOnce) {
    Fixture f;
    const auto id = f.service.Enqueue(SimpleMail());
    f.transport.next = {.sent = false,
                        .permanent = true,
                        .server_unavailable = false,
                        .error = "RCPT failed: 550 (SMTP 550)"};
    MailSender sender(f.t.db(), f.transport, Options(f.clock));
    EXPECT_EQ(sender.SendPending().failed, 1);
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kFailed);
    EXPECT_EQ(f.service.Get(*id)->attempts, 1);
}

TEST(MailSender, AnUnavailableServerStopsTheRound) {
    Fixture f;
    ASSERT_TRUE(f.service.Enqueue(SimpleMail("a@example.org")).ok());
    ASSERT_TRUE(f.service.Enqueue(SimpleMail("b@example.org")).ok());
    f.transport.next = {.sent = false,
                        .permanent = false,
                        .server_unavailable = true,
                        .error = "Couldn't connect to server"};
    MailSender sender(f.t.db(), f.transport, Options(f.clock));
    const auto report = sender.SendPending();
    EXPECT_EQ(report.retried, 1);
    EXPECT_EQ(f.transport.calls, 1);
    // The other mail was not charged an attempt.
    EXPECT_EQ(f.service.List(Filter([](MailFilter& m) { m.status = MailStatus::kPending; }))->total,
              2);
    EXPECT_EQ(TotalAttempts(f), 1);
}

TEST(MailSender, TwoSendersSendEachMailOnce) {
    Fixture f;
    constexpr int kMails = 40;
    for (int i = 0; i < kMails; ++i) {
        ASSERT_TRUE(
            f.service.Enqueue(SimpleMail("agent" + std::to_string(i) + "@example.org")).ok());
    }
    // Two senders as two processes would be: each with its own connections to the file.
    auto other_db = db::OpenSqlite(f.t.path().string());
    f.transport.delay = std::chrono::milliseconds(2);
    RecordingTransport other_transport;
    other_transport.delay = std::chrono::milliseconds(2);
    MailSender a(f.t.db(), f.transport, Options(f.clock));
    MailSender b(*other_db, other_transport, Options(f.clock));
    SendReport ra;
    SendReport rb;
    std::thread ta([&] { ra = a.SendPending(); });
    std::thread tb([&] { rb = b.SendPending(); });
    ta.join();
    tb.join();
    EXPECT_EQ(ra.sent + rb.sent, kMails);
    std::map<std::string, int> by_recipient;
    for (const auto& s : f.transport.sent) ++by_recipient[s.to.front()];
    for (const auto& s : other_transport.sent) ++by_recipient[s.to.front()];
    EXPECT_EQ(by_recipient.size(), static_cast<std::size_t>(kMails));
    for (const auto& [to, n] : by_recipient) EXPECT_EQ(n, 1) << to;
    EXPECT_EQ(f.service.List(Filter([](MailFilter& f) { f.status = MailStatus::kSent; }))->total,
              kMails);
    // Both took part (the claims interleave).
    EXPECT_GT(ra.sent, 0);
    EXPECT_GT(rb.sent, 0);
}

TEST(MailSender, AClaimLeftByADeadSenderIsTakenAgainAfterItsLease) {
    Fixture f;
    const auto id = f.service.Enqueue(SimpleMail());
    auto options = Options(f.clock);
    // A sender claims the mail, then dies before sending.
    const auto claimed = f.t.db().Write([&](db::Connection& c) {
        const auto now = f.clock.Now();
        return ClaimNextMail(c, FormatUtc(now), FormatUtc(now + options.lease), "dead-sender",
                             options.max_attempts);
    });
    ASSERT_TRUE(claimed);
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kSending);
    MailSender sender(f.t.db(), f.transport, options);
    EXPECT_EQ(sender.SendPending().sent, 0);  // still held
    f.clock.Advance(options.lease);
    EXPECT_EQ(sender.SendPending().sent, 1);
    EXPECT_EQ(f.service.Get(*id)->attempts, 2);
    // The dead sender's late report changes nothing.
    EXPECT_FALSE(f.t.db().Write([&](db::Connection& c) {
        return MarkAttemptFailed(c, *id, "dead-sender", "late", std::nullopt);
    }));
    EXPECT_EQ(f.service.Get(*id)->status, MailStatus::kSent);
}

TEST(MailSender, WorkerSendsInTheBackgroundWhenWoken) {
    Fixture f;
    auto options = Options(f.clock);
    MailSender sender(f.t.db(), f.transport, options);
    MailWorker worker(sender, std::chrono::hours(1));
    ASSERT_TRUE(f.service.Enqueue(SimpleMail()).ok());
    worker.Wake();
    for (int i = 0;
         i < 200 &&
         f.service.List(Filter([](MailFilter& f) { f.status = MailStatus::kSent; }))->total == 0;
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(f.service.List(Filter([](MailFilter& f) { f.status = MailStatus::kSent; }))->total,
              1);
    worker.Stop();
}

}  // namespace
}  // namespace cncd::mail
