// Tests for parse_ipv4 / parse_ipv6 / parse_ip: options, length trimming,
// fragments, the IPv6 extension-header walk, packets cut at every length,
// malformed headers and random bytes.
#include "parsers/ip.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using tlsanalyze::testing::ByteWriter;

Bytes span_of(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

// A recognisable transport segment: the start of a TCP header and some data.
std::vector<std::uint8_t> tcp_bytes() {
  return ByteWriter()
      .u16(49152)  // source port
      .u16(443)    // destination port
      .u32(1)      // sequence number
      .u32(0)      // acknowledgment number
      .u8(0x50)    // data offset 5
      .u8(0x02)    // SYN
      .u16(64240)  // window
      .u16(0)      // checksum
      .u16(0)      // urgent pointer
      .str("data")
      .take();
}

// ---------------------------------------------------------------- IPv4

// Ipv4Spec describes an IPv4 packet; build_ipv4 derives IHL and Total Length
// from the sizes of `options` and `payload` unless overridden.
struct Ipv4Spec {
  std::uint8_t version = 4;
  std::vector<std::uint8_t> options;
  std::uint16_t flags_offset = 0x4000;  // DF
  std::uint8_t ttl = 64;
  std::uint8_t protocol = kIpProtoTcp;
  std::vector<std::uint8_t> payload = tcp_bytes();
  std::vector<std::uint8_t> trailer;  // bytes after the IP packet (Ethernet padding)
  std::optional<std::uint8_t> ihl;
  std::optional<std::uint16_t> total_length;
};

constexpr std::array<std::uint8_t, 4> kSrc4 = {192, 0, 2, 1};
constexpr std::array<std::uint8_t, 4> kDst4 = {198, 51, 100, 7};

std::size_t header_size(const Ipv4Spec& s) { return 20 + s.options.size(); }

std::vector<std::uint8_t> build_ipv4(const Ipv4Spec& s) {
  const auto ihl = static_cast<std::uint8_t>(s.ihl.value_or(header_size(s) / 4));
  const auto total =
      static_cast<std::uint16_t>(s.total_length.value_or(header_size(s) + s.payload.size()));
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(s.version << 4 | ihl))  // version, IHL
      .u8(0)                                             // TOS
      .u16(total)                                        // total length
      .u16(0x1234)                                       // identification
      .u16(s.flags_offset)                               // flags, fragment offset
      .u8(s.ttl)                                         // TTL
      .u8(s.protocol)                                    // protocol
      .u16(0)                                            // header checksum (unchecked)
      .bytes({kSrc4[0], kSrc4[1], kSrc4[2], kSrc4[3]})   // source
      .bytes({kDst4[0], kDst4[1], kDst4[2], kDst4[3]})   // destination
      .bytes(s.options)
      .bytes(s.payload)
      .bytes(s.trailer);
  return w.take();
}

// Ipv4Case is one packet and what parse_ipv4 must say about it.
struct Ipv4Case {
  std::string name{};
  Ipv4Spec spec{};
  IpStatus status = IpStatus::ok;
  bool is_fragment = false;
  bool first_fragment = false;
  bool payload_truncated = false;
  std::optional<std::size_t> payload_size{};  // default: spec.payload.size()
};

std::vector<Ipv4Case> ipv4_cases() {
  std::vector<Ipv4Case> cases;
  cases.push_back({.name = "plain tcp", .spec = {}});
  {
    Ipv4Spec s;
    s.options = ByteWriter()
                    .u8(0x94)  // option type: Router Alert (RFC 2113)
                    .u8(4)     // option length
                    .u16(0)    // value: MLD / multicast listener
                    .take();
    cases.push_back({.name = "router alert option", .spec = s});
  }
  {
    Ipv4Spec s;
    s.options = ByteWriter()
                    .u8(1)      // NOP
                    .u8(1)      // NOP
                    .u8(1)      // NOP
                    .u8(0)      // End of Option List
                    .zeros(36)  // padding to 40 option bytes
                    .take();
    cases.push_back({.name = "IHL 15", .spec = s});
  }
  {
    Ipv4Spec s;
    s.trailer = ByteWriter().zeros(6).take();  // Ethernet minimum-frame padding
    cases.push_back({.name = "padding trimmed", .spec = s});
  }
  {
    Ipv4Spec s;
    s.payload = {};
    s.protocol = kIpProtoUdp;
    s.trailer = ByteWriter().zeros(26).take();
    cases.push_back({.name = "empty payload with padding", .spec = s});
  }
  {
    Ipv4Spec s;
    s.flags_offset = 0x2000;  // MF, offset 0
    cases.push_back(
        {.name = "first fragment", .spec = s, .is_fragment = true, .first_fragment = true});
  }
  {
    Ipv4Spec s;
    s.flags_offset = 185;  // offset 185 * 8, last fragment
    cases.push_back({.name = "last fragment", .spec = s, .is_fragment = true});
  }
  {
    Ipv4Spec s;
    s.flags_offset = 0x2000 | 0x1FFF;  // MF, largest offset
    cases.push_back({.name = "middle fragment", .spec = s, .is_fragment = true});
  }
  {
    Ipv4Spec s;
    s.flags_offset = 0x8000;  // reserved bit only: not a fragment
    cases.push_back({.name = "reserved flag", .spec = s});
  }
  {
    // Snaplen cut: Total Length promises 100 more bytes than were captured.
    Ipv4Spec s;
    s.total_length = static_cast<std::uint16_t>(header_size(s) + s.payload.size() + 100);
    cases.push_back({.name = "snaplen cut", .spec = s, .payload_truncated = true});
  }
  {
    // TSO / BIG TCP super-packet: Total Length 0, the capture is the length.
    Ipv4Spec s;
    s.total_length = 0;
    cases.push_back({.name = "total length 0", .spec = s});
  }
  {
    Ipv4Spec s;
    s.total_length = static_cast<std::uint16_t>(header_size(s));
    cases.push_back({.name = "total length = header", .spec = s, .payload_size = 0});
  }
  {
    Ipv4Spec s;
    s.version = 6;
    cases.push_back({.name = "version 6", .spec = s, .status = IpStatus::malformed});
  }
  {
    Ipv4Spec s;
    s.version = 0;
    cases.push_back({.name = "version 0", .spec = s, .status = IpStatus::malformed});
  }
  for (std::uint8_t ihl : {0, 1, 4}) {
    Ipv4Spec s;
    s.ihl = ihl;
    cases.push_back(
        {.name = "IHL " + std::to_string(ihl), .spec = s, .status = IpStatus::malformed});
  }
  {
    Ipv4Spec s;
    s.total_length = static_cast<std::uint16_t>(header_size(s) - 1);
    cases.push_back({.name = "total length < 20", .spec = s, .status = IpStatus::malformed});
  }
  {
    Ipv4Spec s;
    s.options = ByteWriter().u8(1).u8(1).u8(1).u8(1).take();  // four NOPs: IHL 6
    s.total_length = 20;
    cases.push_back({.name = "total length < IHL*4", .spec = s, .status = IpStatus::malformed});
  }
  {
    // IHL says 15 words but only the fixed header and 4 bytes follow.
    Ipv4Spec s;
    s.ihl = 15;
    s.payload = ByteWriter().u32(0).take();
    s.total_length = 60;
    cases.push_back({.name = "options past the capture", .spec = s, .status = IpStatus::truncated});
  }
  return cases;
}

TEST(IpTest, Ipv4Cases) {
  for (const Ipv4Case& c : ipv4_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<std::uint8_t> packet = build_ipv4(c.spec);
    IpPacket out;
    ASSERT_EQ(parse_ipv4(span_of(packet), out), c.status);
    if (c.status != IpStatus::ok) continue;
    EXPECT_EQ(out.version, 4);
    EXPECT_EQ(out.src.family, 4);
    EXPECT_EQ(out.dst.family, 4);
    EXPECT_EQ(out.src.bytes[0], kSrc4[0]);
    EXPECT_EQ(out.src.bytes[3], kSrc4[3]);
    EXPECT_EQ(out.dst.bytes[2], kDst4[2]);
    EXPECT_EQ(out.src.bytes[4], 0);  // IPv4 uses only the first four bytes
    EXPECT_EQ(out.ttl, c.spec.ttl);
    EXPECT_EQ(out.protocol, c.spec.protocol);
    EXPECT_EQ(out.is_fragment, c.is_fragment);
    EXPECT_EQ(out.first_fragment, c.first_fragment);
    EXPECT_EQ(out.payload_truncated, c.payload_truncated);
    // The payload is viewed in place, right after the header and options.
    EXPECT_EQ(out.payload.data(), packet.data() + header_size(c.spec));
    EXPECT_EQ(out.payload.size(), c.payload_size.value_or(c.spec.payload.size()));
    // parse_ip dispatches to the same answer.
    IpPacket via_dispatch;
    EXPECT_EQ(parse_ip(span_of(packet), via_dispatch), IpStatus::ok);
    EXPECT_EQ(via_dispatch.payload.data(), out.payload.data());
    EXPECT_EQ(via_dispatch.payload.size(), out.payload.size());
  }
}

// Cut inside the header: truncated (or malformed, when the first byte is
// already impossible). Cut inside the payload: ok with payload_truncated.
TEST(IpTest, Ipv4TruncatedAtEveryLength) {
  for (const Ipv4Case& c : ipv4_cases()) {
    if (c.status != IpStatus::ok || c.payload_truncated) continue;
    const std::vector<std::uint8_t> packet = build_ipv4(c.spec);
    const std::size_t header = header_size(c.spec);
    const std::size_t declared = c.payload_size.value_or(c.spec.payload.size());
    for (std::size_t len = 0; len < packet.size(); ++len) {
      SCOPED_TRACE(c.name + " cut at " + std::to_string(len));
      IpPacket out;
      const IpStatus status = parse_ipv4(span_of(packet).first(len), out);
      if (len < header) {
        EXPECT_EQ(status, IpStatus::truncated);
        continue;
      }
      ASSERT_EQ(status, IpStatus::ok);
      const std::size_t captured = len - header;
      EXPECT_EQ(out.payload.size(), std::min(captured, declared));
      const bool length_from_capture = c.spec.total_length == std::optional<std::uint16_t>(0);
      EXPECT_EQ(out.payload_truncated, !length_from_capture && captured < declared);
    }
  }
}

// ---------------------------------------------------------------- IPv6

constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kEsp = 50;
constexpr std::uint8_t kAh = 51;
constexpr std::uint8_t kNoNext = 59;
constexpr std::uint8_t kDestOpts = 60;
constexpr std::uint8_t kMobility = 135;
constexpr std::uint8_t kHip = 139;
constexpr std::uint8_t kShim6 = 140;

// generic_ext writes an RFC 8200 section 4 extension header: Next Header, Hdr
// Ext Len (8-octet units after the first 8, derived from `body`), body.
void generic_ext(ByteWriter& w, std::uint8_t next, const std::vector<std::uint8_t>& body) {
  const std::size_t total = 2 + body.size();
  EXPECT_EQ(total % 8, 0u) << "extension header body must fill whole 8-octet units";
  w.u8(next)                                         // Next Header
      .u8(static_cast<std::uint8_t>(total / 8 - 1))  // Hdr Ext Len
      .bytes(body);
}

// padn_options returns `n` bytes of options: one PadN (RFC 8200 section 4.2).
std::vector<std::uint8_t> padn_options(std::size_t n) {
  return ByteWriter()
      .u8(1)                                                // PadN
      .prefixed_u8([n](ByteWriter& w) { w.zeros(n - 2); })  // its length and zero bytes
      .take();
}

// ah_ext writes an Authentication Header (RFC 4302 section 2) with a 12-byte
// ICV; Payload Len is derived from the real size.
void ah_ext(ByteWriter& w, std::uint8_t next) {
  ByteWriter rest;
  rest.u16(0)       // reserved
      .u32(0x1000)  // SPI
      .u32(7)       // sequence number
      .zeros(12);   // ICV (HMAC-SHA1-96)
  const std::size_t total = 2 + rest.size();
  w.u8(next)                                         // Next Header
      .u8(static_cast<std::uint8_t>(total / 4 - 2))  // Payload Len
      .bytes(rest.data());
}

// fragment_ext writes a Fragment header (RFC 8200 section 4.5).
void fragment_ext(ByteWriter& w, std::uint8_t next, std::uint16_t offset, bool more) {
  w.u8(next)                                                          // Next Header
      .u8(0)                                                          // reserved
      .u16(static_cast<std::uint16_t>(offset << 3 | (more ? 1 : 0)))  // offset, M
      .u32(0xCAFE);                                                   // identification
}

constexpr std::array<std::uint8_t, 16> kSrc6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                                0,    0,    0,    0,    0, 0, 0, 1};
constexpr std::array<std::uint8_t, 16> kDst6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                                0,    0,    0,    0,    0, 0, 0, 2};

// Ipv6Spec describes an IPv6 packet: `next` names the first header after
// the fixed one, `ext` holds the extension chain, `payload` the transport.
struct Ipv6Spec {
  std::uint8_t version = 6;
  std::uint8_t next = kIpProtoTcp;
  std::uint8_t hop_limit = 57;
  std::vector<std::uint8_t> ext;
  std::vector<std::uint8_t> payload = tcp_bytes();
  std::vector<std::uint8_t> trailer;
  std::optional<std::uint16_t> payload_length;
};

std::vector<std::uint8_t> build_ipv6(const Ipv6Spec& s) {
  const auto length =
      static_cast<std::uint16_t>(s.payload_length.value_or(s.ext.size() + s.payload.size()));
  ByteWriter w;
  w.u32(static_cast<std::uint32_t>(s.version) << 28 | 0x00012345)    // version, class 0, flow
      .u16(length)                                                   // payload length
      .u8(s.next)                                                    // next header
      .u8(s.hop_limit)                                               // hop limit
      .bytes(std::vector<std::uint8_t>(kSrc6.begin(), kSrc6.end()))  // source
      .bytes(std::vector<std::uint8_t>(kDst6.begin(), kDst6.end()))  // destination
      .bytes(s.ext)
      .bytes(s.payload)
      .bytes(s.trailer);
  return w.take();
}

constexpr std::size_t kIpv6Header = 40;

struct Ipv6Case {
  std::string name{};
  Ipv6Spec spec{};
  IpStatus status = IpStatus::ok;
  std::uint8_t protocol = kIpProtoTcp;
  bool is_fragment = false;
  bool first_fragment = false;
  bool payload_truncated = false;
  std::optional<std::size_t> payload_size{};  // default: spec.payload.size()
};

std::vector<Ipv6Case> ipv6_cases() {
  std::vector<Ipv6Case> cases;
  cases.push_back({.name = "plain tcp", .spec = {}});
  {
    Ipv6Spec s;
    s.trailer = ByteWriter().zeros(8).take();
    cases.push_back({.name = "padding trimmed", .spec = s});
  }
  {
    Ipv6Spec s;
    s.payload_length = static_cast<std::uint16_t>(s.payload.size() + 1000);
    cases.push_back({.name = "snaplen cut", .spec = s, .payload_truncated = true});
  }
  {
    Ipv6Spec s;
    s.next = kHopByHop;
    ByteWriter w;
    generic_ext(w, kIpProtoTcp, padn_options(6));
    s.ext = w.take();
    cases.push_back({.name = "hop-by-hop", .spec = s});
  }
  {
    // The chain RFC 8200 section 4.1 recommends: HBH, DestOpts, Routing, DestOpts.
    Ipv6Spec s;
    s.next = kHopByHop;
    ByteWriter w;
    generic_ext(w, kDestOpts, padn_options(6));  // Hop-by-Hop
    generic_ext(w, kRouting, padn_options(14));  // Destination Options, 16 bytes
    generic_ext(w, kDestOpts,                    // Routing
                ByteWriter()
                    .u8(3)   // routing type: RPL source route
                    .u8(0)   // segments left
                    .u32(0)  // type-specific data
                    .take());
    generic_ext(w, kIpProtoTcp, padn_options(6));  // Destination Options
    s.ext = w.take();
    cases.push_back({.name = "recommended chain", .spec = s});
  }
  {
    Ipv6Spec s;
    s.next = kFragment;
    ByteWriter w;
    fragment_ext(w, kIpProtoTcp, 0, true);
    s.ext = w.take();
    cases.push_back(
        {.name = "first fragment", .spec = s, .is_fragment = true, .first_fragment = true});
  }
  {
    // Atomic fragment (RFC 6946): offset 0, M clear, still a Fragment header.
    Ipv6Spec s;
    s.next = kFragment;
    ByteWriter w;
    fragment_ext(w, kIpProtoTcp, 0, false);
    s.ext = w.take();
    cases.push_back(
        {.name = "atomic fragment", .spec = s, .is_fragment = true, .first_fragment = true});
  }
  {
    Ipv6Spec s;
    s.next = kFragment;
    ByteWriter w;
    fragment_ext(w, kIpProtoTcp, 181, true);
    s.ext = w.take();
    cases.push_back({.name = "middle fragment", .spec = s, .is_fragment = true});
  }
  {
    // Non-first fragment whose Next Header names an extension header: the
    // data is fragment payload, never walked.
    Ipv6Spec s;
    s.next = kFragment;
    ByteWriter w;
    fragment_ext(w, kDestOpts, 1, false);
    s.ext = w.take();
    s.payload = ByteWriter().u8(0xFF).u8(0xFF).take();  // would claim 2048 bytes if walked
    cases.push_back({.name = "later fragment not walked",
                     .spec = s,
                     .protocol = kDestOpts,
                     .is_fragment = true});
  }
  {
    Ipv6Spec s;
    s.next = kHopByHop;
    ByteWriter w;
    generic_ext(w, kFragment, padn_options(6));
    fragment_ext(w, kAh, 0, true);
    ah_ext(w, kIpProtoTcp);
    s.ext = w.take();
    cases.push_back(
        {.name = "hbh frag ah", .spec = s, .is_fragment = true, .first_fragment = true});
  }
  {
    Ipv6Spec s;
    s.next = kAh;
    ByteWriter w;
    ah_ext(w, kIpProtoTcp);
    s.ext = w.take();
    cases.push_back({.name = "ah", .spec = s});
  }
  for (std::uint8_t type : {kMobility, kHip, kShim6, kRouting, kDestOpts}) {
    Ipv6Spec s;
    s.next = type;
    ByteWriter w;
    generic_ext(w, kNoNext, ByteWriter().zeros(14).take());
    s.ext = w.take();
    s.payload = {};
    cases.push_back(
        {.name = "ext " + std::to_string(type) + " then no next", .spec = s, .protocol = kNoNext});
  }
  {
    Ipv6Spec s;
    s.next = kEsp;
    s.payload = ByteWriter().u32(0x1000).u32(1).zeros(24).take();  // SPI, sequence, ciphertext
    cases.push_back({.name = "esp ends the walk", .spec = s, .protocol = kEsp});
  }
  {
    Ipv6Spec s;
    s.next = kIpProtoUdp;
    s.payload = ByteWriter().u16(5353).u16(5353).u16(8).u16(0).take();
    cases.push_back({.name = "udp", .spec = s, .protocol = kIpProtoUdp});
  }
  {
    Ipv6Spec s;
    s.next = kNoNext;
    s.payload = {};
    s.trailer = ByteWriter().zeros(6).take();
    cases.push_back({.name = "no next header", .spec = s, .protocol = kNoNext});
  }
  {
    // Jumbogram (RFC 2675): Payload Length 0 and a Jumbo Payload option.
    Ipv6Spec s;
    s.next = kHopByHop;
    ByteWriter w;
    generic_ext(w, kIpProtoTcp,
                ByteWriter()
                    .u8(0xC2)                                          // Jumbo Payload option
                    .prefixed_u8([](ByteWriter& o) { o.u32(70000); })  // its length, value
                    .take());
    s.ext = w.take();
    s.payload_length = 0;
    cases.push_back({.name = "jumbogram", .spec = s});
  }
  {
    // Linux BIG TCP: Payload Length 0 and no Hop-by-Hop header.
    Ipv6Spec s;
    s.payload_length = 0;
    cases.push_back({.name = "payload length 0", .spec = s});
  }
  {
    Ipv6Spec s;
    s.next = kDestOpts;
    ByteWriter w;
    for (int i = 0; i < 16; ++i) generic_ext(w, i == 15 ? kIpProtoTcp : kDestOpts, padn_options(6));
    s.ext = w.take();
    cases.push_back({.name = "16 extension headers", .spec = s});
  }
  {
    Ipv6Spec s;
    s.next = kDestOpts;
    ByteWriter w;
    for (int i = 0; i < 17; ++i) generic_ext(w, i == 16 ? kIpProtoTcp : kDestOpts, padn_options(6));
    s.ext = w.take();
    cases.push_back({.name = "17 extension headers", .spec = s, .status = IpStatus::malformed});
  }
  {
    // A routing header claiming more bytes than Payload Length allows while
    // the capture is whole: the header lies.
    Ipv6Spec s;
    s.next = kRouting;
    ByteWriter w;
    generic_ext(w, kIpProtoTcp, padn_options(6));
    s.ext = w.take();
    s.ext[1] = 0xFF;  // Hdr Ext Len: 2048 bytes
    cases.push_back({.name = "ext past payload length", .spec = s, .status = IpStatus::malformed});
  }
  {
    // The same lie with Payload Length also past the capture: a snaplen cut.
    Ipv6Spec s;
    s.next = kRouting;
    ByteWriter w;
    generic_ext(w, kIpProtoTcp, padn_options(6));
    s.ext = w.take();
    s.ext[1] = 0xFF;
    s.payload_length = 4000;
    cases.push_back({.name = "ext past capture", .spec = s, .status = IpStatus::truncated});
  }
  {
    Ipv6Spec s;
    s.next = kFragment;
    s.ext = ByteWriter()
                .u8(kIpProtoTcp)  // Next Header
                .u8(0)            // reserved
                .u16(0)           // offset 0, M clear; identification missing
                .take();
    s.payload = {};
    cases.push_back({.name = "half fragment header", .spec = s, .status = IpStatus::malformed});
  }
  {
    Ipv6Spec s;
    s.version = 4;
    cases.push_back({.name = "version 4", .spec = s, .status = IpStatus::malformed});
  }
  {
    Ipv6Spec s;
    s.version = 7;
    cases.push_back({.name = "version 7", .spec = s, .status = IpStatus::malformed});
  }
  return cases;
}

TEST(IpTest, Ipv6Cases) {
  for (const Ipv6Case& c : ipv6_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<std::uint8_t> packet = build_ipv6(c.spec);
    IpPacket out;
    ASSERT_EQ(parse_ipv6(span_of(packet), out), c.status);
    if (c.status != IpStatus::ok) continue;
    EXPECT_EQ(out.version, 6);
    EXPECT_EQ(out.src.family, 6);
    EXPECT_EQ(out.dst.family, 6);
    EXPECT_EQ(out.src.bytes, kSrc6);
    EXPECT_EQ(out.dst.bytes, kDst6);
    EXPECT_NE(out.src, out.dst);
    EXPECT_EQ(out.ttl, c.spec.hop_limit);
    EXPECT_EQ(out.protocol, c.protocol);
    EXPECT_EQ(out.is_fragment, c.is_fragment);
    EXPECT_EQ(out.first_fragment, c.first_fragment);
    EXPECT_EQ(out.payload_truncated, c.payload_truncated);
    EXPECT_EQ(out.payload.data(), packet.data() + kIpv6Header + c.spec.ext.size());
    EXPECT_EQ(out.payload.size(), c.payload_size.value_or(c.spec.payload.size()));
    IpPacket via_dispatch;
    EXPECT_EQ(parse_ip(span_of(packet), via_dispatch), IpStatus::ok);
    EXPECT_EQ(via_dispatch.payload.data(), out.payload.data());
    EXPECT_EQ(via_dispatch.protocol, out.protocol);
  }
}

// Cut inside the fixed header or the extension chain: truncated. Cut inside
// the transport payload: ok with payload_truncated (unless the length came
// from the capture, as for jumbograms).
TEST(IpTest, Ipv6TruncatedAtEveryLength) {
  for (const Ipv6Case& c : ipv6_cases()) {
    if (c.status != IpStatus::ok || c.payload_truncated) continue;
    const std::vector<std::uint8_t> packet = build_ipv6(c.spec);
    const std::size_t transport_at = kIpv6Header + c.spec.ext.size();
    const bool length_from_capture = c.spec.payload_length == std::optional<std::uint16_t>(0);
    for (std::size_t len = 0; len < packet.size(); ++len) {
      SCOPED_TRACE(c.name + " cut at " + std::to_string(len));
      IpPacket out;
      const IpStatus status = parse_ipv6(span_of(packet).first(len), out);
      if (len < transport_at) {
        EXPECT_EQ(status, IpStatus::truncated);
        continue;
      }
      ASSERT_EQ(status, IpStatus::ok);
      EXPECT_EQ(out.protocol, c.protocol);
      const std::size_t captured = len - transport_at;
      const std::size_t declared = c.payload_size.value_or(c.spec.payload.size());
      EXPECT_EQ(out.payload.size(), std::min(captured, declared));
      EXPECT_EQ(out.payload_truncated, !length_from_capture && captured < declared);
    }
  }
}

// ---------------------------------------------------------------- both

TEST(IpTest, ParseIpDispatchesOnVersion) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> packet;
    IpStatus status;
    std::uint8_t version;
  };
  const Case cases[] = {
      {"empty", {}, IpStatus::truncated, 0},
      {"v4", build_ipv4({}), IpStatus::ok, 4},
      {"v6", build_ipv6({}), IpStatus::ok, 6},
      {"v4 nibble only", ByteWriter().u8(0x45).take(), IpStatus::truncated, 0},
      {"v6 nibble only", ByteWriter().u8(0x60).take(), IpStatus::truncated, 0},
      {"version 0", ByteWriter().u8(0x05).zeros(39).take(), IpStatus::malformed, 0},
      {"version 5", ByteWriter().u8(0x55).zeros(39).take(), IpStatus::malformed, 0},
      {"version 15", ByteWriter().u8(0xF5).zeros(39).take(), IpStatus::malformed, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    IpPacket out;
    EXPECT_EQ(parse_ip(span_of(c.packet), out), c.status);
    if (c.status == IpStatus::ok) {
      EXPECT_EQ(out.version, c.version);
    }
  }
}

// A reused IpPacket carries nothing over from the previous packet.
TEST(IpTest, ResetsOutput) {
  Ipv6Spec frag;
  frag.next = kFragment;
  ByteWriter w;
  fragment_ext(w, kIpProtoTcp, 0, true);
  frag.ext = w.take();
  const std::vector<std::uint8_t> first = build_ipv6(frag);
  const std::vector<std::uint8_t> second = build_ipv4({});
  IpPacket out;
  ASSERT_EQ(parse_ip(span_of(first), out), IpStatus::ok);
  ASSERT_TRUE(out.is_fragment);
  ASSERT_EQ(parse_ip(span_of(second), out), IpStatus::ok);
  EXPECT_FALSE(out.is_fragment);
  EXPECT_FALSE(out.first_fragment);
  EXPECT_EQ(out.src.family, 4);
  EXPECT_EQ(out.src.bytes[4], 0);
  EXPECT_EQ(parse_ip(Bytes(), out), IpStatus::truncated);
  EXPECT_EQ(out.version, 0);
  EXPECT_TRUE(out.payload.empty());
}

TEST(IpTest, AddressesCompareByFamilyThenBytes) {
  IpAddress a{.family = 4, .bytes = {10, 0, 0, 1}};
  IpAddress b{.family = 4, .bytes = {10, 0, 0, 2}};
  IpAddress c{.family = 6, .bytes = {10, 0, 0, 1}};
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_EQ(a, (IpAddress{.family = 4, .bytes = {10, 0, 0, 1}}));
}

// Random bytes and mutated valid packets through all three entry points: no
// crash, and an ok result always views bytes inside the packet.
TEST(IpTest, FuzzRandomPacketsNoCrash) {
  std::mt19937 rng(0x49503634);  // fixed seed: the same inputs every run
  std::vector<std::vector<std::uint8_t>> seeds;
  for (const Ipv4Case& c : ipv4_cases()) seeds.push_back(build_ipv4(c.spec));
  for (const Ipv6Case& c : ipv6_cases()) seeds.push_back(build_ipv6(c.spec));
  for (int i = 0; i < 5000; ++i) {
    std::vector<std::uint8_t> packet;
    if (i % 2 == 0) {
      packet = seeds[rng() % seeds.size()];
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips; ++f)
        packet[rng() % packet.size()] = static_cast<std::uint8_t>(rng());
      packet.resize(rng() % (packet.size() + 1));
    } else {
      packet.resize(rng() % 120);
      for (std::uint8_t& b : packet) b = static_cast<std::uint8_t>(rng());
      // Make the version nibble valid most of the time, and IPv6 extension
      // headers likely, so the parsers get past their first check.
      if (!packet.empty()) {
        packet[0] = static_cast<std::uint8_t>((rng() % 4 == 0 ? 4 : 6) << 4 | (packet[0] & 0x0F));
      }
      if (packet.size() > 6 && rng() % 2 == 0) {
        const std::uint8_t ext[] = {kHopByHop, kRouting, kFragment, kAh, kDestOpts, kMobility};
        packet[6] = ext[rng() % std::size(ext)];
      }
    }
    SCOPED_TRACE(i);
    for (auto parse : {&parse_ip, &parse_ipv4, &parse_ipv6}) {
      IpPacket out;
      if (parse(span_of(packet), out) != IpStatus::ok) continue;
      EXPECT_TRUE(out.version == 4 || out.version == 6);
      EXPECT_GE(out.payload.data(), packet.data());
      EXPECT_LE(out.payload.data() + out.payload.size(), packet.data() + packet.size());
      EXPECT_TRUE(!out.first_fragment || out.is_fragment);
    }
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
