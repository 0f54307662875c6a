// FlowAnalysis: one connection's whole pipeline, assembled — the TCP flow
// (segments to streams), a TLS framer per direction (streams to records), the
// handshake tracker (records to messages to events) and the log they share.
// It answers the two questions only the assembly can: is the verdict known
// yet, and is this flow a TLS handshake worth reporting.
#pragma once

#include <array>
#include <cstdint>

#include "analyzer/flow/tcp_flow.h"
#include "analyzer/model/flow_log.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/tls/handshake_tracker.h"
#include "analyzer/tls/tls_framer.h"

namespace tlsanalyze::analyzer {

class KeyLog;

// FlowAnalysis is created on the first packet of a connection and lives in
// the flow table until it is finalized. Neither copyable nor movable: its
// parts point at each other.
class FlowAnalysis {
 public:
  // FlowAnalysis starts with the packet from `first_src` to `first_dst`;
  // `keylog` (may be null) decrypts TLS 1.3 handshakes.
  FlowAnalysis(const Endpoint& first_src, const Endpoint& first_dst, const KeyLog* keylog,
               std::int64_t timestamp_us, std::uint64_t packet_number);
  FlowAnalysis(const FlowAnalysis&) = delete;
  FlowAnalysis& operator=(const FlowAnalysis&) = delete;

  // tcp is the TCP stage (feed it segments); tracker the TLS stage's result.
  TcpFlow& tcp() { return tcp_; }
  const TcpFlow& tcp() const { return tcp_; }
  const HandshakeTracker& tracker() const { return tracker_; }
  const FlowLog& log() const { return log_; }

  // verdict_ready is true as soon as the handshake's fate is known (live
  // reporting): a completed handshake followed by client data, a fatal alert,
  // a RST or both FINs. False once reported.
  bool verdict_ready() const;
  // relevant is true when the flow should be reported: it carried a TLS
  // handshake, or it was a connection attempt to a TLS port or to a server
  // that other flows showed speaking TLS (`server_known_tls`).
  bool relevant(bool server_known_tls = false) const;
  // facts gathers what diagnosis and the reports read; the pointers inside
  // refer to this object and stay valid while it lives.
  HandshakeFacts facts() const;

  bool reported() const { return reported_; }
  void mark_reported() { reported_ = true; }

 private:
  FlowLog log_;
  HandshakeTracker tracker_;
  std::array<TlsFramer, 2> framers_;
  TcpFlow tcp_;
  bool reported_ = false;
};

}  // namespace tlsanalyze::analyzer
