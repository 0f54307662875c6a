// Tests for parsers/tls_record: record framing, the SSLv2-format ClientHello,
// alerts and content sniffing.
#include "parsers/tls_record.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using testing::ByteWriter;

Bytes view(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

std::vector<std::uint8_t> text(std::string_view s) { return {s.begin(), s.end()}; }

// record builds a TLSPlaintext with the given header fields.
std::vector<std::uint8_t> record(std::uint8_t type, std::uint16_t version,
                                 const std::vector<std::uint8_t>& fragment) {
  return ByteWriter()
      .u8(type)                                                 // ContentType type
      .u16(version)                                             // legacy_record_version
      .prefixed_u16([&](ByteWriter& w) { w.bytes(fragment); })  // uint16 length; fragment
      .take();
}

TEST(TlsRecordTest, FramesACompleteRecord) {
  const auto bytes = record(22, 0x0301, {0x01, 0x02, 0x03});
  TlsRecord rec;
  const FrameResult result = frame_record(view(bytes), rec);
  ASSERT_EQ(result.status, FrameStatus::complete);
  EXPECT_EQ(result.length, bytes.size());
  EXPECT_EQ(rec.content_type, 22);
  EXPECT_EQ(rec.legacy_version, 0x0301);
  ASSERT_EQ(rec.fragment.size(), 3u);
  EXPECT_EQ(rec.fragment.data(), bytes.data() + kRecordHeaderSize);  // a view, not a copy
}

TEST(TlsRecordTest, HeaderFieldsTable) {
  struct Case {
    const char* name;
    std::uint8_t type;
    std::uint16_t version;
    FrameStatus want;
  };
  const Case cases[] = {
      {"change_cipher_spec", 20, 0x0303, FrameStatus::complete},
      {"alert", 21, 0x0303, FrameStatus::complete},
      {"handshake", 22, 0x0303, FrameStatus::complete},
      {"application_data", 23, 0x0303, FrameStatus::complete},
      {"heartbeat", 24, 0x0303, FrameStatus::complete},
      {"type 19", 19, 0x0303, FrameStatus::malformed},
      {"type 25 (tls12_cid, DTLS only)", 25, 0x0303, FrameStatus::malformed},
      {"type 0", 0, 0x0303, FrameStatus::malformed},
      {"SSL 3.0", 22, 0x0300, FrameStatus::complete},
      {"TLS 1.0", 22, 0x0301, FrameStatus::complete},
      {"TLS 1.1", 22, 0x0302, FrameStatus::complete},
      {"TLS 1.3 value", 22, 0x0304, FrameStatus::complete},
      {"minor 5", 22, 0x0305, FrameStatus::malformed},
      {"major 2", 22, 0x0203, FrameStatus::malformed},
      {"major 4", 22, 0x0403, FrameStatus::malformed},
      {"DTLS 1.2", 22, 0xfefd, FrameStatus::malformed},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto bytes = record(c.type, c.version, {0xaa});
    TlsRecord rec;
    EXPECT_EQ(frame_record(view(bytes), rec).status, c.want);
  }
}

TEST(TlsRecordTest, RejectsImpossibleHeadersFromTheFirstBadByte) {
  // A stream that starts with a bad byte is malformed before the header is
  // complete, so callers never wait for a record that cannot exist.
  TlsRecord rec;
  const std::vector<std::uint8_t> bad_type = {0x47};  // 'G'
  EXPECT_EQ(frame_record(view(bad_type), rec).status, FrameStatus::malformed);
  const std::vector<std::uint8_t> bad_major = {22, 0x02};
  EXPECT_EQ(frame_record(view(bad_major), rec).status, FrameStatus::malformed);
  const std::vector<std::uint8_t> bad_minor = {22, 0x03, 0x09};
  EXPECT_EQ(frame_record(view(bad_minor), rec).status, FrameStatus::malformed);
}

TEST(TlsRecordTest, LengthLimit) {
  const std::vector<std::uint8_t> max_fragment(kMaxRecordLength, 0x17);
  const auto at_max = record(23, 0x0303, max_fragment);
  TlsRecord rec;
  const FrameResult ok = frame_record(view(at_max), rec);
  EXPECT_EQ(ok.status, FrameStatus::complete);
  EXPECT_EQ(ok.length, kRecordHeaderSize + kMaxRecordLength);

  std::vector<std::uint8_t> over = max_fragment;
  over.push_back(0x17);
  const auto too_long = record(23, 0x0303, over);
  // Only the header is needed to know it is too long.
  EXPECT_EQ(frame_record(view(too_long).first(kRecordHeaderSize), rec).status, FrameStatus::malformed);
  EXPECT_EQ(frame_record(view(too_long), rec).status, FrameStatus::malformed);
}

TEST(TlsRecordTest, ZeroLengthRecordsAreFramedForTheCallerToJudge) {
  // RFC 8446 5.1 forbids empty handshake/alert fragments, RFC 5246 allows
  // empty application_data; the framer frames both and lets the caller decide.
  for (std::uint8_t type : {std::uint8_t{21}, std::uint8_t{22}, std::uint8_t{23}}) {
    SCOPED_TRACE(static_cast<int>(type));
    const auto bytes = record(type, 0x0303, {});
    TlsRecord rec;
    const FrameResult result = frame_record(view(bytes), rec);
    EXPECT_EQ(result.status, FrameStatus::complete);
    EXPECT_EQ(result.length, kRecordHeaderSize);
    EXPECT_TRUE(rec.fragment.empty());
  }
}

TEST(TlsRecordTest, EveryProperPrefixNeedsMore) {
  const auto bytes = record(22, 0x0303, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    TlsRecord rec;
    EXPECT_EQ(frame_record(view(bytes).first(n), rec).status, FrameStatus::need_more);
  }
  TlsRecord rec;
  EXPECT_EQ(frame_record(view(bytes), rec).status, FrameStatus::complete);
}

TEST(TlsRecordTest, SplitStreamOfRecordsFramesIdentically) {
  // Three records back to back, framed from a buffer that grows one byte at a
  // time, must give the same records as framing the whole stream at once.
  std::vector<std::uint8_t> stream;
  for (const auto& r : {record(22, 0x0301, {1, 2, 3}), record(20, 0x0303, {1}), record(23, 0x0303, {})}) {
    stream.insert(stream.end(), r.begin(), r.end());
  }
  auto frame_all = [](Bytes s, std::vector<std::size_t>& lengths) {
    std::size_t offset = 0;
    for (;;) {
      TlsRecord rec;
      const FrameResult result = frame_record(s.subspan(offset), rec);
      if (result.status != FrameStatus::complete) return result.status;
      lengths.push_back(result.length);
      offset += result.length;
    }
  };
  std::vector<std::size_t> whole;
  EXPECT_EQ(frame_all(view(stream), whole), FrameStatus::need_more);
  ASSERT_EQ(whole.size(), 3u);

  std::vector<std::size_t> incremental;
  std::size_t offset = 0;
  for (std::size_t have = 0; have <= stream.size(); ++have) {
    TlsRecord rec;
    const FrameResult result = frame_record(view(stream).subspan(offset, have - offset), rec);
    ASSERT_NE(result.status, FrameStatus::malformed);
    if (result.status == FrameStatus::complete) {
      incremental.push_back(result.length);
      offset += result.length;
    }
  }
  EXPECT_EQ(incremental, whole);
}

TEST(TlsRecordTest, AlertParsing) {
  AlertMessage alert;
  Anomaly why;
  const std::vector<std::uint8_t> fatal_unknown_ca = {2, 48};  // level fatal, unknown_ca
  ASSERT_TRUE(parse_alert(view(fatal_unknown_ca), alert, why));
  EXPECT_EQ(alert.level, AlertLevel::fatal);
  EXPECT_EQ(alert.description, AlertDescription::unknown_ca);

  // Unknown values are data, not errors.
  const std::vector<std::uint8_t> odd_values = {7, 250};
  EXPECT_TRUE(parse_alert(view(odd_values), alert, why));

  for (const std::vector<std::uint8_t>& bad :
       {std::vector<std::uint8_t>{}, std::vector<std::uint8_t>{2}, std::vector<std::uint8_t>{2, 40, 0},
        std::vector<std::uint8_t>(26, 0x5a) /* an encrypted alert */}) {
    SCOPED_TRACE(bad.size());
    Anomaly bad_why;
    EXPECT_FALSE(parse_alert(view(bad), alert, bad_why));
    EXPECT_EQ(bad_why.kind, AnomalyKind::bad_length);
  }
}

// sslv2_hello builds an SSLv2-format ClientHello (RFC 5246 E.2). Inner
// lengths come from the vectors' sizes; `extra` appends bytes inside the
// record that the inner lengths do not account for.
std::vector<std::uint8_t> sslv2_hello(std::uint16_t version, const std::vector<std::uint8_t>& specs,
                                      const std::vector<std::uint8_t>& session_id,
                                      const std::vector<std::uint8_t>& challenge, std::uint8_t msg_type = 1,
                                      std::size_t extra = 0) {
  ByteWriter body;
  body.u8(msg_type)                                        // msg_type: CLIENT-HELLO
      .u16(version)                                        // version
      .u16(static_cast<std::uint16_t>(specs.size()))       // cipher_spec_length
      .u16(static_cast<std::uint16_t>(session_id.size()))  // session_id_length
      .u16(static_cast<std::uint16_t>(challenge.size()))   // challenge_length
      .bytes(specs)
      .bytes(session_id)
      .bytes(challenge)
      .zeros(extra);
  return ByteWriter()
      .u16(static_cast<std::uint16_t>(0x8000 | body.size()))  // msg_length, top bit set
      .bytes(body.data())
      .take();
}

const std::vector<std::uint8_t> kV2Specs = {
    0x01, 0x00, 0x80,  // SSL_CK_RC4_128_WITH_MD5
    0x00, 0x00, 0x35,  // TLS_RSA_WITH_AES_256_CBC_SHA
    0x00, 0x00, 0x2f,  // TLS_RSA_WITH_AES_128_CBC_SHA
};
const std::vector<std::uint8_t> kV2Challenge(16, 0xcc);

TEST(TlsRecordTest, SslV2ClientHelloComplete) {
  const auto bytes = sslv2_hello(0x0301, kV2Specs, {}, kV2Challenge);
  SslV2ClientHello hello;
  Anomaly why;
  const FrameResult result = frame_sslv2_client_hello(view(bytes), hello, why);
  ASSERT_EQ(result.status, FrameStatus::complete) << why.field;
  EXPECT_EQ(result.length, bytes.size());
  EXPECT_EQ(hello.version, 0x0301);
  EXPECT_EQ(hello.cipher_specs.size(), 9u);
  EXPECT_TRUE(hello.session_id.empty());
  EXPECT_EQ(hello.challenge.size(), 16u);
  EXPECT_TRUE(looks_like_tls(view(bytes)));

  const auto with_session =
      sslv2_hello(0x0002, kV2Specs, std::vector<std::uint8_t>(16, 1), std::vector<std::uint8_t>(32, 2));
  EXPECT_EQ(frame_sslv2_client_hello(view(with_session), hello, why).status, FrameStatus::complete);
  EXPECT_EQ(hello.session_id.size(), 16u);
  EXPECT_EQ(hello.challenge.size(), 32u);
}

TEST(TlsRecordTest, SslV2ClientHelloPrefixesNeedMore) {
  const auto bytes = sslv2_hello(0x0303, kV2Specs, {}, kV2Challenge);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    SslV2ClientHello hello;
    Anomaly why;
    EXPECT_EQ(frame_sslv2_client_hello(view(bytes).first(n), hello, why).status, FrameStatus::need_more);
  }
  // Trailing bytes of the next record do not change the framing.
  auto longer = bytes;
  longer.push_back(0x16);
  SslV2ClientHello hello;
  Anomaly why;
  const FrameResult result = frame_sslv2_client_hello(view(longer), hello, why);
  EXPECT_EQ(result.status, FrameStatus::complete);
  EXPECT_EQ(result.length, bytes.size());
}

TEST(TlsRecordTest, SslV2ClientHelloMalformed) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    const char* field;
  };
  const std::vector<std::uint8_t> two_specs_and_a_bit = {0x00, 0x00, 0x35, 0x00, 0x00, 0x2f, 0x00};
  std::vector<std::uint8_t> three_byte_header = sslv2_hello(0x0301, kV2Specs, {}, kV2Challenge);
  three_byte_header[0] &= 0x7f;  // top bit clear: the 3-byte (padded) header form
  const Case cases[] = {
      {"3-byte header form", three_byte_header, "SSLv2ClientHello.msg_length"},
      {"msg_type 2", sslv2_hello(0x0301, kV2Specs, {}, kV2Challenge, 2), "SSLv2ClientHello.msg_type"},
      {"version 4.0", sslv2_hello(0x0400, kV2Specs, {}, kV2Challenge), "SSLv2ClientHello.version"},
      {"cipher specs not a multiple of 3", sslv2_hello(0x0301, two_specs_and_a_bit, {}, kV2Challenge),
       "SSLv2ClientHello.cipher_spec_length"},
      {"no cipher specs", sslv2_hello(0x0301, {}, {}, kV2Challenge), "SSLv2ClientHello.cipher_spec_length"},
      {"session id of 8", sslv2_hello(0x0301, kV2Specs, std::vector<std::uint8_t>(8, 1), kV2Challenge),
       "SSLv2ClientHello.session_id_length"},
      {"challenge of 15", sslv2_hello(0x0301, kV2Specs, {}, std::vector<std::uint8_t>(15, 1)),
       "SSLv2ClientHello.challenge_length"},
      {"challenge of 33", sslv2_hello(0x0301, kV2Specs, {}, std::vector<std::uint8_t>(33, 1)),
       "SSLv2ClientHello.challenge_length"},
      {"extra byte inside the record", sslv2_hello(0x0301, kV2Specs, {}, kV2Challenge, 1, 1),
       "SSLv2ClientHello.msg_length"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    SslV2ClientHello hello;
    Anomaly why;
    EXPECT_EQ(frame_sslv2_client_hello(view(c.bytes), hello, why).status, FrameStatus::malformed);
    EXPECT_STREQ(why.field, c.field);
  }
}

TEST(TlsRecordTest, LooksLikeTls) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    bool want;
  };
  const Case cases[] = {
      {"handshake record", {0x16, 0x03, 0x01, 0x02, 0x00}, true},
      {"handshake record, 3 bytes", {0x16, 0x03, 0x01}, true},
      {"application data", {0x17, 0x03, 0x03, 0x40, 0x00}, true},
      {"alert", {0x15, 0x03, 0x03, 0x00, 0x02}, true},
      {"SSLv2 hello start", {0x80, 0x2e, 0x01, 0x03, 0x01}, true},
      {"SSLv2 hello, SSL 2.0", {0x80, 0x2e, 0x01, 0x00, 0x02}, true},
      {"too short", {0x16, 0x03}, false},
      {"empty", {}, false},
      {"record too long", {0x17, 0x03, 0x03, 0x48, 0x01}, false},
      {"record minor 9", {0x16, 0x03, 0x09, 0x00, 0x10}, false},
      {"SSLv2 msg_type 4 (server hello)", {0x80, 0x2e, 0x04, 0x00, 0x02}, false},
      {"SSLv2 too short to be a hello", {0x80, 0x05, 0x01, 0x03, 0x01}, false},
      {"SSLv2 bad version", {0x80, 0x2e, 0x01, 0x07, 0x07}, false},
      {"GET", text("GET / HTTP/1.1\r\n"), false},
      {"HTTP response", text("HTTP/1.1 200 OK\r\n"), false},
      {"SSH banner", text("SSH-2.0-OpenSSH_9.2\r\n"), false},
      {"SMTP banner", text("220 smtp.example.com ESMTP\r\n"), false},
      {"zeros", {0, 0, 0, 0, 0}, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(looks_like_tls(view(c.bytes)), c.want);
  }
}

TEST(TlsRecordTest, RandomBytesNeverCrash) {
  // Deterministic garbage for ASan/UBSan: every result must stay inside the
  // buffer it was given.
  std::mt19937 rng(0x7157);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> buf(rng() % 80);
    for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
    // Bias some buffers towards plausible headers so deeper paths run.
    if (!buf.empty() && i % 3 == 0) buf[0] = static_cast<std::uint8_t>(20 + rng() % 5);
    if (buf.size() > 1 && i % 3 == 0) buf[1] = 3;
    if (!buf.empty() && i % 3 == 1) buf[0] |= 0x80;
    if (buf.size() > 2 && i % 3 == 1) buf[2] = 1;

    TlsRecord rec;
    const FrameResult r1 = frame_record(view(buf), rec);
    if (r1.status == FrameStatus::complete) {
      EXPECT_LE(r1.length, buf.size());
      EXPECT_EQ(rec.fragment.size() + kRecordHeaderSize, r1.length);
    }
    SslV2ClientHello hello;
    Anomaly why;
    const FrameResult r2 = frame_sslv2_client_hello(view(buf), hello, why);
    if (r2.status == FrameStatus::complete) {
      EXPECT_LE(r2.length, buf.size());
    }
    AlertMessage alert;
    (void)parse_alert(view(buf), alert, why);
    (void)looks_like_tls(view(buf));
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
