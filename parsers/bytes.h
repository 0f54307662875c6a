// Bytes: the read-only byte view every stage passes around. Kept apart from
// the ByteReader cursor so that stages which only hold bytes (certificates,
// reports) need not see the parsing machinery.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tlsanalyze::parsers {

// Bytes is a read-only view into a buffer owned by somebody else (usually the
// packet buffer libpcap handed us). It lives as long as that buffer.
using Bytes = std::span<const std::uint8_t>;

// as_string_view reinterprets bytes as characters, for host names and ALPN
// identifiers. The view lives as long as the bytes.
inline std::string_view as_string_view(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace tlsanalyze::parsers
