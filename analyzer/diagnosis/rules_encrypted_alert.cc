// Rules for an alert whose code is encrypted (TLS 1.3 without keys): who sent
// it and the sizes of the records around it decide (FAILURES.md 15; RFC 8446
// 5.2: an alert record is 2 bytes + 1 content type + 16 of AEAD tag).
#include "analyzer/diagnosis/rule.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

namespace {

const CertificateChainFacts& client_chain(const Situation& s) { return s.s.client_certificates; }

constexpr std::string_view kServerAlertAfterFlight =
    "the server's alert-sized encrypted record came right after the client's flight, before any application data";

constexpr Rule kRows[] = {
    {.id = "client_rejected_server_flight",
     .when = "The client answered the server's encrypted flight with an alert-sized record (19-24 bytes) where its "
             "Finished (at least 53 bytes) belongs.",
     .applies = [](const Situation& s) { return s.judged->from == Side::client; },
     .cause = Cause::tls13_encrypted_rejection,
     .confidence = Confidence::medium,
     .also = {Cause::unknown_ca, Cause::incomplete_chain, Cause::hostname_mismatch, Cause::expired_certificate,
              Cause::self_signed},
     .explanation = "The client answered the server's encrypted flight with an encrypted alert instead of its "
                    "Finished: it most likely rejected the server certificate (untrusted CA, missing intermediate, "
                    "name mismatch or expiry). Run with --keylog to see the certificate and the alert code.",
     .judge =
         [](const Situation&, Builder& b) {
           b.evidence("a TLS 1.3 client's Finished is at least 53 bytes on the wire; a 19-24-byte record is an "
                      "encrypted alert (2 bytes of alert, 1 of content type, 16 of AEAD tag)");
         }},
    {.id = "empty_client_certificate_refused",
     .when = "The server's encrypted alert follows a client record of exactly an empty Certificate (25 bytes).",
     .applies =
         [](const Situation& s) {
           return client_chain(s).present && client_chain(s).inferred && client_chain(s).total == 0;
         },
     .cause = Cause::client_certificate_required,
     .confidence = Confidence::medium,
     .also = {Cause::client_certificate_rejected},
     .explanation = "The server asked for a client certificate (mutual TLS), the client sent an empty one, and the "
                    "server rejected the handshake with an encrypted alert (certificate_required). Run with --keylog "
                    "to confirm the alert code.",
     .judge =
         [](const Situation&, Builder& b) {
           b.evidence(std::string(kServerAlertAfterFlight));
           b.evidence("the client's first encrypted record is 25 bytes: exactly an empty TLS 1.3 Certificate (8 bytes "
                      "+ 1 content type + 16 tag), its answer to a CertificateRequest when it has no certificate");
         }},
    {.id = "client_certificate_refused",
     .when = "The server's encrypted alert follows a client record far larger than a Finished: it carried a "
             "certificate.",
     .applies = [](const Situation& s) { return client_chain(s).present && client_chain(s).inferred; },
     .cause = Cause::client_certificate_rejected,
     .confidence = Confidence::medium,
     .also = {Cause::client_certificate_unknown_ca, Cause::client_certificate_expired, Cause::decrypt_error},
     .explanation = "The client sent a certificate and the server rejected the handshake with an encrypted alert: most "
                    "likely it does not trust the certificate's CA, or the certificate is expired or lacks clientAuth. "
                    "Run with --keylog to see the certificate and the alert code.",
     .judge =
         [](const Situation&, Builder& b) {
           b.evidence(std::string(kServerAlertAfterFlight));
           b.evidence("the client's first encrypted record is far larger than a Finished: it carries a client "
                      "certificate");
         }},
    {.id = "client_flight_refused",
     .when = "Any other encrypted server alert right after the client's flight.",
     .applies = [](const Situation&) { return true; },
     .cause = Cause::client_certificate_required,
     .confidence = Confidence::medium,
     .also = {Cause::client_certificate_rejected, Cause::decrypt_error},
     .explanation = "The server answered the client's flight with an encrypted alert: most likely it requires a "
                    "client certificate (TLS 1.3 certificate_required) or rejected the one it got. Run with --keylog "
                    "to see the CertificateRequest and the alert code.",
     .judge = [](const Situation&, Builder& b) { b.evidence(std::string(kServerAlertAfterFlight)); }},
};

constexpr RuleTable kTable{.id = "encrypted_alert",
                           .decides = "handshakes ended by an alert whose code is encrypted (TLS 1.3 without keys)",
                           .rules = kRows,
                           .preamble = [](const Situation& s, Builder& b) {
                             b.evidence(describe_alert_event(*s.judged));
                           }};

}  // namespace

const RuleTable& encrypted_alert_rules() { return kTable; }

}  // namespace tlsanalyze::analyzer::diagnosis_detail
