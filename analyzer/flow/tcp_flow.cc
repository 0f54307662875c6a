#include "analyzer/flow/tcp_flow.h"

#include <algorithm>

#include "analyzer/model/tls_ports.h"
#include "parsers/tcp.h"

namespace tlsanalyze::analyzer {

namespace {

// signed distance between sequence numbers (RFC 9293 3.4: modulo 2^32).
std::int64_t seq_offset(std::uint32_t seq, std::uint32_t base) {
  return static_cast<std::int32_t>(seq - base);
}

}  // namespace

TcpFlow::TcpFlow(const Endpoint& first_src, const Endpoint& first_dst, std::int64_t timestamp_us,
                 std::uint64_t packet_number, FlowLog& log, StreamSink& sink0, StreamSink& sink1)
    : ends_{first_src, first_dst},
      log_(log),
      sinks_{&sink0, &sink1},
      first_us_(timestamp_us),
      last_us_(timestamp_us),
      first_packet_(packet_number) {
  // Until a SYN or a hello says otherwise, guess that the side talking to the
  // lower (well-known) port is the client.
  bool first_is_client = first_dst.port < first_src.port || is_tls_port(first_dst.port);
  if (is_tls_port(first_src.port) && !is_tls_port(first_dst.port)) first_is_client = false;
  log_.guess_client_direction(first_is_client ? 0 : 1);
}

bool TcpFlow::is_new_connection(const DecodedPacket& packet) const {
  const parsers::TcpSegment& tcp = packet.tcp;
  if (!tcp.has(parsers::kTcpSyn) || tcp.has(parsers::kTcpAck)) return false;
  std::size_t d = direction_of(Endpoint{packet.ip.src, tcp.src_port});
  if (!reassemblers_[d].syn_seen()) return closed() || by_direction_[d].bytes_sent > 0;
  return reassemblers_[d].isn() != tcp.seq && (closed() || by_direction_[d].bytes_sent > 0 ||
                                               by_direction_[1 - d].syns > 0);
}

void TcpFlow::add_tcp_event(EventKind kind, std::size_t direction, const SegmentMeta& meta) {
  Event e;
  e.kind = kind;
  e.from = log_.side_of(direction);
  e.timestamp_us = meta.timestamp_us;
  e.packet_number = meta.packet_number;
  log_.add(e);
}

void TcpFlow::on_segment(const DecodedPacket& packet, std::size_t d) {
  const parsers::TcpSegment& tcp = packet.tcp;
  SegmentMeta meta{packet.timestamp_us, packet.number};
  last_us_ = packet.timestamp_us;
  TcpSideFacts& mine = by_direction_[d];
  TcpSideFacts& peer = by_direction_[1 - d];
  mine.last_packet_us = packet.timestamp_us;

  if (tcp.has(parsers::kTcpAck) && !tcp.has(parsers::kTcpSyn) && !tcp.has(parsers::kTcpRst)) ++mine.acks;
  std::uint32_t data_seq = tcp.seq;
  if (tcp.has(parsers::kTcpSyn)) {
    bool ack = tcp.has(parsers::kTcpAck);
    if (!ack && !log_.roles_known()) log_.set_client_direction(d);
    if (ack && !log_.roles_known()) log_.set_client_direction(1 - d);
    ++mine.syns;
    mine.syn_ack = ack;
    if (mine.syns == 1) add_tcp_event(ack ? EventKind::syn_ack : EventKind::syn, d, meta);
    bool known = false;
    for (std::uint8_t i = 0; i < recent_isn_count_[d]; ++i) known |= recent_isns_[d][i] == tcp.seq;
    if (!known) recent_isns_[d][recent_isn_count_[d]++ % recent_isns_[d].size()] = tcp.seq;
    if (recent_isn_count_[d] > recent_isns_[d].size()) recent_isn_count_[d] = static_cast<std::uint8_t>(recent_isns_[d].size());
    // Once data flows, a SYN with an older ISN is a stale retransmission.
    if (reassemblers_[d].delivered_bytes() == 0) {
      reassemblers_[d].on_syn(tcp.seq);
      base_seq_[d] = tcp.seq + 1;
      base_known_[d] = true;
    }
    data_seq = tcp.seq + 1;  // TCP Fast Open data follows the SYN's own number
  }
  if (!base_known_[d] && !tcp.payload.empty()) {
    base_seq_[d] = tcp.seq;
    base_known_[d] = true;
  }

  // The peer acknowledged bytes beyond a hole we are holding for: it received
  // them, so they are lost to the capture, not late. Deliver what is held now,
  // before this packet's own data, so the two directions stay in order.
  if (tcp.has(parsers::kTcpAck) && reassemblers_[1 - d].held_segments() > 0 &&
      seq_offset(tcp.ack, reassemblers_[1 - d].next_seq()) > 0) {
    reassemblers_[1 - d].flush(*sinks_[1 - d]);
  }
  if (!tcp.payload.empty() && reassemblers_[d].delivered_bytes() == 0 && recent_isn_count_[d] > 1 &&
      !tcp.has(parsers::kTcpSyn)) {
    // First data after several ISNs: follow the ISN this data belongs to.
    for (std::uint8_t i = 0; i < recent_isn_count_[d]; ++i) {
      std::uint32_t isn = recent_isns_[d][i];
      if (seq_offset(data_seq, isn + 1) >= 0 && seq_offset(data_seq, isn + 1) < 65536 && isn != reassemblers_[d].isn()) {
        reassemblers_[d].on_syn(isn);
        base_seq_[d] = isn + 1;
        break;
      }
    }
  }
  if (!tcp.payload.empty()) {
    if (!reassemblers_[d].started() && !reassemblers_[d].syn_seen()) sinks_[d]->on_midstream();
    ++mine.data_segments;
    std::int64_t end = seq_offset(data_seq, base_seq_[d]) + static_cast<std::int64_t>(tcp.payload.size());
    if (end > 0) mine.bytes_sent = std::max<std::uint64_t>(mine.bytes_sent, static_cast<std::uint64_t>(end));
    reassemblers_[d].on_segment(data_seq, tcp.payload, meta, *sinks_[d]);
    if (reassemblers_[d].stats().retransmitted > mine.retransmitted && reassemblers_[d].stats().retransmitted <= kMaxRetransmissionEvents) {
      // Retransmissions are evidence (an unacknowledged ClientHello, a lossy
      // path): the first few go in the timeline, all are counted.
      Event e;
      e.kind = EventKind::retransmission;
      e.from = log_.side_of(d);
      e.timestamp_us = meta.timestamp_us;
      e.packet_number = meta.packet_number;
      e.length = static_cast<std::uint32_t>(tcp.payload.size());
      e.count = static_cast<std::uint32_t>(reassemblers_[d].stats().retransmitted);
      log_.add(e);
    }
    mine.retransmitted = reassemblers_[d].stats().retransmitted;
  }
  if (tcp.has(parsers::kTcpAck) && base_known_[1 - d]) {
    std::int64_t acked = seq_offset(tcp.ack, base_seq_[1 - d]);
    if (acked > 0) peer.bytes_acked = std::max<std::uint64_t>(peer.bytes_acked, static_cast<std::uint64_t>(acked));
  }
  if (tcp.has(parsers::kTcpFin)) {
    if (++mine.fins == 1) {
      reassemblers_[d].on_fin(data_seq + static_cast<std::uint32_t>(tcp.payload.size()), meta);
      // The verdict is reported at the first FIN: whatever either side still
      // holds behind a hole is delivered now, the holes declared as gaps.
      reassemblers_[0].flush(*sinks_[0]);
      reassemblers_[1].flush(*sinks_[1]);
      add_tcp_event(EventKind::fin, d, meta);
    }
  }
  if (tcp.has(parsers::kTcpRst)) {
    if (++mine.rsts == 1) {
      reassemblers_[0].flush(*sinks_[0]);
      reassemblers_[1].flush(*sinks_[1]);
      add_tcp_event(EventKind::rst, d, meta);
    }
  }
  // A hole that stays open this long (capture time) is capture loss, not a
  // late segment: give up on it so the data behind it is analysed.
  for (std::size_t i = 0; i < 2; ++i) {
    if (reassemblers_[i].held_segments() == 0) {
      hold_since_us_[i] = 0;
    } else if (hold_since_us_[i] == 0) {
      hold_since_us_[i] = packet.timestamp_us;
    } else if (packet.timestamp_us - hold_since_us_[i] > kHoleTimeoutUs) {
      reassemblers_[i].flush(*sinks_[i]);
      hold_since_us_[i] = 0;
    }
    by_direction_[i].gap_bytes = reassemblers_[i].stats().gap_bytes;
  }
}

void TcpFlow::on_icmp_error(const DecodedPacket& packet, std::size_t d) {
  TcpSideFacts& mine = by_direction_[d];
  last_us_ = packet.timestamp_us;
  if (++mine.icmp_errors == 1) {
    mine.icmp_type = packet.icmp_type;
    mine.icmp_code = packet.icmp_code;
    Event e;
    e.kind = EventKind::icmp_unreachable;
    // The error travels towards the sender of the quoted segment: attribute
    // it to the far side, where the path failed.
    e.from = other(log_.side_of(d));
    e.timestamp_us = packet.timestamp_us;
    e.packet_number = packet.number;
    e.icmp_type = packet.icmp_type;
    e.icmp_code = packet.icmp_code;
    log_.add(e);
  }
}

void TcpFlow::finish(FlowEnd why, std::int64_t timestamp_us) {
  if (end_ != FlowEnd::open) return;
  reassemblers_[0].flush(*sinks_[0]);
  reassemblers_[1].flush(*sinks_[1]);
  for (std::size_t d = 0; d < 2; ++d) {
    by_direction_[d].retransmitted = reassemblers_[d].stats().retransmitted;
    by_direction_[d].gap_bytes = reassemblers_[d].stats().gap_bytes;
  }
  end_ = closed() ? FlowEnd::closed : why;
  end_us_ = timestamp_us;
  if (end_ == FlowEnd::capture_end || end_ == FlowEnd::idle) {
    // The timeline says how the flow ended when nothing on the wire did.
    Event e;
    e.kind = end_ == FlowEnd::idle ? EventKind::idle_timeout : EventKind::capture_end;
    e.from = Side::client;
    e.timestamp_us = timestamp_us;
    log_.add(e);
  }
}

RetiredFlow TcpFlow::retire() const {
  RetiredFlow r;
  for (std::size_t d = 0; d < 2; ++d) {
    r.syn_seen[d] = reassemblers_[d].syn_seen();
    r.isn[d] = reassemblers_[d].isn();
    r.sent_data[d] = by_direction_[d].bytes_sent > 0;
    r.fin[d] = by_direction_[d].fins > 0;
    r.syns[d] = static_cast<std::uint8_t>(std::min<std::uint32_t>(by_direction_[d].syns, UINT8_MAX));
  }
  r.rst = by_direction_[0].rsts > 0 || by_direction_[1].rsts > 0;
  return r;
}

bool TcpFlow::closed() const {
  const TcpSideFacts& a = by_direction_[0];
  const TcpSideFacts& b = by_direction_[1];
  return a.rsts > 0 || b.rsts > 0 || (a.fins > 0 && b.fins > 0);
}

}  // namespace tlsanalyze::analyzer
