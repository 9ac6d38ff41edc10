#include "modules/mail/mime.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace cncd::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& message) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < message.size()) {
        auto end = message.find("\r\n", start);
        if (end == std::string::npos) end = message.size();
        out.push_back(message.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

std::string Headers(const std::string& message) {
    return message.substr(0, message.find("\r\n\r\n"));
}

std::string Base64Decode(std::string_view in) {
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : in) {
        const auto v = kAlphabet.find(c);
        if (v == std::string_view::npos) continue;
        bits = (bits << 6) | static_cast<std::uint32_t>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

MessageParts Receipt() {
    MessageParts p;
    p.from = {.name = "Portail de la coopération décentralisée",
              .address = "ne-pas-repondre@cncd.gouv.fr"};
    p.to = {"maire@bayonne.fr"};
    p.subject = "Accusé de réception de votre déclaration d’APD 2025";
    p.text = "Bonjour,\n\nVotre déclaration a été reçue le 26 novembre 2026.\n";
    p.date = std::chrono::system_clock::time_point(std::chrono::seconds(1795726074));
    p.message_id = "cncd.42.abcdef@cncd.gouv.fr";
    p.boundary_seed = "abcdef0123";
    return p;
}

TEST(Mime, AccentedSubjectBecomesUtf8EncodedWords) {
    // "Accusé de réception" in UTF-8, base64: the encoding any mail client decodes.
    EXPECT_EQ(EncodeHeaderText("Accusé de réception", 7),
              "=?UTF-8?B?QWNjdXPDqSBkZSByw6ljZXB0aW9u?=");
    EXPECT_EQ(EncodeHeaderText("Plain ASCII subject", 7), "Plain ASCII subject");
}

TEST(Mime, LongSubjectIsFoldedWithinSeventyEightColumnsWithoutSplittingCharacters) {
    std::string subject;
    for (int i = 0; i < 30; ++i) subject += "é€";  // 2- and 3-byte characters
    const std::string encoded = EncodeHeaderText(subject, 7);
    const auto lines = Lines("Subject: " + encoded);
    ASSERT_GT(lines.size(), 2u);
    for (const auto& line : lines) {
        EXPECT_LE(line.size(), 78u) << line;
        EXPECT_THAT(line, HasSubstr("=?UTF-8?B?"));
        EXPECT_TRUE(line.ends_with("?="));
    }
    // Each encoded-word holds whole characters, and together they are the subject.
    std::string decoded;
    for (auto line : lines) {
        if (line.starts_with("Subject: ")) line = line.substr(9);
        if (line.starts_with(" ")) line = line.substr(1);
        const std::string word = Base64Decode(line.substr(10, line.size() - 12));
        EXPECT_TRUE(text::IsValidUtf8(word)) << line;
        decoded += word;
    }
    EXPECT_EQ(decoded, subject);
}

TEST(Mime, DateIsRfc5322InUtc) {
    EXPECT_EQ(
        FormatRfc5322Date(std::chrono::system_clock::time_point(std::chrono::seconds(1795726074))),
        "Thu, 26 Nov 2026 20:47:54 +0000");
}

TEST(Mime, QuotedPrintableEscapesAndKeepsLinesShort) {
    EXPECT_EQ(EncodeQuotedPrintable("café = 1\n"), "caf=C3=A9 =3D 1\r\n");
    EXPECT_EQ(EncodeQuotedPrintable("trailing space \nnext"), "trailing space=20\r\nnext\r\n");
    EXPECT_EQ(EncodeQuotedPrintable(".\n"), "=2E\r\n");
    const std::string long_line(300, 'x');
    const auto encoded = EncodeQuotedPrintable(long_line + "é");
    for (const auto& line : Lines(encoded)) EXPECT_LE(line.size(), 76u);
    // Soft line breaks removed, the text is back.
    std::string joined;
    for (const auto& line : Lines(encoded))
        joined += line.ends_with("=") ? line.substr(0, line.size() - 1) : line;
    EXPECT_EQ(joined, long_line + "=C3=A9");
}

TEST(Mime, SimpleMessageHasTheRequiredHeaders) {
    const std::string m = BuildMessage(Receipt());
    const std::string h = Headers(m);
    EXPECT_THAT(h, HasSubstr("Date: Thu, 26 Nov 2026 20:47:54 +0000\r\n"));
    EXPECT_THAT(h, HasSubstr("To: maire@bayonne.fr\r\n"));
    EXPECT_THAT(h, HasSubstr("Message-ID: <cncd.42.abcdef@cncd.gouv.fr>\r\n"));
    EXPECT_THAT(h, HasSubstr("MIME-Version: 1.0\r\n"));
    EXPECT_THAT(h, HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"));
    EXPECT_THAT(h, HasSubstr("Content-Transfer-Encoding: quoted-printable"));
    EXPECT_THAT(h, HasSubstr("Subject: =?UTF-8?B?"));
    EXPECT_THAT(h, HasSubstr("From: =?UTF-8?B?"));
    EXPECT_THAT(h, HasSubstr(" <ne-pas-repondre@cncd.gouv.fr>"));
    EXPECT_THAT(m, HasSubstr("Votre d=C3=A9claration a =C3=A9t=C3=A9 re=C3=A7ue"));
    EXPECT_THAT(m, Not(HasSubstr("é")));  // 7-bit clean
}

TEST(Mime, EveryLineEndsWithCrlfAndStaysWithinLimits) {
    auto p = Receipt();
    p.text = std::string(5000, 'a') + "\n" + std::string(100, ' ') + "\n";
    p.html = "<p>" + std::string(2000, 'b') + "</p>";
    p.to.clear();
    for (int i = 0; i < 20; ++i)
        p.to.push_back("agent" + std::to_string(i) + "@prefecture.gouv.fr");
    p.attachments.push_back({.filename = "reçu.pdf",
                             .content_type = "application/pdf",
                             .content = std::string(10000, '\x01')});
    const std::string m = BuildMessage(p);
    EXPECT_THAT(m, Not(HasSubstr("\n\n")));
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (m[i] == '\n') {
            ASSERT_TRUE(i > 0 && m[i - 1] == '\r') << "bare LF at " << i;
        }
        if (m[i] == '\r') {
            ASSERT_TRUE(i + 1 < m.size() && m[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    for (const auto& line : Lines(m)) {
        EXPECT_LE(line.size(), 78u) << line;
        for (char c : line) ASSERT_LT(static_cast<unsigned char>(c), 0x80) << line;
    }
}

TEST(Mime, AttachmentsAreBase64PartsOfMultipartMixed) {
    auto p = Receipt();
    std::string pdf = "%PDF-1.7\n";
    for (int i = 0; i < 256; ++i) pdf += static_cast<char>(i);
    p.attachments.push_back(
        {.filename = "accusé-réception.pdf", .content_type = "application/pdf", .content = pdf});
    p.attachments.push_back(
        {.filename = "data.csv", .content_type = "text/csv", .content = "a;b\n"});
    const std::string m = BuildMessage(p);
    EXPECT_THAT(Headers(m),
                HasSubstr("Content-Type: multipart/mixed;\r\n boundary=\"=_cncd_mix_abcdef0123\""));
    EXPECT_THAT(m, HasSubstr("--=_cncd_mix_abcdef0123\r\nContent-Type: text/plain; charset=UTF-8"));
    EXPECT_THAT(
        m, HasSubstr(
               "Content-Type: application/pdf;\r\n name*0*=UTF-8''accus%C3%A9-r%C3%A9ception.pdf"));
    EXPECT_THAT(m, HasSubstr("Content-Disposition: attachment;\r\n "
                             "filename*0*=UTF-8''accus%C3%A9-r%C3%A9ception.pdf"));
    EXPECT_THAT(m, HasSubstr("Content-Disposition: attachment;\r\n filename=\"data.csv\""));
    EXPECT_THAT(m, HasSubstr("Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcKAAECAwQF"));
    EXPECT_THAT(m, HasSubstr("YTtiCg==\r\n"));  // "a;b\n"
    EXPECT_TRUE(m.ends_with("--=_cncd_mix_abcdef0123--\r\n"));
}

TEST(Mime, HtmlBodyIsTheLastAlternative) {
    auto p = Receipt();
    p.html = "<p>Votre déclaration a été reçue.</p>";
    const std::string m = BuildMessage(p);
    const auto plain = m.find("Content-Type: text/plain");
    const auto html = m.find("Content-Type: text/html");
    ASSERT_NE(plain, std::string::npos);
    ASSERT_NE(html, std::string::npos);
    EXPECT_LT(plain, html);
    EXPECT_THAT(
        m,
        HasSubstr("Content-Type: multipart/alternative;\r\n boundary=\"=_cncd_alt_abcdef0123\""));
}

TEST(Mime, Base64LinesAreSeventySixCharacters) {
    const auto lines = Lines(EncodeBase64Lines(std::string(1000, 'z')));
    ASSERT_GT(lines.size(), 1u);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_EQ(lines[i].size(), 76u);
    EXPECT_EQ(EncodeBase64Lines("Ma"), "TWE=\r\n");
}

TEST(Mime, AddressesAreCheckedStrictly) {
    EXPECT_TRUE(IsValidAddress("agent@example.org"));
    EXPECT_TRUE(IsValidAddress("prenom.nom+apd@diplomatie.gouv.fr"));
    EXPECT_FALSE(IsValidAddress("agent@example.org\r\nBcc: x@y.z"));
    EXPECT_FALSE(IsValidAddress("Agent <agent@example.org>"));
    EXPECT_FALSE(IsValidAddress("agent@@example.org"));
    EXPECT_FALSE(IsValidAddress("agent..x@example.org"));
    EXPECT_FALSE(IsValidAddress("agent@exa_mple.org"));
    EXPECT_FALSE(IsValidAddress("élu@mairie.fr"));
    EXPECT_FALSE(IsValidAddress("@example.org"));
    EXPECT_FALSE(IsValidAddress(std::string(65, 'a') + "@example.org"));
}

TEST(Mime, MailboxParsesNameAndAddress) {
    auto m = ParseMailbox("Portail CNCD <ne-pas-repondre@cncd.gouv.fr>");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->name, "Portail CNCD");
    EXPECT_EQ(m->address, "ne-pas-repondre@cncd.gouv.fr");
    m = ParseMailbox("  ne-pas-repondre@cncd.gouv.fr ");
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->name, "");
    EXPECT_FALSE(ParseMailbox("Portail <pas une adresse>").ok());
    EXPECT_EQ(ParseMailbox("x").error().field, "from");
}

}  // namespace
}  // namespace cncd::mail
