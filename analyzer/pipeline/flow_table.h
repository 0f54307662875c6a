// FlowTable: the connections being followed, found by their addresses and
// ports in either direction. Open addressing (linear probing, backward-shift
// deletion) over a slab of entries with stable indices, and an intrusive
// least-recently-active list through the entries, so a packet costs one hash,
// a probe or two and no allocation; only a new connection allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "analyzer/model/flow_facts.h"
#include "analyzer/flow/retired_flow.h"

namespace tlsanalyze::analyzer {

class FlowAnalysis;

// FlowKey names a connection independently of direction: the two endpoints,
// the lower first.
struct FlowKey {
  Endpoint low, high;
  bool operator==(const FlowKey&) const = default;
};

// flow_key returns the key of a packet from `a` to `b` (the same both ways).
inline FlowKey flow_key(const Endpoint& a, const Endpoint& b) { return a < b ? FlowKey{a, b} : FlowKey{b, a}; }

// flow_key_hash mixes a key's 38 bytes into 64 bits. The key is ordered, so the
// hash is symmetric in the two directions.
std::uint64_t flow_key_hash(const FlowKey& key);

// FlowEntry is one connection: the live analysis, or once its verdict is
// reported, only the RetiredFlow that later packets need.
struct FlowEntry {
  FlowKey key;
  std::uint64_t hash = 0;
  std::unique_ptr<FlowAnalysis> flow;  // null once retired
  RetiredFlow retired;                 // valid when flow is null
  std::int64_t last_us = 0;            // last packet (capture clock), for idle expiry
  std::uint32_t capture_index = 0;     // the input it came from
  std::uint32_t lru_prev = 0, lru_next = 0;
};

// FlowTable owns the entries. Not thread-safe.
class FlowTable {
 public:
  using Index = std::uint32_t;
  static constexpr Index kNone = UINT32_MAX;

  FlowTable();
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  // find returns the entry for `key` (with `hash` = flow_key_hash(key)), or kNone.
  Index find(const FlowKey& key, std::uint64_t hash) const;
  // insert adds an entry for `key`, which must not be present, as the most
  // recently active; its other fields are default.
  Index insert(const FlowKey& key, std::uint64_t hash);
  // erase removes an entry; its index may be reused by a later insert.
  void erase(Index index);
  // touch makes an entry the most recently active.
  void touch(Index index);
  // oldest returns the least recently active entry, or kNone when empty.
  Index oldest() const { return size_ == 0 ? kNone : lru_head_; }
  // next_newer returns the entry active after `index`, or kNone.
  Index next_newer(Index index) const { return entries_[index].lru_next; }

  FlowEntry& at(Index index) { return entries_[index]; }
  const FlowEntry& at(Index index) const { return entries_[index]; }
  std::size_t size() const { return size_; }

 private:
  // Slot is one bucket of the open-addressing index: an entry index and the
  // hash's high bits, so most mismatches are rejected without touching the entry.
  struct Slot {
    Index entry = kNone;
    std::uint32_t tag = 0;
  };

  std::size_t home_of(std::uint64_t hash) const { return static_cast<std::size_t>(hash) & (slots_.size() - 1); }
  void grow();
  void lru_unlink(Index index);
  void lru_append(Index index);

  std::vector<Slot> slots_;        // power-of-two size, at most half full
  std::vector<FlowEntry> entries_;  // the slab; indices stay valid until erase
  std::vector<Index> free_;         // erased slab indices, reused first
  std::size_t size_ = 0;
  Index lru_head_ = kNone, lru_tail_ = kNone;
};

}  // namespace tlsanalyze::analyzer
