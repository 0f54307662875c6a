// TCP stream reassembly for one direction of one connection (RFC 9293 3.4,
// 3.10.7.4). Turns segments as captured (reordered, retransmitted, overlapping,
// lost) into the in-order byte stream the receiving application would read,
// plus explicit gaps where bytes never arrived. The overlap policy and the caps
// are described, with their reasons, in docs/reassembly.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/model/stream.h"

namespace tlsanalyze::analyzer {

// ReassemblyStats counts what one direction's reassembler saw. Counters are
// cumulative for the life of the object (a restart on a new ISN keeps them).
struct ReassemblyStats {
  std::uint64_t segments = 0;       // segments with payload seen
  std::uint64_t retransmitted = 0;  // wholly duplicate segments dropped
  std::uint64_t overlapping = 0;    // partially overlapping segments trimmed
  std::uint64_t out_of_order = 0;   // segments held because they arrived early
  // dropped_over_cap counts segments that arrived while holding them would
  // exceed kMaxHeldSegments/kMaxHeldBytes. Each one made the reassembler give
  // up on the earliest gap (declared via on_gap); the segment's own bytes are
  // then delivered or held, not thrown away. See docs/reassembly.md.
  std::uint64_t dropped_over_cap = 0;
  std::uint64_t gap_bytes = 0;  // bytes declared lost via on_gap
  // conflicting_overlaps counts segments whose bytes overlapped bytes still
  // held and differed from them (first-arrived bytes were kept). Overlaps with
  // bytes already delivered cannot be compared: those are no longer stored.
  std::uint64_t conflicting_overlaps = 0;
  // out_of_window counts segments dropped because they start more than
  // kMaxSeqDistance ahead of, or lie more than kMaxSeqDistance behind, the
  // next expected byte (or are longer than that): no legal TCP window reaches
  // that far, and treating them as data would mean a ~4 GiB gap.
  std::uint64_t out_of_window = 0;
  // beyond_fin counts segments with bytes at or after the FIN's sequence
  // number; those bytes are dropped (RFC 9293 3.10.7.4: after a FIN the
  // receiver ignores segment text).
  std::uint64_t beyond_fin = 0;
  // restarts counts SYNs with a new ISN that reset this direction (a new
  // connection on the same 4-tuple, or a SYN that contradicts a mid-stream
  // pick-up). The caller should reset whatever consumes the sink when it grows.
  std::uint64_t restarts = 0;
};

// TcpReassembler reassembles one direction of a TCP connection. In-order bytes
// are passed to the sink as views of the caller's payload (zero-copy); only
// segments that arrive early are copied, and only while the gap before them is
// open. When nothing is held the object owns no heap memory, so a million
// idle directions cost sizeof(TcpReassembler) each. Not thread-safe; one
// object per direction.
class TcpReassembler {
 public:
  // kMaxHeldSegments bounds how many early pieces are held. 64 covers the
  // reordering and loss seen on real paths (a lost segment followed by a
  // window of up to ~64 full-size segments before the retransmission); beyond
  // that the missing bytes are almost certainly lost to the capture, not late.
  static constexpr std::size_t kMaxHeldSegments = 64;
  // kMaxHeldBytes bounds how many early bytes are held per direction. 256 KiB
  // is several TLS handshake flights (a handshake is rarely over 20 KiB) and
  // a typical initial receive window, while keeping the worst case for a
  // hostile or lossy flow small.
  static constexpr std::size_t kMaxHeldBytes = 256 * 1024;
  // kMaxSeqDistance is the largest distance, in sequence space, between the
  // next expected byte and a segment that is still taken as data: the largest
  // receive window TCP can advertise, rounded up: a 16-bit window shifted by
  // at most 14 (RFC 7323 2.3) is 65535 << 14, just under 2^30.
  static constexpr std::int64_t kMaxSeqDistance = std::int64_t{1} << 30;

  // on_syn records this direction's SYN with sequence number `isn`; data
  // starts at isn+1 (RFC 9293 3.4.1). A retransmitted SYN (same ISN) changes
  // nothing. A SYN with a different ISN, or a SYN after a mid-stream pick-up
  // whose isn+1 is not where that pick-up started, starts a new stream:
  // held bytes are discarded (call flush() first to keep them) and
  // stats().restarts goes up. A SYN after a mid-stream pick-up with
  // isn+1 equal to where the stream started just marks the SYN as seen.
  void on_syn(std::uint32_t isn);

  // on_segment takes a segment's payload at sequence number `seq`. In-order
  // bytes go straight to sink.on_data as views of `payload` (zero-copy);
  // held bytes that become in-order follow, in the same call. Early segments
  // are copied and held (bounded) until the gap before them fills;
  // duplicates and overlaps are trimmed per the documented policy (bytes
  // already delivered win, then first-arrived bytes win). If no SYN was seen,
  // the first segment with payload starts the stream (mid-stream pick-up).
  // Zero-length payloads are ignored. For a SYN that carries data (TCP Fast
  // Open, RFC 7413) pass seq = isn + 1: the SYN itself occupies `isn`.
  // `payload` need only live for the duration of the call.
  void on_segment(std::uint32_t seq, Bytes payload, const SegmentMeta& meta, StreamSink& sink);

  // on_fin records a FIN at sequence number `seq`, i.e. the FIN segment's
  // seq plus its payload length (the FIN occupies the number after the last
  // data byte, RFC 9293 3.4). Held data before it can still be delivered as
  // gaps fill; bytes at or after it are dropped (stats().beyond_fin). Only
  // the first FIN counts; a retransmitted or contradicting FIN is ignored.
  // `meta` (the FIN's packet) is used as evidence for a gap that ends at it.
  void on_fin(std::uint32_t seq, const SegmentMeta& meta = {});

  // flush ends the stream (FIN, RST, idle timeout, capture end): every held
  // segment is delivered in order, each preceding hole declared via on_gap;
  // if a FIN was seen and bytes before it are still missing, that last hole
  // is declared too. Afterwards nothing is held and no heap memory is owned.
  // Segments arriving later are processed as usual (late ones are dropped).
  void flush(StreamSink& sink);

  // next_seq returns the sequence number of the next byte expected; valid
  // once started(). It never moves past a FIN (the FIN's own number is not
  // counted as data).
  std::uint32_t next_seq() const { return next_seq_; }
  // started is true once a SYN or a segment with payload fixed the stream's
  // starting point.
  bool started() const { return started_; }
  // syn_seen is true once on_syn was called for the current stream.
  bool syn_seen() const { return syn_seen_; }
  // isn returns the SYN's sequence number; valid when syn_seen().
  std::uint32_t isn() const { return isn_; }
  // fin_seen is true once on_fin was called for the current stream.
  bool fin_seen() const { return fin_seen_; }
  // fin_seq returns the FIN's sequence number; valid when fin_seen().
  std::uint32_t fin_seq() const { return fin_seq_; }
  // fin_reached is true when a FIN was seen and nothing before it is still
  // pending: every byte up to it was delivered or declared lost.
  bool fin_reached() const;
  // delivered_bytes returns the total in-order bytes given to the sink
  // (cumulative across restarts; gaps are not counted).
  std::uint64_t delivered_bytes() const { return delivered_; }
  // held_segments returns how many early pieces are held now.
  std::size_t held_segments() const { return held_.size(); }
  // held_bytes returns how many early bytes are held now.
  std::size_t held_bytes() const { return held_bytes_; }
  // heap_bytes returns an estimate of the heap memory this object owns now
  // (hold storage capacity); 0 when nothing is held. For memory accounting.
  std::size_t heap_bytes() const;
  // stats returns the counters; the reference lives as long as the object.
  const ReassemblyStats& stats() const { return stats_; }

 private:
  // Held is one early piece of the stream, copied out of its packet. Held
  // pieces are kept sorted by sequence number, never overlap each other, and
  // always start after next_seq_.
  struct Held {
    std::uint32_t seq = 0;
    SegmentMeta meta;
    std::vector<std::uint8_t> data;
  };

  // restart forgets the current stream (held bytes, FIN) and starts a new one
  // at isn+1, as for a fresh SYN. Stats and delivered_ are kept.
  void restart(std::uint32_t isn);
  // deliver hands in-order bytes to the sink and advances next_seq_.
  void deliver(Bytes data, const SegmentMeta& meta, StreamSink& sink);
  // declare_gap reports `bytes` lost to the sink and advances next_seq_ past them.
  void declare_gap(std::uint32_t bytes, const SegmentMeta& meta, StreamSink& sink);
  // drain_held delivers the held pieces that continue the stream at next_seq_.
  void drain_held(StreamSink& sink);
  // skip_to_first_held declares the gap before the first held piece lost,
  // then drains; requires a held piece.
  void skip_to_first_held(StreamSink& sink);
  // pop_front forgets the first `count` held pieces (already delivered).
  void pop_front(std::size_t count);
  // release_if_empty frees the hold storage once nothing is held.
  void release_if_empty();
  // offset_of returns seq's signed distance from next_seq_ (RFC 9293 3.4).
  std::int64_t offset_of(std::uint32_t seq) const;

  std::vector<Held> held_;  // empty with no capacity unless something is early
  ReassemblyStats stats_;
  std::uint64_t delivered_ = 0;
  SegmentMeta fin_meta_;
  std::uint32_t next_seq_ = 0;
  std::uint32_t origin_seq_ = 0;  // where the stream started (isn+1 or pick-up)
  std::uint32_t isn_ = 0;
  std::uint32_t fin_seq_ = 0;
  std::uint32_t held_bytes_ = 0;  // fits: bounded by kMaxHeldBytes
  bool started_ = false;
  bool syn_seen_ = false;
  bool fin_seen_ = false;
};

}  // namespace tlsanalyze::analyzer
