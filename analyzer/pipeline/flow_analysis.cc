#include "analyzer/pipeline/flow_analysis.h"

#include "analyzer/model/tls_ports.h"

namespace tlsanalyze::analyzer {

FlowAnalysis::FlowAnalysis(const Endpoint& first_src, const Endpoint& first_dst, const KeyLog* keylog,
                           std::int64_t timestamp_us, std::uint64_t packet_number)
    : tracker_(log_, keylog),
      framers_{TlsFramer(0, tracker_), TlsFramer(1, tracker_)},
      tcp_(first_src, first_dst, timestamp_us, packet_number, log_, framers_[0], framers_[1]) {}

bool FlowAnalysis::verdict_ready() const {
  if (reported_) return false;
  // One FIN is not the end: after a client's FIN the server may still finish
  // the handshake (False Start clients send data and FIN at once).
  if (tcp_.closed()) return true;
  if (tracker_.fatal_alert_seen()) return true;
  if (tracker_.handshake_complete()) {
    // TLS 1.3 without keys: the client's records right after its Finished may
    // still be its own flight; success is certain only once the server has
    // answered with something other than an alert (a ticket, a response).
    const DirectionProgress& server = tracker_.progress(Side::server);
    bool server_accepted = !tracker_.tls13() || server.application_records > 0 || server.sent_alert;
    return tracker_.progress(Side::client).application_records > 0 && server_accepted;
  }
  return false;
}

bool FlowAnalysis::relevant(bool server_known_tls) const {
  if (tracker_.saw_handshake()) return true;
  const TcpSideFacts& client = tcp_.tcp(Side::client);
  // TLS records without a handshake: report when the connection's start is in
  // the capture (a client that sent an alert instead of a ClientHello);
  // otherwise it is a midstream flow with nothing to judge.
  if (tracker_.saw_tls()) {
    bool alert = false;
    for (const Event& e : log_.events()) alert |= e.kind == EventKind::alert;
    return client.syns > 0 || alert;
  }
  // A connection attempt that carried no TLS: report it only when it was
  // aimed at a TLS port (a SYN to 443 answered by RST is a TLS failure).
  return client.syns > 0 && !client.syn_ack && (server_known_tls || is_tls_port(tcp_.server().port));
}

HandshakeFacts FlowAnalysis::facts() const {
  HandshakeFacts f;
  f.client = tcp_.client();
  f.server = tcp_.server();
  f.start_us = tcp_.first_timestamp_us();
  f.end_us = tcp_.end() == FlowEnd::open ? tcp_.last_timestamp_us() : tcp_.end_timestamp_us();
  f.first_packet = tcp_.first_packet();
  f.end = tcp_.end();
  f.roles_known = log_.roles_known();
  f.one_sided = !tcp_.sent_anything(Side::client) || !tcp_.sent_anything(Side::server);
  f.complete = tracker_.handshake_complete();
  f.tls13 = tracker_.tls13();
  f.completion_packet = tracker_.completion_packet();
  f.events = &log_.events();
  f.summary = &tracker_.summary();
  f.client_progress = tracker_.progress(Side::client);
  f.server_progress = tracker_.progress(Side::server);
  f.client_tcp = tcp_.tcp(Side::client);
  f.server_tcp = tcp_.tcp(Side::server);
  f.anomalies = tracker_.anomalies();
  f.events_dropped = log_.dropped();
  return f;
}

}  // namespace tlsanalyze::analyzer
