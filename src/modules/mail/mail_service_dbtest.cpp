#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "modules/mail/mail_service.hpp"
#include "modules/mail/mail_test_support.hpp"
#include "tests/support/temp_database.hpp"

namespace cncd::mail {
namespace {

using testing::FakeClock;
using testing::Filter;
using testing::SimpleMail;

std::int64_t CountMails(db::Database& db) {
    return db.Read(
        [](db::Connection& c) { return c.QueryInt("SELECT COUNT(*) FROM mail_outbox"); });
}

TEST(MailOutbox, EnqueuedMailIsStoredWithItsRecipientsAndReference) {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service(t.db(), clock.AsClock());
    Mail mail = SimpleMail();
    mail.to.push_back("dgs@bayonne.fr");
    mail.reference_kind = "apd_declaration";
    mail.reference_id = 42;
    const auto id = t.db().Write([&](db::Connection& c) { return service.Enqueue(c, mail); });
    ASSERT_TRUE(id.ok()) << id.error().message;
    const auto stored = service.Get(*id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->to, (std::vector<std::string>{"maire@bayonne.fr", "dgs@bayonne.fr"}));
    EXPECT_EQ(stored->subject, "Accusé de réception");
    EXPECT_EQ(stored->text, mail.text);
    EXPECT_EQ(stored->status, MailStatus::kPending);
    EXPECT_EQ(stored->attempts, 0);
    EXPECT_EQ(stored->created_at, "2026-11-26 20:47:54");
    EXPECT_EQ(stored->not_before, "2026-11-26 20:47:54");
    EXPECT_EQ(stored->reference_kind, "apd_declaration");
    EXPECT_EQ(stored->reference_id, 42);
    EXPECT_EQ(stored->message_token.size(), 32u);
}

TEST(MailOutbox, RolledBackWriteLeavesNoMail) {
    cncd::testing::TempDatabase t;
    MailService service(t.db());
    // The caller's write fails after enqueuing: an error Result rolls everything back.
    const Status refused = t.db().Write([&](db::Connection& c) -> Status {
        if (auto id = service.Enqueue(c, SimpleMail()); !id) return id.error();
        return InvalidArgument("amount", "Montant invalide.");
    });
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(CountMails(t.db()), 0);
    // So does an exception.
    EXPECT_THROW(t.db().Write([&](db::Connection& c) -> Status {
        Mail m = SimpleMail();
        m.attachments.push_back(
            {.filename = "recu.pdf", .content_type = "application/pdf", .content = "%PDF"});
        if (auto id = service.Enqueue(c, m); !id) return id.error();
        throw std::runtime_error("the caller's write failed");
    }),
                 std::runtime_error);
    EXPECT_EQ(CountMails(t.db()), 0);
    EXPECT_EQ(t.db().Read([](db::Connection& c) {
        return c.QueryInt("SELECT COUNT(*) FROM mail_attachments");
    }),
              0);
    EXPECT_EQ(t.db().Read([](db::Connection& c) {
        return c.QueryInt("SELECT COUNT(*) FROM mail_recipients");
    }),
              0);
}

TEST(MailOutbox, AttachmentBytesAreKeptExactly) {
    cncd::testing::TempDatabase t;
    MailService service(t.db());
    std::string bytes = "%PDF-1.7\n";
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);  // NUL and invalid UTF-8 included
    Mail m = SimpleMail();
    m.attachments.push_back(
        {.filename = "accusé.pdf", .content_type = "application/pdf", .content = bytes});
    const auto id = service.Enqueue(m);
    ASSERT_TRUE(id.ok()) << id.error().message;
    const auto a = service.GetAttachment(*id, 0);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->content, bytes);
    EXPECT_EQ(a->filename, "accusé.pdf");
    const auto mail = service.Get(*id);
    ASSERT_EQ(mail->attachments.size(), 1u);
    EXPECT_EQ(mail->attachments[0].size, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(t.db().Read([](db::Connection& c) {
        return c.FindOne<std::string>("SELECT typeof(content) FROM mail_attachments", {},
                                      [](const db::Row& r) { return r.Text(0); });
    }),
              "blob");
    EXPECT_FALSE(service.GetAttachment(*id, 1).ok());
}

TEST(MailOutbox, InvalidMailsAreRefusedWithTheFieldAtFault) {
    cncd::testing::TempDatabase t;
    MailService service(t.db());
    auto field_of = [&](Mail m) {
        const auto r = service.Enqueue(m);
        return r.ok() ? std::string("ok") : r.error().field;
    };
    Mail m = SimpleMail();
    m.to = {"maire@bayonne.fr\r\nBcc: spam@example.org"};
    EXPECT_EQ(field_of(m), "to");
    m = SimpleMail();
    m.to.clear();
    EXPECT_EQ(field_of(m), "to");
    m = SimpleMail();
    m.subject = "Objet\r\nBcc: spam@example.org";
    EXPECT_EQ(field_of(m), "subject");
    m = SimpleMail();
    m.subject = std::string(kMaxSubjectBytes + 1, 'a');
    EXPECT_EQ(field_of(m), "subject");
    m = SimpleMail();
    m.text = "\xff\xfe";
    EXPECT_EQ(field_of(m), "text");
    m = SimpleMail();
    m.attachments.push_back(
        {.filename = "../x.pdf", .content_type = "application/pdf", .content = "x"});
    EXPECT_EQ(field_of(m), "attachments");
    m = SimpleMail();
    m.attachments.push_back(
        {.filename = "x.pdf", .content_type = "application/pdf\r\nX: y", .content = "x"});
    EXPECT_EQ(field_of(m), "attachments");
    m = SimpleMail();
    m.attachments.push_back({.filename = "x.pdf",
                             .content_type = "application/pdf",
                             .content = std::string(kMaxAttachmentBytes + 1, 'x')});
    EXPECT_EQ(field_of(m), "attachments");
    m = SimpleMail();
    m.reference_kind = "Déclaration";
    EXPECT_EQ(field_of(m), "reference_kind");
    EXPECT_EQ(CountMails(t.db()), 0);
    const auto r = service.Enqueue(SimpleMail("pas-une-adresse"));
    EXPECT_THAT(r.error().message, ::testing::HasSubstr("pas-une-adresse"));
}

TEST(MailOutbox, ListFiltersByStatusReferenceAndRecipientNewestFirst) {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service(t.db(), clock.AsClock());
    for (int i = 0; i < 5; ++i) {
        Mail m = SimpleMail(i % 2 == 0 ? "maire@bayonne.fr" : "elu@cesson-sevigne.fr",
                            "Rappel " + std::to_string(i));
        m.reference_kind = i < 3 ? "apd_declaration" : "account";
        m.reference_id = i;
        ASSERT_TRUE(service.Enqueue(m).ok());
    }
    t.db().Write([](db::Connection& c) {
        return c.Execute("UPDATE mail_outbox SET status = 'failed' WHERE subject = 'Rappel 4'");
    });
    auto all = service.List(MailFilter{});
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->total, 5);
    EXPECT_EQ(all->mails.front().subject, "Rappel 4");
    EXPECT_EQ(service.List(Filter([](MailFilter& f) { f.status = MailStatus::kFailed; }))->total,
              1);
    EXPECT_EQ(
        service.List(Filter([](MailFilter& f) { f.reference_kind = "apd_declaration"; }))->total,
        3);
    EXPECT_EQ(service
                  .List(Filter([](MailFilter& f) {
                      f.reference_kind = "apd_declaration";
                      f.reference_id = 2;
                  }))
                  ->total,
              1);
    EXPECT_EQ(service.List(Filter([](MailFilter& f) { f.recipient = "MAIRE@bayonne.fr"; }))->total,
              3);
    const auto page2 = service.List(Filter([](MailFilter& f) {
        f.page = 2;
        f.page_size = 2;
    }));
    EXPECT_EQ(page2->total, 5);
    ASSERT_EQ(page2->mails.size(), 2u);
    EXPECT_EQ(page2->mails[0].subject, "Rappel 2");
    EXPECT_FALSE(service.List(Filter([](MailFilter& f) { f.page = 0; })).ok());
}

TEST(MailOutbox, CancelWithdrawsOnlyThePendingMailsOfAReference) {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service(t.db(), clock.AsClock());
    auto reminder = [&](std::int64_t ref) {
        Mail m = SimpleMail("maire@bayonne.fr", "Rappel : déclaration d’APD");
        m.reference_kind = "apd_reminder";
        m.reference_id = ref;
        m.not_before = clock.Now() + std::chrono::hours(24 * 30);
        return *service.Enqueue(m);
    };
    const auto a = reminder(1);
    const auto b = reminder(1);
    const auto other = reminder(2);
    t.db().Write([&](db::Connection& c) {
        return c.Execute("UPDATE mail_outbox SET status = 'sent' WHERE id = ?", {b});
    });
    const auto cancelled = t.db().Write(
        [&](db::Connection& c) { return service.CancelPending(c, "apd_reminder", 1); });
    EXPECT_EQ(cancelled, 1);
    EXPECT_EQ(service.Get(a)->status, MailStatus::kCancelled);
    EXPECT_EQ(service.Get(b)->status, MailStatus::kSent);
    EXPECT_EQ(service.Get(other)->status, MailStatus::kPending);
}

TEST(MailOutbox, NotBeforeIsKept) {
    cncd::testing::TempDatabase t;
    FakeClock clock;
    MailService service(t.db(), clock.AsClock());
    Mail m = SimpleMail();
    m.not_before = clock.Now() + std::chrono::hours(24 * 30);
    const auto id = service.Enqueue(m);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(service.Get(*id)->not_before, "2026-12-26 20:47:54");
    EXPECT_EQ(service.Get(*id)->next_attempt_at, "2026-12-26 20:47:54");
}

}  // namespace
}  // namespace cncd::mail
