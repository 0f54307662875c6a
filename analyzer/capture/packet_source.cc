#include "analyzer/capture/packet_source.h"

#include <pcap/pcap.h>

#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace tlsanalyze::analyzer {

PacketSource::~PacketSource() {
  if (handle_ != nullptr) pcap_close(handle_);
}

bool PacketSource::open_file(const std::string& path, std::string& error) {
  name_ = path == "-" ? "<stdin>" : path;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  // Microsecond precision is what the reports print; libpcap scales
  // nanosecond files down for us.
  handle_ = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, errbuf);
  if (handle_ == nullptr) {
    // libpcap starts an open(2) failure with the path, which we already name.
    std::string_view why = errbuf;
    if (why.starts_with(path + ": ")) why.remove_prefix(path.size() + 2);
    error = fmt::format("{}: cannot read capture: {}", name_, why);
    return false;
  }
  return true;
}

bool PacketSource::open_live(const std::string& interface, std::string& error) {
  name_ = interface;
  live_ = true;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_create(interface.c_str(), errbuf);
  if (handle_ == nullptr) {
    error = fmt::format("{}: cannot open interface: {}", name_, errbuf);
    return false;
  }
  pcap_set_snaplen(handle_, 262144);
  pcap_set_promisc(handle_, 0);
  pcap_set_immediate_mode(handle_, 1);
  pcap_set_timeout(handle_, 200);
  int rc = pcap_activate(handle_);
  if (rc < 0) {
    error = fmt::format("{}: cannot start capture: {}", name_,
                        rc == PCAP_ERROR ? pcap_geterr(handle_) : pcap_statustostr(rc));
    pcap_close(handle_);
    handle_ = nullptr;
    return false;
  }
  return true;
}

bool PacketSource::set_filter(const std::string& expression, std::string& error) {
  bpf_program program{};
  if (pcap_compile(handle_, &program, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    error = fmt::format("invalid BPF filter '{}': {}", expression, pcap_geterr(handle_));
    return false;
  }
  int rc = pcap_setfilter(handle_, &program);
  pcap_freecode(&program);
  if (rc != 0) {
    error = fmt::format("cannot install BPF filter '{}': {}", expression, pcap_geterr(handle_));
    return false;
  }
  return true;
}

bool PacketSource::run(const std::function<void(const RawPacket&)>& on_packet,
                       const std::function<void(std::int64_t now_us)>& on_idle) {
  RawPacket packet;
  packet.link_type = static_cast<std::uint32_t>(pcap_datalink(handle_));
  while (stop_requested_ == 0) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 1) {
      ++packets_read_;
      packet.timestamp_us = static_cast<std::int64_t>(header->ts.tv_sec) * 1000000 + header->ts.tv_usec;
      packet.original_length = header->len;
      packet.data = parsers::Bytes(data, header->caplen);
      on_packet(packet);
      continue;
    }
    if (rc == 0) {  // live: read timeout with no packet
      if (on_idle) {
        timeval now{};
        gettimeofday(&now, nullptr);
        on_idle(static_cast<std::int64_t>(now.tv_sec) * 1000000 + now.tv_usec);
      }
      continue;
    }
    if (rc == PCAP_ERROR_BREAK) {     // end of file, or stop()
      return true;
    }
    // stop() from a signal handler interrupts a blocked read (EINTR): that is
    // the end the user asked for, not a damaged capture.
    if (stop_requested_ != 0) return true;
    error_ = fmt::format("{}: read error after packet {}: {}", name_, packets_read_, pcap_geterr(handle_));
    return false;
  }
  return true;
}

std::uint32_t PacketSource::link_type() const {
  return handle_ == nullptr ? 0 : static_cast<std::uint32_t>(pcap_datalink(handle_));
}

void PacketSource::stop() {
  stop_requested_ = 1;
  // Wakes a live capture blocked waiting for packets.
  if (handle_ != nullptr) pcap_breakloop(handle_);
}

std::uint64_t PacketSource::kernel_drops() const {
  if (!live_ || handle_ == nullptr) return 0;
  pcap_stat stats{};
  if (pcap_stats(handle_, &stats) != 0) return 0;
  return stats.ps_drop + stats.ps_ifdrop;
}

}  // namespace tlsanalyze::analyzer
