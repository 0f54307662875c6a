#include "analyzer/pipeline/flow_table.h"

#include <cstring>

#include "analyzer/pipeline/flow_analysis.h"

namespace tlsanalyze::analyzer {

namespace {

// mix64 is the finalizer of MurmurHash3 / splitmix64: every input bit
// reaches every output bit.
std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

std::uint64_t word(const std::uint8_t* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

constexpr std::size_t kInitialSlots = 1024;

}  // namespace

std::uint64_t flow_key_hash(const FlowKey& key) {
  const auto& a = key.low.address.bytes;
  const auto& b = key.high.address.bytes;
  std::uint64_t small = (std::uint64_t{key.low.port} << 48) | (std::uint64_t{key.high.port} << 32) |
                        (std::uint64_t{key.low.address.family} << 8) | key.high.address.family;
  // IPv4 addresses use only their first 4 bytes; the rest are zero and the
  // xor costs nothing.
  std::uint64_t h = mix64(word(a.data()) ^ (word(a.data() + 8) * 0x9e3779b97f4a7c15ULL));
  h = mix64(h ^ word(b.data()) ^ (word(b.data() + 8) * 0xc2b2ae3d27d4eb4fULL));
  return mix64(h ^ small);
}

FlowTable::FlowTable() : slots_(kInitialSlots) {}
FlowTable::~FlowTable() = default;

FlowTable::Index FlowTable::find(const FlowKey& key, std::uint64_t hash) const {
  auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t i = home_of(hash);; i = (i + 1) & (slots_.size() - 1)) {
    const Slot& slot = slots_[i];
    if (slot.entry == kNone) return kNone;
    if (slot.tag == tag && entries_[slot.entry].key == key) return slot.entry;
  }
}

FlowTable::Index FlowTable::insert(const FlowKey& key, std::uint64_t hash) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  Index index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
    entries_[index] = FlowEntry{};
  } else {
    index = static_cast<Index>(entries_.size());
    entries_.emplace_back();
  }
  FlowEntry& e = entries_[index];
  e.key = key;
  e.hash = hash;
  std::size_t i = home_of(hash);
  while (slots_[i].entry != kNone) i = (i + 1) & (slots_.size() - 1);
  slots_[i] = Slot{index, static_cast<std::uint32_t>(hash >> 32)};
  ++size_;
  lru_append(index);
  return index;
}

void FlowTable::erase(Index index) {
  FlowEntry& e = entries_[index];
  std::size_t mask = slots_.size() - 1;
  std::size_t hole = home_of(e.hash);
  while (slots_[hole].entry != index) hole = (hole + 1) & mask;
  // Backward-shift deletion: move later members of the probe run into the
  // hole when their home is not between the hole and their slot, so lookups
  // never need tombstones.
  for (std::size_t j = (hole + 1) & mask; slots_[j].entry != kNone; j = (j + 1) & mask) {
    std::size_t home = home_of(entries_[slots_[j].entry].hash);
    bool movable = ((j - home) & mask) >= ((j - hole) & mask);
    if (movable) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = Slot{};
  lru_unlink(index);
  e.flow.reset();
  free_.push_back(index);
  --size_;
}

void FlowTable::touch(Index index) {
  if (index == lru_tail_) return;
  lru_unlink(index);
  lru_append(index);
}

void FlowTable::grow() {
  std::vector<Slot> bigger(slots_.size() * 2);
  std::size_t mask = bigger.size() - 1;
  for (const Slot& slot : slots_) {
    if (slot.entry == kNone) continue;
    std::size_t i = static_cast<std::size_t>(entries_[slot.entry].hash) & mask;
    while (bigger[i].entry != kNone) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

void FlowTable::lru_unlink(Index index) {
  FlowEntry& e = entries_[index];
  if (index == lru_head_) lru_head_ = e.lru_next;
  else entries_[e.lru_prev].lru_next = e.lru_next;
  if (index == lru_tail_) lru_tail_ = e.lru_prev;
  else entries_[e.lru_next].lru_prev = e.lru_prev;
}

void FlowTable::lru_append(Index index) {
  FlowEntry& e = entries_[index];
  e.lru_prev = lru_tail_;
  e.lru_next = kNone;
  if (lru_tail_ == kNone) lru_head_ = index;
  else entries_[lru_tail_].lru_next = index;
  lru_tail_ = index;
}

}  // namespace tlsanalyze::analyzer
