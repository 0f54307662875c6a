// Tests for parse_link: every supported link type, VLAN stacks, non-IP frames,
// frames cut at every length, unknown link types and random bytes.
#include "parsers/link.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using tlsanalyze::testing::ByteWriter;

constexpr std::uint16_t kIpv4 = 0x0800;
constexpr std::uint16_t kIpv6 = 0x86DD;
constexpr std::uint16_t kArp = 0x0806;
constexpr std::uint16_t kCTag = 0x8100;
constexpr std::uint16_t kSTag = 0x88A8;
constexpr std::uint16_t kLegacySTag = 0x9100;

Bytes span_of(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

// The start of an IPv4 / IPv6 header: enough for the link layer, which only
// ever looks at the version nibble.
std::vector<std::uint8_t> ipv4_stub() {
  return ByteWriter()
      .u8(0x45)     // version 4, IHL 5
      .u8(0x00)     // TOS
      .u16(0x0014)  // total length (not read by the link layer)
      .zeros(16)    // rest of the header
      .take();
}
std::vector<std::uint8_t> ipv6_stub() {
  return ByteWriter()
      .u32(0x60000000)  // version 6, class 0, flow 0
      .u16(0x0000)      // payload length (not read by the link layer)
      .u8(59)           // next header: none
      .u8(64)           // hop limit
      .zeros(32)        // addresses
      .take();
}
std::vector<std::uint8_t> arp_stub() {
  return ByteWriter()
      .u16(1)      // hardware type: Ethernet
      .u16(kIpv4)  // protocol type
      .u8(6)       // hardware address length
      .u8(4)       // protocol address length
      .u16(1)      // operation: request
      .zeros(20)   // addresses
      .take();
}

// ethernet_header writes destination and source MAC, then `type`.
ByteWriter ethernet_header(std::uint16_t type) {
  ByteWriter w;
  w.bytes({0x00, 0x1B, 0x21, 0x0A, 0x0B, 0x0C})     // destination MAC
      .bytes({0x3C, 0xFD, 0xFE, 0x01, 0x02, 0x03})  // source MAC
      .u16(type);                                   // EtherType / TPID
  return w;
}

// vlan_tag writes a tag's TCI (PCP 0, VID `vid`) and the next EtherType.
void vlan_tag(ByteWriter& w, std::uint16_t vid, std::uint16_t next) {
  w.u16(vid & 0x0FFF)  // TCI
      .u16(next);      // inner EtherType / TPID
}

// ethernet_tagged writes an Ethernet header followed by `tpids.size()` tags,
// where tag i is introduced by tpids[i] and the last tag carries `inner`.
std::vector<std::uint8_t> ethernet_tagged(const std::vector<std::uint16_t>& tpids,
                                          std::uint16_t inner) {
  ByteWriter w = ethernet_header(tpids.empty() ? inner : tpids[0]);
  for (std::size_t i = 0; i < tpids.size(); ++i) {
    vlan_tag(w, static_cast<std::uint16_t>(100 + i), i + 1 < tpids.size() ? tpids[i + 1] : inner);
  }
  return w.take();
}

// sll_header writes a Linux cooked v1 header carrying `protocol`.
std::vector<std::uint8_t> sll_header(std::uint16_t protocol) {
  return ByteWriter()
      .u16(0)                                             // packet type: to us
      .u16(1)                                             // ARPHRD_ETHER
      .u16(6)                                             // address length
      .bytes({0x3C, 0xFD, 0xFE, 0x01, 0x02, 0x03, 0, 0})  // address, padded to 8
      .u16(protocol)                                      // protocol
      .take();
}

// sll2_header writes a Linux cooked v2 header carrying `protocol`.
std::vector<std::uint8_t> sll2_header(std::uint16_t protocol) {
  return ByteWriter()
      .u16(protocol)                                      // protocol
      .u16(0)                                             // reserved
      .u32(3)                                             // interface index
      .u16(1)                                             // ARPHRD_ETHER
      .u8(4)                                              // packet type: outgoing
      .u8(6)                                              // address length
      .bytes({0x3C, 0xFD, 0xFE, 0x01, 0x02, 0x03, 0, 0})  // address, padded to 8
      .take();
}

// family_le / family_be write a DLT_NULL / DLT_LOOP address family.
std::vector<std::uint8_t> family_le(std::uint32_t family) {
  return ByteWriter()
      .u8(static_cast<std::uint8_t>(family))
      .u8(static_cast<std::uint8_t>(family >> 8))
      .u8(static_cast<std::uint8_t>(family >> 16))
      .u8(static_cast<std::uint8_t>(family >> 24))
      .take();
}
std::vector<std::uint8_t> family_be(std::uint32_t family) {
  return ByteWriter().u32(family).take();
}

std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// LinkCase is one frame: `header` then `body`. On ok the payload must be
// exactly `body`. Every cut shorter than `min_size` must be truncated.
struct LinkCase {
  std::string name;
  std::uint32_t link_type;
  std::vector<std::uint8_t> header;
  std::vector<std::uint8_t> body;
  LinkStatus status;
  NetworkProtocol network;
  std::uint16_t ethertype;
  std::uint8_t vlan_tags;
  std::size_t min_size;  // the shortest frame that is not truncated
};

// case_with fills min_size with the header size, the usual rule.
LinkCase case_with(std::string name, std::uint32_t link_type, std::vector<std::uint8_t> header,
                   std::vector<std::uint8_t> body, LinkStatus status, NetworkProtocol network,
                   std::uint16_t ethertype, std::uint8_t vlan_tags = 0) {
  const std::size_t min_size = header.size();
  return {std::move(name), link_type, std::move(header), std::move(body), status,
          network,         ethertype, vlan_tags,         min_size};
}

std::vector<LinkCase> all_cases() {
  using LS = LinkStatus;
  using NP = NetworkProtocol;
  std::vector<LinkCase> cases;
  // Ethernet II.
  cases.push_back(case_with("eth ipv4", kDltEthernet, ethernet_tagged({}, kIpv4), ipv4_stub(),
                            LS::ok, NP::ipv4, kIpv4));
  cases.push_back(case_with("eth ipv6", kDltEthernet, ethernet_tagged({}, kIpv6), ipv6_stub(),
                            LS::ok, NP::ipv6, kIpv6));
  cases.push_back(case_with("eth arp", kDltEthernet, ethernet_tagged({}, kArp), arp_stub(),
                            LS::not_ip, NP::other, kArp));
  cases.push_back(case_with("eth 802.1Q ipv4", kDltEthernet, ethernet_tagged({kCTag}, kIpv4),
                            ipv4_stub(), LS::ok, NP::ipv4, kIpv4, 1));
  cases.push_back(case_with("eth 802.1ad+802.1Q ipv6", kDltEthernet,
                            ethernet_tagged({kSTag, kCTag}, kIpv6), ipv6_stub(), LS::ok, NP::ipv6,
                            kIpv6, 2));
  cases.push_back(case_with("eth 0x9100+802.1Q ipv4", kDltEthernet,
                            ethernet_tagged({kLegacySTag, kCTag}, kIpv4), ipv4_stub(), LS::ok,
                            NP::ipv4, kIpv4, 2));
  cases.push_back(case_with("eth 802.1Q arp", kDltEthernet, ethernet_tagged({kCTag}, kArp),
                            arp_stub(), LS::not_ip, NP::other, kArp, 1));
  cases.push_back(case_with("eth 8 tags ipv6", kDltEthernet,
                            ethernet_tagged(std::vector<std::uint16_t>(8, kCTag), kIpv6),
                            ipv6_stub(), LS::ok, NP::ipv6, kIpv6, 8));
  {
    // Nine tags: the walk stops after eight with the ninth TPID in hand, so
    // the ninth tag itself belongs to the unread rest.
    std::vector<std::uint8_t> nine = ethernet_tagged(std::vector<std::uint16_t>(9, kCTag), kIpv4);
    const std::size_t eight_tag_header =
        ethernet_tagged(std::vector<std::uint16_t>(8, kCTag), kCTag).size();
    std::vector<std::uint8_t> header(nine.begin(),
                                     nine.begin() + static_cast<std::ptrdiff_t>(eight_tag_header));
    std::vector<std::uint8_t> rest(nine.begin() + static_cast<std::ptrdiff_t>(eight_tag_header),
                                   nine.end());
    cases.push_back(case_with("eth 9 tags", kDltEthernet, header, concat(rest, ipv4_stub()),
                              LS::not_ip, NP::other, kCTag, 8));
  }
  {
    // IEEE 802.3 with LLC: the type field is a length (here the LLC body's).
    const std::vector<std::uint8_t> llc = ByteWriter()
                                              .u8(0x42)   // DSAP: spanning tree
                                              .u8(0x42)   // SSAP
                                              .u8(0x03)   // control: UI
                                              .zeros(35)  // BPDU
                                              .take();
    cases.push_back(case_with("eth 802.3 length", kDltEthernet,
                              ethernet_tagged({}, static_cast<std::uint16_t>(llc.size())), llc,
                              LS::not_ip, NP::other, 0));
    cases.push_back(case_with("eth 802.1Q 802.3 length", kDltEthernet,
                              ethernet_tagged({kCTag}, static_cast<std::uint16_t>(llc.size())), llc,
                              LS::not_ip, NP::other, 0, 1));
  }
  cases.push_back(case_with("eth length 1500", kDltEthernet, ethernet_tagged({}, 1500), {},
                            LS::not_ip, NP::other, 0));
  cases.push_back(case_with("eth type 1501", kDltEthernet, ethernet_tagged({}, 1501), {},
                            LS::not_ip, NP::other, 1501));
  cases.push_back(
      case_with("eth type 0", kDltEthernet, ethernet_tagged({}, 0), {}, LS::not_ip, NP::other, 0));

  // Linux cooked captures.
  cases.push_back(
      case_with("sll ipv4", kDltLinuxSll, sll_header(kIpv4), ipv4_stub(), LS::ok, NP::ipv4, kIpv4));
  cases.push_back(
      case_with("sll ipv6", kDltLinuxSll, sll_header(kIpv6), ipv6_stub(), LS::ok, NP::ipv6, kIpv6));
  cases.push_back(case_with("sll arp", kDltLinuxSll, sll_header(kArp), arp_stub(), LS::not_ip,
                            NP::other, kArp));
  cases.push_back(case_with("sll 802.2", kDltLinuxSll, sll_header(0x0004), arp_stub(), LS::not_ip,
                            NP::other, 0));
  {
    ByteWriter tagged;
    tagged.bytes(sll_header(kCTag));
    vlan_tag(tagged, 7, kIpv4);
    cases.push_back(case_with("sll 802.1Q ipv4", kDltLinuxSll, tagged.take(), ipv4_stub(), LS::ok,
                              NP::ipv4, kIpv4, 1));
  }
  cases.push_back(case_with("sll2 ipv4", kDltLinuxSll2, sll2_header(kIpv4), ipv4_stub(), LS::ok,
                            NP::ipv4, kIpv4));
  cases.push_back(case_with("sll2 ipv6", kDltLinuxSll2, sll2_header(kIpv6), ipv6_stub(), LS::ok,
                            NP::ipv6, kIpv6));
  cases.push_back(case_with("sll2 arp", kDltLinuxSll2, sll2_header(kArp), arp_stub(), LS::not_ip,
                            NP::other, kArp));

  // BSD loopback, both byte orders; AF_INET6 as NetBSD/OpenBSD, FreeBSD, macOS.
  cases.push_back(
      case_with("null le AF_INET", kDltNull, family_le(2), ipv4_stub(), LS::ok, NP::ipv4, kIpv4));
  cases.push_back(
      case_with("null be AF_INET", kDltNull, family_be(2), ipv4_stub(), LS::ok, NP::ipv4, kIpv4));
  for (std::uint32_t af6 : {24u, 28u, 30u}) {
    cases.push_back(case_with("null le AF_INET6=" + std::to_string(af6), kDltNull, family_le(af6),
                              ipv6_stub(), LS::ok, NP::ipv6, kIpv6));
    cases.push_back(case_with("null be AF_INET6=" + std::to_string(af6), kDltNull, family_be(af6),
                              ipv6_stub(), LS::ok, NP::ipv6, kIpv6));
    cases.push_back(case_with("loop AF_INET6=" + std::to_string(af6), kDltLoop, family_be(af6),
                              ipv6_stub(), LS::ok, NP::ipv6, kIpv6));
  }
  cases.push_back(
      case_with("null le AF 7", kDltNull, family_le(7), ipv4_stub(), LS::not_ip, NP::other, 0));
  cases.push_back(case_with("null Linux AF_INET6=10", kDltNull, family_le(10), ipv6_stub(),
                            LS::not_ip, NP::other, 0));
  cases.push_back(case_with("null mixed order", kDltNull, ByteWriter().u16(2).u16(2).take(),
                            ipv4_stub(), LS::not_ip, NP::other, 0));
  cases.push_back(
      case_with("loop AF_INET", kDltLoop, family_be(2), ipv4_stub(), LS::ok, NP::ipv4, kIpv4));
  cases.push_back(case_with("loop little-endian AF_INET", kDltLoop, family_le(2), ipv4_stub(),
                            LS::not_ip, NP::other, 0));

  // Raw IP: the version nibble decides; one byte is the minimum.
  for (std::uint32_t raw : {kDltRaw, kDltRawOpenBsd, kLinktypeRaw}) {
    const std::string t = std::to_string(raw);
    LinkCase v4 = case_with("raw " + t + " ipv4", raw, {}, ipv4_stub(), LS::ok, NP::ipv4, kIpv4);
    v4.min_size = 1;
    cases.push_back(v4);
    LinkCase v6 = case_with("raw " + t + " ipv6", raw, {}, ipv6_stub(), LS::ok, NP::ipv6, kIpv6);
    v6.min_size = 1;
    cases.push_back(v6);
    LinkCase v5 = case_with("raw " + t + " version 5", raw, {},
                            ByteWriter().u8(0x50).zeros(19).take(), LS::not_ip, NP::other, 0);
    v5.min_size = 1;
    cases.push_back(v5);
  }
  // DLT_IPV4 / DLT_IPV6 trust the link type; the IP parser checks the version.
  cases.push_back(case_with("ipv4 link", kDltIpv4, {}, ipv4_stub(), LS::ok, NP::ipv4, kIpv4));
  cases.push_back(case_with("ipv6 link", kDltIpv6, {}, ipv6_stub(), LS::ok, NP::ipv6, kIpv6));
  cases.push_back(
      case_with("ipv4 link carrying v6", kDltIpv4, {}, ipv6_stub(), LS::ok, NP::ipv4, kIpv4));
  return cases;
}

TEST(LinkTest, DecodesEveryCase) {
  for (const LinkCase& c : all_cases()) {
    SCOPED_TRACE(c.name);
    const std::vector<std::uint8_t> frame = concat(c.header, c.body);
    LinkFrame out;
    const LinkStatus status = parse_link(c.link_type, span_of(frame), out);
    EXPECT_EQ(status, c.status);
    EXPECT_EQ(out.network, c.network);
    EXPECT_EQ(out.ethertype, c.ethertype);
    EXPECT_EQ(out.vlan_tags, c.vlan_tags);
    if (c.status == LinkStatus::ok) {
      // The payload is the body, viewed in place.
      EXPECT_EQ(out.payload.data(), frame.data() + c.header.size());
      EXPECT_EQ(out.payload.size(), c.body.size());
    }
  }
}

// Every cut shorter than the link header is truncated; cuts at or past it
// decode the same way with a shorter payload.
TEST(LinkTest, TruncatedAtEveryLength) {
  for (const LinkCase& c : all_cases()) {
    const std::vector<std::uint8_t> frame = concat(c.header, c.body);
    for (std::size_t len = 0; len <= frame.size(); ++len) {
      SCOPED_TRACE(c.name + " cut at " + std::to_string(len));
      LinkFrame out;
      const LinkStatus status = parse_link(c.link_type, span_of(frame).first(len), out);
      if (len < c.min_size) {
        EXPECT_EQ(status, LinkStatus::truncated);
        continue;
      }
      EXPECT_EQ(status, c.status);
      EXPECT_EQ(out.network, c.network);
      if (status == LinkStatus::ok) {
        EXPECT_EQ(out.payload.data(), frame.data() + c.header.size());
        EXPECT_EQ(out.payload.size(), len - c.header.size());
      }
    }
  }
}

TEST(LinkTest, EmptyFrameOnRawIpLinkTypes) {
  struct Case {
    std::uint32_t link_type;
    LinkStatus status;
  };
  // DLT_IPV4/6 have no header at all: an empty frame is an empty IP packet,
  // which the IP parser reports as truncated.
  const Case cases[] = {{kDltRaw, LinkStatus::truncated},
                        {kDltRawOpenBsd, LinkStatus::truncated},
                        {kLinktypeRaw, LinkStatus::truncated},
                        {kDltIpv4, LinkStatus::ok},
                        {kDltIpv6, LinkStatus::ok}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.link_type);
    LinkFrame out;
    EXPECT_EQ(parse_link(c.link_type, Bytes(), out), c.status);
    EXPECT_TRUE(out.payload.empty());
  }
}

TEST(LinkTest, UnknownLinkTypes) {
  const std::vector<std::uint8_t> frame = concat(ethernet_tagged({}, kIpv4), ipv4_stub());
  for (std::uint32_t link_type : {2u, 9u, 105u, 127u, 147u, 0xFFFFFFFFu}) {
    SCOPED_TRACE(link_type);
    EXPECT_FALSE(is_supported_link_type(link_type));
    LinkFrame out;
    EXPECT_EQ(parse_link(link_type, span_of(frame), out), LinkStatus::unknown_link_type);
    EXPECT_EQ(out.network, NetworkProtocol::other);
    EXPECT_TRUE(out.payload.empty());
  }
}

TEST(LinkTest, SupportedLinkTypes) {
  for (std::uint32_t link_type : {kDltNull, kDltEthernet, kDltRaw, kDltRawOpenBsd, kLinktypeRaw,
                                  kDltLoop, kDltLinuxSll, kDltIpv4, kDltIpv6, kDltLinuxSll2}) {
    SCOPED_TRACE(link_type);
    EXPECT_TRUE(is_supported_link_type(link_type));
  }
}

// A reused LinkFrame carries nothing over from the previous frame.
TEST(LinkTest, ResetsOutput) {
  const std::vector<std::uint8_t> tagged = concat(ethernet_tagged({kCTag}, kIpv6), ipv6_stub());
  LinkFrame out;
  ASSERT_EQ(parse_link(kDltEthernet, span_of(tagged), out), LinkStatus::ok);
  ASSERT_EQ(out.vlan_tags, 1);
  const std::vector<std::uint8_t> arp = concat(ethernet_tagged({}, kArp), arp_stub());
  EXPECT_EQ(parse_link(kDltEthernet, span_of(arp), out), LinkStatus::not_ip);
  EXPECT_EQ(out.vlan_tags, 0);
  EXPECT_EQ(out.network, NetworkProtocol::other);
  EXPECT_EQ(out.ethertype, kArp);
  EXPECT_EQ(parse_link(kDltEthernet, span_of(tagged).first(3), out), LinkStatus::truncated);
  EXPECT_EQ(out.ethertype, 0);
  EXPECT_TRUE(out.payload.empty());
}

// Random bytes and mutated valid frames on every link type: no crash, and
// an ok result always views bytes inside the frame.
TEST(LinkTest, FuzzRandomFramesNoCrash) {
  std::mt19937 rng(0x4C494E4B);  // fixed seed: the same inputs every run
  const std::vector<LinkCase> seeds = all_cases();
  const std::uint32_t link_types[] = {
      kDltNull, kDltEthernet, kDltRaw,  kDltRawOpenBsd, kLinktypeRaw,
      kDltLoop, kDltLinuxSll, kDltIpv4, kDltIpv6,       kDltLinuxSll2,
      77};
  for (int i = 0; i < 4000; ++i) {
    std::vector<std::uint8_t> frame;
    std::uint32_t link_type = 0;
    if (i % 2 == 0) {
      const LinkCase& seed = seeds[rng() % seeds.size()];
      link_type = seed.link_type;
      frame = concat(seed.header, seed.body);
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips && !frame.empty(); ++f) {
        frame[rng() % frame.size()] = static_cast<std::uint8_t>(rng());
      }
      frame.resize(rng() % (frame.size() + 1));
    } else {
      link_type = link_types[rng() % std::size(link_types)];
      frame.resize(rng() % 80);
      for (std::uint8_t& b : frame) b = static_cast<std::uint8_t>(rng());
      // Make tag stacks likely on Ethernet.
      if (link_type == kDltEthernet && frame.size() >= 14 && rng() % 2 == 0) {
        for (std::size_t at = 12; at + 1 < frame.size(); at += 4) {
          frame[at] = 0x81;
          frame[at + 1] = 0x00;
        }
      }
    }
    SCOPED_TRACE(i);
    LinkFrame out;
    const LinkStatus status = parse_link(link_type, span_of(frame), out);
    EXPECT_LE(out.vlan_tags, 8);
    if (status == LinkStatus::ok) {
      EXPECT_NE(out.network, NetworkProtocol::other);
      EXPECT_GE(out.payload.data(), frame.data());
      EXPECT_LE(out.payload.data() + out.payload.size(), frame.data() + frame.size());
    }
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
