// Verdict: what happened to one handshake — outcome, where it stopped, what
// ended it, and why. Produced by diagnosis (a pure function of the event log
// and the summary), consumed by the reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/events.h"

namespace tlsanalyze::analyzer {

// Outcome of a handshake.
enum class Outcome : std::uint8_t { succeeded, failed, incomplete };

// outcome_name: "succeeded", "failed", "incomplete".
std::string_view outcome_name(Outcome o);

// TLSANALYZE_STAGES: the last step both sides completed, as the report names it
// (the vocabulary of shared/corpus labels.json `failed_at`).
#define TLSANALYZE_STAGES(X)                                 \
  X(none, "")                                                \
  X(tcp_connect, "tcp connect")                              \
  X(before_client_hello, "before ClientHello")               \
  X(after_client_hello, "after ClientHello")                 \
  X(after_server_hello, "after ServerHello")                 \
  X(after_server_key_exchange, "after ServerKeyExchange")    \
  X(after_server_certificate, "after server Certificate")    \
  X(after_server_flight, "after server flight")              \
  X(after_client_certificate, "after client Certificate")    \
  X(after_client_flight, "after client flight")              \
  X(after_handshake, "after handshake")

// Stage is where a failed handshake stopped.
enum class Stage : std::uint8_t {
#define TLSANALYZE_STAGE_ENUM(id, text) id,
  TLSANALYZE_STAGES(TLSANALYZE_STAGE_ENUM)
#undef TLSANALYZE_STAGE_ENUM
};

// stage_name: the words of the vocabulary ("after ClientHello"); empty for none.
std::string_view stage_name(Stage s);

// TLSANALYZE_CAUSES: the documented vocabulary of root causes (see README and
// docs/causes.md). The id is stable and appears in JSON; the title is what the
// text report prints.
#define TLSANALYZE_CAUSES(X)                                                                        \
  X(success, "handshake completed")                                                                 \
  X(incomplete, "the capture ends before the handshake does")                                       \
  X(unknown, "the evidence does not decide the cause")                                              \
  X(protocol_version_mismatch, "client and server share no TLS version")                            \
  X(inappropriate_fallback, "client fell back to a lower version; server refused (downgrade protection)") \
  X(no_shared_cipher, "no cipher suite in common")                                                  \
  X(no_shared_group, "no key-exchange group in common")                                             \
  X(no_shared_signature_algorithm, "no signature algorithm in common")                              \
  X(weak_dh_parameters, "client refused the server's Diffie-Hellman group as too weak")             \
  X(incomplete_chain, "server sent an incomplete certificate chain (missing intermediate)")         \
  X(unknown_ca, "certificate chain ends at a CA the client does not trust")                         \
  X(self_signed, "server certificate is self-signed and not trusted")                               \
  X(interception_suspected, "certificate issued by a TLS-intercepting proxy or corporate CA")       \
  X(expired_certificate, "server certificate had expired at capture time")                          \
  X(not_yet_valid_certificate, "server certificate was not yet valid at capture time")              \
  X(client_clock_skew, "certificate valid at capture time, yet rejected as expired: client clock wrong") \
  X(hostname_mismatch, "certificate does not cover the requested server name")                      \
  X(missing_sni, "client sent no server name (SNI)")                                                \
  X(unrecognized_name, "server does not serve the requested name (alert 112)")                      \
  X(client_certificate_required, "server requires a client certificate; none was sent")             \
  X(client_certificate_unknown_ca, "server does not trust the CA of the client's certificate")      \
  X(client_certificate_expired, "the client's certificate had expired")                              \
  X(client_certificate_rejected, "server rejected the client's certificate")                        \
  X(alpn_mismatch, "no application protocol (ALPN) in common")                                      \
  X(missing_extension, "a required TLS extension was missing")                                      \
  X(unsupported_extension, "a peer sent an extension it must not send")                             \
  X(server_internal_error, "server reported an internal error")                                     \
  X(decrypt_error, "a signature or key check failed (decrypt_error)")                               \
  X(bad_record_mac, "record integrity check failed: data corrupted on the path")                    \
  X(protocol_error, "a peer sent a malformed or out-of-order message")                              \
  X(port_closed, "nothing listens on the port: SYN answered by RST")                                \
  X(syn_unanswered, "SYN never answered (filtered or host down)")                                   \
  X(tcp_reset, "connection reset during the handshake")                                             \
  X(client_hello_unacknowledged, "ClientHello never acknowledged by the server")                    \
  X(path_mtu_black_hole, "large ClientHello lost after its first segment (path-MTU black hole)")    \
  X(server_silent, "server received the ClientHello and never answered")                            \
  X(server_closed_no_alert, "server closed the connection without an alert")                        \
  X(client_abort, "client abandoned the handshake without an alert")                                \
  X(not_tls, "server answered with something that is not TLS")                                      \
  X(plaintext_client, "client sent plaintext to a TLS server")                                      \
  X(client_sent_nothing, "client connected but sent nothing")                                       \
  X(tls13_encrypted_rejection, "TLS 1.3 peer rejected the handshake with an encrypted alert")       \
  X(renegotiation_refused, "renegotiation refused after the handshake")                             \
  X(certificate_rejected, "client rejected the server certificate")

// Cause is a root cause from the vocabulary above.
enum class Cause : std::uint8_t {
#define TLSANALYZE_CAUSE_ENUM(id, title) id,
  TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_ENUM)
#undef TLSANALYZE_CAUSE_ENUM
};

// cause_id: the stable snake_case identifier ("no_shared_cipher").
std::string_view cause_id(Cause c);
// cause_title: one line of plain words for the text report.
std::string_view cause_title(Cause c);

// Confidence says how directly the packets prove the cause.
enum class Confidence : std::uint8_t { high, medium, low };
// confidence_name: "high", "medium", "low".
std::string_view confidence_name(Confidence c);

// EndKind is the event that ended a failed or incomplete handshake.
enum class EndKind : std::uint8_t { none, alert, encrypted_alert, rst, fin, icmp, non_tls, silence, capture_end, malformed };
// end_kind_name: "alert", "encrypted_alert", "rst", "fin", "icmp", "non_tls",
// "silence", "capture_end", "malformed", "none".
std::string_view end_kind_name(EndKind k);

// EndingEvent is the event that ended the handshake, quoted from the log.
struct EndingEvent {
  EndKind kind = EndKind::none;
  Side from = Side::client;
  parsers::AlertLevel alert_level{};
  parsers::AlertDescription alert_code{};
  bool alert_known = false;      // the code is known (plaintext, or decrypted with keys)
  bool encrypted = false;        // the alert was encrypted on the wire (even if decrypted with keys)
  std::uint64_t packet_number = 0;
  std::int64_t timestamp_us = 0;
};

// Verdict is the whole answer for one handshake.
struct Verdict {
  Outcome outcome = Outcome::incomplete;
  Stage failed_at = Stage::none;         // failed only
  std::string stalled_after;             // incomplete only: last thing seen
  EndingEvent ended_by;
  Cause cause = Cause::incomplete;
  Confidence confidence = Confidence::high;
  std::vector<Cause> also_possible;      // other fair readings when not high confidence
  std::string explanation;               // one sentence: what happened, in words
  std::vector<std::string> evidence;     // facts quoted from the packets
  std::string advice;                    // what an operator should do
  std::vector<std::string> warnings;     // non-fatal findings (weak versions, expiring certs...)
};

}  // namespace tlsanalyze::analyzer
