#include "analyzer/diagnosis/situation.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

const std::vector<Event>& events_of(const HandshakeFacts& f) {
  static const std::vector<Event> kNoEvents;
  return f.events != nullptr ? *f.events : kNoEvents;
}

const HandshakeSummary& summary_of(const HandshakeFacts& f) {
  static const HandshakeSummary kNoSummary;
  return f.summary != nullptr ? *f.summary : kNoSummary;
}

bool is_alert(const Event& e) { return e.kind == EventKind::alert || e.kind == EventKind::encrypted_alert; }

AfterCompletion after_completion(const HandshakeFacts& f, const std::vector<Event>& events) {
  AfterCompletion a;
  a.client_sent_data = f.client_progress.application_records > 0;
  std::array<bool, 2> sent_data{};
  for (const Event& e : events) {
    if (e.kind == EventKind::application_data) sent_data[e.from == Side::client ? 0 : 1] = true;
    if (e.packet_number < f.completion_packet) continue;
    if (e.kind == EventKind::encrypted_handshake && !f.tls13 && a.renegotiation == nullptr &&
        e.packet_number > f.completion_packet)
      a.renegotiation = &e;
    // An encrypted alert after its sender's own application data is its close_notify.
    bool closing = (e.kind == EventKind::encrypted_alert && !sent_data[e.from == Side::client ? 0 : 1]) ||
                   (e.kind == EventKind::alert && e.alert_code != Alert::no_renegotiation) || e.kind == EventKind::fin ||
                   e.kind == EventKind::rst;
    if (closing && a.first_close == nullptr) {
      a.first_close = &e;
      a.server_data_before_close = sent_data[1];
    }
  }
  if (a.renegotiation != nullptr) {
    // The refusal is often a warning; what ends the connection is the last
    // alert before the close.
    a.last_renegotiation_alert = a.first_close;
    for (const Event& e : events)
      if (is_alert(e) && e.packet_number >= a.renegotiation->packet_number) a.last_renegotiation_alert = &e;
  }
  return a;
}

}  // namespace

Situation::Situation(const HandshakeFacts& facts, const DiagnosisContext* context)
    : f(facts), ctx(context), t{&events_of(facts)}, s(summary_of(facts)) {
  if (!s.client_hellos.empty()) {
    ch = &s.client_hellos.back();
    sni = ch->sni;
  }
  alert = t.ending_alert();
  rst = t.first(EventKind::rst);
  fin = t.first(EventKind::fin);
  client_hello = t.first(EventKind::client_hello);
  // A server that never sent a TLS record but sent other bytes does not speak
  // TLS here (an HTTP error page after the hello, an SSH banner before it).
  if (client_hello != nullptr && f.server_progress.tls_records == 0)
    non_tls = t.first(EventKind::non_tls_data, Side::server);
  for (const Event& e : *t.events) {
    bool ends = (&e == alert) || e.kind == EventKind::rst || e.kind == EventKind::fin ||
                (&e == non_tls && e.packet_number >= client_hello->packet_number);
    if (ends) {
      end = &e;
      break;
    }
  }
  stage = stage_of(*this, end);
  if (f.complete) after = after_completion(f, *t.events);
}

Situation Situation::judging(const Event& alert_event, Stage at) const {
  Situation copy = *this;
  copy.judged = &alert_event;
  copy.stage = at;
  copy.server_for_alert_.reset();
  copy.client_.reset();
  return copy;
}

const CertificateAssessment& Situation::server_certificates() const {
  if (!server_plain_) server_plain_ = assess_certificates(s.server_certificates, sni, ctx, false, Alert::close_notify);
  return *server_plain_;
}

const CertificateAssessment& Situation::server_certificates_for_alert() const {
  if (!server_for_alert_)
    server_for_alert_ = assess_certificates(s.server_certificates, sni, ctx, false, judged->alert_code);
  return *server_for_alert_;
}

const CertificateAssessment& Situation::client_certificates() const {
  if (!client_) client_ = assess_certificates(s.client_certificates, std::string(), ctx, true, judged->alert_code);
  return *client_;
}

Stage stage_of(const Situation& st, const Event* end) {
  const HandshakeSummary& s = st.s;
  const HandshakeFacts& f = st.f;
  const EventQuery& t = st.t;
  bool client_hello = st.client_hello != nullptr;
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
  if (end != nullptr && end->from == Side::client && is_alert(*end)) {
    if (end->kind == EventKind::alert) {
      Alert code = end->alert_code;
      // Alerts about a message the client could not use: the certificate (or
      // the hello before it) is where the client stopped.
      if (code == Alert::protocol_version || code == Alert::illegal_parameter || code == Alert::unexpected_message ||
          code == Alert::decode_error)
        return t.first(EventKind::certificate, Side::server) ? Stage::after_server_certificate
                                                             : Stage::after_server_hello;
      if ((code == Alert::insufficient_security || code == Alert::handshake_failure) && s.key_exchange.present &&
          s.key_exchange.dh_prime_bits > 0)
        return Stage::after_server_key_exchange;
      if (code == Alert::close_notify) return Stage::after_server_flight;
    }
    return Stage::after_server_certificate;
  }
  return Stage::after_server_flight;
}

EndingEvent ending_from(const Event& e) {
  EndingEvent end;
  end.from = e.from;
  end.packet_number = e.packet_number;
  end.timestamp_us = e.timestamp_us;
  switch (e.kind) {
    case EventKind::alert:
      end.kind = EndKind::alert;
      end.alert_level = e.alert_level;
      end.alert_code = e.alert_code;
      end.alert_known = true;
      end.encrypted = e.decrypted;
      break;
    case EventKind::encrypted_alert:
      end.kind = EndKind::encrypted_alert;
      end.encrypted = true;
      break;
    case EventKind::rst: end.kind = EndKind::rst; break;
    case EventKind::fin: end.kind = EndKind::fin; break;
    case EventKind::icmp_unreachable: end.kind = EndKind::icmp; break;
    case EventKind::non_tls_data: end.kind = EndKind::non_tls; break;
    case EventKind::malformed_tls: end.kind = EndKind::malformed; break;
    default: break;
  }
  return end;
}

std::string describe_alert_event(const Event& e) {
  if (e.kind == EventKind::encrypted_alert)
    return fmt::format("the {} sent an encrypted alert ({}-byte record, {})", who(e.from), e.length, packet_ref(e));
  return fmt::format("the {} sent {} alert {}{} ({})", who(e.from), describe_alert_level(e.alert_level),
                     describe_alert(e.alert_code), e.decrypted ? " (decrypted with the key log)" : "", packet_ref(e));
}

std::string offered_versions(const ClientHelloFacts& ch) {
  if (!ch.versions.empty()) return fmt::format("supported_versions {}", describe_versions(ch.versions));
  return fmt::format("legacy_version {} (no supported_versions extension)", describe_version(ch.legacy_version));
}

std::string sni_evidence(const ClientHelloFacts& ch) {
  return ch.has_sni ? fmt::format("SNI requested: {}", ch.sni) : std::string("the client sent no SNI");
}

}  // namespace tlsanalyze::analyzer::diagnosis_detail
