// Diagnosis internals shared by diagnosis.cc and the rule files
// (diagnosis_alerts.cc, diagnosis_tcp.cc): an index over the event log, the
// verdict under construction, and the judge_* rules. Not part of the API.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analyzer/diagnosis/diagnosis_context.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

// Alert names the alert descriptions diagnosis compares against.
using Alert = parsers::AlertDescription;

// A capture that goes on this long after an unanswered ClientHello shows a
// silent server, not just a capture that stopped too early.
constexpr std::int64_t kSilenceUs = 5'000'000;

// Timeline indexes the event log once: the first event of each kind per side.
struct Timeline {
  const std::vector<Event>& events;
  const HandshakeSummary& summary;

  const Event* first(EventKind kind, std::optional<Side> from = std::nullopt) const {
    for (const Event& e : events)
      if (e.kind == kind && (!from || e.from == *from)) return &e;
    return nullptr;
  }
  const Event* first_after(const Event* after, EventKind kind, std::optional<Side> from = std::nullopt) const {
    bool past = after == nullptr;
    for (const Event& e : events) {
      if (&e == after) {
        past = true;
        continue;
      }
      if (past && e.kind == kind && (!from || e.from == *from)) return &e;
    }
    return nullptr;
  }
  std::size_t count(EventKind kind, std::optional<Side> from = std::nullopt) const {
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const Event& e) {
      return e.kind == kind && (!from || e.from == *from);
    }));
  }
  // The first alert that ends things: fatal, or any non-close_notify alert
  // answered by a close. Warning-level unrecognized_name(112) is a hint only.
  const Event* ending_alert() const {
    std::array<bool, 2> sent_data{};
    for (const Event& e : events) {
      std::size_t side = e.from == Side::client ? 0 : 1;
      if (e.kind == EventKind::application_data) sent_data[side] = true;
      // An encrypted alert after its sender's own application data is most
      // likely close_notify, the normal end of a connection.
      if (e.kind == EventKind::encrypted_alert && !sent_data[side]) return &e;
      if (e.kind != EventKind::alert) continue;
      if (e.alert_level == parsers::AlertLevel::fatal) return &e;
      if (e.alert_code != Alert::close_notify && e.alert_code != Alert::unrecognized_name && e.alert_code != Alert::user_canceled && e.alert_code != Alert::no_renegotiation) return &e;
    }
    return nullptr;
  }
};

struct Builder {
  Verdict v;
  void cause(Cause c, Confidence conf, std::string explanation, std::vector<Cause> also = {}) {
    v.cause = c;
    v.confidence = conf;
    v.explanation = std::move(explanation);
    v.also_possible = std::move(also);
  }
  void evidence(std::string line) { v.evidence.push_back(std::move(line)); }
};

inline std::string who(Side s) { return std::string(side_name(s)); }

inline std::string packet_ref(const Event& e) { return fmt::format("packet {}", e.packet_number); }

inline EndingEvent ending_from(const Event& e) {
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

inline std::string describe_alert_event(const Event& e) {
  if (e.kind == EventKind::encrypted_alert)
    return fmt::format("the {} sent an encrypted alert ({}-byte record, {})", who(e.from), e.length, packet_ref(e));
  return fmt::format("the {} sent {} alert {}{} ({})", who(e.from), describe_alert_level(e.alert_level),
                     describe_alert(e.alert_code), e.decrypted ? " (decrypted with the key log)" : "", packet_ref(e));
}

// Classification of what the client offered, for "no shared cipher" evidence.
inline std::string offered_versions(const ClientHelloFacts& ch) {
  if (!ch.versions.empty()) return fmt::format("supported_versions {}", describe_versions(ch.versions));
  return fmt::format("legacy_version {} (no supported_versions extension)", describe_version(ch.legacy_version));
}


// objective is true for certificate problems that hold for every client
// (validity at the packet's time, the name, a self-signed leaf, a known
// interception issuer) as opposed to trust, which depends on the client's
// store. Without an alert to say what the client objected to, only these
// explain a silent close.
inline bool objective(Cause c) {
  return c == Cause::expired_certificate || c == Cause::not_yet_valid_certificate || c == Cause::hostname_mismatch ||
         c == Cause::self_signed || c == Cause::interception_suspected;
}


// judge_alert decides the cause of a handshake ended by a plaintext (or
// decrypted) alert; b.v.failed_at must already be set.
void judge_alert(Builder& b, const Timeline& t, const HandshakeFacts& f, const Event& alert,
                 const DiagnosisContext* ctx);
// judge_encrypted_alert decides the cause of an alert whose code is unreadable
// (TLS 1.3 without keys).
void judge_encrypted_alert(Builder& b, const Timeline& t, const Event& alert);
// unacked_client_hello is true when the server never acknowledged all of a
// ClientHello the client retransmitted.
bool unacked_client_hello(const HandshakeFacts& f);
// judge_unacked_client_hello tells a path-MTU black hole from a ClientHello
// that never got through at all.
void judge_unacked_client_hello(Builder& b, const HandshakeFacts& f);
// judge_tcp_connect decides why TCP never connected.
void judge_tcp_connect(Builder& b, const Timeline& t, const HandshakeFacts& f);

}  // namespace tlsanalyze::analyzer::diagnosis_detail
