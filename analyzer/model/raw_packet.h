// RawPacket: one captured frame as the capture stage hands it on — time, link
// type and bytes. Everything after capture sees packets only in this form.
#pragma once

#include <cstdint>

#include "parsers/bytes.h"

namespace tlsanalyze::analyzer {

// RawPacket is one captured frame. `data` views the capture library's buffer
// and lives only until the packet callback returns.
struct RawPacket {
  std::int64_t timestamp_us = 0;
  std::uint32_t link_type = 0;     // DLT_* value
  std::uint32_t original_length = 0;
  parsers::Bytes data;             // captured bytes (may be shorter than original_length)
};

}  // namespace tlsanalyze::analyzer
