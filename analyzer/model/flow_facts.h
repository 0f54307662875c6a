// Flow facts: plain values that describe a connection as the TCP and TLS
// stages saw it — its endpoints, what each side did at the TCP level, how the
// flow ended, and what each side did in TLS. Written by the flow and the
// handshake tracker, read by diagnosis and the reports; no behaviour here.
#pragma once

#include <compare>
#include <cstdint>

#include "parsers/ip_address.h"

namespace tlsanalyze::analyzer {

// Endpoint is an address and a port.
struct Endpoint {
  parsers::IpAddress address;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
};

// TcpSideFacts is what one side did at the TCP level; offsets are relative to
// the side's first sequence number (its ISN + 1, or the first seen).
struct TcpSideFacts {
  std::uint32_t syns = 0;          // SYNs (or SYN/ACKs) sent, retransmissions included
  std::uint32_t fins = 0;
  std::uint32_t rsts = 0;
  std::uint32_t data_segments = 0;
  std::uint32_t acks = 0;          // segments with ACK and neither SYN nor RST
  std::uint32_t icmp_errors = 0;   // ICMP unreachable quoting this side's segments
  std::uint64_t bytes_sent = 0;    // highest data offset sent
  std::uint64_t bytes_acked = 0;   // highest offset the peer acknowledged
  std::uint64_t retransmitted = 0; // from the reassembler
  std::uint64_t gap_bytes = 0;
  std::int64_t last_packet_us = 0;
  bool syn_ack = false;            // this side's SYN had ACK set
  std::uint8_t icmp_type = 0, icmp_code = 0;
};

// FlowEnd says why the flow was finalized.
enum class FlowEnd : std::uint8_t { open, closed, idle, capture_end, evicted };

// DirectionProgress is what one side has done so far in TLS.
struct DirectionProgress {
  bool change_cipher_spec = false;   // sent ChangeCipherSpec
  bool encrypting = false;           // TLS <= 1.2: records after its CCS are encrypted
  bool finished = false;             // sent its Finished (seen or inferred)
  std::uint32_t encrypted_handshake_records = 0;
  std::uint64_t application_records = 0;
  std::uint64_t tls_records = 0;      // TLS records (or an SSLv2 hello) sent
  bool plaintext_seen = false;
  bool sent_alert = false;
  bool gap_seen = false;             // bytes of this side's stream are missing from the capture
};

}  // namespace tlsanalyze::analyzer
