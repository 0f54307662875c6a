// CertificateCache: decoded certificates by their DER bytes. Decoding one
// certificate with OpenSSL costs far more than everything else tlsanalyze
// does per handshake (bench/pipeline_bench), and busy servers present the same
// chain to every client, so each distinct certificate is decoded once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

#include "analyzer/x509/certificates.h"
#include "parsers/bytes.h"

namespace tlsanalyze::analyzer {

// CertificateCache memoizes parse_certificate_der. Bounded: beyond
// kMaxEntries it forgets everything and starts again, so memory stays fixed
// on long live runs (a few MB at most).
class CertificateCache {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  // parse returns the decoded certificate, or nullptr when OpenSSL cannot
  // decode it. The pointer stays valid until the next call.
  const CertificateInfo* parse(parsers::Bytes der) {
    std::string key(reinterpret_cast<const char*>(der.data()), der.size());
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxEntries) entries_.clear();
      CertificateInfo info;
      std::string error;
      std::optional<CertificateInfo> value;
      if (parse_certificate_der(der, info, error)) value = std::move(info);
      it = entries_.emplace(std::move(key), std::move(value)).first;
      ++misses_;
    } else {
      ++hits_;
    }
    return it->second ? &*it->second : nullptr;
  }

  // hits and misses count lookups, for benchmarks and tests.
  std::size_t hits() const { return hits_; }
  std::size_t misses() const { return misses_; }

 private:
  std::unordered_map<std::string, std::optional<CertificateInfo>> entries_;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

}  // namespace tlsanalyze::analyzer
