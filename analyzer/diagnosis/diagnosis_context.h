// DiagnosisContext: what diagnosis needs beyond the packets of one flow — the
// trust store, warning thresholds, and what earlier handshakes of the run
// showed (certificate history, decoded certificates). Passed in explicitly so
// the verdict's dependence on the rest of the run is visible.
#pragma once

namespace tlsanalyze::analyzer {

class TrustStore;
class CertificateHistory;
class CertificateCache;

// DiagnosisContext holds what diagnosis needs beyond the packets.
struct DiagnosisContext {
  const TrustStore* trust_store = nullptr;  // null: certificate chains are not verified
  int expiring_days = 30;                   // warn when a certificate expires this soon
  const CertificateHistory* history = nullptr;  // certificates names presented earlier in the run; may be null
  CertificateCache* cache = nullptr;            // decoded certificates, shared across handshakes; may be null
};

}  // namespace tlsanalyze::analyzer
