// RetiredFlow: what remains of a connection once its verdict is reported. The
// analysis state (reassembly, framing, decryption, the event log, the
// certificates) is freed at once; later packets of the connection cost one
// table look-up and update only what expiry and tuple-reuse detection need.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "analyzer/capture/packet_decoder.h"

namespace tlsanalyze::analyzer {

// RetiredFlow is about 24 bytes of TCP bookkeeping, by direction index (0 is
// the direction of the connection's first packet).
struct RetiredFlow {
  std::array<std::uint32_t, 2> isn{};  // the SYN's sequence number, when syn_seen
  std::array<bool, 2> syn_seen{};
  std::array<bool, 2> sent_data{};     // the direction carried payload
  std::array<bool, 2> fin{};
  std::array<std::uint8_t, 2> syns{};  // saturating
  bool rst = false;
  bool low_is_first = true;            // the key's low endpoint sent the first packet (direction 0)

  // closed is true after a RST or a FIN from both sides.
  bool closed() const { return rst || (fin[0] && fin[1]); }

  // is_new_connection is true for a SYN without ACK in direction `d` that
  // starts another connection on the same addresses and ports (the same rule
  // as TcpFlow::is_new_connection).
  bool is_new_connection(const DecodedPacket& packet, std::size_t d) const {
    const parsers::TcpSegment& tcp = packet.tcp;
    if (!tcp.has(parsers::kTcpSyn) || tcp.has(parsers::kTcpAck)) return false;
    if (!syn_seen[d]) return closed() || sent_data[d];
    return isn[d] != tcp.seq && (closed() || sent_data[d] || syns[1 - d] > 0);
  }

  // on_segment notes a later segment in direction `d`.
  void on_segment(const DecodedPacket& packet, std::size_t d) {
    const parsers::TcpSegment& tcp = packet.tcp;
    if (tcp.has(parsers::kTcpSyn) && syns[d] < UINT8_MAX) ++syns[d];
    sent_data[d] = sent_data[d] || !tcp.payload.empty();
    fin[d] = fin[d] || tcp.has(parsers::kTcpFin);
    rst = rst || tcp.has(parsers::kTcpRst);
  }
};

}  // namespace tlsanalyze::analyzer
