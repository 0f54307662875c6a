// IPv4 (RFC 791) and IPv6 (RFC 8200) header decoding down to the transport
// payload. Lengths in the header are trusted only as far as the capture goes.
#include "parsers/ip.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace tlsanalyze::parsers {
namespace {

// RFC 791 section 3.1: the fixed header is five 32-bit words.
constexpr std::size_t kIpv4MinHeaderSize = 20;
constexpr std::uint8_t kIpv4MinIhl = 5;
// RFC 791 section 3.1 Flags / Fragment Offset word.
constexpr std::uint16_t kIpv4MoreFragments = 0x2000;
constexpr std::uint16_t kIpv4FragmentOffsetMask = 0x1FFF;

// Next Header values that introduce an extension header we can step over
// (IANA "IPv6 Extension Header Types", RFC 7045 section 4).
constexpr std::uint8_t kIpv6HopByHop = 0;    // RFC 8200 section 4.3
constexpr std::uint8_t kIpv6Routing = 43;    // RFC 8200 section 4.4
constexpr std::uint8_t kIpv6Fragment = 44;   // RFC 8200 section 4.5
constexpr std::uint8_t kIpv6Ah = 51;         // RFC 4302 section 2
constexpr std::uint8_t kIpv6DestOpts = 60;   // RFC 8200 section 4.6
constexpr std::uint8_t kIpv6Mobility = 135;  // RFC 6275 section 6.1
constexpr std::uint8_t kIpv6Hip = 139;       // RFC 7401 section 5.1
constexpr std::uint8_t kIpv6Shim6 = 140;     // RFC 5533 section 5
// kIpv6NoNextHeader ends the chain with nothing after it (RFC 8200 section 4.7).
constexpr std::uint8_t kIpv6NoNextHeader = 59;

// RFC 8200 section 4.5: offset in the top 13 bits, then 2 reserved bits and
// the M flag. M is not needed: any Fragment header makes a fragment.
constexpr std::uint16_t kIpv6FragmentOffsetShift = 3;

// kMaxIpv6ExtensionHeaders bounds the walk. RFC 8200 section 4.1 expects at
// most one of each type (two Destination Options); a longer chain is an attack
// on parsers, not traffic.
constexpr int kMaxIpv6ExtensionHeaders = 16;

// read_address copies `size` address bytes into `addr`.
[[nodiscard]] bool read_address(ByteReader& reader, std::uint8_t family, std::size_t size,
                                IpAddress& addr) {
  Bytes raw;
  if (!reader.read_bytes(size, raw)) return false;
  addr.family = family;
  std::copy(raw.begin(), raw.end(), addr.bytes.begin());
  return true;
}

// Ipv6Step is the outcome of walking one extension header.
// next: keep walking; done: the rest is not headers; truncated: the header
// does not fit in the payload.
enum class Ipv6Step : std::uint8_t { next, done, truncated };

// ipv6_extension_length returns the total size in octets of an extension
// header of `type` whose length octet (the second one) holds `len_field`.
// RFC 8200 section 4.3 (and 4.4, 4.6; RFC 6275 6.1.1; RFC 7401 5.1; RFC 5533
// 5.1): Hdr Ext Len counts 8-octet units after the first 8 octets.
// RFC 4302 section 2.2: AH's Payload Len counts 4-octet units, minus 2.
std::size_t ipv6_extension_length(std::uint8_t type, std::uint8_t len_field) {
  if (type == kIpv6Ah) return (static_cast<std::size_t>(len_field) + 2) * 4;
  return (static_cast<std::size_t>(len_field) + 1) * 8;
}

// is_ipv6_extension is true for the Next Header values parse_ipv6 steps over.
bool is_ipv6_extension(std::uint8_t type) {
  switch (type) {
    case kIpv6HopByHop:
    case kIpv6Routing:
    case kIpv6Fragment:
    case kIpv6Ah:
    case kIpv6DestOpts:
    case kIpv6Mobility:
    case kIpv6Hip:
    case kIpv6Shim6:
      return true;
    default:
      return false;
  }
}

// step_ipv6 consumes the extension header `type` from `reader`, sets `type` to
// the Next Header it names, and records fragmentation in `out`.
Ipv6Step step_ipv6(ByteReader& reader, std::uint8_t& type, IpPacket& out) {
  ByteReader probe = reader;
  std::uint8_t next = 0;
  if (type == kIpv6Fragment) {
    std::uint8_t reserved = 0;
    std::uint16_t offset_flags = 0;
    std::uint32_t identification = 0;
    if (!probe.read_u8(next) || !probe.read_u8(reserved) || !probe.read_u16(offset_flags) ||
        !probe.read_u32(identification)) {
      return Ipv6Step::truncated;
    }
    reader = probe;
    type = next;
    const std::uint16_t offset = offset_flags >> kIpv6FragmentOffsetShift;
    out.is_fragment = true;
    out.first_fragment = offset == 0;
    // A non-first fragment carries fragment data, not headers (RFC 8200
    // section 4.5): what follows cannot be walked.
    if (offset != 0) return Ipv6Step::done;
    return Ipv6Step::next;
  }
  std::uint8_t len_field = 0;
  if (!probe.read_u8(next) || !probe.read_u8(len_field)) return Ipv6Step::truncated;
  if (!reader.skip(ipv6_extension_length(type, len_field))) return Ipv6Step::truncated;
  type = next;
  return Ipv6Step::next;
}

}  // namespace

IpStatus parse_ipv4(Bytes packet, IpPacket& out) {
  out = IpPacket{};
  ByteReader reader(packet);
  std::uint8_t version_ihl = 0;
  if (!reader.read_u8(version_ihl)) return IpStatus::truncated;
  if ((version_ihl >> 4) != 4) return IpStatus::malformed;
  const std::uint8_t ihl = version_ihl & 0x0F;
  if (ihl < kIpv4MinIhl) return IpStatus::malformed;
  const std::size_t header_size = static_cast<std::size_t>(ihl) * 4;

  // RFC 791 section 3.1: TOS, Total Length, Identification, Flags/Fragment
  // Offset, TTL, Protocol, Header Checksum, Source, Destination.
  std::uint8_t tos = 0;
  std::uint16_t total_length = 0;
  std::uint16_t identification = 0;
  std::uint16_t flags_offset = 0;
  std::uint16_t checksum = 0;
  if (!reader.read_u8(tos) || !reader.read_u16(total_length) || !reader.read_u16(identification) ||
      !reader.read_u16(flags_offset) || !reader.read_u8(out.ttl) || !reader.read_u8(out.protocol) ||
      !reader.read_u16(checksum) || !read_address(reader, 4, 4, out.src) ||
      !read_address(reader, 4, 4, out.dst)) {
    return IpStatus::truncated;
  }
  out.version = 4;
  // Total Length 0 is what a capture on a host with TCP segmentation offload
  // (and Linux BIG TCP) records for a super-packet: the real length is the
  // captured one. Any other value shorter than the header is impossible.
  const bool length_from_capture = total_length == 0;
  if (!length_from_capture && total_length < header_size) return IpStatus::malformed;
  if (!reader.skip(header_size - kIpv4MinHeaderSize)) return IpStatus::truncated;  // options

  const std::uint16_t offset = flags_offset & kIpv4FragmentOffsetMask;
  out.is_fragment = (flags_offset & kIpv4MoreFragments) != 0 || offset != 0;
  out.first_fragment = out.is_fragment && offset == 0;

  Bytes payload = reader.rest();
  if (!length_from_capture) {
    const std::size_t declared = total_length - header_size;
    // Trim Ethernet padding; a snaplen cut leaves less than declared.
    if (payload.size() > declared) payload = payload.first(declared);
    out.payload_truncated = payload.size() < declared;
  }
  out.payload = payload;
  return IpStatus::ok;
}

IpStatus parse_ipv6(Bytes packet, IpPacket& out) {
  out = IpPacket{};
  ByteReader reader(packet);
  std::uint8_t first = 0;
  if (!reader.peek_u8(first)) return IpStatus::truncated;
  if ((first >> 4) != 6) return IpStatus::malformed;

  // RFC 8200 section 3: Version/Traffic Class/Flow Label, Payload Length,
  // Next Header, Hop Limit, Source, Destination.
  std::uint32_t version_class_flow = 0;
  std::uint16_t payload_length = 0;
  std::uint8_t next = 0;
  if (!reader.read_u32(version_class_flow) || !reader.read_u16(payload_length) ||
      !reader.read_u8(next) || !reader.read_u8(out.ttl) || !read_address(reader, 6, 16, out.src) ||
      !read_address(reader, 6, 16, out.dst)) {
    return IpStatus::truncated;
  }
  out.version = 6;

  // Payload Length 0 means a Jumbo Payload option (RFC 2675 section 2) or a
  // Linux BIG TCP super-packet captured before segmentation: in both the
  // captured bytes are the payload. Only No Next Header may really be empty,
  // and then the bytes after it are link padding. Otherwise trim padding and
  // note snaplen cuts.
  const bool length_from_capture = payload_length == 0 && next != kIpv6NoNextHeader;
  Bytes payload = reader.rest();
  if (!length_from_capture) {
    if (payload.size() > payload_length) payload = payload.first(payload_length);
    out.payload_truncated = payload.size() < payload_length;
  }

  ByteReader body(payload);
  int walked = 0;
  while (is_ipv6_extension(next)) {
    if (walked == kMaxIpv6ExtensionHeaders) return IpStatus::malformed;
    ++walked;
    const Ipv6Step step = step_ipv6(body, next, out);
    if (step == Ipv6Step::truncated) {
      // Past the captured bytes: truncated. Past the declared length while
      // the capture is whole: the header lies about its own size.
      return out.payload_truncated || length_from_capture ? IpStatus::truncated
                                                          : IpStatus::malformed;
    }
    if (step == Ipv6Step::done) break;
  }
  out.protocol = next;
  out.payload = body.rest();
  return IpStatus::ok;
}

IpStatus parse_ip(Bytes packet, IpPacket& out) {
  std::uint8_t first = 0;
  if (!ByteReader(packet).peek_u8(first)) {
    out = IpPacket{};
    return IpStatus::truncated;
  }
  switch (first >> 4) {
    case 4:
      return parse_ipv4(packet, out);
    case 6:
      return parse_ipv6(packet, out);
    default:
      out = IpPacket{};
      return IpStatus::malformed;
  }
}

}  // namespace tlsanalyze::parsers
