// Events: what the handshake tracker saw, in order, with the packet that proves
// it. The event log of a flow is the evidence every verdict rests on, and the
// only input of diagnosis (which never reads bytes).
#pragma once

#include <cstdint>
#include <string_view>

#include "parsers/tls_registry.h"

namespace tlsanalyze::analyzer {

// Side names the two TCP endpoints by role. The client is whoever sent the SYN
// (or, without a SYN in the capture, the ClientHello).
enum class Side : std::uint8_t { client, server };

// other returns the opposite side.
constexpr Side other(Side s) { return s == Side::client ? Side::server : Side::client; }

// side_name returns "client" or "server".
constexpr std::string_view side_name(Side s) { return s == Side::client ? "client" : "server"; }

// TLSANALYZE_EVENT_KINDS is the single list of event kinds; the enum and the
// stable names used in JSON come from it.
#define TLSANALYZE_EVENT_KINDS(X)                                                  \
  X(syn, "SYN")                                                                    \
  X(syn_ack, "SYN/ACK")                                                            \
  X(fin, "FIN")                                                                    \
  X(rst, "RST")                                                                    \
  X(icmp_unreachable, "ICMP unreachable")                                          \
  X(client_hello, "ClientHello")                                                   \
  X(server_hello, "ServerHello")                                                   \
  X(hello_retry_request, "HelloRetryRequest")                                      \
  X(encrypted_extensions, "EncryptedExtensions")                                   \
  X(certificate, "Certificate")                                                    \
  X(certificate_status, "CertificateStatus")                                       \
  X(server_key_exchange, "ServerKeyExchange")                                      \
  X(certificate_request, "CertificateRequest")                                     \
  X(server_hello_done, "ServerHelloDone")                                          \
  X(client_key_exchange, "ClientKeyExchange")                                      \
  X(certificate_verify, "CertificateVerify")                                       \
  X(finished, "Finished")                                                          \
  X(new_session_ticket, "NewSessionTicket")                                        \
  X(key_update, "KeyUpdate")                                                       \
  X(other_handshake, "handshake message")                                          \
  X(oversized_handshake, "handshake message too large to inspect")                 \
  X(change_cipher_spec, "ChangeCipherSpec")                                        \
  X(encrypted_handshake, "encrypted handshake record")                             \
  X(application_data, "application data")                                          \
  X(alert, "Alert")                                                                \
  X(encrypted_alert, "encrypted alert")                                            \
  X(heartbeat, "Heartbeat")                                                        \
  X(non_tls_data, "non-TLS data")                                                  \
  X(malformed_tls, "malformed TLS")                                                \
  X(unexpected_message, "unexpected message")                                      \
  X(stream_gap, "bytes missing from capture")                                      \
  X(retransmission, "retransmission")                                              \
  X(capture_end, "end of capture")                                                 \
  X(idle_timeout, "idle timeout")

// EventKind enumerates everything the tracker records.
enum class EventKind : std::uint8_t {
#define TLSANALYZE_EVENT_ENUM(id, label) id,
  TLSANALYZE_EVENT_KINDS(TLSANALYZE_EVENT_ENUM)
#undef TLSANALYZE_EVENT_ENUM
};

// event_kind_id returns the stable snake_case identifier ("client_hello").
constexpr std::string_view event_kind_id(EventKind k) {
  switch (k) {
#define TLSANALYZE_EVENT_ID(id, label) \
  case EventKind::id:                  \
    return #id;
    TLSANALYZE_EVENT_KINDS(TLSANALYZE_EVENT_ID)
#undef TLSANALYZE_EVENT_ID
  }
  return "unknown";
}

// event_kind_label returns the human label ("ClientHello", "RST").
constexpr std::string_view event_kind_label(EventKind k) {
  switch (k) {
#define TLSANALYZE_EVENT_LABEL(id, label) \
  case EventKind::id:                     \
    return label;
    TLSANALYZE_EVENT_KINDS(TLSANALYZE_EVENT_LABEL)
#undef TLSANALYZE_EVENT_LABEL
  }
  return "unknown";
}

// Event is one entry of a flow's timeline. Fields beyond the common four are
// meaningful only for some kinds, as noted; the rest stay zero.
struct Event {
  std::int64_t timestamp_us = 0;   // packet time, microseconds since the epoch
  std::uint64_t packet_number = 0; // 1-based packet number in the capture (evidence)
  Side from = Side::client;
  EventKind kind = EventKind::syn;
  bool encrypted = false;          // seen as ciphertext on the wire
  bool decrypted = false;          // made visible by --keylog
  parsers::AlertLevel alert_level{};       // alert: warning or fatal (any byte as sent)
  parsers::AlertDescription alert_code{};  // alert: its description (any byte as sent)
  std::uint8_t icmp_type = 0;              // icmp_unreachable: ICMP type and code
  std::uint8_t icmp_code = 0;
  std::uint16_t version = 0;       // client_hello: highest offered; server_hello: negotiated
  std::uint16_t cipher_suite = 0;  // server_hello: chosen suite
  std::uint32_t length = 0;        // record or message length; gap/retransmission: bytes
  std::uint32_t count = 0;         // certificate: number of certificates; retransmission: how many
};

}  // namespace tlsanalyze::analyzer
