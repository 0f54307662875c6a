// Diagnosis: a pure function from what a flow recorded (events, summary, TCP
// facts) to a verdict — outcome, the stage where the handshake stopped, the
// event that ended it, the root cause with the evidence quoted from the
// packets, and advice. It never reads bytes; tests feed it hand-written event
// logs.
#pragma once

#include "analyzer/diagnosis/diagnosis_context.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer {

// diagnose judges one handshake. `context` may be null (no certificate checks
// against a trust store, default warning thresholds).
Verdict diagnose(const HandshakeFacts& facts, const DiagnosisContext* context);

}  // namespace tlsanalyze::analyzer
