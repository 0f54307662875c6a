// Rules for handshakes that did not complete, once the stage and the ending
// event are known: which kind of ending it was (an alert, a reset, a close, a
// non-TLS reply, silence) and what it means at that stage (FAILURES.md 1-15).
#include <fmt/ranges.h>

#include "analyzer/diagnosis/rule.h"
#include "analyzer/model/tls_ports.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

bool ended_by_alert(const Situation& s) { return s.alert != nullptr && s.end == s.alert; }

bool is_close(const Event* e) { return e != nullptr && (e->kind == EventKind::rst || e->kind == EventKind::fin); }

bool client_gave_up(const Situation& s) { return s.end != nullptr && s.end->from == Side::client && is_close(s.end); }

// unacked_client_hello: the client's bytes were never all acknowledged and it
// retransmitted them: the server never received the whole ClientHello.
bool unacked_client_hello(const HandshakeFacts& f) {
  return f.client_tcp.bytes_sent > 0 && f.client_tcp.bytes_acked < f.client_tcp.bytes_sent &&
         f.client_tcp.retransmitted > 0 && f.server_tcp.data_segments == 0;
}

bool after_server_certificate(const Situation& s) {
  return s.stage == Stage::after_server_flight || s.stage == Stage::after_server_certificate;
}

void quote_chain(const Situation& s, Builder& b) {
  for (const std::string& line : s.server_certificates().chain_lines) b.evidence(fmt::format("certificate {}", line));
}

// ---- failure_rules: the kind of ending.

constexpr Rule kFailureRows[] = {
    {.id = "tcp_never_connected",
     .when = "The TCP three-way handshake never completed.",
     .applies = [](const Situation& s) { return s.stage == Stage::tcp_connect; },
     .then = tcp_connect_rules},
    {.id = "one_sided_client_gave_up",
     .when = "Only the client's packets are in the capture; it sent a ClientHello and then gave up (RST or FIN).",
     .applies =
         [](const Situation& s) {
           // A client that sent its second flight evidently heard from the server.
           bool client_went_on = s.t.first(EventKind::client_key_exchange) != nullptr ||
                                 s.t.first(EventKind::change_cipher_spec, Side::client) != nullptr ||
                                 s.f.client_progress.application_records > 0;
           return s.f.one_sided && s.f.server_tcp.last_packet_us == 0 && s.stage == Stage::after_client_hello &&
                  client_gave_up(s) && !client_went_on;
         },
     .outcome = Outcome::failed,
     .cause = Cause::server_silent,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort, Cause::incomplete},
     .explanation = "The client sent its ClientHello, got no answer, and gave up. (If the capture point sees only one "
                    "direction, the answer may exist but be missing.)",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format("no packet from the server after the ClientHello; the client {} ({})",
                                  s.end->kind == EventKind::rst ? "reset the connection" : "closed the connection",
                                  packet_ref(*s.end)));
         }},
    {.id = "one_sided",
     .when = "Only one direction is in the capture (asymmetric routing, a one-sided tap), and no alert ended it.",
     .applies = [](const Situation& s) { return s.f.one_sided && !ended_by_alert(s); },
     .outcome = Outcome::incomplete,
     .cause = Cause::incomplete,
     .confidence = Confidence::low,
     .also = {Cause::success, Cause::client_abort},
     .judge =
         [](const Situation& s, Builder& b) {
           bool server_only = s.f.client_tcp.last_packet_us == 0;
           b.v.stalled_after = server_only ? "server packets only" : "client packets only";
           b.explain(fmt::format("Only the {}'s packets are in the capture, so how the handshake ended cannot be seen "
                                 "(asymmetric routing or a one-sided tap).",
                                 server_only ? "server" : "client"));
         }},
    {.id = "server_alert_without_client_hello",
     .when = "A server alert ended it but the ClientHello is not in the capture: a server sends it only in answer to "
             "one, so it is judged as an answer to a ClientHello, one confidence step lower.",
     .applies =
         [](const Situation& s) {
           return ended_by_alert(s) && s.alert->from == Side::server && s.stage == Stage::before_client_hello;
         },
     .judge = [](const Situation&, Builder& b) { b.v.failed_at = Stage::after_client_hello; },
     .then = alert_rules,
     .focus = [](const Situation& s) { return s.judging(*s.alert, Stage::after_client_hello); },
     .after =
         [](const Situation&, Builder& b) {
           b.evidence("the ClientHello is not in the capture, but a server sends this alert only in answer to one");
           if (b.v.confidence == Confidence::high) {
             b.v.confidence = Confidence::medium;
             if (b.v.also_possible.empty()) b.v.also_possible.push_back(Cause::unknown);
           }
         }},
    {.id = "encrypted_alert",
     .when = "An alert whose code is encrypted (TLS 1.3 without keys) ended it.",
     .applies =
         [](const Situation& s) {
           return ended_by_alert(s) && s.stage != Stage::before_client_hello &&
                  s.alert->kind == EventKind::encrypted_alert && !s.alert->decrypted;
         },
     .then = encrypted_alert_rules,
     .focus = [](const Situation& s) { return s.judging(*s.alert, s.stage); }},
    {.id = "alert",
     .when = "A readable (or decrypted) alert ended it.",
     .applies = [](const Situation& s) { return ended_by_alert(s) && s.stage != Stage::before_client_hello; },
     .then = alert_rules,
     .focus = [](const Situation& s) { return s.judging(*s.alert, s.stage); }},
    {.id = "no_client_hello",
     .when = "TCP connected but no ClientHello was seen.",
     .applies = [](const Situation& s) { return s.stage == Stage::before_client_hello; },
     .then = no_client_hello_rules},
    {.id = "server_not_tls",
     .when = "The server sent no TLS record but other bytes, before or in answer to the ClientHello, and nothing else "
             "ended the handshake first.",
     .applies =
         [](const Situation& s) {
           return s.non_tls != nullptr && (s.end == s.non_tls || s.end == nullptr || is_close(s.end));
         },
     .outcome = Outcome::failed,
     .cause = Cause::not_tls,
     .confidence = Confidence::high,
     .explanation = "The server does not speak TLS on this port: it answered the ClientHello in plaintext.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.v.ended_by = ending_from(*s.non_tls);
           b.evidence(fmt::format("the server sent {} bytes that are not TLS {} the ClientHello: \"{}\" ({})",
                                  s.non_tls->length,
                                  s.non_tls->packet_number < s.client_hello->packet_number ? "before" : "in answer to",
                                  s.s.non_tls_preview, packet_ref(*s.non_tls)));
           if (s.end != nullptr && s.end != s.non_tls)
             b.evidence(fmt::format("then {} from the {} ({})", event_kind_label(s.end->kind), who(s.end->from),
                                    packet_ref(*s.end)));
         }},
    {.id = "client_gave_up_on_unacknowledged_hello",
     .when = "After the ClientHello the server never acknowledged all of it (the client retransmitted), and the "
             "client gave up.",
     .applies =
         [](const Situation& s) {
           return s.stage == Stage::after_client_hello && unacked_client_hello(s.f) && client_gave_up(s);
         },
     .then = unacknowledged_rules,
     .after =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format("then the client gave up: {} ({})", event_kind_label(s.end->kind), packet_ref(*s.end)));
         }},
    {.id = "reset",
     .when = "A RST ended it.",
     .applies = [](const Situation& s) { return s.rst != nullptr && s.end == s.rst; },
     .then = reset_rules},
    {.id = "closed",
     .when = "A FIN without an alert ended it.",
     .applies = [](const Situation& s) { return s.fin != nullptr && s.end == s.fin; },
     .then = close_rules},
    {.id = "silence",
     .when = "Nothing ended it: silence until the capture ended or the flow went idle.",
     .applies = [](const Situation&) { return true; },
     .then = silence_rules},
};

// ---- tcp_connect_rules.

constexpr Rule kTcpRows[] = {
    {.id = "midstream_without_syn",
     .when = "Neither a SYN nor a SYN/ACK is in the capture, and no data.",
     .applies = [](const Situation& s) { return !s.f.server_tcp.syn_ack && s.f.client_tcp.syns == 0; },
     .outcome = Outcome::incomplete,
     .cause = Cause::incomplete,
     .confidence = Confidence::low,
     .explanation = "Only part of the connection is in the capture."},
    {.id = "capture_ends_after_syn",
     .when = "One SYN, no answer, no RST or ICMP, and the capture ends within 5 s of it.",
     .applies =
         [](const Situation& s) {
           const HandshakeFacts& f = s.f;
           return f.end == FlowEnd::capture_end && s.rst == nullptr &&
                  s.t.first(EventKind::icmp_unreachable) == nullptr && f.client_tcp.syns <= 1 &&
                  f.end_us - f.start_us < kSilenceUs;
         },
     .outcome = Outcome::incomplete,
     .cause = Cause::incomplete,
     .confidence = Confidence::medium,
     .explanation = "The capture ends right after the SYN.",
     .judge =
         [](const Situation&, Builder& b) {
           b.v.stalled_after = "SYN";
           b.v.ended_by.kind = EndKind::capture_end;
         }},
    {.id = "port_closed",
     .when = "The server side answered the SYN with a RST.",
     .applies = [](const Situation& s) { return s.t.first(EventKind::rst, Side::server) != nullptr; },
     .outcome = Outcome::failed,
     .cause = Cause::port_closed,
     .confidence = Confidence::high,
     .explanation = "Nothing listens on the server port: the SYN was answered with a reset.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& rst = *s.t.first(EventKind::rst, Side::server);
           b.v.ended_by = ending_from(rst);
           b.evidence(fmt::format("the client's SYN was answered by RST from {} ({})", format_endpoint(s.f.server),
                                  packet_ref(rst)));
         }},
    {.id = "client_reset_after_syn_ack",
     .when = "The server answered SYN/ACK and the client reset the connection.",
     .applies =
         [](const Situation& s) { return s.f.server_tcp.syn_ack && s.t.first(EventKind::rst, Side::client) != nullptr; },
     .outcome = Outcome::failed,
     .cause = Cause::client_abort,
     .confidence = Confidence::medium,
     .also = {Cause::client_sent_nothing},
     .explanation = "The client reset the connection right after the server accepted it (a port probe, or a client "
                    "that gave up).",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& rst = *s.t.first(EventKind::rst, Side::client);
           b.v.ended_by = ending_from(rst);
           b.evidence(
               fmt::format("the server answered SYN/ACK; the client reset the connection ({})", packet_ref(rst)));
         }},
    {.id = "syn_unanswered",
     .when = "SYNs never answered (an ICMP unreachable quoting the SYN, if one came back, is quoted).",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::failed,
     .cause = Cause::syn_unanswered,
     .confidence = Confidence::high,
     .explanation = "The SYN was never answered: a firewall drops it, or the host is down or unreachable.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event* icmp = s.t.first(EventKind::icmp_unreachable);
           if (icmp != nullptr) {
             b.v.ended_by = ending_from(*icmp);
             b.evidence(fmt::format("an ICMP destination-unreachable (type {}, code {}) came back for the SYN ({})",
                                    icmp->icmp_type, icmp->icmp_code, packet_ref(*icmp)));
             b.explain("The SYN never reached a listening server: the network reported the destination unreachable.");
           }
           b.evidence(fmt::format("the client sent {} SYN(s); none was answered", s.f.client_tcp.syns));
           if (b.v.ended_by.kind == EndKind::none)
             b.v.ended_by.kind = s.f.end == FlowEnd::capture_end ? EndKind::capture_end : EndKind::silence;
         }},
};

// ---- no_client_hello_rules.

const Event* client_plaintext(const Situation& s) { return s.t.first(EventKind::non_tls_data, Side::client); }
const Event* server_plaintext(const Situation& s) { return s.t.first(EventKind::non_tls_data, Side::server); }

constexpr Rule kNoHelloRows[] = {
    {.id = "client_alert_instead_of_hello",
     .when = "The client sent an alert and no ClientHello.",
     .applies = [](const Situation& s) { return s.t.first(EventKind::alert, Side::client) != nullptr; },
     .outcome = Outcome::failed,
     .cause = Cause::protocol_version_mismatch,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The client's TLS library aborted before sending a ClientHello: most often no TLS version (or "
                    "cipher) its configuration allows is usable.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& alert = *s.t.first(EventKind::alert, Side::client);
           b.v.ended_by = ending_from(alert);
           b.evidence(describe_alert_event(alert));
           b.evidence("the client sent no ClientHello before its alert");
         }},
    {.id = "plaintext_to_tls_port",
     .when = "The client sent non-TLS bytes to a TLS port and the server sent none.",
     .applies =
         [](const Situation& s) {
           return client_plaintext(s) != nullptr && is_tls_port(s.f.server.port) && server_plaintext(s) == nullptr;
         },
     .outcome = Outcome::failed,
     .cause = Cause::plaintext_client,
     .confidence = Confidence::high,
     .explanation = "The client sent plaintext (not a ClientHello) to a TLS port.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& plain = *client_plaintext(s);
           b.v.ended_by = ending_from(plain);
           b.evidence(fmt::format("the client sent {} bytes that are not TLS: \"{}\" ({})", plain.length,
                                  s.s.client_plaintext_preview, packet_ref(plain)));
         }},
    {.id = "server_speaks_first_in_plaintext",
     .when = "The server greeted with non-TLS bytes and the client sent none.",
     .applies = [](const Situation& s) { return server_plaintext(s) != nullptr && client_plaintext(s) == nullptr; },
     .outcome = Outcome::failed,
     .cause = Cause::not_tls,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The server speaks a plaintext protocol on this port; the client never started TLS.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& plain = *server_plaintext(s);
           b.v.ended_by = ending_from(plain);
           b.evidence(fmt::format("the server spoke first with {} bytes that are not TLS: \"{}\" ({})", plain.length,
                                  s.s.non_tls_preview, packet_ref(plain)));
         }},
    {.id = "malformed_client_record",
     .when = "The client's first TLS record is malformed.",
     .applies = [](const Situation& s) { return s.t.first(EventKind::malformed_tls, Side::client) != nullptr; },
     .outcome = Outcome::failed,
     .cause = Cause::protocol_error,
     .confidence = Confidence::low,
     .also = {Cause::client_abort},
     .explanation = "The client sent a TLS record that is not a valid ClientHello.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event& bad = *s.t.first(EventKind::malformed_tls, Side::client);
           b.v.ended_by = ending_from(bad);
           b.evidence(fmt::format("the client's first TLS record is malformed ({})", packet_ref(bad)));
           if (!s.f.anomalies.empty()) b.evidence(fmt::format("{}", fmt::join(s.f.anomalies, "; ")));
         }},
    {.id = "capture_ends_before_hello",
     .when = "The capture ends with the connection open and nothing sent.",
     .applies =
         [](const Situation& s) { return s.f.end == FlowEnd::capture_end && s.rst == nullptr && s.fin == nullptr; },
     .outcome = Outcome::incomplete,
     .cause = Cause::incomplete,
     .confidence = Confidence::medium,
     .explanation = "The capture ends before the client sent anything.",
     .judge =
         [](const Situation&, Builder& b) {
           b.v.stalled_after = "TCP handshake";
           b.v.ended_by.kind = EndKind::capture_end;
         }},
    {.id = "client_sent_nothing",
     .when = "TCP was established and closed without a ClientHello.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::failed,
     .cause = Cause::client_sent_nothing,
     .confidence = Confidence::low,
     .also = {Cause::client_abort, Cause::protocol_version_mismatch},
     .explanation = "The connection opened and closed without a ClientHello: a client that refuses every TLS version "
                    "its configuration allows behaves so, as does a port probe.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.end != nullptr)
             b.evidence(fmt::format("TCP was established; then the {} closed ({}, {}) without a ClientHello",
                                    who(s.end->from), event_kind_label(s.end->kind), packet_ref(*s.end)));
         }},
};

// ---- reset_rules and close_rules: a RST or FIN without an alert.

constexpr Rule kResetRows[] = {
    {.id = "server_reset_after_hello",
     .when = "RST from the server side after the ClientHello, without a ServerHello.",
     .applies =
         [](const Situation& s) { return s.stage == Stage::after_client_hello && s.rst->from == Side::server; },
     .outcome = Outcome::failed,
     .cause = Cause::tcp_reset,
     .confidence = Confidence::high,
     .explanation = "The connection was reset from the server's side right after the ClientHello: a firewall/IPS "
                    "filtering TLS (often by SNI), a load balancer without a backend, or a server that crashed on the "
                    "hello.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format(
               "the server never sent a ServerHello; the reset came {} after the ClientHello",
               s.client_hello != nullptr ? format_offset(s.rst->timestamp_us - s.client_hello->timestamp_us)
                                         : std::string("?")));
           if (s.ch != nullptr) b.evidence(sni_evidence(*s.ch));
         }},
    {.id = "client_reset_unanswered_hello",
     .when = "The client reset the connection after its ClientHello went unanswered.",
     .applies = [](const Situation& s) { return s.stage == Stage::after_client_hello; },
     .outcome = Outcome::failed,
     .cause = Cause::server_silent,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The server did not answer the ClientHello; the client gave up and reset the connection.",
     .judge =
         [](const Situation&, Builder& b) {
           b.evidence("the server never answered the ClientHello before the client reset");
         }},
    {.id = "client_reset_after_bad_certificate",
     .when = "The client reset the connection after the server's certificate, and the certificate has a problem that "
             "holds for every client (validity, name, self-signed, interception).",
     .applies =
         [](const Situation& s) {
           return s.rst->from == Side::client && after_server_certificate(s) &&
                  objective(s.server_certificates().problem);
         },
     .outcome = Outcome::failed,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .judge =
         [](const Situation& s, Builder& b) {
           quote_chain(s, b);
           const CertificateAssessment& a = s.server_certificates();
           b.conclude(a.problem, Confidence::medium,
                      fmt::format("The client reset the connection after the server's certificate without an alert; "
                                  "the certificate has a problem that explains it: {}.",
                                  a.problem_detail),
                      {Cause::client_abort});
         },
     .found_cause = true},
    {.id = "client_reset",
     .when = "The client reset the connection without an alert.",
     .applies = [](const Situation& s) { return s.rst->from == Side::client; },
     .outcome = Outcome::failed,
     .cause = Cause::client_abort,
     .confidence = Confidence::medium,
     .also = {Cause::certificate_rejected},
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The client reset the connection {} without an alert; clients do this when a "
                                 "certificate or policy check fails silently.",
                                 stage_name(s.stage)));
           if (after_server_certificate(s)) quote_chain(s, b);
         }},
    {.id = "server_reset",
     .when = "The server side reset the connection later in the handshake, without an alert.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::failed,
     .cause = Cause::tcp_reset,
     .confidence = Confidence::high,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The server side reset the connection {} without an alert.", stage_name(s.stage)));
         }},
};

constexpr Rule kCloseRows[] = {
    {.id = "server_closed_after_hello",
     .when = "FIN from the server after the ClientHello, without a ServerHello or an alert.",
     .applies =
         [](const Situation& s) { return s.stage == Stage::after_client_hello && s.fin->from == Side::server; },
     .outcome = Outcome::failed,
     .cause = Cause::server_closed_no_alert,
     .confidence = Confidence::high,
     .explanation = "The server closed the connection after the ClientHello without a ServerHello or an alert."},
    {.id = "client_closed_unanswered_hello",
     .when = "The client closed after its ClientHello went unanswered.",
     .applies = [](const Situation& s) { return s.stage == Stage::after_client_hello; },
     .outcome = Outcome::failed,
     .cause = Cause::server_silent,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The server accepted the connection and the ClientHello but never answered; the client gave up.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.client_hello != nullptr)
             b.evidence(fmt::format("no answer from the server for {} after the ClientHello",
                                    format_offset(s.fin->timestamp_us - s.client_hello->timestamp_us)));
         }},
    {.id = "client_closed_after_bad_certificate",
     .when = "The client closed after the server's certificate, and the certificate has a problem that holds for "
             "every client.",
     .applies =
         [](const Situation& s) {
           return s.fin->from == Side::client && after_server_certificate(s) &&
                  objective(s.server_certificates().problem);
         },
     .outcome = Outcome::failed,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .judge =
         [](const Situation& s, Builder& b) {
           quote_chain(s, b);
           const CertificateAssessment& a = s.server_certificates();
           b.conclude(a.problem, Confidence::medium,
                      fmt::format("The client left after the server's certificate without an alert; the certificate "
                                  "has a problem that explains it: {}.",
                                  a.problem_detail),
                      {Cause::client_abort});
         },
     .found_cause = true},
    {.id = "client_closed",
     .when = "The client closed without an alert.",
     .applies = [](const Situation& s) { return s.fin->from == Side::client; },
     .outcome = Outcome::failed,
     .cause = Cause::client_abort,
     .confidence = Confidence::medium,
     .also = {Cause::certificate_rejected},
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The client closed the connection {} without an alert.", stage_name(s.stage)));
           if (after_server_certificate(s)) quote_chain(s, b);
         }},
    {.id = "server_closed",
     .when = "The server closed later in the handshake without an alert.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::failed,
     .cause = Cause::server_closed_no_alert,
     .confidence = Confidence::high,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The server closed the connection {} without an alert.", stage_name(s.stage)));
         }},
};

// ---- silence_rules.

// long_silence: the flow went idle, or the capture went on for seconds after
// the last thing either side did.
bool long_silence(const Situation& s) {
  std::int64_t last_activity = s.f.start_us;
  for (const Event& e : *s.t.events)
    if (e.kind != EventKind::capture_end && e.kind != EventKind::idle_timeout) last_activity = e.timestamp_us;
  return s.f.end == FlowEnd::idle || s.f.end_us - last_activity >= kSilenceUs;
}

constexpr Rule kSilenceRows[] = {
    {.id = "unacknowledged_hello",
     .when = "After the ClientHello: the server never acknowledged all of it and the client retransmitted.",
     .applies = [](const Situation& s) { return s.stage == Stage::after_client_hello && unacked_client_hello(s.f); },
     .then = unacknowledged_rules},
    {.id = "server_silent",
     .when = "After the ClientHello (acknowledged): no answer, and the flow went idle or the capture went on for 5 s.",
     .applies = [](const Situation& s) { return s.stage == Stage::after_client_hello && long_silence(s); },
     .outcome = Outcome::failed,
     .cause = Cause::server_silent,
     .confidence = Confidence::medium,
     .also = {Cause::incomplete},
     .explanation = "The server received the ClientHello and never answered.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.client_hello != nullptr)
             b.evidence(fmt::format("the server acknowledged the ClientHello but sent nothing for {}",
                                    format_offset(s.f.end_us - s.client_hello->timestamp_us)));
         }},
    {.id = "still_under_way",
     .when = "The capture ended (or the flow went idle or was evicted) with the handshake under way.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::incomplete,
     .cause = Cause::incomplete,
     .confidence = Confidence::high,
     .judge =
         [](const Situation& s, Builder& b) {
           const EventQuery& t = s.t;
           std::string_view stalled = "ClientHello";
           if (s.s.server_hello_seen) stalled = "ServerHello";
           if (t.first(EventKind::certificate, Side::server) != nullptr) stalled = "server Certificate";
           if (t.first(EventKind::server_hello_done) != nullptr ||
               t.first(EventKind::encrypted_handshake, Side::server) != nullptr ||
               t.first(EventKind::finished, Side::server) != nullptr)
             stalled = "server flight";
           if (t.first(EventKind::client_key_exchange) != nullptr || t.first(EventKind::finished, Side::client) != nullptr)
             stalled = "client flight";
           if (s.client_hello == nullptr && !s.s.server_hello_seen) stalled = "TLS records (handshake not in capture)";
           b.v.stalled_after = std::string(stalled);
           b.explain(fmt::format("The {} with the handshake still under way (last seen: {}).",
                                 s.f.end == FlowEnd::idle      ? "flow went idle"
                                 : s.f.end == FlowEnd::evicted ? "flow table evicted the flow"
                                                               : "capture ends",
                                 stalled));
         }},
};

// ---- unacknowledged_rules.

constexpr Rule kUnackedRows[] = {
    {.id = "path_mtu_black_hole",
     .when = "The server acknowledged the first segment of a multi-segment ClientHello but never the rest.",
     .applies =
         [](const Situation& s) { return s.f.client_tcp.bytes_acked > 0 && s.f.client_tcp.data_segments > 1; },
     .outcome = Outcome::failed,
     .cause = Cause::path_mtu_black_hole,
     .confidence = Confidence::medium,
     .also = {Cause::client_hello_unacknowledged},
     .explanation = "Only the first part of the large ClientHello reached the server; the full-size segments after it "
                    "were lost: a path-MTU black hole.",
     .judge =
         [](const Situation& s, Builder& b) {
           const TcpSideFacts& c = s.f.client_tcp;
           b.evidence(fmt::format(
               "the server acknowledged {} of the ClientHello's {} bytes; the client retransmitted {} time(s)",
               c.bytes_acked, c.bytes_sent, c.retransmitted));
         }},
    {.id = "client_hello_unacknowledged",
     .when = "The server never acknowledged the ClientHello.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::failed,
     .cause = Cause::client_hello_unacknowledged,
     .confidence = Confidence::medium,
     .also = {Cause::path_mtu_black_hole, Cause::server_silent},
     .explanation = "The ClientHello never reached the server (or its acknowledgement never came back): something on "
                    "the path drops it.",
     .judge =
         [](const Situation& s, Builder& b) {
           const TcpSideFacts& c = s.f.client_tcp;
           b.evidence(fmt::format(
               "the server never acknowledged the ClientHello ({} bytes); the client retransmitted {} time(s)",
               c.bytes_sent, c.retransmitted));
         }},
};

constexpr RuleTable kFailure{.id = "failure",
                             .decides = "handshakes that did not complete: the kind of ending decides which table "
                                        "judges it",
                             .rules = kFailureRows};
constexpr RuleTable kTcp{.id = "tcp_connect", .decides = "connections whose TCP handshake never completed",
                         .rules = kTcpRows};
constexpr RuleTable kNoHello{.id = "no_client_hello",
                             .decides = "connections that opened but carried no ClientHello",
                             .rules = kNoHelloRows};
constexpr RuleTable kReset{
    .id = "reset",
    .decides = "handshakes a RST ended",
    .rules = kResetRows,
    .preamble = [](const Situation& s, Builder& b) {
      b.evidence(fmt::format("RST from the {} ({}) {}", who(s.rst->from), packet_ref(*s.rst), stage_name(s.stage)));
    }};
constexpr RuleTable kClose{
    .id = "close",
    .decides = "handshakes a FIN without an alert ended",
    .rules = kCloseRows,
    .preamble = [](const Situation& s, Builder& b) {
      b.evidence(fmt::format("FIN from the {} without an alert ({})", who(s.fin->from), packet_ref(*s.fin)));
    }};
constexpr RuleTable kSilence{.id = "silence",
                             .decides = "handshakes nothing ended: the capture ended or the flow went idle",
                             .rules = kSilenceRows,
                             .preamble = [](const Situation& s, Builder& b) {
                               b.v.ended_by.kind = s.f.end == FlowEnd::idle ? EndKind::silence : EndKind::capture_end;
                               b.v.ended_by.timestamp_us = s.f.end_us;
                             }};
constexpr RuleTable kUnacked{.id = "unacknowledged",
                             .decides = "ClientHellos the server never (fully) acknowledged",
                             .rules = kUnackedRows};

}  // namespace

const RuleTable& failure_rules() { return kFailure; }
const RuleTable& tcp_connect_rules() { return kTcp; }
const RuleTable& no_client_hello_rules() { return kNoHello; }
const RuleTable& reset_rules() { return kReset; }
const RuleTable& close_rules() { return kClose; }
const RuleTable& silence_rules() { return kSilence; }
const RuleTable& unacknowledged_rules() { return kUnacked; }

}  // namespace tlsanalyze::analyzer::diagnosis_detail
