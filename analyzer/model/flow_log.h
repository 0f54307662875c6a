// FlowLog: what the TCP and TLS stages of one flow write together — who is
// the client, and the event log that is the evidence of every verdict. It
// belongs to the flow, not to either stage: the TCP stage logs SYNs, FINs,
// RSTs and retransmissions, the TLS stage logs messages and alerts, both in
// packet order, and diagnosis reads the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/model/limits.h"

namespace tlsanalyze::analyzer {

// FlowLog holds one flow's roles and event log.
class FlowLog {
 public:
  // add appends an event; beyond kMaxEvents it is counted in dropped() only.
  void add(const Event& event) {
    if (events_.size() >= kMaxEvents) {
      ++dropped_;
      return;
    }
    // Most flows need a handful of events: reserve once for the common case
    // instead of growing 1, 2, 4, ...
    if (events_.capacity() == 0) events_.reserve(kTypicalEvents);
    events_.push_back(event);
  }
  // events is the log, in the order things happened.
  const std::vector<Event>& events() const { return events_; }
  // dropped counts events beyond kMaxEvents.
  std::uint64_t dropped() const { return dropped_; }

  // guess_client_direction records a guess of which direction index (0/1)
  // carries the client's bytes (the port numbers), which a SYN or a hello
  // seen later may overrule.
  void guess_client_direction(std::size_t direction) {
    move_client_to(direction);
    roles_known_ = false;
  }
  // set_client_direction fixes the client's direction (a SYN or a hello
  // decided). Events logged under a wrong guess swap sides with it.
  void set_client_direction(std::size_t direction) {
    move_client_to(direction);
    roles_known_ = true;
  }
  // roles_known is true once a SYN or a hello decided who the client is.
  bool roles_known() const { return roles_known_; }
  // client_direction is the direction index of the client (a guess until roles_known()).
  std::size_t client_direction() const { return client_direction_; }
  // side_of maps a direction index to a role.
  Side side_of(std::size_t direction) const { return direction == client_direction_ ? Side::client : Side::server; }
  // direction_of maps a role to its direction index.
  std::size_t direction_of(Side s) const { return s == Side::client ? client_direction_ : 1 - client_direction_; }

 private:
  static constexpr std::size_t kTypicalEvents = 16;

  void move_client_to(std::size_t direction) {
    if (direction == client_direction_) return;
    for (Event& e : events_) e.from = other(e.from);
    client_direction_ = direction;
  }

  std::vector<Event> events_;
  std::uint64_t dropped_ = 0;
  std::size_t client_direction_ = 0;
  bool roles_known_ = false;
};

}  // namespace tlsanalyze::analyzer
