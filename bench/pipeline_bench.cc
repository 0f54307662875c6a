// pipeline_bench: what the analyzer costs on top of decoding packets. Every
// capture in captures/*.pcap that has a golden file (tests/golden/) is read
// into memory once at start-up (others are skipped, with a note); then
//   - baseline_decode_only runs decode_packet (link, IP, TCP headers) over
//     every packet: the floor any analysis pays;
//   - bench_analyzer_no_trust_store runs the whole pipeline, one Analyzer per
//     capture as `tlsanalyze -r <capture> --no-trust-store` does: process()
//     over every packet, then finish() (reassembly, TLS framing, handshake
//     tracking, diagnosis, certificate shape checks);
//   - bench_analyzer_trust_store does the same with the chains verified
//     against captures/certs/root.pem (X.509 parsing and path building in
//     OpenSSL), as `--ca-file captures/certs/root.pem` does.
// No key logs are given: this is the passive path most runs take.
// Each iteration checks that every capture yields as many reports as its
// golden file tests/golden/<capture>.jsonl has handshakes; with the trust
// store (the golden files' configuration) it also checks each report's cause,
// except for captures whose golden verdict needed their .keylog. A wrong
// result stops the benchmark with an error and main() exits non-zero.
// After the runs it prints one line per pair:
//   ratio <name>: <candidate>/<baseline> = X.XX
// computed from CPU time per iteration measured in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/pipeline/analyzer.h"
#include "analyzer/diagnosis/certificate_assessment.h"
#include "analyzer/x509/certificate_cache.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/capture/packet_decoder.h"
#include "analyzer/capture/packet_source.h"
#include "analyzer/x509/trust_store.h"
#include "analyzer/model/verdict.h"
#include "bench/ratio_reporter.h"

namespace {

using tlsanalyze::analyzer::Analyzer;
using tlsanalyze::analyzer::AnalyzerOptions;
using tlsanalyze::analyzer::assess_certificates;
using tlsanalyze::analyzer::CertificateAssessment;
using tlsanalyze::analyzer::CertificateCache;
using tlsanalyze::analyzer::CertificateChainFacts;
using tlsanalyze::analyzer::decode_packet;
using tlsanalyze::analyzer::DecodedPacket;
using tlsanalyze::analyzer::DiagnosisContext;
using tlsanalyze::analyzer::HandshakeReport;
using tlsanalyze::analyzer::PacketCounters;
using tlsanalyze::analyzer::PacketSource;
using tlsanalyze::analyzer::RawPacket;
using tlsanalyze::analyzer::TrustStore;

namespace fs = std::filesystem;

const std::string kSourceDir = TLSANALYZE_SOURCE_DIR;

// Capture is one pcap held in memory, with what its golden file expects.
struct Capture {
  std::string name;                               // file name under captures/
  std::vector<std::vector<std::uint8_t>> frames;  // owns the bytes `packets` view
  std::vector<RawPacket> packets;
  std::uint64_t bytes = 0;                   // captured bytes, for throughput
  std::uint64_t tcp_segments = 0;            // decode_packet's count at load time
  std::vector<std::string> expected_causes;  // one per golden handshake, in report order
  bool has_keylog = false;                   // golden verdicts used captures/<name>.keylog
};

// Corpus is everything the benchmarks read; filled once by load_corpus().
struct Corpus {
  std::vector<Capture> captures;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  std::uint64_t handshakes = 0;
  TrustStore trust;
  CertificateChainFacts chain;  // the server chain of tls12-success.pcap (leaf + intermediate)
  std::string sni;
};
Corpus g_corpus;

// load_capture reads one pcap into memory and its golden file's causes.
// False with a message on stderr when either cannot be read.
bool load_capture(const fs::path& path, Capture& out) {
  out.name = path.filename().string();
  PacketSource source;
  std::string error;
  if (!source.open_file(path.string(), error)) {
    std::fprintf(stderr, "pipeline_bench: %s\n", error.c_str());
    return false;
  }
  std::vector<RawPacket> headers;
  bool ok = source.run([&](const RawPacket& raw) {
    // raw.data lives only during the callback: keep a copy.
    out.frames.emplace_back(raw.data.begin(), raw.data.end());
    headers.push_back(raw);
  });
  if (!ok) {
    std::fprintf(stderr, "pipeline_bench: %s\n", source.error().c_str());
    return false;
  }
  // Point the packets at the copies only now that `frames` no longer grows.
  for (std::size_t i = 0; i < headers.size(); ++i) {
    RawPacket packet = headers[i];
    packet.data = tlsanalyze::parsers::Bytes(out.frames[i]);
    out.packets.push_back(packet);
    out.bytes += out.frames[i].size();
  }
  PacketCounters counters;
  std::uint64_t number = 0;
  for (const RawPacket& packet : out.packets) {
    DecodedPacket decoded;
    decode_packet(packet, ++number, decoded, counters);
  }
  out.tcp_segments = counters.tcp;

  std::string stem = path.stem().string();
  out.has_keylog = fs::exists(path.parent_path() / (stem + ".keylog"));
  fs::path golden = fs::path(kSourceDir) / "tests" / "golden" / (stem + ".jsonl");
  std::ifstream in(golden);
  if (!in) {
    std::fprintf(stderr, "pipeline_bench: %s: cannot read\n", golden.string().c_str());
    return false;
  }
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      std::fprintf(stderr, "pipeline_bench: %s: a line is not JSON\n", golden.string().c_str());
      return false;
    }
    if (j.value("type", "") == "handshake") out.expected_causes.push_back(j.value("cause", ""));
  }
  return true;
}

bool load_corpus() {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(kSourceDir) / "captures", ec))
    if (entry.path().extension() == ".pcap") paths.push_back(entry.path());
  if (ec || paths.empty()) {
    std::fprintf(stderr, "pipeline_bench: no captures under %s/captures\n", kSourceDir.c_str());
    return false;
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    fs::path golden = fs::path(kSourceDir) / "tests" / "golden" / (path.stem().string() + ".jsonl");
    if (!fs::exists(golden)) {
      std::fprintf(stderr, "pipeline_bench: skipped %s: no %s to check against\n",
                   path.filename().string().c_str(), golden.lexically_relative(kSourceDir).string().c_str());
      continue;
    }
    Capture& capture = g_corpus.captures.emplace_back();
    if (!load_capture(path, capture)) return false;
    g_corpus.packets += capture.packets.size();
    g_corpus.bytes += capture.bytes;
    g_corpus.handshakes += capture.expected_causes.size();
  }
  for (const Capture& capture : g_corpus.captures) {
    if (capture.name != "tls12-success.pcap") continue;
    Analyzer analyzer(AnalyzerOptions{}, [](const HandshakeReport& report) {
      g_corpus.chain = report.facts.summary->server_certificates;
      g_corpus.sni = report.facts.summary->client_hellos.back().sni;
    });
    for (const RawPacket& packet : capture.packets) analyzer.process(packet, 0);
    analyzer.finish();
  }
  if (g_corpus.chain.der.size() != 2) {
    std::fprintf(stderr, "pipeline_bench: tls12-success.pcap did not yield its 2-certificate chain\n");
    return false;
  }
  std::string error;
  if (!g_corpus.trust.load_file(kSourceDir + "/captures/certs/root.pem", error)) {
    std::fprintf(stderr, "pipeline_bench: %s\n", error.c_str());
    return false;
  }
  return true;
}

// Tally counts one capture's reports and compares their causes with the golden ones.
struct Tally {
  const Capture* capture = nullptr;
  bool check_causes = false;
  std::size_t reports = 0;
  bool mismatch = false;
};

// analyze_corpus runs one Analyzer per capture over all its packets; false
// (with `what` naming the capture) when the reports differ from the golden ones.
bool analyze_corpus(const DiagnosisContext& context, bool check_causes, std::string& what) {
  for (const Capture& capture : g_corpus.captures) {
    Tally tally;
    tally.capture = &capture;
    tally.check_causes = check_causes && !capture.has_keylog;
    AnalyzerOptions options;
    options.diagnosis = &context;
    Analyzer analyzer(options, [&tally](const HandshakeReport& report) {
      std::size_t index = tally.reports++;
      if (!tally.check_causes) return;
      const auto& expected = tally.capture->expected_causes;
      if (index >= expected.size() || tlsanalyze::analyzer::cause_id(report.verdict.cause) != expected[index])
        tally.mismatch = true;
    });
    for (const RawPacket& packet : capture.packets) analyzer.process(packet, 0);
    analyzer.finish();
    if (tally.reports != capture.expected_causes.size() || tally.mismatch) {
      what = capture.name + ": reports differ from tests/golden";
      return false;
    }
  }
  return true;
}

void set_counters(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * g_corpus.packets));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_corpus.bytes));
  state.counters["handshakes"] = static_cast<double>(g_corpus.handshakes);
}

// baseline_decode_only: decode_packet over every packet of every capture;
// checks that each capture decodes to the TCP segment count seen at load.
void baseline_decode_only(benchmark::State& state) {
  for (auto _ : state) {
    bool ok = true;
    for (const Capture& capture : g_corpus.captures) {
      PacketCounters counters;
      std::uint64_t number = 0;
      for (const RawPacket& packet : capture.packets) {
        DecodedPacket decoded;
        auto kind = decode_packet(packet, ++number, decoded, counters);
        benchmark::DoNotOptimize(kind);
        benchmark::DoNotOptimize(decoded);
      }
      ok = ok && counters.packets == capture.packets.size() && counters.tcp == capture.tcp_segments;
    }
    if (!ok) {
      state.SkipWithError("decode counts changed");
      break;
    }
  }
  set_counters(state);
}
BENCHMARK(baseline_decode_only);

// bench_analyzer_no_trust_store: the whole pipeline, chains judged by shape only.
void bench_analyzer_no_trust_store(benchmark::State& state) {
  DiagnosisContext context;  // trust_store null: no X.509 verification
  for (auto _ : state) {
    std::string what;
    if (!analyze_corpus(context, /*check_causes=*/false, what)) {
      state.SkipWithError(what.c_str());
      break;
    }
  }
  set_counters(state);
}
BENCHMARK(bench_analyzer_no_trust_store);

// bench_analyzer_trust_store: the whole pipeline, chains verified against the test root.
void bench_analyzer_trust_store(benchmark::State& state) {
  DiagnosisContext context;
  context.trust_store = &g_corpus.trust;
  for (auto _ : state) {
    std::string what;
    if (!analyze_corpus(context, /*check_causes=*/true, what)) {
      state.SkipWithError(what.c_str());
      break;
    }
  }
  set_counters(state);
}
BENCHMARK(bench_analyzer_trust_store);

// Certificate assessment of one handshake whose chain the server presents to
// every client: decoded once and then served from the CertificateCache (what
// an Analyzer does across handshakes), against decoding it every time.
void assess_chain(benchmark::State& state, CertificateCache* cache) {
  DiagnosisContext context;
  context.cache = cache;
  for (auto _ : state) {
    CertificateAssessment a = assess_certificates(g_corpus.chain, g_corpus.sni, &context, false, tlsanalyze::parsers::AlertDescription::close_notify);
    if (a.chain.size() != 2 || a.chain.front().common_name != "server.example.com") {
      state.SkipWithError("the chain did not decode to its leaf and intermediate");
      break;
    }
    benchmark::DoNotOptimize(a);
  }
}
void bench_assess_chain_cached(benchmark::State& state) {
  CertificateCache cache;
  assess_chain(state, &cache);
}
BENCHMARK(bench_assess_chain_cached);
void baseline_assess_chain_uncached(benchmark::State& state) { assess_chain(state, nullptr); }
BENCHMARK(baseline_assess_chain_uncached);


}  // namespace

int main(int argc, char** argv) {
  auto load = [] {
    if (!load_corpus()) return false;
    std::fprintf(stderr, "pipeline_bench: corpus of %zu captures, %llu packets, %llu bytes, %llu handshakes\n",
                 g_corpus.captures.size(), static_cast<unsigned long long>(g_corpus.packets),
                 static_cast<unsigned long long>(g_corpus.bytes), static_cast<unsigned long long>(g_corpus.handshakes));
    return true;
  };
  return tlsanalyze::bench::run_benchmarks(
      argc, argv, "pipeline_bench", load,
      {{"analysis_over_decode", "bench_analyzer_no_trust_store", "baseline_decode_only"},
       {"x509_verification", "bench_analyzer_trust_store", "bench_analyzer_no_trust_store"},
       {"full_over_decode", "bench_analyzer_trust_store", "baseline_decode_only"},
       {"certificate_cache", "bench_assess_chain_cached", "baseline_assess_chain_uncached"}});
}
