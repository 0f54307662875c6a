// Diagnosis rules for handshakes that died in TCP: refused, unanswered or
// reset connections, and ClientHellos that never got through (FAILURES.md 11).
#include "analyzer/model/describe.h"
#include "analyzer/diagnosis/diagnosis_support.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

// unacked_client_hello: the client's bytes were never all acknowledged and
// it retransmitted them: the server never received the whole ClientHello.
bool unacked_client_hello(const HandshakeFacts& f) {
  return f.client_tcp.bytes_sent > 0 && f.client_tcp.bytes_acked < f.client_tcp.bytes_sent &&
         f.client_tcp.retransmitted > 0 && f.server_tcp.data_segments == 0;
}

void judge_unacked_client_hello(Builder& b, const HandshakeFacts& f) {
  if (f.client_tcp.bytes_acked > 0 && f.client_tcp.data_segments > 1) {
    b.evidence(fmt::format("the server acknowledged {} of the ClientHello's {} bytes; the client retransmitted {} time(s)",
                           f.client_tcp.bytes_acked, f.client_tcp.bytes_sent, f.client_tcp.retransmitted));
    b.cause(Cause::path_mtu_black_hole, Confidence::medium,
            "Only the first part of the large ClientHello reached the server; the full-size segments after it were lost: a path-MTU black hole.",
            {Cause::client_hello_unacknowledged});
  } else {
    b.evidence(fmt::format("the server never acknowledged the ClientHello ({} bytes); the client retransmitted {} time(s)",
                           f.client_tcp.bytes_sent, f.client_tcp.retransmitted));
    b.cause(Cause::client_hello_unacknowledged, Confidence::medium,
            "The ClientHello never reached the server (or its acknowledgement never came back): something on the path drops it.",
            {Cause::path_mtu_black_hole, Cause::server_silent});
  }
}

void judge_tcp_connect(Builder& b, const Timeline& t, const HandshakeFacts& f) {
  const Event* rst = t.first(EventKind::rst, Side::server);
  const Event* icmp = t.first(EventKind::icmp_unreachable);
  const Event* client_rst = t.first(EventKind::rst, Side::client);
  if (rst != nullptr) {
    b.v.ended_by = ending_from(*rst);
    b.evidence(fmt::format("the client's SYN was answered by RST from {} ({})", format_endpoint(f.server), packet_ref(*rst)));
    b.cause(Cause::port_closed, Confidence::high, "Nothing listens on the server port: the SYN was answered with a reset.");
    return;
  }
  if (f.server_tcp.syn_ack && client_rst != nullptr) {
    b.v.ended_by = ending_from(*client_rst);
    b.evidence(fmt::format("the server answered SYN/ACK; the client reset the connection ({})", packet_ref(*client_rst)));
    b.cause(Cause::client_abort, Confidence::medium,
            "The client reset the connection right after the server accepted it (a port probe, or a client that gave up).",
            {Cause::client_sent_nothing});
    return;
  }
  if (icmp != nullptr) {
    b.v.ended_by = ending_from(*icmp);
    b.evidence(fmt::format("an ICMP destination-unreachable (type {}, code {}) came back for the SYN ({})", icmp->icmp_type, icmp->icmp_code, packet_ref(*icmp)));
  }
  b.evidence(fmt::format("the client sent {} SYN(s); none was answered", f.client_tcp.syns));
  if (b.v.ended_by.kind == EndKind::none) b.v.ended_by.kind = f.end == FlowEnd::capture_end ? EndKind::capture_end : EndKind::silence;
  b.cause(Cause::syn_unanswered, Confidence::high,
          icmp != nullptr ? "The SYN never reached a listening server: the network reported the destination unreachable."
                          : "The SYN was never answered: a firewall drops it, or the host is down or unreachable.");
}

}  // namespace tlsanalyze::analyzer::diagnosis_detail
