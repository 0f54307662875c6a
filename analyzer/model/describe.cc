#include "analyzer/model/describe.h"

#include <arpa/inet.h>

#include <ctime>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analyzer/model/limits.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

namespace {

std::string name_or_unknown(std::string_view name, std::uint32_t value, int width) {
  if (!name.empty()) return std::string(name);
  return fmt::format("unknown(0x{:0{}x})", value, width);
}

}  // namespace

std::string describe_version(std::uint16_t version) {
  return name_or_unknown(parsers::version_name(version), version, 4);
}

std::string describe_alert(parsers::AlertDescription code) {
  std::string_view name = parsers::alert_name(code);
  auto number = static_cast<unsigned>(code);
  if (name.empty()) return fmt::format("unknown({})", number);
  return fmt::format("{}({})", name, number);
}

std::string describe_alert_level(parsers::AlertLevel level) {
  std::string_view name = parsers::alert_level_name(level);
  if (name.empty()) return fmt::format("level({})", static_cast<unsigned>(level));
  return std::string(name);
}

std::string describe_suite(std::uint16_t suite) {
  return name_or_unknown(parsers::cipher_suite_info(suite).name, suite, 4);
}

std::string describe_group(std::uint16_t group) { return name_or_unknown(parsers::group_name(group), group, 4); }

std::string describe_signature_scheme(std::uint16_t scheme) {
  return name_or_unknown(parsers::signature_scheme_name(scheme), scheme, 4);
}

std::string describe_versions(const std::vector<std::uint16_t>& versions) {
  std::string out;
  for (std::uint16_t v : versions) {
    if (!out.empty()) out += ", ";
    out += describe_version(v);
  }
  return out;
}

std::string describe_groups(const std::vector<std::uint16_t>& groups, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < groups.size() && i < max; ++i) {
    if (!out.empty()) out += ", ";
    out += describe_group(groups[i]);
  }
  if (groups.size() > max) out += fmt::format(" and {} more", groups.size() - max);
  return out;
}

std::string describe_suite_classes(const std::vector<std::uint16_t>& suites) {
  std::size_t tls13 = 0, fs_aead = 0, rsa_kx = 0, cbc = 0, rc4 = 0, des = 0, null = 0, exp = 0, other = 0;
  for (std::uint16_t s : suites) {
    parsers::CipherSuiteInfo info = parsers::cipher_suite_info(s);
    switch (info.cipher) {
      case parsers::CipherClass::tls13: ++tls13; break;
      case parsers::CipherClass::aead:
        if (info.forward_secret) ++fs_aead;
        else ++rsa_kx;
        break;
      case parsers::CipherClass::cbc:
        ++cbc;
        if (info.key_exchange == parsers::KeyExchangeKind::rsa) ++rsa_kx;
        break;
      case parsers::CipherClass::rc4: ++rc4; break;
      case parsers::CipherClass::des: ++des; break;
      case parsers::CipherClass::null_cipher: ++null; break;
      case parsers::CipherClass::export_grade: ++exp; break;
      case parsers::CipherClass::signalling: break;
      case parsers::CipherClass::unknown: ++other; break;
    }
  }
  std::string out;
  auto add = [&](std::size_t n, std::string_view what) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", n, what);
  };
  add(tls13, "TLS 1.3");
  add(fs_aead, "ECDHE/DHE with AEAD");
  add(rsa_kx, "RSA key exchange (no forward secrecy)");
  add(cbc, "CBC");
  add(rc4, "RC4");
  add(des, "DES/3DES");
  add(null, "NULL (no encryption)");
  add(exp, "export-grade");
  add(other, "unknown");
  return out.empty() ? "none" : out;
}

std::string format_address(const parsers::IpAddress& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (a.family == 4) inet_ntop(AF_INET, a.bytes.data(), buf, sizeof buf);
  else if (a.family == 6) inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof buf);
  else return "?";
  return buf;
}

std::string format_endpoint(const Endpoint& e) {
  if (e.address.family == 6) return fmt::format("[{}]:{}", format_address(e.address), e.port);
  return fmt::format("{}:{}", format_address(e.address), e.port);
}

std::string format_time(std::int64_t timestamp_us) {
  std::int64_t seconds = timestamp_us / 1000000;
  std::int64_t micros = timestamp_us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    --seconds;
  }
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

std::string format_offset(std::int64_t offset_us) {
  return fmt::format("+{:.3f}s", static_cast<double>(offset_us) / 1e6);
}

std::string describe_event(const Event& e, const HandshakeSummary& s) {
  std::string what(event_kind_label(e.kind));
  switch (e.kind) {
    case EventKind::client_hello: {
      // count is the 1-based index of the hello's facts (0: not kept).
      const ClientHelloFacts* ch =
          e.count > 0 && e.count <= s.client_hellos.size() ? &s.client_hellos[e.count - 1] : nullptr;
      what += fmt::format(" offering up to {}", describe_version(e.version));
      if (ch != nullptr) {
        if (ch->sslv2_format) what += " (SSLv2 format)";
        what += ch->has_sni ? fmt::format(", SNI {}", ch->sni) : std::string(", no SNI");
        what += fmt::format(", {} suites", ch->cipher_suites.size());
        if (!ch->alpn.empty()) what += fmt::format(", ALPN {}", fmt::join(ch->alpn, "/"));
        if (ch->fallback_scsv) what += ", FALLBACK_SCSV";
      }
      break;
    }
    case EventKind::server_hello:
      what += fmt::format(" choosing {}", describe_version(e.version));
      if (e.version != 0x0002) what += fmt::format(" with {}", describe_suite(e.cipher_suite));
      if (s.server_hello.has_alpn) what += fmt::format(", ALPN {}", s.server_hello.alpn);
      break;
    case EventKind::hello_retry_request:
      what += fmt::format(" asking for group {}", describe_group(s.hrr_group));
      break;
    case EventKind::certificate:
      what += e.count == 0 ? std::string(" (empty: no certificate)") : fmt::format(" with {} certificate(s)", e.count);
      break;
    case EventKind::certificate_request:
      what += fmt::format(" naming {} acceptable CA(s)", e.count);
      break;
    case EventKind::alert:
      what += fmt::format(" {} {}", describe_alert_level(e.alert_level), describe_alert(e.alert_code));
      break;
    case EventKind::encrypted_alert:
      what += fmt::format(" ({}-byte record)", e.length);
      break;
    case EventKind::icmp_unreachable:
      what += fmt::format(" from the network (type {} code {})", e.icmp_type, e.icmp_code);
      break;
    case EventKind::non_tls_data:
      what += fmt::format(" ({} bytes)", e.length);
      break;
    case EventKind::stream_gap:
      what += fmt::format(" ({} bytes)", e.length);
      break;
    case EventKind::retransmission:
      what += fmt::format(" of {} bytes (#{} from this side)", e.length, e.count);
      break;
    case EventKind::oversized_handshake: {
      std::string_view name = parsers::handshake_type_name(static_cast<std::uint8_t>(e.count));
      what = fmt::format("{} of {} bytes, too large to inspect (over {} KiB); skipped",
                         name.empty() ? fmt::format("handshake message type {}", e.count) : std::string(name), e.length,
                         kMaxHandshakeMessage / 1024);
      break;
    }
    case EventKind::unexpected_message:
    case EventKind::other_handshake:
      if (e.count != 0) {
        std::string_view name = parsers::handshake_type_name(static_cast<std::uint8_t>(e.count));
        what += fmt::format(" {}", name.empty() ? fmt::format("type {}", e.count) : std::string(name));
      }
      break;
    case EventKind::finished:
    case EventKind::encrypted_handshake:
    case EventKind::application_data:
      if (e.length != 0) what += fmt::format(" ({} bytes)", e.length);
      break;
    default:
      break;
  }
  if (e.encrypted && e.kind != EventKind::encrypted_alert && e.kind != EventKind::encrypted_handshake &&
      e.kind != EventKind::application_data)
    what += " [encrypted]";
  if (e.decrypted) what += " [decrypted]";
  return what;
}

}  // namespace tlsanalyze::analyzer
