#include "analyzer/report/run_summary.h"

#include <fmt/format.h>

#include "analyzer/model/describe.h"

namespace tlsanalyze::analyzer {

void RunSummary::add(const HandshakeReport& report) {
  const Verdict& v = report.verdict;
  ++handshakes;
  ++outcomes[std::string(outcome_name(v.outcome))];
  const HandshakeSummary& s = *report.facts.summary;
  versions[s.server_hello_seen ? describe_version(s.server_hello.version) : std::string("none negotiated")]++;
  if (v.ended_by.kind == EndKind::alert)
    ++alerts[fmt::format("{} {}", side_name(v.ended_by.from), describe_alert(v.ended_by.alert_code))];
  else if (v.ended_by.kind == EndKind::encrypted_alert)
    ++alerts[fmt::format("{} encrypted alert", side_name(v.ended_by.from))];
  if (v.outcome != Outcome::succeeded) ++causes[std::string(cause_id(v.cause))];
  warnings += v.warnings.size();
}

}  // namespace tlsanalyze::analyzer
