// Situation: everything the diagnosis rules read about one handshake, looked
// up once — the facts, the summary, the events that matter (the ending alert,
// the first RST and FIN, the ClientHello, a non-TLS reply, what ended the
// handshake), the stage, and, computed only when a rule asks, the certificate
// assessments. Rules are pure functions of a Situation. Internal to diagnosis.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyzer/diagnosis/certificate_assessment.h"
#include "analyzer/diagnosis/diagnosis_context.h"
#include "analyzer/model/describe.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

// Alert names the alert descriptions diagnosis compares against.
using Alert = parsers::AlertDescription;
using parsers::AlertLevel;

// A capture that goes on this long after an unanswered ClientHello shows a
// silent server, not just a capture that stopped too early.
constexpr std::int64_t kSilenceUs = 5'000'000;

// EventQuery answers "the first event of this kind (from this side)" by a scan
// of the log (a few dozen events; at most kMaxEvents).
struct EventQuery {
  const std::vector<Event>* events;

  const Event* first(EventKind kind, std::optional<Side> from = std::nullopt) const {
    for (const Event& e : *events)
      if (e.kind == kind && (!from || e.from == *from)) return &e;
    return nullptr;
  }
  // ending_alert is the first alert that ends things: fatal, or any warning
  // other than close_notify, unrecognized_name (a hint only), user_canceled
  // and no_renegotiation.
  const Event* ending_alert() const {
    std::array<bool, 2> sent_data{};
    for (const Event& e : *events) {
      std::size_t side = e.from == Side::client ? 0 : 1;
      if (e.kind == EventKind::application_data) sent_data[side] = true;
      // An encrypted alert after its sender's own application data is most
      // likely close_notify, the normal end of a connection.
      if (e.kind == EventKind::encrypted_alert && !sent_data[side]) return &e;
      if (e.kind != EventKind::alert) continue;
      if (e.alert_level == AlertLevel::fatal) return &e;
      if (e.alert_code != Alert::close_notify && e.alert_code != Alert::unrecognized_name &&
          e.alert_code != Alert::user_canceled && e.alert_code != Alert::no_renegotiation)
        return &e;
    }
    return nullptr;
  }
};

// AfterCompletion is what happened right after a completed handshake: the
// first alert or close after the completing packet decides whether it really
// succeeded.
struct AfterCompletion {
  const Event* first_close = nullptr;
  const Event* renegotiation = nullptr;   // TLS <= 1.2: an encrypted handshake record after completion
  const Event* last_renegotiation_alert = nullptr;  // the last alert at or after the renegotiation
  bool server_data_before_close = false;
  bool client_sent_data = false;
};

// Situation is the input every rule reads. Built once per diagnose() call;
// `judging` makes the copy a sub-table sees when it judges one alert.
struct Situation {
  Situation(const HandshakeFacts& facts, const DiagnosisContext* context);

  // judging returns a copy focused on `alert`, judged as if the handshake had
  // stopped at `stage` (the alert tables read both).
  Situation judging(const Event& alert, Stage stage) const;

  const HandshakeFacts& f;
  const DiagnosisContext* ctx;
  EventQuery t;
  const HandshakeSummary& s;
  const ClientHelloFacts* ch = nullptr;  // the last ClientHello, or null
  std::string sni;                       // ch's SNI, empty without one

  const Event* alert = nullptr;          // the ending alert, if any
  const Event* rst = nullptr;            // first RST
  const Event* fin = nullptr;            // first FIN
  const Event* client_hello = nullptr;   // first ClientHello
  const Event* non_tls = nullptr;        // the server's non-TLS reply (it sent no TLS record at all)
  const Event* end = nullptr;            // what ended a failed handshake: the first of alert, RST, FIN, non-TLS reply
  Stage stage = Stage::none;             // where it stopped (stage_of)
  AfterCompletion after;                 // for completed handshakes

  const Event* judged = nullptr;         // the alert an alert table judges

  // The certificate assessments, made on first use (OpenSSL work).
  // server_certificates: as every client would judge them.
  const CertificateAssessment& server_certificates() const;
  // server_certificates_for_alert: with the checks ordered for the judged alert.
  const CertificateAssessment& server_certificates_for_alert() const;
  // client_certificates: the client's chain, for the judged alert.
  const CertificateAssessment& client_certificates() const;

 private:
  mutable std::optional<CertificateAssessment> server_plain_;
  mutable std::optional<CertificateAssessment> server_for_alert_;
  mutable std::optional<CertificateAssessment> client_;
};

// stage_of: the last step both sides completed before `end` (null: nothing ended it).
Stage stage_of(const Situation& s, const Event* end);

inline std::string who(Side s) { return std::string(side_name(s)); }

inline std::string packet_ref(const Event& e) { return fmt::format("packet {}", e.packet_number); }

// ending_from quotes an event as the one that ended the handshake.
EndingEvent ending_from(const Event& e);

// describe_alert_event: "the server sent fatal alert handshake_failure(40) (packet 6)".
std::string describe_alert_event(const Event& e);

// offered_versions: what the client offered, for evidence.
std::string offered_versions(const ClientHelloFacts& ch);

// sni_evidence: "SNI requested: x", or that the client sent none.
std::string sni_evidence(const ClientHelloFacts& ch);

// objective is true for certificate problems that hold for every client
// (validity at the packet's time, the name, a self-signed leaf, a known
// interception issuer) as opposed to trust, which depends on the client's
// store. Without an alert to say what the client objected to, only these
// explain a silent close.
inline bool objective(Cause c) {
  return c == Cause::expired_certificate || c == Cause::not_yet_valid_certificate || c == Cause::hostname_mismatch ||
         c == Cause::self_signed || c == Cause::interception_suspected;
}

}  // namespace tlsanalyze::analyzer::diagnosis_detail
