// TrustStore: loading root certificates into an OpenSSL X509_STORE.
#include "analyzer/x509/trust_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "analyzer/x509/openssl_ptr.h"

namespace tlsanalyze::analyzer {
namespace {


// openssl_error_text is drain_openssl_errors with a fallback for messages.
std::string openssl_error_text() {
  std::string text = drain_openssl_errors();
  return text.empty() ? "unknown OpenSSL error" : text;
}

// is_hashed_name is true for the names `openssl rehash` gives certificate
// links: eight lowercase hex digits, a dot and a decimal sequence number.
bool is_hashed_name(const std::string& name) {
  const std::size_t dot = name.find('.');
  if (dot != 8 || name.size() == 9) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (i < 8) {
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    } else if (i > 8 && !(c >= '0' && c <= '9')) {
      return false;
    }
  }
  return true;
}

// has_hashed_entry is true when `dir` is a readable directory holding at
// least one hashed certificate link.
bool has_hashed_entry(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return false;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (is_hashed_name(it->path().filename().string())) return true;
  }
  return false;
}

// split_path_list splits a ':'-separated directory list, the form OpenSSL
// accepts in SSL_CERT_DIR on Unix.
std::vector<std::string> split_path_list(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

TrustStore::TrustStore() : store_(X509_STORE_new()) {}

TrustStore::~TrustStore() { X509_STORE_free(store_); }

TrustStore::TrustStore(TrustStore&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)),
      sources_(std::move(other.sources_)),
      pinned_(std::exchange(other.pinned_, 0)) {}

TrustStore& TrustStore::operator=(TrustStore&& other) noexcept {
  if (this != &other) {
    X509_STORE_free(store_);
    store_ = std::exchange(other.store_, nullptr);
    sources_ = std::move(other.sources_);
    pinned_ = std::exchange(other.pinned_, 0);
  }
  return *this;
}

std::string TrustStore::description() const {
  std::string text;
  for (const std::string& source : sources_) {
    if (!text.empty()) text += "; ";
    text += source;
  }
  if (pinned_ > 0) {
    if (!text.empty()) text += "; ";
    text += std::to_string(pinned_) + (pinned_ == 1 ? " pinned certificate" : " pinned certificates");
  }
  return text;
}

bool TrustStore::load_default(std::string& error) {
  if (store_ == nullptr) {
    error = "trust store unavailable (out of memory or moved from)";
    return false;
  }
  // Where OpenSSL will look: the environment overrides the compiled-in
  // defaults (X509_get_default_cert_*_env names the variables).
  const char* file_env = std::getenv(X509_get_default_cert_file_env());
  const char* dir_env = std::getenv(X509_get_default_cert_dir_env());
  const std::string file = file_env != nullptr ? file_env : X509_get_default_cert_file();
  const std::string dirs = dir_env != nullptr ? dir_env : X509_get_default_cert_dir();

  // X509_STORE_set_default_paths succeeds even when both places are missing,
  // because the directory is only searched lazily; so check that there is
  // something to find first, or every chain would be blamed on an unknown CA.
  std::error_code ec;
  const bool file_usable = std::filesystem::is_regular_file(file, ec);
  bool dir_usable = false;
  for (const std::string& dir : split_path_list(dirs)) {
    if (has_hashed_entry(dir)) dir_usable = true;
  }
  if (!file_usable && !dir_usable) {
    error = "no system trust store: neither " + file + " nor " + dirs +
            " holds certificates (install ca-certificates, or pass --ca-file/--ca-path)";
    return false;
  }
  if (X509_STORE_set_default_paths(store_) != 1) {
    error = "cannot load the system trust store: " + openssl_error_text();
    return false;
  }
  ERR_clear_error();  // a missing default file is reported on the queue but is fine
  sources_.push_back("system store (" + file + (file_usable ? "" : " [missing]") + ", " + dirs +
                     (dir_usable ? "" : " [empty]") + ")");
  return true;
}

bool TrustStore::load_file(const std::string& pem_path, std::string& error) {
  if (store_ == nullptr) {
    error = "trust store unavailable (out of memory or moved from)";
    return false;
  }
  BioPtr bio(BIO_new_file(pem_path.c_str(), "rb"));
  if (!bio) {
    error = "cannot open CA file " + pem_path + ": " + openssl_error_text();
    return false;
  }
  // Decode everything before adding anything: a bundle with one corrupt block
  // is refused whole rather than half-loaded.
  std::vector<X509Ptr> certs;
  for (;;) {
    X509Ptr cert(PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr));
    if (cert) {
      certs.push_back(std::move(cert));
      continue;
    }
    const unsigned long last = ERR_peek_last_error();
    if (ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE) {
      ERR_clear_error();  // the normal end of a PEM file: no further block
      break;
    }
    error = "CA file " + pem_path + ": certificate #" + std::to_string(certs.size() + 1) +
            " does not decode: " + openssl_error_text();
    return false;
  }
  if (certs.empty()) {
    // No PEM block at all: it may be a single DER certificate.
    if (BIO_reset(bio.get()) == 0) {
      X509Ptr cert(d2i_X509_bio(bio.get(), nullptr));
      if (cert) certs.push_back(std::move(cert));
    }
    ERR_clear_error();
  }
  if (certs.empty()) {
    error = "CA file " + pem_path + " holds no certificate (expected PEM or DER)";
    return false;
  }
  for (const X509Ptr& cert : certs) {
    // X509_STORE_add_cert takes its own reference and ignores duplicates.
    if (X509_STORE_add_cert(store_, cert.get()) != 1) {
      error = "CA file " + pem_path + ": cannot add a certificate: " + openssl_error_text();
      return false;
    }
  }
  sources_.push_back("--ca-file " + pem_path + " (" + std::to_string(certs.size()) +
                     (certs.size() == 1 ? " certificate)" : " certificates)"));
  return true;
}

bool TrustStore::load_path(const std::string& dir, std::string& error) {
  if (store_ == nullptr) {
    error = "trust store unavailable (out of memory or moved from)";
    return false;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    error = "CA path " + dir + " is not a directory";
    return false;
  }
  if (!has_hashed_entry(dir)) {
    error =
        "CA path " + dir + " holds no hashed certificate links (<hash>.0); run `openssl rehash " + dir + "`";
    return false;
  }
  if (X509_STORE_load_path(store_, dir.c_str()) != 1) {
    error = "cannot use CA path " + dir + ": " + openssl_error_text();
    return false;
  }
  sources_.push_back("--ca-path " + dir);
  return true;
}

bool TrustStore::add_certificate_der(parsers::Bytes der, std::string& error) {
  if (store_ == nullptr) {
    error = "trust store unavailable (out of memory or moved from)";
    return false;
  }
  if (der.size() > static_cast<std::size_t>(LONG_MAX)) {
    error = "certificate too large";
    return false;
  }
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert || p != der.data() + der.size()) {
    error = cert ? "trailing bytes after the certificate"
                 : "certificate does not decode: " + openssl_error_text();
    ERR_clear_error();
    return false;
  }
  if (X509_STORE_add_cert(store_, cert.get()) != 1) {
    error = "cannot add the certificate: " + openssl_error_text();
    return false;
  }
  ++pinned_;
  return true;
}

}  // namespace tlsanalyze::analyzer
