// Reports: how verdicts reach the user. A Reporter gets each handshake as soon
// as its verdict is known (flushing, so live runs show it at once) and the
// run's totals at the end. Text is for people; JSON Lines for machines.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/counters.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/report/run_summary.h"

namespace tlsanalyze::analyzer {

// InputStatus is how one input ended, for the summary.
struct InputStatus {
  std::string name;
  std::uint64_t packets = 0;
  std::string error;  // empty when read to the end
};

// RunTotals is everything the end-of-run summary shows.
struct RunTotals {
  const RunSummary* summary = nullptr;
  const PacketCounters* packets = nullptr;
  const FlowCounters* flows = nullptr;
  std::vector<InputStatus> inputs;
  std::uint64_t kernel_drops = 0;
};

// Reporter writes reports to a FILE*.
class Reporter {
 public:
  virtual ~Reporter() = default;
  // handshake writes one handshake's report and flushes.
  virtual void handshake(const HandshakeReport& report, const std::string& capture_name) = 0;
  // totals writes the end-of-run summary.
  virtual void totals(const RunTotals& totals) = 0;
};

// TextOptions tune the human-readable report.
struct TextOptions {
  bool verbose = false;    // timelines for successes too
  bool quiet = false;      // no line per success
  bool color = false;
};

// make_text_reporter: one block per failed or incomplete handshake (with its
// timeline), one line per success, a summary table at the end.
std::unique_ptr<Reporter> make_text_reporter(std::FILE* out, const TextOptions& options);

// make_json_reporter: JSON Lines, one {"type":"handshake",...} object per
// handshake and a final {"type":"summary",...}; schema in docs/json-schema.md.
std::unique_ptr<Reporter> make_json_reporter(std::FILE* out);

}  // namespace tlsanalyze::analyzer
