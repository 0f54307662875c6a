// Tests for parsers/tls_extensions: the extension walker and each
// extension_data decoder, on hand-built bytes.
#include "parsers/tls_extensions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/tls_handshake.h"
#include "tests/support/byte_writer.h"

namespace tlsanalyze::parsers {
namespace {

using testing::ByteWriter;

Bytes view(const std::vector<std::uint8_t>& v) { return Bytes(v.data(), v.size()); }

// expect_every_prefix_fails checks that each proper prefix of a valid
// extension_data is rejected by `parse`.
template <typename Parse>
void expect_every_prefix_fails(const std::vector<std::uint8_t>& bytes, Parse parse) {
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    Anomaly why;
    EXPECT_FALSE(parse(view(bytes).first(n), why));
    EXPECT_NE(why.kind, AnomalyKind::none);
  }
}

TEST(TlsExtensionsTest, ExtensionReaderWalksABlock) {
  const auto block = ByteWriter()
                         .u16(0)                                           // server_name
                         .prefixed_u16([](ByteWriter& w) { w.u8(0xaa); })  // extension_data
                         .u16(0x0a0a)                                      // GREASE
                         .prefixed_u16([](ByteWriter&) {})                 // empty data
                         .take();
  ExtensionReader reader(view(block));
  Extension ext;
  Anomaly why;
  ASSERT_TRUE(reader.next(ext, why));
  EXPECT_EQ(ext.type, 0);
  EXPECT_EQ(ext.data.size(), 1u);
  ASSERT_TRUE(reader.next(ext, why));
  EXPECT_EQ(ext.type, 0x0a0a);
  EXPECT_TRUE(ext.data.empty());
  EXPECT_FALSE(reader.next(ext, why));
  EXPECT_EQ(why.kind, AnomalyKind::none);
}

TEST(TlsExtensionsTest, ExtensionReaderReportsTruncation) {
  const auto block = ByteWriter()
                         .u16(13)                                                    // signature_algorithms
                         .prefixed_u16([](ByteWriter& w) { w.u16(2).u16(0x0403); })  // extension_data
                         .take();
  for (std::size_t n = 1; n < block.size(); ++n) {
    SCOPED_TRACE(n);
    ExtensionReader reader(view(block).first(n));
    Extension ext;
    Anomaly why;
    EXPECT_FALSE(reader.next(ext, why));
    EXPECT_EQ(why.kind, AnomalyKind::truncated);
  }
}

std::vector<std::uint8_t> server_name_ext(const std::vector<std::pair<std::uint8_t, std::string>>& names) {
  return ByteWriter()
      .prefixed_u16([&](ByteWriter& list) {  // server_name_list
        for (const auto& entry : names) {
          // Not a structured binding: clang 14 cannot capture those in lambdas.
          const std::string& name = entry.second;
          list.u8(entry.first)                                     // name_type
              .prefixed_u16([&](ByteWriter& w) { w.str(name); });  // HostName
        }
      })
      .take();
}

TEST(TlsExtensionsTest, ServerNameList) {
  std::string_view host;
  Anomaly why;
  const auto one = server_name_ext({{0, "example.com"}});
  ASSERT_TRUE(parse_server_name_list(view(one), host, why));
  EXPECT_EQ(host, "example.com");

  // Unknown name types are skipped; the first host_name wins.
  const auto mixed = server_name_ext({{7, "opaque"}, {0, "first.example"}, {0, "second.example"}});
  ASSERT_TRUE(parse_server_name_list(view(mixed), host, why));
  EXPECT_EQ(host, "first.example");

  // Well-formed without a host_name: true, empty.
  const auto none = server_name_ext({{7, "opaque"}});
  ASSERT_TRUE(parse_server_name_list(view(none), host, why));
  EXPECT_TRUE(host.empty());

  expect_every_prefix_fails(one, [](Bytes b, Anomaly& w) {
    std::string_view h;
    return parse_server_name_list(b, h, w);
  });
}

TEST(TlsExtensionsTest, ServerNameListMalformed) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    AnomalyKind kind;
  };
  auto trailing = server_name_ext({{0, "a.example"}});
  trailing.push_back(0);
  const Case cases[] = {
      {"empty extension_data (a server's ack)", {}, AnomalyKind::truncated},
      {"empty list", server_name_ext({}), AnomalyKind::bad_length},
      {"empty host name", server_name_ext({{0, ""}}), AnomalyKind::bad_length},
      {"trailing byte", trailing, AnomalyKind::trailing_bytes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string_view host;
    Anomaly why;
    EXPECT_FALSE(parse_server_name_list(view(c.bytes), host, why));
    EXPECT_EQ(why.kind, c.kind);
  }
}

TEST(TlsExtensionsTest, U16Vectors) {
  const auto versions =
      ByteWriter().prefixed_u8([](ByteWriter& w) { w.u16(0x7a7a).u16(0x0304).u16(0x0303); }).take();
  U16List list;
  Anomaly why;
  ASSERT_TRUE(parse_u16_vector_u8(view(versions), list, why, "supported_versions"));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], 0x7a7a);
  EXPECT_EQ(list[1], 0x0304);
  EXPECT_TRUE(list.contains(0x0303));

  const auto groups = ByteWriter().prefixed_u16([](ByteWriter& w) { w.u16(29).u16(23); }).take();
  ASSERT_TRUE(parse_u16_vector_u16(view(groups), list, why, "supported_groups"));
  EXPECT_EQ(list.size(), 2u);

  expect_every_prefix_fails(versions, [](Bytes b, Anomaly& w) {
    U16List l;
    return parse_u16_vector_u8(b, l, w, "f");
  });
  expect_every_prefix_fails(groups, [](Bytes b, Anomaly& w) {
    U16List l;
    return parse_u16_vector_u16(b, l, w, "f");
  });
}

TEST(TlsExtensionsTest, U16VectorsMalformed) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    bool u8_prefix;
    AnomalyKind kind;
  };
  auto trailing = ByteWriter().prefixed_u16([](ByteWriter& w) { w.u16(29); }).take();
  trailing.push_back(0);
  const Case cases[] = {
      {"odd length, u8", ByteWriter().prefixed_u8([](ByteWriter& w) { w.u16(0x0304).u8(3); }).take(), true,
       AnomalyKind::bad_length},
      {"empty, u8", ByteWriter().prefixed_u8([](ByteWriter&) {}).take(), true, AnomalyKind::bad_length},
      {"odd length, u16", ByteWriter().prefixed_u16([](ByteWriter& w) { w.u8(29); }).take(), false,
       AnomalyKind::bad_length},
      {"empty, u16", ByteWriter().prefixed_u16([](ByteWriter&) {}).take(), false, AnomalyKind::bad_length},
      {"trailing, u16", trailing, false, AnomalyKind::trailing_bytes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    U16List list;
    Anomaly why;
    const bool ok = c.u8_prefix ? parse_u16_vector_u8(view(c.bytes), list, why, "Test.field")
                                : parse_u16_vector_u16(view(c.bytes), list, why, "Test.field");
    EXPECT_FALSE(ok);
    EXPECT_EQ(why.kind, c.kind);
    EXPECT_STREQ(why.field, "Test.field");
  }
}

std::vector<std::uint8_t> alpn_ext(const std::vector<std::string>& names) {
  return ByteWriter()
      .prefixed_u16([&](ByteWriter& list) {                                              // protocol_name_list
        for (const auto& n : names) list.prefixed_u8([&](ByteWriter& w) { w.str(n); });  // ProtocolName
      })
      .take();
}

TEST(TlsExtensionsTest, AlpnList) {
  const auto bytes = alpn_ext({"h2", "http/1.1"});
  Bytes list;
  Anomaly why;
  ASSERT_TRUE(parse_alpn_list(view(bytes), list, why));
  EXPECT_EQ(list.size(), bytes.size() - 2);

  Anomaly bad;
  EXPECT_FALSE(parse_alpn_list(view(alpn_ext({})), list, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
  bad = {};
  EXPECT_FALSE(parse_alpn_list(view(alpn_ext({"h2", ""})), list, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);

  expect_every_prefix_fails(bytes, [](Bytes b, Anomaly& w) {
    Bytes l;
    return parse_alpn_list(b, l, w);
  });
}

TEST(TlsExtensionsTest, AlpnSelected) {
  std::string_view protocol;
  Anomaly why;
  const auto one = alpn_ext({"h2"});
  ASSERT_TRUE(parse_alpn_selected(view(one), protocol, why));
  EXPECT_EQ(protocol, "h2");

  Anomaly bad;
  EXPECT_FALSE(parse_alpn_selected(view(alpn_ext({"h2", "http/1.1"})), protocol, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);
  bad = {};
  EXPECT_FALSE(parse_alpn_selected(view(alpn_ext({""})), protocol, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);

  expect_every_prefix_fails(one, [](Bytes b, Anomaly& w) {
    std::string_view p;
    return parse_alpn_selected(b, p, w);
  });
}

std::vector<std::uint8_t> key_share_ext(const std::vector<std::pair<std::uint16_t, std::size_t>>& entries) {
  return ByteWriter()
      .prefixed_u16([&](ByteWriter& shares) {  // client_shares
        for (const auto& entry : entries) {
          const std::size_t key_length = entry.second;
          shares
              .u16(entry.first)                                            // group
              .prefixed_u16([&](ByteWriter& w) { w.zeros(key_length); });  // key_exchange
        }
      })
      .take();
}

TEST(TlsExtensionsTest, KeyShareClient) {
  const auto bytes = key_share_ext({{0x3a3a, 1}, {29, 32}, {0x11ec, 1216}});
  Bytes shares;
  Anomaly why;
  ASSERT_TRUE(parse_key_share_client(view(bytes), shares, why));
  // for_each_key_share (tls_handshake.h) walks what the decoder validated.
  std::vector<std::pair<std::uint16_t, std::size_t>> seen;
  for_each_key_share(
      shares, [&](std::uint16_t group, std::size_t key_length) { seen.emplace_back(group, key_length); });
  EXPECT_EQ(seen,
            (std::vector<std::pair<std::uint16_t, std::size_t>>{{0x3a3a, 1}, {29, 32}, {0x11ec, 1216}}));

  // An empty client_shares asks for a HelloRetryRequest: valid.
  ASSERT_TRUE(parse_key_share_client(view(key_share_ext({})), shares, why));
  EXPECT_TRUE(shares.empty());

  expect_every_prefix_fails(bytes, [](Bytes b, Anomaly& w) {
    Bytes s;
    return parse_key_share_client(b, s, w);
  });
}

TEST(TlsExtensionsTest, KeyShareClientMalformed) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> bytes;
    AnomalyKind kind;
  };
  auto trailing = key_share_ext({{29, 32}});
  trailing.push_back(1);
  const Case cases[] = {
      {"empty key_exchange", key_share_ext({{29, 0}}), AnomalyKind::bad_length},
      {"same group twice", key_share_ext({{29, 32}, {23, 65}, {29, 32}}), AnomalyKind::bad_value},
      {"trailing byte", trailing, AnomalyKind::trailing_bytes},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Bytes shares;
    Anomaly why;
    EXPECT_FALSE(parse_key_share_client(view(c.bytes), shares, why));
    EXPECT_EQ(why.kind, c.kind);
  }
}

TEST(TlsExtensionsTest, KeyShareServer) {
  const auto entry = ByteWriter()
                         .u16(29)                                           // group: x25519
                         .prefixed_u16([](ByteWriter& w) { w.zeros(32); })  // key_exchange
                         .take();
  const auto hrr = ByteWriter().u16(0x11ec).take();  // selected_group
  std::uint16_t group = 0;
  Anomaly why;
  ASSERT_TRUE(parse_key_share_server(view(entry), false, group, why));
  EXPECT_EQ(group, 29);
  ASSERT_TRUE(parse_key_share_server(view(hrr), true, group, why));
  EXPECT_EQ(group, 0x11ec);

  // A full entry where only a group belongs, and the reverse.
  Anomaly bad;
  EXPECT_FALSE(parse_key_share_server(view(entry), true, group, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::trailing_bytes);
  bad = {};
  EXPECT_FALSE(parse_key_share_server(view(hrr), false, group, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::truncated);
  const auto empty_key = ByteWriter().u16(29).prefixed_u16([](ByteWriter&) {}).take();
  bad = {};
  EXPECT_FALSE(parse_key_share_server(view(empty_key), false, group, bad));
  EXPECT_EQ(bad.kind, AnomalyKind::bad_length);

  expect_every_prefix_fails(entry, [](Bytes b, Anomaly& w) {
    std::uint16_t g = 0;
    return parse_key_share_server(b, false, g, w);
  });
  expect_every_prefix_fails(hrr, [](Bytes b, Anomaly& w) {
    std::uint16_t g = 0;
    return parse_key_share_server(b, true, g, w);
  });
}

TEST(TlsExtensionsTest, RandomBytesNeverCrash) {
  std::mt19937 rng(0xe47);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> buf(rng() % 48);
    for (auto& b : buf)
      b = static_cast<std::uint8_t>(rng() % (i % 2 == 0 ? 8 : 256));  // small values make lengths fit
    const Bytes b = view(buf);
    Anomaly why;
    std::string_view sv;
    U16List list;
    Bytes out;
    std::uint16_t group = 0;
    if (parse_server_name_list(b, sv, why)) {
      EXPECT_TRUE(sv.empty() ||
                  (sv.data() >= reinterpret_cast<const char*>(buf.data()) &&
                   sv.data() + sv.size() <= reinterpret_cast<const char*>(buf.data() + buf.size())));
    }
    (void)parse_u16_vector_u8(b, list, why, "f");
    (void)parse_u16_vector_u16(b, list, why, "f");
    (void)parse_alpn_list(b, out, why);
    (void)parse_alpn_selected(b, sv, why);
    (void)parse_key_share_client(b, out, why);
    (void)parse_key_share_server(b, i % 2 == 0, group, why);
    ExtensionReader reader(b);
    Extension ext;
    int count = 0;
    while (reader.next(ext, why)) ++count;
    EXPECT_LE(count * 4, static_cast<int>(buf.size()));
  }
}

}  // namespace
}  // namespace tlsanalyze::parsers
