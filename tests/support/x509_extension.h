// add_x509_extension: the one way the tests' in-memory PKIs add a v3
// extension (OpenSSL's config syntax, e.g. "critical,CA:TRUE"), with gtest
// assertions on every step.
#pragma once

#include <gtest/gtest.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>

namespace tlsanalyze::testing {

// add_x509_extension adds extension `nid` with `value` to `cert`, issued by
// `issuer` (null: self-issued). An empty value adds nothing.
inline void add_x509_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  if (value.empty()) return;
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  ASSERT_NE(ext, nullptr) << value;
  ASSERT_EQ(X509_add_ext(cert, ext, -1), 1);
  X509_EXTENSION_free(ext);
}

}  // namespace tlsanalyze::testing
