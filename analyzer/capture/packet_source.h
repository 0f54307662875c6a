// PacketSource: where packets come from — a pcap/pcapng file (or standard
// input) or a live interface — through libpcap. This is the only place that
// talks to libpcap; everything downstream sees (time, link type, bytes).
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <string>

#include "analyzer/model/raw_packet.h"

struct pcap;

namespace tlsanalyze::analyzer {

// PacketSource wraps one pcap_t. Open errors are returned as text that names the
// source; read errors mid-file are kept in error() after run() returns.
class PacketSource {
 public:
  PacketSource() = default;
  ~PacketSource();
  PacketSource(const PacketSource&) = delete;
  PacketSource& operator=(const PacketSource&) = delete;

  // open_file opens a pcap or pcapng file ("-" for standard input). False with
  // a one-line `error` naming the file if it is missing, unreadable or not a capture.
  bool open_file(const std::string& path, std::string& error);

  // open_live opens an interface for live capture (promiscuous off, snaplen
  // 262144, immediate mode so each handshake is reported as it happens).
  bool open_live(const std::string& interface, std::string& error);

  // set_filter compiles and installs a BPF filter (tcpdump syntax). False with
  // an error naming the filter if it does not compile.
  bool set_filter(const std::string& expression, std::string& error);

  // run calls on_packet for every packet until the source ends, stop() is
  // called, or a read error occurs. Returns false on a read error (error()
  // then says what and where: the packet number after which reading failed).
  // `on_idle` (optional) is called with the wall-clock time whenever a live
  // capture's read times out without a packet, so idle flows can be finalized
  // while the link is quiet.
  bool run(const std::function<void(const RawPacket&)>& on_packet,
           const std::function<void(std::int64_t now_us)>& on_idle = {});

  // stop asks run() to return after the current packet (safe from a signal
  // handler); run() then returns true, as at the end of the source.
  void stop();

  // error describes the last failure.
  const std::string& error() const { return error_; }
  // name is the file path or interface name, for messages.
  const std::string& name() const { return name_; }
  // packets_read counts packets delivered by run().
  std::uint64_t packets_read() const { return packets_read_; }
  // kernel_drops returns packets the kernel dropped (live capture), 0 offline.
  std::uint64_t kernel_drops() const;
  // link_type is the DLT_* value of the opened source.
  std::uint32_t link_type() const;
  // is_live is true for an interface.
  bool is_live() const { return live_; }

 private:
  pcap* handle_ = nullptr;
  std::string name_;
  std::string error_;
  std::uint64_t packets_read_ = 0;
  bool live_ = false;
  // Set by stop(): libpcap ignores pcap_breakloop() when reading a file with
  // pcap_next_ex(), so run() checks this itself.
  volatile std::sig_atomic_t stop_requested_ = 0;
};

}  // namespace tlsanalyze::analyzer
