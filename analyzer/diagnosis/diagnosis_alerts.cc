// Diagnosis rules for handshakes ended by an alert: which cause an alert
// code means, given the messages around it (FAILURES.md 1-10, 13, 14).
#include <fmt/ranges.h>

#include "analyzer/diagnosis/certificate_assessment.h"
#include "analyzer/x509/certificates.h"
#include "analyzer/model/describe.h"
#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/diagnosis/diagnosis_support.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

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
void judge_hello_rejection(Builder& b, const ClientHelloFacts& ch, const HandshakeSummary& s, Alert code) {
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
    b.cause(Cause::no_shared_cipher, code == Alert::insufficient_security || ch.cipher_suites.size() <= 8 ? Confidence::high : Confidence::medium,
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

}  // namespace

// Judges a plaintext (or decrypted) alert.
void judge_alert(Builder& b, const Timeline& t, const HandshakeFacts& f, const Event& alert,
                 const DiagnosisContext* ctx) {
  const HandshakeSummary& s = t.summary;
  const ClientHelloFacts* ch = s.client_hellos.empty() ? nullptr : &s.client_hellos.back();
  Alert code = alert.alert_code;
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
    case Alert::protocol_version:
      b.cause(Cause::protocol_version_mismatch, Confidence::high,
              from_server ? "The server supports none of the TLS versions the client offered."
                          : "The client refused the TLS version the server chose.");
      if (s.server_hello_seen && !from_server)
        b.evidence(fmt::format("the server chose {}, which the client does not accept", describe_version(s.server_hello.version)));
      return;
    case Alert::inappropriate_fallback:
      b.cause(Cause::inappropriate_fallback, Confidence::high,
              "The client retried at a lower version with TLS_FALLBACK_SCSV after an earlier attempt failed, and the server, which supports a higher version, refused the downgrade (RFC 7507).");
      if (ch != nullptr && ch->fallback_scsv) b.evidence("the ClientHello carries TLS_FALLBACK_SCSV (0x5600)");
      return;
    case Alert::unrecognized_name:
      if (ch != nullptr && !ch->has_sni) {
        b.cause(Cause::missing_sni, Confidence::high, "The client sent no server name (SNI) and the server will not answer without one.");
        b.evidence("the ClientHello has no server_name extension");
      } else {
        b.cause(Cause::unrecognized_name, Confidence::high, "The server does not serve the name the client asked for.");
        if (ch != nullptr) b.evidence(fmt::format("SNI requested: {}", ch->sni));
      }
      return;
    case Alert::no_application_protocol:
      b.cause(Cause::alpn_mismatch, Confidence::high, "Client and server have no application protocol (ALPN) in common.");
      if (ch != nullptr) b.evidence(fmt::format("client ALPN: {}", ch->alpn.empty() ? std::string("none") : fmt::format("{}", fmt::join(ch->alpn, ", "))));
      return;
    case Alert::missing_extension:
      b.cause(Cause::missing_extension, Confidence::high, fmt::format("The {} expected an extension the other side did not send.", who(alert.from)));
      return;
    case Alert::unsupported_extension:
      b.cause(Cause::unsupported_extension, Confidence::high, fmt::format("The {} received an extension it had not offered or does not allow.", who(alert.from)));
      return;
    case Alert::certificate_required:
      b.cause(Cause::client_certificate_required, Confidence::high, "The server requires a client certificate (mutual TLS) and the client sent none.");
      return;
    case Alert::bad_record_mac:
      b.cause(Cause::bad_record_mac, Confidence::high, "A record failed its integrity check: data was altered on the path (a middlebox or faulty hardware), or the peers derived different keys.");
      return;
    case Alert::decrypt_error:
      b.cause(Cause::decrypt_error, Confidence::high, fmt::format("The {} could not verify a signature or Finished message of its peer.", who(alert.from)));
      return;
    case Alert::internal_error:
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
    case Alert::unexpected_message:
    case Alert::decode_error:
    case Alert::illegal_parameter:
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
    if (code == Alert::handshake_failure || code == Alert::insufficient_security) {
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
    if (code == Alert::certificate_expired && a.present && a.problem != Cause::expired_certificate && a.problem != Cause::not_yet_valid_certificate &&
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
      } else if (a.problem == Cause::hostname_mismatch && (code == Alert::unknown_ca)) {
        conf = Confidence::medium;
      }
      b.cause(a.problem, conf, fmt::format("The client rejected the server certificate: {}.", a.problem_detail), also);
      return;
    }
    if (!a.present && s.server_hello.resumed) {
      // A resumed session carries no certificate (RFC 8446 2.2); a client that
      // still objects judges the certificate of the session it resumed.
      b.evidence("the server resumed an earlier session (pre-shared key), so no Certificate was sent in this handshake");
      b.cause(Cause::certificate_rejected, Confidence::low,
              fmt::format("The client rejected a resumed session with {}: it applies its certificate checks to the certificate of "
                          "the full handshake that created the session. Look at that earlier connection to this server.",
                          describe_alert(code)),
              {Cause::hostname_mismatch, Cause::unknown_ca, Cause::incomplete_chain, Cause::expired_certificate});
      return;
    }
    if (!a.present) {
      if (t.first(EventKind::certificate, Side::server) == nullptr && f.tls13) {
        b.cause(Cause::certificate_rejected, Confidence::medium,
                "The client rejected the server's certificate; in TLS 1.3 the certificate is encrypted, so supply the key log (--keylog) to see which check failed.",
                {Cause::unknown_ca, Cause::incomplete_chain, Cause::self_signed, Cause::hostname_mismatch, Cause::expired_certificate});
        if (code == Alert::unknown_ca) b.cause(Cause::unknown_ca, Confidence::medium, "The client does not trust the CA that issued the server certificate (unknown_ca); the certificate itself is encrypted in TLS 1.3, so --keylog would show the chain.", {Cause::self_signed, Cause::incomplete_chain});
        if (code == Alert::certificate_expired) b.cause(Cause::expired_certificate, Confidence::medium, "The client reports the server certificate as expired; the certificate is encrypted in TLS 1.3 (use --keylog to see it).", {Cause::client_clock_skew});
        return;
      }
    }
    std::vector<Cause> also = {Cause::unknown_ca, Cause::hostname_mismatch, Cause::incomplete_chain};
    b.cause(Cause::certificate_rejected, Confidence::medium,
            fmt::format("The client rejected the server certificate ({}) although the checks here found no problem: the client's trust store or policy differs (private CA, pinning, revocation).", describe_alert(code)),
            also);
    if (code == Alert::unknown_ca) b.cause(Cause::unknown_ca, Confidence::medium, "The client does not trust the CA at the top of the server's chain.", {Cause::incomplete_chain});
    if (code == Alert::certificate_revoked) b.evidence("certificate_revoked: the client learned (OCSP/CRL) that the certificate was revoked");
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
      if (!s.certificate_request.authorities.empty() && !a.chain.empty()) {
        // Does any certificate the client sent come from a CA the server named?
        bool listed = false;
        for (const std::vector<std::uint8_t>& der : s.certificate_request.authorities) {
          std::string name = distinguished_name_text(parsers::Bytes(der));
          for (const CertificateInfo& cert : a.chain) listed |= cert.issuer == name || cert.subject == name;
        }
        if (!listed) b.evidence("none of the client's certificates comes from a CA the server's CertificateRequest lists");
      }
      Cause c = Cause::client_certificate_rejected;
      if (code == Alert::certificate_expired || a.problem == Cause::expired_certificate) c = Cause::client_certificate_expired;
      else if (code == Alert::unknown_ca) c = Cause::client_certificate_unknown_ca;
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

}  // namespace tlsanalyze::analyzer::diagnosis_detail
