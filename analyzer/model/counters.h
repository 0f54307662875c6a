// Counters: the run-wide tallies that account for every packet and every flow,
// so nothing the capture held is dropped silently. Each list below is the
// single source of a counter's struct field, its JSON name (the same word)
// and the words the text summary prints.
#pragma once

#include <cstdint>

namespace tlsanalyze::analyzer {

// TLSANALYZE_PACKET_COUNTERS lists the per-packet counters: id (struct field
// and JSON name) and the words the summary prints. Every frame bumps
// `packets` and exactly one other counter.
#define TLSANALYZE_PACKET_COUNTERS(X)                       \
  X(packets, "packets read")                                \
  X(tcp, "TCP segments")                                    \
  X(icmp_errors, "ICMP errors about TCP")                   \
  X(tunnelled, "packets decapsulated from tunnels")         \
  X(not_ip, "non-IP frames (ARP, LLDP...)")                 \
  X(udp, "UDP datagrams (DTLS and QUIC are not analysed)")  \
  X(other_transport, "other IP protocols")                  \
  X(ip_fragments, "IP fragments (skipped)")                 \
  X(truncated, "truncated frames (snap length or damage)")  \
  X(malformed, "malformed headers")                         \
  X(unknown_link_type, "frames of an unsupported link type")

// PacketCounters counts frames by what became of them.
struct PacketCounters {
#define TLSANALYZE_COUNTER_FIELD(id, label) std::uint64_t id = 0;
  TLSANALYZE_PACKET_COUNTERS(TLSANALYZE_COUNTER_FIELD)
#undef TLSANALYZE_COUNTER_FIELD
};

// TLSANALYZE_FLOW_COUNTERS lists the per-flow counters: id (struct field and
// JSON name), the words the text summary prints, and whether the text shows
// the counter when it is zero. Every TCP connection ends up in `reported`,
// `without_tls` or `midstream_without_handshake`; `evicted` and
// `tuple_reused` say why some of them ended early.
#define TLSANALYZE_FLOW_COUNTERS(X)                                                          \
  X(tcp_connections, "TCP connections", true)                                               \
  X(reported, "with a TLS handshake reported", true)                                        \
  X(without_tls, "without TLS", true)                                                       \
  X(midstream_without_handshake, "TLS without a visible handshake", true)                   \
  X(evicted, "evicted early (flow table full)", false)                                      \
  X(tuple_reused, "ended by a new SYN on the same addresses and ports", false)

// FlowCounters count flows by what became of them (shown in the summary).
struct FlowCounters {
#define TLSANALYZE_FLOW_COUNTER_FIELD(id, label, always) std::uint64_t id = 0;
  TLSANALYZE_FLOW_COUNTERS(TLSANALYZE_FLOW_COUNTER_FIELD)
#undef TLSANALYZE_FLOW_COUNTER_FIELD
};

}  // namespace tlsanalyze::analyzer
