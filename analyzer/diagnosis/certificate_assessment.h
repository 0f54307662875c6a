// CertificateAssessment: what diagnosis concludes about one Certificate message
// — each certificate's facts, validity at the packet's own time, the SNI
// against the SANs, and (with a trust store) whether the chain verifies — plus
// the single most likely certificate problem. Built with OpenSSL through
// certificates.h; no hand-written DER.
#pragma once

#include <string>
#include <vector>

#include "analyzer/x509/certificates.h"
#include "analyzer/diagnosis/diagnosis_context.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/model/handshake_summary.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer {

// CertificateAssessment is the result of assess_certificates.
struct CertificateAssessment {
  bool present = false;                 // a Certificate message with at least one certificate
  std::vector<CertificateInfo> chain;   // parsed, leaf first (unparseable ones skipped)
  std::size_t unparseable = 0;
  CertificateValidity leaf_validity;    // at the time the Certificate was seen
  bool any_expired = false;             // some certificate in the chain had expired
  bool any_not_yet_valid = false;
  bool hostname_checked = false;
  HostnameCheck hostname;
  bool chain_checked = false;           // a trust store was available
  ChainCheck chain_check;
  bool interception_issuer = false;     // an issuer names a known TLS-intercepting product
  std::string interception_product;
  Cause problem = Cause::unknown;       // the most likely certificate problem; unknown: none found
  std::string problem_detail;           // one sentence of proof
  std::vector<Cause> other_problems;    // further problems found (each could also explain a rejection)
  std::vector<std::string> other_details;
  std::vector<std::string> chain_lines; // "#0 CN=a (issuer CN=b), valid until ..., SAN a, b"
  std::vector<std::string> warnings;    // expiring soon, weak keys, SHA-1
};

// assess_certificates examines `chain` for a handshake that asked for `sni`
// (empty: no SNI). `alert_code`, the alert the peer sent, orders the checks
// (certificate_expired: validity first; unknown_ca: chain first; otherwise
// validity, name, chain).
CertificateAssessment assess_certificates(const CertificateChainFacts& chain, const std::string& sni,
                                          const DiagnosisContext* context, bool client_chain,
                                          parsers::AlertDescription alert_code);

}  // namespace tlsanalyze::analyzer
