#include "analyzer/tls/tls_framer.h"

namespace tlsanalyze::analyzer {

using parsers::Bytes;
using parsers::FrameStatus;

namespace {

// kDetectBytes is how many bytes detection wants before deciding; a record
// header is 5 bytes.
constexpr std::size_t kDetectBytes = parsers::kRecordHeaderSize;

// A handshake record header at a segment boundary: the signature of a
// STARTTLS (or HTTP CONNECT) switch to TLS. Usually a ClientHello or
// ServerHello follows; any handshake record is taken, so a broken first
// record is reported as such rather than as more plaintext.
bool is_hello_record(Bytes data) {
  if (data.size() < parsers::kRecordHeaderSize) return false;
  return data[0] == static_cast<std::uint8_t>(parsers::ContentType::handshake) && data[1] == 3 && data[2] <= 4;
}

// could_start_record: a prefix shorter than a record header that a record
// header (content type 20-24, major version 3) could still continue.
bool could_start_record(Bytes data) {
  if (data.empty()) return true;
  if (data[0] < 20 || data[0] > 24) return (data[0] & 0x80) != 0;  // SSLv2 hello length has the top bit set
  return data.size() < 2 || data[1] == 3;
}

// An SSL 2.0 SERVER-HELLO: 2-byte header with the top bit set, message type 4.
bool is_sslv2_server_hello(Bytes data) {
  return data.size() >= 3 && (data[0] & 0x80) != 0 && data[2] == parsers::kSslV2ServerHello;
}

}  // namespace

bool TlsFramer::starts_tls_at_boundary(Bytes data) const {
  if (mode_ == Mode::plaintext) return is_hello_record(data);
  parsers::TlsRecord record;
  return data.size() >= parsers::kRecordHeaderSize &&
         parsers::frame_record(data, record).status != FrameStatus::malformed;
}

void TlsFramer::on_data(Bytes data, const SegmentMeta& meta) {
  if (data.empty()) return;
  switch (mode_) {
    case Mode::detect: {
      // Detection looks at the first kDetectBytes of the stream. A first
      // segment shorter than that which could still begin a record waits in
      // partial_ for the next one.
      std::vector<std::uint8_t> head;
      Bytes start = data;
      if (!partial_.empty()) {
        partial_.insert(partial_.end(), data.begin(), data.end());
        if (partial_.size() < kDetectBytes) return;
        head.swap(partial_);
        start = Bytes(head);
      } else if (data.size() < kDetectBytes && could_start_record(data)) {
        partial_.assign(data.begin(), data.end());
        return;
      }
      if (midstream_ && !parsers::looks_like_tls(start) && !is_sslv2_server_hello(start)) {
        // Picked up in the middle of a record: wait for a boundary.
        mode_ = Mode::resync;
        stream_offset_ += start.size();
        return;
      }
      // A short first segment that cannot begin a record (PostgreSQL's 'S'
      // answer to SSLRequest, a one-byte STARTTLS reply) is plaintext at
      // once, so the ServerHello in the next segment starts TLS at its boundary.
      mode_ = is_sslv2_server_hello(start) ? Mode::sslv2 : parsers::looks_like_tls(start) ? Mode::tls : Mode::plaintext;
      on_data(start, meta);
      return;
    }
    case Mode::tls:
    case Mode::sslv2:
      frame_tls(data, meta);
      return;
    case Mode::plaintext:
    case Mode::resync:
      if (starts_tls_at_boundary(data)) {
        mode_ = Mode::tls;
        frame_tls(data, meta);
        return;
      }
      if (mode_ == Mode::plaintext) {
        handler_->on_plaintext(direction_, data, stream_offset_, meta);
      }
      stream_offset_ += data.size();
      return;
  }
}

void TlsFramer::on_gap(std::uint32_t bytes, const SegmentMeta& meta) {
  partial_.clear();
  stream_offset_ += bytes;
  if (mode_ == Mode::tls) mode_ = Mode::resync;
  handler_->on_gap(direction_, bytes, meta);
}

void TlsFramer::frame_tls(Bytes data, const SegmentMeta& meta) {
  if (partial_.empty()) {
    std::size_t used = frame_from(data, meta);
    if ((mode_ == Mode::tls || mode_ == Mode::sslv2) && used < data.size()) partial_.assign(data.begin() + static_cast<std::ptrdiff_t>(used), data.end());
    stream_offset_ += data.size();
    return;
  }
  partial_.insert(partial_.end(), data.begin(), data.end());
  std::vector<std::uint8_t> buffer;
  buffer.swap(partial_);
  std::size_t used = frame_from(Bytes(buffer), meta);
  if ((mode_ == Mode::tls || mode_ == Mode::sslv2) && used < buffer.size()) {
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(used));
    partial_.swap(buffer);
  }
  stream_offset_ += data.size();
}

std::size_t TlsFramer::frame_from(Bytes data, const SegmentMeta& meta) {
  std::size_t used = 0;
  while (used < data.size() && mode_ == Mode::sslv2) {
    Bytes rest = data.subspan(used);
    parsers::SslV2Record record;
    parsers::FrameResult r = parsers::frame_sslv2_record(rest, record);
    if (r.status == FrameStatus::need_more) return used;
    if (r.status == FrameStatus::malformed) {
      handler_->on_malformed(direction_, rest, meta);
      mode_ = Mode::resync;
      return data.size();
    }
    seen_tls_ = true;
    handler_->on_sslv2_record(direction_, record, meta);
    used += r.length;
  }
  while (used < data.size()) {
    Bytes rest = data.subspan(used);
    parsers::TlsRecord record;
    parsers::FrameResult r = parsers::frame_record(rest, record);
    if (r.status == FrameStatus::complete) {
      seen_tls_ = true;
      handler_->on_record(direction_, record, rest.first(parsers::kRecordHeaderSize), meta);
      used += r.length;
      continue;
    }
    if (r.status == FrameStatus::need_more) return used;
    // Not a record: maybe the SSLv2-format hello of an old client, but only
    // as the very first thing in the stream.
    if (!seen_tls_ && stream_offset_ == 0 && used == 0) {
      parsers::SslV2ClientHello hello;
      parsers::Anomaly why;
      parsers::FrameResult v2 = parsers::frame_sslv2_client_hello(rest, hello, why);
      if (v2.status == FrameStatus::complete) {
        seen_tls_ = true;
        handler_->on_sslv2_client_hello(direction_, hello, v2.length, meta);
        used += v2.length;
        // Whatever follows is SSL 2.0 records if the server answers in SSL 2.0,
        // else TLS records (the server answered with a TLS ServerHello).
        sslv2_hello_ = true;
        continue;
      }
      if (v2.status == FrameStatus::need_more) return used;
    }
    if (!seen_tls_) {
      // It never was TLS: treat the direction as plaintext (a reply from a
      // server that does not speak TLS, or a STARTTLS preamble).
      mode_ = Mode::plaintext;
      handler_->on_plaintext(direction_, rest, stream_offset_ + used, meta);
      return data.size();
    }
    if (sslv2_hello_) {
      // After an SSLv2-format hello the client goes on in SSL 2.0 records
      // when the server answered in SSL 2.0.
      parsers::SslV2Record v2;
      if (parsers::frame_sslv2_record(rest, v2).status != FrameStatus::malformed) {
        mode_ = Mode::sslv2;
        return used + frame_from(rest, meta);
      }
    }
    handler_->on_malformed(direction_, rest, meta);
    mode_ = Mode::resync;
    return data.size();
  }
  return used;
}

}  // namespace tlsanalyze::analyzer
