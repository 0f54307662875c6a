// TLS handshake messages (RFC 8446 4, RFC 5246 7.4): framing of the 4-byte
// handshake header on a reassembled handshake stream, and decoders for the
// message bodies the analyzer reasons about. Every struct holds views into the
// message body and lives until the caller's buffer changes; the analyzer copies
// what it keeps into its per-handshake summary.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/anomaly.h"
#include "parsers/byte_reader.h"
#include "parsers/tls_record.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::parsers {

// HandshakeType values (IANA "TLS HandshakeType").
enum class HandshakeType : std::uint8_t {
  hello_request = 0,
  client_hello = 1,
  server_hello = 2,
  hello_verify_request = 3,
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  server_key_exchange = 12,
  certificate_request = 13,
  server_hello_done = 14,
  certificate_verify = 15,
  client_key_exchange = 16,
  finished = 20,
  certificate_url = 21,
  certificate_status = 22,
  supplemental_data = 23,
  key_update = 24,
  compressed_certificate = 25,
  message_hash = 254,
};

inline constexpr std::size_t kHandshakeHeaderSize = 4;

// HandshakeMessage is one framed handshake message; `body` views the stream.
struct HandshakeMessage {
  std::uint8_t msg_type = 0;
  Bytes body;
};

// frame_handshake looks for a handshake message at the start of a reassembled
// handshake byte stream (the concatenated fragments of handshake records).
// complete: length = 4 + body length. malformed: the 24-bit length exceeds
// `max_length` (the caller's buffer cap), so the message can never complete.
FrameResult frame_handshake(Bytes stream, std::size_t max_length, HandshakeMessage& out);

// ClientHello (RFC 8446 4.1.2) with the extensions the analyzer uses decoded.
// Absent extensions leave their view empty and their flag false.
struct ClientHello {
  std::uint16_t legacy_version = 0;
  Bytes random;               // 32 bytes
  Bytes session_id;
  U16List cipher_suites;
  Bytes compression_methods;
  Bytes extensions;           // the raw extensions block (may be empty)
  std::uint16_t extension_count = 0;

  std::string_view server_name;  // first host_name of server_name (RFC 6066 3)
  bool has_server_name = false;
  U16List supported_versions;    // RFC 8446 4.2.1, GREASE included as sent
  bool has_supported_versions = false;
  Bytes alpn_protocols;          // ProtocolNameList body: u8-prefixed names (RFC 7301)
  bool has_alpn = false;
  U16List supported_groups;      // RFC 8446 4.2.7
  U16List signature_algorithms;  // RFC 8446 4.2.3
  Bytes key_shares;              // KeyShareClientHello.client_shares body (RFC 8446 4.2.8)
  bool has_key_share = false;
  Bytes psk_key_exchange_modes;
  bool has_session_ticket = false;      // RFC 5077 extension (empty or with a ticket)
  bool has_pre_shared_key = false;      // RFC 8446 4.2.11
  bool has_early_data = false;          // RFC 8446 4.2.10
  bool has_ech = false;                 // encrypted_client_hello 0xfe0d
  bool has_renegotiation_info = false;  // RFC 5746
  bool has_extended_master_secret = false;
  bool has_status_request = false;
  bool has_padding = false;
};

// parse_client_hello decodes a ClientHello body (without the 4-byte header).
// False with `why` on truncation, odd vector lengths, duplicate extensions or
// bytes after the extensions. Unknown extensions and GREASE are skipped.
bool parse_client_hello(Bytes body, ClientHello& out, Anomaly& why);

// highest_offered_version is the highest non-GREASE version in
// supported_versions, else legacy_version (RFC 8446 4.2.1).
std::uint16_t highest_offered_version(const ClientHello& hello);

// for_each_alpn calls f(std::string_view) for each protocol name in a
// ProtocolNameList body; stops quietly at the first malformed entry.
template <typename F>
void for_each_alpn(Bytes protocol_name_list, F&& f) {
  ByteReader r(protocol_name_list);
  while (!r.empty()) {
    ByteReader name;
    if (!r.read_prefixed_u8(name)) return;
    f(as_string_view(name.rest()));
  }
}

// for_each_key_share calls f(std::uint16_t group, std::size_t key_length) for
// each KeyShareEntry; stops quietly at the first malformed entry.
template <typename F>
void for_each_key_share(Bytes client_shares, F&& f) {
  ByteReader r(client_shares);
  while (!r.empty()) {
    std::uint16_t group = 0;
    ByteReader key;
    if (!r.read_u16(group) || !r.read_prefixed_u16(key)) return;
    f(group, key.remaining());
  }
}

// ServerHello (RFC 8446 4.1.3), also used for HelloRetryRequest, which is a
// ServerHello whose random is the SHA-256 of "HelloRetryRequest".
struct ServerHello {
  std::uint16_t legacy_version = 0;
  Bytes random;
  Bytes session_id;
  std::uint16_t cipher_suite = 0;
  std::uint8_t compression_method = 0;
  Bytes extensions;
  bool is_hello_retry_request = false;
  std::uint16_t selected_version = 0;  // supported_versions, 0 if absent
  std::string_view alpn;               // selected protocol, empty if none
  bool has_alpn = false;
  std::uint16_t key_share_group = 0;   // server share's group, or HRR's selected_group
  bool has_pre_shared_key = false;     // TLS 1.3 PSK accepted (resumption)
  bool has_server_name_ack = false;    // empty server_name extension (RFC 6066)
  bool has_session_ticket = false;
  bool has_renegotiation_info = false;
  bool has_extended_master_secret = false;
};

// parse_server_hello decodes a ServerHello or HelloRetryRequest body.
bool parse_server_hello(Bytes body, ServerHello& out, Anomaly& why);

// negotiated_version is selected_version if present, else legacy_version.
std::uint16_t negotiated_version(const ServerHello& hello);

// kMaxChainCertificates caps how many certificates a Certificate message view
// keeps; `total` still counts all of them.
inline constexpr std::size_t kMaxChainCertificates = 16;

// CertificateMessage (RFC 5246 7.4.2 / RFC 8446 4.4.2): the DER certificates as
// views, leaf first.
struct CertificateMessage {
  Bytes request_context;  // TLS 1.3 only
  std::array<Bytes, kMaxChainCertificates> certificates{};
  std::size_t count = 0;  // views filled in `certificates`
  std::size_t total = 0;  // certificates in the message (may exceed count)
};

// parse_certificate decodes a Certificate body; `tls13` selects the TLS 1.3
// layout (request context and per-entry extensions). An empty list is valid
// (a client with no certificate).
bool parse_certificate(Bytes body, bool tls13, CertificateMessage& out, Anomaly& why);

// CertificateRequest (RFC 5246 7.4.4 / RFC 8446 4.3.2).
struct CertificateRequest {
  Bytes certificate_types;         // TLS <= 1.2
  U16List signature_algorithms;    // TLS 1.2 field or TLS 1.3 extension
  Bytes certificate_authorities;   // body of the DistinguishedName list: u16-prefixed DER names
  Bytes request_context;           // TLS 1.3
};

// parse_certificate_request decodes a CertificateRequest. `version` is the
// negotiated version: TLS 1.0/1.1 have no signature_algorithms field, TLS 1.3
// carries its fields as extensions.
bool parse_certificate_request(Bytes body, std::uint16_t version, CertificateRequest& out,
                               Anomaly& why);

// for_each_distinguished_name calls f(Bytes der_name) for each DER-encoded
// DistinguishedName in a certificate_authorities body.
template <typename F>
void for_each_distinguished_name(Bytes authorities, F&& f) {
  ByteReader r(authorities);
  while (!r.empty()) {
    ByteReader name;
    if (!r.read_prefixed_u16(name)) return;
    f(name.rest());
  }
}

// ServerKeyExchange (RFC 5246 7.4.3, RFC 8422 5.4) as far as diagnosis needs it.
struct ServerKeyExchange {
  KeyExchangeKind kind = KeyExchangeKind::unknown;
  std::uint16_t named_group = 0;  // ECDHE: the named curve
  std::size_t dh_prime_bits = 0;  // DHE: bit length of p (leading zero bits excluded)
  Bytes dh_p;                     // DHE: the prime
  std::size_t public_key_length = 0;
  std::uint16_t signature_scheme = 0;  // TLS 1.2 SignatureAndHashAlgorithm, 0 if absent
};

// parse_server_key_exchange decodes the parameters for `kind`; the signature
// is skipped. `version` decides whether a signature scheme precedes it.
bool parse_server_key_exchange(Bytes body, KeyExchangeKind kind, std::uint16_t version,
                               ServerKeyExchange& out, Anomaly& why);

// NewSessionTicket (RFC 5077 3.3 and RFC 8446 4.6.1): just the lifetime.
struct NewSessionTicket {
  std::uint32_t lifetime_hint = 0;
  std::size_t ticket_length = 0;
};

// parse_new_session_ticket decodes either layout (`tls13` selects RFC 8446).
bool parse_new_session_ticket(Bytes body, bool tls13, NewSessionTicket& out, Anomaly& why);

// EncryptedExtensions (RFC 8446 4.3.1), seen only when the handshake is decrypted.
struct EncryptedExtensions {
  std::string_view alpn;  // selected protocol, empty if none
  bool has_alpn = false;
  bool has_server_name_ack = false;
  bool has_early_data = false;
};

// parse_encrypted_extensions decodes an EncryptedExtensions body.
bool parse_encrypted_extensions(Bytes body, EncryptedExtensions& out, Anomaly& why);

}  // namespace tlsanalyze::parsers
