#include "web/compression.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

namespace cncd::web {

namespace {

/// windowBits 15 + 16: a gzip header and trailer instead of zlib's.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;
constexpr std::size_t kOutputBytes = 32 * 1024;

std::string_view Trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/// The q value of one Accept-Encoding member ("gzip;q=0.5"): 1 when absent, 0 when malformed.
double QualityOf(std::string_view parameters) {
    while (!parameters.empty()) {
        const auto semicolon = parameters.find(';');
        const auto parameter = Trim(parameters.substr(0, semicolon));
        parameters = semicolon == std::string_view::npos ? std::string_view{}
                                                         : parameters.substr(semicolon + 1);
        if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') ||
            parameter[1] != '=')
            continue;
        const auto value = Trim(parameter.substr(2));
        double q = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), q);
        if (ec != std::errc() || end != value.data() + value.size()) return 0;
        return q;
    }
    return 1;
}

void Check(int code, const char* what) {
    if (code != Z_OK && code != Z_STREAM_END && code != Z_BUF_ERROR)
        throw std::runtime_error(std::string("zlib ") + what + " failed (" + std::to_string(code) +
                                 ")");
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
    std::optional<double> gzip;
    std::optional<double> any;
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        const auto member = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view{}
                                                          : accept_encoding.substr(comma + 1);
        const auto semicolon = member.find(';');
        const auto coding = Lower(Trim(member.substr(0, semicolon)));
        const double q =
            semicolon == std::string_view::npos ? 1.0 : QualityOf(member.substr(semicolon + 1));
        if (coding == "gzip" || coding == "x-gzip") {
            gzip = std::max(gzip.value_or(0), q);
        } else if (coding == "*") {
            any = q;
        }
    }
    if (gzip) return *gzip > 0;
    return any.value_or(0) > 0;
}

bool IsCompressible(std::string_view content_type) {
    const auto type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
    if (type.starts_with("text/")) return true;
    if (type == "application/json" || type.ends_with("+json")) return true;
    if (type == "application/javascript" || type == "application/xml" || type.ends_with("+xml"))
        return true;
    return type == "application/yaml" || type == "image/svg+xml";
}

struct GzipSink::State {
    z_stream stream{};
    std::array<unsigned char, kOutputBytes> output{};
    bool finished = false;
};

GzipSink::GzipSink(BodySink& out, int level) : out_(out), state_(std::make_unique<State>()) {
    if (deflateInit2(&state_->stream, level, Z_DEFLATED, kGzipWindowBits, kMemLevel,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib deflateInit2 failed");
    }
}

GzipSink::~GzipSink() { deflateEnd(&state_->stream); }

void GzipSink::Write(std::string_view bytes) {
    if (!bytes.empty()) Deflate(bytes, Z_NO_FLUSH);
}

void GzipSink::Finish() {
    if (state_->finished) return;
    Deflate({}, Z_FINISH);
    state_->finished = true;
}

void GzipSink::Deflate(std::string_view bytes, int flush) {
    auto& z = state_->stream;
    // zlib's avail_in is 32 bits: feed huge inputs in slices.
    constexpr std::size_t kMaxSlice = std::numeric_limits<uInt>::max();
    do {
        const std::size_t slice = std::min(bytes.size(), kMaxSlice);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
        z.avail_in = static_cast<uInt>(slice);
        bytes.remove_prefix(slice);
        const int mode = bytes.empty() ? flush : Z_NO_FLUSH;
        int code = Z_OK;
        do {
            z.next_out = state_->output.data();
            z.avail_out = static_cast<uInt>(state_->output.size());
            code = deflate(&z, mode);
            Check(code, "deflate");
            const std::size_t produced = state_->output.size() - z.avail_out;
            if (produced > 0)
                out_.Write({reinterpret_cast<const char*>(state_->output.data()), produced});
        } while (z.avail_out == 0 || (mode == Z_FINISH && code != Z_STREAM_END));
    } while (!bytes.empty());
}

namespace {

class StringSink final : public BodySink {
  public:
    explicit StringSink(std::string& out) : out_(out) {}
    void Write(std::string_view bytes) override { out_.append(bytes); }

  private:
    std::string& out_;
};

}  // namespace

std::string GzipCompress(std::string_view bytes, int level) {
    std::string out;
    out.reserve(bytes.size() / 4 + 64);
    StringSink sink(out);
    GzipSink gzip(sink, level);
    gzip.Write(bytes);
    gzip.Finish();
    return out;
}

std::string GzipDecompress(std::string_view gzip, std::size_t max_bytes) {
    z_stream z{};
    if (inflateInit2(&z, kGzipWindowBits) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    const std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
    std::string out;
    std::array<unsigned char, kOutputBytes> buffer{};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
    z.avail_in = static_cast<uInt>(gzip.size());
    int code = Z_OK;
    while (code != Z_STREAM_END) {
        z.next_out = buffer.data();
        z.avail_out = static_cast<uInt>(buffer.size());
        code = inflate(&z, Z_NO_FLUSH);
        if (code != Z_OK && code != Z_STREAM_END) throw std::runtime_error("invalid gzip stream");
        const std::size_t produced = buffer.size() - z.avail_out;
        if (out.size() + produced > max_bytes) throw std::runtime_error("gzip stream too large");
        out.append(reinterpret_cast<const char*>(buffer.data()), produced);
        if (code == Z_OK && produced == 0 && z.avail_in == 0)
            throw std::runtime_error("truncated gzip stream");
    }
    return out;
}

}  // namespace cncd::web
