#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "web/http.hpp"

namespace cncd::web {

/// Gzip (RFC 1952) through zlib. Boost.Beast only has a raw-deflate port for WebSocket
/// permessage-deflate (no gzip framing, no CRC-32), so the system zlib does the work.
///
/// BuildApp compresses an answer when the client sends "Accept-Encoding: gzip" (q > 0), its
/// content type is compressible (IsCompressible), it has no Content-Encoding yet, and it is
/// streamed or holds at least kMinGzipBytes. Every compressible answer gets
/// "Vary: Accept-Encoding", compressed or not.

/// Below this, compression costs more than it saves.
inline constexpr std::size_t kMinGzipBytes = 1024;
/// zlib level for answers built per request (fast, most of the gain).
inline constexpr int kDynamicGzipLevel = 6;
/// zlib level for static files, compressed once and kept in memory.
inline constexpr int kStaticGzipLevel = 9;

/// True when an Accept-Encoding value accepts gzip: "gzip", "x-gzip" or "*" with q > 0, and
/// gzip not refused with q=0.
bool AcceptsGzip(std::string_view accept_encoding);

/// True for text formats worth compressing: text/* (HTML, CSS, JavaScript, CSV…), JSON and its
/// variants (GeoJSON, manifests), SVG, XML, YAML. False for images, fonts, archives (XLSX is
/// already zipped) and anything unknown.
bool IsCompressible(std::string_view content_type);

/// The gzip of `bytes`.
std::string GzipCompress(std::string_view bytes, int level = kDynamicGzipLevel);

/// The bytes of a gzip stream; throws std::runtime_error when it is invalid, truncated, or
/// would exceed `max_bytes` once inflated.
std::string GzipDecompress(std::string_view gzip, std::size_t max_bytes = 256 * 1024 * 1024);

/// A BodySink that gzips what it receives into another sink, chunk by chunk (zlib keeps a
/// bounded window, about 256 KB). Call Finish once the body is complete.
class GzipSink final : public BodySink {
  public:
    explicit GzipSink(BodySink& out, int level = kDynamicGzipLevel);
    ~GzipSink() override;
    GzipSink(const GzipSink&) = delete;
    GzipSink& operator=(const GzipSink&) = delete;

    void Write(std::string_view bytes) override;
    /// Writes the end of the gzip stream (the last compressed bytes and the trailer).
    void Finish();

  private:
    struct State;
    void Deflate(std::string_view bytes, int flush);

    BodySink& out_;
    std::unique_ptr<State> state_;
};

}  // namespace cncd::web
