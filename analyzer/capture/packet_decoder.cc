#include "analyzer/capture/packet_decoder.h"

#include "parsers/link.h"

namespace tlsanalyze::analyzer {
namespace {

using parsers::ByteReader;
using parsers::Bytes;

constexpr int kMaxTunnelDepth = 4;
constexpr std::uint16_t kVxlanPort = 4789;
constexpr std::uint16_t kGtpUserPort = 2152;
constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr std::uint16_t kEtherTypeTransparentBridging = 0x6558;

// What an IP payload turned out to be, before counting.
enum class Inner { tcp, icmp_error, tunnel_ip, tunnel_ethernet, udp, other, fragment, truncated, malformed };

// gre_payload strips a GRE header (RFC 2784, RFC 2890 key/sequence bits) and
// says what it carries.
bool gre_payload(Bytes gre, std::uint16_t& protocol, Bytes& inner) {
  ByteReader r(gre);
  std::uint16_t flags = 0;
  if (!r.read_u16(flags) || !r.read_u16(protocol)) return false;
  if ((flags & 0x0007) != 0) return false;  // only GRE version 0
  std::size_t extra = 0;
  if (flags & 0x8000) extra += 4;  // checksum + reserved
  if (flags & 0x2000) extra += 4;  // key
  if (flags & 0x1000) extra += 4;  // sequence number
  if (!r.skip(extra)) return false;
  inner = r.rest();
  return true;
}

// gtp_payload strips a GTPv1-U header (3GPP TS 29.281) from a G-PDU.
bool gtp_payload(Bytes gtp, Bytes& inner) {
  ByteReader r(gtp);
  std::uint8_t flags = 0, type = 0;
  std::uint16_t length = 0;
  std::uint32_t teid = 0;
  if (!r.read_u8(flags) || !r.read_u8(type) || !r.read_u16(length) || !r.read_u32(teid)) return false;
  if ((flags >> 5) != 1 || type != 0xff) return false;  // GTPv1, G-PDU
  if (flags & 0x07) {
    // Sequence number, N-PDU number, next extension type; then extension headers.
    std::uint8_t next = 0;
    if (!r.skip(3) || !r.read_u8(next)) return false;
    for (int i = 0; next != 0 && i < 8; ++i) {
      std::uint8_t units = 0;
      if (!r.read_u8(units) || units == 0 || !r.skip(units * 4u - 2) || !r.read_u8(next)) return false;
    }
  }
  inner = r.rest();
  return true;
}

// quoted_tcp reads the IP header and first 8 TCP bytes an ICMP error quotes
// (RFC 792, RFC 4443 3.1): enough for ports and sequence number.
bool quoted_tcp(Bytes quoted, DecodedPacket& out) {
  parsers::IpPacket inner;
  if (parsers::parse_ip(quoted, inner) == parsers::IpStatus::malformed) return false;
  if (inner.protocol != parsers::kIpProtoTcp || inner.payload.size() < 8) return false;
  ByteReader r(inner.payload);
  if (!r.read_u16(out.tcp.src_port) || !r.read_u16(out.tcp.dst_port) || !r.read_u32(out.tcp.seq)) return false;
  out.ip.src = inner.src;
  out.ip.dst = inner.dst;
  out.ip.version = inner.version;
  return true;
}

// classify_ip looks at what an IP packet carries.
Inner classify_ip(const parsers::IpPacket& ip, DecodedPacket& out, Bytes& tunnel_inner) {
  if (ip.is_fragment) return Inner::fragment;
  switch (ip.protocol) {
    case parsers::kIpProtoTcp: {
      parsers::TcpStatus s = parsers::parse_tcp(ip.payload, out.tcp);
      if (s == parsers::TcpStatus::ok) return Inner::tcp;
      return s == parsers::TcpStatus::truncated ? Inner::truncated : Inner::malformed;
    }
    case parsers::kIpProtoIpInIp:
    case parsers::kIpProtoIpv6:
      tunnel_inner = ip.payload;
      return Inner::tunnel_ip;
    case parsers::kIpProtoGre: {
      std::uint16_t protocol = 0;
      if (!gre_payload(ip.payload, protocol, tunnel_inner)) return Inner::other;
      if (protocol == kEtherTypeIpv4 || protocol == kEtherTypeIpv6) return Inner::tunnel_ip;
      if (protocol == kEtherTypeTransparentBridging) return Inner::tunnel_ethernet;
      return Inner::other;
    }
    case parsers::kIpProtoUdp: {
      ByteReader r(ip.payload);
      std::uint16_t src = 0, dst = 0, length = 0, checksum = 0;
      if (!r.read_u16(src) || !r.read_u16(dst) || !r.read_u16(length) || !r.read_u16(checksum)) return Inner::udp;
      if (dst == kVxlanPort && r.skip(8)) {  // VXLAN header (RFC 7348 5)
        tunnel_inner = r.rest();
        return Inner::tunnel_ethernet;
      }
      if ((dst == kGtpUserPort || src == kGtpUserPort) && gtp_payload(r.rest(), tunnel_inner)) return Inner::tunnel_ip;
      return Inner::udp;
    }
    case parsers::kIpProtoIcmp:
    case parsers::kIpProtoIcmpv6: {
      ByteReader r(ip.payload);
      std::uint8_t type = 0, code = 0;
      if (!r.read_u8(type) || !r.read_u8(code) || !r.skip(6)) return Inner::other;
      bool unreachable = ip.protocol == parsers::kIpProtoIcmp ? type == 3 : type == 1;
      if (!unreachable || !quoted_tcp(r.rest(), out)) return Inner::other;
      out.icmp_type = type;
      out.icmp_code = code;
      return Inner::icmp_error;
    }
    default:
      return Inner::other;
  }
}

}  // namespace

DecodedKind decode_packet(const RawPacket& raw, std::uint64_t number, DecodedPacket& out,
                          PacketCounters& counters) {
  ++counters.packets;
  out = DecodedPacket{};
  out.timestamp_us = raw.timestamp_us;
  out.number = number;

  std::uint32_t link_type = raw.link_type;
  Bytes frame = raw.data;
  bool tunnelled = false;
  for (int depth = 0; depth < kMaxTunnelDepth; ++depth) {
    parsers::LinkFrame link;
    switch (parsers::parse_link(link_type, frame, link)) {
      case parsers::LinkStatus::ok:
        break;
      case parsers::LinkStatus::not_ip:
        ++counters.not_ip;
        return DecodedKind::skipped;
      case parsers::LinkStatus::truncated:
        ++counters.truncated;
        return DecodedKind::skipped;
      case parsers::LinkStatus::unknown_link_type:
        ++counters.unknown_link_type;
        return DecodedKind::skipped;
    }
    Bytes packet = link.payload;
    bool next_link_header = false;
    // IP-in-IP tunnels nest without another link header.
    for (int ip_depth = depth; ip_depth < kMaxTunnelDepth && !next_link_header; ++ip_depth) {
      parsers::IpStatus status = parsers::parse_ip(packet, out.ip);
      if (status != parsers::IpStatus::ok) {
        if (status == parsers::IpStatus::truncated) ++counters.truncated;
        else ++counters.malformed;
        return DecodedKind::skipped;
      }
      Bytes inner;
      switch (classify_ip(out.ip, out, inner)) {
        case Inner::tcp:
          ++counters.tcp;
          if (tunnelled) ++counters.tunnelled;
          return DecodedKind::tcp;
        case Inner::icmp_error:
          ++counters.icmp_errors;
          return DecodedKind::icmp_error;
        case Inner::tunnel_ip:
          tunnelled = true;
          packet = inner;
          continue;
        case Inner::tunnel_ethernet:
          tunnelled = true;
          frame = inner;
          link_type = parsers::kDltEthernet;
          next_link_header = true;
          break;
        case Inner::udp:
          ++counters.udp;
          return DecodedKind::skipped;
        case Inner::other:
          ++counters.other_transport;
          return DecodedKind::skipped;
        case Inner::fragment:
          ++counters.ip_fragments;
          return DecodedKind::skipped;
        case Inner::truncated:
          ++counters.truncated;
          return DecodedKind::skipped;
        case Inner::malformed:
          ++counters.malformed;
          return DecodedKind::skipped;
      }
    }
    if (!next_link_header) break;
  }
  ++counters.malformed;  // tunnels nested deeper than we follow
  return DecodedKind::skipped;
}

}  // namespace tlsanalyze::analyzer
