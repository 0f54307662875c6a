// HandshakeAssembler: turns the fragments of handshake records of one direction
// into whole handshake messages (RFC 8446 5.1: a message may span records, and
// a record may hold several messages). Messages that sit wholly inside one
// fragment are handed out as views of it; only a message split across records
// is copied, into a buffer capped at kMaxHandshakeMessage.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <vector>

#include "analyzer/model/limits.h"
#include "parsers/tls_handshake.h"

namespace tlsanalyze::analyzer {

// HandshakeAssembler buffers a partial message between records.
class HandshakeAssembler {
 public:
  // feed appends one record fragment and calls on_message(const
  // parsers::HandshakeMessage&) for every message completed; the message view
  // lives only during the call. A message whose header announces more than
  // kMaxHandshakeMessage bytes is not buffered: on_oversized(std::uint8_t
  // msg_type, std::uint32_t length) is called once and its bytes are skipped
  // as they arrive, so the messages after it are still seen. Never fails.
  template <typename F, typename G>
  void feed(parsers::Bytes fragment, F&& on_message, G&& on_oversized) {
    if (skip_remaining_ > 0) {
      std::size_t n = std::min<std::size_t>(fragment.size(), skip_remaining_);
      fragment = fragment.subspan(n);
      skip_remaining_ -= static_cast<std::uint32_t>(n);
      if (fragment.empty()) return;
    }
    if (!pending_.empty()) {
      pending_.insert(pending_.end(), fragment.begin(), fragment.end());
      std::size_t used = drain(parsers::Bytes(pending_), on_message, on_oversized);
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
      shrink_if_idle();
      return;
    }
    std::size_t used = drain(fragment, on_message, on_oversized);
    if (used < fragment.size()) pending_.assign(fragment.begin() + static_cast<std::ptrdiff_t>(used), fragment.end());
  }

  // has_partial is true while part of a message waits for the next record.
  bool has_partial() const { return !pending_.empty() || skip_remaining_ > 0; }

  // reset drops any partial message (used when the direction loses track).
  void reset() {
    pending_.clear();
    pending_.shrink_to_fit();
    skip_remaining_ = 0;
  }

 private:
  // drain frames the messages at the start of `data` and returns how many
  // bytes it consumed (what is left is the start of an incomplete message).
  template <typename F, typename G>
  std::size_t drain(parsers::Bytes data, F& on_message, G& on_oversized) {
    std::size_t used = 0;
    while (used < data.size()) {
      parsers::HandshakeMessage msg;
      parsers::FrameResult r = parsers::frame_handshake(data.subspan(used), kMaxHandshakeMessage, msg);
      if (r.status == parsers::FrameStatus::need_more) return used;
      if (r.status == parsers::FrameStatus::malformed) {
        // frame_handshake refuses only a length over the cap: skip that message.
        std::uint8_t type = data[used];
        std::uint32_t length = (static_cast<std::uint32_t>(data[used + 1]) << 16) |
                               (static_cast<std::uint32_t>(data[used + 2]) << 8) | data[used + 3];
        on_oversized(type, length);
        std::size_t available = data.size() - used - parsers::kHandshakeHeaderSize;
        if (available >= length) {
          used += parsers::kHandshakeHeaderSize + length;
          continue;
        }
        skip_remaining_ = length - static_cast<std::uint32_t>(available);
        return data.size();
      }
      on_message(msg);
      used += r.length;
    }
    return used;
  }

  void shrink_if_idle() {
    if (pending_.empty() && pending_.capacity() > 4096) pending_.shrink_to_fit();
  }

  std::vector<std::uint8_t> pending_;
  std::uint32_t skip_remaining_ = 0;  // bytes of an oversized message still to skip
};

}  // namespace tlsanalyze::analyzer
