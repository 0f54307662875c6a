#include "analyzer/diagnosis.h"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analyzer/certificate_assessment.h"
#include "analyzer/describe.h"
#include "analyzer/handshake_tracker.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

namespace {

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
      if (e.alert_level == 2) return &e;
      if (e.alert_code != 0 && e.alert_code != 112 && e.alert_code != 90 && e.alert_code != 100) return &e;
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

std::string who(Side s) { return std::string(side_name(s)); }

std::string packet_ref(const Event& e) { return fmt::format("packet {}", e.packet_number); }

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

// Classification of what the client offered, for "no shared cipher" evidence.
std::string offered_versions(const ClientHelloFacts& ch) {
  if (!ch.versions.empty()) return fmt::format("supported_versions {}", describe_versions(ch.versions));
  return fmt::format("legacy_version {} (no supported_versions extension)", describe_version(ch.legacy_version));
}

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
    std::uint8_t code = end->kind == EventKind::alert ? end->alert_code : 0;
    if (end->kind == EventKind::alert && (code == 70 || code == 47 || code == 10 || code == 50))
      return t.first(EventKind::certificate, Side::server) ? Stage::after_server_certificate : Stage::after_server_hello;
    if ((code == 71 || code == 40) && s.key_exchange.present && s.key_exchange.dh_prime_bits > 0)
      return Stage::after_server_key_exchange;
    if (code == 0 && end->kind == EventKind::alert) return Stage::after_server_flight;
    return Stage::after_server_certificate;
  }
  return Stage::after_server_flight;
}

// objective is true for certificate problems that hold for every client
// (validity at the packet's time, the name, a self-signed leaf, a known
// interception issuer) as opposed to trust, which depends on the client's
// store. Without an alert to say what the client objected to, only these
// explain a silent close.
bool objective(Cause c) {
  return c == Cause::expired_certificate || c == Cause::not_yet_valid_certificate || c == Cause::hostname_mismatch ||
         c == Cause::self_signed || c == Cause::interception_suspected;
}

// Suites every current server enables (RFC 8446 9.1 makes the first
// mandatory for TLS 1.3; the ECDHE-GCM/ChaCha20 ones are universal in 1.2).
constexpr std::uint16_t kCommonSuites[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9};

bool offers_common_suite(const ClientHelloFacts& ch) {
  for (std::uint16_t suite : ch.cipher_suites)
    if (std::find(std::begin(kCommonSuites), std::end(kCommonSuites), suite) != std::end(kCommonSuites)) return true;
  return false;
}

// Signature schemes for RSA keys (rsa_pkcs1_*, rsa_pss_rsae_*, and TLS 1.2
// hash/sig pairs whose low byte is 1 = rsa).
bool signs_with_rsa(std::uint16_t scheme) {
  return (scheme >= 0x0804 && scheme <= 0x0806) || (scheme & 0xff) == 0x01;
}

// judge_hello_rejection decides among the causes a server's handshake_failure
// (or insufficient_security) right after the ClientHello can have: no shared
// cipher, group or signature algorithm. The alert is the same for all three;
// what the client offered decides which is most likely.
void judge_hello_rejection(Builder& b, const ClientHelloFacts& ch, const HandshakeSummary& s, std::uint8_t code) {
  bool tls13 = ch.highest_version == 0x0304 || (ch.highest_version >> 8) == 0x7f;
  bool common = offers_common_suite(ch);
  bool rsa_sigs = ch.signature_algorithms.empty() ||
                  std::any_of(ch.signature_algorithms.begin(), ch.signature_algorithms.end(), signs_with_rsa);
  if (s.hello_retry_request) {
    b.evidence(fmt::format("the server asked for group {} in a HelloRetryRequest, then failed", describe_group(s.hrr_group)));
    b.cause(Cause::no_shared_group, Confidence::medium,
            "The server asked for another key-exchange group (HelloRetryRequest) and then failed: most likely no group is shared.",
            {Cause::no_shared_cipher});
    return;
  }
  if (!common) {
    b.cause(Cause::no_shared_cipher, code == 71 || ch.cipher_suites.size() <= 8 ? Confidence::high : Confidence::medium,
            "The server rejected the ClientHello: the client offers none of the cipher suites servers commonly enable, so most likely no suite is shared.",
            {Cause::no_shared_group, Cause::no_shared_signature_algorithm});
    return;
  }
  if (!rsa_sigs) {
    b.evidence(fmt::format("the client's signature_algorithms ({}) include no RSA scheme, the key type of most server certificates",
                           ch.signature_algorithms.size()));
    b.cause(Cause::no_shared_signature_algorithm, Confidence::medium,
            "The server rejected the ClientHello although common cipher suites are offered; the client accepts no RSA signature, so most likely the server's certificate key cannot sign with any algorithm the client allows.",
            {Cause::no_shared_cipher, Cause::no_shared_group});
    return;
  }
  if (tls13 && !ch.groups.empty()) {
    b.cause(Cause::no_shared_group, Confidence::medium,
            "The server rejected a TLS 1.3 ClientHello that offers the mandatory cipher suites, without asking for another key share: most likely it supports none of the client's groups.",
            {Cause::no_shared_cipher, Cause::no_shared_signature_algorithm});
    return;
  }
  b.cause(Cause::no_shared_cipher, Confidence::medium,
          "The server rejected the ClientHello: most likely its cipher suite configuration shares nothing with the client's list (a missing group or signature algorithm gives the same alert).",
          {Cause::no_shared_group, Cause::no_shared_signature_algorithm});
}

// certificate_request_evidence quotes the CAs a CertificateRequest accepts.
std::string certificate_request_evidence(const CertificateRequestFacts& request) {
  if (!request.present) return "the server asked for a client certificate";
  if (request.authority_count == 0)
    return "the server sent a CertificateRequest without a CA list (any client certificate it trusts will do)";
  std::vector<std::string> names;
  for (const std::vector<std::uint8_t>& der : request.authorities)
    if (names.size() < 4) names.push_back(distinguished_name_text(parsers::Bytes(der)));
  std::string more = request.authority_count > names.size() ? fmt::format(" and {} more", request.authority_count - names.size()) : "";
  return fmt::format("the server's CertificateRequest accepts client certificates from: {}{}", fmt::join(names, "; "), more);
}

// Judges a plaintext (or decrypted) alert.
void judge_alert(Builder& b, const Timeline& t, const HandshakeFacts& f, const Event& alert,
                 const DiagnosisContext* ctx) {
  const HandshakeSummary& s = t.summary;
  const ClientHelloFacts* ch = s.client_hellos.empty() ? nullptr : &s.client_hellos.back();
  std::uint8_t code = alert.alert_code;
  Stage stage = b.v.failed_at;
  bool from_server = alert.from == Side::server;
  b.evidence(describe_alert_event(alert));

  if (ch != nullptr) {
    b.evidence(fmt::format("the client offered {}", offered_versions(*ch)));
  }
  if (s.server_hello_seen)
    b.evidence(fmt::format("the server chose {} with {}", describe_version(s.server_hello.version),
                           describe_suite(s.server_hello.cipher_suite)));

  // Alerts that name their cause directly.
  switch (code) {
    case 70:
      b.cause(Cause::protocol_version_mismatch, Confidence::high,
              from_server ? "The server supports none of the TLS versions the client offered."
                          : "The client refused the TLS version the server chose.");
      if (s.server_hello_seen && !from_server)
        b.evidence(fmt::format("the server chose {}, which the client does not accept", describe_version(s.server_hello.version)));
      return;
    case 86:
      b.cause(Cause::inappropriate_fallback, Confidence::high,
              "The client retried at a lower version with TLS_FALLBACK_SCSV after an earlier attempt failed, and the server, which supports a higher version, refused the downgrade (RFC 7507).");
      if (ch != nullptr && ch->fallback_scsv) b.evidence("the ClientHello carries TLS_FALLBACK_SCSV (0x5600)");
      return;
    case 112:
      if (ch != nullptr && !ch->has_sni) {
        b.cause(Cause::missing_sni, Confidence::high, "The client sent no server name (SNI) and the server will not answer without one.");
        b.evidence("the ClientHello has no server_name extension");
      } else {
        b.cause(Cause::unrecognized_name, Confidence::high, "The server does not serve the name the client asked for.");
        if (ch != nullptr) b.evidence(fmt::format("SNI requested: {}", ch->sni));
      }
      return;
    case 120:
      b.cause(Cause::alpn_mismatch, Confidence::high, "Client and server have no application protocol (ALPN) in common.");
      if (ch != nullptr) b.evidence(fmt::format("client ALPN: {}", ch->alpn.empty() ? std::string("none") : fmt::format("{}", fmt::join(ch->alpn, ", "))));
      return;
    case 109:
      b.cause(Cause::missing_extension, Confidence::high, fmt::format("The {} expected an extension the other side did not send.", who(alert.from)));
      return;
    case 110:
      b.cause(Cause::unsupported_extension, Confidence::high, fmt::format("The {} received an extension it had not offered or does not allow.", who(alert.from)));
      return;
    case 116:
      b.cause(Cause::client_certificate_required, Confidence::high, "The server requires a client certificate (mutual TLS) and the client sent none.");
      return;
    case 20:
      b.cause(Cause::bad_record_mac, Confidence::high, "A record failed its integrity check: data was altered on the path (a middlebox or faulty hardware), or the peers derived different keys.");
      return;
    case 51:
      b.cause(Cause::decrypt_error, Confidence::high, fmt::format("The {} could not verify a signature or Finished message of its peer.", who(alert.from)));
      return;
    case 80:
      if (from_server && stage == Stage::after_client_hello && ch != nullptr && ch->highest_version != 0 &&
          ch->highest_version < 0x0303 && !s.server_hello_seen) {
        // OpenSSL 3 servers answer a TLS 1.0/1.1-only client with
        // internal_error: they cannot sign with MD5+SHA-1 any more.
        b.cause(Cause::protocol_version_mismatch, Confidence::medium,
                fmt::format("The server failed right after a ClientHello offering at most {}: modern servers no longer support it "
                            "(OpenSSL 3 reports internal_error because the old versions' MD5+SHA-1 signatures are disabled).",
                            describe_version(ch->highest_version)),
                {Cause::server_internal_error});
        return;
      }
      if (from_server)
        b.cause(Cause::server_internal_error, Confidence::high,
                "The server hit an internal error (often a certificate that does not match its key, or an unreadable key).");
      else
        b.cause(Cause::server_internal_error, Confidence::medium,
                "The client's TLS library hit an internal error and gave up (internal_error from the client).",
                {Cause::client_abort});
      return;
    case 10:
    case 50:
    case 47:
      // The alert itself says a message was malformed or out of place.
      b.cause(Cause::protocol_error, Confidence::high,
              fmt::format("The {} received a message it considers malformed or out of place ({}).", who(alert.from), describe_alert(code)));
      if (!f.anomalies.empty()) b.evidence(fmt::format("tlsanalyze also found: {}", fmt::join(f.anomalies, "; ")));
      return;
    default:
      break;
  }

  // Server refused the ClientHello itself.
  if (from_server && stage == Stage::after_client_hello && ch != nullptr) {
    b.evidence(fmt::format("the client's {} cipher suites: {}", ch->cipher_suites.size(), describe_suite_classes(ch->cipher_suites)));
    if (!ch->key_share_groups.empty() || !ch->groups.empty())
      b.evidence(fmt::format("groups offered: {}; key shares for: {}", describe_groups(ch->groups),
                             ch->key_share_groups.empty() ? std::string("none") : describe_groups(ch->key_share_groups)));
    if (code == 40 || code == 71) {
      judge_hello_rejection(b, *ch, s, code);
      return;
    }
  }

  // Client rejected the server's key exchange.
  if (!from_server && stage == Stage::after_server_key_exchange) {
    b.cause(Cause::weak_dh_parameters, Confidence::high,
            fmt::format("The client refused the server's {}-bit Diffie-Hellman group as too small.", s.key_exchange.dh_prime_bits));
    b.evidence(fmt::format("ServerKeyExchange carries a {}-bit DH prime (clients today require 2048 bits)", s.key_exchange.dh_prime_bits));
    return;
  }

  // Client rejected the server's certificate.
  if (!from_server && (stage == Stage::after_server_certificate || stage == Stage::after_server_flight)) {
    CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, code);
    for (const std::string& line : a.chain_lines) b.evidence(fmt::format("certificate {}", line));
    if (ch != nullptr) b.evidence(ch->has_sni ? fmt::format("SNI requested: {}", ch->sni) : std::string("the client sent no SNI"));
    if (code == 45 && a.present && a.problem != Cause::expired_certificate && a.problem != Cause::not_yet_valid_certificate &&
        a.leaf_validity.state == ValidityState::valid && !a.any_expired && !a.any_not_yet_valid) {
      b.cause(Cause::client_clock_skew, Confidence::medium,
              "The client says the certificate has expired, but it was valid at the time of the capture: the client's clock is most likely wrong.",
              {Cause::certificate_rejected});
      b.evidence(fmt::format("leaf validity at capture time: {}", a.leaf_validity.text));
      return;
    }
    if (a.problem != Cause::unknown) {
      Confidence conf = Confidence::high;
      std::vector<Cause> also;
      if (!a.other_problems.empty()) {
        // Several problems, any of which the client may have objected to.
        conf = Confidence::medium;
        also = a.other_problems;
        for (const std::string& d : a.other_details) b.evidence(fmt::format("also: {}", d));
      }
      auto add_also = [&](Cause c) {
        if (std::find(also.begin(), also.end(), c) == also.end()) also.push_back(c);
      };
      if (a.problem == Cause::incomplete_chain && !a.chain_checked) {
        conf = Confidence::medium;
        add_also(Cause::unknown_ca);
      } else if (a.problem == Cause::unknown_ca && !a.chain_checked) {
        conf = Confidence::medium;
        add_also(Cause::incomplete_chain);
      } else if (a.problem == Cause::hostname_mismatch && (code == 48)) {
        conf = Confidence::medium;
      }
      b.cause(a.problem, conf, fmt::format("The client rejected the server certificate: {}.", a.problem_detail), also);
      return;
    }
    if (!a.present) {
      if (t.first(EventKind::certificate, Side::server) == nullptr && f.tls13) {
        b.cause(Cause::certificate_rejected, Confidence::medium,
                "The client rejected the server's certificate; in TLS 1.3 the certificate is encrypted, so supply the key log (--keylog) to see which check failed.",
                {Cause::unknown_ca, Cause::incomplete_chain, Cause::self_signed, Cause::hostname_mismatch, Cause::expired_certificate});
        if (code == 48) b.cause(Cause::unknown_ca, Confidence::medium, "The client does not trust the CA that issued the server certificate (unknown_ca); the certificate itself is encrypted in TLS 1.3, so --keylog would show the chain.", {Cause::self_signed, Cause::incomplete_chain});
        if (code == 45) b.cause(Cause::expired_certificate, Confidence::medium, "The client reports the server certificate as expired; the certificate is encrypted in TLS 1.3 (use --keylog to see it).", {Cause::client_clock_skew});
        return;
      }
    }
    std::vector<Cause> also = {Cause::unknown_ca, Cause::hostname_mismatch, Cause::incomplete_chain};
    b.cause(Cause::certificate_rejected, Confidence::medium,
            fmt::format("The client rejected the server certificate ({}) although the checks here found no problem: the client's trust store or policy differs (private CA, pinning, revocation).", describe_alert(code)),
            also);
    if (code == 48) b.cause(Cause::unknown_ca, Confidence::medium, "The client does not trust the CA at the top of the server's chain.", {Cause::incomplete_chain});
    if (code == 44) b.evidence("certificate_revoked: the client learned (OCSP/CRL) that the certificate was revoked");
    return;
  }

  // Server rejected the client's flight.
  if (from_server && (stage == Stage::after_client_certificate || stage == Stage::after_client_flight)) {
    const Event* client_cert = t.first(EventKind::certificate, Side::client);
    if (s.certificate_request.present || client_cert != nullptr) {
      b.evidence(certificate_request_evidence(s.certificate_request));
      if (client_cert == nullptr || client_cert->count == 0) {
        b.evidence(client_cert == nullptr ? "the client sent no Certificate message" : fmt::format("the client's Certificate is empty ({})", packet_ref(*client_cert)));
        b.cause(Cause::client_certificate_required, Confidence::high, "The server requires a client certificate (mutual TLS) and the client sent none.");
        return;
      }
      CertificateAssessment a = assess_certificates(s.client_certificates, std::string(), ctx, true, code);
      for (const std::string& line : a.chain_lines) b.evidence(fmt::format("client certificate {}", line));
      Cause c = Cause::client_certificate_rejected;
      if (code == 45 || a.problem == Cause::expired_certificate) c = Cause::client_certificate_expired;
      else if (code == 48) c = Cause::client_certificate_unknown_ca;
      b.cause(c, Confidence::high,
              fmt::format("The server rejected the client's certificate ({}){}.", describe_alert(code),
                          a.problem != Cause::unknown ? fmt::format(": {}", a.problem_detail) : std::string()));
      return;
    }
  }

  std::vector<Cause> also;
  b.cause(Cause::unknown, Confidence::low,
          fmt::format("The {} ended the handshake with {} {}; the messages around it do not say why.", who(alert.from),
                      describe_alert(code), stage_name(stage)),
          {Cause::no_shared_cipher, Cause::protocol_error});
}

// Judges an encrypted alert (TLS 1.3 without keys, or TLS 1.2 after CCS).
void judge_encrypted_alert(Builder& b, const Timeline& t, const Event& alert) {
  b.evidence(describe_alert_event(alert));
  if (alert.from == Side::client) {
    b.evidence("a TLS 1.3 client's Finished is at least 53 bytes on the wire; a 19-24-byte record is an encrypted alert (2 bytes of alert, 1 of content type, 16 of AEAD tag)");
    b.cause(Cause::tls13_encrypted_rejection, Confidence::medium,
            "The client answered the server's encrypted flight with an encrypted alert instead of its Finished: it most likely rejected the server certificate (untrusted CA, missing intermediate, name mismatch or expiry). Run with --keylog to see the certificate and the alert code.",
            {Cause::unknown_ca, Cause::incomplete_chain, Cause::hostname_mismatch, Cause::expired_certificate, Cause::self_signed});
    return;
  }
  {
    b.evidence("the server's alert-sized encrypted record came right after the client's flight, before any application data");
    const CertificateChainFacts& client_certs = t.summary.client_certificates;
    if (client_certs.present && client_certs.inferred && client_certs.total == 0) {
      b.evidence("the client's first encrypted record is 25 bytes: exactly an empty TLS 1.3 Certificate (8 bytes + 1 content type + 16 tag), its answer to a CertificateRequest when it has no certificate");
      b.cause(Cause::client_certificate_required, Confidence::medium,
              "The server asked for a client certificate (mutual TLS), the client sent an empty one, and the server rejected the handshake with an encrypted alert (certificate_required). Run with --keylog to confirm the alert code.",
              {Cause::client_certificate_rejected});
      return;
    }
    if (client_certs.present && client_certs.inferred) {
      b.evidence("the client's first encrypted record is far larger than a Finished: it carries a client certificate");
      b.cause(Cause::client_certificate_rejected, Confidence::medium,
              "The client sent a certificate and the server rejected the handshake with an encrypted alert: most likely it does not trust the certificate's CA, or the certificate is expired or lacks clientAuth. Run with --keylog to see the certificate and the alert code.",
              {Cause::client_certificate_unknown_ca, Cause::client_certificate_expired, Cause::decrypt_error});
      return;
    }
    b.cause(Cause::client_certificate_required, Confidence::medium,
            "The server answered the client's flight with an encrypted alert: most likely it requires a client certificate (TLS 1.3 certificate_required) or rejected the one it got. Run with --keylog to see the CertificateRequest and the alert code.",
            {Cause::client_certificate_rejected, Cause::decrypt_error});
    return;
  }
}

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
    b.evidence(fmt::format("an ICMP destination-unreachable (type {}, code {}) came back for the SYN ({})", icmp->alert_level, icmp->alert_code, packet_ref(*icmp)));
  }
  b.evidence(fmt::format("the client sent {} SYN(s); none was answered", f.client_tcp.syns));
  if (b.v.ended_by.kind == EndKind::none) b.v.ended_by.kind = f.end == FlowEnd::capture_end ? EndKind::capture_end : EndKind::silence;
  b.cause(Cause::syn_unanswered, Confidence::high,
          icmp != nullptr ? "The SYN never reached a listening server: the network reported the destination unreachable."
                          : "The SYN was never answered: a firewall drops it, or the host is down or unreachable.");
}

}  // namespace

std::string_view advice_for(Cause cause) {
  switch (cause) {
    case Cause::success: return "";
    case Cause::incomplete: return "Capture longer, or from a point that sees both directions, to see how the handshake ends.";
    case Cause::unknown: return "Check the server's and the client's logs for the alert's reason; the capture alone does not decide it.";
    case Cause::protocol_version_mismatch: return "Upgrade the side stuck on the old version (usually the client) to TLS 1.2 or 1.3; do not re-enable TLS 1.0/1.1 on servers.";
    case Cause::inappropriate_fallback: return "Find why the first, higher-version attempt failed (see the earlier connection) and fix that; the fallback itself is correctly refused.";
    case Cause::no_shared_cipher: return "Compare the client's suites with the server's configuration and enable at least one modern suite (ECDHE with AES-GCM or ChaCha20) on both.";
    case Cause::no_shared_group: return "Enable a common key-exchange group (x25519 or secp256r1) on both sides.";
    case Cause::no_shared_signature_algorithm: return "Give the server a certificate whose key type the client can verify (RSA or ECDSA P-256), or enable the matching signature algorithms on the client.";
    case Cause::weak_dh_parameters: return "Configure a DH group of at least 2048 bits (ffdhe2048) on the server, or better, prefer ECDHE suites.";
    case Cause::incomplete_chain: return "Serve the full chain on the server: leaf first, then each intermediate (e.g. fullchain.pem). Browsers hide this mistake; curl, Java, Go and Python do not.";
    case Cause::unknown_ca: return "Install the issuing root CA in the client's trust store, or give the server a certificate from a publicly trusted CA.";
    case Cause::self_signed: return "Replace the self-signed certificate with one from a trusted CA, or add this exact certificate to the client's trust store.";
    case Cause::interception_suspected: return "A TLS-inspecting proxy or security product re-signs this traffic: install its CA on the client, or exempt this destination from inspection.";
    case Cause::expired_certificate: return "Renew the certificate and reload the server; check the renewal automation.";
    case Cause::not_yet_valid_certificate: return "Check the server clock and the certificate's notBefore; wait or reissue with a correct start date.";
    case Cause::client_clock_skew: return "Fix the client's clock (NTP); the certificate itself was valid.";
    case Cause::hostname_mismatch: return "Connect with a name the certificate covers, or reissue the certificate with this name in its subjectAltName.";
    case Cause::missing_sni: return "Make the client send SNI (use a host name, not an IP address; enable SNI in the TLS library).";
    case Cause::unrecognized_name: return "Configure the server (or load balancer) for this host name, or fix the name the client uses.";
    case Cause::client_certificate_required: return "Configure the client with a certificate and key issued by a CA the server accepts (see the CertificateRequest's CA list).";
    case Cause::client_certificate_unknown_ca: return "Issue the client certificate from a CA the server trusts, or add its CA to the server's client-CA list.";
    case Cause::client_certificate_expired: return "Renew the client certificate.";
    case Cause::client_certificate_rejected: return "Give the client a certificate issued by a CA the server trusts, valid now, and with clientAuth usage.";
    case Cause::alpn_mismatch: return "Align the application protocols (ALPN): e.g. enable http/1.1 on the server or h2 on the client.";
    case Cause::missing_extension: return "Upgrade the peer that omits the required extension; for TLS 1.3 every client must send supported_versions, key_share and signature_algorithms.";
    case Cause::unsupported_extension: return "A peer sent an extension it must not; upgrade or reconfigure the offending stack.";
    case Cause::server_internal_error: return "Check the server's error log: a certificate that does not match its key, an unreadable key, or a failing HSM/backend are the usual reasons.";
    case Cause::decrypt_error: return "A signature did not verify: check that the server's key matches its certificate, and look for middleboxes that rewrite handshakes.";
    case Cause::bad_record_mac: return "Look for a device that alters traffic (proxy, broken NIC offload, bad link) between the two ends.";
    case Cause::protocol_error: return "One side sent bytes the other could not parse: look for a middlebox rewriting traffic or a buggy TLS stack, and upgrade it.";
    case Cause::port_closed: return "Start the service or connect to the right port; check load-balancer backends.";
    case Cause::syn_unanswered: return "Check firewalls and security groups on the path, and that the host is up and routable.";
    case Cause::tcp_reset: return "A firewall, IPS or load balancer resets TLS to this destination, or the server process crashed: check the device named by the reset's side and TTL.";
    case Cause::client_hello_unacknowledged: return "The ClientHello never reached the server: check firewalls/IPS that drop TLS by SNI or signature.";
    case Cause::path_mtu_black_hole: return "Large ClientHellos (post-quantum key shares) are lost after the first segment: fix PMTU discovery (allow ICMP 'fragmentation needed') or clamp the MSS on the path.";
    case Cause::server_silent: return "The server accepted the connection but never answered: check that it speaks TLS on this port and is not overloaded or stuck.";
    case Cause::server_closed_no_alert: return "The server closed without saying why: check its logs; some servers and proxies close silently on SNI or cipher problems.";
    case Cause::client_abort: return "The client gave up without an alert: check its logs and timeouts (often a certificate or policy check that failed silently).";
    case Cause::not_tls: return "The port does not speak TLS: use the right port, or the STARTTLS upgrade the protocol requires.";
    case Cause::plaintext_client: return "The client speaks plaintext to a TLS port: use https:// or the TLS setting of the client.";
    case Cause::client_sent_nothing: return "The client connected and left without a ClientHello: its TLS library probably has no version or cipher enabled that it may use; check its configuration.";
    case Cause::tls13_encrypted_rejection: return "Re-run the client with SSLKEYLOGFILE set and pass the file with --keylog to read the alert; meanwhile verify the server's chain and name with openssl s_client.";
    case Cause::renegotiation_refused: return "Avoid renegotiation; use TLS 1.3 or post-handshake authentication instead.";
    case Cause::certificate_rejected: return "Verify the server's certificate from the client's side (openssl s_client -verify_return_error) with the client's own trust store.";
  }
  return "";
}

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
      if (e.kind == EventKind::alert && e.alert_level == 1 && e.alert_code == 112)
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
    CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, 0);
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
                     (e.kind == EventKind::alert && e.alert_code != 100) || e.kind == EventKind::fin ||
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
                            (first_close->kind == EventKind::alert && first_close->alert_level == 2));
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
      if (first_close->kind == EventKind::alert && first_close->alert_code != 0) {
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
    b.v.advice = std::string(advice_for(b.v.cause));
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
    b.v.advice = std::string(advice_for(b.v.cause));
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
        CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, 0);
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
        CertificateAssessment a = assess_certificates(s.server_certificates, ch != nullptr ? ch->sni : std::string(), ctx, false, 0);
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
  b.v.advice = std::string(advice_for(b.v.cause));
  return b.v;
}

}  // namespace tlsanalyze::analyzer
