// TLS record framing (RFC 8446 5.1, RFC 5246 6.2.1), the SSLv2-format
// ClientHello (RFC 5246 Appendix E.2, RFC 6101 Appendix E) and Alert decoding.
//
// Framers judge the bytes as early as they can: a stream whose first byte is
// already impossible is malformed at once, so a caller feeding a growing
// buffer never waits for a record that cannot exist, and a valid stream says
// need_more for every proper prefix and complete for the whole unit.
#include "parsers/tls_record.h"

namespace tlsanalyze::parsers {
namespace {

constexpr std::uint8_t kFirstContentType = static_cast<std::uint8_t>(ContentType::change_cipher_spec);
constexpr std::uint8_t kLastContentType = static_cast<std::uint8_t>(ContentType::heartbeat);

// plausible_record_version is true for the record-layer legacy_version of SSL
// 3.0 .. TLS 1.3: major 3, minor 0..4. TLS 1.3 freezes it at 0x0303 (RFC 8446
// 5.1), and 0x0300/0x0301 appear on initial ClientHello records.
constexpr bool plausible_record_version(std::uint8_t major, std::uint8_t minor) {
  return major == 3 && minor <= 4;
}

// SSLv2 CLIENT-HELLO (RFC 6101 Appendix E.1, RFC 5246 E.2): after the 2-byte
// record header come msg_type(1) version(2) cipher_spec_length(2)
// session_id_length(2) challenge_length(2).
constexpr std::size_t kSslV2HeaderSize = 2;
constexpr std::size_t kSslV2FixedSize = 9;
constexpr std::uint8_t kSslV2ClientHello = 1;
constexpr std::size_t kSslV2MinChallenge = 16;
constexpr std::size_t kSslV2MaxChallenge = 32;
constexpr std::size_t kSslV2SessionIdSize = 16;
constexpr std::size_t kSslV2CipherSpecSize = 3;

// plausible_sslv2_version: the highest version a client offers in an
// SSLv2-format hello is SSL 2.0 (0x0002) or SSL 3.0 .. TLS 1.3 (E.2).
constexpr bool plausible_sslv2_version(std::uint8_t major, std::uint8_t minor) {
  return (major == 0 && minor == 2) || plausible_record_version(major, minor);
}

constexpr FrameResult need_more() { return {FrameStatus::need_more, 0}; }
constexpr FrameResult malformed() { return {FrameStatus::malformed, 0}; }

}  // namespace

// Zero-length records are returned as complete with an empty fragment whatever
// their type. RFC 8446 5.1 forbids zero-length handshake and alert fragments
// and RFC 5246 6.2.1 allows zero-length application_data; either way the
// record boundary is unambiguous, so framing goes on and the caller decides
// whether an empty handshake or alert record is an anomaly worth reporting.
FrameResult frame_record(Bytes stream, TlsRecord& out) {
  // struct { ContentType type; ProtocolVersion legacy_record_version;
  //          uint16 length; opaque fragment[length]; } TLSPlaintext;
  if (stream.empty()) return need_more();
  const std::uint8_t type = stream[0];
  if (type < kFirstContentType || type > kLastContentType) return malformed();
  if (stream.size() >= 2 && stream[1] != 3) return malformed();
  if (stream.size() >= 3 && !plausible_record_version(stream[1], stream[2])) return malformed();
  if (stream.size() < kRecordHeaderSize) return need_more();

  ByteReader r(stream);
  std::uint8_t content_type = 0;
  std::uint16_t version = 0;
  std::uint16_t length = 0;
  if (!r.read_u8(content_type) || !r.read_u16(version) || !r.read_u16(length)) return need_more();
  if (length > kMaxRecordLength) return malformed();
  Bytes fragment;
  if (!r.read_bytes(length, fragment)) return need_more();

  out.content_type = content_type;
  out.legacy_version = version;
  out.fragment = fragment;
  return {FrameStatus::complete, kRecordHeaderSize + length};
}

// Only the 2-byte header form (top bit set, no padding) is accepted: RFC 5246
// E.2 requires it for a compatible ClientHello ("The highest bit MUST be 1"),
// no client pads a hello, and the 3-byte form's first byte (0x00..0x7f) would
// collide with TLS content types and with text protocols.
FrameResult frame_sslv2_client_hello(Bytes stream, SslV2ClientHello& out, Anomaly& why) {
  if (stream.empty()) return need_more();
  if ((stream[0] & 0x80) == 0) {
    why.set(AnomalyKind::bad_value, "SSLv2ClientHello.msg_length");
    return malformed();
  }
  if (stream.size() >= 3 && stream[2] != kSslV2ClientHello) {
    why.set(AnomalyKind::bad_value, "SSLv2ClientHello.msg_type");
    return malformed();
  }
  if (stream.size() >= 5 && !plausible_sslv2_version(stream[3], stream[4])) {
    why.set(AnomalyKind::bad_value, "SSLv2ClientHello.version");
    return malformed();
  }
  if (stream.size() < kSslV2HeaderSize + kSslV2FixedSize) return need_more();

  ByteReader r(stream);
  std::uint16_t header = 0;
  std::uint8_t msg_type = 0;
  std::uint16_t version = 0;
  std::uint16_t cipher_spec_length = 0;
  std::uint16_t session_id_length = 0;
  std::uint16_t challenge_length = 0;
  if (!r.read_u16(header) || !r.read_u8(msg_type) || !r.read_u16(version) ||
      !r.read_u16(cipher_spec_length) || !r.read_u16(session_id_length) || !r.read_u16(challenge_length))
    return need_more();
  const std::size_t msg_length = header & 0x7fff;

  // E.2: cipher_spec_length is a non-zero multiple of 3 (V2CipherSpec is 3
  // bytes); session_id_length is 0 or 16; challenge_length is 16..32.
  if (cipher_spec_length == 0 || cipher_spec_length % kSslV2CipherSpecSize != 0) {
    why.set(AnomalyKind::bad_length, "SSLv2ClientHello.cipher_spec_length");
    return malformed();
  }
  if (session_id_length != 0 && session_id_length != kSslV2SessionIdSize) {
    why.set(AnomalyKind::bad_length, "SSLv2ClientHello.session_id_length");
    return malformed();
  }
  if (challenge_length < kSslV2MinChallenge || challenge_length > kSslV2MaxChallenge) {
    why.set(AnomalyKind::bad_length, "SSLv2ClientHello.challenge_length");
    return malformed();
  }
  // The record holds exactly the hello: its length is the fixed part plus the
  // three vectors, no more, no less.
  if (msg_length !=
      kSslV2FixedSize + std::size_t{cipher_spec_length} + session_id_length + challenge_length) {
    why.set(AnomalyKind::bad_length, "SSLv2ClientHello.msg_length");
    return malformed();
  }

  Bytes cipher_specs;
  Bytes session_id;
  Bytes challenge;
  if (!r.read_bytes(cipher_spec_length, cipher_specs) || !r.read_bytes(session_id_length, session_id) ||
      !r.read_bytes(challenge_length, challenge))
    return need_more();

  out.version = version;
  out.cipher_specs = cipher_specs;
  out.session_id = session_id;
  out.challenge = challenge;
  return {FrameStatus::complete, kSslV2HeaderSize + msg_length};
}

bool parse_alert(Bytes fragment, AlertMessage& out, Anomaly& why) {
  // struct { AlertLevel level; AlertDescription description; } Alert;
  // Unknown level and description values are data, not errors.
  ByteReader r(fragment);
  std::uint8_t level = 0, description = 0;
  if (!r.read_u8(level) || !r.read_u8(description)) return why.set(AnomalyKind::bad_length, "Alert");
  out.level = static_cast<AlertLevel>(level);
  out.description = static_cast<AlertDescription>(description);
  if (!r.empty()) return why.set(AnomalyKind::bad_length, "Alert");
  return true;
}

bool looks_like_tls(Bytes stream_start) {
  if (stream_start.size() < 3) return false;
  const std::uint8_t b0 = stream_start[0];

  // A TLS record header: known content type, version 3.0..3.4, and (once
  // visible) a length no record may exceed.
  if (b0 >= kFirstContentType && b0 <= kLastContentType) {
    if (!plausible_record_version(stream_start[1], stream_start[2])) return false;
    if (stream_start.size() >= kRecordHeaderSize) {
      const std::size_t length = (std::size_t{stream_start[3]} << 8) | stream_start[4];
      if (length > kMaxRecordLength) return false;
    }
    return true;
  }

  // An SSLv2-format ClientHello: 2-byte header with the top bit set, a length
  // that can hold the smallest hello, msg_type 1, then a plausible version.
  if ((b0 & 0x80) != 0) {
    const std::size_t msg_length = (static_cast<std::size_t>(b0 & 0x7f) << 8) | stream_start[1];
    if (msg_length < kSslV2FixedSize + kSslV2CipherSpecSize + kSslV2MinChallenge) return false;
    if (stream_start[2] != kSslV2ClientHello) return false;
    if (stream_start.size() >= 5 && !plausible_sslv2_version(stream_start[3], stream_start[4])) return false;
    return true;
  }
  return false;
}

FrameResult frame_sslv2_record(Bytes stream, SslV2Record& out) {
  // SSL 2.0 record header (draft-hickman-netscape-ssl-00, "SSL Record Header").
  if (stream.size() < 2) return need_more();
  std::size_t header = 0;
  std::size_t length = 0;
  if (stream[0] & 0x80) {
    header = 2;
    length = (static_cast<std::size_t>(stream[0] & 0x7f) << 8) | stream[1];
  } else if ((stream[0] & 0x40) == 0) {
    if (stream.size() < 3) return need_more();
    header = 3;
    length = (static_cast<std::size_t>(stream[0] & 0x3f) << 8) | stream[1];
    if (stream[2] > length) return malformed();  // more padding than data
  } else {
    return malformed();  // 01xxxxxx: escape records, never used
  }
  if (length == 0) return malformed();
  if (stream.size() < header + length) return need_more();
  out.body = stream.subspan(header, length);
  out.msg_type = out.body[0];
  return {FrameStatus::complete, header + length};
}

}  // namespace tlsanalyze::parsers
