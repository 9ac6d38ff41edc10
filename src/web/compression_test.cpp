#include "web/compression.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cncd::web {
namespace {

class StringSink final : public BodySink {
  public:
    void Write(std::string_view bytes) override {
        text += bytes;
        ++writes;
    }
    std::string text;
    int writes = 0;
};

std::string SampleText(std::size_t size) {
    std::string text;
    for (int i = 0; text.size() < size; ++i) {
        text += "{\"id\":" + std::to_string(i) + ",\"name\":\"Collectivité n°" +
                std::to_string(i * 7919 % 10007) + "\"},";
    }
    text.resize(size);
    return text;
}

TEST(Compression, AcceptEncodingIsNegotiatedWithQualityValues) {
    EXPECT_TRUE(AcceptsGzip("gzip"));
    EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
    EXPECT_TRUE(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
    EXPECT_TRUE(AcceptsGzip("x-gzip"));
    EXPECT_TRUE(AcceptsGzip("*"));
    EXPECT_FALSE(AcceptsGzip(""));
    EXPECT_FALSE(AcceptsGzip("identity"));
    EXPECT_FALSE(AcceptsGzip("br, deflate"));
    EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
    EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
    EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));
}

TEST(Compression, OnlyTextFormatsAreCompressible) {
    for (const auto* type :
         {"text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8",
          "application/json", "application/geo+json", "text/csv; charset=utf-8", "image/svg+xml",
          "application/manifest+json", "application/yaml"}) {
        EXPECT_TRUE(IsCompressible(type)) << type;
    }
    for (const auto* type :
         {"image/png", "font/woff2", "application/octet-stream",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""}) {
        EXPECT_FALSE(IsCompressible(type)) << type;
    }
}

TEST(Compression, GzipRoundTripsAndShrinksText) {
    const auto text = SampleText(200'000);
    const auto gzip = GzipCompress(text);
    EXPECT_LT(gzip.size(), text.size() / 3);
    EXPECT_EQ(static_cast<unsigned char>(gzip[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gzip[1]), 0x8b);
    EXPECT_EQ(GzipDecompress(gzip), text);
    EXPECT_EQ(GzipDecompress(GzipCompress("")), "");
}

TEST(Compression, GzipSinkCompressesPieceByPieceToTheSameBytes) {
    const auto text = SampleText(500'000);
    StringSink out;
    {
        GzipSink gzip(out);
        for (std::size_t at = 0; at < text.size(); at += 1000) {
            gzip.Write(std::string_view(text).substr(at, 1000));
        }
        gzip.Finish();
    }
    EXPECT_GT(out.writes, 1);  // output leaves as it is produced, not at the end only
    EXPECT_EQ(GzipDecompress(out.text), text);
}

TEST(Compression, InvalidOrTruncatedGzipIsRefused) {
    const auto gzip = GzipCompress(SampleText(10'000));
    EXPECT_THROW(GzipDecompress(gzip.substr(0, gzip.size() / 2)), std::runtime_error);
    EXPECT_THROW(GzipDecompress("not gzip at all"), std::runtime_error);
    EXPECT_THROW(GzipDecompress(gzip, 100), std::runtime_error);
}

}  // namespace
}  // namespace cncd::web
