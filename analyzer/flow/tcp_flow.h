// TcpFlow: one TCP connection at the TCP level — its two directions'
// reassembly into in-order streams handed to a StreamSink each, and the TCP
// facts diagnosis needs (SYNs, FIN/RST and who sent them, how much of each
// side's data the other acknowledged). It knows nothing of what the streams
// carry; the pipeline plugs a TLS framer into each direction.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>

#include "analyzer/capture/packet_decoder.h"
#include "analyzer/flow/retired_flow.h"
#include "analyzer/flow/tcp_reassembler.h"
#include "analyzer/model/flow_facts.h"
#include "analyzer/model/flow_log.h"
#include "analyzer/model/stream.h"

namespace tlsanalyze::analyzer {

// TcpFlow is created on the first packet of a connection. It writes TCP events
// and roles (who sent the SYN) to `log` and the streams to `sinks` (by
// direction index); all three must outlive it. Not copyable.
class TcpFlow {
 public:
  // TcpFlow starts with the packet from `first_src` to `first_dst`.
  TcpFlow(const Endpoint& first_src, const Endpoint& first_dst, std::int64_t timestamp_us,
          std::uint64_t packet_number, FlowLog& log, StreamSink& sink0, StreamSink& sink1);
  TcpFlow(const TcpFlow&) = delete;
  TcpFlow& operator=(const TcpFlow&) = delete;

  // direction_of returns 0 for packets from the first sender, 1 otherwise.
  std::size_t direction_of(const Endpoint& src) const { return src == ends_[0] ? 0 : 1; }
  // first_sender is the endpoint that sent the connection's first packet (direction 0).
  const Endpoint& first_sender() const { return ends_[0]; }

  // on_segment processes one TCP segment travelling in `direction`.
  void on_segment(const DecodedPacket& packet, std::size_t direction);
  // on_icmp_error records an ICMP unreachable about a segment sent in `direction`.
  void on_icmp_error(const DecodedPacket& packet, std::size_t direction);
  // finish flushes both reassemblers and records why the flow ended.
  void finish(FlowEnd why, std::int64_t timestamp_us);

  // is_new_connection is true when a SYN without ACK arrives after this flow
  // already carried data or closed: the 4-tuple is being reused.
  bool is_new_connection(const DecodedPacket& packet) const;

  // sent_anything is true if the side sent at least one packet in the capture.
  bool sent_anything(Side s) const { return by_direction_[index(s)].last_packet_us != 0; }
  const Endpoint& client() const { return ends_[log_.client_direction()]; }
  const Endpoint& server() const { return ends_[1 - log_.client_direction()]; }
  // tcp_by_direction is the facts of direction index `d`.
  const TcpSideFacts& tcp_by_direction(std::size_t d) const { return by_direction_[d]; }
  const TcpSideFacts& tcp(Side s) const { return by_direction_[index(s)]; }
  std::int64_t first_timestamp_us() const { return first_us_; }
  std::int64_t last_timestamp_us() const { return last_us_; }
  std::uint64_t first_packet() const { return first_packet_; }
  FlowEnd end() const { return end_; }
  std::int64_t end_timestamp_us() const { return end_us_; }
  // closed is true after a RST, or a FIN from both sides.
  bool closed() const;
  // retire returns what later packets of this connection still need once the
  // verdict is out (by this flow's direction indices).
  RetiredFlow retire() const;

 private:
  // add_tcp_event logs a TCP-level event sent in `direction`.
  void add_tcp_event(EventKind kind, std::size_t direction, const SegmentMeta& meta);
  std::size_t index(Side s) const { return log_.direction_of(s); }

  std::array<Endpoint, 2> ends_;
  FlowLog& log_;
  std::array<StreamSink*, 2> sinks_;
  std::array<TcpReassembler, 2> reassemblers_{};
  std::array<TcpSideFacts, 2> by_direction_{};  // by direction index
  // Recent ISNs per direction: a peer whose SYN/ACKs alternate between two
  // ISNs (a retried connect answered twice, seen with TCP Fast Open) must not
  // lose its data to whichever SYN came last.
  std::array<std::array<std::uint32_t, 4>, 2> recent_isns_{};
  std::array<std::uint8_t, 2> recent_isn_count_{};
  std::array<std::uint32_t, 2> base_seq_{};
  // kHoleTimeoutUs: how long a hole in a stream may wait for a retransmission
  // before the data behind it is delivered (retransmission timeouts start at
  // 200 ms-1 s and double; three seconds covers the first few tries).
  static constexpr std::int64_t kHoleTimeoutUs = 3'000'000;
  // kMaxRetransmissionEvents: retransmissions logged per direction (all are counted).
  static constexpr std::uint64_t kMaxRetransmissionEvents = 5;
  std::array<std::int64_t, 2> hold_since_us_{};
  std::array<bool, 2> base_known_{};
  std::int64_t first_us_ = 0;
  std::int64_t last_us_ = 0;
  std::int64_t end_us_ = 0;
  std::uint64_t first_packet_ = 0;
  FlowEnd end_ = FlowEnd::open;
};

}  // namespace tlsanalyze::analyzer
