// TCP stream reassembly for one direction. Policy and caps: docs/reassembly.md.
#include "analyzer/flow/tcp_reassembler.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace tlsanalyze::analyzer {
namespace {

// seq_diff returns a - b as a signed distance in sequence space: positive when
// a comes after b. Sequence numbers wrap modulo 2^32, so order is only defined
// for numbers less than 2^31 apart (RFC 9293 3.4, RFC 1982 3.2); C++20 makes
// the unsigned-to-signed conversion modular, so this is well defined.
std::int64_t seq_diff(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }

// seq_add moves `seq` by a (possibly negative) distance, modulo 2^32.
std::uint32_t seq_add(std::uint32_t seq, std::int64_t distance) {
  return seq + static_cast<std::uint32_t>(distance);
}

// Piece is a half-open range of stream offsets (relative to next_seq_) that a
// new early segment adds to the held set: the parts no held piece covers yet.
struct Piece {
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

}  // namespace

std::int64_t TcpReassembler::offset_of(std::uint32_t seq) const { return seq_diff(seq, next_seq_); }

void TcpReassembler::on_syn(std::uint32_t isn) {
  if (syn_seen_) {
    // A retransmitted SYN carries the same ISN (RFC 9293 3.8.1); nothing to do.
    if (isn == isn_) return;
    // A different ISN is a new connection on the same 4-tuple (port reuse,
    // RFC 9293 3.4.1): the old stream is over.
    restart(isn);
    ++stats_.restarts;
    return;
  }
  if (started_) {
    // We picked the stream up mid-way and now see a SYN. If its data would
    // start exactly where we started, it is this connection's SYN, captured
    // late; anything else cannot belong to the bytes we already delivered.
    if (static_cast<std::uint32_t>(isn + 1) == origin_seq_) {
      syn_seen_ = true;
      isn_ = isn;
      return;
    }
    restart(isn);
    ++stats_.restarts;
    return;
  }
  syn_seen_ = true;
  isn_ = isn;
  started_ = true;
  // The SYN occupies the ISN itself; the first data byte is ISN+1 (RFC 9293 3.4).
  next_seq_ = origin_seq_ = isn + 1;
}

void TcpReassembler::restart(std::uint32_t isn) {
  held_ = std::vector<Held>();  // frees the old connection's hold storage
  held_bytes_ = 0;
  syn_seen_ = true;
  isn_ = isn;
  started_ = true;
  next_seq_ = origin_seq_ = isn + 1;
  fin_seen_ = false;
  fin_seq_ = 0;
  fin_meta_ = SegmentMeta{};
}

void TcpReassembler::on_segment(std::uint32_t seq, Bytes payload, const SegmentMeta& meta, StreamSink& sink) {
  if (payload.empty()) return;  // pure ACKs carry no stream bytes
  ++stats_.segments;
  if (static_cast<std::int64_t>(payload.size()) > kMaxSeqDistance) {
    ++stats_.out_of_window;
    return;
  }
  if (!started_) {
    // Mid-stream pick-up: no SYN, so the first bytes we see define the start.
    started_ = true;
    next_seq_ = origin_seq_ = seq;
  }

  // Checks that do not depend on the held set are done once, up front.
  {
    const std::int64_t begin = offset_of(seq);
    const std::int64_t end = begin + static_cast<std::int64_t>(payload.size());
    // No receive window reaches further than 2^30 (RFC 7323 2.3); a segment
    // outside it is not data of this stream (a bogus or foreign segment, or
    // one from a previous incarnation), and treating it as data would mean
    // declaring a gap of up to 4 GiB.
    if (begin > kMaxSeqDistance || begin < -kMaxSeqDistance) {
      ++stats_.out_of_window;
      return;
    }
    if (end <= 0) {
      ++stats_.retransmitted;  // every byte was delivered already
      return;
    }
    if (fin_seen_) {
      // After a FIN the receiver ignores segment text (RFC 9293 3.10.7.4).
      const std::int64_t fin = offset_of(fin_seq_);
      if (fin >= -kMaxSeqDistance && fin <= kMaxSeqDistance && fin < end) {
        ++stats_.beyond_fin;
        if (fin <= std::max<std::int64_t>(begin, 0)) return;
        payload = payload.first(static_cast<std::size_t>(fin - begin));
      }
    }
  }

  const auto length = static_cast<std::int64_t>(payload.size());
  bool counted_cap = false;
  std::array<Piece, kMaxHeldSegments + 1> pieces;
  // Each pass either finishes or, when the hold cap is full, gives up on the
  // earliest gap and tries again; every retry removes at least one held piece
  // or makes this segment in-order, so the loop ends.
  for (;;) {
    const std::int64_t begin = offset_of(seq);
    const std::int64_t end = begin + length;
    if (end <= 0) {
      // Defensive: a cap skip only drains held bytes, and this segment has
      // bytes outside them, so it should never end up wholly behind.
      ++stats_.retransmitted;
      return;
    }

    if (begin <= 0) {
      // In order (possibly after trimming bytes already delivered: those win,
      // they cannot be taken back). Held pieces inside this segment's range
      // arrived first, so their bytes win too; the segment fills around them.
      bool overlapped = begin < 0;
      bool conflict = false;
      const std::uint32_t base = next_seq_;
      std::int64_t cur = 0;  // offset from base of the next byte to deliver
      std::size_t i = 0;     // first held piece not yet delivered
      while (cur < end) {
        if (i < held_.size() && seq_diff(held_[i].seq, base) == cur) {
          const Held& held = held_[i];
          const std::int64_t held_end = cur + static_cast<std::int64_t>(held.data.size());
          const std::int64_t same = std::min(end, held_end) - cur;
          overlapped = true;
          if (std::memcmp(payload.data() + (cur - begin), held.data.data(), static_cast<std::size_t>(same)) !=
              0) {
            conflict = true;
          }
          deliver(held.data, held.meta, sink);
          cur = held_end;
          ++i;
        } else {
          // Held pieces never start before cur, so this makes progress.
          std::int64_t stop = end;
          if (i < held_.size()) stop = std::min(stop, seq_diff(held_[i].seq, base));
          deliver(
              payload.subspan(static_cast<std::size_t>(cur - begin), static_cast<std::size_t>(stop - cur)),
              meta, sink);
          cur = stop;
        }
      }
      // Held pieces that now continue the stream follow at once.
      while (i < held_.size() && held_[i].seq == next_seq_) {
        deliver(held_[i].data, held_[i].meta, sink);
        ++i;
      }
      pop_front(i);
      if (overlapped) ++stats_.overlapping;
      if (conflict) ++stats_.conflicting_overlaps;
      return;
    }

    // Early: work out which parts of [begin, end) no held piece covers yet.
    // Held pieces are sorted and disjoint, so the result has at most one more
    // piece than there are held pieces: at most kMaxHeldSegments + 1.
    std::size_t piece_count = 0;
    std::int64_t new_bytes = 0;
    bool overlapped = false;
    bool conflict = false;
    std::int64_t cur = begin;
    for (const Held& held : held_) {
      const std::int64_t held_begin = offset_of(held.seq);
      const std::int64_t held_end = held_begin + static_cast<std::int64_t>(held.data.size());
      if (held_end <= cur) continue;
      if (held_begin >= end) break;
      if (held_begin > cur) {
        pieces[piece_count++] = {cur, held_begin};
        new_bytes += held_begin - cur;
      }
      // Overlap with a held piece: the held (first-arrived) bytes win; compare
      // so that a rewrite with different content is at least counted.
      const std::int64_t same_begin = std::max(cur, held_begin);
      const std::int64_t same_end = std::min(end, held_end);
      overlapped = true;
      if (std::memcmp(payload.data() + (same_begin - begin), held.data.data() + (same_begin - held_begin),
                      static_cast<std::size_t>(same_end - same_begin)) != 0) {
        conflict = true;
      }
      cur = held_end;
      if (cur >= end) break;
    }
    if (cur < end) {
      pieces[piece_count++] = {cur, end};
      new_bytes += end - cur;
    }
    if (piece_count == 0) {
      ++stats_.retransmitted;  // every byte is already held
      if (conflict) ++stats_.conflicting_overlaps;
      return;
    }

    if (held_.size() + piece_count <= kMaxHeldSegments &&
        static_cast<std::size_t>(held_bytes_) + static_cast<std::size_t>(new_bytes) <= kMaxHeldBytes) {
      std::size_t pos = 0;
      for (std::size_t p = 0; p < piece_count; ++p) {
        while (pos < held_.size() && offset_of(held_[pos].seq) < pieces[p].begin) ++pos;
        const Bytes part = payload.subspan(static_cast<std::size_t>(pieces[p].begin - begin),
                                           static_cast<std::size_t>(pieces[p].end - pieces[p].begin));
        held_.insert(held_.begin() + static_cast<std::ptrdiff_t>(pos),
                     Held{seq_add(next_seq_, pieces[p].begin), meta,
                          std::vector<std::uint8_t>(part.begin(), part.end())});
        ++pos;
      }
      held_bytes_ += static_cast<std::uint32_t>(new_bytes);
      ++stats_.out_of_order;
      if (overlapped) ++stats_.overlapping;
      if (conflict) ++stats_.conflicting_overlaps;
      return;
    }

    // The hold cap is full. Waiting longer for the earliest missing bytes
    // would mean dropping data we do have, so give up on that gap instead:
    // declare it lost and move on to whatever comes first after it, this
    // segment or the first held piece.
    if (!counted_cap) {
      ++stats_.dropped_over_cap;
      counted_cap = true;
    }
    if (held_.empty() || begin < offset_of(held_.front().seq)) {
      declare_gap(static_cast<std::uint32_t>(begin), meta, sink);  // next pass is in order
    } else {
      skip_to_first_held(sink);
    }
  }
}

void TcpReassembler::on_fin(std::uint32_t seq, const SegmentMeta& meta) {
  // A retransmitted FIN repeats the same number; a different one contradicts
  // the first (RFC 9293 3.4: the FIN is the last sequence number used), so
  // the first one stands.
  if (fin_seen_) return;
  fin_seen_ = true;
  fin_seq_ = seq;
  fin_meta_ = meta;
  if (!started_ || held_.empty()) return;
  const std::int64_t fin = offset_of(seq);
  if (fin < -kMaxSeqDistance || fin > kMaxSeqDistance) return;
  // Held bytes at or after the FIN are text after the end (RFC 9293 3.10.7.4).
  while (!held_.empty()) {
    Held& last = held_.back();
    const std::int64_t last_begin = offset_of(last.seq);
    const std::int64_t last_end = last_begin + static_cast<std::int64_t>(last.data.size());
    if (last_end <= fin) break;
    ++stats_.beyond_fin;
    if (last_begin >= fin) {
      held_bytes_ -= static_cast<std::uint32_t>(last.data.size());
      held_.pop_back();
    } else {
      held_bytes_ -= static_cast<std::uint32_t>(last_end - fin);
      last.data.resize(static_cast<std::size_t>(fin - last_begin));
      break;
    }
  }
  release_if_empty();
}

void TcpReassembler::flush(StreamSink& sink) {
  while (!held_.empty()) skip_to_first_held(sink);
  if (fin_seen_ && started_) {
    // Bytes before the FIN that never arrived: the end of the stream is lost.
    const std::int64_t fin = offset_of(fin_seq_);
    if (fin > 0 && fin <= kMaxSeqDistance) declare_gap(static_cast<std::uint32_t>(fin), fin_meta_, sink);
  }
  release_if_empty();
}

bool TcpReassembler::fin_reached() const {
  if (!fin_seen_) return false;
  if (!started_) return true;  // no stream bytes at all: nothing is pending
  return offset_of(fin_seq_) <= 0;
}

std::size_t TcpReassembler::heap_bytes() const {
  std::size_t total = held_.capacity() * sizeof(Held);
  for (const Held& held : held_) total += held.data.capacity();
  return total;
}

void TcpReassembler::deliver(Bytes data, const SegmentMeta& meta, StreamSink& sink) {
  sink.on_data(data, meta);
  next_seq_ += static_cast<std::uint32_t>(data.size());
  delivered_ += data.size();
}

void TcpReassembler::declare_gap(std::uint32_t bytes, const SegmentMeta& meta, StreamSink& sink) {
  if (bytes == 0) return;
  sink.on_gap(bytes, meta);
  next_seq_ += bytes;
  stats_.gap_bytes += bytes;
}

void TcpReassembler::drain_held(StreamSink& sink) {
  std::size_t i = 0;
  while (i < held_.size() && held_[i].seq == next_seq_) {
    deliver(held_[i].data, held_[i].meta, sink);
    ++i;
  }
  pop_front(i);
}

void TcpReassembler::skip_to_first_held(StreamSink& sink) {
  // Held pieces always start after next_seq_ and within kMaxSeqDistance of
  // it, so the gap is positive and fits in 32 bits.
  const SegmentMeta meta = held_.front().meta;
  declare_gap(static_cast<std::uint32_t>(offset_of(held_.front().seq)), meta, sink);
  drain_held(sink);
}

void TcpReassembler::pop_front(std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) held_bytes_ -= static_cast<std::uint32_t>(held_[i].data.size());
  held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(count));
  release_if_empty();
}

void TcpReassembler::release_if_empty() {
  // An idle direction must own no heap memory (there may be a million).
  if (held_.empty() && held_.capacity() != 0) held_ = std::vector<Held>();
}

}  // namespace tlsanalyze::analyzer
