#include "analyzer/pipeline/analyzer.h"

#include <functional>

#include "analyzer/x509/certificates.h"
#include "analyzer/diagnosis/diagnosis.h"

namespace tlsanalyze::analyzer {

namespace {

// How often (capture time) the table is swept for idle flows.
constexpr std::int64_t kSweepIntervalUs = 1'000'000;

}  // namespace

Analyzer::Analyzer(const AnalyzerOptions& options, ReportSink sink) : options_(options), sink_(std::move(sink)) {
  if (options_.diagnosis != nullptr) context_ = *options_.diagnosis;
  context_.history = &history_;
  context_.cache = &certificates_;
}
Analyzer::~Analyzer() = default;

Analyzer::Index Analyzer::create(const FlowKey& key, std::uint64_t hash, const Endpoint& src, const Endpoint& dst,
                                 std::int64_t ts, std::uint64_t number, std::uint32_t capture_index) {
  if (table_.size() >= options_.max_flows && table_.size() > 0) {
    ++flows_.evicted;
    finalize(table_.oldest(), FlowEnd::evicted, ts);
  }
  ++flows_.tcp_connections;
  Index index = table_.insert(key, hash);
  FlowEntry& entry = table_.at(index);
  entry.flow = std::make_unique<FlowAnalysis>(src, dst, options_.keylog, ts, number);
  ++in_analysis_;
  entry.capture_index = capture_index;
  entry.last_us = ts;
  return index;
}

void Analyzer::process(const RawPacket& raw, std::uint32_t capture_index) {
  if (capture_index != current_capture_) {
    current_capture_ = capture_index;
    packet_number_ = 0;
  }
  ++packet_number_;
  DecodedPacket packet;
  DecodedKind kind = decode_packet(raw, packet_number_, packet, packets_);
  if (raw.timestamp_us > clock_us_) clock_us_ = raw.timestamp_us;
  if (clock_us_ - last_sweep_us_ >= kSweepIntervalUs) {
    last_sweep_us_ = clock_us_;
    expire_idle(clock_us_);
  }
  if (kind == DecodedKind::skipped) return;

  Endpoint src{packet.ip.src, packet.tcp.src_port};
  Endpoint dst{packet.ip.dst, packet.tcp.dst_port};
  FlowKey key = flow_key(src, dst);
  std::uint64_t hash = flow_key_hash(key);
  Index index = table_.find(key, hash);
  if (kind == DecodedKind::icmp_error) {
    if (index != FlowTable::kNone && table_.at(index).flow != nullptr) {
      FlowAnalysis& flow = *table_.at(index).flow;
      flow.tcp().on_icmp_error(packet, flow.tcp().direction_of(src));
    }
    return;
  }

  if (index != FlowTable::kNone) {
    FlowEntry& entry = table_.at(index);
    bool reused;
    std::size_t retired_direction = 0;
    if (entry.flow != nullptr) {
      reused = entry.flow->tcp().is_new_connection(packet);
    } else {
      retired_direction = (src == key.low) == entry.retired.low_is_first ? 0 : 1;
      reused = entry.retired.is_new_connection(packet, retired_direction);
    }
    if (reused) {
      ++flows_.tuple_reused;
      finalize(index, FlowEnd::closed, packet.timestamp_us);
      index = FlowTable::kNone;
    } else if (entry.flow == nullptr) {
      // The verdict is out: only what expiry and reuse detection need.
      entry.retired.on_segment(packet, retired_direction);
      entry.last_us = packet.timestamp_us;
      table_.touch(index);
      return;
    } else {
      table_.touch(index);
    }
  }
  if (index == FlowTable::kNone) index = create(key, hash, src, dst, packet.timestamp_us, packet.number, capture_index);
  FlowEntry& entry = table_.at(index);
  entry.last_us = packet.timestamp_us;
  FlowAnalysis& flow = *entry.flow;
  flow.tcp().on_segment(packet, flow.tcp().direction_of(src));
  if (flow.verdict_ready() && flow.relevant(known_tls_server(flow))) report(index);
}

void Analyzer::report(Index index) {
  FlowEntry& entry = table_.at(index);
  FlowAnalysis& flow = *entry.flow;
  if (flow.reported()) return;
  flow.mark_reported();
  ++flows_.reported;
  learn_tls_server(flow);
  HandshakeReport report;
  report.capture_index = entry.capture_index;
  report.facts = flow.facts();
  report.verdict = diagnose(report.facts, &context_);
  remember_certificate(report);
  sink_(report);
  // Retire: nothing reads the analysis state after the report, so it is
  // freed now rather than at FIN or idle time.
  entry.retired = flow.tcp().retire();
  entry.retired.low_is_first = flow.tcp().first_sender() == entry.key.low;
  entry.flow.reset();
  --in_analysis_;
}

void Analyzer::remember_certificate(const HandshakeReport& report) {
  // Only certificates from handshakes that succeeded are a reference.
  const HandshakeSummary& s = *report.facts.summary;
  if (report.verdict.outcome != Outcome::succeeded || s.client_hellos.empty() || !s.client_hellos.back().has_sni ||
      s.server_certificates.der.empty() || history_.find(s.client_hellos.back().sni) != nullptr)
    return;
  const CertificateInfo* leaf = certificates_.parse(parsers::Bytes(s.server_certificates.der.front()));
  if (leaf == nullptr) return;
  history_.record(s.client_hellos.back().sni, SeenCertificate{leaf->sha256_fingerprint_hex, leaf->issuer});
}

void Analyzer::learn_tls_server(const FlowAnalysis& flow) {
  if (!flow.tracker().saw_handshake() || !flow.log().roles_known()) return;
  if (known_tls_servers_.size() >= kMaxKnownTlsServers) known_tls_servers_.clear();
  known_tls_servers_.insert(flow.tcp().server());
  known_tls_ports_.insert(flow.tcp().server().port);
}

bool Analyzer::known_tls_server(const FlowAnalysis& flow) const {
  return known_tls_servers_.count(flow.tcp().server()) > 0 || known_tls_ports_.count(flow.tcp().server().port) > 0;
}

void Analyzer::finalize(Index index, FlowEnd why, std::int64_t now_us) {
  FlowEntry& entry = table_.at(index);
  if (entry.flow != nullptr) {
    FlowAnalysis& flow = *entry.flow;
    flow.tcp().finish(why, now_us);
    learn_tls_server(flow);
    if (!flow.reported()) {
      if (flow.relevant(known_tls_server(flow))) {
        report(index);
      } else if (flow.tracker().saw_tls()) {
        ++flows_.midstream_without_handshake;
      } else {
        ++flows_.without_tls;
      }
    }
    if (entry.flow != nullptr) --in_analysis_;
  }
  table_.erase(index);
}

void Analyzer::expire_idle(std::int64_t now_us) {
  // The LRU list is ordered by last activity: stop at the first fresh flow.
  while (table_.size() > 0) {
    Index index = table_.oldest();
    const FlowEntry& entry = table_.at(index);
    bool closed = entry.flow != nullptr ? entry.flow->tcp().closed() : entry.retired.closed();
    // A live flow's clock also counts ICMP errors about it.
    std::int64_t last = entry.flow != nullptr ? entry.flow->tcp().last_timestamp_us() : entry.last_us;
    std::int64_t idle_for = now_us - last;
    bool done = closed && entry.flow == nullptr;
    if (idle_for < options_.idle_timeout_us && !done) break;
    finalize(index, closed ? FlowEnd::closed : FlowEnd::idle, now_us);
  }
}

void Analyzer::advance_clock(std::int64_t now_us) {
  if (now_us <= clock_us_) return;
  clock_us_ = now_us;
  if (clock_us_ - last_sweep_us_ >= kSweepIntervalUs) {
    last_sweep_us_ = clock_us_;
    expire_idle(clock_us_);
  }
}

void Analyzer::finish() {
  while (table_.size() > 0) finalize(table_.oldest(), FlowEnd::capture_end, clock_us_);
}

}  // namespace tlsanalyze::analyzer
