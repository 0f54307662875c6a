// CertificateHistory: which certificate each server name presented in
// handshakes that succeeded earlier in the run. A later connection to the
// same name that gets a certificate from a different issuer, and is then
// rejected, is the signature of a TLS-intercepting proxy (FAILURES.md 4).
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace tlsanalyze::analyzer {

// SeenCertificate is what a name presented in a successful handshake.
struct SeenCertificate {
  std::string fingerprint;  // SHA-256 of the leaf, hex
  std::string issuer;       // the leaf's issuer, one line
};

// CertificateHistory maps server names to the first certificate seen for them
// in a successful handshake. Bounded: beyond kMaxNames it forgets everything
// and starts again (memory stays fixed on long live runs).
class CertificateHistory {
 public:
  static constexpr std::size_t kMaxNames = 65536;

  // record remembers `seen` for `name` unless the name is already known.
  void record(const std::string& name, const SeenCertificate& seen) {
    if (name.empty() || seen.fingerprint.empty()) return;
    if (names_.size() >= kMaxNames) names_.clear();
    names_.emplace(name, seen);
  }

  // find returns what `name` presented before, or nullptr.
  const SeenCertificate* find(const std::string& name) const {
    auto it = names_.find(name);
    return it == names_.end() ? nullptr : &it->second;
  }

 private:
  std::map<std::string, SeenCertificate> names_;
};

}  // namespace tlsanalyze::analyzer
