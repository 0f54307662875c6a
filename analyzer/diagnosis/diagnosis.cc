// Diagnosis: from a flow's event log, summary and TCP facts to a verdict.
// This file decides the outcome, the stage and what ended the handshake, and
// hands the cause to the rules in diagnosis_alerts.cc and diagnosis_tcp.cc.
#include "analyzer/diagnosis/diagnosis.h"

#include <fmt/ranges.h>

#include "analyzer/diagnosis/certificate_assessment.h"
#include "analyzer/model/describe.h"
#include "analyzer/diagnosis/diagnosis_support.h"
#include "analyzer/model/tls_ports.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

using namespace diagnosis_detail;

namespace {

// The stage a failure happened at, from what both sides completed.
Stage stage_of(const Timeline& t, const HandshakeFacts& f, const Event* end) {
  const HandshakeSummary& s = t.summary;
  bool client_hello = t.first(EventKind::client_hello) != nullptr;
  if (!client_hello && !s.server_hello_seen) {
    // The three-way handshake completed: the client acknowledged the SYN/ACK
    // (a client that answers it with RST never connected), or data flowed.
    bool established = (f.server_tcp.syn_ack && f.client_tcp.acks > 0) || f.client_tcp.data_segments > 0 ||
                       f.server_tcp.data_segments > 0;
    if (!established) return Stage::tcp_connect;
    // The handshake of a capture that starts after the ClientHello still has a stage below.
    if (t.first(EventKind::certificate) == nullptr && t.first(EventKind::change_cipher_spec) == nullptr &&
        t.first(EventKind::encrypted_handshake) == nullptr)
      return Stage::before_client_hello;
  }
  if (!s.server_hello_seen) return Stage::after_client_hello;
  bool client_flight = t.first(EventKind::client_key_exchange, Side::client) != nullptr ||
                       t.first(EventKind::certificate, Side::client) != nullptr ||
                       t.first(EventKind::finished, Side::client) != nullptr;
  if (client_flight) {
    if (s.certificate_request.present || t.first(EventKind::certificate, Side::client) != nullptr)
      return Stage::after_client_certificate;
    return Stage::after_client_flight;
  }
  bool server_flight = t.first(EventKind::server_hello_done) != nullptr ||
                       t.first(EventKind::encrypted_handshake, Side::server) != nullptr ||
                       t.first(EventKind::certificate, Side::server) != nullptr ||
                       t.first(EventKind::finished, Side::server) != nullptr;
  if (!server_flight) return Stage::after_server_hello;
  if (end != nullptr && end->from == Side::client &&
      (end->kind == EventKind::alert || end->kind == EventKind::encrypted_alert)) {
    Alert code = end->kind == EventKind::alert ? end->alert_code : Alert::close_notify;
    if (end->kind == EventKind::alert && (code == Alert::protocol_version || code == Alert::illegal_parameter || code == Alert::unexpected_message || code == Alert::decode_error))
      return t.first(EventKind::certificate, Side::server) ? Stage::after_server_certificate : Stage::after_server_hello;
    if ((code == Alert::insufficient_security || code == Alert::handshake_failure) && s.key_exchange.present && s.key_exchange.dh_prime_bits > 0)
      return Stage::after_server_key_exchange;
    if (code == Alert::close_notify && end->kind == EventKind::alert) return Stage::after_server_flight;
    return Stage::after_server_certificate;
  }
  return Stage::after_server_flight;
}

}  // namespace

Verdict diagnose(const HandshakeFacts& f, const DiagnosisContext* ctx) {
  static const std::vector<Event> kNoEvents;
  static const HandshakeSummary kNoSummary;
  Timeline t{f.events != nullptr ? *f.events : kNoEvents, f.summary != nullptr ? *f.summary : kNoSummary};
  const HandshakeSummary& s = t.summary;
  Builder b;
  const ClientHelloFacts* ch = s.client_hellos.empty() ? nullptr : &s.client_hellos.back();

  const Event* alert = t.ending_alert();
  const Event* rst = t.first(EventKind::rst);
  const Event* fin = t.first(EventKind::fin);
  const Event* client_hello = t.first(EventKind::client_hello);
  // A server that never sent a TLS record but sent other bytes does not speak
  // TLS here (an HTTP error page after the hello, an SSH banner before it).
  const Event* non_tls = nullptr;
  if (client_hello != nullptr && f.server_progress.tls_records == 0) non_tls = t.first(EventKind::non_tls_data, Side::server);

  // Warnings apply to successes and failures alike.
  auto add_common_warnings = [&]() {
    if (s.server_hello_seen) {
      std::uint16_t v = s.server_hello.version;
      if (v != 0 && v < 0x0303) b.v.warnings.push_back(fmt::format("{} negotiated: deprecated (RFC 8996); use TLS 1.2 or 1.3", describe_version(v)));
      parsers::CipherSuiteInfo info = parsers::cipher_suite_info(s.server_hello.cipher_suite);
      if (v == 0x0002) info.cipher = parsers::CipherClass::unknown;  // SSL 2.0 ciphers have no TLS suite number
      switch (info.cipher) {
        case parsers::CipherClass::rc4:
        case parsers::CipherClass::des:
        case parsers::CipherClass::null_cipher:
        case parsers::CipherClass::export_grade:
          b.v.warnings.push_back(fmt::format("weak cipher suite negotiated: {}", describe_suite(s.server_hello.cipher_suite)));
          break;
        default:
          if (!info.forward_secret && info.cipher != parsers::CipherClass::unknown && info.cipher != parsers::CipherClass::tls13)
            b.v.warnings.push_back(fmt::format("cipher suite without forward secrecy: {}", describe_suite(s.server_hello.cipher_suite)));
          break;
      }
    }
    if (ch != nullptr && !ch->has_sni && !ch->sslv2_format) b.v.warnings.push_back("the ClientHello carries no SNI (server_name)");
    for (const Event& e : t.events)
      if (e.kind == EventKind::oversized_handshake)
        b.v.warnings.push_back(fmt::format("the {} sent a {} ({}): too large to inspect, and larger than many clients accept",
                                           who(e.from), describe_event(e, s), packet_ref(e)));
    for (const Event& e : t.events)
      if (e.kind == EventKind::alert && e.alert_level == parsers::AlertLevel::warning && e.alert_code == Alert::unrecognized_name)
        b.v.warnings.push_back(fmt::format("the server sent a warning unrecognized_name(112) ({}): it does not know the SNI name", packet_ref(e)));
  };

  // ---- Handshakes whose messages the capture lost, but whose connection
  // then carried application data both ways: the handshake evidently completed.
  bool gap = t.first(EventKind::stream_gap) != nullptr;
  if (!f.complete && gap && f.client_progress.application_records > 0 && f.server_progress.application_records > 0 &&
      t.ending_alert() == nullptr) {
    b.v.outcome = Outcome::succeeded;
    b.cause(Cause::success, Confidence::medium,
            "Part of the handshake is missing from the capture, but application data then flowed both ways: the handshake completed.",
            {Cause::incomplete});
    b.evidence(fmt::format("bytes missing from the capture: client {} B, server {} B", f.client_tcp.gap_bytes, f.server_tcp.gap_bytes));
    b.evidence(fmt::format("application data records: client {}, server {}", f.client_progress.application_records,
                           f.server_progress.application_records));
    add_common_warnings();
    return b.v;
  }

  // ---- Completed handshakes.
  if (f.complete) {
    b.v.outcome = Outcome::succeeded;
    b.v.cause = Cause::success;
    CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, Alert::close_notify);
    // What happened right after the handshake decides whether it really
    // succeeded: the first alert or close after the completing packet.
    const Event* first_close = nullptr;
    const Event* renegotiation = nullptr;
    bool server_data_before_close = false;
    std::array<bool, 2> sent_data{};
    for (const Event& e : t.events) {
      if (e.kind == EventKind::application_data) sent_data[e.from == Side::client ? 0 : 1] = true;
      if (e.packet_number < f.completion_packet) continue;
      if (e.kind == EventKind::encrypted_handshake && !f.tls13 && renegotiation == nullptr &&
          e.packet_number > f.completion_packet)
        renegotiation = &e;
      // An encrypted alert after its sender's own application data is its close_notify.
      bool closing = (e.kind == EventKind::encrypted_alert && !sent_data[e.from == Side::client ? 0 : 1]) ||
                     (e.kind == EventKind::alert && e.alert_code != Alert::no_renegotiation) || e.kind == EventKind::fin ||
                     e.kind == EventKind::rst;
      if (closing && first_close == nullptr) {
        first_close = &e;
        server_data_before_close = sent_data[1];
      }
    }
    bool client_sent_data = f.client_progress.application_records > 0;
    // Only TLS 1.3 servers check the client's flight after their own Finished;
    // an alert before the server sent anything else is that check failing. (The
    // client's records after its Finished may be the rest of its own flight.)
    bool server_rejected = f.tls13 && first_close != nullptr && first_close->from == Side::server &&
                           !server_data_before_close &&
                           (first_close->kind == EventKind::encrypted_alert ||
                            (first_close->kind == EventKind::alert && first_close->alert_level == parsers::AlertLevel::fatal));
    // A client that finishes the handshake and leaves at once, without a byte
    // of application data, most often rejected something it checks after the
    // handshake (curl's host name check, FAILURES.md 13).
    bool client_left = first_close != nullptr && first_close->from == Side::client && !client_sent_data;
    if (renegotiation != nullptr && first_close != nullptr && first_close->packet_number >= renegotiation->packet_number) {
      b.v.outcome = Outcome::failed;
      b.v.failed_at = Stage::after_handshake;
      // The refusal is often a warning; what ends the connection is the last
      // alert before the close.
      const Event* last_alert = first_close;
      for (const Event& e : t.events)
        if ((e.kind == EventKind::alert || e.kind == EventKind::encrypted_alert) && e.packet_number >= renegotiation->packet_number)
          last_alert = &e;
      b.v.ended_by = ending_from(*last_alert);
      b.evidence(fmt::format("the handshake completed ({}); then the {} sent an encrypted handshake record ({}): a renegotiation",
                             fmt::format("packet {}", f.completion_packet), who(renegotiation->from), packet_ref(*renegotiation)));
      b.evidence(fmt::format("the renegotiation ended with {} from the {} ({})", describe_event(*first_close, s), who(first_close->from), packet_ref(*first_close)));
      b.cause(Cause::renegotiation_refused, Confidence::medium,
              "The first handshake completed; a renegotiation started inside the encrypted connection and the connection then closed with an alert: most likely the peer refused to renegotiate (no_renegotiation).",
              {Cause::success});
    } else if (server_rejected) {
      b.v.outcome = Outcome::failed;
      b.v.failed_at = t.first(EventKind::certificate, Side::client) || s.certificate_request.present ? Stage::after_client_certificate
                                                                                                     : Stage::after_client_flight;
      b.v.ended_by = ending_from(*first_close);
      if (first_close->kind == EventKind::encrypted_alert && !first_close->decrypted) judge_encrypted_alert(b, t, *first_close);
      else judge_alert(b, t, f, *first_close, ctx);
    } else if (client_left) {
      b.v.outcome = Outcome::failed;
      b.v.failed_at = Stage::after_handshake;
      b.v.ended_by = ending_from(*first_close);
      b.evidence("the handshake completed, then the client closed the connection without sending any application data");
      b.evidence(fmt::format("the client's close: {} ({})", describe_event(*first_close, s), packet_ref(*first_close)));
      for (const std::string& line : a.chain_lines) b.evidence(fmt::format("certificate {}", line));
      if (ch != nullptr) b.evidence(ch->has_sni ? fmt::format("SNI requested: {}", ch->sni) : std::string("the client sent no SNI"));
      if (first_close->kind == EventKind::alert && first_close->alert_code != Alert::close_notify) {
        judge_alert(b, t, f, *first_close, ctx);
      } else if (a.problem == Cause::hostname_mismatch) {
        // The client accepted the chain during the handshake; what some
        // clients check only afterwards is the name (FAILURES.md 13).
        b.cause(a.problem, Confidence::medium,
                fmt::format("The client completed the handshake and left at once, most likely because a check it makes afterwards failed: {}.", a.problem_detail),
                {Cause::client_abort, Cause::success});
      } else {
        // Nothing wrong is visible: a client that connects, finishes the
        // handshake and closes is as often a probe or a spare connection.
        b.v = Verdict{};
        b.v.outcome = Outcome::succeeded;
        b.cause(Cause::success, a.present ? Confidence::medium : Confidence::low,
                "The handshake completed; the client then closed without sending application data.",
                a.present ? std::vector<Cause>{Cause::client_abort} : std::vector<Cause>{Cause::hostname_mismatch, Cause::client_abort});
        b.v.warnings.push_back(fmt::format(
            "the client closed right after the handshake without sending application data ({}){}", packet_ref(*first_close),
            a.present ? "" : "; the certificate is encrypted, so a post-handshake check (such as curl's host name check) cannot be ruled out: use --keylog"));
        for (const std::string& w : a.warnings) b.v.warnings.push_back(w);
      }
    } else {
      for (const std::string& w : a.warnings) b.v.warnings.push_back(w);
    }
    add_common_warnings();
    if (b.v.outcome == Outcome::succeeded) {
      if (b.v.explanation.empty()) b.v.explanation = "The handshake completed.";
      if (s.server_hello_seen)
        b.evidence(fmt::format("{} with {}{}", describe_version(s.server_hello.version), describe_suite(s.server_hello.cipher_suite),
                               s.server_hello.resumed ? " (resumed session)" : ""));
    }
    b.v.advice = std::string(cause_advice(b.v.cause));
    return b.v;
  }

  // ---- Failed or incomplete handshakes: what ended it.
  const Event* end = nullptr;
  for (const Event& e : t.events) {
    bool ends = (&e == alert) || e.kind == EventKind::rst || e.kind == EventKind::fin ||
                (&e == non_tls && e.packet_number >= client_hello->packet_number);
    if (ends) {
      end = &e;
      break;
    }
  }
  b.v.failed_at = stage_of(t, f, end);
  if (end != nullptr) b.v.ended_by = ending_from(*end);

  // TCP never connected.
  if (b.v.failed_at == Stage::tcp_connect) {
    b.v.outcome = Outcome::failed;
    if (!f.server_tcp.syn_ack && f.client_tcp.syns == 0) {
      // Midstream flow with no SYN and nothing else: nothing to judge.
      b.v.outcome = Outcome::incomplete;
      b.v.failed_at = Stage::none;
      b.cause(Cause::incomplete, Confidence::low, "Only part of the connection is in the capture.");
    } else if (f.end == FlowEnd::capture_end && rst == nullptr && t.first(EventKind::icmp_unreachable) == nullptr &&
               f.client_tcp.syns <= 1 && f.end_us - f.start_us < kSilenceUs) {
      b.v.outcome = Outcome::incomplete;
      b.v.failed_at = Stage::none;
      b.v.stalled_after = "SYN";
      b.v.ended_by.kind = EndKind::capture_end;
      b.cause(Cause::incomplete, Confidence::medium, "The capture ends right after the SYN.");
    } else {
      judge_tcp_connect(b, t, f);
    }
    add_common_warnings();
    b.v.advice = std::string(cause_advice(b.v.cause));
    return b.v;
  }

  bool client_gave_up = end != nullptr && end->from == Side::client && (end->kind == EventKind::rst || end->kind == EventKind::fin);
  // A client that sent its second flight evidently heard from the server.
  bool client_went_on = t.first(EventKind::client_key_exchange) != nullptr || t.first(EventKind::change_cipher_spec, Side::client) != nullptr ||
                        f.client_progress.application_records > 0;
  if (f.one_sided && f.server_tcp.last_packet_us == 0 && b.v.failed_at == Stage::after_client_hello && client_gave_up &&
      !client_went_on) {
    // Only the client is in the capture, and it gave up: from its side the
    // server never answered (or the capture misses the server's direction).
    b.v.outcome = Outcome::failed;
    b.evidence(fmt::format("no packet from the server after the ClientHello; the client {} ({})",
                           end->kind == EventKind::rst ? "reset the connection" : "closed the connection", packet_ref(*end)));
    b.cause(Cause::server_silent, Confidence::medium,
            "The client sent its ClientHello, got no answer, and gave up. (If the capture point sees only one direction, the answer may exist but be missing.)",
            {Cause::client_abort, Cause::incomplete});
  } else if (f.one_sided && b.v.failed_at != Stage::tcp_connect && !(alert != nullptr && end == alert)) {
    // Only one direction is in the capture: the other side's part is unknown.
    b.v.outcome = Outcome::incomplete;
    b.v.failed_at = Stage::none;
    b.v.stalled_after = f.client_tcp.last_packet_us == 0 ? "server packets only" : "client packets only";
    b.cause(Cause::incomplete, Confidence::low,
            fmt::format("Only the {}'s packets are in the capture, so how the handshake ended cannot be seen (asymmetric routing or a one-sided tap).",
                        f.client_tcp.last_packet_us == 0 ? "server" : "client"),
            {Cause::success, Cause::client_abort});
  } else if (alert != nullptr && end == alert && alert->from == Side::server && b.v.failed_at == Stage::before_client_hello) {
    // A server sends handshake alerts only in answer to a ClientHello: this
    // capture misses it (one direction only, or it started too late).
    b.v.outcome = Outcome::failed;
    b.v.failed_at = Stage::after_client_hello;
    judge_alert(b, t, f, *alert, ctx);
    b.evidence("the ClientHello is not in the capture, but a server sends this alert only in answer to one");
    if (b.v.confidence == Confidence::high) {
      b.v.confidence = Confidence::medium;
      if (b.v.also_possible.empty()) b.v.also_possible.push_back(Cause::unknown);
    }
  } else if (alert != nullptr && end == alert && b.v.failed_at != Stage::before_client_hello) {
    b.v.outcome = Outcome::failed;
    if (alert->kind == EventKind::encrypted_alert && !alert->decrypted) judge_encrypted_alert(b, t, *alert);
    else judge_alert(b, t, f, *alert, ctx);
  } else if (b.v.failed_at == Stage::before_client_hello) {
    b.v.outcome = Outcome::failed;
    const Event* client_plain = t.first(EventKind::non_tls_data, Side::client);
    const Event* server_plain = t.first(EventKind::non_tls_data, Side::server);
    const Event* client_alert = t.first(EventKind::alert, Side::client);
    if (client_alert != nullptr) {
      b.v.ended_by = ending_from(*client_alert);
      b.evidence(describe_alert_event(*client_alert));
      b.evidence("the client sent no ClientHello before its alert");
      b.cause(Cause::protocol_version_mismatch, Confidence::medium,
              "The client's TLS library aborted before sending a ClientHello: most often no TLS version (or cipher) its configuration allows is usable.",
              {Cause::client_abort});
    } else if (client_plain != nullptr && is_tls_port(f.server.port) && server_plain == nullptr) {
      b.v.ended_by = ending_from(*client_plain);
      b.evidence(fmt::format("the client sent {} bytes that are not TLS: \"{}\" ({})", client_plain->length, s.client_plaintext_preview, packet_ref(*client_plain)));
      b.cause(Cause::plaintext_client, Confidence::high, "The client sent plaintext (not a ClientHello) to a TLS port.");
    } else if (server_plain != nullptr && client_plain == nullptr) {
      b.v.ended_by = ending_from(*server_plain);
      b.evidence(fmt::format("the server spoke first with {} bytes that are not TLS: \"{}\" ({})", server_plain->length, s.non_tls_preview, packet_ref(*server_plain)));
      b.cause(Cause::not_tls, Confidence::medium, "The server speaks a plaintext protocol on this port; the client never started TLS.", {Cause::client_abort});
    } else if (t.first(EventKind::malformed_tls, Side::client) != nullptr) {
      const Event* bad = t.first(EventKind::malformed_tls, Side::client);
      b.v.ended_by = ending_from(*bad);
      b.evidence(fmt::format("the client's first TLS record is malformed ({})", packet_ref(*bad)));
      if (!f.anomalies.empty()) b.evidence(fmt::format("{}", fmt::join(f.anomalies, "; ")));
      b.cause(Cause::protocol_error, Confidence::low, "The client sent a TLS record that is not a valid ClientHello.", {Cause::client_abort});
    } else if (f.end == FlowEnd::capture_end && rst == nullptr && fin == nullptr) {
      b.v.outcome = Outcome::incomplete;
      b.v.failed_at = Stage::none;
      b.v.stalled_after = "TCP handshake";
      b.v.ended_by.kind = EndKind::capture_end;
      b.cause(Cause::incomplete, Confidence::medium, "The capture ends before the client sent anything.");
    } else {
      if (end != nullptr) b.evidence(fmt::format("TCP was established; then the {} closed ({}, {}) without a ClientHello", who(end->from), event_kind_label(end->kind), packet_ref(*end)));
      b.cause(Cause::client_sent_nothing, Confidence::low,
              "The connection opened and closed without a ClientHello: a client that refuses every TLS version its configuration allows behaves so, as does a port probe.",
              {Cause::client_abort, Cause::protocol_version_mismatch});
    }
  } else if (non_tls != nullptr && (end == non_tls || end == nullptr || end->kind == EventKind::fin || end->kind == EventKind::rst)) {
    b.v.ended_by = ending_from(*non_tls);
    b.v.outcome = Outcome::failed;
    b.evidence(fmt::format("the server sent {} bytes that are not TLS {} the ClientHello: \"{}\" ({})", non_tls->length,
                           non_tls->packet_number < client_hello->packet_number ? "before" : "in answer to", s.non_tls_preview,
                           packet_ref(*non_tls)));
    if (end != nullptr && end != non_tls) b.evidence(fmt::format("then {} from the {} ({})", event_kind_label(end->kind), who(end->from), packet_ref(*end)));
    b.cause(Cause::not_tls, Confidence::high, "The server does not speak TLS on this port: it answered the ClientHello in plaintext.");
  } else if (b.v.failed_at == Stage::after_client_hello && unacked_client_hello(f) && end != nullptr &&
             end->from == Side::client && (end->kind == EventKind::rst || end->kind == EventKind::fin)) {
    // The client gave up on a ClientHello the server never fully received.
    b.v.outcome = Outcome::failed;
    judge_unacked_client_hello(b, f);
    b.evidence(fmt::format("then the client gave up: {} ({})", event_kind_label(end->kind), packet_ref(*end)));
  } else if (rst != nullptr && end == rst) {
    b.v.outcome = Outcome::failed;
    Side from = rst->from;
    b.evidence(fmt::format("RST from the {} ({}) {}", who(from), packet_ref(*rst), stage_name(b.v.failed_at)));
    if (b.v.failed_at == Stage::after_client_hello) {
      if (from == Side::server) {
        b.evidence(fmt::format("the server never sent a ServerHello; the reset came {} after the ClientHello",
                               client_hello != nullptr ? format_offset(rst->timestamp_us - client_hello->timestamp_us) : std::string("?")));
        if (ch != nullptr) b.evidence(ch->has_sni ? fmt::format("SNI requested: {}", ch->sni) : std::string("the client sent no SNI"));
        b.cause(Cause::tcp_reset, Confidence::high,
                "The connection was reset from the server's side right after the ClientHello: a firewall/IPS filtering TLS (often by SNI), a load balancer without a backend, or a server that crashed on the hello.");
      } else {
        b.evidence("the server never answered the ClientHello before the client reset");
        b.cause(Cause::server_silent, Confidence::medium, "The server did not answer the ClientHello; the client gave up and reset the connection.", {Cause::client_abort});
      }
    } else if (from == Side::client) {
      b.cause(Cause::client_abort, Confidence::medium,
              fmt::format("The client reset the connection {} without an alert; clients do this when a certificate or policy check fails silently.", stage_name(b.v.failed_at)),
              {Cause::certificate_rejected});
      if (b.v.failed_at == Stage::after_server_flight || b.v.failed_at == Stage::after_server_certificate) {
        CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, Alert::close_notify);
        for (const std::string& line : a.chain_lines) b.evidence(fmt::format("certificate {}", line));
        if (objective(a.problem))
          b.cause(a.problem, Confidence::medium, fmt::format("The client reset the connection after the server's certificate without an alert; the certificate has a problem that explains it: {}.", a.problem_detail), {Cause::client_abort});
      }
    } else {
      b.cause(Cause::tcp_reset, Confidence::high, fmt::format("The server side reset the connection {} without an alert.", stage_name(b.v.failed_at)));
    }
  } else if (fin != nullptr && end == fin) {
    b.v.outcome = Outcome::failed;
    Side from = fin->from;
    b.evidence(fmt::format("FIN from the {} without an alert ({})", who(from), packet_ref(*fin)));
    if (b.v.failed_at == Stage::after_client_hello) {
      if (from == Side::server) {
        b.cause(Cause::server_closed_no_alert, Confidence::high, "The server closed the connection after the ClientHello without a ServerHello or an alert.");
      } else {
        if (client_hello != nullptr)
          b.evidence(fmt::format("no answer from the server for {} after the ClientHello", format_offset(fin->timestamp_us - client_hello->timestamp_us)));
        b.cause(Cause::server_silent, Confidence::medium, "The server accepted the connection and the ClientHello but never answered; the client gave up.", {Cause::client_abort});
      }
    } else if (from == Side::client) {
      b.cause(Cause::client_abort, Confidence::medium,
              fmt::format("The client closed the connection {} without an alert.", stage_name(b.v.failed_at)), {Cause::certificate_rejected});
      if (b.v.failed_at == Stage::after_server_flight || b.v.failed_at == Stage::after_server_certificate) {
        CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, Alert::close_notify);
        for (const std::string& line : a.chain_lines) b.evidence(fmt::format("certificate {}", line));
        if (objective(a.problem))
          b.cause(a.problem, Confidence::medium, fmt::format("The client left after the server's certificate without an alert; the certificate has a problem that explains it: {}.", a.problem_detail), {Cause::client_abort});
      }
    } else {
      b.cause(Cause::server_closed_no_alert, Confidence::high, fmt::format("The server closed the connection {} without an alert.", stage_name(b.v.failed_at)));
    }
  } else {
    // Nothing ended it: silence until the capture ended or the flow went idle.
    std::int64_t last_activity = f.start_us;
    for (const Event& e : t.events)
      if (e.kind != EventKind::capture_end && e.kind != EventKind::idle_timeout) last_activity = e.timestamp_us;
    bool long_silence = f.end == FlowEnd::idle || f.end_us - last_activity >= kSilenceUs;
    b.v.ended_by.kind = f.end == FlowEnd::idle ? EndKind::silence : EndKind::capture_end;
    b.v.ended_by.timestamp_us = f.end_us;
    if (b.v.failed_at == Stage::after_client_hello && unacked_client_hello(f)) {
      b.v.outcome = Outcome::failed;
      judge_unacked_client_hello(b, f);
    } else if (b.v.failed_at == Stage::after_client_hello && long_silence) {
      b.v.outcome = Outcome::failed;
      if (client_hello != nullptr)
        b.evidence(fmt::format("the server acknowledged the ClientHello but sent nothing for {}", format_offset(f.end_us - client_hello->timestamp_us)));
      b.cause(Cause::server_silent, Confidence::medium, "The server received the ClientHello and never answered.", {Cause::incomplete});
    } else {
      b.v.outcome = Outcome::incomplete;
      b.v.failed_at = Stage::none;
      std::string_view stalled = "ClientHello";
      if (s.server_hello_seen) stalled = "ServerHello";
      if (t.first(EventKind::certificate, Side::server) != nullptr) stalled = "server Certificate";
      if (t.first(EventKind::server_hello_done) != nullptr || t.first(EventKind::encrypted_handshake, Side::server) != nullptr ||
          t.first(EventKind::finished, Side::server) != nullptr)
        stalled = "server flight";
      if (t.first(EventKind::client_key_exchange) != nullptr || t.first(EventKind::finished, Side::client) != nullptr)
        stalled = "client flight";
      if (client_hello == nullptr && !s.server_hello_seen) stalled = "TLS records (handshake not in capture)";
      b.v.stalled_after = std::string(stalled);
      b.cause(Cause::incomplete, Confidence::high,
              fmt::format("The {} with the handshake still under way (last seen: {}).",
                          f.end == FlowEnd::idle ? "flow went idle" : f.end == FlowEnd::evicted ? "flow table evicted the flow" : "capture ends",
                          stalled));
    }
  }
  add_common_warnings();
  if (f.client_tcp.gap_bytes > 0 || f.server_tcp.gap_bytes > 0)
    b.v.warnings.push_back(fmt::format("bytes missing from the capture (client {} B, server {} B): some messages could not be seen",
                                       f.client_tcp.gap_bytes, f.server_tcp.gap_bytes));
  b.v.advice = std::string(cause_advice(b.v.cause));
  return b.v;
}

}  // namespace tlsanalyze::analyzer
