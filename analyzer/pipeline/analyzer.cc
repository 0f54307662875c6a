#include "analyzer/pipeline/analyzer.h"

#include <functional>

#include "analyzer/x509/certificates.h"
#include "analyzer/diagnosis/diagnosis.h"

namespace tlsanalyze::analyzer {

namespace {

// How often (capture time) the table is swept for idle flows.
constexpr std::int64_t kSweepIntervalUs = 1'000'000;

std::size_t hash_endpoint(const Endpoint& e) {
  std::size_t h = std::hash<std::uint16_t>{}(e.port) ^ (static_cast<std::size_t>(e.address.family) << 20);
  for (std::uint8_t b : e.address.bytes) h = h * 1099511628211ULL ^ b;
  return h;
}

}  // namespace

std::size_t Analyzer::FlowKeyHash::operator()(const FlowKey& k) const {
  return hash_endpoint(k.low) * 31 + hash_endpoint(k.high);
}

Analyzer::Analyzer(const AnalyzerOptions& options, ReportSink sink) : options_(options), sink_(std::move(sink)) {
  if (options_.diagnosis != nullptr) context_ = *options_.diagnosis;
  context_.history = &history_;
  context_.cache = &certificates_;
}
Analyzer::~Analyzer() = default;

Analyzer::FlowKey Analyzer::key_for(const Endpoint& a, const Endpoint& b) {
  return a < b ? FlowKey{a, b} : FlowKey{b, a};
}

Analyzer::Entry& Analyzer::find_or_create(const FlowKey& key, const Endpoint& src, const Endpoint& dst,
                                          std::int64_t ts, std::uint64_t number, std::uint32_t capture_index) {
  auto it = table_.find(key);
  if (it != table_.end()) {
    lru_.splice(lru_.end(), lru_, it->second.lru);
    return it->second;
  }
  if (table_.size() >= options_.max_flows && !lru_.empty()) {
    ++flows_.evicted;
    finalize(lru_.front(), FlowEnd::evicted, ts);
  }
  ++flows_.tcp_connections;
  Entry entry;
  entry.flow = std::make_unique<FlowAnalysis>(src, dst, options_.keylog, ts, number);
  entry.lru = lru_.insert(lru_.end(), key);
  entry.capture_index = capture_index;
  return table_.emplace(key, std::move(entry)).first->second;
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
  FlowKey key = key_for(src, dst);
  if (kind == DecodedKind::icmp_error) {
    auto it = table_.find(key);
    if (it != table_.end()) it->second.flow->tcp().on_icmp_error(packet, it->second.flow->tcp().direction_of(src));
    return;
  }

  Entry* entry = &find_or_create(key, src, dst, packet.timestamp_us, packet.number, capture_index);
  if (entry->flow->tcp().is_new_connection(packet)) {
    ++flows_.tuple_reused;
    finalize(key, FlowEnd::closed, packet.timestamp_us);
    entry = &find_or_create(key, src, dst, packet.timestamp_us, packet.number, capture_index);
  }
  FlowAnalysis& flow = *entry->flow;
  flow.tcp().on_segment(packet, flow.tcp().direction_of(src));
  if (flow.verdict_ready() && flow.relevant(known_tls_server(flow))) report(*entry);
}

void Analyzer::report(Entry& entry) {
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

void Analyzer::finalize(const FlowKey& key, FlowEnd why, std::int64_t now_us) {
  auto it = table_.find(key);
  if (it == table_.end()) return;
  Entry& entry = it->second;
  FlowAnalysis& flow = *entry.flow;
  flow.tcp().finish(why, now_us);
  learn_tls_server(flow);
  if (!flow.reported()) {
    if (flow.relevant(known_tls_server(flow))) {
      report(entry);
    } else if (flow.tracker().saw_tls()) {
      ++flows_.midstream_without_handshake;
    } else {
      ++flows_.without_tls;
    }
  }
  lru_.erase(entry.lru);
  table_.erase(it);
}

void Analyzer::expire_idle(std::int64_t now_us) {
  // The LRU list is ordered by last activity: stop at the first fresh flow.
  while (!lru_.empty()) {
    const FlowKey key = lru_.front();
    const FlowAnalysis& flow = *table_.at(key).flow;
    std::int64_t idle_for = now_us - flow.tcp().last_timestamp_us();
    bool done = flow.tcp().closed() && flow.reported();
    if (idle_for < options_.idle_timeout_us && !done) break;
    finalize(key, flow.tcp().closed() ? FlowEnd::closed : FlowEnd::idle, now_us);
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
  while (!lru_.empty()) finalize(lru_.front(), FlowEnd::capture_end, clock_us_);
}

}  // namespace tlsanalyze::analyzer
