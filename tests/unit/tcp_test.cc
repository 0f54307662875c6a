// Tests for parse_tcp: fixed fields, data offset, the option walk (MSS,
// malformed options that end the walk quietly), segments cut at every length,
// malformed headers and random bytes.
#include "parsers/tcp.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using tlsanalyze::testing::ByteWriter;

Bytes span_of(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

// Option kinds (RFC 9293 section 3.2, IANA "TCP Option Kind Numbers").
constexpr std::uint8_t kEol = 0;
constexpr std::uint8_t kNop = 1;
constexpr std::uint8_t kMss = 2;
constexpr std::uint8_t kWindowScale = 3;
constexpr std::uint8_t kSackPermitted = 4;
constexpr std::uint8_t kTimestamps = 8;
constexpr std::uint8_t kMptcp = 30;

// option writes a kind-length-value option whose length covers kind, length
// and `value` (RFC 9293 section 3.2).
void option(ByteWriter& w, std::uint8_t kind, const std::vector<std::uint8_t>& value) {
  w.u8(kind).u8(static_cast<std::uint8_t>(2 + value.size())).bytes(value);
}
void mss_option(ByteWriter& w, std::uint16_t mss) { option(w, kMss, ByteWriter().u16(mss).take()); }

// TcpSpec describes a segment; build_tcp derives the data offset from the
// size of `options` (which must fill whole words) unless overridden.
struct TcpSpec {
  std::uint16_t src_port = 49152;
  std::uint16_t dst_port = 443;
  std::uint32_t seq = 0x01020304;
  std::uint32_t ack = 0xA0B0C0D0;
  std::uint8_t flags = kTcpAck | kTcpPsh;
  std::uint16_t window = 502;
  std::vector<std::uint8_t> options;
  std::vector<std::uint8_t> payload = ByteWriter().u8(0x16).u16(0x0301).u16(0).take();
  std::optional<std::uint8_t> data_offset;
};

std::size_t header_size(const TcpSpec& s) { return 20 + s.options.size(); }

std::vector<std::uint8_t> build_tcp(const TcpSpec& s) {
  EXPECT_EQ(s.options.size() % 4, 0u) << "options must fill whole 32-bit words";
  const auto offset = static_cast<std::uint8_t>(s.data_offset.value_or(header_size(s) / 4));
  return ByteWriter()
      .u16(s.src_port)                             // source port
      .u16(s.dst_port)                             // destination port
      .u32(s.seq)                                  // sequence number
      .u32(s.ack)                                  // acknowledgment number
      .u8(static_cast<std::uint8_t>(offset << 4))  // data offset, reserved
      .u8(s.flags)                                 // flags
      .u16(s.window)                               // window
      .u16(0xFFFF)                                 // checksum (unchecked)
      .u16(0)                                      // urgent pointer
      .bytes(s.options)
      .bytes(s.payload)
      .take();
}

struct TcpCase {
  std::string name{};
  TcpSpec spec{};
  TcpStatus status = TcpStatus::ok;
  std::uint16_t mss = 0;
};

std::vector<TcpCase> tcp_cases() {
  std::vector<TcpCase> cases;
  cases.push_back({.name = "no options", .spec = {}});
  {
    // A Linux SYN: MSS, SACK permitted, timestamps, NOP, window scale.
    TcpSpec s;
    s.flags = kTcpSyn;
    s.payload = {};
    ByteWriter w;
    mss_option(w, 1460);
    option(w, kSackPermitted, {});
    option(w, kTimestamps, ByteWriter().u32(12345).u32(0).take());
    w.u8(kNop);
    option(w, kWindowScale, {7});
    s.options = w.take();
    cases.push_back({.name = "linux syn", .spec = s, .mss = 1460});
  }
  {
    TcpSpec s;
    ByteWriter w;
    w.u8(kNop).u8(kNop);
    option(w, kTimestamps, ByteWriter().u32(1).u32(2).take());
    s.options = w.take();
    cases.push_back({.name = "nop nop timestamps", .spec = s});
  }
  {
    TcpSpec s;
    ByteWriter w;
    option(w, kMptcp, ByteWriter().u16(0x0081).u32(1).u32(2).take());  // MP_CAPABLE-ish
    mss_option(w, 1400);
    w.u8(kEol).u8(kEol).u8(kEol).u8(kEol);
    s.options = w.take();
    cases.push_back({.name = "unknown option then mss", .spec = s, .mss = 1400});
  }
  {
    TcpSpec s;
    ByteWriter w;
    mss_option(w, 1200);
    mss_option(w, 9000);
    s.options = w.take();
    cases.push_back({.name = "first mss wins", .spec = s, .mss = 1200});
  }
  {
    TcpSpec s;
    ByteWriter w;
    w.u8(kEol).u8(kNop).u8(kNop).u8(kNop);
    mss_option(w, 1460);
    s.options = w.take();
    cases.push_back({.name = "mss after eol is ignored", .spec = s});
  }
  {
    TcpSpec s;
    ByteWriter w;
    option(w, kMss, {0x05});  // MSS of the wrong length
    w.u8(kEol);
    s.options = w.take();
    cases.push_back({.name = "mss length 3 skipped", .spec = s});
  }
  {
    TcpSpec s;
    ByteWriter w;
    option(w, kMss, ByteWriter().u16(1460).u16(0).take());  // MSS with length 6
    mss_option(w, 536);
    w.u8(kNop).u8(kNop);
    s.options = w.take();
    cases.push_back({.name = "mss length 6 skipped", .spec = s, .mss = 536});
  }
  {
    TcpSpec s;
    s.options = ByteWriter()
                    .u8(kTimestamps)  // kind
                    .u8(0)            // length 0: cannot advance
                    .u8(kMss)         // kind: never reached
                    .u8(4)            // length
                    .u16(1460)        // MSS
                    .u8(kNop)         // padding
                    .u8(kNop)         // padding
                    .take();
    cases.push_back({.name = "option length 0 stops walk", .spec = s});
  }
  {
    TcpSpec s;
    s.options = ByteWriter()
                    .u8(kWindowScale)  // kind
                    .u8(1)             // length 1: shorter than kind+length
                    .u8(kMss)          // kind: never reached
                    .u8(4)             // length
                    .u16(1460)         // MSS
                    .u8(kNop)          // padding
                    .u8(kNop)          // padding
                    .take();
    cases.push_back({.name = "option length 1 stops walk", .spec = s});
  }
  {
    TcpSpec s;
    s.options = ByteWriter()
                    .u8(kNop)         // NOP
                    .u8(kNop)         // NOP
                    .u8(kTimestamps)  // kind
                    .u8(10)           // length: claims 10 bytes, 2 remain
                    .take();
    cases.push_back({.name = "option past end stops walk", .spec = s});
  }
  {
    TcpSpec s;
    s.options = ByteWriter()
                    .u8(kNop)  // NOP
                    .u8(kNop)  // NOP
                    .u8(kNop)  // NOP
                    .u8(kMss)  // kind with no room for its length
                    .take();
    cases.push_back({.name = "kind without length", .spec = s});
  }
  {
    TcpSpec s;
    s.options = ByteWriter()
                    .u8(kNop)  // NOP
                    .u8(kNop)  // NOP
                    .u8(kMss)  // kind
                    .u8(4)     // length 4, but the options end before the value
                    .take();
    cases.push_back({.name = "mss value cut off", .spec = s});
  }
  {
    TcpSpec s;
    ByteWriter w;
    mss_option(w, 65535);
    for (int i = 0; i < 36; ++i) w.u8(kNop);
    s.options = w.take();
    cases.push_back({.name = "data offset 15", .spec = s, .mss = 65535});
  }
  {
    TcpSpec s;
    s.flags = 0xFF;  // CWR, ECE, URG, ACK, PSH, RST, SYN, FIN
    s.payload = {};
    cases.push_back({.name = "all flags", .spec = s});
  }
  for (std::uint8_t offset : {0, 1, 4}) {
    TcpSpec s;
    s.data_offset = offset;
    cases.push_back({.name = "data offset " + std::to_string(offset),
                     .spec = s,
                     .status = TcpStatus::malformed});
  }
  {
    // Data offset 15 words over a 20-byte header and 5 payload bytes.
    TcpSpec s;
    s.data_offset = 15;
    cases.push_back(
        {.name = "data offset past the end", .spec = s, .status = TcpStatus::truncated});
  }
  return cases;
}

TEST(TcpTest, DecodesEveryCase) {
  for (const TcpCase& c : tcp_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<std::uint8_t> segment = build_tcp(c.spec);
    TcpSegment out;
    ASSERT_EQ(parse_tcp(span_of(segment), out), c.status);
    if (c.status != TcpStatus::ok) continue;
    EXPECT_EQ(out.src_port, c.spec.src_port);
    EXPECT_EQ(out.dst_port, c.spec.dst_port);
    EXPECT_EQ(out.seq, c.spec.seq);
    EXPECT_EQ(out.ack, c.spec.ack);
    EXPECT_EQ(out.flags, c.spec.flags);
    EXPECT_EQ(out.window, c.spec.window);
    EXPECT_EQ(out.mss, c.mss);
    // Options and payload are views in place.
    EXPECT_EQ(out.options.data(), segment.data() + 20);
    EXPECT_EQ(out.options.size(), c.spec.options.size());
    EXPECT_EQ(out.payload.data(), segment.data() + header_size(c.spec));
    EXPECT_EQ(out.payload.size(), c.spec.payload.size());
  }
}

TEST(TcpTest, FlagHelpers) {
  struct Case {
    std::uint8_t flags;
    std::uint8_t set;
  };
  const Case cases[] = {{kTcpSyn, kTcpSyn},           {kTcpSyn | kTcpAck, kTcpSyn},
                        {kTcpRst | kTcpAck, kTcpRst}, {kTcpFin | kTcpAck, kTcpFin},
                        {kTcpPsh | kTcpAck, kTcpPsh}, {kTcpUrg, kTcpUrg}};
  for (const Case& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.flags));
    TcpSpec s;
    s.flags = c.flags;
    const std::vector<std::uint8_t> segment = build_tcp(s);
    TcpSegment out;
    ASSERT_EQ(parse_tcp(span_of(segment), out), TcpStatus::ok);
    EXPECT_TRUE(out.has(c.set));
    for (std::uint8_t bit : {kTcpFin, kTcpSyn, kTcpRst, kTcpPsh, kTcpAck, kTcpUrg}) {
      EXPECT_EQ(out.has(bit), (c.flags & bit) != 0) << static_cast<int>(bit);
    }
  }
}

// Cut inside the header or its options: truncated. Cut inside the payload:
// ok with the payload the capture holds.
TEST(TcpTest, TruncatedAtEveryLength) {
  for (const TcpCase& c : tcp_cases()) {
    if (c.status != TcpStatus::ok) continue;
    const std::vector<std::uint8_t> segment = build_tcp(c.spec);
    const std::size_t header = header_size(c.spec);
    for (std::size_t len = 0; len <= segment.size(); ++len) {
      SCOPED_TRACE(c.name + " cut at " + std::to_string(len));
      TcpSegment out;
      const TcpStatus status = parse_tcp(span_of(segment).first(len), out);
      if (len < header) {
        EXPECT_EQ(status, TcpStatus::truncated);
        continue;
      }
      ASSERT_EQ(status, TcpStatus::ok);
      EXPECT_EQ(out.mss, c.mss);
      EXPECT_EQ(out.payload.size(), len - header);
    }
  }
}

// A reused TcpSegment carries nothing over from the previous segment.
TEST(TcpTest, ResetsOutput) {
  TcpSpec syn;
  syn.flags = kTcpSyn;
  ByteWriter w;
  mss_option(w, 1460);
  syn.options = w.take();
  const std::vector<std::uint8_t> first = build_tcp(syn);
  const std::vector<std::uint8_t> second = build_tcp({});
  TcpSegment out;
  ASSERT_EQ(parse_tcp(span_of(first), out), TcpStatus::ok);
  ASSERT_EQ(out.mss, 1460);
  ASSERT_EQ(parse_tcp(span_of(second), out), TcpStatus::ok);
  EXPECT_EQ(out.mss, 0);
  EXPECT_TRUE(out.options.empty());
  EXPECT_EQ(parse_tcp(Bytes(), out), TcpStatus::truncated);
  EXPECT_EQ(out.src_port, 0);
  EXPECT_TRUE(out.payload.empty());
}

// Random bytes and mutated valid segments: no crash, and an ok result has
// options and payload back to back inside the segment.
TEST(TcpTest, FuzzRandomSegmentsNoCrash) {
  std::mt19937 rng(0x54435021);  // fixed seed: the same inputs every run
  std::vector<std::vector<std::uint8_t>> seeds;
  for (const TcpCase& c : tcp_cases()) seeds.push_back(build_tcp(c.spec));
  for (int i = 0; i < 5000; ++i) {
    std::vector<std::uint8_t> segment;
    if (i % 2 == 0) {
      segment = seeds[rng() % seeds.size()];
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f) {
        segment[rng() % segment.size()] = static_cast<std::uint8_t>(rng());
      }
      segment.resize(rng() % (segment.size() + 1));
    } else {
      segment.resize(rng() % 100);
      for (std::uint8_t& b : segment) b = static_cast<std::uint8_t>(rng());
    }
    SCOPED_TRACE(i);
    TcpSegment out;
    if (parse_tcp(span_of(segment), out) != TcpStatus::ok) continue;
    EXPECT_EQ(out.options.data(), segment.data() + 20);
    EXPECT_EQ(out.options.data() + out.options.size(), out.payload.data());
    EXPECT_EQ(out.payload.data() + out.payload.size(), segment.data() + segment.size());
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
