// TrustStore: the set of root certificates a chain is judged against. It wraps
// an OpenSSL X509_STORE so check_chain (certificates.h) can verify a captured
// chain the way an OpenSSL-based client would. Loading happens once at start-up
// (the CLI's --ca-file / --ca-path, or the system store); verifying against a
// loaded store is thread-safe (X509_STORE locks its own cache).
#pragma once

#include <openssl/types.h>

#include <string>
#include <vector>

#include "parsers/bytes.h"

namespace tlsanalyze::analyzer {

// TrustStore owns one X509_STORE. Movable, not copyable; a moved-from store is
// empty and trusts nothing. Every load_* call adds to what is already loaded.
class TrustStore {
 public:
  // TrustStore creates an empty store that trusts nothing.
  TrustStore();
  // ~TrustStore frees the X509_STORE; no check_chain may still be using it.
  ~TrustStore();
  // TrustStore(TrustStore&&) takes over `other`'s store; `other` is left empty.
  TrustStore(TrustStore&& other) noexcept;
  // operator= frees this store and takes over `other`'s; `other` is left empty.
  TrustStore& operator=(TrustStore&& other) noexcept;
  TrustStore(const TrustStore&) = delete;
  TrustStore& operator=(const TrustStore&) = delete;

  // load_default adds the system store the way OpenSSL clients find it
  // (X509_STORE_set_default_paths: the file and hashed directory compiled into
  // OpenSSL, /usr/lib/ssl/cert.pem and /usr/lib/ssl/certs -> /etc/ssl/certs on
  // Debian, overridden by SSL_CERT_FILE / SSL_CERT_DIR). False with `error` set
  // when neither place holds any certificate, since verifying against nothing
  // would blame every server for an unknown CA.
  bool load_default(std::string& error);

  // load_file adds every certificate in `pem_path` (--ca-file): PEM
  // "CERTIFICATE" or "TRUSTED CERTIFICATE" blocks, or one DER certificate.
  // False with `error` set when the file cannot be read, holds no certificate,
  // or holds a block that does not decode (a half-loaded CA bundle would give
  // misleading verdicts, so it is refused whole).
  bool load_file(const std::string& pem_path, std::string& error);

  // load_path adds a hashed certificate directory (--ca-path; the layout
  // `openssl rehash` / c_rehash writes: <subject-hash>.<n> files). Files are
  // read lazily, when a chain needs an issuer. False with `error` set when
  // `dir` is not a directory or holds no hashed entry (the usual mistake is a
  // directory of *.pem files that was never rehashed).
  bool load_path(const std::string& dir, std::string& error);

  // add_certificate_der trusts one DER certificate (tests, and certificates
  // an operator pins). False with `error` set if it does not decode.
  bool add_certificate_der(parsers::Bytes der, std::string& error);

  // native is the underlying X509_STORE, owned by this object; null only in a
  // moved-from store or after an allocation failure. Valid until this object
  // is destroyed or moved from.
  X509_STORE* native() const { return store_; }

  // description says what was loaded, for reports ("system store
  // (/usr/lib/ssl/cert.pem, /usr/lib/ssl/certs); --ca-file ca.pem (2
  // certificates)"); empty when nothing was loaded.
  std::string description() const;

 private:
  X509_STORE* store_ = nullptr;
  std::vector<std::string> sources_;  // one entry per successful load_* call
  int pinned_ = 0;                    // add_certificate_der successes
};

}  // namespace tlsanalyze::analyzer
