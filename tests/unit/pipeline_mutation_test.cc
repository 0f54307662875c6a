// Hostile-input test for the whole pipeline: every capture in captures/ is
// replayed many times with packets mutated (bits flipped, bytes cut, inserted,
// duplicated, reordered), through the Analyzer and both reporters. Under the
// sanitizer build this is the proof that malformed packets become anomalies,
// not crashes, leaks or undefined behaviour. Deterministic seeds.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "analyzer/pipeline/analyzer.h"
#include "analyzer/report/report.h"
#include "analyzer/report/run_summary.h"

namespace tlsanalyze::analyzer {
namespace {

namespace fs = std::filesystem;

struct StoredPacket {
  std::int64_t timestamp_us = 0;
  std::vector<std::uint8_t> bytes;
};

struct StoredCapture {
  std::uint32_t link_type = 0;
  std::vector<StoredPacket> packets;
};

StoredCapture load(const std::string& path) {
  StoredCapture c;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline(path.c_str(), errbuf);
  if (p == nullptr) return c;
  c.link_type = static_cast<std::uint32_t>(pcap_datalink(p));
  pcap_pkthdr* h = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(p, &h, &data) == 1)
    c.packets.push_back({static_cast<std::int64_t>(h->ts.tv_sec) * 1000000 + h->ts.tv_usec,
                         std::vector<std::uint8_t>(data, data + h->caplen)});
  pcap_close(p);
  return c;
}

void mutate(std::vector<StoredPacket>& packets, std::mt19937& rng) {
  if (packets.empty()) return;
  std::uniform_int_distribution<std::size_t> pick(0, packets.size() - 1);
  int edits = 1 + static_cast<int>(rng() % 6);
  for (int i = 0; i < edits; ++i) {
    StoredPacket& p = packets[pick(rng)];
    if (p.bytes.empty()) continue;
    std::uniform_int_distribution<std::size_t> at(0, p.bytes.size() - 1);
    switch (rng() % 6) {
      case 0:  // flip bits in a few bytes
        for (int k = 0; k < 4; ++k) p.bytes[at(rng)] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:  // cut the packet short
        p.bytes.resize(at(rng));
        break;
      case 2:  // insert junk
        p.bytes.insert(p.bytes.begin() + static_cast<std::ptrdiff_t>(at(rng)), 1 + rng() % 32,
                       static_cast<std::uint8_t>(rng()));
        break;
      case 3:  // overwrite a byte with an extreme value (lengths, types)
        p.bytes[at(rng)] = (rng() % 2) ? 0xff : 0x00;
        break;
      case 4:  // duplicate a packet
        packets.push_back(p);
        break;
      case 5:  // swap two packets
        std::swap(packets[pick(rng)], packets[pick(rng)]);
        break;
    }
  }
}

TEST(PipelineMutationTest, MutatedCapturesNeverCrash) {
  std::string dir = std::string(TLSANALYZE_SOURCE_DIR) + "/captures";
  std::vector<StoredCapture> captures;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".pcap") captures.push_back(load(entry.path().string()));
  ASSERT_FALSE(captures.empty());

  std::FILE* sink = std::fopen("/dev/null", "w");
  ASSERT_NE(sink, nullptr);
  auto text = make_text_reporter(sink, TextOptions{true, false, false});
  auto json = make_json_reporter(sink);
  std::mt19937 rng(20261124);
  constexpr int kRoundsPerCapture = 12;
  std::uint64_t reports = 0;
  for (const StoredCapture& original : captures) {
    for (int round = 0; round < kRoundsPerCapture; ++round) {
      std::vector<StoredPacket> packets = original.packets;
      mutate(packets, rng);
      RunSummary summary;
      AnalyzerOptions options;
      options.max_flows = 1 + rng() % 4;  // also exercise eviction
      Analyzer analyzer(options, [&](const HandshakeReport& r) {
        summary.add(r);
        text->handshake(r, "mutated");
        json->handshake(r, "mutated");
        ++reports;
      });
      for (const StoredPacket& p : packets) {
        RawPacket raw;
        raw.timestamp_us = p.timestamp_us;
        raw.link_type = original.link_type;
        raw.original_length = static_cast<std::uint32_t>(p.bytes.size());
        raw.data = parsers::Bytes(p.bytes);
        analyzer.process(raw, 0);
      }
      analyzer.finish();
      RunTotals totals;
      totals.summary = &summary;
      totals.packets = &analyzer.packet_counters();
      totals.flows = &analyzer.flow_counters();
      text->totals(totals);
      json->totals(totals);
      // Every packet is accounted for.
      EXPECT_EQ(analyzer.packet_counters().packets, packets.size());
      EXPECT_EQ(analyzer.live_flows(), 0u);
    }
  }
  std::fclose(sink);
  EXPECT_GT(reports, 0u);
}

}  // namespace
}  // namespace tlsanalyze::analyzer
