#include "analyzer/tls/handshake_tracker.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/tls/decrypt/tls13_decryption.h"
#include "parsers/tls_handshake.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

using parsers::Bytes;
using parsers::ContentType;
using parsers::HandshakeType;

namespace {

constexpr std::size_t kMaxClientHellos = 4;          // two after a HelloRetryRequest; more is hostile
constexpr std::size_t kMaxAnomalies = 8;
constexpr std::size_t kMaxKeptCertificates = parsers::kMaxChainCertificates;
constexpr std::size_t kMaxAuthorities = 32;
constexpr std::uint64_t kMaxApplicationEventsPerSide = 2;  // later records are only counted
constexpr std::size_t kPreviewBytes = 64;

// Who may send each handshake message (RFC 8446 4 and RFC 5246 7.4). Anything
// else is an unexpected_message event.
enum class Sender : std::uint8_t { client, server, either };

struct MessageRule {
  HandshakeType type;
  EventKind kind;
  Sender sender;
};

constexpr MessageRule kMessageRules[] = {
    {HandshakeType::client_hello, EventKind::client_hello, Sender::client},
    {HandshakeType::server_hello, EventKind::server_hello, Sender::server},
    {HandshakeType::new_session_ticket, EventKind::new_session_ticket, Sender::server},
    {HandshakeType::end_of_early_data, EventKind::other_handshake, Sender::client},
    {HandshakeType::encrypted_extensions, EventKind::encrypted_extensions, Sender::server},
    {HandshakeType::certificate, EventKind::certificate, Sender::either},
    {HandshakeType::server_key_exchange, EventKind::server_key_exchange, Sender::server},
    {HandshakeType::certificate_request, EventKind::certificate_request, Sender::server},
    {HandshakeType::server_hello_done, EventKind::server_hello_done, Sender::server},
    {HandshakeType::certificate_verify, EventKind::certificate_verify, Sender::either},
    {HandshakeType::client_key_exchange, EventKind::client_key_exchange, Sender::client},
    {HandshakeType::finished, EventKind::finished, Sender::either},
    {HandshakeType::certificate_status, EventKind::certificate_status, Sender::server},
    {HandshakeType::key_update, EventKind::key_update, Sender::either},
    {HandshakeType::hello_request, EventKind::other_handshake, Sender::server},
    {HandshakeType::compressed_certificate, EventKind::certificate, Sender::either},
};

const MessageRule* find_rule(std::uint8_t type) {
  for (const MessageRule& r : kMessageRules)
    if (static_cast<std::uint8_t>(r.type) == type) return &r;
  return nullptr;
}

bool allowed(Sender rule, Side from) {
  return rule == Sender::either || (rule == Sender::client) == (from == Side::client);
}

// sslv2_error_as_alert maps an SSL 2.0 ERROR code onto the TLS alert that
// replaced it (draft-hickman-netscape-ssl-00; RFC 5246 7.2 keeps the names).
parsers::AlertDescription sslv2_error_as_alert(std::uint16_t code) {
  using parsers::AlertDescription;
  switch (code) {
    case 1: return AlertDescription::handshake_failure;        // NO-CIPHER-ERROR
    case 2: return AlertDescription::no_certificate;           // NO-CERTIFICATE-ERROR
    case 4: return AlertDescription::bad_certificate;          // BAD-CERTIFICATE-ERROR
    case 6: return AlertDescription::unsupported_certificate;  // UNSUPPORTED-CERTIFICATE-TYPE-ERROR
    default: return AlertDescription::handshake_failure;
  }
}

bool is_tls13_version(std::uint16_t v) { return v == 0x0304 || (v >> 8) == 0x7f; }

std::vector<std::uint16_t> without_grease(const parsers::U16List& list) {
  std::vector<std::uint16_t> out;
  out.reserve(list.size());
  for (std::uint16_t v : list)
    if (!parsers::is_grease(v)) out.push_back(v);
  return out;
}

// printable_preview copies at most `max` bytes, escaping anything that is not
// printable ASCII, so hostile names and replies cannot garble a terminal.
std::string printable_preview(Bytes data, std::size_t max = kPreviewBytes) {
  std::string out;
  for (std::size_t i = 0; i < data.size() && i < max; ++i) {
    char c = static_cast<char>(data[i]);
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (data[i] >= 0x20 && data[i] < 0x7f) out += c;
    else out += fmt::format("\\x{:02x}", data[i]);
  }
  return out;
}

}  // namespace

HandshakeTracker::HandshakeTracker(FlowLog& log, const KeyLog* keylog) : log_(log), keylog_(keylog) {}
HandshakeTracker::~HandshakeTracker() = default;

bool HandshakeTracker::tls13() const {
  return summary_.server_hello_seen && is_tls13_version(summary_.server_hello.version);
}

Event HandshakeTracker::make_event(EventKind kind, Side from, const SegmentMeta& meta) const {
  Event e;
  e.kind = kind;
  e.from = from;
  e.timestamp_us = meta.timestamp_us;
  e.packet_number = meta.packet_number;
  return e;
}

void HandshakeTracker::note_anomaly(const parsers::Anomaly& why, const SegmentMeta& meta, Side from) {
  if (anomalies_.size() < kMaxAnomalies)
    anomalies_.push_back(fmt::format("{} ({}) in packet {} from the {}", why.field,
                                     parsers::anomaly_kind_name(why.kind), meta.packet_number, side_name(from)));
  add_event(make_event(EventKind::malformed_tls, from, meta));
}

void HandshakeTracker::decide_roles(std::size_t direction, std::uint8_t first_handshake_type) {
  if (log_.roles_known()) return;
  if (first_handshake_type == static_cast<std::uint8_t>(HandshakeType::client_hello))
    log_.set_client_direction(direction);
  else if (first_handshake_type == static_cast<std::uint8_t>(HandshakeType::server_hello))
    log_.set_client_direction(1 - direction);
}

void HandshakeTracker::mark_complete(const SegmentMeta& meta) {
  if (complete_) return;
  complete_ = true;
  completion_packet_ = meta.packet_number;
}

void HandshakeTracker::on_record(std::size_t direction, const parsers::TlsRecord& record, Bytes header,
                                 const SegmentMeta& meta) {
  saw_tls_ = true;
  // A midstream flow's first record decides roles if it is a hello.
  if (!log_.roles_known() && record.content_type == static_cast<std::uint8_t>(ContentType::handshake) &&
      !record.fragment.empty())
    decide_roles(direction, record.fragment[0]);
  Side from = side_of(direction);
  DirectionProgress& p = progress_of(from);
  ++p.tls_records;

  switch (static_cast<ContentType>(record.content_type)) {
    case ContentType::handshake: {
      if (p.encrypting) {
        // TLS <= 1.2 after ChangeCipherSpec: the Finished, encrypted
        // (RFC 5246 7.4.9). A second one would be a renegotiation.
        Event e = make_event(p.finished ? EventKind::encrypted_handshake : EventKind::finished, from, meta);
        e.encrypted = true;
        e.length = static_cast<std::uint32_t>(record.fragment.size());
        add_event(e);
        saw_handshake_ = true;
        ++p.encrypted_handshake_records;
        if (!p.finished) {
          p.finished = true;
          if (progress_[0].finished && progress_[1].finished) mark_complete(meta);
        }
        return;
      }
      if (record.fragment.empty()) {
        // RFC 8446 5.1: zero-length handshake fragments must not be sent.
        parsers::Anomaly why;
        why.set(parsers::AnomalyKind::bad_length, "handshake record (zero length)");
        note_anomaly(why, meta, from);
        return;
      }
      feed_handshake(direction, plaintext_assembler_[direction], record.fragment, meta, false);
      return;
    }
    case ContentType::change_cipher_spec: {
      Event e = make_event(EventKind::change_cipher_spec, from, meta);
      e.length = static_cast<std::uint32_t>(record.fragment.size());
      add_event(e);
      p.change_cipher_spec = true;
      // In TLS 1.3 ChangeCipherSpec is a middlebox-compatibility no-op
      // (RFC 8446 D.4); only TLS <= 1.2 switches to encryption here.
      // Without any hello in the capture (midstream), a CCS still means what
      // follows is encrypted; after a HelloRetryRequest it is TLS 1.3's no-op.
      if (summary_.server_hello_seen ? !tls13()
                                     : tls12_messages_ || (summary_.client_hellos.empty() && !summary_.hello_retry_request))
        p.encrypting = true;
      saw_handshake_ = true;
      return;
    }
    case ContentType::alert:
      on_alert(from, record.fragment, meta, false);
      return;
    case ContentType::application_data:
      on_application_data(direction, record, header, meta);
      return;
    case ContentType::heartbeat: {
      Event e = make_event(EventKind::heartbeat, from, meta);
      e.length = static_cast<std::uint32_t>(record.fragment.size());
      add_event(e);
      return;
    }
  }
  Event e = make_event(EventKind::unexpected_message, from, meta);
  e.length = static_cast<std::uint32_t>(record.fragment.size());
  add_event(e);
}

void HandshakeTracker::add_encrypted_event(EventKind kind, Side from, std::uint32_t length, const SegmentMeta& meta,
                                           std::uint32_t count) {
  Event e = make_event(kind, from, meta);
  e.encrypted = true;
  e.length = length;
  e.count = count;
  add_event(e);
}

void HandshakeTracker::infer_client_certificates(std::size_t total, std::uint32_t length, const SegmentMeta& meta) {
  add_encrypted_event(EventKind::certificate, Side::client, length, meta, static_cast<std::uint32_t>(total));
  summary_.client_certificates.present = true;
  summary_.client_certificates.inferred = true;
  summary_.client_certificates.total = total;
  summary_.client_certificates.timestamp_us = meta.timestamp_us;
}

void HandshakeTracker::count_application_record(Side from, std::uint32_t record_length,
                                                const SegmentMeta& meta, bool decrypted) {
  DirectionProgress& p = progress_of(from);
  ++p.application_records;
  // The first records go in the log as evidence; later ones are only counted.
  if (p.application_records > kMaxApplicationEventsPerSide) return;
  Event e = make_event(EventKind::application_data, from, meta);
  e.encrypted = true;
  e.decrypted = decrypted;
  e.length = record_length;
  add_event(e);
}

void HandshakeTracker::on_alert(Side from, Bytes fragment, const SegmentMeta& meta, bool decrypted) {
  DirectionProgress& p = progress_of(from);
  p.sent_alert = true;
  parsers::AlertMessage alert;
  parsers::Anomaly why;
  // A 2-byte alert record is plaintext; anything longer carries a MAC or AEAD
  // tag (TLS <= 1.2 after ChangeCipherSpec).
  if (parsers::parse_alert(fragment, alert, why)) {
    Event e = make_event(EventKind::alert, from, meta);
    e.alert_level = alert.level;
    e.alert_code = alert.description;
    e.decrypted = decrypted;
    e.length = 2;
    add_event(e);
    // close_notify and user_canceled are not failures by themselves; a fatal
    // level or any other warning that ends the connection is judged later.
    if (alert.level == parsers::AlertLevel::fatal && alert.description != parsers::AlertDescription::close_notify)
      fatal_alert_ = true;
    return;
  }
  Event e = make_event(EventKind::encrypted_alert, from, meta);
  e.encrypted = true;
  e.length = static_cast<std::uint32_t>(fragment.size());
  add_event(e);
  if (!complete_) fatal_alert_ = true;
}

void HandshakeTracker::on_application_data(std::size_t direction, const parsers::TlsRecord& record, Bytes header,
                                           const SegmentMeta& meta) {
  Side from = side_of(direction);
  DirectionProgress& p = progress_of(from);
  auto length = static_cast<std::uint32_t>(record.fragment.size());

  if (tls13()) {
    // TLS 1.3 with keys: open every record and follow the real messages and alerts.
    if (decryption_ && decryption_->working(from)) {
      std::vector<std::uint8_t> plaintext;
      std::uint8_t inner_type = 0;
      if (decryption_->decrypt(from, header, record.fragment, plaintext, inner_type)) {
        ++p.encrypted_handshake_records;
        saw_handshake_ = true;
        switch (static_cast<ContentType>(inner_type)) {
          case ContentType::handshake:
            feed_handshake(direction, decrypted_assembler_[direction], Bytes(plaintext), meta, true);
            return;
          case ContentType::alert:
            on_alert(from, Bytes(plaintext), meta, true);
            return;
          default:
            break;  // application data: counted below
        }
        if (p.finished) count_application_record(from, length, meta, true);
        return;
      }
    }
  }
  if (tls13() && !(p.finished && complete_)) {
    if (!p.finished) {
      // Without keys, reason from sizes and order (FAILURES.md 13).
      // The client's first encrypted record after the ServerHello answers the
      // server's flight (which may itself be missing from the capture): it is
      // the Finished, or an alert if it is alert-sized.
      // With 0-RTT the client's first record may be EndOfEarlyData (4 bytes +
      // 1 + 16 = 21, RFC 8446 4.5): alert-sized, but not an alert.
      bool early_data = !summary_.client_hellos.empty() && summary_.client_hellos.back().early_data;
      if (from == Side::client && early_data && length == kEndOfEarlyDataRecord && p.encrypted_handshake_records == 0) {
        ++p.encrypted_handshake_records;
        add_encrypted_event(EventKind::encrypted_handshake, from, length, meta);
        return;
      }
      if (from == Side::client && length >= kMinEncryptedAlertRecord && length <= kMaxEncryptedAlertRecord) {
        add_encrypted_event(EventKind::encrypted_alert, from, length, meta);
        p.sent_alert = true;
        fatal_alert_ = true;
        return;
      }
      ++p.encrypted_handshake_records;
      saw_handshake_ = true;
      if (from == Side::client && length == kEmptyCertificateRecord && !summary_.client_certificates.present) {
        // Exactly an empty TLS 1.3 Certificate (4-byte header, empty context,
        // empty list = 8 bytes, + 1 inner type + 16 tag): the server asked for
        // a client certificate and the client has none (RFC 8446 4.4.2).
        infer_client_certificates(0, length, meta);
        return;
      }
      if (from == Side::client && length >= kMinClientCertificateRecord && !summary_.client_certificates.present) {
        // Far larger than any Finished (53 or 69 bytes): the flight starts
        // with a non-empty client Certificate; the Finished follows or is
        // coalesced into the same record.
        infer_client_certificates(1, length, meta);
      }
      if (from == Side::client) {
        add_encrypted_event(EventKind::finished, from, length, meta);
        p.finished = true;
        progress_of(Side::server).finished = true;  // the client answered the server's flight
        mark_complete(meta);
        return;
      }
      add_encrypted_event(EventKind::encrypted_handshake, from, length, meta);
      return;
    }
  }

  // Application data proper (or TLS 1.3 records after the handshake).
  if (tls13() && complete_ && length == kMinEncryptedAlertRecord) {
    // 19 bytes is exactly an encrypted alert (most often close_notify).
    add_encrypted_event(EventKind::encrypted_alert, from, length, meta);
    p.sent_alert = true;
    return;
  }
  count_application_record(from, length, meta, false);
  // TLS <= 1.2: a client that sends application data after its Finished has
  // accepted everything the server sent, even when the server's Finished is
  // not in the capture (or the client uses False Start, RFC 7918).
  // Only when the server's side shows it went on too (its own application
  // data, or a hole in the capture where its Finished would be): otherwise a
  // False Start client may still be refused.
  const DirectionProgress& server = progress_of(Side::server);
  if (!tls13() && from == Side::client && p.finished && !complete_ &&
      (server.application_records > 0 || server.gap_seen || server.finished))
    mark_complete(meta);
  if (!tls13() && from == Side::server && progress_of(Side::client).finished && !complete_ &&
      progress_of(Side::client).application_records > 0)
    mark_complete(meta);
}

void HandshakeTracker::feed_handshake(std::size_t direction, HandshakeAssembler& assembler, Bytes fragment,
                                      const SegmentMeta& meta, bool decrypted) {
  assembler.feed(
      fragment,
      [&](const parsers::HandshakeMessage& msg) { on_handshake_message(side_of(direction), msg, meta, decrypted); },
      [&](std::uint8_t type, std::uint32_t length) {
        // Legal (handshake messages go up to 2^24-1 bytes) but beyond what is
        // buffered per flow: logged, and the messages after it still framed.
        saw_handshake_ = true;
        Event e = make_event(EventKind::oversized_handshake, side_of(direction), meta);
        e.length = length;
        e.count = type;
        e.decrypted = decrypted;
        add_event(e);
      });
}

void HandshakeTracker::on_handshake_message(Side from, const parsers::HandshakeMessage& msg,
                                            const SegmentMeta& meta, bool decrypted) {
  saw_handshake_ = true;
  const MessageRule* rule = find_rule(msg.msg_type);
  if (rule != nullptr && !allowed(rule->sender, from)) {
    Event e = make_event(EventKind::unexpected_message, from, meta);
    e.length = static_cast<std::uint32_t>(msg.body.size());
    e.count = msg.msg_type;
    add_event(e);
    return;
  }
  auto type = static_cast<HandshakeType>(msg.msg_type);
  if (type == HandshakeType::server_key_exchange || type == HandshakeType::server_hello_done ||
      type == HandshakeType::client_key_exchange)
    tls12_messages_ = true;
  if (type == HandshakeType::client_hello) return on_client_hello(from, msg.body, meta, decrypted);
  if (type == HandshakeType::server_hello) return on_server_hello(from, msg.body, meta, decrypted);

  Event e = make_event(rule != nullptr ? rule->kind : EventKind::other_handshake, from, meta);
  e.length = static_cast<std::uint32_t>(msg.body.size());
  e.decrypted = decrypted;
  if (rule == nullptr) e.count = msg.msg_type;
  parsers::Anomaly why;
  std::uint16_t version = summary_.server_hello_seen ? summary_.server_hello.version : 0;
  bool tls13_layout = is_tls13_version(version);

  switch (type) {
    case HandshakeType::certificate: {
      parsers::CertificateMessage cert;
      if (!parsers::parse_certificate(msg.body, tls13_layout, cert, why)) {
        note_anomaly(why, meta, from);
        break;
      }
      CertificateChainFacts& chain =
          from == Side::server ? summary_.server_certificates : summary_.client_certificates;
      chain = CertificateChainFacts{};
      chain.present = true;
      chain.total = cert.total;
      chain.timestamp_us = meta.timestamp_us;
      chain.decrypted = decrypted;
      for (std::size_t i = 0; i < cert.count && i < kMaxKeptCertificates; ++i)
        chain.der.emplace_back(cert.certificates[i].begin(), cert.certificates[i].end());
      e.count = static_cast<std::uint32_t>(cert.total);
      break;
    }
    case HandshakeType::server_key_exchange: {
      parsers::ServerKeyExchange ske;
      parsers::KeyExchangeKind kind = parsers::cipher_suite_info(summary_.server_hello.cipher_suite).key_exchange;
      if (parsers::parse_server_key_exchange(msg.body, kind, version, ske, why)) {
        summary_.key_exchange.present = true;
        summary_.key_exchange.named_group = ske.named_group;
        summary_.key_exchange.dh_prime_bits = ske.dh_prime_bits;
      } else if (why.kind != parsers::AnomalyKind::unsupported) {
        note_anomaly(why, meta, from);
      }
      break;
    }
    case HandshakeType::certificate_request: {
      parsers::CertificateRequest request;
      if (!parsers::parse_certificate_request(msg.body, version, request, why)) {
        note_anomaly(why, meta, from);
        break;
      }
      summary_.certificate_request = CertificateRequestFacts{};
      summary_.certificate_request.present = true;
      parsers::for_each_distinguished_name(request.certificate_authorities, [&](Bytes name) {
        ++summary_.certificate_request.authority_count;
        if (summary_.certificate_request.authorities.size() < kMaxAuthorities)
          summary_.certificate_request.authorities.emplace_back(name.begin(), name.end());
      });
      e.count = static_cast<std::uint32_t>(summary_.certificate_request.authority_count);
      break;
    }
    case HandshakeType::encrypted_extensions: {
      parsers::EncryptedExtensions ee;
      if (parsers::parse_encrypted_extensions(msg.body, ee, why)) {
        if (ee.has_alpn) {
          summary_.server_hello.has_alpn = true;
          summary_.server_hello.alpn = std::string(ee.alpn);
        }
        summary_.server_hello.sni_acknowledged |= ee.has_server_name_ack;
      } else {
        note_anomaly(why, meta, from);
      }
      break;
    }
    case HandshakeType::key_update:
      if (decrypted && decryption_) decryption_->key_update(from);
      break;
    case HandshakeType::finished: {
      DirectionProgress& p = progress_of(from);
      p.finished = true;
      if (decrypted && decryption_) decryption_->switch_to_application(from);
      if (progress_[0].finished && progress_[1].finished) mark_complete(meta);
      break;
    }
    default:
      break;
  }
  add_event(e);
}

void HandshakeTracker::on_client_hello(Side from, Bytes body, const SegmentMeta& meta, bool decrypted) {
  parsers::ClientHello hello;
  parsers::Anomaly why;
  Event e = make_event(EventKind::client_hello, from, meta);
  e.length = static_cast<std::uint32_t>(body.size());
  e.decrypted = decrypted;
  // A hello with a malformed extension still carries what was decoded before
  // it (version, random, suites): keep that as evidence.
  if (!parsers::parse_client_hello(body, hello, why)) note_anomaly(why, meta, from);
  e.version = parsers::highest_offered_version(hello);
  if (!add_client_hello_event(e)) return;

  ClientHelloFacts f;
  f.legacy_version = hello.legacy_version;
  f.highest_version = e.version;
  f.versions = without_grease(hello.supported_versions);
  f.cipher_suites = without_grease(hello.cipher_suites);
  f.groups = without_grease(hello.supported_groups);
  f.signature_algorithms = without_grease(hello.signature_algorithms);
  parsers::for_each_key_share(hello.key_shares, [&](std::uint16_t group, std::size_t) {
    if (!parsers::is_grease(group)) f.key_share_groups.push_back(group);
  });
  parsers::for_each_alpn(hello.alpn_protocols, [&](std::string_view name) {
    if (f.alpn.size() < 16)
      f.alpn.push_back(printable_preview(parsers::Bytes(reinterpret_cast<const std::uint8_t*>(name.data()), name.size()), 64));
  });
  f.has_sni = hello.has_server_name;
  f.sni = printable_preview(parsers::Bytes(reinterpret_cast<const std::uint8_t*>(hello.server_name.data()), hello.server_name.size()), 255);
  f.random.assign(hello.random.begin(), hello.random.end());
  f.session_ticket = hello.has_session_ticket;
  f.pre_shared_key = hello.has_pre_shared_key;
  f.early_data = hello.has_early_data;
  f.ech = hello.has_ech;
  f.fallback_scsv = hello.cipher_suites.contains(parsers::kFallbackScsv);
  f.resumption_attempt = hello.has_pre_shared_key || !hello.session_id.empty();
  f.length = static_cast<std::uint32_t>(body.size());
  summary_.client_hellos.push_back(std::move(f));
}

bool HandshakeTracker::add_client_hello_event(Event& e) {
  bool keep = summary_.client_hellos.size() < kMaxClientHellos;
  // count links the event to its facts (1-based); 0: not kept (hostile repeats).
  if (keep) e.count = static_cast<std::uint32_t>(summary_.client_hellos.size() + 1);
  add_event(e);
  return keep;
}

void HandshakeTracker::on_sslv2_client_hello(std::size_t direction, const parsers::SslV2ClientHello& hello,
                                             std::size_t length, const SegmentMeta& meta) {
  saw_tls_ = true;
  saw_handshake_ = true;
  if (!log_.roles_known()) log_.set_client_direction(direction);
  Side from = side_of(direction);
  ++progress_of(from).tls_records;
  Event e = make_event(EventKind::client_hello, from, meta);
  e.version = hello.version;
  e.length = static_cast<std::uint32_t>(length);
  if (!add_client_hello_event(e)) return;
  ClientHelloFacts f;
  f.sslv2_format = true;
  f.legacy_version = hello.version;
  f.highest_version = hello.version;
  // V2CipherSpecs whose first byte is 0 are TLS cipher suites (RFC 5246 E.2).
  for (std::size_t i = 0; i + 3 <= hello.cipher_specs.size(); i += 3)
    if (hello.cipher_specs[i] == 0)
      f.cipher_suites.push_back(static_cast<std::uint16_t>((hello.cipher_specs[i + 1] << 8) | hello.cipher_specs[i + 2]));
  f.fallback_scsv = std::find(f.cipher_suites.begin(), f.cipher_suites.end(), parsers::kFallbackScsv) != f.cipher_suites.end();
  // The challenge is the client random, right-aligned in 32 bytes.
  f.random.assign(32, 0);
  std::size_t n = std::min<std::size_t>(hello.challenge.size(), 32);
  std::copy(hello.challenge.end() - static_cast<std::ptrdiff_t>(n), hello.challenge.end(), f.random.end() - static_cast<std::ptrdiff_t>(n));
  f.length = static_cast<std::uint32_t>(length);
  summary_.client_hellos.push_back(std::move(f));
}

void HandshakeTracker::on_sslv2_record(std::size_t direction, const parsers::SslV2Record& record,
                                       const SegmentMeta& meta) {
  // SSL 2.0 (draft-hickman-netscape-ssl-00): SERVER-HELLO and CLIENT-MASTER-KEY
  // travel in clear; everything after the master key is encrypted.
  saw_tls_ = true;
  Side from = side_of(direction);
  DirectionProgress& p = progress_of(from);
  ++p.tls_records;
  auto length = static_cast<std::uint32_t>(record.body.size());
  bool master_key_sent = progress_of(Side::client).encrypting;
  if (!master_key_sent && from == Side::server && record.msg_type == parsers::kSslV2ServerHello &&
      !summary_.server_hello_seen) {
    saw_handshake_ = true;
    summary_.server_hello_seen = true;
    summary_.server_hello.version = 0x0002;
    summary_.server_hello.legacy_version = 0x0002;
    // SERVER-HELLO: type, session-id-hit, certificate type, version(2),
    // certificate length(2), cipher-specs length(2), connection-id length(2), certificate...
    parsers::ByteReader r(record.body);
    std::uint8_t type = 0, hit = 0, cert_type = 0;
    std::uint16_t version = 0, cert_len = 0, specs_len = 0, id_len = 0;
    parsers::Bytes cert;
    if (r.read_u8(type) && r.read_u8(hit) && r.read_u8(cert_type) && r.read_u16(version) && r.read_u16(cert_len) &&
        r.read_u16(specs_len) && r.read_u16(id_len) && cert_len > 0 && r.read_bytes(cert_len, cert)) {
      summary_.server_certificates = CertificateChainFacts{};
      summary_.server_certificates.present = true;
      summary_.server_certificates.total = 1;
      summary_.server_certificates.timestamp_us = meta.timestamp_us;
      summary_.server_certificates.der.emplace_back(cert.begin(), cert.end());
    }
    Event e = make_event(EventKind::server_hello, from, meta);
    e.version = 0x0002;
    e.length = length;
    add_event(e);
    return;
  }
  if (!master_key_sent && from == Side::client && record.msg_type == 2) {  // CLIENT-MASTER-KEY
    p.encrypting = true;
    Event e = make_event(EventKind::client_key_exchange, from, meta);
    e.length = length;
    add_event(e);
    return;
  }
  if (!p.encrypting && record.msg_type == 0 && record.body.size() >= 3) {
    // ERROR in clear; its codes map onto the TLS alerts that replaced them.
    std::uint16_t code = static_cast<std::uint16_t>((record.body[1] << 8) | record.body[2]);
    Event e = make_event(EventKind::alert, from, meta);
    e.alert_level = parsers::AlertLevel::fatal;
    e.alert_code = sslv2_error_as_alert(code);
    e.length = length;
    add_event(e);
    fatal_alert_ = true;
    return;
  }
  p.encrypting = true;
  if (!complete_) {
    ++p.encrypted_handshake_records;
    add_encrypted_event(EventKind::encrypted_handshake, from, length, meta);
    // SERVER-VERIFY, CLIENT-FINISHED and SERVER-FINISHED are encrypted: once
    // both sides sent some after the master key, the handshake is done.
    if (progress_of(Side::client).encrypted_handshake_records > 0 &&
        progress_of(Side::server).encrypted_handshake_records > 1) {
      progress_[0].finished = progress_[1].finished = true;
      mark_complete(meta);
    }
    return;
  }
  count_application_record(from, length, meta, false);
}

void HandshakeTracker::on_server_hello(Side from, Bytes body, const SegmentMeta& meta, bool decrypted) {
  parsers::ServerHello hello;
  parsers::Anomaly why;
  if (!parsers::parse_server_hello(body, hello, why)) {
    note_anomaly(why, meta, from);
    Event e = make_event(EventKind::server_hello, from, meta);
    e.length = static_cast<std::uint32_t>(body.size());
    add_event(e);
    return;
  }
  Event e = make_event(hello.is_hello_retry_request ? EventKind::hello_retry_request : EventKind::server_hello, from, meta);
  e.version = parsers::negotiated_version(hello);
  e.cipher_suite = hello.cipher_suite;
  e.length = static_cast<std::uint32_t>(body.size());
  e.decrypted = decrypted;
  add_event(e);
  if (hello.is_hello_retry_request) {
    summary_.hello_retry_request = true;
    summary_.hrr_group = hello.key_share_group;
    return;
  }
  ServerHelloFacts& s = summary_.server_hello;
  s.legacy_version = hello.legacy_version;
  s.version = e.version;
  s.cipher_suite = hello.cipher_suite;
  s.key_share_group = hello.key_share_group;
  s.has_alpn = hello.has_alpn;
  s.alpn = std::string(hello.alpn);
  s.sni_acknowledged = hello.has_server_name_ack;
  summary_.server_hello_seen = true;
  if (is_tls13_version(s.version)) {
    s.resumed = hello.has_pre_shared_key;
  } else if (!summary_.client_hellos.empty()) {
    // TLS <= 1.2 resumption: the server echoes the client's session id
    // (RFC 5246 7.4.1.3); a ticket resumption is confirmed later by the
    // absence of a Certificate, so diagnosis also looks at the events.
    s.resumed = !hello.session_id.empty() && summary_.client_hellos.back().resumption_attempt;
  }
  if (keylog_ != nullptr && is_tls13_version(s.version) && !summary_.client_hellos.empty())
    decryption_ = Tls13Decryption::create(*keylog_, Bytes(summary_.client_hellos.back().random), s.cipher_suite);
}

void HandshakeTracker::on_plaintext(std::size_t direction, Bytes data, std::uint64_t stream_offset,
                                    const SegmentMeta& meta) {
  Side from = side_of(direction);
  DirectionProgress& p = progress_of(from);
  bool reply_to_hello = from == Side::server && !summary_.client_hellos.empty() && !summary_.server_hello_seen;
  if (p.plaintext_seen && !reply_to_hello) return;
  if (reply_to_hello && !summary_.non_tls_preview.empty() && p.plaintext_seen) return;
  p.plaintext_seen = true;
  Event e = make_event(EventKind::non_tls_data, from, meta);
  e.length = static_cast<std::uint32_t>(data.size());
  e.count = static_cast<std::uint32_t>(std::min<std::uint64_t>(stream_offset, UINT32_MAX));
  add_event(e);
  std::string& preview = from == Side::server ? summary_.non_tls_preview : summary_.client_plaintext_preview;
  preview = printable_preview(data);
}

void HandshakeTracker::on_malformed(std::size_t direction, Bytes at, const SegmentMeta& meta) {
  Side from = side_of(direction);
  if (anomalies_.size() < kMaxAnomalies)
    anomalies_.push_back(fmt::format("bytes that are no TLS record ({}) in packet {} from the {}",
                                     printable_preview(at.first(std::min<std::size_t>(at.size(), 8))),
                                     meta.packet_number, side_name(from)));
  Event e = make_event(EventKind::malformed_tls, from, meta);
  e.length = static_cast<std::uint32_t>(at.size());
  add_event(e);
}

void HandshakeTracker::on_gap(std::size_t direction, std::uint32_t bytes, const SegmentMeta& meta) {
  Side from = side_of(direction);
  progress_of(from).gap_seen = true;
  plaintext_assembler_[direction].reset();
  decrypted_assembler_[direction].reset();
  Event e = make_event(EventKind::stream_gap, from, meta);
  e.length = bytes;
  add_event(e);
}

}  // namespace tlsanalyze::analyzer
