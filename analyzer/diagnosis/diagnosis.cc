// Diagnosis: the verdict flow. The rule tables (rules_*.cc) hold every
// judgement; this file only decides which table judges the handshake and adds
// what every verdict carries (warnings, advice).
#include "analyzer/diagnosis/diagnosis.h"

#include "analyzer/diagnosis/rule.h"

namespace tlsanalyze::analyzer {

using namespace diagnosis_detail;

Verdict diagnose(const HandshakeFacts& f, const DiagnosisContext* ctx) {
  Situation s(f, ctx);
  Builder b;
  if (completed_or_evidently(s)) {
    apply(completed_rules(), s, b);
    add_common_warnings(s, b);
    if (b.v.outcome == Outcome::succeeded && f.complete && s.s.server_hello_seen)
      b.evidence(fmt::format("{} with {}{}", describe_version(s.s.server_hello.version),
                             describe_suite(s.s.server_hello.cipher_suite),
                             s.s.server_hello.resumed ? " (resumed session)" : ""));
  } else {
    // Every failure table starts from where the handshake stopped and what
    // ended it; a rule may refine both.
    b.v.failed_at = s.stage;
    if (s.end != nullptr) b.v.ended_by = ending_from(*s.end);
    apply(failure_rules(), s, b);
    add_common_warnings(s, b);
    if (f.client_tcp.gap_bytes > 0 || f.server_tcp.gap_bytes > 0)
      b.v.warnings.push_back(
          fmt::format("bytes missing from the capture (client {} B, server {} B): some messages could not be seen",
                      f.client_tcp.gap_bytes, f.server_tcp.gap_bytes));
  }
  b.v.advice = std::string(cause_advice(b.v.cause));
  return b.v;
}

}  // namespace tlsanalyze::analyzer
