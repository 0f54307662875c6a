// Tests for ByteReader and U16List: every primitive, short reads that leave
// the cursor alone, length-prefixed children and packed 16-bit lists.
#include "parsers/byte_reader.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using tlsanalyze::testing::ByteWriter;

// span_of views a test vector as Bytes.
Bytes span_of(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

TEST(ByteReaderTest, EmptyReaderHasNothing) {
  ByteReader reader;
  EXPECT_TRUE(reader.empty());
  EXPECT_EQ(reader.remaining(), 0u);
  EXPECT_TRUE(reader.rest().empty());
  std::uint8_t b = 0;
  EXPECT_FALSE(reader.read_u8(b));
  EXPECT_FALSE(reader.peek_u8(b));
  EXPECT_TRUE(reader.skip(0));
  Bytes none;
  EXPECT_TRUE(reader.read_bytes(0, none));
  EXPECT_TRUE(none.empty());
}

TEST(ByteReaderTest, ReadsBigEndianIntegersInOrder) {
  const std::vector<std::uint8_t> data = ByteWriter()
                                             .u8(0x01)         // u8
                                             .u16(0x0203)      // u16
                                             .u24(0x040506)    // u24
                                             .u32(0x0708090A)  // u32
                                             .u32(0xFFFFFFFF)  // u32, all bits set
                                             .take();
  ByteReader reader(span_of(data));
  EXPECT_EQ(reader.remaining(), data.size());
  std::uint8_t a = 0;
  std::uint16_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t d = 0;
  std::uint32_t e = 0;
  ASSERT_TRUE(reader.read_u8(a));
  ASSERT_TRUE(reader.read_u16(b));
  ASSERT_TRUE(reader.read_u24(c));
  ASSERT_TRUE(reader.read_u32(d));
  ASSERT_TRUE(reader.read_u32(e));
  EXPECT_EQ(a, 0x01);
  EXPECT_EQ(b, 0x0203);
  EXPECT_EQ(c, 0x040506u);
  EXPECT_EQ(d, 0x0708090Au);
  EXPECT_EQ(e, 0xFFFFFFFFu);
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReaderTest, PeekDoesNotConsume) {
  const std::vector<std::uint8_t> data = ByteWriter().u8(0xAB).u8(0xCD).take();
  ByteReader reader(span_of(data));
  std::uint8_t b = 0;
  ASSERT_TRUE(reader.peek_u8(b));
  EXPECT_EQ(b, 0xAB);
  EXPECT_EQ(reader.remaining(), 2u);
  ASSERT_TRUE(reader.read_u8(b));
  EXPECT_EQ(b, 0xAB);
  ASSERT_TRUE(reader.peek_u8(b));
  EXPECT_EQ(b, 0xCD);
}

// Each integer read of width w fails on every shorter input, leaving the
// cursor and the output untouched.
TEST(ByteReaderTest, ShortIntegerReadsFailAndLeaveCursor) {
  const std::vector<std::uint8_t> data = ByteWriter().u32(0x11223344).take();
  struct Case {
    const char* name;
    std::size_t width;
  };
  const Case cases[] = {{"u8", 1}, {"u16", 2}, {"u24", 3}, {"u32", 4}};
  for (const Case& c : cases) {
    for (std::size_t len = 0; len <= data.size(); ++len) {
      SCOPED_TRACE(std::string(c.name) + " over " + std::to_string(len) + " bytes");
      ByteReader reader(span_of(data).first(len));
      std::uint8_t v8 = 0x5A;
      std::uint16_t v16 = 0x5A5A;
      std::uint32_t v32 = 0x5A5A5A5A;
      bool ok = false;
      switch (c.width) {
        case 1:
          ok = reader.read_u8(v8);
          break;
        case 2:
          ok = reader.read_u16(v16);
          break;
        case 3:
          ok = reader.read_u24(v32);
          break;
        default:
          ok = reader.read_u32(v32);
          break;
      }
      EXPECT_EQ(ok, len >= c.width);
      if (ok) {
        EXPECT_EQ(reader.remaining(), len - c.width);
      } else {
        EXPECT_EQ(reader.remaining(), len);
        EXPECT_EQ(reader.rest().data(), data.data());
        EXPECT_EQ(v8, 0x5A);
        EXPECT_EQ(v16, 0x5A5A);
        EXPECT_EQ(v32, 0x5A5A5A5Au);
      }
    }
  }
}

TEST(ByteReaderTest, ReadBytesViewsTheSameBuffer) {
  const std::vector<std::uint8_t> data = ByteWriter().str("hello").str("world").take();
  ByteReader reader(span_of(data));
  Bytes first;
  ASSERT_TRUE(reader.read_bytes(5, first));
  EXPECT_EQ(first.data(), data.data());
  EXPECT_EQ(as_string_view(first), "hello");
  EXPECT_EQ(as_string_view(reader.rest()), "world");
  EXPECT_EQ(reader.rest().data(), data.data() + 5);

  Bytes too_many;
  EXPECT_FALSE(reader.read_bytes(6, too_many));
  EXPECT_TRUE(too_many.empty());
  EXPECT_EQ(reader.remaining(), 5u);
  EXPECT_FALSE(reader.read_bytes(static_cast<std::size_t>(-1), too_many));
  EXPECT_EQ(reader.remaining(), 5u);
}

TEST(ByteReaderTest, SkipConsumesOrFailsWhole) {
  const std::vector<std::uint8_t> data = ByteWriter().zeros(3).u8(0x7F).take();
  ByteReader reader(span_of(data));
  EXPECT_FALSE(reader.skip(5));
  EXPECT_EQ(reader.remaining(), 4u);
  ASSERT_TRUE(reader.skip(3));
  std::uint8_t b = 0;
  ASSERT_TRUE(reader.read_u8(b));
  EXPECT_EQ(b, 0x7F);
  EXPECT_FALSE(reader.skip(1));
  EXPECT_TRUE(reader.skip(0));
}

TEST(ByteReaderTest, AsStringViewOfEmptyBytes) { EXPECT_TRUE(as_string_view(Bytes()).empty()); }

// prefixed_u8/u16/u24 each give a child over exactly the body and leave the
// parent after it.
TEST(ByteReaderTest, PrefixedChildrenCoverExactlyTheBody) {
  const std::vector<std::uint8_t> data =
      ByteWriter()
          .prefixed_u8([](ByteWriter& w) { w.str("abc"); })    // 1-byte length, "abc"
          .prefixed_u16([](ByteWriter& w) { w.u16(0xBEEF); })  // 2-byte length, 0xBEEF
          .prefixed_u24([](ByteWriter& w) { w.str("xyz!"); })  // 3-byte length, "xyz!"
          .prefixed_u16([](ByteWriter&) {})                    // empty vector
          .u8(0x99)                                            // trailer
          .take();
  ByteReader reader(span_of(data));
  ByteReader child;

  ASSERT_TRUE(reader.read_prefixed_u8(child));
  EXPECT_EQ(as_string_view(child.rest()), "abc");

  ASSERT_TRUE(reader.read_prefixed_u16(child));
  std::uint16_t v = 0;
  ASSERT_TRUE(child.read_u16(v));
  EXPECT_EQ(v, 0xBEEF);
  EXPECT_TRUE(child.empty());

  ASSERT_TRUE(reader.read_prefixed_u24(child));
  EXPECT_EQ(as_string_view(child.rest()), "xyz!");

  ASSERT_TRUE(reader.read_prefixed_u16(child));
  EXPECT_TRUE(child.empty());

  std::uint8_t trailer = 0;
  ASSERT_TRUE(reader.read_u8(trailer));
  EXPECT_EQ(trailer, 0x99);
  EXPECT_TRUE(reader.empty());
}

// A child shares the parent's buffer and cannot read past its own end even
// though the parent has more bytes.
TEST(ByteReaderTest, ChildIsBoundedByItsPrefix) {
  const std::vector<std::uint8_t> data =
      ByteWriter().prefixed_u8([](ByteWriter& w) { w.u8(0x01); }).u8(0x02).u8(0x03).take();
  ByteReader reader(span_of(data));
  ByteReader child;
  ASSERT_TRUE(reader.read_prefixed_u8(child));
  EXPECT_EQ(child.rest().data(), data.data() + 1);
  std::uint16_t two = 0;
  EXPECT_FALSE(child.read_u16(two));
  std::uint8_t one = 0;
  ASSERT_TRUE(child.read_u8(one));
  EXPECT_EQ(one, 0x01);
  EXPECT_TRUE(child.empty());
  EXPECT_EQ(reader.remaining(), 2u);
}

// A prefixed read cut at every length fails with the parent and the child
// unchanged.
TEST(ByteReaderTest, TruncatedPrefixedReadsLeaveParentAndChild) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    bool (ByteReader::*read)(ByteReader&);
  };
  const Case cases[] = {
      {"u8", ByteWriter().prefixed_u8([](ByteWriter& w) { w.str("body"); }).take(),
       &ByteReader::read_prefixed_u8},
      {"u16", ByteWriter().prefixed_u16([](ByteWriter& w) { w.str("body"); }).take(),
       &ByteReader::read_prefixed_u16},
      {"u24", ByteWriter().prefixed_u24([](ByteWriter& w) { w.str("body"); }).take(),
       &ByteReader::read_prefixed_u24},
  };
  const std::vector<std::uint8_t> sentinel_bytes = ByteWriter().str("sentinel").take();
  for (const Case& c : cases) {
    for (std::size_t len = 0; len <= c.bytes.size(); ++len) {
      SCOPED_TRACE(std::string(c.name) + " cut at " + std::to_string(len));
      ByteReader reader(span_of(c.bytes).first(len));
      ByteReader child(span_of(sentinel_bytes));
      const bool ok = (reader.*c.read)(child);
      EXPECT_EQ(ok, len == c.bytes.size());
      if (ok) {
        EXPECT_EQ(as_string_view(child.rest()), "body");
        EXPECT_TRUE(reader.empty());
      } else {
        EXPECT_EQ(reader.remaining(), len);
        EXPECT_EQ(child.rest().data(), sentinel_bytes.data());
        EXPECT_EQ(child.remaining(), sentinel_bytes.size());
      }
    }
  }
}

TEST(ByteReaderTest, ReaderIsTwoWordsAndCopiesIndependently) {
  const std::vector<std::uint8_t> data = ByteWriter().u16(0x0102).take();
  ByteReader a(span_of(data));
  ByteReader b = a;
  std::uint8_t v = 0;
  ASSERT_TRUE(a.read_u8(v));
  EXPECT_EQ(a.remaining(), 1u);
  EXPECT_EQ(b.remaining(), 2u);
  EXPECT_LE(sizeof(ByteReader), 2 * sizeof(void*));
}

TEST(ByteReaderTest, U16ListIndexesIteratesAndSearches) {
  const std::vector<std::uint8_t> data = ByteWriter()
                                             .u16(0x1301)  // TLS_AES_128_GCM_SHA256
                                             .u16(0x0A0A)  // GREASE
                                             .u16(0xC02F)  // ECDHE-RSA-AES128-GCM
                                             .take();
  const U16List list{span_of(data)};
  EXPECT_EQ(list.size(), 3u);
  EXPECT_FALSE(list.empty());
  EXPECT_EQ(list[0], 0x1301);
  EXPECT_EQ(list[1], 0x0A0A);
  EXPECT_EQ(list[2], 0xC02F);
  EXPECT_TRUE(list.contains(0xC02F));
  EXPECT_FALSE(list.contains(0x2FC0));
  EXPECT_FALSE(list.contains(0x0113));

  std::vector<std::uint16_t> seen;
  for (std::uint16_t v : list) seen.push_back(v);
  EXPECT_EQ(seen, (std::vector<std::uint16_t>{0x1301, 0x0A0A, 0xC02F}));
}

TEST(ByteReaderTest, U16ListEmptyAndOddLengths) {
  const U16List empty{};
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_FALSE(empty.contains(0));
  int iterations = 0;
  for (std::uint16_t v : empty) {
    static_cast<void>(v);
    ++iterations;
  }
  EXPECT_EQ(iterations, 0);

  // One value and a dangling byte: the odd byte is never read.
  const std::vector<std::uint8_t> odd = ByteWriter().u16(0xABCD).u8(0xEF).take();
  const U16List list{span_of(odd)};
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], 0xABCD);
  EXPECT_FALSE(list.contains(0xEF00));
  EXPECT_FALSE(list.contains(0xCDEF));

  const std::vector<std::uint8_t> single = ByteWriter().u8(0x01).take();
  EXPECT_TRUE((U16List{span_of(single)}).empty());
}

}  // namespace
}  // namespace tlsanalyze::parsers
