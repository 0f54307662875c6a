#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analyzer/model/describe.h"
#include "analyzer/report/report.h"

namespace tlsanalyze::analyzer {

namespace {

std::string ending_text(const EndingEvent& end, std::int64_t start_us) {
  std::string where = end.packet_number != 0
                          ? fmt::format(" (packet {}, {})", end.packet_number, format_offset(end.timestamp_us - start_us))
                          : std::string();
  switch (end.kind) {
    case EndKind::alert:
      return fmt::format("{} alert {} {}{}", side_name(end.from), describe_alert_level(end.alert_level),
                         describe_alert(end.alert_code), where);
    case EndKind::encrypted_alert:
      return fmt::format("encrypted alert from the {} (code unreadable without --keylog){}", side_name(end.from), where);
    case EndKind::rst: return fmt::format("TCP RST from the {}{}", side_name(end.from), where);
    case EndKind::fin: return fmt::format("TCP FIN from the {}, no alert{}", side_name(end.from), where);
    case EndKind::icmp: return fmt::format("ICMP unreachable{}", where);
    case EndKind::non_tls: return fmt::format("non-TLS bytes from the {}{}", side_name(end.from), where);
    case EndKind::malformed: return fmt::format("malformed TLS from the {}{}", side_name(end.from), where);
    case EndKind::silence: return "silence until the idle timeout";
    case EndKind::capture_end: return "end of the capture";
    case EndKind::none: return "nothing (still open)";
  }
  return "";
}

class TextReporter : public Reporter {
 public:
  TextReporter(std::FILE* out, const TextOptions& options) : out_(out), options_(options) {}

  void handshake(const HandshakeReport& r, const std::string& capture_name) override {
    const HandshakeFacts& f = r.facts;
    const Verdict& v = r.verdict;
    const HandshakeSummary& s = *f.summary;
    const ClientHelloFacts* ch = s.client_hellos.empty() ? nullptr : &s.client_hellos.back();
    std::string who = fmt::format("{} -> {}", format_endpoint(f.client), format_endpoint(f.server));
    std::string sni = ch == nullptr ? std::string() : ch->has_sni ? fmt::format("  SNI {}", ch->sni) : std::string("  no SNI");
    if (capture_name != last_capture_) {
      last_capture_ = capture_name;
      fmt::print(out_, "== {}\n", capture_name);
    }

    if (v.outcome == Outcome::succeeded) {
      if (!options_.quiet) {
        std::string alpn = s.server_hello.has_alpn ? fmt::format("  ALPN {}", s.server_hello.alpn) : std::string();
        // fmt, not operator+: GCC 12 at -O3 warns falsely (-Wrestrict) on "x" + string.
        std::string suite =
            s.server_hello.version == 0x0002 ? std::string() : fmt::format(" {}", describe_suite(s.server_hello.cipher_suite));
        fmt::print(out_, "ok      {}  {}{}{}{}{}  {}\n", who, describe_version(s.server_hello.version), suite, sni, alpn,
                   s.server_hello.resumed ? "  resumed" : "", format_time(f.start_us));
        for (const std::string& w : v.warnings) fmt::print(out_, "        warning: {}\n", w);
        if (options_.verbose) timeline(f);
      }
      std::fflush(out_);
      return;
    }

    const char* tag = v.outcome == Outcome::failed ? "FAILED " : "INCOMPLETE ";
    fmt::print(out_, "\n{}{}{}  {}\n", tag, who, sni, format_time(f.start_us));
    if (v.outcome == Outcome::failed) fmt::print(out_, "  where:      {}\n", stage_name(v.failed_at));
    else fmt::print(out_, "  stalled:    after {}\n", v.stalled_after);
    fmt::print(out_, "  ended by:   {}\n", ending_text(v.ended_by, f.start_us));
    std::string confidence = v.confidence == Confidence::high ? std::string()
                             : fmt::format(" (confidence {}{})", confidence_name(v.confidence),
                                           v.confidence == Confidence::medium ? ": most likely" : ": a judgement");
    fmt::print(out_, "  cause:      {}: {}{}\n", cause_id(v.cause), cause_title(v.cause), confidence);
    if (!v.also_possible.empty()) {
      std::vector<std::string_view> ids;
      for (Cause c : v.also_possible) ids.push_back(cause_id(c));
      fmt::print(out_, "  also possible: {}\n", fmt::join(ids, ", "));
    }
    if (!v.explanation.empty()) fmt::print(out_, "  why:        {}\n", v.explanation);
    if (!v.evidence.empty()) {
      fmt::print(out_, "  evidence:\n");
      for (const std::string& e : v.evidence) fmt::print(out_, "    - {}\n", e);
    }
    if (!v.advice.empty()) fmt::print(out_, "  advice:     {}\n", v.advice);
    for (const std::string& w : v.warnings) fmt::print(out_, "  warning:    {}\n", w);
    for (const std::string& a : f.anomalies) fmt::print(out_, "  anomaly:    {}\n", a);
    timeline(f);
    std::fflush(out_);
  }

  void totals(const RunTotals& t) override {
    const RunSummary& s = *t.summary;
    fmt::print(out_, "\n== Summary\n");
    fmt::print(out_, "handshakes: {}", s.handshakes);
    for (const auto& [outcome, n] : s.outcomes) fmt::print(out_, "   {}: {}", outcome, n);
    fmt::print(out_, "\n");
    table("negotiated versions", s.versions);
    table("ending alerts", s.alerts);
    table("causes (failed and incomplete)", s.causes);
    if (s.warnings > 0) fmt::print(out_, "warnings: {}\n", s.warnings);
    fmt::print(out_, "packets: {} read", t.packets->packets);
#define TLSANALYZE_TEXT_COUNTER(id, label) \
  if (std::string_view(#id) != "packets" && t.packets->id > 0) fmt::print(out_, ", {} {}", t.packets->id, label);
    TLSANALYZE_PACKET_COUNTERS(TLSANALYZE_TEXT_COUNTER)
#undef TLSANALYZE_TEXT_COUNTER
    fmt::print(out_, "\n");
    // "TCP connections: 12 (10 with a TLS handshake reported, 2 without TLS, ...)".
    fmt::print(out_, "TCP connections: {} (", t.flows->tcp_connections);
    const char* separator = "";
#define TLSANALYZE_TEXT_FLOW_COUNTER(id, label, always)                         \
  if (std::string_view(#id) != "tcp_connections" && (always || t.flows->id > 0)) { \
    fmt::print(out_, "{}{} {}", separator, t.flows->id, label);                 \
    separator = ", ";                                                           \
  }
    TLSANALYZE_FLOW_COUNTERS(TLSANALYZE_TEXT_FLOW_COUNTER)
#undef TLSANALYZE_TEXT_FLOW_COUNTER
    fmt::print(out_, ")\n");
    if (t.kernel_drops > 0) fmt::print(out_, "kernel dropped {} packets\n", t.kernel_drops);
    for (const InputStatus& in : t.inputs)
      if (!in.error.empty()) fmt::print(out_, "input error: {}\n", in.error);
    std::fflush(out_);
  }

 private:
  void table(std::string_view title, const std::map<std::string, std::uint64_t>& rows) {
    if (rows.empty()) return;
    fmt::print(out_, "{}:\n", title);
    for (const auto& [name, n] : rows) fmt::print(out_, "  {:>6}  {}\n", n, name);
  }

  void timeline(const HandshakeFacts& f) {
    fmt::print(out_, "  timeline:\n");
    for (const Event& e : *f.events) {
      bool no_packet = e.packet_number == 0;  // end of capture, idle timeout
      fmt::print(out_, "    {:>9}  {:<7} {:<6}  {}\n", format_offset(e.timestamp_us - f.start_us),
                 no_packet ? std::string("-") : fmt::format("#{}", e.packet_number), no_packet ? "" : side_name(e.from),
                 describe_event(e, *f.summary));
    }
    if (f.events_dropped > 0) fmt::print(out_, "    ... {} more events not kept\n", f.events_dropped);
  }

  std::FILE* out_;
  TextOptions options_;
  std::string last_capture_;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(std::FILE* out, const TextOptions& options) {
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace tlsanalyze::analyzer
