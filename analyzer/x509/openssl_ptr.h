// Owning pointers and error handling for OpenSSL, shared by the certificate code: every
// object is freed on every path, so LeakSanitizer stays quiet whatever the
// input.
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace tlsanalyze::analyzer {

// OpenSslDeleter calls the OpenSSL free function `Free` on a pointer.
template <auto Free>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

// X509Ptr owns an X509 certificate.
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509_free>>;
// BioPtr owns a BIO.
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free>>;

// drain_openssl_errors empties the thread's OpenSSL error queue into one line
// (empty when there was none), so a failure never leaves stale errors behind
// for the next caller.
inline std::string drain_openssl_errors() {
  std::string text;
  unsigned long code = 0;
  while ((code = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text;
}

}  // namespace tlsanalyze::analyzer
