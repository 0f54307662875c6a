// TlsFramer: one direction's reassembled byte stream in, TLS records out.
// It recognises TLS by content, not by port: the stream is TLS if it starts
// like a record (or an SSLv2-format ClientHello). A stream that starts in
// plaintext is watched for a later switch to TLS at a segment boundary, which is
// how STARTTLS (SMTP, IMAP, POP3, FTP, XMPP, LDAP) and PostgreSQL's SSLRequest
// look on the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/model/stream.h"
#include "parsers/tls_record.h"

namespace tlsanalyze::analyzer {

// RecordHandler receives what a TlsFramer finds. All views live only for the
// duration of the call.
class RecordHandler {
 public:
  virtual ~RecordHandler() = default;
  // on_record: one whole TLS record; `header` is its 5 header bytes (the AEAD
  // additional data for decryption).
  virtual void on_record(std::size_t direction, const parsers::TlsRecord& record, parsers::Bytes header,
                         const SegmentMeta& meta) = 0;
  // on_sslv2_client_hello: an SSLv2-format ClientHello of `length` bytes.
  virtual void on_sslv2_client_hello(std::size_t direction, const parsers::SslV2ClientHello& hello,
                                     std::size_t length, const SegmentMeta& meta) = 0;
  // on_sslv2_record: one SSL 2.0 record, after an SSLv2-format hello that the
  // server answered in SSL 2.0.
  virtual void on_sslv2_record(std::size_t direction, const parsers::SslV2Record& record, const SegmentMeta& meta) = 0;
  // on_plaintext: bytes that are not TLS, at the start of the stream or while
  // waiting for a STARTTLS switch; `stream_offset` is where they start.
  virtual void on_plaintext(std::size_t direction, parsers::Bytes data, std::uint64_t stream_offset,
                            const SegmentMeta& meta) = 0;
  // on_malformed: the TLS stream stopped making sense (bad record header); the
  // framer skips until it can resynchronise at a segment boundary.
  virtual void on_malformed(std::size_t direction, parsers::Bytes at, const SegmentMeta& meta) = 0;
  // on_gap: bytes missing from the capture; records across the gap are lost.
  virtual void on_gap(std::size_t direction, std::uint32_t bytes, const SegmentMeta& meta) = 0;
};

// TlsFramer frames records for one direction of one flow.
class TlsFramer : public StreamSink {
 public:
  // TlsFramer reports direction `direction` (0 or 1) to `handler`.
  TlsFramer(std::size_t direction, RecordHandler& handler) : direction_(direction), handler_(&handler) {}

  void on_data(parsers::Bytes data, const SegmentMeta& meta) override;
  void on_gap(std::uint32_t bytes, const SegmentMeta& meta) override;

  // on_midstream: the stream was picked up without its SYN, so its first
  // bytes may be the middle of a record: bytes that do not parse are skipped
  // until a record starts at a segment boundary, instead of being taken for a
  // plaintext protocol.
  void on_midstream() override {
    if (mode_ == Mode::detect && stream_offset_ == 0) midstream_ = true;
  }

 private:
  enum class Mode : std::uint8_t { detect, tls, sslv2, plaintext, resync };

  void frame_tls(parsers::Bytes data, const SegmentMeta& meta);
  std::size_t frame_from(parsers::Bytes data, const SegmentMeta& meta);
  bool starts_tls_at_boundary(parsers::Bytes data) const;

  std::size_t direction_;
  RecordHandler* handler_;
  Mode mode_ = Mode::detect;
  bool seen_tls_ = false;
  bool midstream_ = false;
  bool sslv2_hello_ = false;  // this direction opened with an SSLv2-format ClientHello
  std::uint64_t stream_offset_ = 0;
  std::vector<std::uint8_t> partial_;  // a record split across segments
};

}  // namespace tlsanalyze::analyzer
