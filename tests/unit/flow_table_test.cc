// Tests for analyzer/pipeline/flow_table: the open-addressing index stays
// consistent with a reference map under inserts and erases (with hashes chosen
// to collide, so probe runs and backward-shift deletion are exercised), the
// LRU order follows touches, and the key hash is symmetric.
#include "analyzer/pipeline/flow_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "analyzer/pipeline/flow_analysis.h"

namespace tlsanalyze::analyzer {
namespace {

Endpoint v4(std::uint8_t last, std::uint16_t port) {
  Endpoint e;
  e.address.family = 4;
  e.address.bytes = {10, 0, 0, last};
  e.port = port;
  return e;
}

FlowKey key_of(int n) { return flow_key(v4(static_cast<std::uint8_t>(n % 250), 443), v4(1, static_cast<std::uint16_t>(1024 + n))); }

TEST(FlowTableTest, KeyAndHashAreSymmetric) {
  Endpoint a = v4(1, 50000), b = v4(2, 443);
  EXPECT_EQ(flow_key(a, b), flow_key(b, a));
  EXPECT_EQ(flow_key_hash(flow_key(a, b)), flow_key_hash(flow_key(b, a)));
  EXPECT_NE(flow_key_hash(flow_key(a, b)), flow_key_hash(flow_key(a, v4(2, 444))));
  Endpoint v6 = a;
  v6.address.family = 6;
  EXPECT_NE(flow_key_hash(flow_key(a, b)), flow_key_hash(flow_key(v6, b)));
}

// Hashes squeezed into few home slots, so most inserts probe and most erases shift.
std::uint64_t crowded_hash(int n) { return static_cast<std::uint64_t>(n % 7) * 3 + (static_cast<std::uint64_t>(n) << 32); }

TEST(FlowTableTest, MatchesAReferenceUnderInsertAndEraseWithCollisions) {
  FlowTable table;
  std::map<int, FlowTable::Index> reference;
  std::mt19937 rng(7);
  for (int step = 0; step < 20000; ++step) {
    int n = static_cast<int>(rng() % 3000);
    SCOPED_TRACE(step);
    auto it = reference.find(n);
    FlowTable::Index found = table.find(key_of(n), crowded_hash(n));
    ASSERT_EQ(found == FlowTable::kNone, it == reference.end());
    if (it == reference.end()) {
      FlowTable::Index index = table.insert(key_of(n), crowded_hash(n));
      table.at(index).capture_index = static_cast<std::uint32_t>(n);
      reference[n] = index;
    } else {
      ASSERT_EQ(found, it->second);
      ASSERT_EQ(table.at(found).capture_index, static_cast<std::uint32_t>(n));
      if (rng() % 2 == 0) {
        table.erase(found);
        reference.erase(it);
      }
    }
    ASSERT_EQ(table.size(), reference.size());
  }
  for (const auto& [n, index] : reference) EXPECT_EQ(table.find(key_of(n), crowded_hash(n)), index);
}

TEST(FlowTableTest, OldestFollowsTouches) {
  FlowTable table;
  std::vector<FlowTable::Index> index;
  for (int n = 0; n < 5; ++n) index.push_back(table.insert(key_of(n), flow_key_hash(key_of(n))));
  EXPECT_EQ(table.oldest(), index[0]);
  table.touch(index[0]);
  EXPECT_EQ(table.oldest(), index[1]);
  table.erase(index[1]);
  EXPECT_EQ(table.oldest(), index[2]);
  std::vector<FlowTable::Index> order;
  for (FlowTable::Index i = table.oldest(); i != FlowTable::kNone; i = table.next_newer(i)) order.push_back(i);
  EXPECT_EQ(order, (std::vector<FlowTable::Index>{index[2], index[3], index[4], index[0]}));
  while (table.size() > 0) table.erase(table.oldest());
  EXPECT_EQ(table.oldest(), FlowTable::kNone);
}

TEST(FlowTableTest, GrowsPastItsInitialSize) {
  FlowTable table;
  for (int n = 0; n < 5000; ++n) table.insert(key_of(n), flow_key_hash(key_of(n)));
  EXPECT_EQ(table.size(), 5000u);
  for (int n = 0; n < 5000; ++n) EXPECT_NE(table.find(key_of(n), flow_key_hash(key_of(n))), FlowTable::kNone) << n;
  EXPECT_EQ(table.find(key_of(6000), flow_key_hash(key_of(6000))), FlowTable::kNone);
}

}  // namespace
}  // namespace tlsanalyze::analyzer
