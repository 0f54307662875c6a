// HandshakeAssembler: turns the fragments of handshake records of one direction
// into whole handshake messages (RFC 8446 5.1: a message may span records, and
// a record may hold several messages). Messages that sit wholly inside one
// fragment are handed out as views of it; only a message split across records
// is copied, into a buffer capped at kMaxHandshakeMessage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parsers/tls_handshake.h"

namespace tlsanalyze::analyzer {

// kMaxHandshakeMessage caps one handshake message. Certificate chains are the
// largest messages in practice (tens of KiB; the corpus's longest is ~20 KiB);
// 256 KiB leaves room for huge chains and post-quantum certificates while
// bounding per-flow memory.
inline constexpr std::size_t kMaxHandshakeMessage = 256 * 1024;

// HandshakeAssembler buffers a partial message between records.
class HandshakeAssembler {
 public:
  // feed appends one record fragment and calls on_message(const
  // parsers::HandshakeMessage&) for every message completed; the message view
  // lives only during the call. Returns false when a message header announces
  // more than kMaxHandshakeMessage bytes: the direction cannot be followed
  // further and the buffer is dropped.
  template <typename F>
  bool feed(parsers::Bytes fragment, F&& on_message) {
    if (!pending_.empty()) {
      pending_.insert(pending_.end(), fragment.begin(), fragment.end());
      std::size_t used = 0;
      bool ok = drain(parsers::Bytes(pending_), used, on_message);
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
      if (!ok) pending_.clear();
      shrink_if_idle();
      return ok;
    }
    std::size_t used = 0;
    bool ok = drain(fragment, used, on_message);
    if (ok && used < fragment.size()) pending_.assign(fragment.begin() + static_cast<std::ptrdiff_t>(used), fragment.end());
    return ok;
  }

  // has_partial is true while part of a message waits for the next record.
  bool has_partial() const { return !pending_.empty(); }

  // reset drops any partial message (used when the direction loses track).
  void reset() {
    pending_.clear();
    pending_.shrink_to_fit();
  }

 private:
  template <typename F>
  static bool drain(parsers::Bytes data, std::size_t& used, F& on_message) {
    while (used < data.size()) {
      parsers::HandshakeMessage msg;
      parsers::FrameResult r = parsers::frame_handshake(data.subspan(used), kMaxHandshakeMessage, msg);
      if (r.status == parsers::FrameStatus::need_more) return true;
      if (r.status == parsers::FrameStatus::malformed) return false;
      on_message(msg);
      used += r.length;
    }
    return true;
  }

  void shrink_if_idle() {
    if (pending_.empty() && pending_.capacity() > 4096) pending_.shrink_to_fit();
  }

  std::vector<std::uint8_t> pending_;
};

}  // namespace tlsanalyze::analyzer
