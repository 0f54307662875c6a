// TCP header decoding (RFC 9293). Pure and zero-copy.
#pragma once

#include <cstdint>

#include "parsers/byte_reader.h"

namespace tlsanalyze::parsers {

// TCP flag bits as they appear in the 13th byte of the header.
inline constexpr std::uint8_t kTcpFin = 0x01;
inline constexpr std::uint8_t kTcpSyn = 0x02;
inline constexpr std::uint8_t kTcpRst = 0x04;
inline constexpr std::uint8_t kTcpPsh = 0x08;
inline constexpr std::uint8_t kTcpAck = 0x10;
inline constexpr std::uint8_t kTcpUrg = 0x20;

// TcpSegment is the result of parse_tcp. Views point into the packet.
struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint16_t mss = 0;  // MSS option value, 0 if absent
  Bytes options;          // raw options
  Bytes payload;          // segment data after the header

  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// TcpStatus is the outcome of parse_tcp.
enum class TcpStatus : std::uint8_t {
  ok,
  truncated,  // fewer bytes than the fixed header or than the data offset says
  malformed,  // data offset below 5 words
};

// parse_tcp decodes a TCP header and its options. Malformed options are not an
// error (the segment still carries data); only the MSS option is decoded.
TcpStatus parse_tcp(Bytes segment, TcpSegment& out);

}  // namespace tlsanalyze::parsers
