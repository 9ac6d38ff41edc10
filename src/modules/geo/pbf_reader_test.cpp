#include "modules/geo/pbf_reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "modules/geo/cities_reader.hpp"

namespace cncd::geo {
namespace {

// Encodes protocol-buffer bytes the way the npm `pbf` writer does, to build test input.
class Writer {
  public:
    Writer& Varint(std::uint64_t v) {
        while (v >= 0x80) {
            bytes_ += static_cast<char>((v & 0x7F) | 0x80);
            v >>= 7;
        }
        bytes_ += static_cast<char>(v);
        return *this;
    }
    Writer& SVarint(std::int64_t v) {
        return Varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    Writer& Key(std::uint32_t field, WireType type) {
        return Varint((std::uint64_t{field} << 3) | static_cast<std::uint64_t>(type));
    }
    Writer& SVarintField(std::uint32_t field, std::int64_t v) {
        return Key(field, WireType::kVarint).SVarint(v);
    }
    Writer& VarintField(std::uint32_t field, std::uint64_t v) {
        return Key(field, WireType::kVarint).Varint(v);
    }
    Writer& StringField(std::uint32_t field, const std::string& s) {
        Key(field, WireType::kBytes).Varint(s.size());
        bytes_ += s;
        return *this;
    }
    /// Appends `message` with its varint length first (pbf's writeRawMessage).
    Writer& Message(const Writer& message) {
        Varint(message.bytes_.size());
        bytes_ += message.bytes_;
        return *this;
    }
    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
};

std::string Bytes(std::initializer_list<unsigned char> list) {
    return std::string(list.begin(), list.end());
}

TEST(GeoPbf, ReadsSingleAndMultiByteVarints) {
    const std::string bytes = Bytes({0x08, 0x96, 0x01, 0xAC, 0x02});
    PbfReader reader(bytes);
    EXPECT_EQ(reader.ReadVarint(), 8u);
    EXPECT_EQ(reader.ReadVarint(), 150u);
    EXPECT_EQ(reader.ReadVarint(), 300u);
    EXPECT_TRUE(reader.AtEnd());
}

TEST(GeoPbf, ReadsTheLargestTenByteVarint) {
    const std::string bytes = Bytes({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01});
    PbfReader reader(bytes);
    EXPECT_EQ(reader.ReadVarint(), std::numeric_limits<std::uint64_t>::max());
}

TEST(GeoPbf, ZigZagMapsSmallUnsignedToSmallSignedIntegers) {
    EXPECT_EQ(ZigZagDecode(0), 0);
    EXPECT_EQ(ZigZagDecode(1), -1);
    EXPECT_EQ(ZigZagDecode(2), 1);
    EXPECT_EQ(ZigZagDecode(3), -2);
    EXPECT_EQ(ZigZagDecode(4294967294u), 2147483647);
    EXPECT_EQ(ZigZagDecode(4294967295u), -2147483648LL);
    EXPECT_EQ(ZigZagDecode(std::numeric_limits<std::uint64_t>::max()),
              std::numeric_limits<std::int64_t>::min());
}

TEST(GeoPbf, ReadsSignedVarintsWrittenByTheEncoder) {
    Writer w;
    w.SVarint(-147300).SVarint(4349316).SVarint(0);
    PbfReader reader(w.bytes());
    EXPECT_EQ(reader.ReadSVarint(), -147300);
    EXPECT_EQ(reader.ReadSVarint(), 4349316);
    EXPECT_EQ(reader.ReadSVarint(), 0);
}

TEST(GeoPbf, TruncatedVarintThrowsWithItsOffset) {
    const std::string bytes = Bytes({0x01, 0x80, 0x80});
    PbfReader reader(bytes);
    reader.ReadVarint();
    try {
        reader.ReadVarint();
        FAIL() << "expected PbfError";
    } catch (const PbfError& e) {
        EXPECT_NE(std::string(e.what()).find("byte 1"), std::string::npos) << e.what();
    }
}

TEST(GeoPbf, VarintOfElevenBytesThrows) {
    const std::string bytes(11, static_cast<char>(0x80));
    PbfReader reader(bytes);
    EXPECT_THROW(reader.ReadVarint(), PbfError);
}

TEST(GeoPbf, LengthRunningPastTheEndThrows) {
    const std::string bytes = Bytes({0x05, 'a', 'b'});
    PbfReader reader(bytes);
    EXPECT_THROW(reader.ReadBytes(), PbfError);
}

TEST(GeoPbf, UnsupportedWireTypeThrows) {
    const std::string bytes = Bytes({0x0B});  // field 1, wire type 3 (group start)
    PbfReader reader(bytes);
    EXPECT_THROW(reader.ReadKey(), PbfError);
}

TEST(GeoPbf, MessageReaderStopsAtItsLength) {
    Writer inner;
    inner.VarintField(1, 7);
    Writer outer;
    outer.Message(inner).Varint(99);
    PbfReader reader(outer.bytes());
    PbfReader message = reader.ReadMessage();
    const PbfKey key = message.ReadKey();
    EXPECT_EQ(key.field, 1u);
    EXPECT_EQ(message.ReadVarint(), 7u);
    EXPECT_TRUE(message.AtEnd());
    EXPECT_EQ(reader.ReadVarint(), 99u);
}

TEST(GeoCities, DecodesRecordsWithCoordinateDeltasAccumulatedAcrossRecords) {
    Writer bayonne;
    bayonne.SVarintField(1, 3034475)
        .StringField(2, "Bayonne")
        .StringField(3, "FR")
        .StringField(5, "641")
        .StringField(6, "64102")
        .StringField(7, "PPLA3")
        .StringField(8, "75")
        .VarintField(9, 44396)
        .SVarintField(10, -147300)
        .SVarintField(11, 4349316);
    Writer paris;  // deltas from Bayonne; no population, an unknown field to skip
    paris.SVarintField(1, 2988507)
        .StringField(2, "Paris")
        .StringField(3, "FR")
        .StringField(7, "PPLC")
        .StringField(8, "11")
        .StringField(15, "ignored")
        .SVarintField(10, 234880 - (-147300))
        .SVarintField(11, 4885341 - 4349316);
    Writer file;
    file.Message(bayonne).Message(paris);

    const std::vector<Place> places = DecodeCities(file.bytes());
    ASSERT_EQ(places.size(), 2u);
    EXPECT_EQ(places[0].geonames_id, 3034475);
    EXPECT_EQ(places[0].name, "Bayonne");
    EXPECT_EQ(places[0].muni_sub, "64102");
    EXPECT_EQ(places[0].population, 44396);
    EXPECT_DOUBLE_EQ(places[0].lat, 43.49316);
    EXPECT_DOUBLE_EQ(places[0].lon, -1.473);
    EXPECT_EQ(places[1].name, "Paris");
    EXPECT_EQ(places[1].feature_code, "PPLC");
    EXPECT_EQ(places[1].population, 0);
    EXPECT_TRUE(places[1].muni_sub.empty());
    EXPECT_DOUBLE_EQ(places[1].lat, 48.85341);
    EXPECT_DOUBLE_EQ(places[1].lon, 2.3488);
}

TEST(GeoCities, TruncatedFileThrows) {
    Writer place;
    place.SVarintField(1, 1).StringField(2, "Somewhere").SVarintField(10, 0).SVarintField(11, 0);
    Writer file;
    file.Message(place);
    const std::string truncated = file.bytes().substr(0, file.bytes().size() - 3);
    EXPECT_THROW(DecodeCities(truncated), PbfError);
}

TEST(GeoCities, RecordWithoutIdThrows) {
    Writer place;
    place.StringField(2, "Nowhere");
    Writer file;
    file.Message(place);
    EXPECT_THROW(DecodeCities(file.bytes()), PbfError);
}

TEST(GeoCities, CoordinatesOutOfRangeThrow) {
    Writer place;
    place.SVarintField(1, 1).SVarintField(10, 0).SVarintField(11, 9100000);
    Writer file;
    file.Message(place);
    EXPECT_THROW(DecodeCities(file.bytes()), PbfError);
}

TEST(GeoCities, StringFieldWithVarintWireTypeThrows) {
    Writer place;
    place.SVarintField(1, 1).VarintField(2, 5);
    Writer file;
    file.Message(place);
    EXPECT_THROW(DecodeCities(file.bytes()), PbfError);
}

}  // namespace
}  // namespace cncd::geo
