// RunSummary: totals over every reported handshake — outcomes, negotiated
// versions, ending alerts and causes — plus the packet and flow counters, so
// the end of a run accounts for every packet and flow it saw.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "analyzer/model/handshake_report.h"

namespace tlsanalyze::analyzer {

// RunSummary accumulates reports as they are emitted.
struct RunSummary {
  std::uint64_t handshakes = 0;
  std::map<std::string, std::uint64_t> outcomes;   // "succeeded" -> n
  std::map<std::string, std::uint64_t> versions;   // negotiated version -> n
  std::map<std::string, std::uint64_t> alerts;     // "server handshake_failure(40)" -> n
  std::map<std::string, std::uint64_t> causes;     // failures and incompletes by cause id
  std::uint64_t warnings = 0;

  // add counts one report.
  void add(const HandshakeReport& report);
};

}  // namespace tlsanalyze::analyzer
