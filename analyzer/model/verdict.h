// Verdict: what happened to one handshake — outcome, where it stopped, what
// ended it, and why. Produced by diagnosis (a pure function of the event log
// and the summary), consumed by the reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/causes.h"
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

// Cause is a root cause from the vocabulary above.
enum class Cause : std::uint8_t {
#define TLSANALYZE_CAUSE_ENUM(id, title, evidence, advice) id,
  TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_ENUM)
#undef TLSANALYZE_CAUSE_ENUM
};

// cause_id: the stable snake_case identifier ("no_shared_cipher").
std::string_view cause_id(Cause c);
// cause_title: one line of plain words for the text report.
std::string_view cause_title(Cause c);
// cause_evidence: what the cause rests on, in words (docs/causes.md).
std::string_view cause_evidence(Cause c);
// cause_advice: what an operator should do (one or two sentences; empty for success).
std::string_view cause_advice(Cause c);
// kCauseCount is the number of causes.
inline constexpr std::size_t kCauseCount = 0
#define TLSANALYZE_CAUSE_COUNT(id, title, evidence, advice) +1
    TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_COUNT)
#undef TLSANALYZE_CAUSE_COUNT
    ;

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
