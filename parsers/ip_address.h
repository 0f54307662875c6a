// IpAddress: an IPv4 or IPv6 address by value, the one piece of IP decoding
// that later stages (flow keys, reports) keep.
#pragma once

#include <array>
#include <compare>
#include <cstdint>

namespace tlsanalyze::parsers {

// IpAddress holds an IPv4 (first 4 bytes used) or IPv6 address by value.
struct IpAddress {
  std::uint8_t family = 0;  // 4 or 6; 0 when unset
  std::array<std::uint8_t, 16> bytes{};

  auto operator<=>(const IpAddress&) const = default;
};

}  // namespace tlsanalyze::parsers
