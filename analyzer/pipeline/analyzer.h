// Analyzer: the pipeline's driver. Packets in (from any number of sources, in
// order), one HandshakeReport out per TLS handshake as soon as its verdict is
// known, and counters for everything else. Holds the flow table, bounded by
// --max-flows and an idle timeout measured on the capture's own clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>

#include "analyzer/model/counters.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/x509/certificate_cache.h"
#include "analyzer/x509/certificate_history.h"
#include "analyzer/diagnosis/diagnosis.h"
#include "analyzer/capture/packet_decoder.h"
#include "analyzer/capture/packet_source.h"
#include "analyzer/pipeline/flow_analysis.h"
#include "analyzer/pipeline/flow_table.h"

namespace tlsanalyze::analyzer {

class KeyLog;

// AnalyzerOptions tune the flow table.
struct AnalyzerOptions {
  std::size_t max_flows = 262144;             // live flows held at once; the oldest idle one is evicted beyond
  std::int64_t idle_timeout_us = 30'000'000;  // a flow with no packet for this long is finalized
  const KeyLog* keylog = nullptr;
  const DiagnosisContext* diagnosis = nullptr;  // trust store, --expiring; may be null
};

// Analyzer owns the flow table.
class Analyzer {
 public:
  using ReportSink = std::function<void(const HandshakeReport&)>;

  Analyzer(const AnalyzerOptions& options, ReportSink sink);
  ~Analyzer();

  // process decodes and analyses one packet. `capture` names its source (for reports).
  void process(const RawPacket& raw, std::uint32_t capture_index);
  // finish finalizes every open flow (end of input).
  void finish();
  // advance_clock moves the capture clock to `now_us` without a packet (a quiet
  // live link) and finalizes flows idle for longer than the timeout.
  void advance_clock(std::int64_t now_us);

  const PacketCounters& packet_counters() const { return packets_; }
  const FlowCounters& flow_counters() const { return flows_; }
  // live_flows is the current size of the flow table.
  std::size_t live_flows() const { return table_.size(); }
  // flows_in_analysis counts the flows whose verdict is not out yet (the rest
  // of the table is retired: a few bytes each, no analysis state).
  std::size_t flows_in_analysis() const { return in_analysis_; }

 private:
  using Index = FlowTable::Index;

  // report diagnoses a flow, hands the report to the sink and retires the
  // flow's analysis state.
  void report(Index index);
  void learn_tls_server(const FlowAnalysis& flow);
  void remember_certificate(const HandshakeReport& report);
  bool known_tls_server(const FlowAnalysis& flow) const;
  void finalize(Index index, FlowEnd why, std::int64_t now_us);
  void expire_idle(std::int64_t now_us);
  Index create(const FlowKey& key, std::uint64_t hash, const Endpoint& src, const Endpoint& dst, std::int64_t ts,
               std::uint64_t number, std::uint32_t capture_index);

  AnalyzerOptions options_;
  ReportSink sink_;
  PacketCounters packets_;
  FlowCounters flows_;
  FlowTable table_;
  std::size_t in_analysis_ = 0;  // entries that still hold a FlowAnalysis
  // Servers seen speaking TLS, so a refused or unanswered connection to the
  // same address and port counts as a TLS attempt. Bounded; cleared when full.
  static constexpr std::size_t kMaxKnownTlsServers = 65536;
  std::set<Endpoint> known_tls_servers_;
  // Ports on which this run saw TLS handshakes: a client falling back from a
  // refused [::1]:9000 to 127.0.0.1:9000 made a TLS attempt on both.
  std::set<std::uint16_t> known_tls_ports_;
  CertificateHistory history_;
  CertificateCache certificates_;
  DiagnosisContext context_;  // options_.diagnosis plus history_
  std::uint64_t packet_number_ = 0;    // per input: evidence cites packets of that capture
  std::uint32_t current_capture_ = 0;
  std::int64_t clock_us_ = 0;         // latest packet time seen (the capture's clock)
  std::int64_t last_sweep_us_ = 0;
};

}  // namespace tlsanalyze::analyzer
