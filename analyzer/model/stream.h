// Stream: the seam between TCP reassembly and TLS framing. The reassembler
// pushes one direction's in-order bytes into a StreamSink; SegmentMeta names
// the packet that carried them, for evidence.
#pragma once

#include <cstdint>

#include "parsers/bytes.h"

namespace tlsanalyze::analyzer {

using parsers::Bytes;

// SegmentMeta identifies the packet that carried bytes, for evidence. Two
// words, copied freely.
struct SegmentMeta {
  std::int64_t timestamp_us = 0;
  std::uint64_t packet_number = 0;
};

// StreamSink receives the in-order byte stream of one direction. A sink must
// not call back into the reassembler that is calling it.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // on_data receives contiguous in-order bytes; `data` lives only for the
  // duration of the call (it may view the caller's packet buffer), so a sink
  // that needs the bytes later copies them. `meta` names the packet that
  // carried these bytes.
  virtual void on_data(Bytes data, const SegmentMeta& meta) = 0;
  // on_gap says that `bytes` of the stream will never arrive (capture loss,
  // hold cap exceeded); delivery resumes right after them. `meta` names the
  // packet whose arrival made the gap known (the first one after it), or the
  // FIN's packet for a gap that ends at the FIN.
  virtual void on_gap(std::uint32_t bytes, const SegmentMeta& meta) = 0;
  // on_midstream says, before the first on_data, that the stream was picked
  // up without its SYN: its first bytes may be the middle of a message.
  virtual void on_midstream() {}
};

}  // namespace tlsanalyze::analyzer
