// CertificateCache: a certificate is decoded once, then served from memory;
// undecodable bytes are remembered as such; the cache stays bounded.
#include "analyzer/x509/certificate_cache.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <string>
#include <vector>

namespace tlsanalyze::analyzer {
namespace {

// server_der reads the test PKI's server certificate (captures/certs) as DER.
std::vector<std::uint8_t> server_der() {
  std::string path = std::string(TLSANALYZE_SOURCE_DIR) + "/captures/certs/server.pem";
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return {};
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (cert == nullptr) return {};
  unsigned char* out = nullptr;
  int len = i2d_X509(cert, &out);
  std::vector<std::uint8_t> der(out, out + (len > 0 ? len : 0));
  OPENSSL_free(out);
  X509_free(cert);
  return der;
}

TEST(CertificateCacheTest, DecodesOnceThenHits) {
  std::vector<std::uint8_t> der = server_der();
  ASSERT_FALSE(der.empty());
  CertificateCache cache;
  const CertificateInfo* first = cache.parse(parsers::Bytes(der));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->common_name, "server.example.com");
  const CertificateInfo* second = cache.parse(parsers::Bytes(der));
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->sha256_fingerprint_hex, first->sha256_fingerprint_hex);
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(CertificateCacheTest, UndecodableBytesAreRememberedAsSuch) {
  CertificateCache cache;
  std::vector<std::uint8_t> junk = {0x30, 0x03, 0x02, 0x01, 0x00};
  EXPECT_EQ(cache.parse(parsers::Bytes(junk)), nullptr);
  EXPECT_EQ(cache.parse(parsers::Bytes(junk)), nullptr);
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.parse(parsers::Bytes()), nullptr);
}

TEST(CertificateCacheTest, StaysBounded) {
  CertificateCache cache;
  std::vector<std::uint8_t> der = server_der();
  ASSERT_FALSE(der.empty());
  // Distinct undecodable keys fill the cache; one more entry starts it afresh,
  // after which a known certificate is a miss again.
  ASSERT_NE(cache.parse(parsers::Bytes(der)), nullptr);
  for (std::size_t i = 0; i < CertificateCache::kMaxEntries; ++i) {
    std::vector<std::uint8_t> key = {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i >> 8), 0xff};
    cache.parse(parsers::Bytes(key));
  }
  std::size_t misses = cache.misses();
  ASSERT_NE(cache.parse(parsers::Bytes(der)), nullptr);
  EXPECT_EQ(cache.misses(), misses + 1);
}

}  // namespace
}  // namespace tlsanalyze::analyzer
