#include <nlohmann/json.hpp>

#include "analyzer/model/describe.h"
#include "analyzer/report/report.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

namespace {

using Json = nlohmann::ordered_json;

Json endpoint_json(const Endpoint& e) { return Json{{"ip", format_address(e.address)}, {"port", e.port}}; }

Json tcp_json(const TcpSideFacts& t) {
  return Json{{"syns", t.syns},           {"fins", t.fins},
              {"rsts", t.rsts},           {"data_segments", t.data_segments}, {"acks", t.acks},
              {"bytes_sent", t.bytes_sent}, {"bytes_acked_by_peer", t.bytes_acked},
              {"retransmitted", t.retransmitted}, {"missing_bytes", t.gap_bytes}};
}

Json or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json ended_by_json(const EndingEvent& end) {
  if (end.kind == EndKind::none) return nullptr;
  Json j{{"event", end_kind_name(end.kind)}};
  // ICMP errors come from a router on the path, not from either endpoint.
  bool has_side = end.kind != EndKind::capture_end && end.kind != EndKind::silence && end.kind != EndKind::icmp;
  j["from"] = has_side ? Json(side_name(end.from)) : Json(nullptr);
  if (end.kind == EndKind::alert || end.kind == EndKind::encrypted_alert) {
    j["encrypted"] = end.encrypted;
    if (end.alert_known) {
      j["level"] = describe_alert_level(end.alert_level);
      j["code"] = end.alert_code;
      std::string_view name = parsers::alert_name(end.alert_code);
      j["name"] = name.empty() ? Json(nullptr) : Json(name);
    } else {
      j["level"] = nullptr;
      j["code"] = nullptr;
      j["name"] = nullptr;
    }
  }
  j["packet"] = end.packet_number != 0 ? Json(end.packet_number) : Json(nullptr);
  j["time"] = end.timestamp_us != 0 ? Json(format_time(end.timestamp_us)) : Json(nullptr);
  return j;
}

Json version_list(const std::vector<std::uint16_t>& versions) {
  Json a = Json::array();
  for (std::uint16_t v : versions) a.push_back(describe_version(v));
  return a;
}

Json group_list(const std::vector<std::uint16_t>& groups) {
  Json a = Json::array();
  for (std::uint16_t g : groups) a.push_back(describe_group(g));
  return a;
}

Json tls_json(const HandshakeSummary& s) {
  Json j;
  const ClientHelloFacts* ch = s.client_hellos.empty() ? nullptr : &s.client_hellos.back();
  j["version_offered"] = ch != nullptr ? Json(describe_version(ch->highest_version)) : Json(nullptr);
  j["versions_offered"] = ch != nullptr ? version_list(ch->versions) : Json::array();
  j["version"] = s.server_hello_seen ? Json(describe_version(s.server_hello.version)) : Json(nullptr);
  j["cipher_suite"] = s.server_hello_seen && s.server_hello.version != 0x0002 ? Json(describe_suite(s.server_hello.cipher_suite))
                                                                              : Json(nullptr);
  j["cipher_suites_offered"] = ch != nullptr ? ch->cipher_suites.size() : 0;
  j["sni"] = ch != nullptr && ch->has_sni ? Json(ch->sni) : Json(nullptr);
  j["alpn_offered"] = ch != nullptr ? Json(ch->alpn) : Json::array();
  j["alpn"] = s.server_hello.has_alpn ? Json(s.server_hello.alpn) : Json(nullptr);
  j["groups_offered"] = ch != nullptr ? group_list(ch->groups) : Json::array();
  j["key_share_groups"] = ch != nullptr ? group_list(ch->key_share_groups) : Json::array();
  j["client_hellos"] = s.client_hellos.size();
  j["hello_retry_request"] = s.hello_retry_request;
  j["resumed"] = s.server_hello.resumed;
  j["sslv2_client_hello"] = ch != nullptr && ch->sslv2_format;
  j["ech_offered"] = ch != nullptr && ch->ech;
  j["fallback_scsv"] = ch != nullptr && ch->fallback_scsv;
  j["server_certificates"] = s.server_certificates.total;
  j["client_certificates"] = s.client_certificates.present ? Json(s.client_certificates.total) : Json(nullptr);
  j["certificate_request"] = s.certificate_request.present;
  return j;
}

class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(std::FILE* out) : out_(out) {}

  void handshake(const HandshakeReport& r, const std::string& capture_name) override {
    const HandshakeFacts& f = r.facts;
    const Verdict& v = r.verdict;
    Json j;
    j["type"] = "handshake";
    j["capture"] = capture_name;
    j["client"] = endpoint_json(f.client);
    j["server"] = endpoint_json(f.server);
    j["start"] = format_time(f.start_us);
    j["first_packet"] = f.first_packet;
    j["outcome"] = outcome_name(v.outcome);
    j["failed_at"] = v.outcome == Outcome::failed ? Json(stage_name(v.failed_at)) : Json(nullptr);
    j["stalled_after"] = or_null(v.stalled_after);
    j["ended_by"] = ended_by_json(v.ended_by);
    j["cause"] = cause_id(v.cause);
    j["cause_title"] = cause_title(v.cause);
    j["confidence"] = confidence_name(v.confidence);
    Json also = Json::array();
    for (Cause c : v.also_possible) also.push_back(cause_id(c));
    j["also_possible"] = also;
    j["explanation"] = v.explanation;
    j["evidence"] = v.evidence;
    j["advice"] = or_null(v.advice);
    j["warnings"] = v.warnings;
    j["tls"] = tls_json(*f.summary);
    j["tcp"] = Json{{"client", tcp_json(f.client_tcp)}, {"server", tcp_json(f.server_tcp)}};
    Json events = Json::array();
    for (const Event& e : *f.events) {
      events.push_back(Json{{"offset", format_offset(e.timestamp_us - f.start_us)},
                            {"packet", e.packet_number},
                            {"from", side_name(e.from)},
                            {"event", event_kind_id(e.kind)},
                            {"detail", describe_event(e, *f.summary)}});
    }
    j["events"] = events;
    j["events_dropped"] = f.events_dropped;
    j["anomalies"] = f.anomalies;
    std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::fputs(line.c_str(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
  }

  void totals(const RunTotals& t) override {
    Json j;
    j["type"] = "summary";
    j["handshakes"] = t.summary->handshakes;
    j["outcomes"] = t.summary->outcomes;
    j["versions"] = t.summary->versions;
    j["alerts"] = t.summary->alerts;
    j["causes"] = t.summary->causes;
    j["warnings"] = t.summary->warnings;
    Json packets;
#define TLSANALYZE_JSON_COUNTER(id, label) packets[#id] = t.packets->id;
    TLSANALYZE_PACKET_COUNTERS(TLSANALYZE_JSON_COUNTER)
#undef TLSANALYZE_JSON_COUNTER
    j["packets"] = packets;
    Json flows;
#define TLSANALYZE_JSON_FLOW_COUNTER(id, label, always) flows[#id] = t.flows->id;
    TLSANALYZE_FLOW_COUNTERS(TLSANALYZE_JSON_FLOW_COUNTER)
#undef TLSANALYZE_JSON_FLOW_COUNTER
    j["flows"] = flows;
    Json inputs = Json::array();
    for (const InputStatus& in : t.inputs)
      inputs.push_back(Json{{"name", in.name}, {"packets", in.packets}, {"error", or_null(in.error)}});
    j["inputs"] = inputs;
    j["kernel_drops"] = t.kernel_drops;
    std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::fputs(line.c_str(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(std::FILE* out) { return std::make_unique<JsonReporter>(out); }

}  // namespace tlsanalyze::analyzer
