// Tests for the whole pipeline (Analyzer: packets -> reassembly -> TLS framing
// -> handshake tracking -> diagnosis) under every way TCP may cut, reorder,
// duplicate and overlap the same conversation (STYLE.md, "Split tests").
//
// Each conversation is a Script: TCP control steps and flights (the bytes one
// side sends at once), built field by field with tests/support/packet_builder.h.
// A Cutter turns each flight into segments; the whole-flight rendering is the
// baseline, and every other rendering must give the same report: the same
// events (kind, side, version, suite, alert, length, count, flags; packet
// numbers and times legitimately differ) and the same verdict (outcome, cause,
// stage, confidence, ending event, alternatives).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/pipeline/analyzer.h"
#include "analyzer/model/handshake_report.h"
#include "analyzer/capture/packet_source.h"
#include "tests/support/byte_writer.h"
#include "tests/support/packet_builder.h"

namespace tlsanalyze::analyzer {
namespace {

using testing::Bytes;
using testing::ByteWriter;
using testing::ClientHelloSpec;
using testing::ContentType;
using testing::Frame;
using testing::HandshakeType;
using testing::ServerHelloSpec;
using testing::TcpConversation;
using testing::TcpEndpoint;

// ---------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------

enum class StepKind : std::uint8_t { syn, syn_ack, ack, data, fin, rst };

// Step is one thing a side does: a TCP control segment or a flight of data.
struct Step {
  StepKind kind = StepKind::data;
  Side from = Side::client;
  Bytes data;  // data steps only
};
using Script = std::vector<Step>;

Step syn() { return {StepKind::syn, Side::client, {}}; }
Step syn_ack() { return {StepKind::syn_ack, Side::server, {}}; }
Step ack(Side from) { return {StepKind::ack, from, {}}; }
Step fin(Side from) { return {StepKind::fin, from, {}}; }
Step flight(Side from, Bytes data) { return {StepKind::data, from, std::move(data)}; }

constexpr std::uint16_t kSuiteRsaAes128Gcm = 0x009c;  // TLS_RSA_WITH_AES_128_GCM_SHA256
constexpr std::uint16_t kSuiteTls13Aes128Gcm = 0x1301;
constexpr std::uint16_t kX25519 = 0x001d;
constexpr std::uint16_t kSecp256r1 = 0x0017;

ClientHelloSpec tls12_client_hello() {
  ClientHelloSpec s;
  s.legacy_version = testing::kTls12;
  s.cipher_suites = {0xc02f, 0xc030, kSuiteRsaAes128Gcm, 0x009d};
  s.sni = "www.example.com";
  s.alpn = {"h2", "http/1.1"};
  s.supported_versions = {testing::kTls12, testing::kTls11};
  s.groups = {kX25519, kSecp256r1};
  s.signature_algorithms = {0x0804, 0x0401, 0x0403};
  return s;
}

ClientHelloSpec tls13_client_hello() {
  ClientHelloSpec s = tls12_client_hello();
  s.cipher_suites = {kSuiteTls13Aes128Gcm, 0x1302, 0x1303, 0xc02f};
  s.supported_versions = {testing::kTls13, testing::kTls12};
  s.key_shares = {kX25519};
  s.session_id = Bytes(32, 0xab);  // middlebox compatibility mode (RFC 8446 D.4)
  return s;
}

// fake_der is a DER SEQUENCE of `n` content bytes: shaped like a certificate
// for the TLS layer, which never decodes it; diagnosis finds it unparseable.
Bytes fake_der(std::size_t n) {
  ByteWriter w;
  w.u8(0x30).u8(0x82).prefixed_u16([&](ByteWriter& body) {
    for (std::size_t i = 0; i < n; ++i) body.u8(static_cast<std::uint8_t>(i * 7));
  });
  return w.take();
}

Bytes hs(HandshakeType type, const Bytes& body) { return testing::handshake_message(type, body); }
Bytes record(ContentType type, const Bytes& fragment) { return testing::tls_record(type, fragment); }

// Tls12Layout says how handshake messages are packed into records.
struct Tls12Layout {
  std::size_t max_fragment = 0;  // 0: one record per message; else records of at most this many bytes
  bool coalesce = false;         // the server's three messages share records (several messages per record)
};

// handshake_bytes turns messages into records per the layout.
Bytes handshake_bytes(const std::vector<Bytes>& messages, const Tls12Layout& layout) {
  if (!layout.coalesce && layout.max_fragment == 0) {
    Bytes out;
    for (const Bytes& m : messages) {
      Bytes r = record(ContentType::handshake, m);
      out.insert(out.end(), r.begin(), r.end());
    }
    return out;
  }
  Bytes stream;
  for (const Bytes& m : messages) stream.insert(stream.end(), m.begin(), m.end());
  if (layout.max_fragment == 0) return record(ContentType::handshake, stream);
  if (!layout.coalesce) {
    Bytes out;
    for (const Bytes& m : messages) {
      Bytes r = testing::handshake_records(m, layout.max_fragment);
      out.insert(out.end(), r.begin(), r.end());
    }
    return out;
  }
  return testing::handshake_records(stream, layout.max_fragment);
}

// tls12_prefix: TCP handshake, ClientHello.
Script tls12_hello_script(const Tls12Layout& layout = {}) {
  return {syn(), syn_ack(), ack(Side::client),
          flight(Side::client, handshake_bytes({hs(HandshakeType::client_hello,
                                                   testing::client_hello_body(tls12_client_hello()))},
                                               layout))};
}

// tls12_success_script: a full TLS 1.2 RSA handshake, application data both
// ways, then both FINs (RFC 5246 7.3 figure 1).
Script tls12_success_script(const Tls12Layout& layout = {}) {
  Script s = tls12_hello_script(layout);
  ServerHelloSpec sh;
  sh.cipher_suite = kSuiteRsaAes128Gcm;
  sh.alpn = "h2";
  s.push_back(
      flight(Side::server,
             handshake_bytes({hs(HandshakeType::server_hello, testing::server_hello_body(sh)),
                              hs(HandshakeType::certificate, testing::certificate_body({fake_der(300)})),
                              hs(HandshakeType::server_hello_done, {})},
                             layout)));
  ByteWriter cke;  // RSA EncryptedPreMasterSecret (RFC 5246 7.4.7.1)
  cke.prefixed_u16([](ByteWriter& w) { w.zeros(256); });
  s.push_back(
      flight(Side::client,
             testing::concat({handshake_bytes({hs(HandshakeType::client_key_exchange, cke.take())}, layout),
                              testing::change_cipher_spec_record(),
                              testing::opaque_record(ContentType::handshake, 40, 0x21)})));
  s.push_back(
      flight(Side::server, testing::concat({testing::change_cipher_spec_record(),
                                            testing::opaque_record(ContentType::handshake, 40, 0x31)})));
  s.push_back(flight(Side::client, testing::opaque_record(ContentType::application_data, 120, 0x41)));
  s.push_back(flight(Side::server, testing::opaque_record(ContentType::application_data, 700, 0x51)));
  s.push_back(fin(Side::client));
  s.push_back(fin(Side::server));
  return s;
}

// tls12_alert_script: the server refuses the ClientHello with a fatal
// handshake_failure(40) and closes.
Script tls12_alert_script() {
  Script s = tls12_hello_script();
  s.push_back(flight(Side::server, testing::alert_record(2, 40)));
  s.push_back(fin(Side::server));
  s.push_back(fin(Side::client));
  return s;
}

// tls13_server_flight: ServerHello, the compatibility ChangeCipherSpec, then
// EncryptedExtensions, Certificate, CertificateVerify and Finished as
// encrypted records of realistic sizes (RFC 8446 5.2: 5-byte header,
// content + 1-byte inner type + 16-byte tag).
Bytes tls13_server_flight() {
  ServerHelloSpec sh;
  sh.cipher_suite = kSuiteTls13Aes128Gcm;
  sh.selected_version = testing::kTls13;
  sh.key_share_group = kX25519;
  sh.session_id = Bytes(32, 0xab);
  return testing::concat(
      {record(ContentType::handshake, hs(HandshakeType::server_hello, testing::server_hello_body(sh))),
       testing::change_cipher_spec_record(),
       testing::opaque_record(ContentType::application_data, 40, 0x61),    // EncryptedExtensions
       testing::opaque_record(ContentType::application_data, 1460, 0x62),  // Certificate
       testing::opaque_record(ContentType::application_data, 281, 0x63),   // CertificateVerify
       testing::opaque_record(ContentType::application_data, 69, 0x64)});  // Finished (SHA-384: 48+4+1+16)
}

Script tls13_hello_script() {
  return {syn(), syn_ack(), ack(Side::client),
          flight(Side::client,
                 record(ContentType::handshake,
                        hs(HandshakeType::client_hello, testing::client_hello_body(tls13_client_hello())))),
          flight(Side::server, tls13_server_flight())};
}

// tls13_success_script: the client's Finished is 53 bytes (32 + 4 + 1 + 16).
Script tls13_success_script() {
  Script s = tls13_hello_script();
  s.push_back(flight(Side::client,
                     testing::concat({testing::change_cipher_spec_record(),
                                      testing::opaque_record(ContentType::application_data, 53, 0x71)})));
  s.push_back(flight(Side::client, testing::opaque_record(ContentType::application_data, 90, 0x72)));
  // After the handshake, one record per flight: the analyzer reports as soon
  // as the verdict is known (Flow::verdict_ready), and a report taken in the
  // middle of a flight would see more or fewer of its records depending on
  // where TCP cut it.
  s.push_back(flight(Side::server,
                     testing::opaque_record(ContentType::application_data, 250, 0x73)));  // NewSessionTicket
  s.push_back(
      flight(Side::server, testing::opaque_record(ContentType::application_data, 900, 0x74)));  // response
  s.push_back(fin(Side::client));
  s.push_back(fin(Side::server));
  return s;
}

// tls13_rejection_script: the client answers the server's flight with a
// 19-byte record (an encrypted alert: 2 + 1 + 16) and closes.
Script tls13_rejection_script() {
  Script s = tls13_hello_script();
  s.push_back(flight(Side::client,
                     testing::concat({testing::change_cipher_spec_record(),
                                      testing::opaque_record(ContentType::application_data, 19, 0x75)})));
  s.push_back(fin(Side::client));
  s.push_back(fin(Side::server));
  return s;
}

// tls13_alert_script: the server refuses a TLS 1.3 ClientHello with a fatal
// handshake_failure(40).
Script tls13_alert_script() {
  Script s = {syn(), syn_ack(), ack(Side::client),
              flight(Side::client,
                     record(ContentType::handshake, hs(HandshakeType::client_hello,
                                                       testing::client_hello_body(tls13_client_hello())))),
              flight(Side::server, testing::alert_record(2, 40))};
  s.push_back(fin(Side::server));
  s.push_back(fin(Side::client));
  return s;
}

// tls13_mtls_rejected_script: the server asked (encrypted) for a client
// certificate; the client answers with an empty Certificate (a 25-byte record:
// 8 + 1 + 16) and its Finished, and the server rejects it with an encrypted
// alert (19 bytes) and closes.
Script tls13_mtls_rejected_script() {
  Script s = tls13_hello_script();
  s.push_back(flight(Side::client,
                     testing::concat({testing::change_cipher_spec_record(),
                                      testing::opaque_record(ContentType::application_data, 25, 0x81),
                                      testing::opaque_record(ContentType::application_data, 53, 0x82)})));
  s.push_back(flight(Side::server, testing::opaque_record(ContentType::application_data, 19, 0x83)));
  s.push_back(fin(Side::server));
  s.push_back(fin(Side::client));
  return s;
}

// tls12_reset_script: the server side resets the connection right after the
// ClientHello (an IPS, FAILURES.md 11).
Script tls12_reset_script() {
  Script s = tls12_hello_script();
  s.push_back({StepKind::rst, Side::server, {}});
  return s;
}

// ---------------------------------------------------------------------------
// Rendering a script as frames
// ---------------------------------------------------------------------------

// Piece is one segment of a flight: bytes [begin, end) relative to the
// flight's first byte. A negative begin reaches back into the same side's
// earlier flights (a retransmission coalesced with new data).
struct Piece {
  std::int64_t begin = 0;
  std::int64_t end = 0;
};
using Cut = std::vector<Piece>;
// Cutter decides how the flight at `step` (index in the script) of `length`
// bytes is sent.
using Cutter = std::function<Cut(std::size_t step, std::size_t length)>;

Cut whole_cut(std::size_t, std::size_t length) { return {{0, static_cast<std::int64_t>(length)}}; }

Cut chunks(std::size_t length, std::size_t n) {
  Cut c;
  for (std::size_t at = 0; at < length; at += n)
    c.push_back({static_cast<std::int64_t>(at), static_cast<std::int64_t>(std::min(length, at + n))});
  return c;
}

struct RenderOptions {
  TcpEndpoint client = testing::ipv4_endpoint(192, 0, 2, 10, 51234);
  TcpEndpoint server = testing::ipv4_endpoint(198, 51, 100, 20, 443);
  std::uint32_t client_isn = 0x1000;
  std::uint32_t server_isn = 0x20000000;
  bool midstream = false;  // leave out SYN, SYN/ACK and the handshake's ACK
};

std::vector<Frame> render(const Script& script, const Cutter& cutter, const RenderOptions& options = {}) {
  TcpConversation c(options.client, options.server, options.client_isn, options.server_isn);
  std::vector<Frame> frames;
  std::array<Bytes, 2> stream;  // each side's bytes so far, for retransmissions
  for (std::size_t i = 0; i < script.size(); ++i) {
    const Step& step = script[i];
    std::size_t side = step.from == Side::client ? 0 : 1;
    switch (step.kind) {
      case StepKind::syn:
        if (!options.midstream) frames.push_back(c.syn());
        break;
      case StepKind::syn_ack:
        if (!options.midstream) frames.push_back(c.syn_ack());
        break;
      case StepKind::ack:
        if (!options.midstream) frames.push_back(c.ack(step.from));
        break;
      case StepKind::fin:
        frames.push_back(c.fin(step.from));
        break;
      case StepKind::rst:
        frames.push_back(c.rst(step.from));
        break;
      case StepKind::data: {
        auto base = static_cast<std::int64_t>(stream[side].size());
        stream[side].insert(stream[side].end(), step.data.begin(), step.data.end());
        for (const Piece& p : cutter(i, step.data.size())) {
          std::int64_t from = base + p.begin;
          std::int64_t to = base + p.end;
          EXPECT_TRUE(from >= 0 && from < to && to <= static_cast<std::int64_t>(stream[side].size()))
              << "bad piece";
          Bytes payload(stream[side].begin() + from, stream[side].begin() + to);
          frames.push_back(c.send_at(step.from, static_cast<std::uint64_t>(from), payload));
        }
        break;
      }
    }
  }
  return frames;
}

// ---------------------------------------------------------------------------
// Running the analyzer and comparing what it reports
// ---------------------------------------------------------------------------

// Result is what the analyzer reported, reduced to what must not depend on
// segmentation. Events and verdict are rendered as text so a mismatch prints
// as a readable diff.
struct Result {
  int reports = 0;
  std::string events;   // one line per event
  std::string verdict;  // outcome, cause, stage, confidence, ending, alternatives
  std::vector<EventKind> kinds;
  Verdict full;
  bool complete = false;
};

std::string event_line(const Event& e) {
  return fmt::format(
      "{} {} version=0x{:04x} suite=0x{:04x} alert={}/{} length={} count={} encrypted={} decrypted={}\n",
      side_name(e.from), event_kind_id(e.kind), e.version, e.cipher_suite, static_cast<unsigned>(e.alert_level), static_cast<unsigned>(e.alert_code),
      e.length, e.count, e.encrypted, e.decrypted);
}

std::string verdict_text(const Verdict& v, const HandshakeFacts& f) {
  std::string also;
  for (Cause c : v.also_possible) also += fmt::format("{} ", cause_id(c));
  return fmt::format(
      "outcome={} cause={} failed_at='{}' stalled_after='{}' confidence={} ended_by={} from={} alert={}/{} "
      "known={} encrypted={} also=[{}] warnings={} complete={} tls13={} roles_known={} one_sided={}",
      outcome_name(v.outcome), cause_id(v.cause), stage_name(v.failed_at), v.stalled_after,
      confidence_name(v.confidence), end_kind_name(v.ended_by.kind), side_name(v.ended_by.from),
      static_cast<unsigned>(v.ended_by.alert_level), static_cast<unsigned>(v.ended_by.alert_code), v.ended_by.alert_known, v.ended_by.encrypted, also,
      v.warnings.size(), f.complete, f.tls13, f.roles_known, f.one_sided);
}

// run feeds frames to a fresh Analyzer and ends the input; `skip_kinds`
// leaves events of those kinds out of the comparison text.
Result run(const std::vector<Frame>& frames, const std::vector<EventKind>& skip_kinds = {}) {
  Result r;
  Analyzer analyzer(AnalyzerOptions{}, [&](const HandshakeReport& report) {
    ++r.reports;
    // The facts point into the flow: copy what is compared now.
    if (report.facts.events != nullptr) {
      for (const Event& e : *report.facts.events) {
        if (std::find(skip_kinds.begin(), skip_kinds.end(), e.kind) != skip_kinds.end()) continue;
        // Retransmission events describe the segmentation itself, which is
        // what the renderings vary; the TLS conversation must not change.
        if (e.kind == EventKind::retransmission) continue;
        r.events += event_line(e);
        r.kinds.push_back(e.kind);
      }
    }
    r.verdict = verdict_text(report.verdict, report.facts);
    r.full = report.verdict;
    r.complete = report.facts.complete;
  });
  for (const Frame& f : frames) analyzer.process(f.raw(), 0);
  analyzer.finish();
  return r;
}

// expect_same checks one rendering against the baseline.
void expect_same(const Result& baseline, const Result& got) {
  EXPECT_EQ(got.reports, 1);
  EXPECT_EQ(got.events, baseline.events);
  EXPECT_EQ(got.verdict, baseline.verdict);
}

// kMaxReordered is how many segments may arrive ahead of a missing one and
// still be held: TcpReassembler::kMaxHeldSegments, plus the one that fills
// the hole. Reordering deeper than that is declared capture loss, by design
// (docs/reassembly.md), so the strategies reverse at most this many at once.
constexpr std::size_t kMaxReordered = TcpReassembler::kMaxHeldSegments + 1;

// reversed_groups reverses each run of `group` consecutive pieces.
Cut reversed_groups(Cut c, std::size_t group) {
  for (std::size_t at = 0; at < c.size(); at += group)
    std::reverse(c.begin() + static_cast<std::ptrdiff_t>(at),
                 c.begin() + static_cast<std::ptrdiff_t>(std::min(c.size(), at + group)));
  return c;
}

// Strategy is one way of cutting every flight of a script.
struct Strategy {
  std::string name;
  Cutter cutter;
};

// strategies: one byte per segment; small chunks reversed within each
// flight (as deep as the reassembler holds); every segment duplicated; overlapping retransmissions (each
// segment overlaps the next by half; reversed too); a partial segment followed by a retransmission of the
// whole flight; a late retransmission of the flight's middle; and new data coalesced with a retransmission of
// the previous flight's tail.
std::vector<Strategy> strategies() {
  return {
      {"one byte per segment", [](std::size_t, std::size_t n) { return chunks(n, 1); }},
      {"7-byte segments", [](std::size_t, std::size_t n) { return chunks(n, 7); }},
      {"7-byte segments, every 16 reversed",
       [](std::size_t, std::size_t n) { return reversed_groups(chunks(n, 7), 16); }},
      {"100-byte segments reversed",
       [](std::size_t, std::size_t n) { return reversed_groups(chunks(n, 100), kMaxReordered); }},
      {"every segment duplicated",
       [](std::size_t, std::size_t n) {
         Cut c;
         for (const Piece& p : chunks(n, 11)) {
           c.push_back(p);
           c.push_back(p);
         }
         return c;
       }},
      {"overlapping retransmissions",
       [](std::size_t, std::size_t n) {
         Cut c;
         for (std::size_t at = 0; at < n; at += 9)
           c.push_back({static_cast<std::int64_t>(at), static_cast<std::int64_t>(std::min(n, at + 18))});
         return c;
       }},
      {"overlapping retransmissions reversed",
       [](std::size_t, std::size_t n) {
         Cut c;
         for (std::size_t at = 0; at < n; at += 9)
           c.push_back({static_cast<std::int64_t>(at), static_cast<std::int64_t>(std::min(n, at + 18))});
         return reversed_groups(c, kMaxReordered);
       }},
      {"reversed with duplicates",
       [](std::size_t, std::size_t n) {
         Cut c;
         for (const Piece& p : chunks(n, 13)) {
           c.push_back(p);
           c.push_back(p);
         }
         return reversed_groups(c, 2 * kMaxReordered);
       }},
      {"first half, then the whole flight again",
       [](std::size_t, std::size_t n) {
         auto len = static_cast<std::int64_t>(n);
         if (len < 2) return Cut{{0, len}};
         return Cut{{0, len / 2}, {0, len}};
       }},
      {"late overlapping retransmission of the middle",
       [](std::size_t, std::size_t n) {
         auto len = static_cast<std::int64_t>(n);
         if (len < 4) return Cut{{0, len}};
         return Cut{{0, len / 2}, {len / 2, len}, {len / 4, 3 * len / 4}};
       }},
      {"second half first, then an overlapping first part",
       [](std::size_t, std::size_t n) {
         auto len = static_cast<std::int64_t>(n);
         if (len < 4) return Cut{{0, len}};
         return Cut{{len / 2, len}, {0, 3 * len / 4}};
       }},
      {"coalesced with the tail of the previous flight",
       [](std::size_t step, std::size_t n) {
         auto len = static_cast<std::int64_t>(n);
         // A flight after the side's first one resends the previous flight's
         // last 5 bytes with its own (the render checks the range exists).
         if (step <= 4) return Cut{{0, len}};
         return Cut{{-5, len}};
       }},
  };
}

// split_everywhere renders the script once per (flight, offset): that flight
// in two segments cut at the offset, every other flight whole.
template <typename F>
void split_everywhere(const Script& script, const RenderOptions& options, F&& check) {
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (script[i].kind != StepKind::data) continue;
    for (std::size_t k = 1; k < script[i].data.size(); ++k) {
      Cutter cutter = [&](std::size_t step, std::size_t n) -> Cut {
        if (step != i) return whole_cut(step, n);
        return {{0, static_cast<std::int64_t>(k)},
                {static_cast<std::int64_t>(k), static_cast<std::int64_t>(n)}};
      };
      check(i, k, render(script, cutter, options));
    }
  }
}

// expect_split_invariant runs every strategy and every two-way split of
// `script` and compares each with the whole-flight baseline.
void expect_split_invariant(const Script& script, const RenderOptions& options = {}) {
  Result baseline = run(render(script, whole_cut, options));
  ASSERT_EQ(baseline.reports, 1);
  for (const Strategy& s : strategies()) {
    SCOPED_TRACE(s.name);
    expect_same(baseline, run(render(script, s.cutter, options)));
  }
  int failures = 0;
  split_everywhere(script, options, [&](std::size_t step, std::size_t k, const std::vector<Frame>& frames) {
    if (failures > 3) return;  // a broken invariant fails at every offset: show a few
    SCOPED_TRACE(fmt::format("flight {} split at byte {}", step, k));
    Result got = run(frames);
    if (got.events != baseline.events || got.verdict != baseline.verdict || got.reports != 1) ++failures;
    expect_same(baseline, got);
  });
}

std::vector<EventKind> kinds_of(std::initializer_list<EventKind> k) { return k; }

// ---------------------------------------------------------------------------
// The packet builder itself
// ---------------------------------------------------------------------------

// ones_complement_sum folds bytes as RFC 1071 does; a header with a correct
// checksum folds to 0xffff.
std::uint16_t ones_complement_sum(const Bytes& data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i < data.size(); i += 2)
    sum += (static_cast<std::uint32_t>(data[i]) << 8) | (i + 1 < data.size() ? data[i + 1] : 0);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

TEST(PipelineSplitTest, BuilderFramesCarryValidLengthsAndChecksums) {
  for (bool v6 : {false, true}) {
    SCOPED_TRACE(v6 ? "IPv6" : "IPv4");
    TcpEndpoint client = v6 ? testing::ipv6_endpoint(1, 40000) : testing::ipv4_endpoint(192, 0, 2, 1, 40000);
    TcpEndpoint server = v6 ? testing::ipv6_endpoint(2, 443) : testing::ipv4_endpoint(192, 0, 2, 2, 443);
    TcpConversation c(client, server);
    Bytes payload = testing::alert_record(2, 40);
    payload.push_back(0x99);  // an odd length exercises the checksum's padding
    Frame f = c.send(Side::client, payload);
    const std::size_t ip_at = 14;  // after the Ethernet header
    const std::size_t ip_header = v6 ? 40 : 20;
    ASSERT_EQ(f.bytes.size(), ip_at + ip_header + 20 + payload.size());
    Bytes ip(f.bytes.begin() + ip_at, f.bytes.begin() + static_cast<std::ptrdiff_t>(ip_at + ip_header));
    Bytes tcp(f.bytes.begin() + static_cast<std::ptrdiff_t>(ip_at + ip_header), f.bytes.end());
    if (!v6) {
      EXPECT_EQ(ones_complement_sum(ip), 0xffff) << "IPv4 header checksum";
    }
    // Pseudo-header: addresses, protocol, TCP length (RFC 9293 3.1, RFC 8200 8.1).
    ByteWriter pseudo;
    std::size_t address_size = v6 ? 16 : 4;
    std::size_t src_at = v6 ? 8 : 12;
    for (std::size_t i = 0; i < 2 * address_size; ++i) pseudo.u8(ip[src_at + i]);
    if (v6) {
      pseudo.u32(static_cast<std::uint32_t>(tcp.size())).zeros(3).u8(parsers::kIpProtoTcp);
    } else {
      pseudo.u8(0).u8(parsers::kIpProtoTcp).u16(static_cast<std::uint16_t>(tcp.size()));
    }
    std::uint32_t sum = ones_complement_sum(pseudo.data());
    EXPECT_EQ(ones_complement_sum(tcp, sum), 0xffff) << "TCP checksum";
    // And the analyzer's own decoder agrees on every field.
    PacketCounters counters;
    DecodedPacket d;
    ASSERT_EQ(decode_packet(f.raw(), 1, d, counters), DecodedKind::tcp);
    EXPECT_EQ(d.ip.version, v6 ? 6 : 4);
    EXPECT_EQ(d.tcp.src_port, 40000);
    EXPECT_EQ(d.tcp.dst_port, 443);
    EXPECT_EQ(d.tcp.seq, c.seq_of(Side::client, 0));
    EXPECT_EQ(Bytes(d.tcp.payload.begin(), d.tcp.payload.end()), payload);
  }
}

TEST(PipelineSplitTest, BuilderPcapFileReadsBackThroughPacketSource) {
  // The same frames, once fed directly and once through a pcap file and
  // libpcap, give the same report.
  std::vector<Frame> frames =
      render(tls12_success_script(), [](std::size_t, std::size_t n) { return chunks(n, 100); });
  Result direct = run(frames);
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      fmt::format("tlsanalyze_pipeline_split_{}.pcap", static_cast<long>(::getpid()));
  {
    Bytes file = testing::pcap_file(frames);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  }
  PacketSource source;
  std::string error;
  ASSERT_TRUE(source.open_file(path.string(), error)) << error;
  std::vector<Frame> read_back;
  ASSERT_TRUE(source.run([&](const RawPacket& p) {
    EXPECT_EQ(p.link_type, parsers::kDltEthernet);
    read_back.push_back(Frame{p.timestamp_us, Bytes(p.data.begin(), p.data.end())});
  })) << source.error();
  std::filesystem::remove(path);
  ASSERT_EQ(read_back.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(read_back[i].timestamp_us, frames[i].timestamp_us);
    EXPECT_EQ(read_back[i].bytes, frames[i].bytes);
  }
  Result via_file = run(read_back);
  expect_same(direct, via_file);
}

// ---------------------------------------------------------------------------
// TLS 1.2
// ---------------------------------------------------------------------------

TEST(PipelineSplitTest, Tls12BaselineIsASuccessWithTheExpectedEvents) {
  Result r = run(render(tls12_success_script(), whole_cut));
  ASSERT_EQ(r.reports, 1);
  EXPECT_EQ(r.kinds,
            kinds_of({EventKind::syn, EventKind::syn_ack, EventKind::client_hello, EventKind::server_hello,
                      EventKind::certificate, EventKind::server_hello_done, EventKind::client_key_exchange,
                      EventKind::change_cipher_spec, EventKind::finished, EventKind::change_cipher_spec,
                      EventKind::finished, EventKind::application_data}))
      << r.events;
  EXPECT_EQ(r.full.outcome, Outcome::succeeded) << r.verdict;
  EXPECT_EQ(r.full.cause, Cause::success);
  EXPECT_TRUE(r.complete);
  EXPECT_NE(r.events.find("client client_hello version=0x0303"), std::string::npos) << r.events;
  EXPECT_NE(r.events.find("server server_hello version=0x0303 suite=0x009c"), std::string::npos) << r.events;
  EXPECT_NE(r.events.find("server certificate version=0x0000 suite=0x0000 alert=0/0 length="),
            std::string::npos);
}

TEST(PipelineSplitTest, Tls12SuccessIsTheSameUnderEverySegmentation) {
  expect_split_invariant(tls12_success_script());
}

TEST(PipelineSplitTest, Tls12SuccessOverIpv6IsTheSameUnderEverySegmentation) {
  RenderOptions options;
  options.client = testing::ipv6_endpoint(0x10, 51234);
  options.server = testing::ipv6_endpoint(0x20, 443);
  Result v4 = run(render(tls12_success_script(), whole_cut));
  Result v6 = run(render(tls12_success_script(), whole_cut, options));
  EXPECT_EQ(v6.events, v4.events);
  EXPECT_EQ(v6.verdict, v4.verdict);
  expect_split_invariant(tls12_success_script(), options);
}

TEST(PipelineSplitTest, Tls12MessagesAcrossRecordsGiveTheSameEvents) {
  // (e) A handshake message spanning several records, several messages in one
  // record, and both at once: the events are those of one message per record.
  Result baseline = run(render(tls12_success_script(), whole_cut));
  struct Case {
    const char* name;
    Tls12Layout layout;
  };
  for (const Case& c :
       {Case{"messages in 17-byte records", {17, false}}, Case{"messages in 1-byte records", {1, false}},
        Case{"all messages of a flight in one record", {0, true}},
        Case{"flight coalesced, then cut into 50-byte records", {50, true}},
        Case{"flight coalesced, then cut into 3-byte records", {3, true}}}) {
    SCOPED_TRACE(c.name);
    Script script = tls12_success_script(c.layout);
    Result got = run(render(script, whole_cut));
    expect_same(baseline, got);
    expect_split_invariant(script);
  }
}

TEST(PipelineSplitTest, Tls12SequenceNumbersWrappingInsideTheHellos) {
  // (f) Both ISNs chosen so that sequence numbers wrap past 2^32 in the
  // middle of the ClientHello (client) and of the Certificate (server).
  RenderOptions options;
  options.client_isn = 0xffffffffu - 60;
  options.server_isn = 0xffffffffu - 150;
  Result baseline = run(render(tls12_success_script(), whole_cut));
  Result wrapped = run(render(tls12_success_script(), whole_cut, options));
  expect_same(baseline, wrapped);
  expect_split_invariant(tls12_success_script(), options);
}

TEST(PipelineSplitTest, Tls12CaptureStartingMidStream) {
  // (g) No SYN, SYN/ACK or ACK in the capture: the flow is picked up at the
  // ClientHello. The events are the baseline's without the TCP handshake.
  RenderOptions options;
  options.midstream = true;
  const std::vector<EventKind> tcp = {EventKind::syn, EventKind::syn_ack};
  Result baseline = run(render(tls12_success_script(), whole_cut), tcp);
  Result got = run(render(tls12_success_script(), whole_cut, options));
  expect_same(baseline, got);
  // Without a SYN, a direction's stream starts at the first segment seen, so
  // its first flight must start in order, with enough of a record header (3
  // bytes) to be recognised as TLS (see ...WithTinyFirstSegments for less).
  // Later flights get every strategy.
  for (const Strategy& s : strategies()) {
    SCOPED_TRACE(s.name);
    Cutter cutter = [&](std::size_t step, std::size_t n) {
      Cut c = s.cutter(step, n);
      bool first_flight_of_side = step == 3 || step == 4;
      if (first_flight_of_side && (c.front().begin != 0 || c.front().end < 3)) return whole_cut(step, n);
      return c;
    };
    expect_same(baseline, run(render(tls12_success_script(), cutter, options)));
  }
  Script script = tls12_success_script();
  split_everywhere(script, options, [&](std::size_t step, std::size_t k, const std::vector<Frame>& frames) {
    SCOPED_TRACE(fmt::format("flight {} split at byte {}", step, k));
    expect_same(baseline, run(frames));
  });
}

TEST(PipelineSplitTest, Tls12CaptureStartingMidStreamWithAPartialRecordHeaderFirst) {
  // A mid-stream pick-up whose first segment in a direction is 3 or 4 bytes:
  // a record header's start (16 03 01 ..), which looks_like_tls accepts, with
  // the rest of the record in the next segment. Nothing is ambiguous here,
  // so the result must be the baseline's.
  RenderOptions options;
  options.midstream = true;
  Result baseline = run(render(tls12_success_script(), whole_cut), {EventKind::syn, EventKind::syn_ack});
  Script script = tls12_success_script();
  for (std::size_t step : {3, 4}) {
    for (std::size_t k : {3, 4}) {
      SCOPED_TRACE(fmt::format("{} flight split at byte {}", step == 3 ? "client" : "server", k));
      Cutter cutter = [&](std::size_t i, std::size_t n) -> Cut {
        if (i != step) return whole_cut(i, n);
        return {{0, static_cast<std::int64_t>(k)},
                {static_cast<std::int64_t>(k), static_cast<std::int64_t>(n)}};
      };
      expect_same(baseline, run(render(script, cutter, options)));
    }
  }
}

TEST(PipelineSplitTest, Tls12CaptureStartingMidStreamWithTinyFirstSegments) {
  // A mid-stream pick-up whose first segment in a direction is 1 or 2 bytes
  // that could begin a record header (16 / 16 03): the framer keeps them and
  // decides once the next segment completes the header, so nothing is lost.
  RenderOptions options;
  options.midstream = true;
  Result baseline = run(render(tls12_success_script(), whole_cut), {EventKind::syn, EventKind::syn_ack});
  Script script = tls12_success_script();
  for (std::size_t step : {3, 4}) {
    for (std::size_t k : {1, 2}) {
      SCOPED_TRACE(fmt::format("{} flight split at byte {}", step == 3 ? "client" : "server", k));
      Cutter cutter = [&](std::size_t i, std::size_t n) -> Cut {
        if (i != step) return whole_cut(i, n);
        return {{0, static_cast<std::int64_t>(k)},
                {static_cast<std::int64_t>(k), static_cast<std::int64_t>(n)}};
      };
      expect_same(baseline, run(render(script, cutter, options)));
    }
  }
}

TEST(PipelineSplitTest, Tls12ServerAlertAfterClientHello) {
  Result baseline = run(render(tls12_alert_script(), whole_cut));
  ASSERT_EQ(baseline.reports, 1);
  EXPECT_EQ(baseline.kinds,
            kinds_of({EventKind::syn, EventKind::syn_ack, EventKind::client_hello, EventKind::alert}))
      << baseline.events;
  EXPECT_EQ(baseline.full.outcome, Outcome::failed) << baseline.verdict;
  EXPECT_EQ(baseline.full.failed_at, Stage::after_client_hello);
  EXPECT_EQ(baseline.full.ended_by.kind, EndKind::alert);
  EXPECT_EQ(baseline.full.ended_by.from, Side::server);
  EXPECT_EQ(baseline.full.ended_by.alert_code, parsers::AlertDescription::handshake_failure);
  expect_split_invariant(tls12_alert_script());
  RenderOptions wrapped;
  wrapped.client_isn = 0xffffffffu - 40;
  expect_split_invariant(tls12_alert_script(), wrapped);
  RenderOptions midstream;
  midstream.midstream = true;
  expect_same(run(render(tls12_alert_script(), whole_cut), {EventKind::syn, EventKind::syn_ack}),
              run(render(tls12_alert_script(), whole_cut, midstream)));
}

// ---------------------------------------------------------------------------
// TLS 1.3
// ---------------------------------------------------------------------------

TEST(PipelineSplitTest, Tls13BaselineIsASuccessWithTheExpectedEvents) {
  Result r = run(render(tls13_success_script(), whole_cut));
  ASSERT_EQ(r.reports, 1);
  // The handshake as the report shows it; what follows the client's first
  // application data depends on when the verdict is taken (after the
  // server's first answer), so only this prefix is fixed.
  std::vector<EventKind> handshake =
      kinds_of({EventKind::syn, EventKind::syn_ack, EventKind::client_hello, EventKind::server_hello,
                EventKind::change_cipher_spec, EventKind::encrypted_handshake, EventKind::encrypted_handshake,
                EventKind::encrypted_handshake, EventKind::encrypted_handshake, EventKind::change_cipher_spec,
                EventKind::finished, EventKind::application_data});
  ASSERT_GE(r.kinds.size(), handshake.size()) << r.events;
  EXPECT_EQ(std::vector<EventKind>(r.kinds.begin(),
                                   r.kinds.begin() + static_cast<std::ptrdiff_t>(handshake.size())),
            handshake)
      << r.events;
  EXPECT_TRUE(r.complete);
  EXPECT_EQ(r.full.outcome, Outcome::succeeded) << r.verdict;
  EXPECT_EQ(r.full.cause, Cause::success);
  EXPECT_NE(r.events.find("server server_hello version=0x0304 suite=0x1301"), std::string::npos) << r.events;
  EXPECT_NE(r.events.find("client finished version=0x0000 suite=0x0000 alert=0/0 length=53"),
            std::string::npos);
}

TEST(PipelineSplitTest, Tls13SuccessIsTheSameUnderEverySegmentation) {
  expect_split_invariant(tls13_success_script());
  RenderOptions wrapped;
  wrapped.client_isn = 0xffffffffu - 100;
  wrapped.server_isn = 0xffffffffu - 1000;
  expect_same(run(render(tls13_success_script(), whole_cut)),
              run(render(tls13_success_script(), whole_cut, wrapped)));
  expect_split_invariant(tls13_success_script(), wrapped);
}

// tls13_early_data_script: a 0-RTT client sends early data right after its
// ClientHello, then EndOfEarlyData (21 bytes on the wire: 4 + 1 + 16, RFC 8446
// 4.5) and its Finished. The 21-byte record is alert-sized but is no alert.
Script tls13_early_data_script() {
  ClientHelloSpec ch = tls13_client_hello();
  ch.early_data = true;
  Script s = {syn(), syn_ack(), ack(Side::client),
              flight(Side::client,
                     testing::concat({record(ContentType::handshake,
                                             hs(HandshakeType::client_hello, testing::client_hello_body(ch))),
                                      testing::opaque_record(ContentType::application_data, 120, 0x70)})),
              flight(Side::server, tls13_server_flight())};
  s.push_back(flight(Side::client, testing::concat({testing::change_cipher_spec_record(),
                                                    testing::opaque_record(ContentType::application_data, 21, 0x76),
                                                    testing::opaque_record(ContentType::application_data, 53, 0x71)})));
  s.push_back(flight(Side::server, testing::opaque_record(ContentType::application_data, 250, 0x73)));
  s.push_back(fin(Side::client));
  s.push_back(fin(Side::server));
  return s;
}

TEST(PipelineSplitTest, Tls13EndOfEarlyDataIsNotAnAlert) {
  Result r = run(render(tls13_early_data_script(), whole_cut));
  ASSERT_EQ(r.reports, 1);
  EXPECT_EQ(r.full.outcome, Outcome::succeeded) << r.verdict;
  EXPECT_EQ(r.events.find("encrypted_alert"), std::string::npos) << r.events;
  expect_split_invariant(tls13_early_data_script());
}

TEST(PipelineSplitTest, Tls13EncryptedAlertInsteadOfFinished) {
  Result baseline = run(render(tls13_rejection_script(), whole_cut));
  ASSERT_EQ(baseline.reports, 1);
  EXPECT_EQ(baseline.full.outcome, Outcome::failed) << baseline.verdict;
  EXPECT_EQ(baseline.full.cause, Cause::tls13_encrypted_rejection);
  EXPECT_EQ(baseline.full.confidence, Confidence::medium);
  EXPECT_FALSE(baseline.full.also_possible.empty());
  EXPECT_EQ(baseline.full.ended_by.kind, EndKind::encrypted_alert);
  EXPECT_EQ(baseline.full.ended_by.from, Side::client);
  EXPECT_NE(baseline.events.find("client encrypted_alert version=0x0000 suite=0x0000 alert=0/0 length=19"),
            std::string::npos)
      << baseline.events;
  expect_split_invariant(tls13_rejection_script());
}

TEST(PipelineSplitTest, Tls13ServerAlertAfterClientHello) {
  Result baseline = run(render(tls13_alert_script(), whole_cut));
  ASSERT_EQ(baseline.reports, 1);
  EXPECT_EQ(baseline.full.outcome, Outcome::failed) << baseline.verdict;
  EXPECT_EQ(baseline.full.cause, Cause::no_shared_group);
  EXPECT_EQ(baseline.full.failed_at, Stage::after_client_hello);
  expect_split_invariant(tls13_alert_script());
}

TEST(PipelineSplitTest, Tls13ClientCertificateRejectedBehindEncryption) {
  Result baseline = run(render(tls13_mtls_rejected_script(), whole_cut));
  ASSERT_EQ(baseline.reports, 1);
  EXPECT_EQ(baseline.full.outcome, Outcome::failed) << baseline.verdict;
  EXPECT_EQ(baseline.full.cause, Cause::client_certificate_required);
  EXPECT_EQ(baseline.full.ended_by.kind, EndKind::encrypted_alert);
  EXPECT_EQ(baseline.full.ended_by.from, Side::server);
  EXPECT_NE(
      baseline.events.find("client certificate version=0x0000 suite=0x0000 alert=0/0 length=25 count=0"),
      std::string::npos)
      << baseline.events;
  expect_split_invariant(tls13_mtls_rejected_script());
}

TEST(PipelineSplitTest, Tls12ResetAfterClientHello) {
  Result baseline = run(render(tls12_reset_script(), whole_cut));
  ASSERT_EQ(baseline.reports, 1);
  EXPECT_EQ(baseline.full.outcome, Outcome::failed) << baseline.verdict;
  EXPECT_EQ(baseline.full.cause, Cause::tcp_reset);
  EXPECT_EQ(baseline.full.ended_by.kind, EndKind::rst);
  EXPECT_EQ(baseline.full.ended_by.from, Side::server);
  expect_split_invariant(tls12_reset_script());
}

TEST(PipelineSplitTest, Tls13CaptureStartingMidStream) {
  RenderOptions options;
  options.midstream = true;
  Result baseline = run(render(tls13_success_script(), whole_cut), {EventKind::syn, EventKind::syn_ack});
  expect_same(baseline, run(render(tls13_success_script(), whole_cut, options)));
  Result rejected = run(render(tls13_rejection_script(), whole_cut), {EventKind::syn, EventKind::syn_ack});
  expect_same(rejected, run(render(tls13_rejection_script(), whole_cut, options)));
}

}  // namespace
}  // namespace tlsanalyze::analyzer

namespace tlsanalyze::analyzer {
namespace {

// Once a verdict is reported the flow's analysis state is freed: later packets
// of the connection are only counted against the retired entry, and the
// report is the same as when the state was kept.
TEST(PipelineRetirementTest, AFlowIsRetiredAsSoonAsItsVerdictIsReported) {
  Script script = tls12_success_script();
  // More application data after the verdict (which comes with the server's
  // first application record), then the FINs.
  script.insert(script.end() - 2, flight(Side::client, testing::opaque_record(ContentType::application_data, 900, 0x42)));
  script.insert(script.end() - 2, flight(Side::server, testing::opaque_record(ContentType::application_data, 900, 0x52)));
  std::vector<Frame> frames = render(script, whole_cut);
  std::size_t reports = 0, in_analysis_at_report = 99;
  std::unique_ptr<Analyzer> analyzer;
  analyzer = std::make_unique<Analyzer>(AnalyzerOptions{}, [&](const HandshakeReport& report) {
    ++reports;
    EXPECT_EQ(report.verdict.outcome, Outcome::succeeded);
    in_analysis_at_report = analyzer->flows_in_analysis();
  });
  std::size_t after_verdict = 0;
  for (const Frame& f : frames) {
    analyzer->process(f.raw(), 0);
    if (reports == 1) {
      ++after_verdict;
      EXPECT_EQ(analyzer->flows_in_analysis(), 0u);
      EXPECT_EQ(analyzer->live_flows(), 1u);
    }
  }
  EXPECT_EQ(in_analysis_at_report, 1u);  // retired only after the sink saw the report
  EXPECT_GT(after_verdict, 3u);          // the later records and both FINs reached the retired entry
  analyzer->finish();
  EXPECT_EQ(reports, 1u);
  EXPECT_EQ(analyzer->live_flows(), 0u);
  EXPECT_EQ(analyzer->flow_counters().tcp_connections, 1u);
  EXPECT_EQ(analyzer->flow_counters().tuple_reused, 0u);
}

}  // namespace
}  // namespace tlsanalyze::analyzer
