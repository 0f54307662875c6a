// PacketDecoder: from a captured frame to the TCP segment (or ICMP error about
// a TCP segment) inside it, through link headers, VLAN tags, IPv4/IPv6 and the
// common tunnels (IP-in-IP, 6in4, 4in6, GRE, VXLAN, GTP-U). Every frame that
// does not yield a TCP segment is counted under the reason why, so nothing is
// dropped silently.
#pragma once

#include <cstdint>

#include "analyzer/packet_source.h"
#include "parsers/ip.h"
#include "parsers/tcp.h"

namespace tlsanalyze::analyzer {

// TLSANALYZE_PACKET_COUNTERS lists the per-packet counters: id and the words
// the summary prints.
#define TLSANALYZE_PACKET_COUNTERS(X)                                   \
  X(packets, "packets read")                                           \
  X(tcp, "TCP segments")                                               \
  X(icmp_errors, "ICMP errors about TCP")                              \
  X(tunnelled, "packets decapsulated from tunnels")                    \
  X(not_ip, "non-IP frames (ARP, LLDP...)")                            \
  X(udp, "UDP datagrams (DTLS and QUIC are not analysed)")             \
  X(other_transport, "other IP protocols")                             \
  X(ip_fragments, "IP fragments (skipped)")                            \
  X(truncated, "truncated frames (snap length or damage)")             \
  X(malformed, "malformed headers")                                    \
  X(unknown_link_type, "frames of an unsupported link type")

// PacketCounters counts frames by what became of them.
struct PacketCounters {
#define TLSANALYZE_COUNTER_FIELD(id, label) std::uint64_t id = 0;
  TLSANALYZE_PACKET_COUNTERS(TLSANALYZE_COUNTER_FIELD)
#undef TLSANALYZE_COUNTER_FIELD
};

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
