// Link layer decoding. Each link type strips its own header and names the
// network protocol; Ethernet-style EtherTypes (Ethernet II, both Linux cooked
// captures) share one walker that also skips VLAN tags.
#include "parsers/link.h"

#include <cstddef>
#include <cstdint>

namespace tlsanalyze::parsers {
namespace {

// EtherType values (IEEE 802.3 clause 3.2.6, IANA "IEEE 802 Numbers").
constexpr std::uint16_t kEthertypeIpv4 = 0x0800;
constexpr std::uint16_t kEthertypeIpv6 = 0x86DD;
constexpr std::uint16_t kEthertypeVlan = 0x8100;  // IEEE 802.1Q C-tag
constexpr std::uint16_t kEthertypeQinQ = 0x88A8;  // IEEE 802.1ad S-tag
// kEthertypeQinQLegacy is the pre-802.1ad S-tag value some switches still send.
constexpr std::uint16_t kEthertypeQinQLegacy = 0x9100;

// kMaxIeee8023Length: a type/length field at or below 1500 is an IEEE 802.3
// length (IEEE 802.3 clause 3.2.6), so the frame carries LLC, not an EtherType.
constexpr std::uint16_t kMaxIeee8023Length = 1500;

// kMaxVlanTags bounds the tag walk: real networks stack two or three, and a
// hostile frame of nothing but tags must not cost more than a few reads.
constexpr std::uint8_t kMaxVlanTags = 8;

// Header sizes. Ethernet II: destination, source, EtherType.
constexpr std::size_t kEthernetAddressesSize = 12;
// Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes,
// then the protocol (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html).
constexpr std::size_t kSllBeforeProtocol = 14;
// Linux cooked v2: protocol first, then reserved, ifindex, ARPHRD type, packet
// type, address length and 8 address bytes: 20 bytes in all
// (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html).
constexpr std::size_t kSll2AfterProtocol = 18;
// BSD loopback header: one 32-bit address family.
constexpr std::size_t kLoopbackHeaderSize = 4;

// Address families seen in DLT_NULL / DLT_LOOP headers. AF_INET is 2
// everywhere; AF_INET6 differs by OS: 24 (NetBSD, OpenBSD, BSD/OS), 28
// (FreeBSD, DragonFly), 30 (macOS).
constexpr std::uint32_t kAfInet = 2;
constexpr std::uint32_t kAfInet6Bsd = 24;
constexpr std::uint32_t kAfInet6FreeBsd = 28;
constexpr std::uint32_t kAfInet6Darwin = 30;

// is_vlan_tpid is true for the EtherTypes that introduce a 4-byte VLAN tag.
bool is_vlan_tpid(std::uint16_t type) {
  return type == kEthertypeVlan || type == kEthertypeQinQ || type == kEthertypeQinQLegacy;
}

// finish_ethertype classifies the innermost EtherType and sets the payload to
// what is left of the frame.
LinkStatus finish_ethertype(std::uint16_t type, Bytes rest, LinkFrame& out) {
  out.ethertype = type;
  out.payload = rest;
  if (type == kEthertypeIpv4) {
    out.network = NetworkProtocol::ipv4;
    return LinkStatus::ok;
  }
  if (type == kEthertypeIpv6) {
    out.network = NetworkProtocol::ipv6;
    return LinkStatus::ok;
  }
  return LinkStatus::not_ip;
}

// walk_ethertype takes the EtherType just read and the bytes after it, skips
// up to kMaxVlanTags 802.1Q/802.1ad tags (IEEE 802.1Q clause 9: 2-byte TCI then
// the next EtherType), and classifies what is inside.
LinkStatus walk_ethertype(std::uint16_t type, ByteReader reader, LinkFrame& out) {
  while (is_vlan_tpid(type)) {
    if (out.vlan_tags == kMaxVlanTags) {
      // Deeper stacks are not traffic we can vouch for: count it as non-IP.
      out.ethertype = type;
      return LinkStatus::not_ip;
    }
    std::uint16_t tci = 0;
    std::uint16_t inner = 0;
    ByteReader probe = reader;
    if (!probe.read_u16(tci) || !probe.read_u16(inner)) return LinkStatus::truncated;
    reader = probe;
    type = inner;
    ++out.vlan_tags;
  }
  if (type <= kMaxIeee8023Length) {
    // An 802.3 length, not a protocol: nothing to name, so ethertype stays 0.
    out.ethertype = 0;
    return LinkStatus::not_ip;
  }
  return finish_ethertype(type, reader.rest(), out);
}

// parse_ethernet decodes Ethernet II (IEEE 802.3 clause 3.2).
LinkStatus parse_ethernet(ByteReader reader, LinkFrame& out) {
  std::uint16_t type = 0;
  if (!reader.skip(kEthernetAddressesSize) || !reader.read_u16(type)) return LinkStatus::truncated;
  return walk_ethertype(type, reader, out);
}

// parse_sll decodes a Linux cooked v1 header. The protocol field holds an
// EtherType for IP; tags the NIC did not strip still follow it in the data.
LinkStatus parse_sll(ByteReader reader, LinkFrame& out) {
  std::uint16_t protocol = 0;
  if (!reader.skip(kSllBeforeProtocol) || !reader.read_u16(protocol)) return LinkStatus::truncated;
  return walk_ethertype(protocol, reader, out);
}

// parse_sll2 decodes a Linux cooked v2 header (protocol first).
LinkStatus parse_sll2(ByteReader reader, LinkFrame& out) {
  std::uint16_t protocol = 0;
  if (!reader.read_u16(protocol) || !reader.skip(kSll2AfterProtocol)) return LinkStatus::truncated;
  return walk_ethertype(protocol, reader, out);
}

// classify_family maps an address family to the network protocol it carries,
// filling ethertype with the matching EtherType so counters read alike across
// link types.
LinkStatus classify_family(std::uint32_t family, Bytes rest, LinkFrame& out) {
  switch (family) {
    case kAfInet:
      return finish_ethertype(kEthertypeIpv4, rest, out);
    case kAfInet6Bsd:
    case kAfInet6FreeBsd:
    case kAfInet6Darwin:
      return finish_ethertype(kEthertypeIpv6, rest, out);
    default:
      return LinkStatus::not_ip;
  }
}

// parse_null decodes DLT_NULL: the family is in the capturing host's byte
// order, which the file does not record. Every known family is below 256, so
// reading it both ways is unambiguous.
LinkStatus parse_null(ByteReader reader, LinkFrame& out) {
  Bytes header;
  if (!reader.read_bytes(kLoopbackHeaderSize, header)) return LinkStatus::truncated;
  std::uint32_t big = 0;
  std::uint32_t little = 0;
  for (std::size_t i = 0; i < kLoopbackHeaderSize; ++i) {
    big = (big << 8) | header[i];
    little = (little << 8) | header[kLoopbackHeaderSize - 1 - i];
  }
  LinkStatus status = classify_family(little, reader.rest(), out);
  if (status == LinkStatus::not_ip) status = classify_family(big, reader.rest(), out);
  return status;
}

// parse_loop decodes DLT_LOOP: like DLT_NULL but always network byte order.
LinkStatus parse_loop(ByteReader reader, LinkFrame& out) {
  std::uint32_t family = 0;
  if (!reader.read_u32(family)) return LinkStatus::truncated;
  return classify_family(family, reader.rest(), out);
}

// parse_raw decodes raw IP, where the version nibble (RFC 791 section 3.1,
// RFC 8200 section 3) is the only hint of the protocol.
LinkStatus parse_raw(ByteReader reader, LinkFrame& out) {
  std::uint8_t first = 0;
  if (!reader.peek_u8(first)) return LinkStatus::truncated;
  switch (first >> 4) {
    case 4:
      return finish_ethertype(kEthertypeIpv4, reader.rest(), out);
    case 6:
      return finish_ethertype(kEthertypeIpv6, reader.rest(), out);
    default:
      return LinkStatus::not_ip;
  }
}

}  // namespace

bool is_supported_link_type(std::uint32_t link_type) {
  switch (link_type) {
    case kDltNull:
    case kDltEthernet:
    case kDltRaw:
    case kDltRawOpenBsd:
    case kLinktypeRaw:
    case kDltLoop:
    case kDltLinuxSll:
    case kDltIpv4:
    case kDltIpv6:
    case kDltLinuxSll2:
      return true;
    default:
      return false;
  }
}

LinkStatus parse_link(std::uint32_t link_type, Bytes frame, LinkFrame& out) {
  out = LinkFrame{};
  ByteReader reader(frame);
  switch (link_type) {
    case kDltNull:
      return parse_null(reader, out);
    case kDltEthernet:
      return parse_ethernet(reader, out);
    case kDltRaw:
    case kDltRawOpenBsd:
    case kLinktypeRaw:
      return parse_raw(reader, out);
    case kDltLoop:
      return parse_loop(reader, out);
    case kDltLinuxSll:
      return parse_sll(reader, out);
    case kDltIpv4:
      // The link type promises IPv4; parse_ipv4 reports a wrong version.
      return finish_ethertype(kEthertypeIpv4, frame, out);
    case kDltIpv6:
      return finish_ethertype(kEthertypeIpv6, frame, out);
    case kDltLinuxSll2:
      return parse_sll2(reader, out);
    default:
      return LinkStatus::unknown_link_type;
  }
}

}  // namespace tlsanalyze::parsers
