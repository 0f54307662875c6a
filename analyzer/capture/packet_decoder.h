// PacketDecoder: from a captured frame to the TCP segment (or ICMP error about
// a TCP segment) inside it, through link headers, VLAN tags, IPv4/IPv6 and the
// common tunnels (IP-in-IP, 6in4, 4in6, GRE, VXLAN, GTP-U). Every frame that
// does not yield a TCP segment is counted under the reason why, so nothing is
// dropped silently.
#pragma once

#include <cstdint>

#include "analyzer/model/counters.h"
#include "analyzer/model/raw_packet.h"
#include "parsers/ip.h"
#include "parsers/tcp.h"

namespace tlsanalyze::analyzer {

// DecodedKind says what decode_packet found.
enum class DecodedKind : std::uint8_t { tcp, icmp_error, skipped };

// DecodedPacket is a decoded TCP segment, or an ICMP error quoting one (then
// `ip` holds the quoted packet's addresses and `tcp` its ports and sequence
// number). Views point into the frame.
struct DecodedPacket {
  std::int64_t timestamp_us = 0;
  std::uint64_t number = 0;
  parsers::IpPacket ip;
  parsers::TcpSegment tcp;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
};

// decode_packet decodes one frame and bumps exactly one counter besides
// `packets` to say what it was.
DecodedKind decode_packet(const RawPacket& raw, std::uint64_t number, DecodedPacket& out,
                          PacketCounters& counters);

}  // namespace tlsanalyze::analyzer
