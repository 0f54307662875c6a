// Names and classifications of TLS registry values, from the IANA "Transport
// Layer Security (TLS) Parameters" and "TLS ExtensionType Values" registries
// (as of 2025) plus a few unregistered code points that real stacks send. Every
// table is constexpr data sorted by value and searched with std::lower_bound:
// no allocation and nothing to initialise at start-up, so any translation
// unit may call these functions from its own static initialisers.
#include "parsers/tls_registry.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace tlsanalyze::parsers {
namespace {

// NamedValue is one row of a name table.
struct NamedValue {
  std::uint16_t value;
  std::string_view name;
};

// strictly_increasing checks at compile time that a table is sorted and has no
// duplicate values, which the binary search relies on.
template <typename T, std::size_t N>
constexpr bool strictly_increasing(const T (&table)[N]) {
  for (std::size_t i = 1; i < N; ++i)
    if (!(table[i - 1].value < table[i].value)) return false;
  return true;
}

// find_row returns the row with `value`, or nullptr.
template <typename T, std::size_t N>
const T* find_row(const T (&table)[N], std::uint16_t value) {
  const T* it = std::lower_bound(std::begin(table), std::end(table), value,
                                 [](const T& row, std::uint16_t v) { return row.value < v; });
  return (it != std::end(table) && it->value == value) ? it : nullptr;
}

template <std::size_t N>
std::string_view lookup_name(const NamedValue (&table)[N], std::uint16_t value) {
  const NamedValue* row = find_row(table, value);
  return row != nullptr ? row->name : std::string_view{};
}

// kAlerts: TLSANALYZE_ALERTS (tls_registry.h) as a sorted lookup table.
constexpr NamedValue kAlerts[] = {
#define TLSANALYZE_ALERT_ROW(name, value) {value, #name},
    TLSANALYZE_ALERTS(TLSANALYZE_ALERT_ROW)
#undef TLSANALYZE_ALERT_ROW
};
static_assert(strictly_increasing(kAlerts));

// IANA "TLS HandshakeType", named as the RFCs' prose names the messages.
// 67 (NextProtocol) is not registered but was sent by NPN clients.
constexpr NamedValue kHandshakeTypes[] = {
    {0, "HelloRequest"},
    {1, "ClientHello"},
    {2, "ServerHello"},
    {3, "HelloVerifyRequest"},
    {4, "NewSessionTicket"},
    {5, "EndOfEarlyData"},
    {6, "HelloRetryRequest"},  // TLS 1.3 drafts before 22; reserved since
    {8, "EncryptedExtensions"},
    {9, "RequestConnectionId"},  // RFC 9147
    {10, "NewConnectionId"},     // RFC 9147
    {11, "Certificate"},
    {12, "ServerKeyExchange"},
    {13, "CertificateRequest"},
    {14, "ServerHelloDone"},
    {15, "CertificateVerify"},
    {16, "ClientKeyExchange"},
    {17, "ClientCertificateRequest"},  // RFC 9261
    {20, "Finished"},
    {21, "CertificateURL"},
    {22, "CertificateStatus"},
    {23, "SupplementalData"},
    {24, "KeyUpdate"},
    {25, "CompressedCertificate"},  // RFC 8879
    {26, "EKTKey"},                 // RFC 8870
    {67, "NextProtocol"},
    {254, "MessageHash"},
};
static_assert(strictly_increasing(kHandshakeTypes));

// IANA "TLS ContentType".
constexpr NamedValue kContentTypes[] = {
    {20, "change_cipher_spec"}, {21, "alert"},     {22, "handshake"}, {23, "application_data"},
    {24, "heartbeat"},          {25, "tls12_cid"}, {26, "ack"},
};
static_assert(strictly_increasing(kContentTypes));

// IANA "TLS ExtensionType Values". 40 and 46 are reserved (early TLS 1.3
// drafts) and stay unnamed. 13172, 17513, 17613, 30032 and 65486 are not
// registered but common in captures (NPN, ALPS, Channel ID, draft ESNI).
constexpr NamedValue kExtensions[] = {
    {0, "server_name"},
    {1, "max_fragment_length"},
    {2, "client_certificate_url"},
    {3, "trusted_ca_keys"},
    {4, "truncated_hmac"},
    {5, "status_request"},
    {6, "user_mapping"},
    {7, "client_authz"},
    {8, "server_authz"},
    {9, "cert_type"},
    {10, "supported_groups"},
    {11, "ec_point_formats"},
    {12, "srp"},
    {13, "signature_algorithms"},
    {14, "use_srtp"},
    {15, "heartbeat"},
    {16, "application_layer_protocol_negotiation"},
    {17, "status_request_v2"},
    {18, "signed_certificate_timestamp"},
    {19, "client_certificate_type"},
    {20, "server_certificate_type"},
    {21, "padding"},
    {22, "encrypt_then_mac"},
    {23, "extended_master_secret"},
    {24, "token_binding"},
    {25, "cached_info"},
    {26, "tls_lts"},
    {27, "compress_certificate"},
    {28, "record_size_limit"},
    {29, "pwd_protect"},
    {30, "pwd_clear"},
    {31, "password_salt"},
    {32, "ticket_pinning"},
    {33, "tls_cert_with_extern_psk"},
    {34, "delegated_credential"},
    {35, "session_ticket"},
    {36, "TLMSP"},
    {37, "TLMSP_proxying"},
    {38, "TLMSP_delegate"},
    {39, "supported_ekt_ciphers"},
    {41, "pre_shared_key"},
    {42, "early_data"},
    {43, "supported_versions"},
    {44, "cookie"},
    {45, "psk_key_exchange_modes"},
    {47, "certificate_authorities"},
    {48, "oid_filters"},
    {49, "post_handshake_auth"},
    {50, "signature_algorithms_cert"},
    {51, "key_share"},
    {52, "transparency_info"},
    {53, "connection_id_deprecated"},
    {54, "connection_id"},
    {55, "external_id_hash"},
    {56, "external_session_id"},
    {57, "quic_transport_parameters"},
    {58, "ticket_request"},
    {59, "dnssec_chain"},
    {60, "sequence_number_encryption_algorithms"},
    {61, "rrc"},
    {62, "tls_flags"},
    {13172, "next_protocol_negotiation"},
    {17513, "application_settings_old"},
    {17613, "application_settings"},
    {30032, "channel_id"},
    {0xfd00, "ech_outer_extensions"},
    {0xfe0d, "encrypted_client_hello"},
    {0xff01, "renegotiation_info"},
    {0xffce, "encrypted_server_name"},
};
static_assert(strictly_increasing(kExtensions));

// IANA "TLS Supported Groups" (RFC 8422 5.1.1, RFC 7919, RFC 8446 4.2.7, and
// the ML-KEM drafts).
constexpr NamedValue kGroups[] = {
    {1, "sect163k1"},
    {2, "sect163r1"},
    {3, "sect163r2"},
    {4, "sect193r1"},
    {5, "sect193r2"},
    {6, "sect233k1"},
    {7, "sect233r1"},
    {8, "sect239k1"},
    {9, "sect283k1"},
    {10, "sect283r1"},
    {11, "sect409k1"},
    {12, "sect409r1"},
    {13, "sect571k1"},
    {14, "sect571r1"},
    {15, "secp160k1"},
    {16, "secp160r1"},
    {17, "secp160r2"},
    {18, "secp192k1"},
    {19, "secp192r1"},
    {20, "secp224k1"},
    {21, "secp224r1"},
    {22, "secp256k1"},
    {23, "secp256r1"},
    {24, "secp384r1"},
    {25, "secp521r1"},
    {26, "brainpoolP256r1"},
    {27, "brainpoolP384r1"},
    {28, "brainpoolP512r1"},
    {29, "x25519"},
    {30, "x448"},
    {31, "brainpoolP256r1tls13"},
    {32, "brainpoolP384r1tls13"},
    {33, "brainpoolP512r1tls13"},
    {34, "GC256A"},
    {35, "GC256B"},
    {36, "GC256C"},
    {37, "GC256D"},
    {38, "GC512A"},
    {39, "GC512B"},
    {40, "GC512C"},
    {41, "curveSM2"},
    {256, "ffdhe2048"},
    {257, "ffdhe3072"},
    {258, "ffdhe4096"},
    {259, "ffdhe6144"},
    {260, "ffdhe8192"},
    {0x0200, "MLKEM512"},
    {0x0201, "MLKEM768"},
    {0x0202, "MLKEM1024"},
    {0x11eb, "SecP256r1MLKEM768"},
    {0x11ec, "X25519MLKEM768"},
    {0x11ed, "SecP384r1MLKEM1024"},
    {0x6399, "X25519Kyber768Draft00"},
    {0x639a, "SecP256r1Kyber768Draft00"},
    {0xff01, "arbitrary_explicit_prime_curves"},
    {0xff02, "arbitrary_explicit_char2_curves"},
};
static_assert(strictly_increasing(kGroups));

// IANA "TLS SignatureScheme" (RFC 8446 4.2.3) plus the TLS 1.2
// SignatureAndHashAlgorithm pairs (RFC 5246 7.4.1.4.1: hash byte, then
// signature byte) that have no SignatureScheme name of their own, named
// <signature>_<hash> in the same style.
constexpr NamedValue kSignatureSchemes[] = {
    {0x0101, "rsa_pkcs1_md5"},
    {0x0102, "dsa_md5"},
    {0x0103, "ecdsa_md5"},
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0202, "dsa_sha1"},
    {0x0203, "ecdsa_sha1"},
    {0x0301, "rsa_pkcs1_sha224"},
    {0x0302, "dsa_sha224"},
    {0x0303, "ecdsa_sha224"},
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0402, "dsa_sha256"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0420, "rsa_pkcs1_sha256_legacy"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0502, "dsa_sha384"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0520, "rsa_pkcs1_sha384_legacy"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0602, "dsa_sha512"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0620, "rsa_pkcs1_sha512_legacy"},
    {0x0704, "eccsi_sha256"},
    {0x0705, "iso_ibs1"},
    {0x0706, "iso_ibs2"},
    {0x0707, "iso_chinese_ibs"},
    {0x0708, "sm2sig_sm3"},
    {0x0709, "gostr34102012_256a"},
    {0x070a, "gostr34102012_256b"},
    {0x070b, "gostr34102012_256c"},
    {0x070c, "gostr34102012_256d"},
    {0x070d, "gostr34102012_512a"},
    {0x070e, "gostr34102012_512b"},
    {0x070f, "gostr34102012_512c"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080a, "rsa_pss_pss_sha384"},
    {0x080b, "rsa_pss_pss_sha512"},
    {0x081a, "ecdsa_brainpoolP256r1tls13_sha256"},
    {0x081b, "ecdsa_brainpoolP384r1tls13_sha384"},
    {0x081c, "ecdsa_brainpoolP512r1tls13_sha512"},
    {0x0840, "gostr34102012_256"},  // RFC 9189, TLS 1.2 only
    {0x0841, "gostr34102012_512"},  // RFC 9189, TLS 1.2 only
    {0x0904, "mldsa44"},
    {0x0905, "mldsa65"},
    {0x0906, "mldsa87"},
};
static_assert(strictly_increasing(kSignatureSchemes));

// kDraftNames[n - 1] names TLS 1.3 draft n, version 0x7f00 + n.
constexpr std::string_view kDraftNames[] = {
    "TLS1.3-draft1",  "TLS1.3-draft2",  "TLS1.3-draft3",  "TLS1.3-draft4",  "TLS1.3-draft5",
    "TLS1.3-draft6",  "TLS1.3-draft7",  "TLS1.3-draft8",  "TLS1.3-draft9",  "TLS1.3-draft10",
    "TLS1.3-draft11", "TLS1.3-draft12", "TLS1.3-draft13", "TLS1.3-draft14", "TLS1.3-draft15",
    "TLS1.3-draft16", "TLS1.3-draft17", "TLS1.3-draft18", "TLS1.3-draft19", "TLS1.3-draft20",
    "TLS1.3-draft21", "TLS1.3-draft22", "TLS1.3-draft23", "TLS1.3-draft24", "TLS1.3-draft25",
    "TLS1.3-draft26", "TLS1.3-draft27", "TLS1.3-draft28",
};

// Protocol versions other than the TLS 1.3 drafts (RFC 8446 4.2.1, RFC 6347
// 4.1, RFC 9147 5.3, Appendix E of RFC 5246 for SSL 2.0).
constexpr NamedValue kVersions[] = {
    {0x0002, "SSL2.0"},      {0x0100, "DTLS1.0-OpenSSL-pre"},  // DTLS1_BAD_VER of OpenSSL < 0.9.8f
    {0x0101, "GMTLS"},                                         // GM/T 0024, Chinese national TLS
    {0x0300, "SSL3.0"},      {0x0301, "TLS1.0"},
    {0x0302, "TLS1.1"},      {0x0303, "TLS1.2"},
    {0x0304, "TLS1.3"},      {0xfb17, "TLS1.3-fb23"},  // Facebook's variant of draft 23
    {0xfb1a, "TLS1.3-fb26"},                           // Facebook's variant of draft 26
    {0xfefc, "DTLS1.3"},     {0xfefd, "DTLS1.2"},
    {0xfeff, "DTLS1.0"},
};
static_assert(strictly_increasing(kVersions));

using Kx = KeyExchangeKind;
using Cc = CipherClass;

// SuiteRow is one cipher suite.
struct SuiteRow {
  std::uint16_t value;
  std::string_view name;
  KeyExchangeKind key_exchange;
  CipherClass cipher;
  bool forward_secret;
};

// kCipherSuites is every value IANA "TLS Cipher Suites" assigns (as of 2025),
// plus 0x0060-0x0066, the 56-bit export suites of the expired
// draft-ietf-tls-56-bit-ciphersuites that 1999-era stacks still offer (IANA
// reserves that range for them). Names are IANA's.
//
// key_exchange says how to read the ServerKeyExchange (see tls_handshake.h):
// static DH/ECDH, KRB5, SRP, ECCPWD and GOST send none this parser decodes and
// are `unknown`; DH_anon/ECDH_anon read like dhe/ecdhe (no signature); RSA_PSK
// sends only the PSK identity hint, so reads like psk.
// cipher: EXPORT beats everything; GOST CTR_OMAC / CNT_IMIT (0xc100-0xc102)
// are MAC-then-encrypt without AEAD and are grouped with cbc; TLS_SHA256_SHA256
// and TLS_SHA384_SHA384 (RFC 9150) are TLS 1.3 integrity-only and are
// null_cipher.
// forward_secret: ephemeral (EC)DH, including anonymous, SRP, ECCPWD, and
// every TLS 1.3 suite (whose key exchange is negotiated separately).
constexpr SuiteRow kCipherSuites[] = {
    {0x0000, "TLS_NULL_WITH_NULL_NULL", Kx::unknown, Cc::null_cipher, false},
    {0x0001, "TLS_RSA_WITH_NULL_MD5", Kx::rsa, Cc::null_cipher, false},
    {0x0002, "TLS_RSA_WITH_NULL_SHA", Kx::rsa, Cc::null_cipher, false},
    {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", Kx::rsa, Cc::export_grade, false},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5", Kx::rsa, Cc::rc4, false},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA", Kx::rsa, Cc::rc4, false},
    {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", Kx::rsa, Cc::export_grade, false},
    {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx::rsa, Cc::export_grade, false},
    {0x0009, "TLS_RSA_WITH_DES_CBC_SHA", Kx::rsa, Cc::des, false},
    {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", Kx::rsa, Cc::des, false},
    {0x000b, "TLS_DH_DSS_EXPORT_WITH_DES40_CBC_SHA", Kx::unknown, Cc::export_grade, false},
    {0x000c, "TLS_DH_DSS_WITH_DES_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x000d, "TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x000e, "TLS_DH_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx::unknown, Cc::export_grade, false},
    {0x000f, "TLS_DH_RSA_WITH_DES_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x0010, "TLS_DH_RSA_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", Kx::dhe, Cc::export_grade, true},
    {0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", Kx::dhe, Cc::export_grade, true},
    {0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", Kx::dhe, Cc::export_grade, true},
    {0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", Kx::dhe, Cc::rc4, true},
    {0x0019, "TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA", Kx::dhe, Cc::export_grade, true},
    {0x001a, "TLS_DH_anon_WITH_DES_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA", Kx::dhe, Cc::des, true},
    {0x001e, "TLS_KRB5_WITH_DES_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x001f, "TLS_KRB5_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, false},
    {0x0020, "TLS_KRB5_WITH_RC4_128_SHA", Kx::unknown, Cc::rc4, false},
    {0x0021, "TLS_KRB5_WITH_IDEA_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0022, "TLS_KRB5_WITH_DES_CBC_MD5", Kx::unknown, Cc::des, false},
    {0x0023, "TLS_KRB5_WITH_3DES_EDE_CBC_MD5", Kx::unknown, Cc::des, false},
    {0x0024, "TLS_KRB5_WITH_RC4_128_MD5", Kx::unknown, Cc::rc4, false},
    {0x0025, "TLS_KRB5_WITH_IDEA_CBC_MD5", Kx::unknown, Cc::cbc, false},
    {0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", Kx::unknown, Cc::export_grade, false},
    {0x0027, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA", Kx::unknown, Cc::export_grade, false},
    {0x0028, "TLS_KRB5_EXPORT_WITH_RC4_40_SHA", Kx::unknown, Cc::export_grade, false},
    {0x0029, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5", Kx::unknown, Cc::export_grade, false},
    {0x002a, "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5", Kx::unknown, Cc::export_grade, false},
    {0x002b, "TLS_KRB5_EXPORT_WITH_RC4_40_MD5", Kx::unknown, Cc::export_grade, false},
    {0x002c, "TLS_PSK_WITH_NULL_SHA", Kx::psk, Cc::null_cipher, false},
    {0x002d, "TLS_DHE_PSK_WITH_NULL_SHA", Kx::dhe_psk, Cc::null_cipher, true},
    {0x002e, "TLS_RSA_PSK_WITH_NULL_SHA", Kx::psk, Cc::null_cipher, false},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x003b, "TLS_RSA_WITH_NULL_SHA256", Kx::rsa, Cc::null_cipher, false},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", Kx::rsa, Cc::cbc, false},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", Kx::rsa, Cc::cbc, false},
    {0x003e, "TLS_DH_DSS_WITH_AES_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x003f, "TLS_DH_RSA_WITH_AES_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0042, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0043, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0060, "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5", Kx::rsa, Cc::export_grade, false},
    {0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5", Kx::rsa, Cc::export_grade, false},
    {0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", Kx::rsa, Cc::export_grade, false},
    {0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", Kx::dhe, Cc::export_grade, true},
    {0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", Kx::rsa, Cc::export_grade, false},
    {0x0065, "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA", Kx::dhe, Cc::export_grade, true},
    {0x0066, "TLS_DHE_DSS_WITH_RC4_128_SHA", Kx::dhe, Cc::rc4, true},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x0068, "TLS_DH_DSS_WITH_AES_256_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x0069, "TLS_DH_RSA_WITH_AES_256_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0085, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0086, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x008a, "TLS_PSK_WITH_RC4_128_SHA", Kx::psk, Cc::rc4, false},
    {0x008b, "TLS_PSK_WITH_3DES_EDE_CBC_SHA", Kx::psk, Cc::des, false},
    {0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", Kx::psk, Cc::cbc, false},
    {0x008d, "TLS_PSK_WITH_AES_256_CBC_SHA", Kx::psk, Cc::cbc, false},
    {0x008e, "TLS_DHE_PSK_WITH_RC4_128_SHA", Kx::dhe_psk, Cc::rc4, true},
    {0x008f, "TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA", Kx::dhe_psk, Cc::des, true},
    {0x0090, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA", Kx::dhe_psk, Cc::cbc, true},
    {0x0091, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA", Kx::dhe_psk, Cc::cbc, true},
    {0x0092, "TLS_RSA_PSK_WITH_RC4_128_SHA", Kx::psk, Cc::rc4, false},
    {0x0093, "TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA", Kx::psk, Cc::des, false},
    {0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", Kx::psk, Cc::cbc, false},
    {0x0095, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA", Kx::psk, Cc::cbc, false},
    {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", Kx::rsa, Cc::cbc, false},
    {0x0097, "TLS_DH_DSS_WITH_SEED_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0098, "TLS_DH_RSA_WITH_SEED_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x009b, "TLS_DH_anon_WITH_SEED_CBC_SHA", Kx::dhe, Cc::cbc, true},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", Kx::rsa, Cc::aead, false},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", Kx::rsa, Cc::aead, false},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0x00a0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0x00a1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0x00a4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0x00a5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", Kx::dhe_psk, Cc::aead, true},
    {0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", Kx::dhe_psk, Cc::aead, true},
    {0x00ac, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0x00ad, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0x00af, "TLS_PSK_WITH_AES_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0x00b0, "TLS_PSK_WITH_NULL_SHA256", Kx::psk, Cc::null_cipher, false},
    {0x00b1, "TLS_PSK_WITH_NULL_SHA384", Kx::psk, Cc::null_cipher, false},
    {0x00b2, "TLS_DHE_PSK_WITH_AES_128_CBC_SHA256", Kx::dhe_psk, Cc::cbc, true},
    {0x00b3, "TLS_DHE_PSK_WITH_AES_256_CBC_SHA384", Kx::dhe_psk, Cc::cbc, true},
    {0x00b4, "TLS_DHE_PSK_WITH_NULL_SHA256", Kx::dhe_psk, Cc::null_cipher, true},
    {0x00b5, "TLS_DHE_PSK_WITH_NULL_SHA384", Kx::dhe_psk, Cc::null_cipher, true},
    {0x00b6, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0x00b7, "TLS_RSA_PSK_WITH_AES_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0x00b8, "TLS_RSA_PSK_WITH_NULL_SHA256", Kx::psk, Cc::null_cipher, false},
    {0x00b9, "TLS_RSA_PSK_WITH_NULL_SHA384", Kx::psk, Cc::null_cipher, false},
    {0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::rsa, Cc::cbc, false},
    {0x00bb, "TLS_DH_DSS_WITH_CAMELLIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x00bc, "TLS_DH_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x00bd, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00bf, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx::rsa, Cc::cbc, false},
    {0x00c1, "TLS_DH_DSS_WITH_CAMELLIA_256_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x00c2, "TLS_DH_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0x00c3, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00c5, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0x00c6, "TLS_SM4_GCM_SM3", Kx::tls13, Cc::tls13, true},
    {0x00c7, "TLS_SM4_CCM_SM3", Kx::tls13, Cc::tls13, true},
    {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", Kx::unknown, Cc::signalling, false},
    {0x1301, "TLS_AES_128_GCM_SHA256", Kx::tls13, Cc::tls13, true},
    {0x1302, "TLS_AES_256_GCM_SHA384", Kx::tls13, Cc::tls13, true},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", Kx::tls13, Cc::tls13, true},
    {0x1304, "TLS_AES_128_CCM_SHA256", Kx::tls13, Cc::tls13, true},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", Kx::tls13, Cc::tls13, true},
    {0x1306, "TLS_AEGIS_256_SHA384", Kx::tls13, Cc::tls13, true},
    {0x1307, "TLS_AEGIS_128L_SHA256", Kx::tls13, Cc::tls13, true},
    {0x5600, "TLS_FALLBACK_SCSV", Kx::unknown, Cc::signalling, false},
    {0xc001, "TLS_ECDH_ECDSA_WITH_NULL_SHA", Kx::unknown, Cc::null_cipher, false},
    {0xc002, "TLS_ECDH_ECDSA_WITH_RC4_128_SHA", Kx::unknown, Cc::rc4, false},
    {0xc003, "TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, false},
    {0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", Kx::ecdhe, Cc::null_cipher, true},
    {0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", Kx::ecdhe, Cc::rc4, true},
    {0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", Kx::ecdhe, Cc::des, true},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc00b, "TLS_ECDH_RSA_WITH_NULL_SHA", Kx::unknown, Cc::null_cipher, false},
    {0xc00c, "TLS_ECDH_RSA_WITH_RC4_128_SHA", Kx::unknown, Cc::rc4, false},
    {0xc00d, "TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, false},
    {0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, false},
    {0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA", Kx::ecdhe, Cc::null_cipher, true},
    {0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", Kx::ecdhe, Cc::rc4, true},
    {0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", Kx::ecdhe, Cc::des, true},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc015, "TLS_ECDH_anon_WITH_NULL_SHA", Kx::ecdhe, Cc::null_cipher, true},
    {0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", Kx::ecdhe, Cc::rc4, true},
    {0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", Kx::ecdhe, Cc::des, true},
    {0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", Kx::ecdhe, Cc::cbc, true},
    {0xc01a, "TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, true},
    {0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, true},
    {0xc01c, "TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA", Kx::unknown, Cc::des, true},
    {0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc01e, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc01f, "TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc020, "TLS_SRP_SHA_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc021, "TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc022, "TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA", Kx::unknown, Cc::cbc, true},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc025, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc026, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc029, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc02a, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc02e, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc033, "TLS_ECDHE_PSK_WITH_RC4_128_SHA", Kx::ecdhe_psk, Cc::rc4, true},
    {0xc034, "TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA", Kx::ecdhe_psk, Cc::des, true},
    {0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc036, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc037, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc038, "TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc039, "TLS_ECDHE_PSK_WITH_NULL_SHA", Kx::ecdhe_psk, Cc::null_cipher, true},
    {0xc03a, "TLS_ECDHE_PSK_WITH_NULL_SHA256", Kx::ecdhe_psk, Cc::null_cipher, true},
    {0xc03b, "TLS_ECDHE_PSK_WITH_NULL_SHA384", Kx::ecdhe_psk, Cc::null_cipher, true},
    {0xc03c, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", Kx::rsa, Cc::cbc, false},
    {0xc03d, "TLS_RSA_WITH_ARIA_256_CBC_SHA384", Kx::rsa, Cc::cbc, false},
    {0xc03e, "TLS_DH_DSS_WITH_ARIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc03f, "TLS_DH_DSS_WITH_ARIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc040, "TLS_DH_RSA_WITH_ARIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc041, "TLS_DH_RSA_WITH_ARIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc042, "TLS_DHE_DSS_WITH_ARIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0xc043, "TLS_DHE_DSS_WITH_ARIA_256_CBC_SHA384", Kx::dhe, Cc::cbc, true},
    {0xc044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0xc045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384", Kx::dhe, Cc::cbc, true},
    {0xc046, "TLS_DH_anon_WITH_ARIA_128_CBC_SHA256", Kx::dhe, Cc::cbc, true},
    {0xc047, "TLS_DH_anon_WITH_ARIA_256_CBC_SHA384", Kx::dhe, Cc::cbc, true},
    {0xc048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc04a, "TLS_ECDH_ECDSA_WITH_ARIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc04b, "TLS_ECDH_ECDSA_WITH_ARIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc04c, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc04d, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc04e, "TLS_ECDH_RSA_WITH_ARIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc04f, "TLS_ECDH_RSA_WITH_ARIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", Kx::rsa, Cc::aead, false},
    {0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384", Kx::rsa, Cc::aead, false},
    {0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc054, "TLS_DH_RSA_WITH_ARIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc055, "TLS_DH_RSA_WITH_ARIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc056, "TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc057, "TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc058, "TLS_DH_DSS_WITH_ARIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc059, "TLS_DH_DSS_WITH_ARIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc05a, "TLS_DH_anon_WITH_ARIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc05b, "TLS_DH_anon_WITH_ARIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc05e, "TLS_ECDH_ECDSA_WITH_ARIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc05f, "TLS_ECDH_ECDSA_WITH_ARIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc062, "TLS_ECDH_RSA_WITH_ARIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc063, "TLS_ECDH_RSA_WITH_ARIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc064, "TLS_PSK_WITH_ARIA_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0xc065, "TLS_PSK_WITH_ARIA_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0xc066, "TLS_DHE_PSK_WITH_ARIA_128_CBC_SHA256", Kx::dhe_psk, Cc::cbc, true},
    {0xc067, "TLS_DHE_PSK_WITH_ARIA_256_CBC_SHA384", Kx::dhe_psk, Cc::cbc, true},
    {0xc068, "TLS_RSA_PSK_WITH_ARIA_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0xc069, "TLS_RSA_PSK_WITH_ARIA_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0xc06a, "TLS_PSK_WITH_ARIA_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0xc06b, "TLS_PSK_WITH_ARIA_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0xc06c, "TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256", Kx::dhe_psk, Cc::aead, true},
    {0xc06d, "TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384", Kx::dhe_psk, Cc::aead, true},
    {0xc06e, "TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0xc06f, "TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0xc070, "TLS_ECDHE_PSK_WITH_ARIA_128_CBC_SHA256", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc071, "TLS_ECDHE_PSK_WITH_ARIA_256_CBC_SHA384", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc074, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc075, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::ecdhe, Cc::cbc, true},
    {0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", Kx::ecdhe, Cc::cbc, true},
    {0xc078, "TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256", Kx::unknown, Cc::cbc, false},
    {0xc079, "TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384", Kx::unknown, Cc::cbc, false},
    {0xc07a, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::rsa, Cc::aead, false},
    {0xc07b, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::rsa, Cc::aead, false},
    {0xc07c, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc07d, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc07e, "TLS_DH_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc07f, "TLS_DH_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc080, "TLS_DHE_DSS_WITH_CAMELLIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc081, "TLS_DHE_DSS_WITH_CAMELLIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc082, "TLS_DH_DSS_WITH_CAMELLIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc083, "TLS_DH_DSS_WITH_CAMELLIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc084, "TLS_DH_anon_WITH_CAMELLIA_128_GCM_SHA256", Kx::dhe, Cc::aead, true},
    {0xc085, "TLS_DH_anon_WITH_CAMELLIA_256_GCM_SHA384", Kx::dhe, Cc::aead, true},
    {0xc086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc088, "TLS_ECDH_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc089, "TLS_ECDH_ECDSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc08a, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xc08b, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::ecdhe, Cc::aead, true},
    {0xc08c, "TLS_ECDH_RSA_WITH_CAMELLIA_128_GCM_SHA256", Kx::unknown, Cc::aead, false},
    {0xc08d, "TLS_ECDH_RSA_WITH_CAMELLIA_256_GCM_SHA384", Kx::unknown, Cc::aead, false},
    {0xc08e, "TLS_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0xc08f, "TLS_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0xc090, "TLS_DHE_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx::dhe_psk, Cc::aead, true},
    {0xc091, "TLS_DHE_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx::dhe_psk, Cc::aead, true},
    {0xc092, "TLS_RSA_PSK_WITH_CAMELLIA_128_GCM_SHA256", Kx::psk, Cc::aead, false},
    {0xc093, "TLS_RSA_PSK_WITH_CAMELLIA_256_GCM_SHA384", Kx::psk, Cc::aead, false},
    {0xc094, "TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0xc095, "TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0xc096, "TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx::dhe_psk, Cc::cbc, true},
    {0xc097, "TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx::dhe_psk, Cc::cbc, true},
    {0xc098, "TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx::psk, Cc::cbc, false},
    {0xc099, "TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx::psk, Cc::cbc, false},
    {0xc09a, "TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc09b, "TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384", Kx::ecdhe_psk, Cc::cbc, true},
    {0xc09c, "TLS_RSA_WITH_AES_128_CCM", Kx::rsa, Cc::aead, false},
    {0xc09d, "TLS_RSA_WITH_AES_256_CCM", Kx::rsa, Cc::aead, false},
    {0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM", Kx::dhe, Cc::aead, true},
    {0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM", Kx::dhe, Cc::aead, true},
    {0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", Kx::rsa, Cc::aead, false},
    {0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8", Kx::rsa, Cc::aead, false},
    {0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", Kx::dhe, Cc::aead, true},
    {0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8", Kx::dhe, Cc::aead, true},
    {0xc0a4, "TLS_PSK_WITH_AES_128_CCM", Kx::psk, Cc::aead, false},
    {0xc0a5, "TLS_PSK_WITH_AES_256_CCM", Kx::psk, Cc::aead, false},
    {0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM", Kx::dhe_psk, Cc::aead, true},
    {0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM", Kx::dhe_psk, Cc::aead, true},
    {0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", Kx::psk, Cc::aead, false},
    {0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", Kx::psk, Cc::aead, false},
    {0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", Kx::dhe_psk, Cc::aead, true},
    {0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8", Kx::dhe_psk, Cc::aead, true},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", Kx::ecdhe, Cc::aead, true},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", Kx::ecdhe, Cc::aead, true},
    {0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", Kx::ecdhe, Cc::aead, true},
    {0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", Kx::ecdhe, Cc::aead, true},
    {0xc0b0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", Kx::unknown, Cc::aead, true},
    {0xc0b1, "TLS_ECCPWD_WITH_AES_256_GCM_SHA384", Kx::unknown, Cc::aead, true},
    {0xc0b2, "TLS_ECCPWD_WITH_AES_128_CCM_SHA256", Kx::unknown, Cc::aead, true},
    {0xc0b3, "TLS_ECCPWD_WITH_AES_256_CCM_SHA384", Kx::unknown, Cc::aead, true},
    {0xc0b4, "TLS_SHA256_SHA256", Kx::tls13, Cc::null_cipher, true},
    {0xc0b5, "TLS_SHA384_SHA384", Kx::tls13, Cc::null_cipher, true},
    {0xc100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", Kx::unknown, Cc::cbc, false},
    {0xc101, "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC", Kx::unknown, Cc::cbc, false},
    {0xc102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT", Kx::unknown, Cc::cbc, false},
    {0xc103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", Kx::tls13, Cc::tls13, true},
    {0xc104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L", Kx::tls13, Cc::tls13, true},
    {0xc105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S", Kx::tls13, Cc::tls13, true},
    {0xc106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", Kx::tls13, Cc::tls13, true},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", Kx::ecdhe, Cc::aead, true},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", Kx::dhe, Cc::aead, true},
    {0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx::psk, Cc::aead, false},
    {0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx::ecdhe_psk, Cc::aead, true},
    {0xccad, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx::dhe_psk, Cc::aead, true},
    {0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", Kx::psk, Cc::aead, false},
    {0xd001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", Kx::ecdhe_psk, Cc::aead, true},
    {0xd002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", Kx::ecdhe_psk, Cc::aead, true},
    {0xd003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", Kx::ecdhe_psk, Cc::aead, true},
    {0xd005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", Kx::ecdhe_psk, Cc::aead, true},
};
static_assert(strictly_increasing(kCipherSuites));

}  // namespace

// RFC 8701 2: GREASE values are 0x?A?A with both bytes equal.
bool is_grease(std::uint16_t value) { return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff); }

std::string_view version_name(std::uint16_t version) {
  if (is_grease(version)) return "GREASE";
  // RFC 8446 draft versions are 0x7f00 + draft number.
  if ((version >> 8) == 0x7f) {
    const unsigned draft = version & 0xff;
    if (draft >= 1 && draft <= std::size(kDraftNames)) return kDraftNames[draft - 1];
    return {};
  }
  return lookup_name(kVersions, version);
}

std::string_view alert_name(AlertDescription description) {
  return lookup_name(kAlerts, static_cast<std::uint8_t>(description));
}

std::string_view alert_level_name(AlertLevel level) {
  // RFC 5246 7.2 AlertLevel.
  switch (level) {
    case AlertLevel::warning:
      return "warning";
    case AlertLevel::fatal:
      return "fatal";
    default:
      return {};
  }
}

std::string_view handshake_type_name(std::uint8_t type) { return lookup_name(kHandshakeTypes, type); }

std::string_view content_type_name(std::uint8_t type) { return lookup_name(kContentTypes, type); }

std::string_view extension_name(std::uint16_t type) { return lookup_name(kExtensions, type); }

std::string_view group_name(std::uint16_t group) { return lookup_name(kGroups, group); }

std::string_view signature_scheme_name(std::uint16_t scheme) {
  return lookup_name(kSignatureSchemes, scheme);
}

CipherSuiteInfo cipher_suite_info(std::uint16_t suite) {
  const SuiteRow* row = find_row(kCipherSuites, suite);
  if (row == nullptr) return {};
  return {row->name, row->key_exchange, row->cipher, row->forward_secret};
}

std::string_view cipher_class_name(CipherClass c) {
  switch (c) {
    case CipherClass::unknown:
      return "unknown";
    case CipherClass::tls13:
      return "tls13";
    case CipherClass::aead:
      return "aead";
    case CipherClass::cbc:
      return "cbc";
    case CipherClass::rc4:
      return "rc4";
    case CipherClass::des:
      return "des";
    case CipherClass::null_cipher:
      return "null";
    case CipherClass::export_grade:
      return "export";
    case CipherClass::signalling:
      return "signalling";
  }
  return "unknown";
}

}  // namespace tlsanalyze::parsers
