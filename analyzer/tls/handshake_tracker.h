// HandshakeTracker: follows one TLS handshake from the records of both
// directions and writes its event log and summary. It never judges: it records
// what was seen, in order, with the packet that proves it; diagnosis reads the
// result. Messages a side must not send (by the table in
// handshake_tracker.cc) become unexpected_message events, not branches.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/model/flow_facts.h"
#include "analyzer/model/flow_log.h"
#include "analyzer/tls/handshake_assembler.h"
#include "analyzer/model/handshake_summary.h"
#include "analyzer/tls/tls_framer.h"

namespace tlsanalyze::analyzer {

class KeyLog;
class Tls13Decryption;

// kMaxEncryptedAlertRecord: a TLS 1.3 record this short (2-byte alert + 1-byte
// inner type + 16-byte AEAD tag = 19, plus a little padding) cannot be a
// Finished (at least 4 + 32 + 1 + 16 = 53 bytes), so before the handshake is
// complete it is an encrypted alert (RFC 8446 5.2, 6).
inline constexpr std::uint32_t kMinEncryptedAlertRecord = 19;
inline constexpr std::uint32_t kMaxEncryptedAlertRecord = 24;
// kEmptyCertificateRecord: an empty TLS 1.3 Certificate message (8 bytes)
// plus the inner content type and the 16-byte AEAD tag.
inline constexpr std::uint32_t kEmptyCertificateRecord = 25;
// kEndOfEarlyDataRecord: EndOfEarlyData (a 4-byte message) + 1 + 16.
inline constexpr std::uint32_t kEndOfEarlyDataRecord = 21;
// kMinClientCertificateRecord: a client's first encrypted record this large
// cannot be a Finished (at most 4 + 48 + 1 + 16 = 69 bytes, plus padding): it
// carries a certificate.
inline constexpr std::uint32_t kMinClientCertificateRecord = 160;

// HandshakeTracker implements RecordHandler for both directions of a flow.
class HandshakeTracker : public RecordHandler {
 public:
  // HandshakeTracker writes its events to the flow's `log` (which also says
  // who is the client; a hello seen before any SYN decides it) and uses
  // `keylog` (may be null) to decrypt TLS 1.3 handshakes. `log` must outlive it.
  explicit HandshakeTracker(FlowLog& log, const KeyLog* keylog = nullptr);
  ~HandshakeTracker() override;

  void on_record(std::size_t direction, const parsers::TlsRecord& record, parsers::Bytes header,
                 const SegmentMeta& meta) override;
  void on_sslv2_client_hello(std::size_t direction, const parsers::SslV2ClientHello& hello, std::size_t length,
                             const SegmentMeta& meta) override;
  void on_sslv2_record(std::size_t direction, const parsers::SslV2Record& record, const SegmentMeta& meta) override;
  void on_plaintext(std::size_t direction, parsers::Bytes data, std::uint64_t stream_offset,
                    const SegmentMeta& meta) override;
  void on_malformed(std::size_t direction, parsers::Bytes at, const SegmentMeta& meta) override;
  void on_gap(std::size_t direction, std::uint32_t bytes, const SegmentMeta& meta) override;

  // summary holds the copied facts.
  const HandshakeSummary& summary() const { return summary_; }
  // progress of one side.
  const DirectionProgress& progress(Side s) const { return progress_[log_.direction_of(s)]; }

  // saw_tls is true once any TLS record or SSLv2 hello was seen.
  bool saw_tls() const { return saw_tls_; }
  // saw_handshake is true once a handshake message (or the encrypted handshake of a midstream flow) was seen.
  bool saw_handshake() const { return saw_handshake_; }
  // tls13 is true when the ServerHello chose TLS 1.3 (or a draft).
  bool tls13() const;
  // handshake_complete is true once both Finished messages are seen or inferred.
  bool handshake_complete() const { return complete_; }
  // fatal_alert_seen is true after a plaintext or decrypted fatal alert, or a
  // probable encrypted alert before completion.
  bool fatal_alert_seen() const { return fatal_alert_; }
  // completion_packet is the packet that completed the handshake.
  std::uint64_t completion_packet() const { return completion_packet_; }
  // anomalies lists parse problems ("ClientHello.cipher_suites: bad_length").
  const std::vector<std::string>& anomalies() const { return anomalies_; }

 private:
  DirectionProgress& progress_of(Side s) { return progress_[log_.direction_of(s)]; }
  Side side_of(std::size_t direction) const { return log_.side_of(direction); }
  void add_event(const Event& event) { log_.add(event); }
  Event make_event(EventKind kind, Side from, const SegmentMeta& meta) const;
  void decide_roles(std::size_t direction, std::uint8_t first_handshake_type);
  void on_handshake_message(Side from, const parsers::HandshakeMessage& msg, const SegmentMeta& meta,
                            bool decrypted);
  // add_client_hello_event logs a ClientHello; false when its facts are not
  // kept (more hellos than kMaxClientHellos).
  bool add_client_hello_event(Event& e);
  void on_client_hello(Side from, parsers::Bytes body, const SegmentMeta& meta, bool decrypted);
  void on_server_hello(Side from, parsers::Bytes body, const SegmentMeta& meta, bool decrypted);
  void on_application_data(std::size_t direction, const parsers::TlsRecord& record, parsers::Bytes header,
                           const SegmentMeta& meta);
  void on_alert(Side from, parsers::Bytes fragment, const SegmentMeta& meta, bool decrypted);
  // add_encrypted_event logs an event for an encrypted record of `length`
  // bytes (`count` as for Event::count).
  void add_encrypted_event(EventKind kind, Side from, std::uint32_t length, const SegmentMeta& meta,
                           std::uint32_t count = 0);
  // infer_client_certificates records a client Certificate seen only as an
  // encrypted record's size (TLS 1.3 without keys): `total` 0 (empty) or 1+.
  void infer_client_certificates(std::size_t total, std::uint32_t length, const SegmentMeta& meta);
  // count_application_record counts one application-data record of `from`
  // and logs the first few as events.
  void count_application_record(Side from, std::uint32_t record_length, const SegmentMeta& meta, bool decrypted);
  void feed_handshake(std::size_t direction, HandshakeAssembler& assembler, parsers::Bytes fragment,
                      const SegmentMeta& meta, bool decrypted);
  void note_anomaly(const parsers::Anomaly& why, const SegmentMeta& meta, Side from);
  void mark_complete(const SegmentMeta& meta);

  FlowLog& log_;
  const KeyLog* keylog_;
  std::unique_ptr<Tls13Decryption> decryption_;
  HandshakeSummary summary_;
  std::array<DirectionProgress, 2> progress_{};  // by direction index
  std::array<HandshakeAssembler, 2> plaintext_assembler_{};  // by direction index
  std::array<HandshakeAssembler, 2> decrypted_assembler_{};
  std::vector<std::string> anomalies_;
  bool saw_tls_ = false;
  bool saw_handshake_ = false;
  bool complete_ = false;
  bool tls12_messages_ = false;  // saw a message only TLS <= 1.2 has (ServerKeyExchange, ServerHelloDone, ClientKeyExchange)
  bool fatal_alert_ = false;
  std::uint64_t completion_packet_ = 0;
};

}  // namespace tlsanalyze::analyzer
