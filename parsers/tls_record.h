// TLS record layer framing (RFC 8446 5.1, RFC 5246 6.2) and the SSLv2-compatible
// ClientHello (RFC 5246 Appendix E.2). Works on a growing byte stream: the
// framer looks at the start of the stream and says whether a whole record is
// there, without copying.
#pragma once

#include <cstddef>
#include <cstdint>

#include "parsers/anomaly.h"
#include "parsers/byte_reader.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::parsers {

// ContentType values of TLSPlaintext.type (RFC 8446 5.1, RFC 6520 heartbeat).
enum class ContentType : std::uint8_t {
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
  heartbeat = 24,
};

inline constexpr std::size_t kRecordHeaderSize = 5;
// kMaxRecordLength is the largest TLSCiphertext fragment any version allows
// (2^14 + 2048, RFC 5246 6.2.3). Longer is malformed.
inline constexpr std::size_t kMaxRecordLength = 16384 + 2048;

// FrameStatus is what a framer says about the start of a stream.
enum class FrameStatus : std::uint8_t {
  complete,   // a whole unit is at the start; FrameResult::length is its size
  need_more,  // a valid prefix; wait for more bytes
  malformed,  // these bytes cannot start a unit of this kind
};

// FrameResult pairs a FrameStatus with the unit's total size in bytes
// (header included) when complete.
struct FrameResult {
  FrameStatus status = FrameStatus::need_more;
  std::size_t length = 0;
};

// TlsRecord is one record framed from a stream. `fragment` views the stream
// buffer and lives until the caller changes that buffer.
struct TlsRecord {
  std::uint8_t content_type = 0;
  std::uint16_t legacy_version = 0;
  Bytes fragment;
};

// frame_record looks for a TLS record at the start of `stream`. complete:
// `out` is filled and length is 5 + fragment length. malformed: the first bytes
// are not a record header of SSL 3.0..TLS 1.3 (unknown content type, major
// version not 3, or length over kMaxRecordLength). need_more otherwise.
FrameResult frame_record(Bytes stream, TlsRecord& out);

// SslV2ClientHello is the SSLv2-format ClientHello that old clients send to
// reach SSL 3.0+ servers (RFC 5246 E.2). Views point into the stream.
struct SslV2ClientHello {
  std::uint16_t version = 0;  // highest version offered, e.g. 0x0301
  Bytes cipher_specs;         // 3-byte V2CipherSpec entries
  Bytes session_id;
  Bytes challenge;
};

// frame_sslv2_client_hello looks for an SSLv2-format ClientHello at the start of
// `stream` (2-byte length with the top bit set, msg_type 1). complete: `out` is
// parsed and length is the whole message size. malformed: not such a hello, or
// its inner lengths do not add up (`why` says which).
FrameResult frame_sslv2_client_hello(Bytes stream, SslV2ClientHello& out, Anomaly& why);

// SslV2Record is one record of the SSL 2.0 record layer, which a server that
// answers an SSLv2-format hello in SSL 2.0 keeps using. `body` views the
// stream; `msg_type` is its first byte (meaningful only before encryption
// starts: 0 ERROR, 2 CLIENT-MASTER-KEY, 4 SERVER-HELLO).
struct SslV2Record {
  std::uint8_t msg_type = 0;
  Bytes body;
};

// kSslV2ServerHello is the SSL 2.0 SERVER-HELLO message type.
inline constexpr std::uint8_t kSslV2ServerHello = 4;

// frame_sslv2_record frames an SSL 2.0 record: a 2-byte header (top bit set,
// 15-bit length) or a 3-byte header (top bits 00, 14-bit length, then a
// padding count). complete: length is the header plus the body.
FrameResult frame_sslv2_record(Bytes stream, SslV2Record& out);

// AlertMessage is a decoded Alert (RFC 8446 6).
struct AlertMessage {
  AlertLevel level{};              // warning or fatal (any byte as sent)
  AlertDescription description{};  // any byte as sent
};

// parse_alert decodes a 2-byte plaintext alert fragment. False (with `why`) if
// the fragment is not exactly 2 bytes: then it is most likely encrypted.
bool parse_alert(Bytes fragment, AlertMessage& out, Anomaly& why);

// looks_like_tls decides from the first bytes whether a stream carries TLS:
// a plausible record header or an SSLv2-format ClientHello. Used to recognise
// TLS by content on any port. Needs at least 3 bytes to say yes.
bool looks_like_tls(Bytes stream_start);

}  // namespace tlsanalyze::parsers
