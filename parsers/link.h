// Link layer decoding: from a captured frame to the network-layer packet it
// carries. Pure and zero-copy: the payload view points into the frame.
#pragma once

#include <cstdint>

#include "parsers/byte_reader.h"

namespace tlsanalyze::parsers {

// Link types as libpcap reports them (DLT_* values, pcap_datalink()). The
// LINKTYPE_* values written in files map to these; where they differ
// (LINKTYPE_RAW 101 vs DLT_RAW 12/14) both are accepted.
inline constexpr std::uint32_t kDltNull = 0;          // BSD loopback: 4-byte host-order AF
inline constexpr std::uint32_t kDltEthernet = 1;      // Ethernet II, 802.1Q/802.1ad tags
inline constexpr std::uint32_t kDltRaw = 12;          // raw IP (Linux value of DLT_RAW)
inline constexpr std::uint32_t kDltRawOpenBsd = 14;   // raw IP (OpenBSD value of DLT_RAW)
inline constexpr std::uint32_t kLinktypeRaw = 101;    // raw IP (LINKTYPE_RAW in files)
inline constexpr std::uint32_t kDltLoop = 108;        // OpenBSD loopback: 4-byte network-order AF
inline constexpr std::uint32_t kDltLinuxSll = 113;    // Linux cooked capture v1 (16-byte header)
inline constexpr std::uint32_t kDltIpv4 = 228;        // raw IPv4
inline constexpr std::uint32_t kDltIpv6 = 229;        // raw IPv6
inline constexpr std::uint32_t kDltLinuxSll2 = 276;   // Linux cooked capture v2 (20-byte header)

// NetworkProtocol says what the link layer carries.
enum class NetworkProtocol : std::uint8_t { ipv4, ipv6, other };

// LinkFrame is the result of parse_link. `payload` views the frame buffer and
// lives as long as it.
struct LinkFrame {
  NetworkProtocol network = NetworkProtocol::other;
  std::uint16_t ethertype = 0;  // the innermost EtherType / protocol seen (0 if none)
  std::uint8_t vlan_tags = 0;   // 802.1Q / 802.1ad tags skipped
  Bytes payload;                // the network-layer packet
};

// LinkStatus is the outcome of parse_link.
enum class LinkStatus : std::uint8_t {
  ok,                 // payload is an IPv4 or IPv6 packet
  not_ip,             // a well-formed frame carrying something else (ARP, LLDP...)
  truncated,          // the frame is shorter than its link header
  unknown_link_type,  // link_type is none of the constants above
};

// is_supported_link_type is true for every link type parse_link decodes.
bool is_supported_link_type(std::uint32_t link_type);

// parse_link strips the link header of `frame` (of type `link_type`, a DLT_*
// value) and any VLAN tags. ok: out.payload is the IP packet. Other statuses
// leave `out` partially filled (ethertype where known) for counting.
LinkStatus parse_link(std::uint32_t link_type, Bytes frame, LinkFrame& out);

}  // namespace tlsanalyze::parsers
