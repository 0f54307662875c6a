// Tests for analyzer/certificates and analyzer/trust_store. Every certificate
// is generated here with OpenSSL's C API (no files checked in, no shelling
// out), with validity periods relative to one fixed instant, kNow, so no test
// depends on the clock.
#include "analyzer/x509/certificates.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/x509/trust_store.h"
#include "tests/support/x509_extension.h"

namespace {

using tlsanalyze::analyzer::certificate_validity_at;
using tlsanalyze::analyzer::CertificateInfo;
using tlsanalyze::analyzer::chain_status_name;
using tlsanalyze::analyzer::ChainCheck;
using tlsanalyze::analyzer::ChainStatus;
using tlsanalyze::analyzer::check_chain;
using tlsanalyze::analyzer::check_hostname;
using tlsanalyze::analyzer::format_utc;
using tlsanalyze::analyzer::kMaxChainCertificates;
using tlsanalyze::analyzer::parse_certificate_der;
using tlsanalyze::analyzer::TrustStore;
using tlsanalyze::analyzer::ValidityState;

using Der = std::vector<std::uint8_t>;

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14T22:13:20Z, "the packet's time"
constexpr std::int64_t kDay = 86400;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

Key ec_key() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }
Key rsa_key(std::size_t bits) { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits)); }
Key ed25519_key() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")); }

// Spec describes one test certificate. Extension values use OpenSSL's
// configuration syntax (X509V3_EXT_conf_nid), e.g. san = "DNS:a.example,IP:192.0.2.1".
struct Spec {
  std::vector<std::pair<std::string, std::string>> subject;  // in DER order (O before CN)
  EVP_PKEY* key = nullptr;                                   // the subject's key
  X509* issuer = nullptr;      // nullptr: the issuer name is the subject (self-issued)
  EVP_PKEY* signer = nullptr;  // nullptr: `key` (self-signed)
  std::int64_t not_before = kNow - 30 * kDay;
  std::int64_t not_after = kNow + 60 * kDay;
  std::string basic_constraints;  // "" = absent
  std::string key_usage;
  std::string ext_key_usage;
  std::string san;
  std::string aia;
  const EVP_MD* md = EVP_sha256();  // nullptr for Ed25519
  long serial = 1;
  std::string bad_not_after;  // when set, replaces notAfter's content (a malformed time)
};

Cert make_cert(const Spec& s) {
  Cert cert(X509_new());
  EXPECT_EQ(X509_set_version(cert.get(), X509_VERSION_3), 1);
  EXPECT_EQ(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), s.serial), 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : s.subject) {
    EXPECT_EQ(X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0),
              1);
  }
  EXPECT_EQ(X509_set_issuer_name(cert.get(), s.issuer != nullptr ? X509_get_subject_name(s.issuer) : name),
            1);
  EXPECT_NE(ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(s.not_before)), nullptr);
  EXPECT_NE(ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(s.not_after)), nullptr);
  if (!s.bad_not_after.empty()) {
    EXPECT_EQ(ASN1_STRING_set(X509_getm_notAfter(cert.get()), s.bad_not_after.data(),
                              static_cast<int>(s.bad_not_after.size())),
              1);
  }
  EXPECT_EQ(X509_set_pubkey(cert.get(), s.key), 1);
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_basic_constraints, s.basic_constraints);
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_key_usage, s.key_usage);
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_ext_key_usage, s.ext_key_usage);
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_subject_alt_name, s.san);
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_info_access, s.aia);
  EXPECT_GT(X509_sign(cert.get(), s.signer != nullptr ? s.signer : s.key, s.md), 0);
  return cert;
}

Der to_der(X509* cert) {
  unsigned char* buf = nullptr;
  const int len = i2d_X509(cert, &buf);
  EXPECT_GT(len, 0);
  Der out(buf, buf + std::max(len, 0));
  OPENSSL_free(buf);
  return out;
}

// Pki is the test PKI: root -> intermediate -> leaves, plus the odd ones.
// Built once per test suite (key generation dominates the run time).
struct Pki {
  Key root_key = ec_key(), inter_key = ec_key(), leaf_key = ec_key(), other_key = ec_key();
  Key rsa1024 = rsa_key(1024), ed25519 = ed25519_key();
  Cert root, other_root, inter, expired_inter, non_ca_inter;
  Cert leaf, expired_leaf, future_leaf, self_signed, expired_self_signed, self_issued_only, cn_only,
      wrong_key_leaf, client_leaf, leaf_of_expired_inter, leaf_of_non_ca, sha1_rsa1024, ed25519_cert,
      utf8_subject, long_lived, bad_time;

  Pki() {
    const std::int64_t ten_years = 3650 * kDay;
    Spec s = spec({{"O", "Example"}, {"CN", "Test Root CA"}}, root_key.get(), 0x1000);
    s.not_before = kNow - ten_years;
    s.not_after = kNow + ten_years;
    s.basic_constraints = "critical,CA:TRUE";
    s.key_usage = "critical,keyCertSign,cRLSign";
    root = make_cert(s);

    s = spec({{"O", "Elsewhere"}, {"CN", "Other Root CA"}}, other_key.get(), 0x2000);
    s.not_before = kNow - ten_years;
    s.not_after = kNow + ten_years;
    s.basic_constraints = "critical,CA:TRUE";
    other_root = make_cert(s);

    s = spec({{"O", "Example"}, {"CN", "Test Intermediate CA"}}, inter_key.get(), 0x1001);
    issued_by(s, root.get(), root_key.get());
    s.not_before = kNow - 365 * kDay;
    s.not_after = kNow + 5 * 365 * kDay;
    s.basic_constraints = "critical,CA:TRUE,pathlen:0";
    s.key_usage = "critical,keyCertSign,cRLSign";
    s.aia = "caIssuers;URI:http://ca.example/root.der";
    inter = make_cert(s);

    s = spec({{"O", "Example"}, {"CN", "Old Intermediate CA"}}, inter_key.get(), 0x1003);
    issued_by(s, root.get(), root_key.get());
    s.not_before = kNow - 400 * kDay;
    s.not_after = kNow - kDay;
    s.basic_constraints = "critical,CA:TRUE";
    expired_inter = make_cert(s);

    s = spec({{"O", "Example"}, {"CN", "Not A CA"}}, inter_key.get(), 0x1004);
    issued_by(s, root.get(), root_key.get());
    s.basic_constraints = "CA:FALSE";
    non_ca_inter = make_cert(s);

    Spec leaf_spec = spec({{"O", "Example"}, {"CN", "leaf.example.com"}}, leaf_key.get(), 0x1002);
    issued_by(leaf_spec, inter.get(), inter_key.get());
    leaf_spec.basic_constraints = "CA:FALSE";
    leaf_spec.ext_key_usage = "serverAuth";
    leaf_spec.san = "DNS:leaf.example.com,DNS:*.api.example.com,IP:192.0.2.10,IP:2001:db8::1";
    leaf_spec.aia = "caIssuers;URI:http://ca.example/inter.der";
    leaf = make_cert(leaf_spec);
    s = leaf_spec;
    s.not_before = kNow - 90 * kDay;
    s.not_after = kNow - 3 * kDay;
    expired_leaf = make_cert(s);
    s = leaf_spec;
    s.not_before = kNow + 2 * kDay;
    s.not_after = kNow + 90 * kDay;
    future_leaf = make_cert(s);
    s = leaf_spec;
    s.signer = other_key.get();  // names the intermediate as issuer, signed by someone else
    wrong_key_leaf = make_cert(s);
    s = leaf_spec;
    s.ext_key_usage = "clientAuth";
    client_leaf = make_cert(s);
    s = leaf_spec;
    s.issuer = expired_inter.get();
    leaf_of_expired_inter = make_cert(s);
    s = leaf_spec;
    s.issuer = non_ca_inter.get();
    leaf_of_non_ca = make_cert(s);

    Spec self_spec = spec({{"CN", "self.example.com"}}, leaf_key.get(), 0x3000);
    self_spec.san = "DNS:self.example.com";
    self_signed = make_cert(self_spec);
    s = self_spec;
    s.not_before = kNow - 400 * kDay;
    s.not_after = kNow - 35 * kDay;
    expired_self_signed = make_cert(s);
    s = self_spec;
    s.signer = other_key.get();  // issuer name == subject, but another key signed it
    self_issued_only = make_cert(s);

    s = spec({{"O", "Example"}, {"CN", "legacy.example.com"}}, leaf_key.get(), 0x1005);
    issued_by(s, inter.get(), inter_key.get());
    cn_only = make_cert(s);

    s = spec({{"CN", "weak.example.com"}}, rsa1024.get(), 0x4000);
    s.md = EVP_sha1();
    sha1_rsa1024 = make_cert(s);

    s = spec({{"CN", "ed.example.com"}}, ed25519.get(), 0x4001);
    s.md = nullptr;  // Ed25519 signs the message itself (RFC 8410)
    ed25519_cert = make_cert(s);

    utf8_subject =
        make_cert(spec({{"O", "Ex\xc3\xa4mple"}, {"CN", "caf\xc3\xa9.example.com"}}, leaf_key.get(), 0x4002));

    // 1969 (UTCTime) to 2061 (GeneralizedTime): RFC 5280 4.1.2.5 switches in 2050.
    s = spec({{"CN", "long.example.com"}}, leaf_key.get(), 0x4003);
    s.not_before = -365 * kDay;
    s.not_after = 2871763200;  // 2061-01-01T00:00:00Z
    long_lived = make_cert(s);

    s = spec({{"CN", "badtime.example.com"}}, leaf_key.get(), 0x4004);
    issued_by(s, inter.get(), inter_key.get());
    s.bad_not_after = "99999999ZZZZ";
    bad_time = make_cert(s);
  }

  static Spec spec(std::vector<std::pair<std::string, std::string>> subject, EVP_PKEY* key, long serial) {
    Spec s;
    s.subject = std::move(subject);
    s.key = key;
    s.serial = serial;
    return s;
  }
  static void issued_by(Spec& s, X509* issuer, EVP_PKEY* issuer_key) {
    s.issuer = issuer;
    s.signer = issuer_key;
  }
};

// CertificatesTestBase shares one Pki between the tests of a suite and frees
// it before the program exits (so LeakSanitizer sees nothing).
class CertificatesTestBase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new Pki(); }
  static void TearDownTestSuite() {
    delete pki_;
    pki_ = nullptr;
  }
  static const Pki& pki() { return *pki_; }
  static Pki* pki_;
};
Pki* CertificatesTestBase::pki_ = nullptr;

CertificateInfo parse_ok(X509* cert) {
  CertificateInfo info;
  std::string error;
  const Der der = to_der(cert);
  EXPECT_TRUE(parse_certificate_der(der, info, error)) << error;
  return info;
}

std::string sha256_hex(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EXPECT_EQ(X509_digest(cert, EVP_sha256(), md, &len), 1);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", md[i]);
    hex += byte;
  }
  return hex;
}

// ---- parse_certificate_der ---------------------------------------------------

class CertificatesParseTest : public CertificatesTestBase {};

TEST_F(CertificatesParseTest, LeafFields) {
  const CertificateInfo info = parse_ok(pki().leaf.get());
  EXPECT_EQ(info.subject, "CN=leaf.example.com,O=Example");
  EXPECT_EQ(info.issuer, "CN=Test Intermediate CA,O=Example");
  EXPECT_EQ(info.common_name, "leaf.example.com");
  EXPECT_EQ(info.dns_names, (std::vector<std::string>{"leaf.example.com", "*.api.example.com"}));
  EXPECT_EQ(info.ip_addresses, (std::vector<std::string>{"192.0.2.10", "2001:db8::1"}));
  EXPECT_EQ(info.not_before, kNow - 30 * kDay);
  EXPECT_EQ(info.not_after, kNow + 60 * kDay);
  EXPECT_EQ(info.key_type, "EC");
  EXPECT_EQ(info.key_bits, 256);
  EXPECT_EQ(info.curve, "prime256v1");
  EXPECT_EQ(info.signature_algorithm, "ecdsa-with-SHA256");
  EXPECT_EQ(info.signature_hash, "SHA256");
  EXPECT_FALSE(info.signature_uses_sha1);
  EXPECT_FALSE(info.is_ca);
  EXPECT_FALSE(info.self_issued);
  EXPECT_FALSE(info.self_signed);
  EXPECT_EQ(info.serial_hex, "1002");
  EXPECT_EQ(info.sha256_fingerprint_hex, sha256_hex(pki().leaf.get()));
  EXPECT_EQ(info.ca_issuers_urls, (std::vector<std::string>{"http://ca.example/inter.der"}));
  EXPECT_TRUE(info.notes.empty());
}

TEST_F(CertificatesParseTest, RootIsCaSelfIssuedAndSelfSigned) {
  const CertificateInfo info = parse_ok(pki().root.get());
  EXPECT_EQ(info.subject, "CN=Test Root CA,O=Example");
  EXPECT_EQ(info.subject, info.issuer);
  EXPECT_TRUE(info.is_ca);
  EXPECT_TRUE(info.self_issued);
  EXPECT_TRUE(info.self_signed);
  EXPECT_TRUE(info.dns_names.empty());
}

TEST_F(CertificatesParseTest, SelfSignedLeafWithoutBasicConstraints) {
  const CertificateInfo info = parse_ok(pki().self_signed.get());
  EXPECT_FALSE(info.is_ca);
  EXPECT_TRUE(info.self_issued);
  EXPECT_TRUE(info.self_signed);
}

TEST_F(CertificatesParseTest, SelfIssuedButSignedByAnotherKeyIsNotSelfSigned) {
  const CertificateInfo info = parse_ok(pki().self_issued_only.get());
  EXPECT_TRUE(info.self_issued);
  EXPECT_FALSE(info.self_signed);
}

TEST_F(CertificatesParseTest, Sha1SignedRsa1024) {
  const CertificateInfo info = parse_ok(pki().sha1_rsa1024.get());
  EXPECT_EQ(info.key_type, "RSA");
  EXPECT_EQ(info.key_bits, 1024);
  EXPECT_TRUE(info.curve.empty());
  EXPECT_EQ(info.signature_algorithm, "sha1WithRSAEncryption");
  EXPECT_EQ(info.signature_hash, "SHA1");
  EXPECT_TRUE(info.signature_uses_sha1);
}

TEST_F(CertificatesParseTest, Ed25519) {
  const CertificateInfo info = parse_ok(pki().ed25519_cert.get());
  EXPECT_EQ(info.key_type, "Ed25519");
  EXPECT_GT(info.key_bits, 0);
  EXPECT_EQ(info.signature_algorithm, "ED25519");
  EXPECT_TRUE(info.signature_hash.empty());
  EXPECT_FALSE(info.signature_uses_sha1);
  EXPECT_TRUE(info.self_signed);
}

TEST_F(CertificatesParseTest, NonAsciiSubjectIsEscapedButCnIsUtf8) {
  const CertificateInfo info = parse_ok(pki().utf8_subject.get());
  EXPECT_EQ(info.subject, "CN=caf\\C3\\A9.example.com,O=Ex\\C3\\A4mple");
  EXPECT_EQ(info.common_name, "caf\xc3\xa9.example.com");
}

TEST_F(CertificatesParseTest, UtcTimeAndGeneralizedTimeBothConvert) {
  const CertificateInfo info = parse_ok(pki().long_lived.get());
  EXPECT_EQ(info.not_before, -365 * kDay);  // 1969, UTCTime
  EXPECT_EQ(info.not_after, 2871763200);    // 2061, GeneralizedTime
}

TEST_F(CertificatesParseTest, CnOnlyCertificateHasNoSans) {
  const CertificateInfo info = parse_ok(pki().cn_only.get());
  EXPECT_EQ(info.common_name, "legacy.example.com");
  EXPECT_TRUE(info.dns_names.empty());
  EXPECT_TRUE(info.ip_addresses.empty());
}

TEST_F(CertificatesParseTest, MalformedValidityTimeIsRefused) {
  CertificateInfo info;
  std::string error;
  EXPECT_FALSE(parse_certificate_der(to_der(pki().bad_time.get()), info, error));
  EXPECT_FALSE(error.empty());
}

TEST_F(CertificatesParseTest, RefusesEmptyGarbageAndTrailingBytes) {
  const Der good = to_der(pki().leaf.get());
  Der trailing = good;
  trailing.push_back(0x00);
  struct Case {
    const char* name;
    Der der;
  };
  const Case cases[] = {
      {"empty", {}},
      {"one byte", {0x30}},
      {"not DER", {'h', 'e', 'l', 'l', 'o'}},
      {"SEQUENCE claiming 2^32 bytes", {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00}},
      {"empty SEQUENCE", {0x30, 0x00}},
      {"trailing byte", trailing},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CertificateInfo info;
    info.subject = "stale";
    std::string error;
    EXPECT_FALSE(parse_certificate_der(c.der, info, error));
    EXPECT_FALSE(error.empty());
    EXPECT_TRUE(info.subject.empty());  // reset, no stale data
  }
}

TEST_F(CertificatesParseTest, TruncatedAtEveryLengthIsRefused) {
  const Der good = to_der(pki().leaf.get());
  for (std::size_t len = 0; len < good.size(); ++len) {
    SCOPED_TRACE(len);
    CertificateInfo info;
    std::string error;
    const Der cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len));
    EXPECT_FALSE(parse_certificate_der(cut, info, error));
  }
}

TEST_F(CertificatesParseTest, EveryByteCorruptedNeverCrashes) {
  // Hostile input is normal input: flip each byte; parsing and verifying must
  // stay defined (ASan/UBSan watch), whatever they conclude.
  const Der good = to_der(pki().leaf.get());
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().root.get()), error)) << error;
  const Der inter = to_der(pki().inter.get());
  for (std::size_t i = 0; i < good.size(); ++i) {
    Der bad = good;
    bad[i] ^= 0xff;
    CertificateInfo info;
    std::string why;
    if (parse_certificate_der(bad, info, why)) {
      EXPECT_FALSE(info.sha256_fingerprint_hex.empty());
    }
    const ChainCheck check = check_chain({bad, inter}, store, kNow, false);
    EXPECT_FALSE(check.detail.empty());
  }
}

// ---- certificate_validity_at / format_utc -----------------------------------

TEST(CertificatesValidityTest, EdgesFollowRfc5280) {
  CertificateInfo cert;
  cert.not_before = kNow;
  cert.not_after = kNow + 10 * kDay;
  struct Case {
    const char* name;
    std::int64_t at;
    ValidityState state;
    std::int64_t off;
    std::int64_t left;
    const char* text_prefix;
  };
  const Case cases[] = {
      {"one second early", kNow - 1, ValidityState::not_yet_valid, 1, 0, "not valid for another 1 second "},
      {"two hours early", kNow - 7200, ValidityState::not_yet_valid, 7200, 0,
       "not valid for another 2 hours"},
      {"at notBefore", kNow, ValidityState::valid, 0, 10 * kDay, "valid, expires in 10 days"},
      {"at notAfter (inclusive)", kNow + 10 * kDay, ValidityState::valid, 0, 0,
       "valid, expires in 0 seconds"},
      {"one second late", kNow + 10 * kDay + 1, ValidityState::expired, 1, 0, "expired 1 second ago"},
      {"a day and a bit late", kNow + 11 * kDay + 5, ValidityState::expired, kDay + 5, 0,
       "expired 1 day ago"},
      {"three days late", kNow + 13 * kDay, ValidityState::expired, 3 * kDay, 0,
       "expired 3 days ago (notAfter 2023-11-24T22:13:20Z)"},
      {"one minute late", kNow + 10 * kDay + 61, ValidityState::expired, 61, 0, "expired 1 minute ago"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto v = certificate_validity_at(cert, c.at);
    EXPECT_EQ(v.state, c.state);
    EXPECT_EQ(v.seconds_off, c.off);
    EXPECT_EQ(v.seconds_left, c.left);
    EXPECT_EQ(v.text.rfind(c.text_prefix, 0), 0u) << v.text;
  }
}

TEST(CertificatesValidityTest, ExtremeTimesSaturate) {
  CertificateInfo cert;
  cert.not_before = -1000;
  cert.not_after = 1000;
  const auto late = certificate_validity_at(cert, INT64_MAX);
  EXPECT_EQ(late.state, ValidityState::expired);
  EXPECT_EQ(late.seconds_off, INT64_MAX - 1000);
  cert.not_before = INT64_MAX;
  const auto early = certificate_validity_at(cert, INT64_MIN);
  EXPECT_EQ(early.state, ValidityState::not_yet_valid);
  EXPECT_EQ(early.seconds_off, INT64_MAX);  // saturated, no overflow
}

TEST(CertificatesValidityTest, FormatUtc) {
  struct Case {
    std::int64_t t;
    const char* want;
  };
  const Case cases[] = {
      {kNow, "2023-11-14T22:13:20Z"},         {0, "1970-01-01T00:00:00Z"},
      {-1, "1969-12-31T23:59:59Z"},           {951782400, "2000-02-29T00:00:00Z"},
      {253402300799, "9999-12-31T23:59:59Z"}, {253402300800, "@253402300800"},
      {-62135596800, "0001-01-01T00:00:00Z"}, {INT64_MIN, "@-9223372036854775808"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.t);
    EXPECT_EQ(format_utc(c.t), c.want);
  }
}

// ---- check_chain ---------------------------------------------------------------

class CertificatesChainTest : public CertificatesTestBase {};

TEST_F(CertificatesChainTest, EachStatus) {
  const Pki& p = pki();
  std::string error;
  TrustStore trusting_root;
  ASSERT_TRUE(trusting_root.add_certificate_der(to_der(p.root.get()), error)) << error;
  TrustStore trusting_other;
  ASSERT_TRUE(trusting_other.add_certificate_der(to_der(p.other_root.get()), error)) << error;
  TrustStore pinning_self_signed;
  ASSERT_TRUE(pinning_self_signed.add_certificate_der(to_der(p.self_signed.get()), error)) << error;

  const Der leaf = to_der(p.leaf.get()), inter = to_der(p.inter.get()), root = to_der(p.root.get());
  const Der garbage{0x30, 0x03, 0x02, 0x01, 0x00};
  const std::int64_t leaf_not_before = kNow - 30 * kDay, leaf_not_after = kNow + 60 * kDay;

  struct Case {
    const char* name;
    std::vector<Der> chain;
    const TrustStore* store;
    std::int64_t at;
    bool client;
    ChainStatus status;
    int depth;
    int openssl_error;
    const char* detail_has;
  };
  const Case cases[] = {
      {"leaf+intermediate",
       {leaf, inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::trusted,
       -1,
       0,
       "verifies to 'CN=Test Root CA,O=Example' in the trust store"},
      {"leaf+intermediate+root",
       {leaf, inter, root},
       &trusting_root,
       kNow,
       false,
       ChainStatus::trusted,
       -1,
       0,
       ""},
      {"out of order", {leaf, root, inter}, &trusting_root, kNow, false, ChainStatus::trusted, -1, 0, ""},
      {"leaf only",
       {leaf},
       &trusting_root,
       kNow,
       false,
       ChainStatus::incomplete_chain,
       0,
       X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       "the server sent only its leaf"},
      {"leaf and a wrong intermediate",
       {leaf, to_der(p.expired_inter.get())},
       &trusting_root,
       kNow,
       false,
       ChainStatus::incomplete_chain,
       0,
       X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       "wrong intermediate"},
      {"intermediate from an unknown root",
       {leaf, inter},
       &trusting_other,
       kNow,
       false,
       ChainStatus::unknown_ca,
       1,
       X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
       "private or corporate root"},
      {"untrusted root sent",
       {leaf, inter, root},
       &trusting_other,
       kNow,
       false,
       ChainStatus::unknown_ca,
       2,
       X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
       "self-signed root 'CN=Test Root CA,O=Example'"},
      {"self-signed leaf",
       {to_der(p.self_signed.get())},
       &trusting_root,
       kNow,
       false,
       ChainStatus::self_signed,
       0,
       X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
       "is self-signed"},
      {"pinned self-signed leaf",
       {to_der(p.self_signed.get())},
       &pinning_self_signed,
       kNow,
       false,
       ChainStatus::trusted,
       -1,
       0,
       "itself in the trust store"},
      {"expired leaf",
       {to_der(p.expired_leaf.get()), inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::expired,
       0,
       X509_V_ERR_CERT_HAS_EXPIRED,
       "the leaf 'CN=leaf.example.com,O=Example' expired 3 days before"},
      {"not yet valid leaf",
       {to_der(p.future_leaf.get()), inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::not_yet_valid,
       0,
       X509_V_ERR_CERT_NOT_YET_VALID,
       "not valid for another 2 days"},
      {"expired self-signed: expiry first, trust named too",
       {to_der(p.expired_self_signed.get())},
       &trusting_root,
       kNow,
       false,
       ChainStatus::expired,
       0,
       X509_V_ERR_CERT_HAS_EXPIRED,
       "Also: the leaf 'CN=self.example.com' is self-signed"},
      {"expired intermediate",
       {to_der(p.leaf_of_expired_inter.get()), to_der(p.expired_inter.get())},
       &trusting_root,
       kNow,
       false,
       ChainStatus::expired,
       1,
       X509_V_ERR_CERT_HAS_EXPIRED,
       "the intermediate 'CN=Old Intermediate CA,O=Example' expired 1 day"},
      {"bad signature",
       {to_der(p.wrong_key_leaf.get()), inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::bad_signature,
       0,
       X509_V_ERR_CERT_SIGNATURE_FAILURE,
       "does not verify with the key of its issuer"},
      {"issuer is not a CA",
       {to_der(p.leaf_of_non_ca.get()), to_der(p.non_ca_inter.get())},
       &trusting_root,
       kNow,
       false,
       ChainStatus::invalid_purpose_or_constraints,
       1,
       X509_V_ERR_INVALID_CA,
       "is not a CA"},
      {"clientAuth-only leaf as a server",
       {to_der(p.client_leaf.get()), inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::invalid_purpose_or_constraints,
       0,
       X509_V_ERR_INVALID_PURPOSE,
       "TLS server authentication"},
      {"clientAuth-only leaf as a client",
       {to_der(p.client_leaf.get()), inter},
       &trusting_root,
       kNow,
       true,
       ChainStatus::trusted,
       -1,
       0,
       ""},
      {"serverAuth-only leaf as a client",
       {leaf, inter},
       &trusting_root,
       kNow,
       true,
       ChainStatus::invalid_purpose_or_constraints,
       0,
       X509_V_ERR_INVALID_PURPOSE,
       "TLS client authentication"},
      {"garbage leaf",
       {garbage, inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::unparseable,
       0,
       0,
       "does not decode"},
      {"garbage after the leaf",
       {leaf, garbage},
       &trusting_root,
       kNow,
       false,
       ChainStatus::unparseable,
       1,
       0,
       "certificate 2 of the 2 sent does not decode"},
      {"malformed notAfter",
       {to_der(p.bad_time.get()), inter},
       &trusting_root,
       kNow,
       false,
       ChainStatus::unparseable,
       0,
       X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD,
       ""},
      {"nothing sent", {}, &trusting_root, kNow, false, ChainStatus::empty, -1, 0, "no certificate"},
      // Time edges, judged at the packet's time (RFC 5280 4.1.2.5: inclusive).
      {"at notBefore",
       {leaf, inter},
       &trusting_root,
       leaf_not_before,
       false,
       ChainStatus::trusted,
       -1,
       0,
       ""},
      {"a second before notBefore",
       {leaf, inter},
       &trusting_root,
       leaf_not_before - 1,
       false,
       ChainStatus::not_yet_valid,
       0,
       X509_V_ERR_CERT_NOT_YET_VALID,
       "1 second"},
      {"at notAfter", {leaf, inter}, &trusting_root, leaf_not_after, false, ChainStatus::trusted, -1, 0, ""},
      {"a second after notAfter",
       {leaf, inter},
       &trusting_root,
       leaf_not_after + 1,
       false,
       ChainStatus::expired,
       0,
       X509_V_ERR_CERT_HAS_EXPIRED,
       "expired 1 second"},
      {"the end of time",
       {leaf, inter},
       &trusting_root,
       INT64_MAX,
       false,
       ChainStatus::expired,
       0,
       X509_V_ERR_CERT_HAS_EXPIRED,
       ""},
      {"before the epoch",
       {leaf, inter},
       &trusting_root,
       INT64_MIN,
       false,
       ChainStatus::not_yet_valid,
       0,
       X509_V_ERR_CERT_NOT_YET_VALID,
       ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const ChainCheck check = check_chain(c.chain, *c.store, c.at, c.client);
    EXPECT_EQ(chain_status_name(check.status), chain_status_name(c.status)) << check.detail;
    EXPECT_EQ(check.error_depth, c.depth) << check.detail;
    EXPECT_EQ(check.openssl_error, c.openssl_error) << check.openssl_error_text;
    EXPECT_NE(check.detail.find(c.detail_has), std::string::npos) << check.detail;
    if (c.status != ChainStatus::empty) {
      EXPECT_EQ(check.status == ChainStatus::trusted, check.issues.empty());
    }
    if (getenv("CERTIFICATES_TEST_VERBOSE") != nullptr) std::printf("%s: %s\n", c.name, check.detail.c_str());
  }
}

TEST_F(CertificatesChainTest, IncompleteChainNamesTheMissingIssuer) {
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().root.get()), error)) << error;
  const ChainCheck check = check_chain({to_der(pki().leaf.get())}, store, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::incomplete_chain);
  EXPECT_EQ(check.missing_issuer, "CN=Test Intermediate CA,O=Example");
  EXPECT_EQ(check.missing_issuer_url, "http://ca.example/inter.der");
  EXPECT_NE(check.detail.find("serve the full chain"), std::string::npos);
  EXPECT_EQ(check.verified_path, (std::vector<std::string>{"CN=leaf.example.com,O=Example"}));
  EXPECT_FALSE(check.anchor_in_store);
  EXPECT_EQ(check.unused_certificates, 0);
}

TEST_F(CertificatesChainTest, UnknownCaNamesTheMissingRoot) {
  TrustStore empty;
  const ChainCheck check =
      check_chain({to_der(pki().leaf.get()), to_der(pki().inter.get())}, empty, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::unknown_ca);
  EXPECT_EQ(check.missing_issuer, "CN=Test Root CA,O=Example");
  EXPECT_EQ(check.missing_issuer_url, "http://ca.example/root.der");
  EXPECT_NE(check.detail.find("moderate confidence"), std::string::npos);
}

TEST_F(CertificatesChainTest, StoreHoldingOnlyAnIntermediateIsUnknownCa) {
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().inter.get()), error)) << error;
  const ChainCheck check = check_chain({to_der(pki().leaf.get())}, store, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::unknown_ca);
  EXPECT_EQ(check.openssl_error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT);
  EXPECT_EQ(check.error_depth, 1);
  EXPECT_TRUE(check.anchor_in_store);
  EXPECT_EQ(check.missing_issuer, "CN=Test Root CA,O=Example");
  EXPECT_NE(check.detail.find("the trust store holds 'CN=Test Intermediate CA,O=Example'"), std::string::npos)
      << check.detail;
}

TEST_F(CertificatesChainTest, TrustedPathEndsInTheStore) {
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().root.get()), error)) << error;
  const ChainCheck check =
      check_chain({to_der(pki().leaf.get()), to_der(pki().inter.get()), to_der(pki().other_root.get())},
                  store, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::trusted);
  EXPECT_EQ(check.verified_path,
            (std::vector<std::string>{"CN=leaf.example.com,O=Example", "CN=Test Intermediate CA,O=Example",
                                      "CN=Test Root CA,O=Example"}));
  EXPECT_TRUE(check.anchor_in_store);
  EXPECT_EQ(check.unused_certificates, 1);  // the unrelated root
  EXPECT_TRUE(check.missing_issuer.empty());
}

TEST_F(CertificatesChainTest, ExpiredSelfSignedReportsBothIssues) {
  TrustStore empty;
  const ChainCheck check = check_chain({to_der(pki().expired_self_signed.get())}, empty, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::expired);
  bool saw_self_signed = false;
  for (const auto& issue : check.issues) saw_self_signed |= issue.status == ChainStatus::self_signed;
  EXPECT_TRUE(saw_self_signed);
}

TEST_F(CertificatesChainTest, OverlongChainIsCapped) {
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().root.get()), error)) << error;
  std::vector<Der> chain{to_der(pki().leaf.get()), to_der(pki().inter.get())};
  const Der filler = to_der(pki().other_root.get());
  while (chain.size() < kMaxChainCertificates + 8) chain.push_back(filler);
  const ChainCheck check = check_chain(chain, store, kNow, false);
  EXPECT_EQ(check.status, ChainStatus::trusted);
  EXPECT_EQ(check.ignored_certificates, 8);
}

TEST_F(CertificatesChainTest, MovedFromStoreTrustsNothing) {
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.add_certificate_der(to_der(pki().root.get()), error)) << error;
  TrustStore moved = std::move(store);
  const std::vector<Der> chain{to_der(pki().leaf.get()), to_der(pki().inter.get())};
  EXPECT_EQ(check_chain(chain, moved, kNow, false).status, ChainStatus::trusted);
  EXPECT_EQ(check_chain(chain, store, kNow, false).status,
            ChainStatus::unknown_ca);  // NOLINT(bugprone-use-after-move)
  EXPECT_FALSE(store.add_certificate_der(to_der(pki().root.get()), error));
}

TEST(CertificatesChainStatusTest, NamesAreStable) {
  const std::pair<ChainStatus, const char*> cases[] = {
      {ChainStatus::trusted, "trusted"},
      {ChainStatus::incomplete_chain, "incomplete_chain"},
      {ChainStatus::unknown_ca, "unknown_ca"},
      {ChainStatus::self_signed, "self_signed"},
      {ChainStatus::expired, "expired"},
      {ChainStatus::not_yet_valid, "not_yet_valid"},
      {ChainStatus::bad_signature, "bad_signature"},
      {ChainStatus::invalid_purpose_or_constraints, "invalid_purpose_or_constraints"},
      {ChainStatus::unparseable, "unparseable"},
      {ChainStatus::empty, "empty"},
  };
  for (const auto& [status, name] : cases) EXPECT_EQ(chain_status_name(status), name);
}

// ---- check_hostname ---------------------------------------------------------------

TEST(CertificatesHostnameTest, SanTable) {
  CertificateInfo cert;
  cert.common_name = "cn-only.example.net";
  cert.dns_names = {
      "example.com", "*.example.com", "API.Example.ORG.", "f*.partial.com",
      "*.com",       "a.*.mid.com",   "*.wild.net",       std::string("bank.com\0.evil.com", 18)};
  cert.ip_addresses = {"192.0.2.10", "2001:db8::1"};
  struct Case {
    const char* name;
    bool matches;
    const char* matched;
    const char* reason_has;
  };
  const Case cases[] = {
      {"example.com", true, "example.com", ""},
      {"api.example.com", true, "*.example.com", "matches the DNS SAN"},
      {"API.EXAMPLE.COM", true, "*.example.com", ""},
      {"api.example.com.", true, "*.example.com", ""},
      {"a.b.example.com", false, "", "covers exactly one label"},
      {"wild.net", false, "", "does not cover the bare domain 'wild.net'"},
      {"api.example.org", true, "API.Example.ORG.", ""},
      {"foo.partial.com", false, "", "not the whole left-most label"},
      {"anything.com", false, "", "top-level domain"},
      {"a.x.mid.com", false, "", ""},
      {"cn-only.example.net", false, "", "CN is ignored when SANs exist"},
      {"bank.com", false, "", "not covered"},
      {"example.net", false, "", "not covered by the certificate's DNS SANs [example.com"},
      {"192.0.2.10", true, "192.0.2.10", "IP address SANs"},
      {"2001:DB8:0:0::1", true, "2001:db8::1", ""},
      {"[2001:db8::1]", true, "2001:db8::1", ""},
      {"192.0.2.11", false, "", "not among the certificate's IP address SANs"},
      {"", false, "", "no server name"},
      {".", false, "", "no server name"},
      {"a..example.com", false, "", "not a valid host name"},
      {"*.example.com", false, "", "not a valid host name"},
      {"exa mple.com", false, "", "not a valid host name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto check = check_hostname(cert, c.name);
    EXPECT_EQ(check.matches, c.matches) << check.reason;
    EXPECT_EQ(check.matched_name, c.matched);
    EXPECT_FALSE(check.via_common_name);
    EXPECT_NE(check.reason.find(c.reason_has), std::string::npos) << check.reason;
  }
  // A name with an embedded NUL is no host name (the classic CN/SAN NUL trick).
  const auto nul = check_hostname(cert, std::string_view("bank.com\0.evil.com", 18));
  EXPECT_FALSE(nul.matches);
}

TEST(CertificatesHostnameTest, CommonNameFallbackOnlyWithoutDnsSans) {
  struct Case {
    const char* name;
    std::string cn;
    std::vector<std::string> ips;
    const char* host;
    bool matches;
    const char* reason_has;
  };
  const Case cases[] = {
      {"CN matches", "legacy.example.com", {}, "LEGACY.example.com.", true, "Chrome and Go"},
      {"CN differs", "legacy.example.com", {}, "other.example.com", false, "does not match the subject CN"},
      {"wildcard CN", "*.wild.example.com", {}, "x.wild.example.com", true, ""},
      {"IP SANs only still fall back to CN", "ip.example.com", {"192.0.2.1"}, "ip.example.com", true, ""},
      {"an IP never matches the CN", "192.0.2.1", {}, "192.0.2.1", false, "no IP address SAN"},
      {"no CN, no SAN", "", {}, "x.example.com", false, "neither DNS SANs nor a subject CN"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    CertificateInfo cert;
    cert.common_name = c.cn;
    cert.ip_addresses = c.ips;
    const auto check = check_hostname(cert, c.host);
    EXPECT_EQ(check.matches, c.matches) << check.reason;
    EXPECT_EQ(check.via_common_name, c.matches);
    EXPECT_NE(check.reason.find(c.reason_has), std::string::npos) << check.reason;
  }
}

class CertificatesHostnameParsedTest : public CertificatesTestBase {};

TEST_F(CertificatesHostnameParsedTest, GeneratedCertificates) {
  const CertificateInfo leaf = parse_ok(pki().leaf.get());
  EXPECT_TRUE(check_hostname(leaf, "leaf.example.com").matches);
  EXPECT_TRUE(check_hostname(leaf, "v1.api.example.com").matches);
  EXPECT_FALSE(check_hostname(leaf, "api.example.com").matches);
  EXPECT_TRUE(check_hostname(leaf, "192.0.2.10").matches);
  const CertificateInfo legacy = parse_ok(pki().cn_only.get());
  const auto check = check_hostname(legacy, "legacy.example.com");
  EXPECT_TRUE(check.matches);
  EXPECT_TRUE(check.via_common_name);
}

// ---- TrustStore -------------------------------------------------------------------

// TempDir is a private directory removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "certificates_test_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_pem(const std::string& path, std::initializer_list<X509*> certs) {
  BioPtr bio(BIO_new_file(path.c_str(), "w"));
  ASSERT_TRUE(bio);
  for (X509* cert : certs) ASSERT_EQ(PEM_write_bio_X509(bio.get(), cert), 1);
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// EnvGuard sets an environment variable for one test and restores it.
class EnvGuard {
 public:
  EnvGuard(const char* name, const std::string& value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~EnvGuard() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

class CertificatesTrustStoreTest : public CertificatesTestBase {
 protected:
  std::vector<Der> chain() const { return {to_der(pki().leaf.get()), to_der(pki().inter.get())}; }
};

TEST_F(CertificatesTrustStoreTest, LoadFilePemBundle) {
  TempDir dir;
  write_pem(dir.file("ca.pem"), {pki().other_root.get(), pki().root.get()});
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.load_file(dir.file("ca.pem"), error)) << error;
  EXPECT_NE(store.description().find("(2 certificates)"), std::string::npos) << store.description();
  EXPECT_EQ(check_chain(chain(), store, kNow, false).status, ChainStatus::trusted);
}

TEST_F(CertificatesTrustStoreTest, LoadFileDer) {
  TempDir dir;
  const Der der = to_der(pki().root.get());
  write_bytes(dir.file("ca.der"), std::string(der.begin(), der.end()));
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.load_file(dir.file("ca.der"), error)) << error;
  EXPECT_EQ(check_chain(chain(), store, kNow, false).status, ChainStatus::trusted);
}

TEST_F(CertificatesTrustStoreTest, LoadFileFailures) {
  TempDir dir;
  write_bytes(dir.file("text.pem"), "just some text\n");
  write_bytes(dir.file("empty.pem"), "");
  write_bytes(dir.file("corrupt.pem"),
              "-----BEGIN CERTIFICATE-----\n!!!!notbase64!!!!\n-----END CERTIFICATE-----\n");
  struct Case {
    const char* name;
    std::string path;
    const char* error_has;
  };
  const Case cases[] = {
      {"missing", dir.file("missing.pem"), "cannot open CA file"},
      {"text", dir.file("text.pem"), "holds no certificate"},
      {"empty", dir.file("empty.pem"), "holds no certificate"},
      {"corrupt block", dir.file("corrupt.pem"), "does not decode"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TrustStore store;
    std::string error;
    EXPECT_FALSE(store.load_file(c.path, error));
    EXPECT_NE(error.find(c.error_has), std::string::npos) << error;
    EXPECT_TRUE(store.description().empty());
  }
}

TEST_F(CertificatesTrustStoreTest, LoadPathHashedDirectory) {
  TempDir dir;
  char name[32];
  std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(pki().root.get()));
  write_pem(dir.file(name), {pki().root.get()});
  TrustStore store;
  std::string error;
  ASSERT_TRUE(store.load_path(dir.path().string(), error)) << error;
  EXPECT_EQ(check_chain(chain(), store, kNow, false).status, ChainStatus::trusted);
}

TEST_F(CertificatesTrustStoreTest, LoadPathFailures) {
  TempDir dir;
  write_pem(dir.file("root.pem"), {pki().root.get()});  // not rehashed
  TrustStore store;
  std::string error;
  EXPECT_FALSE(store.load_path(dir.path().string(), error));
  EXPECT_NE(error.find("openssl rehash"), std::string::npos) << error;
  EXPECT_FALSE(store.load_path(dir.file("root.pem"), error));
  EXPECT_NE(error.find("not a directory"), std::string::npos) << error;
  EXPECT_FALSE(store.load_path(dir.file("nope"), error));
}

TEST_F(CertificatesTrustStoreTest, LoadDefaultFollowsTheEnvironment) {
  TempDir dir;
  write_pem(dir.file("bundle.pem"), {pki().root.get()});
  std::filesystem::create_directory(dir.file("certs"));
  {
    EnvGuard file("SSL_CERT_FILE", dir.file("bundle.pem"));
    EnvGuard certs("SSL_CERT_DIR", dir.file("certs"));
    TrustStore store;
    std::string error;
    ASSERT_TRUE(store.load_default(error)) << error;
    EXPECT_NE(store.description().find("system store"), std::string::npos);
    EXPECT_EQ(check_chain(chain(), store, kNow, false).status, ChainStatus::trusted);
  }
  {
    EnvGuard file("SSL_CERT_FILE", dir.file("missing.pem"));
    EnvGuard certs("SSL_CERT_DIR", dir.file("certs"));
    TrustStore store;
    std::string error;
    EXPECT_FALSE(store.load_default(error));
    EXPECT_NE(error.find("no system trust store"), std::string::npos) << error;
  }
}

TEST_F(CertificatesTrustStoreTest, AddCertificateDerRefusesGarbage) {
  TrustStore store;
  std::string error;
  EXPECT_FALSE(store.add_certificate_der(Der{0x30, 0x00}, error));
  EXPECT_FALSE(error.empty());
  Der trailing = to_der(pki().root.get());
  trailing.push_back(0);
  EXPECT_FALSE(store.add_certificate_der(trailing, error));
  EXPECT_NE(error.find("trailing"), std::string::npos);
}

}  // namespace
