// IPv4 and IPv6 decoding (RFC 791, RFC 8200): addresses, the transport
// protocol after any IPv6 extension-header chain, and the transport payload.
// Pure and zero-copy: views point into the packet.
#pragma once

#include <array>
#include <compare>
#include <cstdint>

#include "parsers/byte_reader.h"
#include "parsers/ip_address.h"

namespace tlsanalyze::parsers {

// IP protocol numbers the analyzer cares about.
inline constexpr std::uint8_t kIpProtoIcmp = 1;
inline constexpr std::uint8_t kIpProtoIpInIp = 4;  // IPv4 in IP (4in6, IPIP)
inline constexpr std::uint8_t kIpProtoTcp = 6;
inline constexpr std::uint8_t kIpProtoUdp = 17;
inline constexpr std::uint8_t kIpProtoIpv6 = 41;   // IPv6 in IP (6in4)
inline constexpr std::uint8_t kIpProtoGre = 47;
inline constexpr std::uint8_t kIpProtoIcmpv6 = 58;

// IpPacket is the result of parse_ip. `payload` views the packet buffer.
struct IpPacket {
  std::uint8_t version = 0;      // 4 or 6
  IpAddress src;
  IpAddress dst;
  std::uint8_t protocol = 0;     // transport protocol after IPv6 extension headers
  bool is_fragment = false;      // any fragment (IPv4 MF/offset, IPv6 Fragment header)
  bool first_fragment = false;   // fragment with offset 0 (holds the transport header)
  bool payload_truncated = false;// capture holds fewer bytes than the IP length says
  std::uint8_t ttl = 0;          // TTL or hop limit
  Bytes payload;                 // the transport segment, trimmed to the IP length
};

// IpStatus is the outcome of parse_ip.
enum class IpStatus : std::uint8_t {
  ok,         // header parsed; payload may still be a fragment (see is_fragment)
  truncated,  // the header (or an extension header) is cut short
  malformed,  // impossible header: bad version, IHL < 5, total length < header
};

// parse_ipv4 decodes an IPv4 header (with options). The payload is trimmed to
// Total Length so Ethernet padding never looks like TCP payload.
IpStatus parse_ipv4(Bytes packet, IpPacket& out);

// parse_ipv6 decodes an IPv6 header and walks Hop-by-Hop, Routing, Fragment,
// Destination Options, AH and Mobility extension headers to the transport
// protocol. ESP and No Next Header end the walk with that protocol number.
IpStatus parse_ipv6(Bytes packet, IpPacket& out);

// parse_ip dispatches on the version nibble to parse_ipv4 or parse_ipv6.
IpStatus parse_ip(Bytes packet, IpPacket& out);

}  // namespace tlsanalyze::parsers
