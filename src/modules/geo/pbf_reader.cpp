#include "modules/geo/pbf_reader.hpp"

#include <string>

namespace cncd::geo {
namespace {

constexpr int kMaxVarintBytes = 10;

[[noreturn]] void Fail(const std::string& what, std::size_t offset) {
    throw PbfError(what + " at byte " + std::to_string(offset));
}

}  // namespace

std::uint64_t PbfReader::ReadVarint() {
    const std::size_t start = Offset();
    std::uint64_t value = 0;
    for (int i = 0; i < kMaxVarintBytes; ++i) {
        if (AtEnd()) Fail("truncated varint", start);
        const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << (7 * i);
        if ((byte & 0x80) == 0) return value;
    }
    Fail("varint longer than 10 bytes", start);
}

std::string_view PbfReader::Take(std::size_t n) {
    if (n > bytes_.size() - pos_) {
        Fail("length " + std::to_string(n) + " runs past the end", Offset());
    }
    const std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
}

std::string_view PbfReader::ReadBytes() { return Take(static_cast<std::size_t>(ReadVarint())); }

PbfKey PbfReader::ReadKey() {
    const std::size_t start = Offset();
    const std::uint64_t key = ReadVarint();
    const auto type = static_cast<std::uint8_t>(key & 0x7);
    if (type != 0 && type != 1 && type != 2 && type != 5) {
        Fail("unsupported wire type " + std::to_string(type), start);
    }
    return PbfKey{static_cast<std::uint32_t>(key >> 3), static_cast<WireType>(type)};
}

void PbfReader::Skip(WireType type) {
    switch (type) {
        case WireType::kVarint:
            ReadVarint();
            return;
        case WireType::kFixed64:
            Take(8);
            return;
        case WireType::kBytes:
            ReadBytes();
            return;
        case WireType::kFixed32:
            Take(4);
            return;
    }
}

PbfReader PbfReader::ReadMessage() {
    const std::string_view body = ReadBytes();
    return PbfReader(body, Offset() - body.size());
}

}  // namespace cncd::geo
