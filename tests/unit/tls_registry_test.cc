// Tests for parsers/tls_registry: names and classifications of TLS registry
// values. Expected names are spot checks against the RFCs that define the
// values (RFC 5246 Appendix A.5, RFC 8446 B.4, RFC 8422, RFC 5289, RFC 7905),
// independent of the table in the .cc.
#include "parsers/tls_registry.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "parsers/tls_extensions.h"
#include "parsers/tls_handshake.h"
#include "parsers/tls_record.h"

namespace tlsanalyze::parsers {
namespace {

TEST(TlsRegistryTest, CipherSuiteNames) {
  struct Case {
    std::uint16_t value;
    std::string_view name;
    KeyExchangeKind kx;
    CipherClass cipher;
    bool forward_secret;
  };
  const Case cases[] = {
      {0x0000, "TLS_NULL_WITH_NULL_NULL", KeyExchangeKind::unknown, CipherClass::null_cipher, false},
      {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", KeyExchangeKind::rsa, CipherClass::export_grade, false},
      {0x0005, "TLS_RSA_WITH_RC4_128_SHA", KeyExchangeKind::rsa, CipherClass::rc4, false},
      {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", KeyExchangeKind::rsa, CipherClass::des, false},
      {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", KeyExchangeKind::dhe, CipherClass::des, true},
      {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", KeyExchangeKind::rsa, CipherClass::cbc, false},
      {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", KeyExchangeKind::dhe, CipherClass::cbc, true},
      {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", KeyExchangeKind::rsa, CipherClass::cbc, false},
      {0x003b, "TLS_RSA_WITH_NULL_SHA256", KeyExchangeKind::rsa, CipherClass::null_cipher, false},
      {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", KeyExchangeKind::rsa, CipherClass::aead, false},
      {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchangeKind::dhe, CipherClass::aead, true},
      {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", KeyExchangeKind::unknown, CipherClass::signalling, false},
      {0x1301, "TLS_AES_128_GCM_SHA256", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x1302, "TLS_AES_256_GCM_SHA384", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x1303, "TLS_CHACHA20_POLY1305_SHA256", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x1304, "TLS_AES_128_CCM_SHA256", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x1305, "TLS_AES_128_CCM_8_SHA256", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x5600, "TLS_FALLBACK_SCSV", KeyExchangeKind::unknown, CipherClass::signalling, false},
      {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", KeyExchangeKind::ecdhe, CipherClass::cbc, true},
      {0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", KeyExchangeKind::ecdhe, CipherClass::rc4, true},
      {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", KeyExchangeKind::ecdhe, CipherClass::cbc, true},
      {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", KeyExchangeKind::ecdhe, CipherClass::aead, true},
      {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchangeKind::ecdhe, CipherClass::aead, true},
      {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", KeyExchangeKind::ecdhe, CipherClass::aead, true},
      {0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", KeyExchangeKind::unknown, CipherClass::cbc, false},
      {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", KeyExchangeKind::ecdhe, CipherClass::aead,
       true},
      {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", KeyExchangeKind::ecdhe, CipherClass::aead,
       true},
      {0xccae, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256", KeyExchangeKind::psk, CipherClass::aead, false},
      {0x008c, "TLS_PSK_WITH_AES_128_CBC_SHA", KeyExchangeKind::psk, CipherClass::cbc, false},
      {0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", KeyExchangeKind::ecdhe_psk, CipherClass::cbc, true},
      {0x00aa, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256", KeyExchangeKind::dhe_psk, CipherClass::aead, true},
      {0xc01d, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA", KeyExchangeKind::unknown, CipherClass::cbc, true},
      {0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", KeyExchangeKind::rsa, CipherClass::cbc, false},
      {0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", KeyExchangeKind::rsa, CipherClass::aead, false},
      {0xc0b0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", KeyExchangeKind::unknown, CipherClass::aead, true},
      {0xc100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", KeyExchangeKind::unknown, CipherClass::cbc,
       false},
      {0xc103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0xc106, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_S", KeyExchangeKind::tls13, CipherClass::tls13, true},
      {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5", KeyExchangeKind::dhe, CipherClass::export_grade, true},
      {0x0062, "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", KeyExchangeKind::rsa, CipherClass::export_grade, false},
      {0xd001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", KeyExchangeKind::ecdhe_psk, CipherClass::aead, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const CipherSuiteInfo info = cipher_suite_info(c.value);
    EXPECT_EQ(info.name, c.name);
    EXPECT_EQ(info.key_exchange, c.kx);
    EXPECT_EQ(info.cipher, c.cipher);
    EXPECT_EQ(info.forward_secret, c.forward_secret);
  }
}

TEST(TlsRegistryTest, UnknownCipherSuitesHaveNoName) {
  for (std::uint16_t v : {std::uint16_t{0x0a0a}, std::uint16_t{0x001c}, std::uint16_t{0x1300},
                          std::uint16_t{0x1308}, std::uint16_t{0xc0b6}, std::uint16_t{0xffff}}) {
    SCOPED_TRACE(v);
    const CipherSuiteInfo info = cipher_suite_info(v);
    EXPECT_TRUE(info.name.empty());
    EXPECT_EQ(info.cipher, CipherClass::unknown);
    EXPECT_EQ(info.key_exchange, KeyExchangeKind::unknown);
    EXPECT_FALSE(info.forward_secret);
  }
}

TEST(TlsRegistryTest, CipherSuiteTableIsCompleteAndUnique) {
  // Every value is looked up once: the table's values are unique by
  // construction of the binary search (checked by static_assert in the .cc),
  // and here every name must be unique, well formed and classified.
  std::set<std::string_view> names;
  std::size_t known = 0;
  std::size_t tls13 = 0;
  for (std::uint32_t v = 0; v <= 0xffff; ++v) {
    const CipherSuiteInfo info = cipher_suite_info(static_cast<std::uint16_t>(v));
    if (info.name.empty()) continue;
    SCOPED_TRACE(std::string(info.name));
    ++known;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name";
    EXPECT_EQ(info.name.substr(0, 4), "TLS_");
    EXPECT_NE(info.cipher, CipherClass::unknown);
    if (info.cipher == CipherClass::tls13) ++tls13;
    EXPECT_FALSE(is_grease(static_cast<std::uint16_t>(v)));
  }
  // IANA's 352 assignments as of 2025 plus the seven 0x0060-0x0066 suites.
  EXPECT_EQ(known, 359u);
  // 0x1301-0x1307, SM4 0x00c6/0x00c7, GOST 0xc103-0xc106.
  EXPECT_EQ(tls13, 13u);
}

TEST(TlsRegistryTest, CipherClassNames) {
  EXPECT_EQ(cipher_class_name(CipherClass::unknown), "unknown");
  EXPECT_EQ(cipher_class_name(CipherClass::tls13), "tls13");
  EXPECT_EQ(cipher_class_name(CipherClass::aead), "aead");
  EXPECT_EQ(cipher_class_name(CipherClass::cbc), "cbc");
  EXPECT_EQ(cipher_class_name(CipherClass::rc4), "rc4");
  EXPECT_EQ(cipher_class_name(CipherClass::des), "des");
  EXPECT_EQ(cipher_class_name(CipherClass::null_cipher), "null");
  EXPECT_EQ(cipher_class_name(CipherClass::export_grade), "export");
  EXPECT_EQ(cipher_class_name(CipherClass::signalling), "signalling");
  EXPECT_EQ(cipher_suite_info(kFallbackScsv).cipher, CipherClass::signalling);
  EXPECT_EQ(cipher_suite_info(kEmptyRenegotiationInfoScsv).cipher, CipherClass::signalling);
}

TEST(TlsRegistryTest, Grease) {
  // RFC 8701 2: exactly 0x0a0a, 0x1a1a, ..., 0xfafa.
  std::size_t count = 0;
  for (std::uint32_t v = 0; v <= 0xffff; ++v)
    if (is_grease(static_cast<std::uint16_t>(v))) ++count;
  EXPECT_EQ(count, 16u);
  for (unsigned hi = 0; hi < 16; ++hi) {
    const auto v = static_cast<std::uint16_t>(((hi << 4 | 0xa) << 8) | (hi << 4 | 0xa));
    EXPECT_TRUE(is_grease(v)) << v;
  }
  EXPECT_FALSE(is_grease(0x0a1a));
  EXPECT_FALSE(is_grease(0x0303));
}

TEST(TlsRegistryTest, VersionNames) {
  struct Case {
    std::uint16_t value;
    std::string_view name;
  };
  const Case cases[] = {
      {0x0002, "SSL2.0"},
      {0x0300, "SSL3.0"},
      {0x0301, "TLS1.0"},
      {0x0302, "TLS1.1"},
      {0x0303, "TLS1.2"},
      {0x0304, "TLS1.3"},
      {0x7f01, "TLS1.3-draft1"},
      {0x7f12, "TLS1.3-draft18"},
      {0x7f17, "TLS1.3-draft23"},
      {0x7f1c, "TLS1.3-draft28"},
      {0xfb17, "TLS1.3-fb23"},
      {0xfb1a, "TLS1.3-fb26"},
      {0xfeff, "DTLS1.0"},
      {0xfefd, "DTLS1.2"},
      {0xfefc, "DTLS1.3"},
      {0x0a0a, "GREASE"},
      {0xfafa, "GREASE"},
      {0x7f00, ""},
      {0x7f1d, ""},
      {0x0305, ""},
      {0x1234, ""},
      {0x0000, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(version_name(c.value), c.name);
  }
}

TEST(TlsRegistryTest, AlertNames) {
  struct Case {
    std::uint8_t value;
    std::string_view name;
  };
  const Case cases[] = {
      {0, "close_notify"},
      {10, "unexpected_message"},
      {20, "bad_record_mac"},
      {21, "decryption_failed"},
      {22, "record_overflow"},
      {30, "decompression_failure"},
      {40, "handshake_failure"},
      {41, "no_certificate"},
      {42, "bad_certificate"},
      {43, "unsupported_certificate"},
      {44, "certificate_revoked"},
      {45, "certificate_expired"},
      {46, "certificate_unknown"},
      {47, "illegal_parameter"},
      {48, "unknown_ca"},
      {49, "access_denied"},
      {50, "decode_error"},
      {51, "decrypt_error"},
      {60, "export_restriction"},
      {70, "protocol_version"},
      {71, "insufficient_security"},
      {80, "internal_error"},
      {86, "inappropriate_fallback"},
      {90, "user_canceled"},
      {100, "no_renegotiation"},
      {109, "missing_extension"},
      {110, "unsupported_extension"},
      {111, "certificate_unobtainable"},
      {112, "unrecognized_name"},
      {113, "bad_certificate_status_response"},
      {114, "bad_certificate_hash_value"},
      {115, "unknown_psk_identity"},
      {116, "certificate_required"},
      {120, "no_application_protocol"},
      {121, "ech_required"},
  };
  // Wire bytes are AlertDescriptions as they stand (unknown ones included).
  auto alert = [](unsigned v) { return static_cast<AlertDescription>(v); };
  auto level = [](unsigned v) { return static_cast<AlertLevel>(v); };
  for (const Case& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.value));
    EXPECT_EQ(alert_name(alert(c.value)), c.name);
  }
  std::size_t named = 0;
  for (unsigned v = 0; v <= 255; ++v)
    if (!alert_name(alert(v)).empty()) ++named;
  // The 35 above plus 52 too_many_cids_requested and 117 general_error.
  EXPECT_EQ(named, 37u);
  EXPECT_EQ(alert_name(alert(52)), "too_many_cids_requested");
  EXPECT_EQ(alert_name(alert(117)), "general_error");
  EXPECT_TRUE(alert_name(alert(1)).empty());
  EXPECT_TRUE(alert_name(alert(255)).empty());
  // The enum's names are the registry's: one list gives both.
  EXPECT_EQ(static_cast<unsigned>(AlertDescription::unknown_ca), 48u);
  EXPECT_EQ(alert_name(AlertDescription::no_application_protocol), "no_application_protocol");

  EXPECT_EQ(alert_level_name(level(1)), "warning");
  EXPECT_EQ(alert_level_name(level(2)), "fatal");
  EXPECT_TRUE(alert_level_name(level(0)).empty());
  EXPECT_TRUE(alert_level_name(level(3)).empty());
}

TEST(TlsRegistryTest, HandshakeAndContentTypeNames) {
  // Every HandshakeType enumerator has a name.
  const HandshakeType types[] = {
      HandshakeType::hello_request,          HandshakeType::client_hello,
      HandshakeType::server_hello,           HandshakeType::hello_verify_request,
      HandshakeType::new_session_ticket,     HandshakeType::end_of_early_data,
      HandshakeType::encrypted_extensions,   HandshakeType::certificate,
      HandshakeType::server_key_exchange,    HandshakeType::certificate_request,
      HandshakeType::server_hello_done,      HandshakeType::certificate_verify,
      HandshakeType::client_key_exchange,    HandshakeType::finished,
      HandshakeType::certificate_url,        HandshakeType::certificate_status,
      HandshakeType::supplemental_data,      HandshakeType::key_update,
      HandshakeType::compressed_certificate, HandshakeType::message_hash,
  };
  for (HandshakeType t : types) {
    SCOPED_TRACE(static_cast<int>(t));
    EXPECT_FALSE(handshake_type_name(static_cast<std::uint8_t>(t)).empty());
  }
  EXPECT_EQ(handshake_type_name(1), "ClientHello");
  EXPECT_EQ(handshake_type_name(2), "ServerHello");
  EXPECT_EQ(handshake_type_name(11), "Certificate");
  EXPECT_EQ(handshake_type_name(12), "ServerKeyExchange");
  EXPECT_EQ(handshake_type_name(14), "ServerHelloDone");
  EXPECT_EQ(handshake_type_name(20), "Finished");
  EXPECT_TRUE(handshake_type_name(7).empty());
  EXPECT_TRUE(handshake_type_name(255).empty());

  EXPECT_EQ(content_type_name(static_cast<std::uint8_t>(ContentType::change_cipher_spec)),
            "change_cipher_spec");
  EXPECT_EQ(content_type_name(static_cast<std::uint8_t>(ContentType::alert)), "alert");
  EXPECT_EQ(content_type_name(static_cast<std::uint8_t>(ContentType::handshake)), "handshake");
  EXPECT_EQ(content_type_name(static_cast<std::uint8_t>(ContentType::application_data)), "application_data");
  EXPECT_EQ(content_type_name(static_cast<std::uint8_t>(ContentType::heartbeat)), "heartbeat");
  EXPECT_TRUE(content_type_name(19).empty());
  EXPECT_TRUE(content_type_name(0x80).empty());
}

TEST(TlsRegistryTest, ExtensionNames) {
  struct Case {
    ExtensionType type;
    std::string_view name;
  };
  // Every ExtensionType enumerator, by its IANA name.
  const Case cases[] = {
      {ExtensionType::server_name, "server_name"},
      {ExtensionType::status_request, "status_request"},
      {ExtensionType::supported_groups, "supported_groups"},
      {ExtensionType::ec_point_formats, "ec_point_formats"},
      {ExtensionType::signature_algorithms, "signature_algorithms"},
      {ExtensionType::alpn, "application_layer_protocol_negotiation"},
      {ExtensionType::padding, "padding"},
      {ExtensionType::encrypt_then_mac, "encrypt_then_mac"},
      {ExtensionType::extended_master_secret, "extended_master_secret"},
      {ExtensionType::compress_certificate, "compress_certificate"},
      {ExtensionType::session_ticket, "session_ticket"},
      {ExtensionType::pre_shared_key, "pre_shared_key"},
      {ExtensionType::early_data, "early_data"},
      {ExtensionType::supported_versions, "supported_versions"},
      {ExtensionType::cookie, "cookie"},
      {ExtensionType::psk_key_exchange_modes, "psk_key_exchange_modes"},
      {ExtensionType::certificate_authorities, "certificate_authorities"},
      {ExtensionType::signature_algorithms_cert, "signature_algorithms_cert"},
      {ExtensionType::key_share, "key_share"},
      {ExtensionType::encrypted_client_hello, "encrypted_client_hello"},
      {ExtensionType::renegotiation_info, "renegotiation_info"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(extension_name(static_cast<std::uint16_t>(c.type)), c.name);
  }
  EXPECT_EQ(extension_name(18), "signed_certificate_timestamp");
  EXPECT_EQ(extension_name(57), "quic_transport_parameters");
  EXPECT_EQ(extension_name(0xfd00), "ech_outer_extensions");
  EXPECT_TRUE(extension_name(40).empty());  // reserved
  EXPECT_TRUE(extension_name(0x0a0a).empty());
  EXPECT_TRUE(extension_name(0xfffe).empty());
}

TEST(TlsRegistryTest, GroupNames) {
  struct Case {
    std::uint16_t value;
    std::string_view name;
  };
  const Case cases[] = {
      {23, "secp256r1"},
      {24, "secp384r1"},
      {25, "secp521r1"},
      {29, "x25519"},
      {30, "x448"},
      {26, "brainpoolP256r1"},
      {31, "brainpoolP256r1tls13"},
      {32, "brainpoolP384r1tls13"},
      {33, "brainpoolP512r1tls13"},
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
      {0xff01, "arbitrary_explicit_prime_curves"},
      {0, ""},
      {0x0a0a, ""},
      {42, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(group_name(c.value), c.name);
  }
}

TEST(TlsRegistryTest, SignatureSchemeNames) {
  struct Case {
    std::uint16_t value;
    std::string_view name;
  };
  const Case cases[] = {
      {0x0201, "rsa_pkcs1_sha1"},
      {0x0203, "ecdsa_sha1"},
      {0x0202, "dsa_sha1"},
      {0x0301, "rsa_pkcs1_sha224"},
      {0x0303, "ecdsa_sha224"},
      {0x0401, "rsa_pkcs1_sha256"},
      {0x0403, "ecdsa_secp256r1_sha256"},
      {0x0501, "rsa_pkcs1_sha384"},
      {0x0503, "ecdsa_secp384r1_sha384"},
      {0x0601, "rsa_pkcs1_sha512"},
      {0x0603, "ecdsa_secp521r1_sha512"},
      {0x0804, "rsa_pss_rsae_sha256"},
      {0x0805, "rsa_pss_rsae_sha384"},
      {0x0806, "rsa_pss_rsae_sha512"},
      {0x0807, "ed25519"},
      {0x0808, "ed448"},
      {0x0809, "rsa_pss_pss_sha256"},
      {0x080b, "rsa_pss_pss_sha512"},
      {0x081a, "ecdsa_brainpoolP256r1tls13_sha256"},
      {0x0905, "mldsa65"},
      {0x0000, ""},
      {0x0a0a, ""},
      {0xfe00, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    EXPECT_EQ(signature_scheme_name(c.value), c.name);
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
