// HandshakeReport: everything reported about one handshake — the facts the
// flow gathered (endpoints, TCP facts, event log, summary) and the verdict
// diagnosis drew from them. Reports (text, JSON) read only this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/model/flow_facts.h"
#include "analyzer/model/handshake_summary.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer {

// HandshakeFacts is the input of diagnosis. The pointers refer to the flow's
// tracker and stay valid while the report is being produced; tests point them
// at hand-written logs.
struct HandshakeFacts {
  Endpoint client;
  Endpoint server;
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;           // when the flow was finalized (capture clock)
  std::uint64_t first_packet = 0;
  FlowEnd end = FlowEnd::open;       // open: reported live, before the flow ended
  bool roles_known = true;
  bool one_sided = false;            // one side sent no packet in the capture
  bool complete = false;             // both Finished seen or inferred
  bool tls13 = false;
  std::uint64_t completion_packet = 0;  // the packet that completed the handshake
  const std::vector<Event>* events = nullptr;
  const HandshakeSummary* summary = nullptr;
  DirectionProgress client_progress;
  DirectionProgress server_progress;
  TcpSideFacts client_tcp;
  TcpSideFacts server_tcp;
  std::vector<std::string> anomalies;
  std::uint64_t events_dropped = 0;
};

// HandshakeReport is one reported handshake.
struct HandshakeReport {
  std::uint32_t capture_index = 0;   // which input it came from
  HandshakeFacts facts;
  Verdict verdict;
};

}  // namespace tlsanalyze::analyzer
