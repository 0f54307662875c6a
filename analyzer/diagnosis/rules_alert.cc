// Rules for handshakes ended by an alert: which cause an alert means, given
// the messages around it (FAILURES.md 1-10, 13, 14). Alerts that name their
// cause come first; then the stage decides (the server refused the hello, the
// client refused the certificate, the server refused the client's flight),
// because stacks send different alerts for the same problem.
#include <fmt/ranges.h>

#include "analyzer/diagnosis/rule.h"
#include "analyzer/x509/certificates.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

Alert code_of(const Situation& s) { return s.judged->alert_code; }
bool from_server(const Situation& s) { return s.judged->from == Side::server; }
// is: the judged alert is `code` (a row's condition).
template <Alert... codes>
bool is(const Situation& s) {
  return ((code_of(s) == codes) || ...);
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
bool signs_with_rsa(std::uint16_t scheme) { return (scheme >= 0x0804 && scheme <= 0x0806) || (scheme & 0xff) == 0x01; }

bool offers_rsa_signatures(const ClientHelloFacts& ch) {
  return ch.signature_algorithms.empty() ||
         std::any_of(ch.signature_algorithms.begin(), ch.signature_algorithms.end(), signs_with_rsa);
}

bool offers_tls13(const ClientHelloFacts& ch) {
  return ch.highest_version == 0x0304 || (ch.highest_version >> 8) == 0x7f;
}

// quote_client_offer: the suites and groups a refused ClientHello offered.
void quote_client_offer(const Situation& s, Builder& b) {
  const ClientHelloFacts& ch = *s.ch;
  b.evidence(fmt::format("the client's {} cipher suites: {}", ch.cipher_suites.size(),
                         describe_suite_classes(ch.cipher_suites)));
  if (!ch.key_share_groups.empty() || !ch.groups.empty())
    b.evidence(fmt::format("groups offered: {}; key shares for: {}", describe_groups(ch.groups),
                           ch.key_share_groups.empty() ? std::string("none") : describe_groups(ch.key_share_groups)));
}

bool refused_hello(const Situation& s) {
  return from_server(s) && s.stage == Stage::after_client_hello && s.ch != nullptr;
}

// certificate_request_evidence quotes the CAs a CertificateRequest accepts.
std::string certificate_request_evidence(const CertificateRequestFacts& request) {
  if (!request.present) return "the server asked for a client certificate";
  if (request.authority_count == 0)
    return "the server sent a CertificateRequest without a CA list (any client certificate it trusts will do)";
  std::vector<std::string> names;
  for (const std::vector<std::uint8_t>& der : request.authorities)
    if (names.size() < 4) names.push_back(distinguished_name_text(parsers::Bytes(der)));
  std::string more =
      request.authority_count > names.size() ? fmt::format(" and {} more", request.authority_count - names.size()) : "";
  return fmt::format("the server's CertificateRequest accepts client certificates from: {}{}", fmt::join(names, "; "),
                     more);
}

// ---- alert_rules.

constexpr Rule kAlertRows[] = {
    {.id = "protocol_version_from_server",
     .when = "Server alert protocol_version(70).",
     .applies = [](const Situation& s) { return is<Alert::protocol_version>(s) && from_server(s); },
     .cause = Cause::protocol_version_mismatch,
     .explanation = "The server supports none of the TLS versions the client offered."},
    {.id = "protocol_version_from_client",
     .when = "Client alert protocol_version(70): it refused the version the server chose.",
     .applies = is<Alert::protocol_version>,
     .cause = Cause::protocol_version_mismatch,
     .explanation = "The client refused the TLS version the server chose.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.s.server_hello_seen)
             b.evidence(fmt::format("the server chose {}, which the client does not accept",
                                    describe_version(s.s.server_hello.version)));
         }},
    {.id = "inappropriate_fallback",
     .when = "Alert inappropriate_fallback(86).",
     .applies = is<Alert::inappropriate_fallback>,
     .cause = Cause::inappropriate_fallback,
     .explanation = "The client retried at a lower version with TLS_FALLBACK_SCSV after an earlier attempt failed, and "
                    "the server, which supports a higher version, refused the downgrade (RFC 7507).",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.ch != nullptr && s.ch->fallback_scsv) b.evidence("the ClientHello carries TLS_FALLBACK_SCSV (0x5600)");
         }},
    {.id = "unrecognized_name_without_sni",
     .when = "Alert unrecognized_name(112) after a ClientHello without server_name.",
     .applies =
         [](const Situation& s) { return is<Alert::unrecognized_name>(s) && s.ch != nullptr && !s.ch->has_sni; },
     .cause = Cause::missing_sni,
     .explanation = "The client sent no server name (SNI) and the server will not answer without one.",
     .judge = [](const Situation&, Builder& b) { b.evidence("the ClientHello has no server_name extension"); }},
    {.id = "unrecognized_name",
     .when = "Alert unrecognized_name(112) after a ClientHello with a server_name.",
     .applies = is<Alert::unrecognized_name>,
     .cause = Cause::unrecognized_name,
     .explanation = "The server does not serve the name the client asked for.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.ch != nullptr) b.evidence(fmt::format("SNI requested: {}", s.ch->sni));
         }},
    {.id = "no_application_protocol",
     .when = "Alert no_application_protocol(120).",
     .applies = is<Alert::no_application_protocol>,
     .cause = Cause::alpn_mismatch,
     .explanation = "Client and server have no application protocol (ALPN) in common.",
     .judge =
         [](const Situation& s, Builder& b) {
           if (s.ch != nullptr)
             b.evidence(fmt::format("client ALPN: {}", s.ch->alpn.empty() ? std::string("none")
                                                                           : fmt::format("{}", fmt::join(s.ch->alpn, ", "))));
         }},
    {.id = "missing_extension",
     .when = "Alert missing_extension(109).",
     .applies = is<Alert::missing_extension>,
     .cause = Cause::missing_extension,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The {} expected an extension the other side did not send.", who(s.judged->from)));
         }},
    {.id = "unsupported_extension",
     .when = "Alert unsupported_extension(110).",
     .applies = is<Alert::unsupported_extension>,
     .cause = Cause::unsupported_extension,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The {} received an extension it had not offered or does not allow.",
                                 who(s.judged->from)));
         }},
    {.id = "certificate_required",
     .when = "Alert certificate_required(116).",
     .applies = is<Alert::certificate_required>,
     .cause = Cause::client_certificate_required,
     .explanation = "The server requires a client certificate (mutual TLS) and the client sent none."},
    {.id = "bad_record_mac",
     .when = "Alert bad_record_mac(20).",
     .applies = is<Alert::bad_record_mac>,
     .cause = Cause::bad_record_mac,
     .explanation = "A record failed its integrity check: data was altered on the path (a middlebox or faulty "
                    "hardware), or the peers derived different keys."},
    {.id = "decrypt_error",
     .when = "Alert decrypt_error(51).",
     .applies = is<Alert::decrypt_error>,
     .cause = Cause::decrypt_error,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The {} could not verify a signature or Finished message of its peer.",
                                 who(s.judged->from)));
         }},
    {.id = "internal_error_after_old_hello",
     .when = "Server alert internal_error(80) right after a ClientHello offering at most TLS 1.1: OpenSSL 3 servers "
             "answer so, unable to sign with MD5+SHA-1.",
     .applies =
         [](const Situation& s) {
           return is<Alert::internal_error>(s) && from_server(s) && s.stage == Stage::after_client_hello &&
                  s.ch != nullptr && s.ch->highest_version != 0 && s.ch->highest_version < 0x0303 &&
                  !s.s.server_hello_seen;
         },
     .cause = Cause::protocol_version_mismatch,
     .confidence = Confidence::medium,
     .also = {Cause::server_internal_error},
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format(
               "The server failed right after a ClientHello offering at most {}: modern servers no longer support it "
               "(OpenSSL 3 reports internal_error because the old versions' MD5+SHA-1 signatures are disabled).",
               describe_version(s.ch->highest_version)));
         }},
    {.id = "internal_error_from_server",
     .when = "Server alert internal_error(80).",
     .applies = [](const Situation& s) { return is<Alert::internal_error>(s) && from_server(s); },
     .cause = Cause::server_internal_error,
     .explanation = "The server hit an internal error (often a certificate that does not match its key, or an "
                    "unreadable key)."},
    {.id = "internal_error_from_client",
     .when = "Client alert internal_error(80).",
     .applies = is<Alert::internal_error>,
     .cause = Cause::server_internal_error,
     .confidence = Confidence::medium,
     .also = {Cause::client_abort},
     .explanation = "The client's TLS library hit an internal error and gave up (internal_error from the client)."},
    {.id = "malformed_message",
     .when = "Alert unexpected_message(10), decode_error(50) or illegal_parameter(47): the alert itself says a "
             "message was malformed or out of place.",
     .applies = is<Alert::unexpected_message, Alert::decode_error, Alert::illegal_parameter>,
     .cause = Cause::protocol_error,
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The {} received a message it considers malformed or out of place ({}).",
                                 who(s.judged->from), describe_alert(code_of(s))));
           if (!s.f.anomalies.empty())
             b.evidence(fmt::format("tlsanalyze also found: {}", fmt::join(s.f.anomalies, "; ")));
         }},
    {.id = "hello_refused",
     .when = "Server alert handshake_failure(40) or insufficient_security(71) right after the ClientHello.",
     .applies =
         [](const Situation& s) {
           return refused_hello(s) && is<Alert::handshake_failure, Alert::insufficient_security>(s);
         },
     .then = hello_rejection_rules},
    {.id = "weak_dh_refused",
     .when = "Client alert after a DHE ServerKeyExchange (handshake_failure or insufficient_security).",
     .applies =
         [](const Situation& s) { return !from_server(s) && s.stage == Stage::after_server_key_exchange; },
     .cause = Cause::weak_dh_parameters,
     .judge =
         [](const Situation& s, Builder& b) {
           std::size_t bits = s.s.key_exchange.dh_prime_bits;
           b.explain(fmt::format("The client refused the server's {}-bit Diffie-Hellman group as too small.", bits));
           b.evidence(
               fmt::format("ServerKeyExchange carries a {}-bit DH prime (clients today require 2048 bits)", bits));
         }},
    {.id = "server_certificate_refused",
     .when = "Client alert after the server's Certificate (or its whole flight).",
     .applies =
         [](const Situation& s) {
           return !from_server(s) &&
                  (s.stage == Stage::after_server_certificate || s.stage == Stage::after_server_flight);
         },
     .then = server_certificate_rules},
    {.id = "client_flight_refused",
     .when = "Server alert after the client's flight, when the server asked for a client certificate or the client "
             "sent one.",
     .applies =
         [](const Situation& s) {
           return from_server(s) &&
                  (s.stage == Stage::after_client_certificate || s.stage == Stage::after_client_flight) &&
                  (s.s.certificate_request.present || s.t.first(EventKind::certificate, Side::client) != nullptr);
         },
     .then = client_certificate_rules},
    {.id = "unexplained_alert",
     .when = "Any other alert: the messages around it do not say why.",
     .applies = [](const Situation&) { return true; },
     .cause = Cause::unknown,
     .confidence = Confidence::low,
     .also = {Cause::no_shared_cipher, Cause::protocol_error},
     .judge =
         [](const Situation& s, Builder& b) {
           if (refused_hello(s)) quote_client_offer(s, b);
           b.explain(fmt::format("The {} ended the handshake with {} {}; the messages around it do not say why.",
                                 who(s.judged->from), describe_alert(code_of(s)), stage_name(s.stage)));
         }},
};

// ---- hello_rejection_rules: no shared cipher, group or signature algorithm.
// The alert is the same for all three; what the client offered decides which
// is most likely.

constexpr Rule kHelloRows[] = {
    {.id = "refused_after_hello_retry",
     .when = "The server asked for another group (HelloRetryRequest) and then failed.",
     .applies = [](const Situation& s) { return s.s.hello_retry_request; },
     .cause = Cause::no_shared_group,
     .confidence = Confidence::medium,
     .also = {Cause::no_shared_cipher},
     .explanation = "The server asked for another key-exchange group (HelloRetryRequest) and then failed: most likely "
                    "no group is shared.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format("the server asked for group {} in a HelloRetryRequest, then failed",
                                  describe_group(s.s.hrr_group)));
         }},
    {.id = "no_common_suite_short_list",
     .when = "The client offers none of the suites servers commonly enable, with insufficient_security or a list of "
             "at most 8 suites.",
     .applies =
         [](const Situation& s) {
           return !offers_common_suite(*s.ch) &&
                  (is<Alert::insufficient_security>(s) || s.ch->cipher_suites.size() <= 8);
         },
     .cause = Cause::no_shared_cipher,
     .explanation = "The server rejected the ClientHello: the client offers none of the cipher suites servers "
                    "commonly enable, so most likely no suite is shared."},
    {.id = "no_common_suite",
     .when = "The client offers none of the suites servers commonly enable.",
     .applies = [](const Situation& s) { return !offers_common_suite(*s.ch); },
     .cause = Cause::no_shared_cipher,
     .confidence = Confidence::medium,
     .also = {Cause::no_shared_group, Cause::no_shared_signature_algorithm},
     .explanation = "The server rejected the ClientHello: the client offers none of the cipher suites servers "
                    "commonly enable, so most likely no suite is shared."},
    {.id = "no_rsa_signature",
     .when = "Common suites offered, but signature_algorithms has no RSA scheme.",
     .applies = [](const Situation& s) { return !offers_rsa_signatures(*s.ch); },
     .cause = Cause::no_shared_signature_algorithm,
     .confidence = Confidence::medium,
     .also = {Cause::no_shared_cipher, Cause::no_shared_group},
     .explanation = "The server rejected the ClientHello although common cipher suites are offered; the client "
                    "accepts no RSA signature, so most likely the server's certificate key cannot sign with any "
                    "algorithm the client allows.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format(
               "the client's signature_algorithms ({}) include no RSA scheme, the key type of most server certificates",
               s.ch->signature_algorithms.size()));
         }},
    {.id = "tls13_no_group",
     .when = "A TLS 1.3 ClientHello with the mandatory suites, refused without a HelloRetryRequest.",
     .applies = [](const Situation& s) { return offers_tls13(*s.ch) && !s.ch->groups.empty(); },
     .cause = Cause::no_shared_group,
     .confidence = Confidence::medium,
     .also = {Cause::no_shared_cipher, Cause::no_shared_signature_algorithm},
     .explanation = "The server rejected a TLS 1.3 ClientHello that offers the mandatory cipher suites, without "
                    "asking for another key share: most likely it supports none of the client's groups."},
    {.id = "suites_differ",
     .when = "Otherwise.",
     .applies = [](const Situation&) { return true; },
     .cause = Cause::no_shared_cipher,
     .confidence = Confidence::medium,
     .also = {Cause::no_shared_group, Cause::no_shared_signature_algorithm},
     .explanation = "The server rejected the ClientHello: most likely its cipher suite configuration shares nothing "
                    "with the client's list (a missing group or signature algorithm gives the same alert)."},
};

// ---- server_certificate_rules: the certificate checks decide, judged at the
// packet's time; the alert orders the checks (certificate_expired: validity
// first; unknown_ca: trust first).

bool certificate_hidden(const Situation& s) {
  return !s.server_certificates_for_alert().present && s.t.first(EventKind::certificate, Side::server) == nullptr &&
         s.f.tls13;
}

constexpr Rule kServerCertificateRows[] = {
    {.id = "client_clock_skew",
     .when = "Client alert certificate_expired(45) while every certificate was valid at the packet's time.",
     .applies =
         [](const Situation& s) {
           const CertificateAssessment& a = s.server_certificates_for_alert();
           return is<Alert::certificate_expired>(s) && a.present && a.problem != Cause::expired_certificate &&
                  a.problem != Cause::not_yet_valid_certificate && a.leaf_validity.state == ValidityState::valid &&
                  !a.any_expired && !a.any_not_yet_valid;
         },
     .cause = Cause::client_clock_skew,
     .confidence = Confidence::medium,
     .also = {Cause::certificate_rejected},
     .explanation = "The client says the certificate has expired, but it was valid at the time of the capture: the "
                    "client's clock is most likely wrong.",
     .judge =
         [](const Situation& s, Builder& b) {
           b.evidence(fmt::format("leaf validity at capture time: {}", s.server_certificates_for_alert().leaf_validity.text));
         }},
    {.id = "certificate_problem_found",
     .when = "The checks found a problem (validity, name, self-signed, interception, chain against the trust store "
             "or, without one, the chain's shape). High confidence, unless several problems were found or the "
             "chain could not be checked against a trust store (medium; the others become alternatives).",
     .applies = [](const Situation& s) { return s.server_certificates_for_alert().problem != Cause::unknown; },
     .judge =
         [](const Situation& s, Builder& b) {
           const CertificateAssessment& a = s.server_certificates_for_alert();
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
           } else if (a.problem == Cause::hostname_mismatch && is<Alert::unknown_ca>(s)) {
             conf = Confidence::medium;
           }
           b.conclude(a.problem, conf, fmt::format("The client rejected the server certificate: {}.", a.problem_detail),
                      also);
         },
     .found_cause = true},
    {.id = "resumed_session_rejected",
     .when = "A resumed session (no Certificate in this handshake) rejected with a certificate alert.",
     .applies =
         [](const Situation& s) { return !s.server_certificates_for_alert().present && s.s.server_hello.resumed; },
     .cause = Cause::certificate_rejected,
     .confidence = Confidence::low,
     .also = {Cause::hostname_mismatch, Cause::unknown_ca, Cause::incomplete_chain, Cause::expired_certificate},
     .judge =
         [](const Situation& s, Builder& b) {
           // A resumed session carries no certificate (RFC 8446 2.2); a client
           // that still objects judges the certificate of the session it resumed.
           b.evidence(
               "the server resumed an earlier session (pre-shared key), so no Certificate was sent in this handshake");
           b.explain(fmt::format(
               "The client rejected a resumed session with {}: it applies its certificate checks to the certificate "
               "of the full handshake that created the session. Look at that earlier connection to this server.",
               describe_alert(code_of(s))));
         }},
    {.id = "hidden_certificate_unknown_ca",
     .when = "TLS 1.3 without keys (the certificate is encrypted), alert unknown_ca(48).",
     .applies = [](const Situation& s) { return certificate_hidden(s) && is<Alert::unknown_ca>(s); },
     .cause = Cause::unknown_ca,
     .confidence = Confidence::medium,
     .also = {Cause::self_signed, Cause::incomplete_chain},
     .explanation = "The client does not trust the CA that issued the server certificate (unknown_ca); the "
                    "certificate itself is encrypted in TLS 1.3, so --keylog would show the chain."},
    {.id = "hidden_certificate_expired",
     .when = "TLS 1.3 without keys, alert certificate_expired(45).",
     .applies = [](const Situation& s) { return certificate_hidden(s) && is<Alert::certificate_expired>(s); },
     .cause = Cause::expired_certificate,
     .confidence = Confidence::medium,
     .also = {Cause::client_clock_skew},
     .explanation = "The client reports the server certificate as expired; the certificate is encrypted in TLS 1.3 "
                    "(use --keylog to see it)."},
    {.id = "hidden_certificate_rejected",
     .when = "TLS 1.3 without keys, any other certificate alert.",
     .applies = certificate_hidden,
     .cause = Cause::certificate_rejected,
     .confidence = Confidence::medium,
     .also = {Cause::unknown_ca, Cause::incomplete_chain, Cause::self_signed, Cause::hostname_mismatch,
              Cause::expired_certificate},
     .explanation = "The client rejected the server's certificate; in TLS 1.3 the certificate is encrypted, so supply "
                    "the key log (--keylog) to see which check failed."},
    {.id = "unknown_ca_unexplained",
     .when = "Alert unknown_ca(48) though the checks here found no problem (the client's trust store differs).",
     .applies = is<Alert::unknown_ca>,
     .cause = Cause::unknown_ca,
     .confidence = Confidence::medium,
     .also = {Cause::incomplete_chain},
     .explanation = "The client does not trust the CA at the top of the server's chain."},
    {.id = "certificate_rejected_unexplained",
     .when = "Any other client alert after the certificate that the checks here cannot explain (the client's own "
             "trust store or policy: private CA, pinning, revocation).",
     .applies = [](const Situation&) { return true; },
     .cause = Cause::certificate_rejected,
     .confidence = Confidence::medium,
     .also = {Cause::unknown_ca, Cause::hostname_mismatch, Cause::incomplete_chain},
     .judge =
         [](const Situation& s, Builder& b) {
           b.explain(fmt::format("The client rejected the server certificate ({}) although the checks here found no "
                                 "problem: the client's trust store or policy differs (private CA, pinning, "
                                 "revocation).",
                                 describe_alert(code_of(s))));
           if (is<Alert::certificate_revoked>(s))
             b.evidence("certificate_revoked: the client learned (OCSP/CRL) that the certificate was revoked");
         }},
};

// ---- client_certificate_rules.

void quote_client_certificates(const Situation& s, Builder& b) {
  const CertificateAssessment& a = s.client_certificates();
  for (const std::string& line : a.chain_lines) b.evidence(fmt::format("client certificate {}", line));
  if (!s.s.certificate_request.authorities.empty() && !a.chain.empty()) {
    // Does any certificate the client sent come from a CA the server named?
    bool listed = false;
    for (const std::vector<std::uint8_t>& der : s.s.certificate_request.authorities) {
      std::string name = distinguished_name_text(parsers::Bytes(der));
      for (const CertificateInfo& cert : a.chain) listed |= cert.issuer == name || cert.subject == name;
    }
    if (!listed) b.evidence("none of the client's certificates comes from a CA the server's CertificateRequest lists");
  }
  b.explain(fmt::format("The server rejected the client's certificate ({}){}.", describe_alert(code_of(s)),
                        a.problem != Cause::unknown ? fmt::format(": {}", a.problem_detail) : std::string()));
}

constexpr Rule kClientCertificateRows[] = {
    {.id = "no_client_certificate",
     .when = "The client sent no Certificate, or an empty one.",
     .applies =
         [](const Situation& s) {
           const Event* cert = s.t.first(EventKind::certificate, Side::client);
           return cert == nullptr || cert->count == 0;
         },
     .cause = Cause::client_certificate_required,
     .explanation = "The server requires a client certificate (mutual TLS) and the client sent none.",
     .judge =
         [](const Situation& s, Builder& b) {
           const Event* cert = s.t.first(EventKind::certificate, Side::client);
           b.evidence(cert == nullptr ? "the client sent no Certificate message"
                                      : fmt::format("the client's Certificate is empty ({})", packet_ref(*cert)));
         }},
    {.id = "client_certificate_expired",
     .when = "Alert certificate_expired(45), or the client certificate's notAfter before the packet's time.",
     .applies =
         [](const Situation& s) {
           return is<Alert::certificate_expired>(s) || s.client_certificates().problem == Cause::expired_certificate;
         },
     .cause = Cause::client_certificate_expired,
     .judge = quote_client_certificates},
    {.id = "client_certificate_unknown_ca",
     .when = "Alert unknown_ca(48) after a non-empty client Certificate.",
     .applies = is<Alert::unknown_ca>,
     .cause = Cause::client_certificate_unknown_ca,
     .judge = quote_client_certificates},
    {.id = "client_certificate_rejected",
     .when = "Any other alert after a non-empty client Certificate.",
     .applies = [](const Situation&) { return true; },
     .cause = Cause::client_certificate_rejected,
     .judge = quote_client_certificates},
};

constexpr RuleTable kAlert{.id = "alert",
                           .decides = "handshakes ended by an alert whose code is readable (plaintext, or decrypted "
                                      "with --keylog)",
                           .rules = kAlertRows,
                           .preamble = [](const Situation& s, Builder& b) {
                             b.evidence(describe_alert_event(*s.judged));
                             if (s.ch != nullptr) b.evidence(fmt::format("the client offered {}", offered_versions(*s.ch)));
                             if (s.s.server_hello_seen)
                               b.evidence(fmt::format("the server chose {} with {}",
                                                      describe_version(s.s.server_hello.version),
                                                      describe_suite(s.s.server_hello.cipher_suite)));
                           }};
constexpr RuleTable kHello{.id = "hello_rejection",
                           .decides = "a server that refused the ClientHello itself",
                           .rules = kHelloRows,
                           .preamble = quote_client_offer};
constexpr RuleTable kServerCertificate{.id = "server_certificate",
                                       .decides = "a client that refused the server's certificate",
                                       .rules = kServerCertificateRows,
                                       .preamble = [](const Situation& s, Builder& b) {
                                         for (const std::string& line : s.server_certificates_for_alert().chain_lines)
                                           b.evidence(fmt::format("certificate {}", line));
                                         if (s.ch != nullptr) b.evidence(sni_evidence(*s.ch));
                                       }};
constexpr RuleTable kClientCertificate{.id = "client_certificate",
                                       .decides = "a server that refused the client's flight in mutual TLS",
                                       .rules = kClientCertificateRows,
                                       .preamble = [](const Situation& s, Builder& b) {
                                         b.evidence(certificate_request_evidence(s.s.certificate_request));
                                       }};

}  // namespace

const RuleTable& alert_rules() { return kAlert; }
const RuleTable& hello_rejection_rules() { return kHello; }
const RuleTable& server_certificate_rules() { return kServerCertificate; }
const RuleTable& client_certificate_rules() { return kClientCertificate; }

}  // namespace tlsanalyze::analyzer::diagnosis_detail
