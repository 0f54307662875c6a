// tlsanalyze: the command line. Reads captures (-r) or an interface (-i),
// runs the analyzer, prints a report per handshake as soon as its verdict is
// known, and a summary at the end. Exit codes: 0 when no handshake failed,
// 1 when at least one failed, 2 on a usage or input error.
#include <pcap/pcap.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "analyzer/pipeline/analyzer.h"
#include "analyzer/tls/decrypt/keylog.h"
#include "analyzer/capture/packet_source.h"
#include "analyzer/report/report.h"
#include "analyzer/report/run_summary.h"
#include "analyzer/x509/trust_store.h"
#include "parsers/link.h"

namespace {

using namespace tlsanalyze::analyzer;

constexpr int kExitOk = 0;
constexpr int kExitFailures = 1;
constexpr int kExitError = 2;

// The source being read, so SIGINT/SIGTERM can stop it cleanly.
PacketSource* volatile g_active_source = nullptr;
volatile std::sig_atomic_t g_interrupted = 0;

void on_signal(int) {
  g_interrupted = 1;
  if (g_active_source != nullptr) g_active_source->stop();
}

struct Options {
  std::vector<std::string> read_files;
  std::string interface;
  std::vector<std::string> filter_words;
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  std::vector<std::string> keylogs;
  std::string ca_file;
  std::string ca_path;
  bool no_trust_store = false;
  int expiring_days = 30;
  double idle_timeout_s = 30;
  std::size_t max_flows = 262144;
};

void error_line(const std::string& message) { fmt::print(stderr, "tlsanalyze: {}\n", message); }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{
      "tlsanalyze: passive TLS handshake analyzer. For every TLS handshake in a capture or on an interface it\n"
      "says whether it completed, where it died and why, with the evidence from the packets. It never sends a packet.\n\n"
      "Examples:\n"
      "  tlsanalyze -r capture.pcap                 report on a pcap or pcapng file\n"
      "  tlsanalyze -r a.pcap -r b.pcapng --json    JSON Lines, one object per handshake, then a summary\n"
      "  tlsanalyze -i eth0 port 443                live, with a tcpdump-style BPF filter\n"
      "  tlsanalyze -r tls13.pcap --keylog keys.txt decrypt TLS 1.3 handshakes (SSLKEYLOGFILE format)\n\n"
      "Exit status: 0 no handshake failed, 1 at least one failed, 2 usage or input error."};
  app.name("tlsanalyze");
  // allow_extra_args(false): each -r/--keylog takes exactly one FILE, so the
  // words after it are the BPF filter (`-r x.pcap tcp port 443`), not more files.
  app.add_option("-r,--read", o.read_files, "Read packets from a pcap/pcapng FILE ('-' for standard input); repeatable")
      ->type_name("FILE")->allow_extra_args(false);
  app.add_option("-i,--interface", o.interface, "Capture live on IFACE (needs root or CAP_NET_RAW); Ctrl-C ends the run with the summary")
      ->type_name("IFACE");
  app.add_flag("--json", o.json, "Write JSON Lines instead of text (schema: docs/json-schema.md)");
  app.add_flag("-q,--quiet", o.quiet, "Text: no line for successful handshakes");
  app.add_flag("-v,--verbose", o.verbose, "Text: timelines for successful handshakes too");
  app.add_option("--keylog", o.keylogs, "SSLKEYLOGFILE to decrypt TLS 1.3 handshakes (certificates, real alert codes); repeatable")
      ->type_name("FILE")->allow_extra_args(false);
  app.add_option("--ca-file", o.ca_file, "Verify certificate chains against the CAs in this PEM file instead of the system store")
      ->type_name("FILE");
  app.add_option("--ca-path", o.ca_path, "Verify against a hashed CA directory (openssl rehash layout)")->type_name("DIR");
  app.add_flag("--no-trust-store", o.no_trust_store, "Do not verify chains against any trust store (judge chains by their shape only)");
  app.add_option("--expiring", o.expiring_days, "Warn when a certificate expires within DAYS of the capture time")
      ->capture_default_str()->type_name("DAYS")->check(CLI::Range(0, 36500));
  app.add_option("--idle-timeout", o.idle_timeout_s, "Finalize a flow after SECONDS without packets (capture clock)")
      ->capture_default_str()->type_name("SECONDS")->check(CLI::Range(0.001, 86400.0));
  app.add_option("--max-flows", o.max_flows, "Hold at most N flows at once; the least recently active is finalized beyond")
      ->capture_default_str()->type_name("N")->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  app.add_option("filter", o.filter_words, "BPF filter, as tcpdump takes it (e.g. 'tcp port 443')")->type_name("EXPRESSION");
  app.set_version_flag("--version", std::string("tlsanalyze 0.1.0, ") + pcap_lib_version());
  app.footer("Output: a block per failed or incomplete handshake (where, ended by, cause, evidence, advice, timeline),\n"
             "a line per success, and a summary of outcomes, versions, alerts and causes. See README.md.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitError;
  }
  if (o.read_files.empty() == o.interface.empty()) {
    error_line("give either -r FILE (one or more) or -i IFACE; see --help");
    return kExitError;
  }
  std::string filter;
  for (const std::string& w : o.filter_words) filter += (filter.empty() ? "" : " ") + w;

  // Key logs and trust store first: a mistake there is a usage error.
  KeyLog keylog;
  for (const std::string& path : o.keylogs) {
    std::string error;
    if (!keylog.load(path, error)) {
      error_line(error);
      return kExitError;
    }
  }
  TrustStore trust;
  bool have_trust = false;
  if (!o.no_trust_store) {
    std::string error;
    if (!o.ca_file.empty() || !o.ca_path.empty()) {
      if (!o.ca_file.empty() && !trust.load_file(o.ca_file, error)) {
        error_line(error);
        return kExitError;
      }
      if (!o.ca_path.empty() && !trust.load_path(o.ca_path, error)) {
        error_line(error);
        return kExitError;
      }
      have_trust = true;
    } else {
      // No system store is not an error: chains are then judged by shape.
      have_trust = trust.load_default(error);
    }
  }
  DiagnosisContext context;
  context.trust_store = have_trust ? &trust : nullptr;
  context.expiring_days = o.expiring_days;

  std::unique_ptr<Reporter> reporter =
      o.json ? make_json_reporter(stdout) : make_text_reporter(stdout, TextOptions{o.verbose, o.quiet, false});
  RunSummary summary;
  std::vector<std::string> input_names;
  std::uint64_t failures = 0;
  AnalyzerOptions options;
  options.keylog = o.keylogs.empty() ? nullptr : &keylog;
  options.diagnosis = &context;
  options.max_flows = o.max_flows;
  options.idle_timeout_us = static_cast<std::int64_t>(o.idle_timeout_s * 1e6);
  Analyzer analyzer(options, [&](const HandshakeReport& report) {
    summary.add(report);
    if (report.verdict.outcome == Outcome::failed) ++failures;
    reporter->handshake(report, input_names.at(report.capture_index));
  });

  // No SA_RESTART: a read from a pipe (-r -) blocked when the signal arrives
  // must return, so the run ends with the summary instead of waiting for input.
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  RunTotals totals;
  bool input_error = false;
  std::vector<std::string> sources = o.read_files;
  bool live = sources.empty();
  if (live) sources.push_back(o.interface);
  for (std::uint32_t index = 0; index < sources.size() && !g_interrupted; ++index) {
    PacketSource source;
    std::string error;
    bool opened = live ? source.open_live(sources[index], error) : source.open_file(sources[index], error);
    input_names.push_back(source.name());
    InputStatus status{source.name(), 0, {}};
    if (opened && !tlsanalyze::parsers::is_supported_link_type(source.link_type())) {
      const char* name = pcap_datalink_val_to_name(static_cast<int>(source.link_type()));
      error = fmt::format("{}: unsupported link type {} ({})", source.name(), source.link_type(),
                          name != nullptr ? name : "unknown");
      opened = false;
    }
    if (opened && !filter.empty() && !source.set_filter(filter, error)) {
      // Stop at the first input the filter does not compile for (one line on
      // stderr, not one per input), but still report what earlier inputs gave.
      error_line(error);
      status.error = error;
      input_error = true;
      totals.inputs.push_back(status);
      break;
    }
    if (!opened) {
      error_line(error);
      status.error = error;
      input_error = true;
      totals.inputs.push_back(status);
      continue;
    }
    g_active_source = &source;
    // A signal that came before the line above found no source to stop.
    bool ok = g_interrupted || source.run([&](const RawPacket& packet) { analyzer.process(packet, index); },
                                          [&](std::int64_t now_us) { analyzer.advance_clock(now_us); });
    g_active_source = nullptr;
    status.packets = source.packets_read();
    if (!ok) {
      error_line(source.error());
      status.error = source.error();
      input_error = true;
    }
    totals.kernel_drops += source.kernel_drops();
    totals.inputs.push_back(status);
  }
  analyzer.finish();

  totals.summary = &summary;
  totals.packets = &analyzer.packet_counters();
  totals.flows = &analyzer.flow_counters();
  reporter->totals(totals);
  if (input_error) return kExitError;
  return failures > 0 ? kExitFailures : kExitOk;
}
