#include "modules/space/file_type.hpp"

#include <gtest/gtest.h>

#include <string>

#include "modules/space/multipart.hpp"

namespace cncd::space {
namespace {

std::string Le16(int v) { return {static_cast<char>(v & 0xff), static_cast<char>(v >> 8 & 0xff)}; }
std::string Le32(int v) { return Le16(v & 0xffff) + Le16(v >> 16 & 0xffff); }

// A stored (uncompressed) zip of `entries` (name, content), as office suites write them.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out, central;
    for (const auto& [name, content] : entries) {
        const int offset = static_cast<int>(out.size());
        out += std::string("PK\x03\x04", 4) + Le16(20) + Le16(0) + Le16(0) + Le16(0) + Le16(0) +
               Le32(0) + Le32(static_cast<int>(content.size())) +
               Le32(static_cast<int>(content.size())) + Le16(static_cast<int>(name.size())) +
               Le16(0) + name + content;
        central += std::string("PK\x01\x02", 4) + Le16(20) + Le16(20) + Le16(0) + Le16(0) +
                   Le16(0) + Le16(0) + Le32(0) + Le32(static_cast<int>(content.size())) +
                   Le32(static_cast<int>(content.size())) + Le16(static_cast<int>(name.size())) +
                   Le16(0) + Le16(0) + Le16(0) + Le16(0) + Le32(0) + Le32(offset) + name;
    }
    const int central_at = static_cast<int>(out.size());
    out += central;
    out += std::string("PK\x05\x06", 4) + Le16(0) + Le16(0) +
           Le16(static_cast<int>(entries.size())) + Le16(static_cast<int>(entries.size())) +
           Le32(static_cast<int>(central.size())) + Le32(central_at) + Le16(0);
    return out;
}

std::string TypeOf(const std::string& bytes, const std::string& name) {
    const auto t = DetectFileType(bytes, name);
    return t ? t->content_type : "refused";
}

TEST(FileType, FoundInTheBytes) {
    EXPECT_EQ(TypeOf("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a.pdf"), "application/pdf");
    EXPECT_EQ(TypeOf(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "a.png"), "image/png");
    EXPECT_EQ(TypeOf("\xff\xd8\xff\xe0\0\x10JFIF", "a.jpg"), "image/jpeg");
    EXPECT_EQ(TypeOf(Zip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                          {"content.xml", "<x/>"}}),
                     "a.odt"),
              "application/vnd.oasis.opendocument.text");
    EXPECT_EQ(
        TypeOf(Zip({{"[Content_Types].xml", "<T/>"}, {"word/document.xml", "<w/>"}}), "a.docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(TypeOf(Zip({{"[Content_Types].xml", "<T/>"}, {"xl/workbook.xml", "<w/>"}}), "a.xlsx"),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(TypeOf("commune;projets\nBayonne;12\n", "a.csv"), "text/csv; charset=utf-8");
    EXPECT_EQ(TypeOf("Compte rendu de la réunion\r\n", "a.txt"), "text/plain; charset=utf-8");
}

TEST(FileType, RefusesEverythingElse) {
    EXPECT_EQ(TypeOf(std::string("MZ\x90\0\x03\0\0\0", 8), "a.exe"), "refused");
    EXPECT_EQ(TypeOf(std::string("\x7f"
                                 "ELF\x02\x01",
                                 6),
                     "a.pdf"),
              "refused");
    EXPECT_EQ(TypeOf(Zip({{"a.txt", "x"}}), "a.zip"), "refused");
    EXPECT_EQ(TypeOf(Zip({{"a.txt", "x"}}), "a.docx"), "refused");
    EXPECT_EQ(TypeOf("GIF89a\x01\0\x01\0", "a.gif"), "refused");
    EXPECT_EQ(TypeOf("caf\xe9 latin-1", "a.txt"), "refused");
    EXPECT_EQ(TypeOf(std::string("texte\0binaire", 13), "a.txt"), "refused");
    EXPECT_EQ(TypeOf("", "a.txt"), "refused");
    // Text is text whatever its name: the extension check (service) refuses "a.html".
    const auto html = DetectFileType("<script>alert(1)</script>", "a.html");
    ASSERT_TRUE(html);
    EXPECT_EQ(html->extensions, (std::vector<std::string>{"txt", "text"}));
}

TEST(FileType, Extension) {
    EXPECT_EQ(Extension("Rapport.PDF"), "pdf");
    EXPECT_EQ(Extension("archive.tar.gz"), "gz");
    EXPECT_EQ(Extension("sans"), "");
    EXPECT_EQ(Extension("point."), "");
}

TEST(Multipart, ReadsFieldsAndFiles) {
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"document\"; filename=\"C:\\\\Mes "
        "documents\\\\compte rendu.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
        "binary\r\n--XyZ--\r\n";
    const auto parts = ParseMultipart("multipart/form-data; boundary=XyZ", body);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ(FindPart(*parts, "csrf_token")->content, "abc");
    const FormPart* file = FindPart(*parts, "document");
    ASSERT_TRUE(file && file->filename);
    EXPECT_EQ(file->content, "%PDF-1.4\r\nbinary");
    EXPECT_EQ(BaseName(*file->filename), "compte rendu.pdf");
    EXPECT_EQ(file->content_type, "application/pdf");
}

TEST(Multipart, RefusesMalformedBodies) {
    EXPECT_FALSE(ParseMultipart("application/x-www-form-urlencoded", "a=1"));
    EXPECT_FALSE(ParseMultipart("multipart/form-data", "--x\r\n"));
    EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x",
                                "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"));
    EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x", "nothing"));
}

}  // namespace
}  // namespace cncd::space
