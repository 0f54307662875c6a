// TCP header decoding (RFC 9293 section 3.1). Options are walked only to find
// the MSS; any option we cannot make sense of ends the walk, not the parse.
#include "parsers/tcp.h"

#include <cstddef>
#include <cstdint>

namespace tlsanalyze::parsers {
namespace {

// RFC 9293 section 3.1: the header without options is five 32-bit words.
constexpr std::uint8_t kTcpMinDataOffset = 5;

// Option kinds (RFC 9293 section 3.2).
constexpr std::uint8_t kOptionEnd = 0;
constexpr std::uint8_t kOptionNop = 1;
constexpr std::uint8_t kOptionMss = 2;
constexpr std::uint8_t kOptionMssLength = 4;
// kOptionMinLength: a kind-length option's length counts its kind and length
// octets, so anything below 2 cannot advance the walk.
constexpr std::uint8_t kOptionMinLength = 2;

// find_mss walks the options (RFC 9293 section 3.2) and returns the first MSS
// value, or 0. A bad length stops the walk quietly: middleboxes mangle
// options, and the segment's data is still good.
std::uint16_t find_mss(Bytes options) {
  ByteReader reader(options);
  std::uint8_t kind = 0;
  while (reader.read_u8(kind)) {
    if (kind == kOptionEnd) break;
    if (kind == kOptionNop) continue;
    std::uint8_t length = 0;
    if (!reader.read_u8(length) || length < kOptionMinLength) break;
    Bytes value;
    if (!reader.read_bytes(length - kOptionMinLength, value)) break;
    // An MSS of any other length is not an MSS we can read; skip it like
    // any unknown option.
    if (kind == kOptionMss && length == kOptionMssLength) {
      return static_cast<std::uint16_t>((value[0] << 8) | value[1]);
    }
  }
  return 0;
}

}  // namespace

TcpStatus parse_tcp(Bytes segment, TcpSegment& out) {
  out = TcpSegment{};
  ByteReader reader(segment);
  // RFC 9293 section 3.1: Source Port, Destination Port, Sequence Number,
  // Acknowledgment Number, Data Offset/Reserved, flags, Window, Checksum,
  // Urgent Pointer.
  std::uint8_t offset_reserved = 0;
  std::uint16_t checksum = 0;
  std::uint16_t urgent = 0;
  if (!reader.read_u16(out.src_port) || !reader.read_u16(out.dst_port) ||
      !reader.read_u32(out.seq) || !reader.read_u32(out.ack) || !reader.read_u8(offset_reserved) ||
      !reader.read_u8(out.flags) || !reader.read_u16(out.window) || !reader.read_u16(checksum) ||
      !reader.read_u16(urgent)) {
    return TcpStatus::truncated;
  }
  const std::uint8_t data_offset = offset_reserved >> 4;
  if (data_offset < kTcpMinDataOffset) return TcpStatus::malformed;
  const std::size_t options_size = static_cast<std::size_t>(data_offset - kTcpMinDataOffset) * 4;
  if (!reader.read_bytes(options_size, out.options)) return TcpStatus::truncated;
  out.mss = find_mss(out.options);
  out.payload = reader.rest();
  return TcpStatus::ok;
}

}  // namespace tlsanalyze::parsers
