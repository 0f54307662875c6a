// The rule engine (first applicable row decides) and the warnings every
// verdict carries.
#include "analyzer/diagnosis/rule.h"

#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

void apply(const RuleTable& table, const Situation& s, Builder& b) {
  if (table.preamble != nullptr) table.preamble(s, b);
  for (const Rule& r : table.rules) {
    if (!r.applies(s)) continue;
    if (r.then == nullptr) {
      b.v.outcome = r.outcome;
      if (r.outcome == Outcome::incomplete) b.v.failed_at = Stage::none;
      b.conclude(r.cause, r.confidence, std::string(r.explanation), r.also.to_vector());
    }
    if (r.judge != nullptr) r.judge(s, b);
    if (r.then != nullptr) {
      if (r.focus != nullptr) {
        Situation sub = r.focus(s);
        apply(r.then(), sub, b);
      } else {
        apply(r.then(), s, b);
      }
    }
    if (r.after != nullptr) r.after(s, b);
    return;
  }
}

std::span<const RuleTable* const> all_rule_tables() {
  static const RuleTable* const kTables[] = {
      &completed_rules(),        &failure_rules(),          &tcp_connect_rules(),
      &no_client_hello_rules(),  &reset_rules(),            &close_rules(),
      &silence_rules(),          &unacknowledged_rules(),   &alert_rules(),
      &hello_rejection_rules(),  &server_certificate_rules(), &client_certificate_rules(),
      &encrypted_alert_rules(),
  };
  return kTables;
}

void add_common_warnings(const Situation& st, Builder& b) {
  const HandshakeSummary& s = st.s;
  if (s.server_hello_seen) {
    std::uint16_t v = s.server_hello.version;
    if (v != 0 && v < 0x0303)
      b.v.warnings.push_back(
          fmt::format("{} negotiated: deprecated (RFC 8996); use TLS 1.2 or 1.3", describe_version(v)));
    parsers::CipherSuiteInfo info = parsers::cipher_suite_info(s.server_hello.cipher_suite);
    if (v == 0x0002) info.cipher = parsers::CipherClass::unknown;  // SSL 2.0 ciphers have no TLS suite number
    switch (info.cipher) {
      case parsers::CipherClass::rc4:
      case parsers::CipherClass::des:
      case parsers::CipherClass::null_cipher:
      case parsers::CipherClass::export_grade:
        b.v.warnings.push_back(
            fmt::format("weak cipher suite negotiated: {}", describe_suite(s.server_hello.cipher_suite)));
        break;
      default:
        if (!info.forward_secret && info.cipher != parsers::CipherClass::unknown &&
            info.cipher != parsers::CipherClass::tls13)
          b.v.warnings.push_back(fmt::format("cipher suite without forward secrecy: {}",
                                             describe_suite(s.server_hello.cipher_suite)));
        break;
    }
  }
  if (st.ch != nullptr && !st.ch->has_sni && !st.ch->sslv2_format)
    b.v.warnings.push_back("the ClientHello carries no SNI (server_name)");
  for (const Event& e : *st.t.events)
    if (e.kind == EventKind::oversized_handshake)
      b.v.warnings.push_back(
          fmt::format("the {} sent a {} ({}): too large to inspect, and larger than many clients accept", who(e.from),
                      describe_event(e, s), packet_ref(e)));
  for (const Event& e : *st.t.events)
    if (e.kind == EventKind::alert && e.alert_level == AlertLevel::warning && e.alert_code == Alert::unrecognized_name)
      b.v.warnings.push_back(fmt::format(
          "the server sent a warning unrecognized_name(112) ({}): it does not know the SNI name", packet_ref(e)));
}

}  // namespace tlsanalyze::analyzer::diagnosis_detail
