// Rules for handshakes that completed (both Finished seen or inferred), or
// evidently did: what happened right after the completion decides whether the
// connection really succeeded (FAILURES.md 13, 14).
#include "analyzer/diagnosis/rule.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

// Handshakes whose messages the capture lost, but whose connection then
// carried application data both ways: the handshake evidently completed.
bool evidently_completed(const Situation& s) {
  return !s.f.complete && s.t.first(EventKind::stream_gap) != nullptr && s.f.client_progress.application_records > 0 &&
         s.f.server_progress.application_records > 0 && s.alert == nullptr;
}

// Only TLS 1.3 servers check the client's flight after their own Finished; an
// alert before the server sent anything else is that check failing. (The
// client's records after its Finished may be the rest of its own flight.)
bool server_rejected(const Situation& s) {
  const Event* close = s.after.first_close;
  return s.f.complete && s.f.tls13 && close != nullptr && close->from == Side::server &&
         !s.after.server_data_before_close &&
         (close->kind == EventKind::encrypted_alert ||
          (close->kind == EventKind::alert && close->alert_level == AlertLevel::fatal));
}

Stage client_flight_stage(const Situation& s) {
  return s.t.first(EventKind::certificate, Side::client) || s.s.certificate_request.present
             ? Stage::after_client_certificate
             : Stage::after_client_flight;
}

// A client that finishes the handshake and leaves at once, without a byte of
// application data, most often rejected something it checks after the
// handshake (curl's host name check, FAILURES.md 13).
bool client_left(const Situation& s) {
  const Event* close = s.after.first_close;
  return s.f.complete && close != nullptr && close->from == Side::client && !s.after.client_sent_data;
}

void frame_server_rejection(const Situation& s, Builder& b) {
  b.v.failed_at = client_flight_stage(s);
  b.v.ended_by = ending_from(*s.after.first_close);
}

Situation focus_server_rejection(const Situation& s) { return s.judging(*s.after.first_close, client_flight_stage(s)); }

// quote_client_left frames a client that left and quotes what it saw.
void quote_client_left(const Situation& s, Builder& b) {
  const Event& close = *s.after.first_close;
  b.v.failed_at = Stage::after_handshake;
  b.v.ended_by = ending_from(close);
  b.evidence("the handshake completed, then the client closed the connection without sending any application data");
  b.evidence(fmt::format("the client's close: {} ({})", describe_event(close, s.s), packet_ref(close)));
  for (const std::string& line : s.server_certificates().chain_lines) b.evidence(fmt::format("certificate {}", line));
  if (s.ch != nullptr) b.evidence(sni_evidence(*s.ch));
}

void warn_client_left_quietly(const Situation& s, Builder& b) {
  const CertificateAssessment& a = s.server_certificates();
  b.v.warnings.push_back(fmt::format(
      "the client closed right after the handshake without sending application data ({}){}",
      packet_ref(*s.after.first_close),
      a.present ? ""
                : "; the certificate is encrypted, so a post-handshake check (such as curl's host name check) cannot be "
                  "ruled out: use --keylog"));
  for (const std::string& w : a.warnings) b.v.warnings.push_back(w);
}

constexpr Rule kRows[] = {
    {.id = "completed_despite_gap",
     .when = "Part of the handshake is missing from the capture, but application data then flowed both ways and no "
             "alert ended it.",
     .applies = evidently_completed,
     .outcome = Outcome::succeeded,
     .cause = Cause::success,
     .confidence = Confidence::medium,
     .also = {Cause::incomplete},
     .explanation = "Part of the handshake is missing from the capture, but application data then flowed both ways: "
                    "the handshake completed.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format("bytes missing from the capture: client {} B, server {} B", s.f.client_tcp.gap_bytes,
                                  s.f.server_tcp.gap_bytes));
           b.evidence(fmt::format("application data records: client {}, server {}",
                                  s.f.client_progress.application_records, s.f.server_progress.application_records));
         }},
    {.id = "renegotiation_refused",
     .when = "TLS <= 1.2: after the handshake, an encrypted handshake record (a renegotiation), then an alert or a "
             "close.",
     .applies =
         [](const Situation& s) {
           const AfterCompletion& a = s.after;
           return s.f.complete && a.renegotiation != nullptr && a.first_close != nullptr &&
                  a.first_close->packet_number >= a.renegotiation->packet_number;
         },
     .outcome = Outcome::failed,
     .cause = Cause::renegotiation_refused,
     .confidence = Confidence::medium,
     .also = {Cause::success},
     .explanation = "The first handshake completed; a renegotiation started inside the encrypted connection and the "
                    "connection then closed with an alert: most likely the peer refused to renegotiate "
                    "(no_renegotiation).",
     .judge =
         [](const Situation& s, Builder& b) {
           const AfterCompletion& a = s.after;
           b.v.failed_at = Stage::after_handshake;
           b.v.ended_by = ending_from(*a.last_renegotiation_alert);
           b.evidence(fmt::format(
               "the handshake completed ({}); then the {} sent an encrypted handshake record ({}): a renegotiation",
               fmt::format("packet {}", s.f.completion_packet), who(a.renegotiation->from),
               packet_ref(*a.renegotiation)));
           b.evidence(fmt::format("the renegotiation ended with {} from the {} ({})",
                                  describe_event(*a.first_close, s.s), who(a.first_close->from),
                                  packet_ref(*a.first_close)));
         }},
    {.id = "server_rejected_client_flight_encrypted",
     .when = "TLS 1.3: the server's first record after the client's Finished is an alert-sized encrypted record, "
             "before any application data from it.",
     .applies =
         [](const Situation& s) {
           return server_rejected(s) && s.after.first_close->kind == EventKind::encrypted_alert &&
                  !s.after.first_close->decrypted;
         },
     .judge = frame_server_rejection,
     .then = encrypted_alert_rules,
     .focus = focus_server_rejection},
    {.id = "server_rejected_client_flight",
     .when = "TLS 1.3: the server answered the client's Finished with a fatal alert (readable, or decrypted with "
             "--keylog).",
     .applies = server_rejected,
     .judge = frame_server_rejection,
     .then = alert_rules,
     .focus = focus_server_rejection},
    {.id = "client_left_with_alert",
     .when = "The client completed the handshake, sent no application data, and closed with an alert other than "
             "close_notify.",
     .applies =
         [](const Situation& s) {
           return client_left(s) && s.after.first_close->kind == EventKind::alert &&
                  s.after.first_close->alert_code != Alert::close_notify;
         },
     .judge = quote_client_left,
     .then = alert_rules,
     .focus = [](const Situation& s) { return s.judging(*s.after.first_close, Stage::after_handshake); }},
    {.id = "client_left_name_mismatch",
     .when = "The client completed the handshake and left at once, and the certificate does not cover the SNI: some "
             "clients check the name only after the handshake.",
     .applies =
         [](const Situation& s) {
           return client_left(s) && s.server_certificates().problem == Cause::hostname_mismatch;
         },
     .outcome = Outcome::failed,
     .cause = Cause::hostname_mismatch,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort, Cause::success},
     .judge =
         [](const Situation& s, Builder& b) {
           quote_client_left(s, b);
           b.explain(fmt::format("The client completed the handshake and left at once, most likely because a check "
                                 "it makes afterwards failed: {}.",
                                 s.server_certificates().problem_detail));
         }},
    {.id = "client_left_certificate_seen",
     .when = "The client completed the handshake and left at once, and nothing wrong is visible in the certificate: as "
             "often a probe or a spare connection.",
     .applies = [](const Situation& s) { return client_left(s) && s.server_certificates().present; },
     .outcome = Outcome::succeeded,
     .cause = Cause::success,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The handshake completed; the client then closed without sending application data.",
     .judge = warn_client_left_quietly},
    {.id = "client_left_certificate_hidden",
     .when = "As above, but the certificate is encrypted (TLS 1.3 without keys), so a post-handshake check cannot be "
             "ruled out.",
     .applies = client_left,
     .outcome = Outcome::succeeded,
     .cause = Cause::success,
     .confidence = Confidence::low,
     .also = {Cause::hostname_mismatch, Cause::client_abort},
     .explanation = "The handshake completed; the client then closed without sending application data.",
     .judge = warn_client_left_quietly},
    {.id = "completed",
     .when = "Both Finished seen (or inferred), and nothing above.",
     .applies = [](const Situation&) { return true; },
     .outcome = Outcome::succeeded,
     .cause = Cause::success,
     .confidence = Confidence::high,
     .explanation = "The handshake completed.",
     .judge =
         [](const Situation& s, Builder& b) {
           for (const std::string& w : s.server_certificates().warnings) b.v.warnings.push_back(w);
         }},
};

constexpr RuleTable kTable{.id = "completed",
                           .decides = "handshakes that completed, or evidently did",
                           .rules = kRows};

}  // namespace

bool completed_or_evidently(const Situation& s) { return s.f.complete || evidently_completed(s); }

const RuleTable& completed_rules() { return kTable; }

}  // namespace tlsanalyze::analyzer::diagnosis_detail
