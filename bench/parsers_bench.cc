// parsers_bench: the cost of the pure parsers on real handshake bytes, each
// against a baseline that only reads the same bytes once, byte by byte (a
// serial checksum: what any parser that looked at every byte would pay). The
// bytes come from two captures in captures/, read with libpcap at start-up:
//   - tls13-success.pcap: the client's ClientHello (OpenSSL 3.0 s_client);
//   - tls12-success.pcap: the server's first flight (ServerHello, Certificate,
//     ServerKeyExchange, ServerHelloDone; OpenSSL 3.0 s_server, ECDHE-RSA).
// Every benchmark checks its result inside the timed loop and stops with an
// error on a wrong one; main() then exits non-zero, so `bench_smoke` under
// ctest proves the numbers are measured on correct parses.
// After the runs it prints one line per pair:
//   ratio <name>: <candidate>/<baseline> = X.XX
// computed from CPU time per iteration measured in the same run.
#include <benchmark/benchmark.h>
#include <openssl/x509.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/x509/certificates.h"
#include "analyzer/capture/packet_decoder.h"
#include "analyzer/capture/packet_source.h"
#include "parsers/tls_handshake.h"
#include "parsers/tls_record.h"
#include "bench/ratio_reporter.h"

namespace {

using tlsanalyze::analyzer::decode_packet;
using tlsanalyze::analyzer::DecodedKind;
using tlsanalyze::analyzer::DecodedPacket;
using tlsanalyze::analyzer::PacketCounters;
using tlsanalyze::analyzer::PacketSource;
using tlsanalyze::analyzer::RawPacket;
using tlsanalyze::parsers::Anomaly;
using tlsanalyze::parsers::Bytes;
using tlsanalyze::parsers::CertificateMessage;
using tlsanalyze::parsers::ClientHello;
using tlsanalyze::parsers::ContentType;
using tlsanalyze::parsers::FrameResult;
using tlsanalyze::parsers::FrameStatus;
using tlsanalyze::parsers::HandshakeMessage;
using tlsanalyze::parsers::HandshakeType;
using tlsanalyze::parsers::TlsRecord;

const std::string kSourceDir = TLSANALYZE_SOURCE_DIR;

// The SNI s_client sent in tls13-success.pcap (captures/make_captures.sh,
// tests/golden/tls13-success.jsonl).
constexpr std::string_view kExpectedSni = "server.example.com";
// The server's chain in tls12-success.pcap: leaf and intermediate ("full
// chain" in captures/expected.tsv; the root is not sent).
constexpr std::size_t kExpectedChainLength = 2;
// The leaf's subject CN (captures/certs/server.pem).
constexpr std::string_view kExpectedLeafCommonName = "server.example.com";
// A TLS 1.2 ECDHE-RSA server flight (RFC 5246 7.3): these four messages.
constexpr std::uint8_t kServerFlight[] = {
    static_cast<std::uint8_t>(HandshakeType::server_hello),
    static_cast<std::uint8_t>(HandshakeType::certificate),
    static_cast<std::uint8_t>(HandshakeType::server_key_exchange),
    static_cast<std::uint8_t>(HandshakeType::server_hello_done),
};
// The framing benchmark repeats the flight until the stream is this long, so
// one iteration frames many records as a busy flow table would.
constexpr std::size_t kMinStreamBytes = 64 * 1024;
// Handshake messages above this cannot complete (same cap as a real framer's buffer).
constexpr std::size_t kMaxHandshakeLength = 1 << 17;

// Inputs holds the bytes every benchmark reads; filled once by load_inputs().
struct Inputs {
  std::vector<std::uint8_t> client_hello_body;  // ClientHello body, no 4-byte header
  std::vector<std::uint8_t> certificate_body;   // TLS 1.2 Certificate body
  std::vector<std::uint8_t> leaf_der;           // its first certificate
  std::vector<std::uint8_t> record_stream;      // server flight records, repeated
  std::size_t records_in_stream = 0;
  std::size_t messages_in_stream = 0;
  std::size_t type_sum_in_stream = 0;
};
Inputs g_inputs;

// serial_checksum is the baseline: one pass over every byte, one byte at a
// time, nothing else: what a parser that looked at each byte once would pay. The
// rotate makes each step depend on the last (not an associative reduction),
// so no compiler vectorizes it and the baseline means the same under -O2,
// -O3, g++ and clang (a plain sum is vectorized at -O3 only, which moved
// ratios between build types by 5x).
std::uint32_t serial_checksum(Bytes bytes) {
  std::uint32_t sum = 0;
  for (std::uint8_t b : bytes) sum = std::rotl(sum, 1) + b;
  return sum;
}

// Streams are the two directions of the connection that sent a capture's
// first SYN, each concatenated in sequence order (loopback captures: no loss, maybe a
// retransmission, which is skipped).
struct Streams {
  std::vector<std::uint8_t> client;
  std::vector<std::uint8_t> server;
};

// append_in_order appends the part of `payload` at `seq` that extends
// `stream` (whose next expected sequence number is `next`). False on a gap.
bool append_in_order(std::vector<std::uint8_t>& stream, std::optional<std::uint32_t>& next, std::uint32_t seq,
                     Bytes payload) {
  if (!next) next = seq;
  // Serial-number arithmetic (RFC 9293 3.4): how far this segment starts
  // behind (positive) or ahead of (negative) the next expected byte.
  auto behind = static_cast<std::int32_t>(*next - seq);
  if (behind < 0) return false;
  auto skip = static_cast<std::size_t>(behind);
  if (skip >= payload.size()) return true;  // pure retransmission
  Bytes fresh = payload.subspan(skip);
  stream.insert(stream.end(), fresh.begin(), fresh.end());
  *next += static_cast<std::uint32_t>(fresh.size());
  return true;
}

// read_streams reads `file` under captures/ and returns its first
// connection's byte streams; false with a message on stderr on any problem.
bool read_streams(const std::string& file, Streams& out) {
  PacketSource source;
  std::string error;
  std::string path = kSourceDir + "/captures/" + file;
  if (!source.open_file(path, error)) {
    std::fprintf(stderr, "parsers_bench: %s\n", error.c_str());
    return false;
  }
  std::optional<std::uint16_t> client_port;
  std::optional<std::uint32_t> client_next, server_next;
  bool ok = true;
  PacketCounters counters;
  std::uint64_t number = 0;
  source.run([&](const RawPacket& raw) {
    DecodedPacket packet;
    if (decode_packet(raw, ++number, packet, counters) != DecodedKind::tcp) return;
    const auto& tcp = packet.tcp;
    // The client sent the SYN without ACK.
    if (!client_port && tcp.has(tlsanalyze::parsers::kTcpSyn) && !tcp.has(tlsanalyze::parsers::kTcpAck))
      client_port = tcp.src_port;
    if (!client_port || tcp.payload.empty()) return;
    if (tcp.src_port == *client_port)
      ok = ok && append_in_order(out.client, client_next, tcp.seq, tcp.payload);
    else if (tcp.dst_port == *client_port)
      ok = ok && append_in_order(out.server, server_next, tcp.seq, tcp.payload);
  });
  if (!ok || !client_port) {
    std::fprintf(stderr, "parsers_bench: %s: %s\n", path.c_str(),
                 ok ? "no SYN from a client" : "a gap in a TCP stream");
    return false;
  }
  return true;
}

// first_handshake_message frames the record stream and returns the body of
// the first handshake message of type `type` in the leading plaintext
// handshake records; `flight_end` is set to the end of the record carrying it.
bool first_handshake_message(Bytes stream, HandshakeType type, std::vector<std::uint8_t>& body,
                             std::size_t& flight_end) {
  std::size_t offset = 0;
  while (offset < stream.size()) {
    TlsRecord record;
    FrameResult r = tlsanalyze::parsers::frame_record(stream.subspan(offset), record);
    if (r.status != FrameStatus::complete) return false;
    offset += r.length;
    if (record.content_type != static_cast<std::uint8_t>(ContentType::handshake)) continue;
    Bytes fragment = record.fragment;
    while (!fragment.empty()) {
      HandshakeMessage message;
      FrameResult h = tlsanalyze::parsers::frame_handshake(fragment, kMaxHandshakeLength, message);
      if (h.status != FrameStatus::complete) return false;  // encrypted, or split across records
      fragment = fragment.subspan(h.length);
      if (message.msg_type == static_cast<std::uint8_t>(type)) {
        body.assign(message.body.begin(), message.body.end());
        flight_end = offset;
        return true;
      }
    }
  }
  return false;
}

// frame_all frames every record of `stream` and every handshake message in
// each handshake record; counts both and sums the message types (so a
// wrong split shows). The body of the benchmark, also used to check setup.
struct FrameTally {
  std::size_t records = 0;
  std::size_t messages = 0;
  std::size_t type_sum = 0;
  std::size_t consumed = 0;
};
FrameTally frame_all(Bytes stream) {
  FrameTally t;
  while (t.consumed < stream.size()) {
    TlsRecord record;
    FrameResult r = tlsanalyze::parsers::frame_record(stream.subspan(t.consumed), record);
    if (r.status != FrameStatus::complete) break;
    t.consumed += r.length;
    ++t.records;
    if (record.content_type != static_cast<std::uint8_t>(ContentType::handshake)) continue;
    Bytes fragment = record.fragment;
    while (!fragment.empty()) {
      HandshakeMessage message;
      FrameResult h = tlsanalyze::parsers::frame_handshake(fragment, kMaxHandshakeLength, message);
      if (h.status != FrameStatus::complete) break;
      fragment = fragment.subspan(h.length);
      ++t.messages;
      t.type_sum += message.msg_type;
    }
  }
  return t;
}

bool load_inputs() {
  Streams tls13;
  if (!read_streams("tls13-success.pcap", tls13)) return false;
  std::size_t end = 0;
  if (!first_handshake_message(tls13.client, HandshakeType::client_hello, g_inputs.client_hello_body, end)) {
    std::fprintf(stderr, "parsers_bench: no ClientHello in tls13-success.pcap\n");
    return false;
  }

  Streams tls12;
  if (!read_streams("tls12-success.pcap", tls12)) return false;
  if (!first_handshake_message(tls12.server, HandshakeType::certificate, g_inputs.certificate_body, end)) {
    std::fprintf(stderr, "parsers_bench: no Certificate in tls12-success.pcap\n");
    return false;
  }
  {
    CertificateMessage message;
    Anomaly why{};
    if (!tlsanalyze::parsers::parse_certificate(Bytes(g_inputs.certificate_body), false, message, why) ||
        message.count == 0) {
      std::fprintf(stderr, "parsers_bench: the Certificate in tls12-success.pcap does not parse\n");
      return false;
    }
    g_inputs.leaf_der.assign(message.certificates[0].begin(), message.certificates[0].end());
  }
  // The flight runs up to and including the record with ServerHelloDone; what
  // follows (ChangeCipherSpec, encrypted Finished) is not plaintext handshake.
  std::vector<std::uint8_t> unused;
  std::size_t flight_end = 0;
  if (!first_handshake_message(tls12.server, HandshakeType::server_hello_done, unused, flight_end)) {
    std::fprintf(stderr, "parsers_bench: no ServerHelloDone in tls12-success.pcap\n");
    return false;
  }
  Bytes flight(tls12.server.data(), flight_end);
  FrameTally one = frame_all(flight);
  std::size_t flight_type_sum = 0;
  for (std::uint8_t t : kServerFlight) flight_type_sum += t;
  if (one.consumed != flight.size() || one.messages != std::size(kServerFlight) ||
      one.type_sum != flight_type_sum) {
    std::fprintf(stderr,
                 "parsers_bench: tls12-success.pcap server flight is not the expected four messages\n");
    return false;
  }
  std::size_t copies = 0;
  while (g_inputs.record_stream.size() < kMinStreamBytes) {
    g_inputs.record_stream.insert(g_inputs.record_stream.end(), flight.begin(), flight.end());
    ++copies;
  }
  g_inputs.records_in_stream = copies * one.records;
  g_inputs.messages_in_stream = copies * one.messages;
  g_inputs.type_sum_in_stream = copies * flight_type_sum;
  return true;
}

// bench_parse_client_hello: parse_client_hello on the captured ClientHello;
// checks the SNI every iteration.
void bench_parse_client_hello(benchmark::State& state) {
  Bytes body(g_inputs.client_hello_body);
  for (auto _ : state) {
    ClientHello hello;
    Anomaly why{};
    bool ok = tlsanalyze::parsers::parse_client_hello(body, hello, why);
    benchmark::DoNotOptimize(hello);
    if (!ok || !hello.has_server_name || hello.server_name != kExpectedSni) {
      state.SkipWithError("ClientHello did not parse to the expected SNI");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(bench_parse_client_hello);

// baseline_checksum_client_hello: one pass over the same ClientHello bytes.
void baseline_checksum_client_hello(benchmark::State& state) {
  Bytes body(g_inputs.client_hello_body);
  const std::uint32_t expected = serial_checksum(body);
  for (auto _ : state) {
    // The clobber makes the compiler reread the buffer each iteration
    // instead of hoisting the sum out of the loop.
    benchmark::ClobberMemory();
    std::uint32_t sum = serial_checksum(body);
    benchmark::DoNotOptimize(sum);
    if (sum != expected) {
      state.SkipWithError("checksum changed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(baseline_checksum_client_hello);

// bench_frame_records: frame_record over ~64 KiB of server-flight records and
// frame_handshake over each handshake record; checks the counts.
void bench_frame_records(benchmark::State& state) {
  Bytes stream(g_inputs.record_stream);
  for (auto _ : state) {
    FrameTally t = frame_all(stream);
    benchmark::DoNotOptimize(t);
    if (t.consumed != stream.size() || t.records != g_inputs.records_in_stream ||
        t.messages != g_inputs.messages_in_stream || t.type_sum != g_inputs.type_sum_in_stream) {
      state.SkipWithError("framing did not find every record and message");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * g_inputs.records_in_stream));
}
BENCHMARK(bench_frame_records);

// baseline_checksum_record_stream: one pass over the same record stream.
void baseline_checksum_record_stream(benchmark::State& state) {
  Bytes stream(g_inputs.record_stream);
  const std::uint32_t expected = serial_checksum(stream);
  for (auto _ : state) {
    benchmark::ClobberMemory();
    std::uint32_t sum = serial_checksum(stream);
    benchmark::DoNotOptimize(sum);
    if (sum != expected) {
      state.SkipWithError("checksum changed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * g_inputs.records_in_stream));
}
BENCHMARK(baseline_checksum_record_stream);

// bench_parse_certificate: parse_certificate (TLS 1.2 layout) on the captured
// server chain; checks the chain length.
void bench_parse_certificate(benchmark::State& state) {
  Bytes body(g_inputs.certificate_body);
  for (auto _ : state) {
    CertificateMessage message;
    Anomaly why{};
    bool ok = tlsanalyze::parsers::parse_certificate(body, /*tls13=*/false, message, why);
    benchmark::DoNotOptimize(message);
    if (!ok || message.total != kExpectedChainLength || message.count != kExpectedChainLength ||
        message.certificates[0].empty()) {
      state.SkipWithError("Certificate did not parse to the expected chain");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(bench_parse_certificate);

// baseline_checksum_certificate: one pass over the same Certificate bytes.
void baseline_checksum_certificate(benchmark::State& state) {
  Bytes body(g_inputs.certificate_body);
  const std::uint32_t expected = serial_checksum(body);
  for (auto _ : state) {
    benchmark::ClobberMemory();
    std::uint32_t sum = serial_checksum(body);
    benchmark::DoNotOptimize(sum);
    if (sum != expected) {
      state.SkipWithError("checksum changed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
BENCHMARK(baseline_checksum_certificate);

// bench_x509_decode_leaf: the analyzer's parse_certificate_der (OpenSSL
// d2i_X509, then names, validity, key, extensions, fingerprint) on the leaf
// of that chain; checks the subject CN. Every certificate diagnosis looks at
// pays this, trust store or not.
void bench_x509_decode_leaf(benchmark::State& state) {
  Bytes der(g_inputs.leaf_der);
  for (auto _ : state) {
    tlsanalyze::analyzer::CertificateInfo info;
    std::string error;
    bool ok = tlsanalyze::analyzer::parse_certificate_der(der, info, error);
    benchmark::DoNotOptimize(info);
    if (!ok || info.common_name != kExpectedLeafCommonName) {
      state.SkipWithError("leaf did not decode to the expected subject");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * der.size()));
}
BENCHMARK(bench_x509_decode_leaf);

// baseline_d2i_x509_leaf: OpenSSL's d2i_X509 alone on the same leaf, the part
// of bench_x509_decode_leaf the analyzer cannot avoid once it uses OpenSSL.
void baseline_d2i_x509_leaf(benchmark::State& state) {
  Bytes der(g_inputs.leaf_der);
  for (auto _ : state) {
    const unsigned char* p = der.data();
    X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    bool ok = cert != nullptr && p == der.data() + der.size();
    X509_free(cert);
    if (!ok) {
      state.SkipWithError("d2i_X509 failed on the leaf");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * der.size()));
}
BENCHMARK(baseline_d2i_x509_leaf);


}  // namespace

int main(int argc, char** argv) {
  return tlsanalyze::bench::run_benchmarks(
      argc, argv, "parsers_bench", load_inputs,
      {{"client_hello", "bench_parse_client_hello", "baseline_checksum_client_hello"},
       {"framing", "bench_frame_records", "baseline_checksum_record_stream"},
       {"certificate", "bench_parse_certificate", "baseline_checksum_certificate"},
       {"x509_leaf_over_tls_certificate", "bench_x509_decode_leaf", "bench_parse_certificate"},
       {"x509_leaf_over_d2i", "bench_x509_decode_leaf", "baseline_d2i_x509_leaf"}});
}
