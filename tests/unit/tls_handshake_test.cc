// Tests for parsers/tls_handshake: handshake framing and the message decoders,
// on hand-built bytes and on one real ClientHello.
#include "parsers/tls_handshake.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/tls_extensions.h"
#include "parsers/tls_record.h"
#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using testing::ByteWriter;
using Fill = std::function<void(ByteWriter&)>;

Bytes view(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

// Ext is one extension to write: its type and a writer for extension_data.
struct Ext {
  std::uint16_t type;
  Fill data;
};

void write_extensions(ByteWriter& block, const std::vector<Ext>& extensions) {
  for (const Ext& e : extensions) {
    block
        .u16(e.type)            // extension_type
        .prefixed_u16(e.data);  // extension_data
  }
}

void nothing(ByteWriter&) {}

// Extension bodies, each as its RFC defines extension_data.
Fill sni(std::string host) {
  return [host](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& list) {                     // server_name_list
      list.u8(0)                                               // name_type: host_name
          .prefixed_u16([&](ByteWriter& n) { n.str(host); });  // HostName
    });
  };
}
Fill u16_list_u8(std::vector<std::uint16_t> values) {
  return [values](ByteWriter& w) {
    w.prefixed_u8([&](ByteWriter& l) {
      for (auto v : values) l.u16(v);
    });
  };
}
Fill u16_list_u16(std::vector<std::uint16_t> values) {
  return [values](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& l) {
      for (auto v : values) l.u16(v);
    });
  };
}
Fill alpn(std::vector<std::string> names) {
  return [names](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& list) {
      for (const auto& n : names) list.prefixed_u8([&](ByteWriter& p) { p.str(n); });
    });
  };
}
Fill key_share_client(std::vector<std::pair<std::uint16_t, std::size_t>> entries) {
  return [entries](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& shares) {
      for (const auto& entry : entries) {
        const std::size_t length = entry.second;  // clang 14 cannot capture structured bindings
        shares.u16(entry.first).prefixed_u16([&](ByteWriter& k) { k.zeros(length); });
      }
    });
  };
}
Fill key_share_entry(std::uint16_t group, std::size_t length) {
  return [=](ByteWriter& w) { w.u16(group).prefixed_u16([&](ByteWriter& k) { k.zeros(length); }); };
}
Fill u8_vector(std::vector<std::uint8_t> bytes) {
  return [bytes](ByteWriter& w) { w.prefixed_u8([&](ByteWriter& v) { v.bytes(bytes); }); };
}
Fill raw(std::vector<std::uint8_t> bytes) {
  return [bytes](ByteWriter& w) { w.bytes(bytes); };
}
Fill offered_psks(std::size_t identities, std::size_t binders, std::size_t binder_length = 32) {
  return [=](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& ids) {  // identities
      for (std::size_t i = 0; i < identities; ++i) {
        ids.prefixed_u16([](ByteWriter& id) { id.str("ticket"); })  // identity
            .u32(0x01020304);                                       // obfuscated_ticket_age
      }
    });
    w.prefixed_u16([&](ByteWriter& bs) {  // binders
      for (std::size_t i = 0; i < binders; ++i)
        bs.prefixed_u8([&](ByteWriter& b) { b.zeros(binder_length); });
    });
  };
}

// ClientHelloSpec describes a ClientHello to build; the defaults are a plain
// TLS 1.2-style hello with an empty extensions block.
struct ClientHelloSpec {
  std::uint16_t legacy_version = 0x0303;
  std::vector<std::uint8_t> session_id = std::vector<std::uint8_t>(32, 0x5e);
  std::vector<std::uint16_t> cipher_suites = {0x1301, 0x1302, 0xc02f, 0x00ff};
  std::vector<std::uint8_t> compression_methods = {0};
  bool has_extensions = true;
  std::vector<Ext> extensions;
};

std::vector<std::uint8_t> build(const ClientHelloSpec& s) {
  ByteWriter w;
  w.u16(s.legacy_version)                                          // legacy_version
      .zeros(32)                                                   // random
      .prefixed_u8([&](ByteWriter& v) { v.bytes(s.session_id); })  // legacy_session_id
      .prefixed_u16([&](ByteWriter& v) {                           // cipher_suites
        for (auto c : s.cipher_suites) v.u16(c);
      })
      .prefixed_u8([&](ByteWriter& v) { v.bytes(s.compression_methods); });  // legacy_compression_methods
  if (s.has_extensions)
    w.prefixed_u16([&](ByteWriter& b) { write_extensions(b, s.extensions); });  // extensions
  return w.take();
}

// A browser-like TLS 1.3 ClientHello with every extension the decoder knows.
ClientHelloSpec modern_client_hello() {
  ClientHelloSpec s;
  s.cipher_suites = {0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xcca9};
  s.extensions = {
      {0x0a0a, nothing},                                                // GREASE
      {0, sni("api.example.com")},                                      // server_name
      {23, nothing},                                                    // extended_master_secret
      {0xff01, u8_vector({})},                                          // renegotiation_info
      {10, u16_list_u16({0x1a1a, 0x11ec, 29, 23, 24})},                 // supported_groups
      {11, u8_vector({0})},                                             // ec_point_formats
      {35, nothing},                                                    // session_ticket
      {16, alpn({"h2", "http/1.1"})},                                   // ALPN
      {5, raw({1, 0, 0, 0, 0})},                                        // status_request: ocsp
      {13, u16_list_u16({0x0403, 0x0804, 0x0401})},                     // signature_algorithms
      {51, key_share_client({{0x1a1a, 1}, {0x11ec, 1216}, {29, 32}})},  // key_share
      {45, u8_vector({1})},                                             // psk_key_exchange_modes: psk_dhe_ke
      {43, u16_list_u8({0x7a7a, 0x0304, 0x0303})},                      // supported_versions
      {27, raw({2, 0, 2})},                                             // compress_certificate: brotli
      {0xfe0d, raw({0, 0, 1, 0, 1, 0x42})},  // encrypted_client_hello (opaque here)
      {21, raw({0, 0, 0, 0})},               // padding
      {42, nothing},                         // early_data
      {41, offered_psks(1, 1)},              // pre_shared_key, last
  };
  return s;
}

TEST(TlsHandshakeTest, FrameHandshake) {
  const auto bytes = ByteWriter()
                         .u8(1)                                             // msg_type: client_hello
                         .prefixed_u24([](ByteWriter& w) { w.zeros(40); })  // length, body
                         .u8(2)                                             // start of the next message
                         .take();
  HandshakeMessage msg;
  const FrameResult result = frame_handshake(view(bytes), 1 << 16, msg);
  ASSERT_EQ(result.status, FrameStatus::complete);
  EXPECT_EQ(result.length, kHandshakeHeaderSize + 40);
  EXPECT_EQ(msg.msg_type, 1);
  EXPECT_EQ(msg.body.size(), 40u);
  EXPECT_EQ(msg.body.data(), bytes.data() + kHandshakeHeaderSize);

  // Every proper prefix of the first message needs more.
  for (std::size_t n = 0; n < result.length; ++n) {
    SCOPED_TRACE(n);
    EXPECT_EQ(frame_handshake(view(bytes).first(n), 1 << 16, msg).status, FrameStatus::need_more);
  }
  // Zero-length bodies (ServerHelloDone, HelloRequest) are complete at 4 bytes.
  const auto done = ByteWriter().u8(14).prefixed_u24(nothing).take();  // server_hello_done
  EXPECT_EQ(frame_handshake(view(done), 0, msg).status, FrameStatus::complete);
  EXPECT_TRUE(msg.body.empty());
}

TEST(TlsHandshakeTest, FrameHandshakeLengthCap) {
  const auto header = ByteWriter().u8(11).u24(70000).take();  // certificate, length 70000 (no body yet)
  HandshakeMessage msg;
  EXPECT_EQ(frame_handshake(view(header), 65536, msg).status, FrameStatus::malformed);
  EXPECT_EQ(frame_handshake(view(header), 70000, msg).status, FrameStatus::need_more);
}

TEST(TlsHandshakeTest, FrameHandshakeSplitStream) {
  // Messages coalesced in one stream, fed a byte at a time, frame the same as
  // the whole stream.
  std::vector<std::uint8_t> stream;
  for (std::size_t body : {std::size_t{70}, std::size_t{0}, std::size_t{3}, std::size_t{300}}) {
    const auto m = ByteWriter().u8(11).prefixed_u24([&](ByteWriter& w) { w.zeros(body); }).take();
    stream.insert(stream.end(), m.begin(), m.end());
  }
  std::vector<std::size_t> whole;
  for (std::size_t offset = 0;;) {
    HandshakeMessage msg;
    const FrameResult r = frame_handshake(view(stream).subspan(offset), 1 << 14, msg);
    if (r.status != FrameStatus::complete) break;
    whole.push_back(r.length);
    offset += r.length;
  }
  ASSERT_EQ(whole.size(), 4u);
  std::vector<std::size_t> incremental;
  std::size_t offset = 0;
  for (std::size_t have = 0; have <= stream.size(); ++have) {
    HandshakeMessage msg;
    const FrameResult r = frame_handshake(view(stream).subspan(offset, have - offset), 1 << 14, msg);
    ASSERT_NE(r.status, FrameStatus::malformed);
    if (r.status == FrameStatus::complete) {
      incremental.push_back(r.length);
      offset += r.length;
      // A zero-length message right behind may already be complete.
      while (true) {
        const FrameResult next = frame_handshake(view(stream).subspan(offset, have - offset), 1 << 14, msg);
        if (next.status != FrameStatus::complete) break;
        incremental.push_back(next.length);
        offset += next.length;
      }
    }
  }
  EXPECT_EQ(incremental, whole);
}

TEST(TlsHandshakeTest, ModernClientHello) {
  const auto bytes = build(modern_client_hello());
  ClientHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_client_hello(view(bytes), hello, why)) << anomaly_kind_name(why.kind) << " " << why.field;
  EXPECT_EQ(hello.legacy_version, 0x0303);
  EXPECT_EQ(hello.random.size(), 32u);
  EXPECT_EQ(hello.session_id.size(), 32u);
  ASSERT_EQ(hello.cipher_suites.size(), 7u);
  EXPECT_EQ(hello.cipher_suites[0], 0x2a2a);
  EXPECT_TRUE(hello.cipher_suites.contains(0xcca9));
  EXPECT_EQ(hello.compression_methods.size(), 1u);
  EXPECT_EQ(hello.extension_count, 18);

  EXPECT_TRUE(hello.has_server_name);
  EXPECT_EQ(hello.server_name, "api.example.com");
  EXPECT_TRUE(hello.has_supported_versions);
  EXPECT_EQ(hello.supported_versions.size(), 3u);
  EXPECT_TRUE(hello.has_alpn);
  std::vector<std::string> protocols;
  for_each_alpn(hello.alpn_protocols, [&](std::string_view p) { protocols.emplace_back(p); });
  EXPECT_EQ(protocols, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_EQ(hello.supported_groups.size(), 5u);
  EXPECT_TRUE(hello.supported_groups.contains(0x11ec));
  EXPECT_EQ(hello.signature_algorithms.size(), 3u);
  EXPECT_TRUE(hello.has_key_share);
  std::vector<std::pair<std::uint16_t, std::size_t>> shares;
  for_each_key_share(hello.key_shares, [&](std::uint16_t g, std::size_t n) { shares.emplace_back(g, n); });
  EXPECT_EQ(shares,
            (std::vector<std::pair<std::uint16_t, std::size_t>>{{0x1a1a, 1}, {0x11ec, 1216}, {29, 32}}));
  ASSERT_EQ(hello.psk_key_exchange_modes.size(), 1u);
  EXPECT_EQ(hello.psk_key_exchange_modes[0], 1);
  EXPECT_TRUE(hello.has_session_ticket);
  EXPECT_TRUE(hello.has_pre_shared_key);
  EXPECT_TRUE(hello.has_early_data);
  EXPECT_TRUE(hello.has_ech);
  EXPECT_TRUE(hello.has_renegotiation_info);
  EXPECT_TRUE(hello.has_extended_master_secret);
  EXPECT_TRUE(hello.has_status_request);
  EXPECT_TRUE(hello.has_padding);
  EXPECT_EQ(highest_offered_version(hello), 0x0304);
}

TEST(TlsHandshakeTest, ClientHelloWithoutExtensions) {
  // SSL 3.0 / TLS 1.0 hellos may stop after the compression methods.
  ClientHelloSpec s;
  s.legacy_version = 0x0301;
  s.session_id = {};
  s.has_extensions = false;
  const auto bytes = build(s);
  ClientHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_client_hello(view(bytes), hello, why));
  EXPECT_TRUE(hello.extensions.empty());
  EXPECT_EQ(hello.extension_count, 0);
  EXPECT_FALSE(hello.has_server_name);
  EXPECT_EQ(highest_offered_version(hello), 0x0301);

  // An empty extensions block is valid too.
  s.has_extensions = true;
  const auto empty_block = build(s);
  ASSERT_TRUE(parse_client_hello(view(empty_block), hello, why));
  EXPECT_EQ(hello.extension_count, 0);
}

TEST(TlsHandshakeTest, ClientHelloTruncatedAtEveryLength) {
  ClientHelloSpec s = modern_client_hello();
  const auto bytes = build(s);
  s.has_extensions = false;
  const std::size_t no_extensions_size = build(s).size();  // the one prefix that is a valid hello
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    ClientHello hello;
    Anomaly why;
    const bool ok = parse_client_hello(view(bytes).first(n), hello, why);
    EXPECT_EQ(ok, n == no_extensions_size);
    if (!ok) {
      EXPECT_NE(why.kind, AnomalyKind::none);
    }
  }
}

TEST(TlsHandshakeTest, ClientHelloMalformed) {
  struct Case {
    const char* name;
    std::function<void(ClientHelloSpec&)> change;
    AnomalyKind kind;
    const char* field;
  };
  const Case cases[] = {
      {"session id of 33", [](ClientHelloSpec& s) { s.session_id.assign(33, 1); }, AnomalyKind::bad_length,
       "ClientHello.legacy_session_id"},
      {"no cipher suites", [](ClientHelloSpec& s) { s.cipher_suites.clear(); }, AnomalyKind::bad_length,
       "ClientHello.cipher_suites"},
      {"no compression methods", [](ClientHelloSpec& s) { s.compression_methods.clear(); },
       AnomalyKind::bad_length, "ClientHello.legacy_compression_methods"},
      {"duplicate known extension",
       [](ClientHelloSpec& s) {
         s.extensions = {{0, sni("a.example")}, {23, nothing}, {0, sni("b.example")}};
       },
       AnomalyKind::duplicate_extension, "ClientHello.extensions"},
      {"duplicate unknown extension",
       [](ClientHelloSpec& s) {
         s.extensions = {{0x1234, nothing}, {0x1234, nothing}};
       },
       AnomalyKind::duplicate_extension, "ClientHello.extensions"},
      {"duplicate GREASE extension",
       [](ClientHelloSpec& s) {
         s.extensions = {{0x0a0a, nothing}, {0x0a0a, nothing}};
       },
       AnomalyKind::duplicate_extension, "ClientHello.extensions"},
      {"pre_shared_key not last",
       [](ClientHelloSpec& s) {
         s.extensions = {{41, offered_psks(1, 1)}, {43, u16_list_u8({0x0304})}};
       },
       AnomalyKind::bad_value, "ClientHello.pre_shared_key"},
      {"psk binders fewer than identities",
       [](ClientHelloSpec& s) {
         s.extensions = {{41, offered_psks(2, 1)}};
       },
       AnomalyKind::bad_value, "pre_shared_key.binders"},
      {"psk binder too short",
       [](ClientHelloSpec& s) {
         s.extensions = {{41, offered_psks(1, 1, 31)}};
       },
       AnomalyKind::bad_length, "pre_shared_key.PskBinderEntry"},
      {"psk without identities",
       [](ClientHelloSpec& s) {
         s.extensions = {{41, offered_psks(0, 0)}};
       },
       AnomalyKind::bad_length, "pre_shared_key.identities"},
      {"extended_master_secret with data",
       [](ClientHelloSpec& s) {
         s.extensions = {{23, raw({0})}};
       },
       AnomalyKind::bad_length, "ClientHello.extended_master_secret"},
      {"early_data with data",
       [](ClientHelloSpec& s) {
         s.extensions = {{42, raw({0, 0, 0, 0})}};
       },
       AnomalyKind::bad_length, "ClientHello.early_data"},
      {"empty psk_key_exchange_modes",
       [](ClientHelloSpec& s) {
         s.extensions = {{45, u8_vector({})}};
       },
       AnomalyKind::bad_length, "ClientHello.psk_key_exchange_modes"},
      {"odd supported_versions",
       [](ClientHelloSpec& s) {
         s.extensions = {{43, u8_vector({3, 4, 3})}};
       },
       AnomalyKind::bad_length, "ClientHello.supported_versions"},
      {"odd supported_groups",
       [](ClientHelloSpec& s) {
         s.extensions = {{10, raw({0, 1, 29})}};
       },
       AnomalyKind::bad_length, "ClientHello.supported_groups"},
      {"empty host name",
       [](ClientHelloSpec& s) {
         s.extensions = {{0, sni("")}};
       },
       AnomalyKind::bad_length, "server_name.HostName"},
      {"duplicate key share group",
       [](ClientHelloSpec& s) {
         s.extensions = {{51, key_share_client({{29, 32}, {29, 32}})}};
       },
       AnomalyKind::bad_value, "key_share.group"},
      {"renegotiation_info with trailing byte",
       [](ClientHelloSpec& s) {
         s.extensions = {{0xff01, raw({0, 7})}};
       },
       AnomalyKind::trailing_bytes, "ClientHello.renegotiation_info"},
      {"control: unknown extension with empty data is fine",
       [](ClientHelloSpec& s) {
         s.extensions = {{0x1234, nothing}};
       },
       AnomalyKind::none, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ClientHelloSpec s;
    c.change(s);
    const auto bytes = build(s);
    ClientHello hello;
    Anomaly why;
    const bool ok = parse_client_hello(view(bytes), hello, why);
    EXPECT_EQ(ok, c.kind == AnomalyKind::none);
    EXPECT_EQ(why.kind, c.kind);
    EXPECT_STREQ(why.field, c.field);
  }
}

TEST(TlsHandshakeTest, DuplicateDetectionScalesToLongBlocks) {
  // Past the first few dozen extensions duplicate tracking switches strategy;
  // both sides of the switch must find repeats.
  struct Case {
    const char* name;
    std::size_t distinct;
    std::size_t repeat_of;  // index of the type repeated at the end; distinct = none
    bool ok;
  };
  const Case cases[] = {
      {"200 distinct", 200, 200, true},
      {"200 then a repeat of the first", 200, 0, false},
      {"200 then a repeat of the last", 200, 199, false},
      {"10 then a repeat", 10, 3, false},
      {"48 then a repeat of the first", 48, 0, false},
      {"49 distinct", 49, 49, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ClientHelloSpec s;
    for (std::size_t i = 0; i < c.distinct; ++i)
      s.extensions.push_back({static_cast<std::uint16_t>(0x1000 + i), nothing});
    if (c.repeat_of < c.distinct)
      s.extensions.push_back({static_cast<std::uint16_t>(0x1000 + c.repeat_of), nothing});
    const auto bytes = build(s);
    ClientHello hello;
    Anomaly why;
    EXPECT_EQ(parse_client_hello(view(bytes), hello, why), c.ok);
    if (!c.ok) {
      EXPECT_EQ(why.kind, AnomalyKind::duplicate_extension);
    }
  }
}

TEST(TlsHandshakeTest, ClientHelloTrailingAndBrokenBlocks) {
  auto bytes = build(modern_client_hello());
  bytes.push_back(0);
  ClientHello hello;
  Anomaly why;
  EXPECT_FALSE(parse_client_hello(view(bytes), hello, why));
  EXPECT_EQ(why.kind, AnomalyKind::trailing_bytes);
  EXPECT_STREQ(why.field, "ClientHello");

  // An extensions block whose last entry claims more data than the block has.
  ClientHelloSpec s;
  s.has_extensions = false;
  auto broken = build(s);
  const auto block = ByteWriter()
                         .prefixed_u16([](ByteWriter& b) {
                           b.u16(0).u16(100).u8(0);  // server_name claiming 100 bytes, holding 1
                         })
                         .take();
  broken.insert(broken.end(), block.begin(), block.end());
  Anomaly broken_why;
  EXPECT_FALSE(parse_client_hello(view(broken), hello, broken_why));
  EXPECT_EQ(broken_why.kind, AnomalyKind::truncated);
  EXPECT_STREQ(broken_why.field, "ClientHello.extensions");
}

TEST(TlsHandshakeTest, HighestOfferedVersion) {
  struct Case {
    const char* name;
    std::uint16_t legacy_version;
    std::vector<std::uint16_t> supported_versions;  // empty: no extension
    std::uint16_t want;
  };
  const Case cases[] = {
      {"no supported_versions", 0x0303, {}, 0x0303},
      {"TLS 1.0 client", 0x0301, {}, 0x0301},
      {"GREASE first", 0x0303, {0x5a5a, 0x0304, 0x0303}, 0x0304},
      {"ascending order", 0x0303, {0x0301, 0x0302, 0x0303, 0x0304}, 0x0304},
      {"only TLS 1.2", 0x0303, {0x0303}, 0x0303},
      {"only GREASE", 0x0301, {0xfafa}, 0x0301},
      {"draft 23 beats TLS 1.2", 0x0303, {0x0303, 0x7f17}, 0x7f17},
      {"final beats draft 28", 0x0303, {0x7f1c, 0x0304, 0x7f17}, 0x0304},
      {"later draft wins", 0x0303, {0x7f12, 0x7f17, 0x7f0e}, 0x7f17},
      {"Facebook draft", 0x0303, {0xfb1a, 0x0303}, 0xfb1a},
      {"unknown values ignored", 0x0303, {0x1234, 0xfefd, 0x0302}, 0x0302},
      {"future TLS beats 1.3", 0x0303, {0x0304, 0x0305}, 0x0305},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ClientHelloSpec s;
    s.legacy_version = c.legacy_version;
    if (!c.supported_versions.empty()) s.extensions = {{43, u16_list_u8(c.supported_versions)}};
    const auto bytes = build(s);
    ClientHello hello;
    Anomaly why;
    ASSERT_TRUE(parse_client_hello(view(bytes), hello, why));
    EXPECT_EQ(highest_offered_version(hello), c.want);
  }
}

// kOpenSslClientHello is a whole TLS record holding the ClientHello that
// `openssl s_client -connect 127.0.0.1:PORT -servername example.com -alpn
// h2,http/1.1` (OpenSSL 3.0.19, Debian 12) sent to a local Python socket
// that accepted one connection on an ephemeral port and saved the first
// record. Random, session id and key share are whatever that run drew.
constexpr std::uint8_t kOpenSslClientHello[] = {
    0x16, 0x03, 0x01, 0x01, 0x4a, 0x01, 0x00, 0x01, 0x46, 0x03, 0x03, 0x01, 0xf2, 0x13, 0x6a, 0x9f, 0xcb,
    0xfd, 0x7d, 0x49, 0x9c, 0xe4, 0x69, 0x15, 0x6b, 0x77, 0x0a, 0x8f, 0x88, 0x90, 0x36, 0x43, 0x9c, 0x74,
    0x9d, 0xfe, 0xee, 0x69, 0xd3, 0x7b, 0x6a, 0xcc, 0x11, 0x20, 0x32, 0x3b, 0x86, 0x69, 0x7c, 0xad, 0xcf,
    0xa0, 0x40, 0x0f, 0xbf, 0xd1, 0xff, 0x4a, 0x22, 0xac, 0x95, 0x5b, 0xb5, 0x26, 0xd1, 0xea, 0x4e, 0x54,
    0xa8, 0x55, 0xe1, 0x90, 0x9e, 0x3b, 0x8f, 0xc1, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01, 0xc0,
    0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa, 0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e,
    0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b, 0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00,
    0x39, 0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d, 0x00, 0x3c, 0x00, 0x35,
    0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0xbf, 0x00, 0x00, 0x00, 0x10, 0x00, 0x0e, 0x00, 0x00, 0x0b,
    0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00,
    0x01, 0x02, 0x00, 0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00,
    0x18, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x10,
    0x00, 0x0e, 0x00, 0x0c, 0x02, 0x68, 0x32, 0x08, 0x68, 0x74, 0x74, 0x70, 0x2f, 0x31, 0x2e, 0x31, 0x00,
    0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04, 0x03, 0x05, 0x03,
    0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04, 0x08, 0x05, 0x08,
    0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04, 0x02, 0x05, 0x02,
    0x06, 0x02, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03, 0x02, 0x03, 0x01, 0x00, 0x2d,
    0x00, 0x02, 0x01, 0x01, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, 0xa8, 0x1f, 0x68,
    0xa2, 0xc9, 0x34, 0x0d, 0xae, 0x5a, 0x9f, 0x58, 0xd9, 0xa3, 0x69, 0x03, 0x79, 0x25, 0x9f, 0x62, 0xd9,
    0x53, 0x68, 0xcb, 0x7d, 0xd4, 0x8a, 0x55, 0xfe, 0x96, 0x50, 0xc9, 0x03,
};

TEST(TlsHandshakeTest, RealOpenSslClientHello) {
  const Bytes stream(kOpenSslClientHello, sizeof kOpenSslClientHello);
  TlsRecord rec;
  const FrameResult framed = frame_record(stream, rec);
  ASSERT_EQ(framed.status, FrameStatus::complete);
  EXPECT_EQ(framed.length, stream.size());
  EXPECT_EQ(rec.content_type, 22);
  EXPECT_EQ(rec.legacy_version, 0x0301);
  EXPECT_TRUE(looks_like_tls(stream));

  HandshakeMessage msg;
  const FrameResult hs = frame_handshake(rec.fragment, 1 << 16, msg);
  ASSERT_EQ(hs.status, FrameStatus::complete);
  EXPECT_EQ(hs.length, rec.fragment.size());
  EXPECT_EQ(msg.msg_type, static_cast<std::uint8_t>(HandshakeType::client_hello));

  ClientHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_client_hello(msg.body, hello, why)) << why.field;
  EXPECT_EQ(hello.legacy_version, 0x0303);
  EXPECT_EQ(hello.session_id.size(), 32u);  // middlebox compatibility mode
  EXPECT_EQ(hello.cipher_suites.size(), 31u);
  EXPECT_EQ(hello.cipher_suites[0], 0x1302);          // TLS_AES_256_GCM_SHA384 first, as OpenSSL orders them
  EXPECT_TRUE(hello.cipher_suites.contains(0x00ff));  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  EXPECT_EQ(hello.extension_count, 11);
  EXPECT_EQ(hello.server_name, "example.com");
  std::vector<std::string> protocols;
  for_each_alpn(hello.alpn_protocols, [&](std::string_view p) { protocols.emplace_back(p); });
  EXPECT_EQ(protocols, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_EQ(hello.supported_versions.size(), 4u);
  EXPECT_EQ(highest_offered_version(hello), 0x0304);
  EXPECT_EQ(hello.supported_groups.size(), 10u);
  EXPECT_EQ(hello.supported_groups[0], 29);  // x25519
  EXPECT_EQ(hello.signature_algorithms.size(), 20u);
  std::vector<std::pair<std::uint16_t, std::size_t>> shares;
  for_each_key_share(hello.key_shares, [&](std::uint16_t g, std::size_t n) { shares.emplace_back(g, n); });
  EXPECT_EQ(shares, (std::vector<std::pair<std::uint16_t, std::size_t>>{{29, 32}}));
  EXPECT_TRUE(hello.has_session_ticket);
  EXPECT_TRUE(hello.has_extended_master_secret);
  EXPECT_FALSE(hello.has_renegotiation_info);  // OpenSSL signals with the SCSV instead
  EXPECT_FALSE(hello.has_pre_shared_key);
}

// ServerHelloSpec describes a ServerHello to build.
struct ServerHelloSpec {
  std::uint16_t legacy_version = 0x0303;
  std::vector<std::uint8_t> random = std::vector<std::uint8_t>(32, 0x42);
  std::vector<std::uint8_t> session_id = std::vector<std::uint8_t>(32, 0x5e);
  std::uint16_t cipher_suite = 0x1301;
  bool draft_layout = false;  // TLS 1.3 drafts <= 21: no session id, no compression
  bool has_extensions = true;
  std::vector<Ext> extensions;
};

std::vector<std::uint8_t> build(const ServerHelloSpec& s) {
  ByteWriter w;
  w.u16(s.legacy_version)  // legacy_version
      .bytes(s.random);    // random
  if (!s.draft_layout)
    w.prefixed_u8([&](ByteWriter& v) { v.bytes(s.session_id); });  // legacy_session_id_echo
  w.u16(s.cipher_suite);                                           // cipher_suite
  if (!s.draft_layout) w.u8(0);                                    // legacy_compression_method
  if (s.has_extensions)
    w.prefixed_u16([&](ByteWriter& b) { write_extensions(b, s.extensions); });  // extensions
  return w.take();
}

// RFC 8446 4.1.3: SHA-256("HelloRetryRequest"), checked with Python's hashlib.
const std::vector<std::uint8_t> kHrrRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

TEST(TlsHandshakeTest, ServerHelloTls13) {
  ServerHelloSpec s;
  s.extensions = {
      {43, raw({0x03, 0x04})},        // supported_versions: selected_version TLS 1.3
      {51, key_share_entry(29, 32)},  // key_share: x25519
      {41, raw({0x00, 0x00})},        // pre_shared_key: selected_identity 0
  };
  const auto bytes = build(s);
  ServerHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_server_hello(view(bytes), hello, why)) << why.field;
  EXPECT_FALSE(hello.is_hello_retry_request);
  EXPECT_EQ(hello.legacy_version, 0x0303);
  EXPECT_EQ(hello.selected_version, 0x0304);
  EXPECT_EQ(negotiated_version(hello), 0x0304);
  EXPECT_EQ(hello.cipher_suite, 0x1301);
  EXPECT_EQ(hello.key_share_group, 29);
  EXPECT_TRUE(hello.has_pre_shared_key);
  EXPECT_EQ(hello.session_id.size(), 32u);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    ServerHello h;
    Anomaly w;
    // The prefix ending after the compression method is a valid extension-less hello.
    const bool ok = parse_server_hello(view(bytes).first(n), h, w);
    EXPECT_EQ(ok, n == 2 + 32 + 1 + 32 + 2 + 1);
  }
}

TEST(TlsHandshakeTest, ServerHelloTls12) {
  ServerHelloSpec s;
  s.session_id = std::vector<std::uint8_t>(16, 1);
  s.cipher_suite = 0xc02f;
  s.extensions = {
      {0, nothing},              // server_name acknowledgement
      {0xff01, u8_vector({})},   // renegotiation_info
      {23, nothing},             // extended_master_secret
      {35, nothing},             // session_ticket
      {16, alpn({"http/1.1"})},  // ALPN
      {11, u8_vector({0})},      // ec_point_formats: ignored
  };
  const auto bytes = build(s);
  ServerHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_server_hello(view(bytes), hello, why)) << why.field;
  EXPECT_EQ(negotiated_version(hello), 0x0303);
  EXPECT_EQ(hello.selected_version, 0);
  EXPECT_TRUE(hello.has_server_name_ack);
  EXPECT_TRUE(hello.has_renegotiation_info);
  EXPECT_TRUE(hello.has_extended_master_secret);
  EXPECT_TRUE(hello.has_session_ticket);
  EXPECT_TRUE(hello.has_alpn);
  EXPECT_EQ(hello.alpn, "http/1.1");

  // An SSL 3.0 hello without any extensions block.
  ServerHelloSpec old;
  old.legacy_version = 0x0300;
  old.cipher_suite = 0x0005;
  old.has_extensions = false;
  const auto old_bytes = build(old);
  ASSERT_TRUE(parse_server_hello(view(old_bytes), hello, why));
  EXPECT_EQ(negotiated_version(hello), 0x0300);
  EXPECT_TRUE(hello.extensions.empty());
}

TEST(TlsHandshakeTest, HelloRetryRequest) {
  ServerHelloSpec s;
  s.random = kHrrRandom;
  s.extensions = {
      {43, raw({0x03, 0x04})},  // supported_versions
      {51, raw({0x11, 0xec})},  // key_share: selected_group X25519MLKEM768
      {44, [](ByteWriter& w) { w.prefixed_u16([](ByteWriter& c) { c.zeros(16); }); }},  // cookie
  };
  const auto bytes = build(s);
  ServerHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_server_hello(view(bytes), hello, why)) << why.field;
  EXPECT_TRUE(hello.is_hello_retry_request);
  EXPECT_EQ(hello.key_share_group, 0x11ec);

  // A HelloRetryRequest key_share carrying a full entry is malformed, and a
  // ServerHello key_share with only a group is truncated.
  s.extensions = {{43, raw({0x03, 0x04})}, {51, key_share_entry(29, 32)}};
  const auto hrr_with_entry = build(s);
  Anomaly bad;
  EXPECT_FALSE(parse_server_hello(view(hrr_with_entry), hello, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::trailing_bytes);

  ServerHelloSpec plain;
  plain.extensions = {{43, raw({0x03, 0x04})}, {51, raw({0x00, 0x1d})}};
  const auto sh_with_group = build(plain);
  bad = {};
  EXPECT_FALSE(parse_server_hello(view(sh_with_group), hello, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::truncated);

  // One bit off the special random is an ordinary ServerHello.
  plain.random = kHrrRandom;
  plain.random[31] ^= 1;
  plain.extensions = {};
  const auto almost = build(plain);
  ASSERT_TRUE(parse_server_hello(view(almost), hello, why));
  EXPECT_FALSE(hello.is_hello_retry_request);
}

TEST(TlsHandshakeTest, DraftServerHello) {
  // Draft 18 layout: version 0x7f12, random, cipher_suite, extensions.
  ServerHelloSpec s;
  s.legacy_version = 0x7f12;
  s.draft_layout = true;
  s.extensions = {{51, key_share_entry(23, 65)}};
  const auto bytes = build(s);
  ServerHello hello;
  Anomaly why;
  ASSERT_TRUE(parse_server_hello(view(bytes), hello, why)) << why.field;
  EXPECT_EQ(negotiated_version(hello), 0x7f12);
  EXPECT_EQ(hello.cipher_suite, 0x1301);
  EXPECT_TRUE(hello.session_id.empty());
  EXPECT_EQ(hello.key_share_group, 23);
}

TEST(TlsHandshakeTest, ServerHelloMalformed) {
  struct Case {
    const char* name;
    std::function<void(ServerHelloSpec&)> change;
    AnomalyKind kind;
    const char* field;
  };
  const Case cases[] = {
      {"session id of 33", [](ServerHelloSpec& s) { s.session_id.assign(33, 0); }, AnomalyKind::bad_length,
       "ServerHello.legacy_session_id_echo"},
      {"duplicate extension",
       [](ServerHelloSpec& s) {
         s.extensions = {{23, nothing}, {23, nothing}};
       },
       AnomalyKind::duplicate_extension, "ServerHello.extensions"},
      {"supported_versions of 3 bytes",
       [](ServerHelloSpec& s) {
         s.extensions = {{43, raw({3, 4, 0})}};
       },
       AnomalyKind::trailing_bytes, "ServerHello.supported_versions"},
      {"supported_versions as a client list",
       [](ServerHelloSpec& s) {
         s.extensions = {{43, u16_list_u8({0x0304})}};
       },
       AnomalyKind::trailing_bytes, "ServerHello.supported_versions"},
      {"server_name with data",
       [](ServerHelloSpec& s) {
         s.extensions = {{0, sni("x")}};
       },
       AnomalyKind::bad_length, "ServerHello.server_name"},
      {"two ALPN protocols",
       [](ServerHelloSpec& s) {
         s.extensions = {{16, alpn({"h2", "http/1.1"})}};
       },
       AnomalyKind::bad_length, "alpn.protocol_name_list"},
      {"pre_shared_key of 1 byte",
       [](ServerHelloSpec& s) {
         s.extensions = {{41, raw({0})}};
       },
       AnomalyKind::truncated, "ServerHello.pre_shared_key"},
      {"extended_master_secret with data",
       [](ServerHelloSpec& s) {
         s.extensions = {{23, raw({1})}};
       },
       AnomalyKind::bad_length, "ServerHello.extended_master_secret"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ServerHelloSpec s;
    c.change(s);
    const auto bytes = build(s);
    ServerHello hello;
    Anomaly why;
    EXPECT_FALSE(parse_server_hello(view(bytes), hello, why));
    EXPECT_EQ(why.kind, c.kind);
    EXPECT_STREQ(why.field, c.field);
  }
  auto trailing = build(ServerHelloSpec{});
  trailing.push_back(0);
  ServerHello hello;
  Anomaly why;
  EXPECT_FALSE(parse_server_hello(view(trailing), hello, why));
  EXPECT_EQ(why.kind, AnomalyKind::trailing_bytes);
}

// certificate12 builds a TLS 1.2 Certificate with certificates of the given sizes.
std::vector<std::uint8_t> certificate12(const std::vector<std::size_t>& sizes) {
  return ByteWriter()
      .prefixed_u24([&](ByteWriter& list) {  // certificate_list
        for (std::size_t i = 0; i < sizes.size(); ++i) {
          list.prefixed_u24([&](ByteWriter& c) {  // ASN.1Cert
            if (sizes[i] > 0) c.u8(0x30).zeros(sizes[i] - 1);
          });
        }
      })
      .take();
}

// certificate13 builds a TLS 1.3 Certificate; every entry carries `entry_extensions`.
std::vector<std::uint8_t> certificate13(const std::vector<std::uint8_t>& context,
                                        const std::vector<std::size_t>& sizes,
                                        const std::vector<Ext>& entry_extensions = {}) {
  return ByteWriter()
      .prefixed_u8([&](ByteWriter& c) { c.bytes(context); })  // certificate_request_context
      .prefixed_u24([&](ByteWriter& list) {                   // certificate_list
        for (std::size_t size : sizes) {
          list.prefixed_u24([&](ByteWriter& c) { c.zeros(size); })                           // cert_data
              .prefixed_u16([&](ByteWriter& e) { write_extensions(e, entry_extensions); });  // extensions
        }
      })
      .take();
}

TEST(TlsHandshakeTest, CertificateTls12) {
  const auto bytes = certificate12({1200, 1100, 900});
  CertificateMessage msg;
  Anomaly why;
  ASSERT_TRUE(parse_certificate(view(bytes), false, msg, why));
  EXPECT_EQ(msg.count, 3u);
  EXPECT_EQ(msg.total, 3u);
  EXPECT_EQ(msg.certificates[0].size(), 1200u);
  EXPECT_EQ(msg.certificates[0][0], 0x30);
  EXPECT_EQ(msg.certificates[2].size(), 900u);
  EXPECT_TRUE(msg.request_context.empty());

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    CertificateMessage m;
    Anomaly w;
    EXPECT_FALSE(parse_certificate(view(bytes).first(n), false, m, w));
  }

  // An empty list (a client without a certificate) is valid.
  const auto empty = certificate12({});
  ASSERT_TRUE(parse_certificate(view(empty), false, msg, why));
  EXPECT_EQ(msg.total, 0u);
}

TEST(TlsHandshakeTest, CertificateChainLongerThanTheCap) {
  const std::vector<std::size_t> sizes(kMaxChainCertificates + 4, 10);
  const auto bytes = certificate12(sizes);
  CertificateMessage msg;
  Anomaly why;
  ASSERT_TRUE(parse_certificate(view(bytes), false, msg, why));
  EXPECT_EQ(msg.count, kMaxChainCertificates);
  EXPECT_EQ(msg.total, kMaxChainCertificates + 4);
}

TEST(TlsHandshakeTest, CertificateMalformed) {
  CertificateMessage msg;
  Anomaly why;
  EXPECT_FALSE(parse_certificate(view(certificate12({500, 0})), false, msg, why));
  EXPECT_EQ(why.kind, AnomalyKind::bad_length);
  EXPECT_STREQ(why.field, "Certificate.cert_data");

  auto trailing = certificate12({10});
  trailing.push_back(0);
  why = {};
  EXPECT_FALSE(parse_certificate(view(trailing), false, msg, why));
  EXPECT_EQ(why.kind, AnomalyKind::trailing_bytes);

  // A TLS 1.3 message read with the TLS 1.2 layout does not parse.
  why = {};
  EXPECT_FALSE(parse_certificate(view(certificate13({}, {10})), false, msg, why));
}

TEST(TlsHandshakeTest, CertificateTls13) {
  const std::vector<Ext> sct = {{18, raw({0, 2, 0xab, 0xcd})}};  // signed_certificate_timestamp
  const auto bytes = certificate13({7, 7}, {800, 700}, sct);
  CertificateMessage msg;
  Anomaly why;
  ASSERT_TRUE(parse_certificate(view(bytes), true, msg, why)) << why.field;
  EXPECT_EQ(msg.request_context.size(), 2u);
  EXPECT_EQ(msg.count, 2u);
  EXPECT_EQ(msg.certificates[1].size(), 700u);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    CertificateMessage m;
    Anomaly w;
    EXPECT_FALSE(parse_certificate(view(bytes).first(n), true, m, w));
  }

  const auto empty = certificate13({}, {});
  ASSERT_TRUE(parse_certificate(view(empty), true, msg, why));
  EXPECT_EQ(msg.total, 0u);

  const auto duplicate = certificate13({}, {10}, {{5, nothing}, {5, nothing}});
  why = {};
  EXPECT_FALSE(parse_certificate(view(duplicate), true, msg, why));
  EXPECT_EQ(why.kind, AnomalyKind::duplicate_extension);
  EXPECT_STREQ(why.field, "CertificateEntry.extensions");

  const auto zero = certificate13({}, {10, 0});
  why = {};
  EXPECT_FALSE(parse_certificate(view(zero), true, msg, why));
  EXPECT_EQ(why.kind, AnomalyKind::bad_length);
}

Fill distinguished_names(std::vector<std::size_t> sizes) {
  return [sizes](ByteWriter& w) {
    w.prefixed_u16([&](ByteWriter& list) {
      for (std::size_t n : sizes)
        list.prefixed_u16([&](ByteWriter& dn) { dn.zeros(n); });  // DistinguishedName
    });
  };
}

TEST(TlsHandshakeTest, CertificateRequestTls10And12) {
  ByteWriter tls10;
  tls10.prefixed_u8([](ByteWriter& t) { t.u8(1).u8(64); });  // certificate_types: rsa_sign, ecdsa_sign
  distinguished_names({60, 70})(tls10);                      // certificate_authorities
  const auto v10 = tls10.take();

  ByteWriter tls12;
  tls12
      .prefixed_u8([](ByteWriter& t) { t.u8(1); })                      // certificate_types
      .prefixed_u16([](ByteWriter& s) { s.u16(0x0401).u16(0x0403); });  // supported_signature_algorithms
  distinguished_names({})(tls12);                                       // certificate_authorities: any
  const auto v12 = tls12.take();

  CertificateRequest req;
  Anomaly why;
  ASSERT_TRUE(parse_certificate_request(view(v10), 0x0301, req, why)) << why.field;
  EXPECT_EQ(req.certificate_types.size(), 2u);
  EXPECT_TRUE(req.signature_algorithms.empty());
  std::vector<std::size_t> names;
  for_each_distinguished_name(req.certificate_authorities, [&](Bytes dn) { names.push_back(dn.size()); });
  EXPECT_EQ(names, (std::vector<std::size_t>{60, 70}));

  ASSERT_TRUE(parse_certificate_request(view(v12), 0x0303, req, why)) << why.field;
  EXPECT_EQ(req.signature_algorithms.size(), 2u);
  EXPECT_TRUE(req.certificate_authorities.empty());

  // Each layout read as the other fails.
  Anomaly bad;
  EXPECT_FALSE(parse_certificate_request(view(v10), 0x0303, req, bad));
  bad = {};
  EXPECT_FALSE(parse_certificate_request(view(v12), 0x0302, req, bad));

  for (std::size_t n = 0; n < v12.size(); ++n) {
    SCOPED_TRACE(n);
    CertificateRequest r;
    Anomaly w;
    EXPECT_FALSE(parse_certificate_request(view(v12).first(n), 0x0303, r, w));
  }

  ByteWriter empty_dn;
  empty_dn.prefixed_u8([](ByteWriter& t) { t.u8(1); });
  distinguished_names({10, 0})(empty_dn);
  const auto with_empty_dn = empty_dn.take();
  bad = {};
  EXPECT_FALSE(parse_certificate_request(view(with_empty_dn), 0x0301, req, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);

  const auto no_types = ByteWriter().prefixed_u8(nothing).prefixed_u16(nothing).take();
  bad = {};
  EXPECT_FALSE(parse_certificate_request(view(no_types), 0x0301, req, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
  EXPECT_STREQ(bad.field, "CertificateRequest.certificate_types");
}

std::vector<std::uint8_t> certificate_request13(const std::vector<Ext>& extensions) {
  return ByteWriter()
      .prefixed_u8(nothing)                                                   // certificate_request_context
      .prefixed_u16([&](ByteWriter& b) { write_extensions(b, extensions); })  // extensions
      .take();
}

TEST(TlsHandshakeTest, CertificateRequestTls13) {
  const auto bytes = certificate_request13({
      {13, u16_list_u16({0x0804, 0x0403})},  // signature_algorithms
      {47, distinguished_names({50})},       // certificate_authorities
  });
  CertificateRequest req;
  Anomaly why;
  ASSERT_TRUE(parse_certificate_request(view(bytes), 0x0304, req, why)) << why.field;
  EXPECT_EQ(req.signature_algorithms.size(), 2u);
  EXPECT_TRUE(req.request_context.empty());
  std::vector<std::size_t> names;
  for_each_distinguished_name(req.certificate_authorities, [&](Bytes dn) { names.push_back(dn.size()); });
  EXPECT_EQ(names, (std::vector<std::size_t>{50}));

  // DTLS 1.3 and TLS 1.3 drafts use the same layout.
  EXPECT_TRUE(parse_certificate_request(view(bytes), 0xfefc, req, why));
  EXPECT_TRUE(parse_certificate_request(view(bytes), 0x7f17, req, why));

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    CertificateRequest r;
    Anomaly w;
    EXPECT_FALSE(parse_certificate_request(view(bytes).first(n), 0x0304, r, w));
  }

  const auto missing = certificate_request13({{47, distinguished_names({50})}});
  Anomaly bad;
  EXPECT_FALSE(parse_certificate_request(view(missing), 0x0304, req, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_value);
  EXPECT_STREQ(bad.field, "CertificateRequest.signature_algorithms");

  const auto duplicate = certificate_request13({{13, u16_list_u16({0x0804})}, {13, u16_list_u16({0x0804})}});
  bad = {};
  EXPECT_FALSE(parse_certificate_request(view(duplicate), 0x0304, req, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::duplicate_extension);

  const auto empty_cas = certificate_request13({{13, u16_list_u16({0x0804})}, {47, distinguished_names({})}});
  bad = {};
  EXPECT_FALSE(parse_certificate_request(view(empty_cas), 0x0304, req, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
}

// ecdhe_params writes ServerECDHParams for a named curve (RFC 8422 5.4).
void ecdhe_params(ByteWriter& w, std::uint16_t group, std::size_t point) {
  w.u8(3)                                                              // curve_type: named_curve
      .u16(group)                                                      // namedcurve
      .prefixed_u8([&](ByteWriter& p) { p.u8(4).zeros(point - 1); });  // public
}

// dhe_params writes ServerDHParams (RFC 5246 7.4.3).
void dhe_params(ByteWriter& w, const std::vector<std::uint8_t>& p) {
  w.prefixed_u16([&](ByteWriter& v) { v.bytes(p); })             // dh_p
      .prefixed_u16([](ByteWriter& v) { v.u8(2); })              // dh_g
      .prefixed_u16([&](ByteWriter& v) { v.zeros(p.size()); });  // dh_Ys
}

void signature12(ByteWriter& w) {
  w.u16(0x0804)                                            // algorithm: rsa_pss_rsae_sha256
      .prefixed_u16([](ByteWriter& s) { s.zeros(256); });  // signature
}

TEST(TlsHandshakeTest, ServerKeyExchangeEcdhe) {
  ByteWriter w;
  ecdhe_params(w, 29, 32);
  signature12(w);
  const auto bytes = w.take();
  ServerKeyExchange ske;
  Anomaly why;
  ASSERT_TRUE(parse_server_key_exchange(view(bytes), KeyExchangeKind::ecdhe, 0x0303, ske, why)) << why.field;
  EXPECT_EQ(ske.kind, KeyExchangeKind::ecdhe);
  EXPECT_EQ(ske.named_group, 29);
  EXPECT_EQ(ske.public_key_length, 32u);
  EXPECT_EQ(ske.signature_scheme, 0x0804);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    ServerKeyExchange s;
    Anomaly a;
    // The prefix that ends right after the parameters reads as an anonymous
    // (unsigned) exchange; every other prefix fails.
    const bool ok = parse_server_key_exchange(view(bytes).first(n), KeyExchangeKind::ecdhe, 0x0303, s, a);
    EXPECT_EQ(ok, n == 1 + 2 + 1 + 32);
  }

  // TLS 1.0: the signature has no algorithm in front of it.
  ByteWriter old;
  ecdhe_params(old, 23, 65);
  old.prefixed_u16([](ByteWriter& s) { s.zeros(36); });  // signature: MD5+SHA-1 RSA
  const auto old_bytes = old.take();
  ASSERT_TRUE(parse_server_key_exchange(view(old_bytes), KeyExchangeKind::ecdhe, 0x0301, ske, why));
  EXPECT_EQ(ske.named_group, 23);
  EXPECT_EQ(ske.signature_scheme, 0);
  // Read with the TLS 1.2 layout the same bytes do not fit.
  Anomaly bad;
  EXPECT_FALSE(parse_server_key_exchange(view(old_bytes), KeyExchangeKind::ecdhe, 0x0303, ske, bad));
}

TEST(TlsHandshakeTest, ServerKeyExchangeDhe) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> p;
    std::size_t bits;
  };
  std::vector<std::uint8_t> p2048(256, 0xff);
  std::vector<std::uint8_t> p1024_padded(129, 0xff);
  p1024_padded[0] = 0x00;  // a leading zero byte does not count
  std::vector<std::uint8_t> p1023(128, 0xff);
  p1023[0] = 0x7f;
  std::vector<std::uint8_t> p512_padded(66, 0xc3);
  p512_padded[0] = 0;
  p512_padded[1] = 0;
  const Case cases[] = {
      {"2048-bit", p2048, 2048}, {"1024-bit with a leading zero byte", p1024_padded, 1024},
      {"1023-bit", p1023, 1023}, {"512-bit with two zero bytes", p512_padded, 512},
      {"all zero", {0, 0}, 0},   {"one", {1}, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ByteWriter w;
    dhe_params(w, c.p);
    signature12(w);
    const auto bytes = w.take();
    ServerKeyExchange ske;
    Anomaly why;
    ASSERT_TRUE(parse_server_key_exchange(view(bytes), KeyExchangeKind::dhe, 0x0303, ske, why)) << why.field;
    EXPECT_EQ(ske.dh_prime_bits, c.bits);
    EXPECT_EQ(ske.dh_p.size(), c.p.size());
    EXPECT_EQ(ske.public_key_length, c.p.size());
    EXPECT_EQ(ske.signature_scheme, 0x0804);
  }

  // DH_anon: parameters and nothing else.
  ByteWriter anon;
  dhe_params(anon, p2048);
  const auto anon_bytes = anon.take();
  ServerKeyExchange ske;
  Anomaly why;
  ASSERT_TRUE(parse_server_key_exchange(view(anon_bytes), KeyExchangeKind::dhe, 0x0303, ske, why));
  EXPECT_EQ(ske.signature_scheme, 0);

  const auto empty_g = ByteWriter()
                           .prefixed_u16([](ByteWriter& v) { v.u8(0xff); })  // dh_p
                           .prefixed_u16(nothing)                            // dh_g: empty
                           .prefixed_u16([](ByteWriter& v) { v.u8(1); })     // dh_Ys
                           .take();
  Anomaly bad;
  EXPECT_FALSE(parse_server_key_exchange(view(empty_g), KeyExchangeKind::dhe, 0x0303, ske, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
  EXPECT_STREQ(bad.field, "ServerKeyExchange.dh_g");
}

TEST(TlsHandshakeTest, ServerKeyExchangePskVariants) {
  ServerKeyExchange ske;
  Anomaly why;
  const auto psk =
      ByteWriter().prefixed_u16([](ByteWriter& h) { h.str("hint"); }).take();  // psk_identity_hint
  ASSERT_TRUE(parse_server_key_exchange(view(psk), KeyExchangeKind::psk, 0x0303, ske, why));

  ByteWriter ecdhe_psk;
  ecdhe_psk.prefixed_u16(nothing);  // psk_identity_hint: empty
  ecdhe_params(ecdhe_psk, 29, 32);
  const auto ecdhe_psk_bytes = ecdhe_psk.take();
  ASSERT_TRUE(parse_server_key_exchange(view(ecdhe_psk_bytes), KeyExchangeKind::ecdhe_psk, 0x0303, ske, why));
  EXPECT_EQ(ske.named_group, 29);

  ByteWriter dhe_psk;
  dhe_psk.prefixed_u16([](ByteWriter& h) { h.str("id"); });
  dhe_params(dhe_psk, std::vector<std::uint8_t>(256, 0xff));
  const auto dhe_psk_bytes = dhe_psk.take();
  ASSERT_TRUE(parse_server_key_exchange(view(dhe_psk_bytes), KeyExchangeKind::dhe_psk, 0x0303, ske, why));
  EXPECT_EQ(ske.dh_prime_bits, 2048u);

  // PSK exchanges are unsigned: anything after the parameters is trailing.
  auto signed_psk = ecdhe_psk_bytes;
  ByteWriter sig;
  signature12(sig);
  signed_psk.insert(signed_psk.end(), sig.data().begin(), sig.data().end());
  Anomaly bad;
  EXPECT_FALSE(parse_server_key_exchange(view(signed_psk), KeyExchangeKind::ecdhe_psk, 0x0303, ske, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::trailing_bytes);
}

TEST(TlsHandshakeTest, ServerKeyExchangeOtherKinds) {
  ServerKeyExchange ske;
  // Export RSA: a temporary 512-bit key, signed.
  const auto rsa = ByteWriter()
                       .prefixed_u16([](ByteWriter& m) { m.u8(0xc1).zeros(63); })  // rsa_modulus
                       .prefixed_u16([](ByteWriter& e) { e.u8(1).u8(0).u8(1); })   // rsa_exponent
                       .prefixed_u16([](ByteWriter& s) { s.zeros(36); })           // signature
                       .take();
  Anomaly why;
  ASSERT_TRUE(parse_server_key_exchange(view(rsa), KeyExchangeKind::rsa, 0x0300, ske, why)) << why.field;
  EXPECT_EQ(ske.public_key_length, 64u);

  for (KeyExchangeKind kind : {KeyExchangeKind::unknown, KeyExchangeKind::tls13}) {
    Anomaly bad;
    EXPECT_FALSE(parse_server_key_exchange(view(rsa), kind, 0x0303, ske, bad));
    EXPECT_EQ(bad.kind, AnomalyKind::unsupported);
  }

  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    AnomalyKind kind;
  };
  const Case cases[] = {
      {"explicit_prime curve", {1, 0, 0}, AnomalyKind::unsupported},
      {"explicit_char2 curve", {2, 0, 0}, AnomalyKind::unsupported},
      {"curve_type 7", {7, 0, 29, 1, 4}, AnomalyKind::bad_value},
      {"empty point", {3, 0, 29, 0}, AnomalyKind::bad_length},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Anomaly bad;
    EXPECT_FALSE(parse_server_key_exchange(view(c.bytes), KeyExchangeKind::ecdhe, 0x0303, ske, bad));
    EXPECT_EQ(bad.kind, c.kind);
  }

  ByteWriter trailing;
  ecdhe_params(trailing, 29, 32);
  signature12(trailing);
  trailing.u8(0);
  Anomaly bad;
  EXPECT_FALSE(parse_server_key_exchange(view(trailing.data()), KeyExchangeKind::ecdhe, 0x0303, ske, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::trailing_bytes);
}

TEST(TlsHandshakeTest, NewSessionTicket) {
  const auto v12 = ByteWriter()
                       .u32(7200)                                          // ticket_lifetime_hint
                       .prefixed_u16([](ByteWriter& t) { t.zeros(160); })  // ticket
                       .take();
  NewSessionTicket nst;
  Anomaly why;
  ASSERT_TRUE(parse_new_session_ticket(view(v12), false, nst, why));
  EXPECT_EQ(nst.lifetime_hint, 7200u);
  EXPECT_EQ(nst.ticket_length, 160u);

  const auto v13 = ByteWriter()
                       .u32(604800)                                                    // ticket_lifetime
                       .u32(0xdeadbeef)                                                // ticket_age_add
                       .prefixed_u8([](ByteWriter& n) { n.zeros(8); })                 // ticket_nonce
                       .prefixed_u16([](ByteWriter& t) { t.zeros(200); })              // ticket
                       .prefixed_u16([](ByteWriter& e) {                               // extensions
                         e.u16(42).prefixed_u16([](ByteWriter& d) { d.u32(16384); });  // early_data
                       })
                       .take();
  ASSERT_TRUE(parse_new_session_ticket(view(v13), true, nst, why)) << why.field;
  EXPECT_EQ(nst.lifetime_hint, 604800u);
  EXPECT_EQ(nst.ticket_length, 200u);

  for (std::size_t n = 0; n < v13.size(); ++n) {
    SCOPED_TRACE(n);
    NewSessionTicket t;
    Anomaly a;
    EXPECT_FALSE(parse_new_session_ticket(view(v13).first(n), true, t, a));
  }
  for (std::size_t n = 0; n < v12.size(); ++n) {
    SCOPED_TRACE(n);
    NewSessionTicket t;
    Anomaly a;
    EXPECT_FALSE(parse_new_session_ticket(view(v12).first(n), false, t, a));
  }

  const auto empty_ticket =
      ByteWriter().u32(1).u32(2).prefixed_u8(nothing).prefixed_u16(nothing).prefixed_u16(nothing).take();
  Anomaly bad;
  EXPECT_FALSE(parse_new_session_ticket(view(empty_ticket), true, nst, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
  EXPECT_STREQ(bad.field, "NewSessionTicket.ticket");

  auto trailing = v12;
  trailing.push_back(0);
  bad = {};
  EXPECT_FALSE(parse_new_session_ticket(view(trailing), false, nst, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::trailing_bytes);
}

std::vector<std::uint8_t> encrypted_extensions(const std::vector<Ext>& extensions) {
  return ByteWriter().prefixed_u16([&](ByteWriter& b) { write_extensions(b, extensions); }).take();
}

TEST(TlsHandshakeTest, EncryptedExtensions) {
  const auto bytes = encrypted_extensions({
      {10, u16_list_u16({29, 23})},  // supported_groups: ignored
      {16, alpn({"h2"})},            // ALPN
      {0, nothing},                  // server_name acknowledgement
      {42, nothing},                 // early_data accepted
  });
  EncryptedExtensions ee;
  Anomaly why;
  ASSERT_TRUE(parse_encrypted_extensions(view(bytes), ee, why)) << why.field;
  EXPECT_TRUE(ee.has_alpn);
  EXPECT_EQ(ee.alpn, "h2");
  EXPECT_TRUE(ee.has_server_name_ack);
  EXPECT_TRUE(ee.has_early_data);

  const auto none = encrypted_extensions({});
  ASSERT_TRUE(parse_encrypted_extensions(view(none), ee, why));
  EXPECT_FALSE(ee.has_alpn);

  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    EncryptedExtensions e;
    Anomaly a;
    EXPECT_FALSE(parse_encrypted_extensions(view(bytes).first(n), e, a));
  }

  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    AnomalyKind kind;
  };
  auto trailing = encrypted_extensions({});
  trailing.push_back(0);
  const Case cases[] = {
      {"duplicate ALPN", encrypted_extensions({{16, alpn({"h2"})}, {16, alpn({"h2"})}}),
       AnomalyKind::duplicate_extension},
      {"early_data with data", encrypted_extensions({{42, raw({0})}}), AnomalyKind::bad_length},
      {"server_name with data", encrypted_extensions({{0, sni("x")}}), AnomalyKind::bad_length},
      {"trailing byte", trailing, AnomalyKind::trailing_bytes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EncryptedExtensions e;
    Anomaly bad;
    EXPECT_FALSE(parse_encrypted_extensions(view(c.bytes), e, bad));
    EXPECT_EQ(bad.kind, c.kind);
  }
}

TEST(TlsHandshakeTest, RandomBytesNeverCrash) {
  // Deterministic garbage for ASan/UBSan. Half the buffers are mutations of
  // valid messages so the decoders get past their first length check.
  const std::vector<std::vector<std::uint8_t>> seeds = {
      build(modern_client_hello()),
      build(ServerHelloSpec{}),
      certificate12({40, 30}),
      certificate13({1}, {20}, {{5, nothing}}),
      certificate_request13({{13, u16_list_u16({0x0804})}}),
      encrypted_extensions({{16, alpn({"h2"})}}),
  };
  std::mt19937 rng(0x5eed);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> buf;
    if (i % 2 == 0) {
      buf = seeds[static_cast<std::size_t>(i / 2) % seeds.size()];
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int f = 0; f < flips && !buf.empty(); ++f)
        buf[rng() % buf.size()] = static_cast<std::uint8_t>(rng());
      buf.resize(rng() % (buf.size() + 1));
    } else {
      buf.resize(rng() % 96);
      for (auto& b : buf) b = static_cast<std::uint8_t>(rng() % 16);
    }
    const Bytes b = view(buf);
    Anomaly why;
    HandshakeMessage msg;
    const FrameResult framed = frame_handshake(b, 1 << 14, msg);
    if (framed.status == FrameStatus::complete) {
      EXPECT_LE(framed.length, buf.size());
    }
    ClientHello ch;
    if (parse_client_hello(b, ch, why)) {
      (void)highest_offered_version(ch);
      for_each_alpn(ch.alpn_protocols, [](std::string_view) {});
      for_each_key_share(ch.key_shares, [](std::uint16_t, std::size_t) {});
    }
    ServerHello sh;
    (void)parse_server_hello(b, sh, why);
    CertificateMessage cert;
    (void)parse_certificate(b, i % 3 == 0, cert, why);
    EXPECT_LE(cert.count, kMaxChainCertificates);
    CertificateRequest cr;
    const std::uint16_t versions[] = {0x0301, 0x0303, 0x0304};
    if (parse_certificate_request(b, versions[i % 3], cr, why)) {
      for_each_distinguished_name(cr.certificate_authorities, [](Bytes) {});
    }
    ServerKeyExchange ske;
    const KeyExchangeKind kinds[] = {KeyExchangeKind::rsa,     KeyExchangeKind::dhe,
                                     KeyExchangeKind::ecdhe,   KeyExchangeKind::psk,
                                     KeyExchangeKind::dhe_psk, KeyExchangeKind::ecdhe_psk};
    (void)parse_server_key_exchange(b, kinds[i % 6], versions[i % 2], ske, why);
    NewSessionTicket nst;
    (void)parse_new_session_ticket(b, i % 2 == 0, nst, why);
    EncryptedExtensions ee;
    (void)parse_encrypted_extensions(b, ee, why);
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
