// Owning pointers for OpenSSL objects shared by the certificate code: every
// object is freed on every path, so LeakSanitizer stays quiet whatever the
// input.
#pragma once

#include <openssl/bio.h>
#include <openssl/x509.h>

#include <memory>

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

}  // namespace tlsanalyze::analyzer
