#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace cncd::geo {

/// Malformed protocol-buffer bytes (truncated varint, length past the end, unknown wire type).
class PbfError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Protocol-buffer wire types (the low three bits of a field key).
enum class WireType : std::uint8_t {
    kVarint = 0,
    kFixed64 = 1,
    kBytes = 2,
    kFixed32 = 5,
};

/// Decodes a zigzag-encoded integer (0 → 0, 1 → -1, 2 → 1, 3 → -2…).
constexpr std::int64_t ZigZagDecode(std::uint64_t n) {
    return static_cast<std::int64_t>(n >> 1) ^ -static_cast<std::int64_t>(n & 1);
}

/// A field key: its number and wire type.
struct PbfKey {
    std::uint32_t field = 0;
    WireType type = WireType::kVarint;
};

/// Reads protocol-buffer encoded bytes, as the npm `pbf` package writes them. Does not own the
/// bytes. Every read throws PbfError, naming the byte offset, rather than reading past the end.
class PbfReader {
  public:
    explicit PbfReader(std::string_view bytes, std::size_t base_offset = 0)
        : bytes_(bytes), base_offset_(base_offset) {}

    bool AtEnd() const { return pos_ >= bytes_.size(); }
    /// Offset of the next byte, counted from the start of the outermost buffer.
    std::size_t Offset() const { return base_offset_ + pos_; }

    /// An unsigned base-128 varint of at most 10 bytes.
    std::uint64_t ReadVarint();
    /// A zigzag-encoded signed varint (pbf's readSVarint).
    std::int64_t ReadSVarint() { return ZigZagDecode(ReadVarint()); }
    /// A length-delimited value (string or bytes), viewed in place.
    std::string_view ReadBytes();
    /// A field key; throws on a wire type this reader cannot skip.
    PbfKey ReadKey();
    /// Skips the value of a field of the given wire type.
    void Skip(WireType type);
    /// A length-prefixed message (pbf's readMessage/writeRawMessage): reads the varint length
    /// and returns a reader over exactly that many following bytes.
    PbfReader ReadMessage();

  private:
    std::string_view Take(std::size_t n);

    std::string_view bytes_;
    std::size_t base_offset_ = 0;
    std::size_t pos_ = 0;
};

}  // namespace cncd::geo
