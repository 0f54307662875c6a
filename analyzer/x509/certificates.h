// Certificates: the facts an operator needs about the certificates a peer sent
// (names, validity, key, signature), and the three checks that decide failure
// causes 3 to 6 of the catalogue (/work/shared/FAILURES.md): does the chain
// verify against a trust store at the packet's time (check_chain), does the
// leaf cover the requested name (check_hostname), and is it within its
// validity period (certificate_validity_at). X.509 is RFC 5280; decoding and
// signature checks are OpenSSL's (libcrypto 3.0), never hand-written DER.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/x509/trust_store.h"
#include "parsers/bytes.h"

namespace tlsanalyze::analyzer {

// CertificateInfo is what parse_certificate_der extracts from one certificate.
// It owns all its strings; it does not refer to the DER it came from.
struct CertificateInfo {
  // subject / issuer: one line, RFC 2253 order and escaping ("CN=leaf,O=Example").
  // Non-ASCII bytes are escaped (\C3\A9), so the strings are plain ASCII.
  std::string subject, issuer;
  std::string common_name;                     // last subject CN (UTF-8), may be empty
  std::vector<std::string> dns_names;          // subjectAltName dNSName entries, as sent
  std::vector<std::string> ip_addresses;       // subjectAltName iPAddress entries, printed
  std::int64_t not_before = 0, not_after = 0;  // unix seconds (UTC), RFC 5280 4.1.2.5
  std::string key_type;  // "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", "DH", else the OID's name
  int key_bits = 0;      // 0 when the key could not be decoded
  std::string curve;     // for EC: "prime256v1", "secp384r1"...; "explicit" for explicit parameters
  std::string signature_algorithm;     // e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA256"
  std::string signature_hash;          // the digest inside it: "SHA256", "SHA1"...; empty for Ed25519/Ed448
  bool signature_uses_sha1 = false;    // SHA-1, MD5, MD4 or MD2: refused by current clients
  bool is_ca = false;                  // basicConstraints CA:TRUE (RFC 5280 4.2.1.9)
  bool self_issued = false;            // subject == issuer (RFC 5280 6.1 comparison)
  bool self_signed = false;            // self_issued and the signature verifies with its own key
  std::string serial_hex;              // lowercase hex, "-" prefix if (illegally) negative
  std::string sha256_fingerprint_hex;  // lowercase hex of SHA-256 over the DER as sent
  std::vector<std::string> ca_issuers_urls;  // authorityInfoAccess caIssuers (RFC 5280 4.2.2.1)
  std::vector<std::string> notes;            // oddities worth showing (undecodable extensions, ...)
};

// parse_certificate_der decodes one DER certificate (one entry of a TLS
// Certificate message). True: `out` is filled. False: `error` says why
// (OpenSSL cannot decode it, trailing bytes after it, an unreadable validity
// time) and `out` is unspecified. Any bytes are safe input.
bool parse_certificate_der(parsers::Bytes der, CertificateInfo& out, std::string& error);

// distinguished_name_text prints a DER-encoded DistinguishedName (as a
// CertificateRequest lists the CAs it accepts, RFC 8446 4.2.4) in RFC 2253
// form; "<undecodable name>" when OpenSSL cannot decode it.
std::string distinguished_name_text(parsers::Bytes der);

// ValidityState is where a moment falls relative to a validity period.
enum class ValidityState : std::uint8_t { valid, expired, not_yet_valid };

// CertificateValidity is the result of certificate_validity_at.
struct CertificateValidity {
  ValidityState state = ValidityState::valid;
  // seconds_off: how far outside the period the moment is (> 0 when expired or
  // not yet valid, 0 when valid).
  std::int64_t seconds_off = 0;
  // seconds_left: for a valid certificate, seconds until notAfter (for "expires
  // within N days" warnings); 0 otherwise.
  std::int64_t seconds_left = 0;
  // text: "valid, expires in 30 days", "expired 3 days ago (notAfter
  // 2023-11-11T22:13:20Z)", "not valid for another 2 hours (notBefore ...)".
  std::string text;
};

// certificate_validity_at judges `cert` at `at_unix_seconds` (the packet's
// timestamp, never the analysis time). RFC 5280 4.1.2.5: the period includes
// both notBefore and notAfter, so a certificate is still valid at exactly its
// notAfter second (OpenSSL's own check treats that second as expired;
// check_chain follows this function instead, so the two never disagree).
CertificateValidity certificate_validity_at(const CertificateInfo& cert, std::int64_t at_unix_seconds);

// format_utc prints unix seconds as ISO 8601 UTC ("2023-11-14T22:13:20Z");
// values outside years 1..9999 print as "@<seconds>".
std::string format_utc(std::int64_t unix_seconds);

// ChainStatus is check_chain's verdict. The order of precedence when several
// apply is documented at check_chain.
enum class ChainStatus : std::uint8_t {
  trusted,                         // verifies to a root in the store
  incomplete_chain,                // an intermediate the server should have sent is missing (cause 3)
  unknown_ca,                      // the chain ends in a root the store does not hold (cause 4)
  self_signed,                     // the leaf is self-signed and not trusted (cause 4)
  expired,                         // a certificate's notAfter has passed (cause 5)
  not_yet_valid,                   // a certificate's notBefore is in the future (cause 5)
  bad_signature,                   // a signature does not verify with its issuer's key
  invalid_purpose_or_constraints,  // EKU / keyUsage / basicConstraints / path length forbid this use
  unparseable,                     // a certificate (or one of its fields) does not decode
  empty,                           // no certificate at all
};

// chain_status_name returns the stable snake_case name of a status, for JSON.
std::string_view chain_status_name(ChainStatus status);

// ChainIssue is one problem OpenSSL reported while verifying a chain.
struct ChainIssue {
  ChainStatus status = ChainStatus::trusted;
  int openssl_error = 0;           // X509_V_ERR_*
  std::string openssl_error_text;  // X509_verify_cert_error_string
  int depth = -1;                  // 0 = leaf, counting up the verified path
  std::string subject;             // RFC 2253 subject of that certificate, if known
};

// ChainCheck is the result of check_chain.
struct ChainCheck {
  ChainStatus status = ChainStatus::empty;
  int openssl_error = 0;           // X509_V_ERR_* behind `status` (0 when trusted or empty)
  std::string openssl_error_text;  // X509_verify_cert_error_string of it; for a certificate that
                                   // does not decode (openssl_error 0), why it does not
  // error_depth: which certificate (0 = leaf, counting up the verified path;
  // for one that does not decode, its position as sent), -1 when none.
  int error_depth = -1;
  // detail: sentences an operator can act on, naming the certificates, e.g.
  // "the server sent only its leaf; its issuer 'CN=R3,O=Let's Encrypt' is
  // neither sent nor trusted ...". Other problems found are appended ("Also: ...").
  std::string detail;
  std::string missing_issuer;      // the issuer name nobody supplied, when relevant
  std::string missing_issuer_url;  // where it can be fetched (AIA caIssuers), if the top certificate says
  // issues: every problem found, in OpenSSL's order, so a diagnosis can pick
  // the one that matches the alert the peer actually sent (45 -> expired...).
  std::vector<ChainIssue> issues;
  // verified_path: subjects of the path OpenSSL built, leaf first, ending with
  // the trust anchor when one was found.
  std::vector<std::string> verified_path;
  bool anchor_in_store = false;  // the last element of verified_path came from the store
  int unused_certificates = 0;   // certificates sent that are not on the path (wrong/extra ones)
  int ignored_certificates = 0;  // certificates beyond kMaxChainCertificates, not examined
};

// kMaxChainCertificates caps how many sent certificates check_chain examines,
// so a hostile Certificate message (up to 2^24 bytes of tiny certificates)
// cannot make issuer search quadratic. Real chains hold 1 to 5.
inline constexpr std::size_t kMaxChainCertificates = 32;

// check_chain verifies `chain` (DER, leaf first, as sent) against `store` at
// `at_unix_seconds` (the packet's timestamp, never now), as an OpenSSL client
// would: purpose and trust "ssl_server" (RFC 5280 4.2.1.12 id-kp-serverAuth),
// or "ssl_client" when `client_chain`. The host name is not checked here (see
// check_hostname). Never fails: undecodable input yields `unparseable`.
//
// Every problem is collected (see ChainIssue) and one becomes `status`, by this
// precedence, most actionable first:
//  1. unparseable: nothing else can be trusted about a certificate that does
//     not decode.
//  2. expired / not_yet_valid (lowest depth first): a fact of the certificate
//     and the packet's clock, independent of whose trust store is used. It is
//     also what changes overnight ("it worked yesterday"), and a client that
//     pins or privately trusts a self-signed or corporate certificate still
//     fails on it. A trust problem found as well is named in `detail`.
//  3. self_signed, then incomplete_chain / unknown_ca: the chain does not reach
//     the store (see check_chain's comments in certificates.cc for how a
//     missing issuer is split between incomplete_chain and unknown_ca).
//  4. bad_signature, then invalid_purpose_or_constraints.
ChainCheck check_chain(const std::vector<std::vector<std::uint8_t>>& chain, const TrustStore& store,
                       std::int64_t at_unix_seconds, bool client_chain);

// HostnameCheck is the result of check_hostname.
struct HostnameCheck {
  bool matches = false;
  std::string matched_name;      // the SAN entry (or CN) that matched
  bool via_common_name = false;  // matched only through the subject CN fallback
  std::string reason;            // one sentence, for the report, whether or not it matched
};

// check_hostname checks `name` (the SNI, or the address connected to) against
// `leaf` following RFC 6125 section 6.4: case-insensitive, one trailing dot
// ignored; a wildcard is honoured only as the whole left-most label ("*.example.com"
// covers "api.example.com", not "a.b.example.com" nor "example.com"; partial
// labels like "f*.example.com" are refused); the subject CN is consulted only
// when there is no DNS SAN (RFC 6125 6.4.4); an IP literal is matched against
// IP SANs only (RFC 6125 1.7.2, RFC 5280 4.2.1.6).
HostnameCheck check_hostname(const CertificateInfo& leaf, std::string_view name);

}  // namespace tlsanalyze::analyzer
