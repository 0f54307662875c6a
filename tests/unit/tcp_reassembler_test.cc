// Tests for analyzer/tcp_reassembler: ordering, retransmission, overlap policy,
// sequence wraparound, SYN/FIN handling, gaps, caps, and property tests that
// cut a random stream into reordered, duplicated and overlapping segments.
#include "analyzer/flow/tcp_reassembler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::analyzer {
namespace {

using tlsanalyze::testing::ByteWriter;

// Chunk is one run of sink output: bytes, or a gap of some length. Adjacent
// runs of the same kind are merged, so the same stream delivered in
// different pieces compares equal.
struct Chunk {
  bool gap = false;
  std::vector<std::uint8_t> bytes;
  std::uint64_t gap_bytes = 0;
  bool operator==(const Chunk&) const = default;
};

// Call is one sink call, as made.
struct Call {
  bool gap = false;
  std::size_t size = 0;
  const std::uint8_t* data = nullptr;  // on_data's view, to check zero-copy
  std::uint64_t packet_number = 0;
};

// RecordingSink records everything the reassembler hands it.
class RecordingSink : public StreamSink {
 public:
  void on_data(Bytes data, const SegmentMeta& meta) override {
    EXPECT_FALSE(data.empty()) << "on_data with no bytes";
    calls.push_back({false, data.size(), data.data(), meta.packet_number});
    if (!keep_bytes) return;
    transcript.append(data.begin(), data.end());
    bytes.insert(bytes.end(), data.begin(), data.end());
    if (chunks.empty() || chunks.back().gap) chunks.push_back({});
    chunks.back().bytes.insert(chunks.back().bytes.end(), data.begin(), data.end());
  }
  void on_gap(std::uint32_t n, const SegmentMeta& meta) override {
    EXPECT_NE(n, 0u) << "on_gap of zero bytes";
    calls.push_back({true, n, nullptr, meta.packet_number});
    if (!keep_bytes) return;
    transcript += "[gap " + std::to_string(n) + "]";
    if (chunks.empty() || !chunks.back().gap) chunks.push_back({true, {}, 0});
    chunks.back().gap_bytes += n;
  }

  bool keep_bytes = true;  // false: record calls only (for very long runs)
  std::vector<Call> calls;
  std::string transcript;           // data as characters, gaps as "[gap N]"
  std::vector<std::uint8_t> bytes;  // data only
  std::vector<Chunk> chunks;
};

// text_bytes builds a payload from readable text.
std::vector<std::uint8_t> text_bytes(std::string_view text) { return ByteWriter().str(text).take(); }

SegmentMeta packet(std::uint64_t number) {
  return SegmentMeta{static_cast<std::int64_t>(number) * 1000, number};
}

// Rng is splitmix64: tiny and the same on every platform and standard
// library, so a failing seed reproduces anywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // below returns a value in [0, n); n > 0.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // between returns a value in [lo, hi].
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + below(hi - lo + 1); }
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  std::uint64_t state_;
};

// The ISNs every table case runs at: ordinary, next to 2^31 and next to 2^32,
// so the cases also exercise sequence wraparound (RFC 9293 3.4).
constexpr std::uint32_t kIsns[] = {0u, 0x12345678u, 0x7FFFFFFBu, 0xFFFFFFF8u, 0xFFFFFFFEu, 0xFFFFFFFFu};

// Seg is a segment in a table: `at` is the offset of its first byte from the
// first data byte (ISN+1).
struct Seg {
  std::uint32_t at;
  std::string_view text;
};

// Counts is the subset of ReassemblyStats the table cases check.
struct Counts {
  std::uint64_t retransmitted = 0;
  std::uint64_t overlapping = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t conflicting_overlaps = 0;
};

struct StreamCase {
  const char* name;
  std::vector<Seg> segs;
  std::string expect;  // transcript after the segments (and flush, if asked)
  Counts counts;
  bool flush = false;
};

// run_case feeds a case after a SYN at `isn` and checks the transcript, the
// counters and that nothing is left held.
void run_case(const StreamCase& c, std::uint32_t isn) {
  SCOPED_TRACE(::testing::Message() << c.name << " isn=" << isn);
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(isn);
  for (std::size_t i = 0; i < c.segs.size(); ++i) {
    const auto payload = text_bytes(c.segs[i].text);
    r.on_segment(isn + 1 + c.segs[i].at, payload, packet(i + 1), sink);
  }
  if (c.flush) r.flush(sink);
  EXPECT_EQ(sink.transcript, c.expect);
  EXPECT_EQ(r.stats().segments, c.segs.size());
  EXPECT_EQ(r.stats().retransmitted, c.counts.retransmitted);
  EXPECT_EQ(r.stats().overlapping, c.counts.overlapping);
  EXPECT_EQ(r.stats().out_of_order, c.counts.out_of_order);
  EXPECT_EQ(r.stats().conflicting_overlaps, c.counts.conflicting_overlaps);
  EXPECT_EQ(r.stats().dropped_over_cap, 0u);
  EXPECT_EQ(r.held_segments(), 0u);
  EXPECT_EQ(r.held_bytes(), 0u);
  EXPECT_EQ(r.heap_bytes(), 0u);
  std::uint64_t data_bytes = 0;
  for (const Call& call : sink.calls)
    if (!call.gap) data_bytes += call.size;
  EXPECT_EQ(r.delivered_bytes(), data_bytes);
  EXPECT_EQ(r.next_seq(), static_cast<std::uint32_t>(isn + 1 + data_bytes + r.stats().gap_bytes));
}

TEST(TcpReassemblerTest, OrderingRetransmissionAndOverlapTable) {
  // Upper-case letters mark bytes that conflict with the original stream
  // "abcdefgh...", to show which copy the policy keeps.
  const std::vector<StreamCase> cases = {
      {"in order", {{0, "abc"}, {3, "def"}, {6, "gh"}}, "abcdefgh", {}},
      {"one segment", {{0, "abcdefgh"}}, "abcdefgh", {}},
      {"reversed", {{6, "gh"}, {3, "def"}, {0, "abc"}}, "abcdefgh", {0, 0, 2, 0}},
      {"swapped pair", {{0, "ab"}, {4, "ef"}, {2, "cd"}, {6, "gh"}}, "abcdefgh", {0, 0, 1, 0}},
      {"exact retransmission of delivered",
       {{0, "abcd"}, {0, "abcd"}, {4, "efgh"}},
       "abcdefgh",
       {1, 0, 0, 0}},
      {"exact retransmission of held", {{4, "efgh"}, {4, "efgh"}, {0, "abcd"}}, "abcdefgh", {1, 0, 1, 0}},
      {"retransmission of delivered differs: delivered wins (cannot compare)",
       {{0, "abcd"}, {0, "ABCD"}, {4, "efgh"}},
       "abcdefgh",
       {1, 0, 0, 0}},
      {"front overlap with delivered", {{0, "abcd"}, {2, "CDef"}, {6, "gh"}}, "abcdefgh", {0, 1, 0, 0}},
      {"front overlap with held", {{4, "efgh"}, {2, "cdEF"}, {0, "ab"}}, "abcdefgh", {0, 1, 2, 1}},
      {"back overlap with held", {{2, "cdef"}, {4, "EFgh"}, {0, "ab"}}, "abcdefgh", {0, 1, 2, 1}},
      {"contained in held (identical)", {{2, "cdefgh"}, {4, "ef"}, {0, "ab"}}, "abcdefgh", {1, 0, 1, 0}},
      {"contained in held (conflicting)", {{2, "cdefgh"}, {4, "EF"}, {0, "ab"}}, "abcdefgh", {1, 0, 1, 1}},
      {"containing a held piece", {{4, "ef"}, {2, "cdEFgh"}, {0, "ab"}}, "abcdefgh", {0, 1, 2, 1}},
      {"spanning several held pieces",
       {{2, "c"}, {4, "e"}, {6, "g"}, {1, "bCdEfGh"}, {0, "a"}},
       "abcdefgh",
       {0, 1, 4, 1}},
      {"spanning several held pieces, identical",
       {{2, "c"}, {4, "e"}, {6, "g"}, {1, "bcdefgh"}, {0, "a"}},
       "abcdefgh",
       {0, 1, 4, 0}},
      // Held bytes arrived first, so they win over a later in-order segment.
      {"in-order segment over held bytes", {{2, "XY"}, {0, "abcdef"}}, "abXYef", {0, 1, 1, 1}},
      {"in-order segment over held tail", {{2, "cdEFGH"}, {0, "abcdef"}}, "abcdEFGH", {0, 1, 1, 1}},
      {"in-order segment trims delivered and held",
       {{0, "ab"}, {4, "ef"}, {1, "bcdEfg"}},
       "abcdefg",
       {0, 1, 1, 1}},
      {"wholly behind after delivery", {{0, "abcdefgh"}, {2, "cd"}, {0, "a"}}, "abcdefgh", {2, 0, 0, 0}},
      {"held then gap then flush",
       {{0, "ab"}, {4, "ef"}, {8, "ij"}},
       "ab[gap 2]ef[gap 2]ij",
       {0, 0, 2, 0},
       true},
      {"only a held piece, flushed", {{5, "fgh"}}, "[gap 5]fgh", {0, 0, 1, 0}, true},
  };
  for (std::uint32_t isn : kIsns)
    for (const StreamCase& c : cases) run_case(c, isn);
}

TEST(TcpReassemblerTest, AllPermutationsOfFourSegments) {
  const std::vector<Seg> segs = {{0, "abc"}, {3, "defg"}, {7, "h"}, {8, "ijkl"}};
  for (std::uint32_t isn : kIsns) {
    std::vector<std::size_t> order = {0, 1, 2, 3};
    int permutations = 0;
    do {
      ++permutations;
      SCOPED_TRACE(::testing::Message()
                   << "isn=" << isn << " order=" << order[0] << order[1] << order[2] << order[3]);
      TcpReassembler r;
      RecordingSink sink;
      r.on_syn(isn);
      for (std::size_t i : order) {
        const auto payload = text_bytes(segs[i].text);
        r.on_segment(isn + 1 + segs[i].at, payload, packet(i + 1), sink);
      }
      EXPECT_EQ(sink.transcript, "abcdefghijkl");
      EXPECT_EQ(r.held_segments(), 0u);
      EXPECT_EQ(r.next_seq(), static_cast<std::uint32_t>(isn + 13));
      // Held bytes keep the meta of the packet that carried them.
      std::string by_packet;
      for (const Call& call : sink.calls)
        by_packet += std::string(call.size, static_cast<char>('0' + call.packet_number));
      EXPECT_EQ(by_packet, "111222234444");
    } while (std::next_permutation(order.begin(), order.end()));
    EXPECT_EQ(permutations, 24);
  }
}

TEST(TcpReassemblerTest, ShuffledWithFixedSeed) {
  std::string stream;
  for (int i = 0; i < 40; ++i) stream += static_cast<char>('A' + i % 26);
  struct Piece {
    std::uint32_t at;
    std::size_t len;
  };
  std::vector<Piece> pieces;
  for (std::uint32_t at = 0; at < stream.size(); at += 3)
    pieces.push_back({at, std::min<std::size_t>(3, stream.size() - at)});
  for (std::uint64_t seed : {1u, 2u, 3u, 42u}) {
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    Rng rng(seed);
    rng.shuffle(pieces);
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(0xFFFFFFF0u);  // the stream crosses 2^32
    for (const Piece& p : pieces) {
      const auto payload = text_bytes(std::string_view(stream).substr(p.at, p.len));
      r.on_segment(0xFFFFFFF1u + p.at, payload, packet(p.at), sink);
    }
    EXPECT_EQ(sink.transcript, stream);
    EXPECT_EQ(r.held_segments(), 0u);
  }
}

TEST(TcpReassemblerTest, InOrderDataIsZeroCopyAndHeldDataIsCopied) {
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(1000);
  const auto first = text_bytes("abcd");
  const auto third = text_bytes("ijkl");
  const auto second = text_bytes("efgh");
  r.on_segment(1001, first, packet(1), sink);
  ASSERT_EQ(sink.calls.size(), 1u);
  EXPECT_EQ(sink.calls[0].data, first.data());  // a view of the caller's payload
  r.on_segment(1009, third, packet(3), sink);
  EXPECT_EQ(sink.calls.size(), 1u);
  EXPECT_EQ(r.held_segments(), 1u);
  EXPECT_EQ(r.held_bytes(), 4u);
  EXPECT_GT(r.heap_bytes(), 0u);
  r.on_segment(1005, second, packet(2), sink);
  ASSERT_EQ(sink.calls.size(), 3u);
  EXPECT_EQ(sink.calls[1].data, second.data());
  EXPECT_NE(sink.calls[2].data, third.data());  // held bytes were copied
  EXPECT_EQ(sink.calls[2].packet_number, 3u);
  EXPECT_EQ(sink.transcript, "abcdefghijkl");
  EXPECT_EQ(r.heap_bytes(), 0u);  // hold storage freed once drained
}

TEST(TcpReassemblerTest, PerDirectionFootprintIsSmall) {
  // A million idle directions must stay cheap: no inline buffers.
  EXPECT_LE(sizeof(TcpReassembler), 192u);
  TcpReassembler r;
  EXPECT_EQ(r.heap_bytes(), 0u);
  EXPECT_FALSE(r.started());
}

TEST(TcpReassemblerTest, WraparoundAtTwoToThe32) {
  struct Case {
    const char* name;
    std::uint32_t isn;
    std::vector<Seg> segs;
    std::string expect;
    std::uint32_t next_seq;
  };
  const std::vector<Case> cases = {
      {"segment straddles 2^32", 0xFFFFFFFCu, {{0, "abcdef"}}, "abcdef", 0x3u},
      {"held segment after 2^32, filled before it",
       0xFFFFFFFAu,
       {{6, "ghij"}, {0, "abcdef"}},
       "abcdefghij",
       0x5u},
      {"held segment straddles 2^32",
       0xFFFFFFF0u,
       {{12, "mnopqrst"}, {0, "abcdefghijkl"}},
       "abcdefghijklmnopqrst",
       0x5u},
      {"overlap across 2^32", 0xFFFFFFFDu, {{1, "bcd"}, {0, "abcdef"}}, "abcdef", 0x4u},
      {"data starts exactly at 0", 0xFFFFFFFFu, {{2, "cd"}, {0, "ab"}}, "abcd", 0x4u},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(c.isn);
    for (std::size_t i = 0; i < c.segs.size(); ++i) {
      const auto payload = text_bytes(c.segs[i].text);
      r.on_segment(c.isn + 1 + c.segs[i].at, payload, packet(i + 1), sink);
    }
    EXPECT_EQ(sink.transcript, c.expect);
    EXPECT_EQ(r.next_seq(), c.next_seq);
    EXPECT_EQ(r.held_segments(), 0u);
    EXPECT_EQ(r.stats().gap_bytes, 0u);
    EXPECT_EQ(r.stats().out_of_window, 0u);
  }
}

TEST(TcpReassemblerTest, MidStreamPickUpWithoutSyn) {
  TcpReassembler r;
  RecordingSink sink;
  EXPECT_FALSE(r.started());
  const auto empty = text_bytes("");
  r.on_segment(5000, empty, packet(1), sink);  // a pure ACK does not start the stream
  EXPECT_FALSE(r.started());
  const auto b = text_bytes("efgh");
  const auto a = text_bytes("abcd");
  const auto c = text_bytes("ijkl");
  r.on_segment(0xFFFFFFFEu, b, packet(2), sink);  // first payload defines the start
  EXPECT_TRUE(r.started());
  EXPECT_FALSE(r.syn_seen());
  EXPECT_EQ(r.next_seq(), 0x2u);
  r.on_segment(0xFFFFFFFAu, a, packet(3), sink);  // older than the start: already "delivered"
  r.on_segment(0x6u, c, packet(4), sink);         // held: there is a 4-byte hole
  r.on_segment(0x2u, a, packet(5), sink);         // fills it
  EXPECT_EQ(sink.transcript, "efghabcdijkl");
  EXPECT_EQ(r.stats().retransmitted, 1u);
  EXPECT_EQ(r.stats().out_of_order, 1u);
  EXPECT_EQ(r.delivered_bytes(), 12u);
}

TEST(TcpReassemblerTest, SynHandling) {
  const auto ab = text_bytes("ab");
  const auto cd = text_bytes("cd");
  {
    SCOPED_TRACE("retransmitted SYN changes nothing");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(100);
    r.on_segment(101, ab, packet(1), sink);
    r.on_segment(105, cd, packet(2), sink);
    r.on_syn(100);
    EXPECT_EQ(r.next_seq(), 103u);
    EXPECT_EQ(r.held_segments(), 1u);
    EXPECT_EQ(r.stats().restarts, 0u);
    r.on_segment(103, cd, packet(3), sink);
    EXPECT_EQ(sink.transcript, "abcdcd");
  }
  {
    SCOPED_TRACE("SYN with a new ISN starts a new stream");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(100);
    r.on_segment(101, ab, packet(1), sink);
    r.on_segment(105, cd, packet(2), sink);
    r.on_fin(107);
    r.on_syn(5000);
    EXPECT_EQ(r.stats().restarts, 1u);
    EXPECT_TRUE(r.syn_seen());
    EXPECT_EQ(r.isn(), 5000u);
    EXPECT_FALSE(r.fin_seen());
    EXPECT_EQ(r.next_seq(), 5001u);
    EXPECT_EQ(r.held_segments(), 0u);  // the old connection's held bytes are gone
    EXPECT_EQ(r.heap_bytes(), 0u);
    r.on_segment(5001, cd, packet(3), sink);
    EXPECT_EQ(sink.transcript, "abcd");
    EXPECT_EQ(r.delivered_bytes(), 4u);  // cumulative across the restart
  }
  {
    SCOPED_TRACE("SYN seen late, matching the mid-stream start");
    TcpReassembler r;
    RecordingSink sink;
    r.on_segment(101, ab, packet(1), sink);
    r.on_syn(100);
    EXPECT_TRUE(r.syn_seen());
    EXPECT_EQ(r.stats().restarts, 0u);
    EXPECT_EQ(r.next_seq(), 103u);
  }
  {
    SCOPED_TRACE("SYN seen late, not matching: a new stream");
    TcpReassembler r;
    RecordingSink sink;
    r.on_segment(101, ab, packet(1), sink);
    r.on_syn(7000);
    EXPECT_EQ(r.stats().restarts, 1u);
    EXPECT_EQ(r.next_seq(), 7001u);
  }
  {
    SCOPED_TRACE("segments before the SYN's sequence number");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(100);
    const auto before = text_bytes("0123");
    r.on_segment(90, before, packet(1), sink);  // wholly before ISN+1
    const auto straddle = text_bytes("XYab");
    r.on_segment(99, straddle, packet(2), sink);  // 99 and 100 are not data
    EXPECT_EQ(sink.transcript, "ab");
    EXPECT_EQ(r.stats().retransmitted, 1u);
    EXPECT_EQ(r.stats().overlapping, 1u);
  }
}

TEST(TcpReassemblerTest, GapsAreDeclaredOnFlushWithTheRightSizeAndEvidence) {
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(0xFFFFFFF0u);
  const auto ab = text_bytes("ab");
  const auto gh = text_bytes("gh");
  const auto klm = text_bytes("klm");
  r.on_segment(0xFFFFFFF1u, ab, packet(1), sink);
  r.on_segment(0xFFFFFFF1u + 10, klm, packet(3), sink);
  r.on_segment(0xFFFFFFF1u + 6, gh, packet(2), sink);
  r.on_fin(0xFFFFFFF1u + 20, packet(4));
  EXPECT_FALSE(r.fin_reached());
  r.flush(sink);
  EXPECT_EQ(sink.transcript, "ab[gap 4]gh[gap 2]klm[gap 7]");
  ASSERT_EQ(sink.calls.size(), 6u);
  EXPECT_EQ(sink.calls[1].packet_number, 2u);  // the packet after the gap
  EXPECT_EQ(sink.calls[3].packet_number, 3u);
  EXPECT_EQ(sink.calls[5].packet_number, 4u);  // the FIN's packet
  EXPECT_EQ(r.stats().gap_bytes, 13u);
  EXPECT_TRUE(r.fin_reached());
  EXPECT_EQ(r.held_segments(), 0u);
  EXPECT_EQ(r.heap_bytes(), 0u);
  // A late retransmission after the flush is old news.
  const auto cd = text_bytes("cdef");
  r.on_segment(0xFFFFFFF1u + 2, cd, packet(5), sink);
  EXPECT_EQ(r.stats().retransmitted, 1u);
  // Flushing again does nothing.
  r.flush(sink);
  EXPECT_EQ(sink.calls.size(), 6u);
}

TEST(TcpReassemblerTest, FinHandling) {
  const auto ab = text_bytes("ab");
  const auto cd = text_bytes("cd");
  const auto ef = text_bytes("ef");
  {
    SCOPED_TRACE("FIN before the hole fills: held data still delivered");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(0);
    r.on_segment(1, ab, packet(1), sink);
    r.on_segment(5, ef, packet(3), sink);
    r.on_fin(7);
    EXPECT_TRUE(r.fin_seen());
    EXPECT_EQ(r.fin_seq(), 7u);
    EXPECT_FALSE(r.fin_reached());
    r.on_segment(3, cd, packet(2), sink);
    EXPECT_EQ(sink.transcript, "abcdef");
    EXPECT_TRUE(r.fin_reached());
    EXPECT_EQ(r.next_seq(), 7u);  // the FIN's own number is not data
    r.flush(sink);
    EXPECT_EQ(sink.transcript, "abcdef");
  }
  {
    SCOPED_TRACE("bytes after the FIN are dropped");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(0);
    r.on_segment(1, ab, packet(1), sink);
    r.on_fin(5);
    const auto tail = text_bytes("cdXY");
    r.on_segment(3, tail, packet(2), sink);
    const auto beyond = text_bytes("ZZ");
    r.on_segment(5, beyond, packet(3), sink);
    EXPECT_EQ(sink.transcript, "abcd");
    EXPECT_EQ(r.stats().beyond_fin, 2u);
    EXPECT_TRUE(r.fin_reached());
  }
  {
    SCOPED_TRACE("held bytes after a later FIN are trimmed");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(0);
    r.on_segment(1, ab, packet(1), sink);
    const auto defg = text_bytes("defg");
    r.on_segment(4, defg, packet(2), sink);
    const auto z = text_bytes("z");
    r.on_segment(10, z, packet(3), sink);
    r.on_fin(6);
    EXPECT_EQ(r.held_bytes(), 2u);
    EXPECT_EQ(r.stats().beyond_fin, 2u);
    const auto c = text_bytes("c");
    r.on_segment(3, c, packet(4), sink);
    EXPECT_EQ(sink.transcript, "abcde");
    EXPECT_TRUE(r.fin_reached());
  }
  {
    SCOPED_TRACE("a second, different FIN is ignored");
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(0);
    r.on_fin(3);
    r.on_fin(9);
    EXPECT_EQ(r.fin_seq(), 3u);
    r.on_segment(1, ab, packet(1), sink);
    EXPECT_TRUE(r.fin_reached());
  }
  {
    SCOPED_TRACE("FIN without SYN or data");
    TcpReassembler r;
    RecordingSink sink;
    r.on_fin(77);
    EXPECT_TRUE(r.fin_reached());
    r.flush(sink);
    EXPECT_TRUE(sink.calls.empty());
  }
}

TEST(TcpReassemblerTest, ZeroLengthSegmentsChangeNothing) {
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(10);
  const auto empty = text_bytes("");
  const auto cd = text_bytes("cd");
  r.on_segment(13, cd, packet(1), sink);
  for (std::uint32_t seq : {0u, 11u, 13u, 15u, 0x80000000u}) r.on_segment(seq, empty, packet(2), sink);
  EXPECT_EQ(r.stats().segments, 1u);
  EXPECT_EQ(r.held_segments(), 1u);
  EXPECT_EQ(r.next_seq(), 11u);
  EXPECT_TRUE(sink.calls.empty());
}

TEST(TcpReassemblerTest, OutOfWindowSegmentsAreDroppedNotGaps) {
  struct Case {
    const char* name;
    std::int64_t distance;  // from the next expected byte
    bool held;
  };
  const std::vector<Case> cases = {
      {"just inside 1 GiB ahead", TcpReassembler::kMaxSeqDistance, true},
      {"just past 1 GiB ahead", TcpReassembler::kMaxSeqDistance + 1, false},
      {"2 GiB ahead (looks behind)", std::int64_t{1} << 31, false},
      {"3 GiB ahead (1 GiB behind)", (std::int64_t{3} << 30), false},
      {"just past 1 GiB behind", -TcpReassembler::kMaxSeqDistance - 1, false},
  };
  for (std::uint32_t isn : kIsns) {
    for (const Case& c : cases) {
      SCOPED_TRACE(::testing::Message() << c.name << " isn=" << isn);
      TcpReassembler r;
      RecordingSink sink;
      r.on_syn(isn);
      const auto payload = text_bytes("abcd");
      r.on_segment(isn + 1 + static_cast<std::uint32_t>(c.distance), payload, packet(1), sink);
      EXPECT_EQ(r.held_segments(), c.held ? 1u : 0u);
      r.flush(sink);
      if (c.held) {
        EXPECT_EQ(sink.transcript, "[gap 1073741824]abcd");
      } else {
        EXPECT_TRUE(sink.calls.empty());
        EXPECT_EQ(r.stats().gap_bytes, 0u);
        EXPECT_EQ(r.stats().retransmitted + r.stats().out_of_window, 1u);
      }
    }
  }
}

TEST(TcpReassemblerTest, SegmentCountCapSkipsTheEarliestGap) {
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(0xFFFFFF00u);
  const std::uint32_t start = 0xFFFFFF01u;
  const auto one = text_bytes("x");
  // Hold kMaxHeldSegments one-byte pieces with one-byte holes between them.
  for (std::uint32_t i = 0; i < TcpReassembler::kMaxHeldSegments; ++i)
    r.on_segment(start + 2 + 2 * i, one, packet(i + 1), sink);
  EXPECT_EQ(r.held_segments(), TcpReassembler::kMaxHeldSegments);
  EXPECT_TRUE(sink.calls.empty());
  // One more: the cap gives up on the first hole (2 bytes) instead of
  // dropping anything it holds.
  r.on_segment(start + 2 + 2 * TcpReassembler::kMaxHeldSegments, one, packet(100), sink);
  EXPECT_EQ(r.stats().dropped_over_cap, 1u);
  EXPECT_EQ(sink.transcript, "[gap 2]x");
  ASSERT_EQ(sink.calls.size(), 2u);
  EXPECT_EQ(sink.calls[0].packet_number, 1u);
  EXPECT_EQ(r.held_segments(), TcpReassembler::kMaxHeldSegments);
  r.flush(sink);
  std::string expect = "[gap 2]x";
  for (std::size_t i = 1; i <= TcpReassembler::kMaxHeldSegments; ++i) expect += "[gap 1]x";
  EXPECT_EQ(sink.transcript, expect);
  EXPECT_EQ(r.delivered_bytes(), TcpReassembler::kMaxHeldSegments + 1);
}

TEST(TcpReassemblerTest, ByteCapSkipsTheEarliestGap) {
  const std::vector<std::uint8_t> big(200 * 1024, 'b');
  const std::vector<std::uint8_t> more(100 * 1024, 'm');
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(0);
  r.on_segment(1 + 10, big, packet(1), sink);
  EXPECT_EQ(r.held_bytes(), big.size());
  r.on_segment(1 + 300 * 1024, more, packet(2), sink);  // would hold 300 KiB
  EXPECT_EQ(r.stats().dropped_over_cap, 1u);
  ASSERT_EQ(sink.calls.size(), 2u);
  EXPECT_TRUE(sink.calls[0].gap);
  EXPECT_EQ(sink.calls[0].size, 10u);
  EXPECT_EQ(sink.calls[1].size, big.size());
  EXPECT_EQ(r.held_bytes(), more.size());  // the new segment is held, not lost
  r.flush(sink);
  EXPECT_EQ(r.stats().gap_bytes, 10u + (300 * 1024 - 10 - big.size()));
  EXPECT_EQ(r.delivered_bytes(), big.size() + more.size());
}

TEST(TcpReassemblerTest, SegmentLargerThanTheCapIsDeliveredDirectly) {
  const std::vector<std::uint8_t> huge(TcpReassembler::kMaxHeldBytes + 1, 'h');
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(0);
  r.on_segment(1 + 10, huge, packet(7), sink);
  EXPECT_EQ(r.stats().dropped_over_cap, 1u);
  ASSERT_EQ(sink.calls.size(), 2u);
  EXPECT_TRUE(sink.calls[0].gap);
  EXPECT_EQ(sink.calls[0].size, 10u);
  EXPECT_EQ(sink.calls[0].packet_number, 7u);
  EXPECT_EQ(sink.calls[1].data, huge.data());  // still zero-copy
  EXPECT_EQ(r.held_segments(), 0u);
}

TEST(TcpReassemblerTest, CapWithTheNewSegmentEarliestDeliversIt) {
  TcpReassembler r;
  RecordingSink sink;
  r.on_syn(0);
  const auto one = text_bytes("x");
  for (std::uint32_t i = 0; i < TcpReassembler::kMaxHeldSegments; ++i)
    r.on_segment(1 + 100 + 2 * i, one, packet(i + 1), sink);
  // Arrives before every held piece while the cap is full: the gap before it
  // is given up, it is delivered, and held pieces wait as before.
  const auto early = text_bytes("0123456789");
  r.on_segment(1 + 50, early, packet(99), sink);
  EXPECT_EQ(sink.transcript, "[gap 50]0123456789");
  EXPECT_EQ(r.held_segments(), TcpReassembler::kMaxHeldSegments);
  // The hole before the held pieces can still fill.
  const std::vector<std::uint8_t> fill(40, 'f');
  r.on_segment(1 + 60, fill, packet(100), sink);
  EXPECT_EQ(r.held_segments(), TcpReassembler::kMaxHeldSegments - 1);
  EXPECT_EQ(r.stats().dropped_over_cap, 1u);
}

// ---- Property tests ---------------------------------------------------------

// Span is a segment as a range of stream offsets.
struct Span {
  std::size_t at = 0;
  std::size_t len = 0;
};

// cut_stream splits [0, size) into `count` contiguous non-empty segments.
std::vector<Span> cut_stream(Rng& rng, std::size_t size, std::size_t count) {
  count = std::max<std::size_t>(1, std::min(count, size));
  std::vector<std::size_t> cuts;
  while (cuts.size() < count - 1) {
    const std::size_t cut = rng.between(1, size - 1);
    if (std::find(cuts.begin(), cuts.end(), cut) == cuts.end()) cuts.push_back(cut);
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<Span> spans;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    spans.push_back({at, cut - at});
    at = cut;
  }
  spans.push_back({at, size - at});
  return spans;
}

std::vector<std::uint8_t> random_stream(Rng& rng, std::size_t size) {
  std::vector<std::uint8_t> out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng.next());
  return out;
}

std::uint32_t random_isn(Rng& rng) {
  // A quarter of the runs start just below 2^32 so the stream wraps.
  if (rng.below(4) == 0) return static_cast<std::uint32_t>(0xFFFFFFFFu - rng.below(4096));
  return static_cast<std::uint32_t>(rng.next());
}

TEST(TcpReassemblerTest, PropertyReorderedDuplicatedOverlappedStreamComesOutIdentical) {
  for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    Rng rng(seed);
    const std::size_t size = rng.between(1, 3000);
    const auto stream = random_stream(rng, size);
    const std::uint32_t isn = random_isn(rng);
    // At most 24 + 8 segments: their boundaries split the stream into at most
    // 63 pieces, so the hold cap is never what decides the outcome here.
    std::vector<Span> segs = cut_stream(rng, size, rng.between(1, 24));
    const std::size_t extras = rng.below(9);
    for (std::size_t i = 0; i < extras; ++i) {
      const std::size_t a = rng.below(size);
      const std::size_t b = rng.between(a + 1, size);
      segs.push_back({a, b - a});  // a duplicate or an overlap, same bytes
    }
    rng.shuffle(segs);
    const bool with_syn = rng.below(2) == 0;
    if (!with_syn) {
      // Without a SYN the first segment defines the start: make it offset 0.
      auto first = std::find_if(segs.begin(), segs.end(), [](const Span& s) { return s.at == 0; });
      std::iter_swap(segs.begin(), first);
    }
    TcpReassembler r;
    RecordingSink sink;
    if (with_syn) r.on_syn(isn);
    const std::vector<std::uint8_t> none;
    for (const Span& s : segs) {
      const std::uint32_t seq = isn + 1 + static_cast<std::uint32_t>(s.at);
      if (rng.below(8) == 0) r.on_segment(seq, none, packet(0), sink);
      if (with_syn && rng.below(16) == 0) r.on_syn(isn);  // retransmitted SYN
      r.on_segment(seq, Bytes(stream).subspan(s.at, s.len), packet(s.at + 1), sink);
      ASSERT_LE(r.held_segments(), TcpReassembler::kMaxHeldSegments);
      ASSERT_LE(r.held_bytes(), TcpReassembler::kMaxHeldBytes);
    }
    EXPECT_EQ(r.held_segments(), 0u);  // everything arrived: nothing waits
    r.flush(sink);
    ASSERT_EQ(sink.bytes, stream);
    EXPECT_EQ(r.stats().gap_bytes, 0u);
    EXPECT_EQ(r.stats().dropped_over_cap, 0u);
    EXPECT_EQ(r.stats().conflicting_overlaps, 0u);
    EXPECT_EQ(r.delivered_bytes(), size);
    EXPECT_EQ(r.next_seq(), static_cast<std::uint32_t>(isn + 1 + size));
    EXPECT_EQ(r.heap_bytes(), 0u);
  }
}

TEST(TcpReassemblerTest, PropertyLossBecomesExactGaps) {
  for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    Rng rng(seed);
    const std::size_t size = rng.between(1, 2000);
    const auto stream = random_stream(rng, size);
    const std::uint32_t isn = random_isn(rng);
    std::vector<Span> segs = cut_stream(rng, size, rng.between(1, 24));
    // Lose some segments; add a few overlapping copies that may cover part of
    // what was lost.
    std::vector<Span> kept;
    for (const Span& s : segs)
      if (rng.below(3) != 0) kept.push_back(s);
    const std::size_t extras = rng.below(9);
    for (std::size_t i = 0; i < extras; ++i) {
      const std::size_t a = rng.below(size);
      kept.push_back({a, rng.between(a + 1, size) - a});
    }
    rng.shuffle(kept);
    std::vector<bool> covered(size, false);
    for (const Span& s : kept) std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(s.at), s.len, true);
    std::vector<Chunk> expect;
    for (std::size_t i = 0; i < size; ++i) {
      if (expect.empty() || expect.back().gap == covered[i]) expect.push_back({!covered[i], {}, 0});
      if (covered[i]) {
        expect.back().bytes.push_back(stream[i]);
      } else {
        ++expect.back().gap_bytes;
      }
    }

    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(isn);
    // The FIN (after the last byte) arrives somewhere among the segments.
    const std::size_t fin_at = rng.below(kept.size() + 1);
    for (std::size_t i = 0; i <= kept.size(); ++i) {
      if (i == fin_at) r.on_fin(isn + 1 + static_cast<std::uint32_t>(size), packet(999999));
      if (i == kept.size()) break;
      const Span& s = kept[i];
      r.on_segment(isn + 1 + static_cast<std::uint32_t>(s.at), Bytes(stream).subspan(s.at, s.len),
                   packet(i + 1), sink);
    }
    r.flush(sink);
    ASSERT_EQ(sink.chunks, expect);
    EXPECT_TRUE(r.fin_reached());
    EXPECT_EQ(r.stats().dropped_over_cap, 0u);
    EXPECT_EQ(r.stats().beyond_fin, 0u);
    EXPECT_EQ(r.next_seq(), static_cast<std::uint32_t>(isn + 1 + size));
  }
}

TEST(TcpReassemblerTest, PropertyLongStreamWithLocalReordering) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    Rng rng(seed);
    const std::size_t size = rng.between(64 * 1024, 512 * 1024);
    const auto stream = random_stream(rng, size);
    const std::uint32_t isn = random_isn(rng);
    // MSS-sized segments, each moved at most a few places from where it
    // belongs (as on a path with mild reordering), plus retransmissions and
    // repacketised overlaps.
    std::vector<Span> segs;
    for (std::size_t at = 0; at < size;) {
      const std::size_t len = std::min(size - at, rng.between(1, 1460));
      segs.push_back({at, len});
      if (rng.below(20) == 0) segs.push_back({at, len});
      if (rng.below(20) == 0 && at > 100)
        segs.push_back({at - 100, std::min(size - (at - 100), std::size_t{1500})});
      at += len;
    }
    std::vector<std::pair<std::size_t, Span>> keyed;
    for (std::size_t i = 0; i < segs.size(); ++i) keyed.push_back({i + rng.below(12), segs[i]});
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    TcpReassembler r;
    RecordingSink sink;
    r.on_syn(isn);
    for (const auto& [key, s] : keyed)
      r.on_segment(isn + 1 + static_cast<std::uint32_t>(s.at), Bytes(stream).subspan(s.at, s.len),
                   packet(key), sink);
    r.flush(sink);
    ASSERT_EQ(sink.bytes.size(), stream.size());
    ASSERT_TRUE(sink.bytes == stream);
    EXPECT_EQ(r.stats().gap_bytes, 0u);
    EXPECT_EQ(r.stats().dropped_over_cap, 0u);
  }
}

TEST(TcpReassemblerTest, PropertyHostileSequenceNumbersKeepTheBounds) {
  // Arbitrary sequence numbers, lengths, SYNs and FINs: no crash, caps hold,
  // and the sink sees consistent, bounded calls.
  const std::vector<std::uint8_t> pool(70 * 1024, 0xAB);
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    Rng rng(seed);
    TcpReassembler r;
    RecordingSink sink;
    sink.keep_bytes = false;
    const auto base = static_cast<std::uint32_t>(rng.next());
    for (int step = 0; step < 300; ++step) {
      switch (rng.below(10)) {
        case 0:
          r.on_syn(rng.below(4) == 0 ? static_cast<std::uint32_t>(rng.next()) : base);
          break;
        case 1:
          r.on_fin(base + static_cast<std::uint32_t>(rng.below(1 << 20)));
          break;
        case 2:
          r.flush(sink);
          break;
        case 3:
          r.on_segment(static_cast<std::uint32_t>(rng.next()), Bytes(pool).first(rng.below(pool.size())),
                       packet(step), sink);
          break;
        default:
          r.on_segment(base + static_cast<std::uint32_t>(rng.below(600 * 1024)),
                       Bytes(pool).first(rng.between(1, 1 + rng.below(pool.size()))), packet(step), sink);
          break;
      }
      ASSERT_LE(r.held_segments(), TcpReassembler::kMaxHeldSegments);
      ASSERT_LE(r.held_bytes(), TcpReassembler::kMaxHeldBytes);
    }
    r.flush(sink);
    EXPECT_EQ(r.held_segments(), 0u);
    EXPECT_EQ(r.heap_bytes(), 0u);
    std::uint64_t data = 0;
    std::uint64_t gaps = 0;
    for (const Call& call : sink.calls) {
      (call.gap ? gaps : data) += call.size;
      // Never a wrapped-around "4 GiB" gap: nothing further than the largest
      // window is taken as part of the stream.
      if (call.gap) {
        EXPECT_LE(call.size, static_cast<std::size_t>(TcpReassembler::kMaxSeqDistance));
      }
    }
    EXPECT_EQ(data, r.delivered_bytes());
    EXPECT_EQ(gaps, r.stats().gap_bytes);
  }
}

}  // namespace
}  // namespace tlsanalyze::analyzer
