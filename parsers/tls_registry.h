// Names and classifications of TLS registry values (IANA "Transport Layer
// Security (TLS) Parameters"), so reports can print words instead of numbers.
// Unknown values are data, not errors: name functions return an empty view for
// values they do not know, and the report prints them as unknown(0x....).
#pragma once

#include <cstdint>
#include <string_view>

namespace tlsanalyze::parsers {

// KeyExchangeKind says how to read a ServerKeyExchange; it follows from the
// negotiated cipher suite (cipher_suite_info below), and tls_handshake.h reads the
// ServerKeyExchange by it.
enum class KeyExchangeKind : std::uint8_t { unknown, rsa, dhe, ecdhe, psk, dhe_psk, ecdhe_psk, tls13 };


// is_grease is true for the RFC 8701 GREASE values (0x?a?a with equal bytes).
bool is_grease(std::uint16_t value);

// version_name: "SSL2.0", "SSL3.0", "TLS1.0".."TLS1.3", "TLS1.3-draft23"
// (0x7f17), "DTLS1.2"...; "GREASE" for GREASE; empty if unknown.
std::string_view version_name(std::uint16_t version);

// TLSANALYZE_ALERTS is the one list of IANA "TLS Alerts" (RFC 8446 6,
// RFC 5246 7.2): the AlertDescription enum and alert_name() both come from
// it. Values IANA marks _RESERVED (21, 30, 41, 60, 100, 111, 114) keep their
// plain RFC names because SSL 3.0 and TLS 1.0 stacks still send them and
// operators search for those words. Keep it in increasing order.
#define TLSANALYZE_ALERTS(X) \
  X(close_notify, 0) \
  X(unexpected_message, 10) \
  X(bad_record_mac, 20) \
  X(decryption_failed, 21) \
  X(record_overflow, 22) \
  X(decompression_failure, 30) \
  X(handshake_failure, 40) \
  X(no_certificate, 41) \
  X(bad_certificate, 42) \
  X(unsupported_certificate, 43) \
  X(certificate_revoked, 44) \
  X(certificate_expired, 45) \
  X(certificate_unknown, 46) \
  X(illegal_parameter, 47) \
  X(unknown_ca, 48) \
  X(access_denied, 49) \
  X(decode_error, 50) \
  X(decrypt_error, 51) \
  X(too_many_cids_requested, 52) /* RFC 9146 */ \
  X(export_restriction, 60) \
  X(protocol_version, 70) \
  X(insufficient_security, 71) \
  X(internal_error, 80) \
  X(inappropriate_fallback, 86) /* RFC 7507 */ \
  X(user_canceled, 90) \
  X(no_renegotiation, 100) \
  X(missing_extension, 109) \
  X(unsupported_extension, 110) \
  X(certificate_unobtainable, 111) \
  X(unrecognized_name, 112) \
  X(bad_certificate_status_response, 113) \
  X(bad_certificate_hash_value, 114) \
  X(unknown_psk_identity, 115) \
  X(certificate_required, 116) \
  X(general_error, 117) /* RFC 8446bis 6.2 */ \
  X(no_application_protocol, 120) /* RFC 7301 */ \
  X(ech_required, 121)

// AlertDescription is an alert's description byte. Every byte value is a valid
// AlertDescription: values outside the registry are data (a buggy or newer
// stack), printed as unknown(N), never rejected.
enum class AlertDescription : std::uint8_t {
#define TLSANALYZE_ALERT_ENUM(name, value) name = value,
  TLSANALYZE_ALERTS(TLSANALYZE_ALERT_ENUM)
#undef TLSANALYZE_ALERT_ENUM
};

// AlertLevel is an alert's level byte (RFC 8446 6: warning 1, fatal 2).
enum class AlertLevel : std::uint8_t { warning = 1, fatal = 2 };

// alert_name: the IANA name of every registered alert (0 close_notify ...
// 121 ech_required); empty if unregistered.
std::string_view alert_name(AlertDescription description);

// alert_level_name: "warning" (1), "fatal" (2), empty otherwise.
std::string_view alert_level_name(AlertLevel level);

// handshake_type_name: "ClientHello", "ServerHello", "Certificate"... as in the
// RFCs' prose; empty if unknown.
std::string_view handshake_type_name(std::uint8_t type);

// content_type_name: "handshake", "alert", ...; empty if unknown.
std::string_view content_type_name(std::uint8_t type);

// extension_name: IANA name ("server_name", "key_share"...); empty if unknown.
std::string_view extension_name(std::uint16_t type);

// group_name: IANA supported group name ("x25519", "secp256r1",
// "X25519MLKEM768", "ffdhe2048"...); empty if unknown.
std::string_view group_name(std::uint16_t group);

// signature_scheme_name: "rsa_pss_rsae_sha256", "ecdsa_secp256r1_sha256",
// "rsa_pkcs1_sha1"...; empty if unknown.
std::string_view signature_scheme_name(std::uint16_t scheme);

// CipherClass classifies a suite's bulk protection for diagnosis (FAILURES.md 2).
enum class CipherClass : std::uint8_t {
  unknown,
  tls13,       // TLS 1.3 suite (AEAD, key exchange negotiated separately)
  aead,        // GCM, CCM, ChaCha20-Poly1305 with a TLS 1.2 key exchange
  cbc,         // block cipher in CBC mode
  rc4,
  des,         // single DES and 3DES
  null_cipher, // no encryption
  export_grade,
  signalling,  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV
};

// CipherSuiteInfo describes one cipher suite.
struct CipherSuiteInfo {
  std::string_view name;  // IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"; empty if unknown
  KeyExchangeKind key_exchange = KeyExchangeKind::unknown;
  CipherClass cipher = CipherClass::unknown;
  bool forward_secret = false;  // (EC)DHE or TLS 1.3
};

// cipher_suite_info looks up a suite in the IANA registry (all assigned values,
// including SSLv3-era and GOST/ARIA/Camellia suites). Unknown: empty name.
CipherSuiteInfo cipher_suite_info(std::uint16_t suite);

// cipher_class_name: "tls13", "aead", "cbc", "rc4", "des", "null", "export",
// "signalling", "unknown".
std::string_view cipher_class_name(CipherClass c);

// kFallbackScsv is TLS_FALLBACK_SCSV (RFC 7507); kEmptyRenegotiationInfoScsv
// is TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746).
inline constexpr std::uint16_t kFallbackScsv = 0x5600;
inline constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00ff;

}  // namespace tlsanalyze::parsers
