// Tests for analyzer/keylog: NSS key log parsing, counters and lookup.
#include "analyzer/tls/decrypt/keylog.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace tlsanalyze::analyzer {
namespace {

// Two client randoms and secrets of each legal size, as hex text.
constexpr std::string_view kRandomA = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr std::string_view kRandomB = "a077576716534de2c585168c19839e0a11fe0683f5ff9da6a531debea98bc697";
constexpr std::string_view kSecret32 = "bc9709be86f5c656ca8b342a8146ccaeab68c82d74fe06a23d0566f35030a853";
constexpr std::string_view kOther32 = "5aa0e5fa49cb558b79d48ef2b130f112c4b141acb145139fff1a97adadfad3eb";
constexpr std::string_view kSecret48 =
    "23323da031634b241dd37d61032b62a4f450584d1f7f47983ba2f7cc0cdcc39a68f481f2b019f9403a3051908a5d1622";

std::vector<std::uint8_t> unhex(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  return out;
}

std::string line(std::string_view label, std::string_view random, std::string_view secret) {
  return std::string(label) + " " + std::string(random) + " " + std::string(secret) + "\n";
}

// The key log of the illustrated-tls13 capture
// (/work/shared/corpus/illustrated-tls13__keylog.txt, from
// github.com/syncsynchalt/illustrated-tls13, MIT): TLS_AES_256_GCM_SHA384, so
// every secret is 48 bytes.
constexpr std::string_view kIllustratedKeyLog =
    "SERVER_HANDSHAKE_TRAFFIC_SECRET 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "23323da031634b241dd37d61032b62a4f450584d1f7f47983ba2f7cc0cdcc39a68f481f2b019f9403a3051908a5d1622\n"
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "db89d2d6df0e84fed74a2288f8fd4d0959f790ff23946cdf4c26d85e51bebd42ae184501972f8d30c4a3e4a3693d0ef0\n"
    "EXPORTER_SECRET 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "5da16dd8325dd8279e4535363384d9ad0dbe370538fc3ad74e53d533b77ac35ee072d56c90871344e6857ccb2efc9e14\n"
    "SERVER_TRAFFIC_SECRET_0 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "86c967fd7747a36a0685b4ed8d0e6b4c02b4ddaf3cd294aa44e9f6b0183bf911e89a189ba5dfd71fccffb5cc164901f8\n"
    "CLIENT_TRAFFIC_SECRET_0 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
    "9e47af27cb60d818a9ea7d233cb5ed4cc525fcd74614fb24b0ee59acb8e5aa7ff8d88b89792114208fec291a6fa96bad\n";

// temp_path returns a file name in GoogleTest's temporary directory.
std::string temp_path(std::string_view name) {
  return ::testing::TempDir() + "keylog_test_" + std::string(name);
}

void write_file(const std::string& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  ASSERT_TRUE(out.good()) << path;
}

TEST(KeyLogTest, ParsesTheIllustratedTls13KeyLog) {
  KeyLog log;
  EXPECT_TRUE(log.load_text(kIllustratedKeyLog));
  EXPECT_EQ(log.sessions(), 1u);
  EXPECT_EQ(log.malformed_lines(), 0u);
  EXPECT_EQ(log.ignored_lines(), 0u);
  const SessionSecrets* s = log.find(unhex(kRandomA));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->server_handshake_traffic_secret, unhex(kSecret48));
  EXPECT_EQ(s->client_handshake_traffic_secret, unhex("db89d2d6df0e84fed74a2288f8fd4d0959f790ff23946cdf4c26d8"
                                                      "5e51bebd42ae184501972f8d30c4a3e4a3693d0ef0"));
  EXPECT_EQ(s->server_traffic_secret_0.size(), 48u);
  EXPECT_EQ(s->client_traffic_secret_0.size(), 48u);
  EXPECT_EQ(s->exporter_secret.size(), 48u);
  EXPECT_TRUE(s->client_early_traffic_secret.empty());
  EXPECT_TRUE(s->master_secret.empty());
}

TEST(KeyLogTest, EveryLabelFillsItsField) {
  struct Case {
    std::string_view label;
    std::vector<std::uint8_t> SessionSecrets::*field;
    std::string_view secret;
  };
  const Case cases[] = {
      {"CLIENT_RANDOM", &SessionSecrets::master_secret, kSecret48},
      {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", &SessionSecrets::client_handshake_traffic_secret, kSecret32},
      {"SERVER_HANDSHAKE_TRAFFIC_SECRET", &SessionSecrets::server_handshake_traffic_secret, kSecret48},
      {"CLIENT_TRAFFIC_SECRET_0", &SessionSecrets::client_traffic_secret_0, kSecret32},
      {"SERVER_TRAFFIC_SECRET_0", &SessionSecrets::server_traffic_secret_0, kSecret32},
      {"CLIENT_EARLY_TRAFFIC_SECRET", &SessionSecrets::client_early_traffic_secret, kSecret32},
      {"EXPORTER_SECRET", &SessionSecrets::exporter_secret, kSecret32},
      {"EARLY_EXPORTER_SECRET", &SessionSecrets::early_exporter_secret, kSecret48},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    KeyLog log;
    EXPECT_TRUE(log.load_text(line(c.label, kRandomB, c.secret)));
    const SessionSecrets* s = log.find(unhex(kRandomB));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->*(c.field), unhex(c.secret));
    // No other field was touched.
    std::size_t filled = 0;
    for (const Case& other : cases) filled += (s->*(other.field)).empty() ? 0 : 1;
    EXPECT_EQ(filled, 1u);
  }
}

TEST(KeyLogTest, ToleratesLayoutVariations) {
  struct Case {
    const char* name;
    std::string text;
  };
  const std::string good = line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kSecret32);
  std::string upper = good;
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  const Case cases[] = {
      {"plain", good},
      {"CRLF", "CLIENT_TRAFFIC_SECRET_0 " + std::string(kRandomA) + " " + std::string(kSecret32) + "\r\n"},
      {"no final newline", good.substr(0, good.size() - 1)},
      {"upper-case hex", upper},
      {"tabs and double spaces",
       "CLIENT_TRAFFIC_SECRET_0\t" + std::string(kRandomA) + "  " + std::string(kSecret32) + " \t\n"},
      {"leading whitespace", "   " + good},
      {"comments and blank lines",
       "# SSL/TLS secrets log file, generated by OpenSSL\n\n   \n\r\n#x\n" + good + "\n"},
      {"UTF-8 byte order mark", "\xEF\xBB\xBF" + good},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    KeyLog log;
    EXPECT_TRUE(log.load_text(c.text));
    EXPECT_EQ(log.malformed_lines(), 0u);
    EXPECT_EQ(log.ignored_lines(), 0u);
    const SessionSecrets* s = log.find(unhex(kRandomA));
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->client_traffic_secret_0, unhex(kSecret32));
  }
}

TEST(KeyLogTest, MalformedLinesAreCountedAndSkipped) {
  const std::string random(kRandomA);
  const std::string secret(kSecret32);
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"label only", "CLIENT_TRAFFIC_SECRET_0\n"},
      {"missing secret", "CLIENT_TRAFFIC_SECRET_0 " + random + "\n"},
      {"extra field", "CLIENT_TRAFFIC_SECRET_0 " + random + " " + secret + " extra\n"},
      {"odd-length secret", "CLIENT_TRAFFIC_SECRET_0 " + random + " " + secret + "a\n"},
      {"non-hex in secret", "CLIENT_TRAFFIC_SECRET_0 " + random + " " + secret.substr(0, 62) + "zz\n"},
      {"non-hex in random", "CLIENT_TRAFFIC_SECRET_0 g" + random.substr(1) + " " + secret + "\n"},
      {"31-byte random", "CLIENT_TRAFFIC_SECRET_0 " + random.substr(2) + " " + secret + "\n"},
      {"33-byte random", "CLIENT_TRAFFIC_SECRET_0 " + random + "00 " + secret + "\n"},
      {"31-byte secret", "CLIENT_TRAFFIC_SECRET_0 " + random + " " + secret.substr(2) + "\n"},
      {"47-byte secret", "SERVER_TRAFFIC_SECRET_0 " + random + " " + std::string(kSecret48).substr(2) + "\n"},
      {"64-byte secret", "SERVER_TRAFFIC_SECRET_0 " + random + " " + secret + secret + "\n"},
      {"CLIENT_RANDOM with a 32-byte master secret", "CLIENT_RANDOM " + random + " " + secret + "\n"},
      {"over-long line with a known label",
       "CLIENT_TRAFFIC_SECRET_0 " + random + " " + std::string(5000, 'a') + "\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    KeyLog log;
    EXPECT_FALSE(log.load_text(c.text));
    EXPECT_EQ(log.malformed_lines(), 1u);
    EXPECT_EQ(log.ignored_lines(), 0u);
    EXPECT_EQ(log.sessions(), 0u);
    EXPECT_EQ(log.find(unhex(kRandomA)), nullptr);

    // A malformed line does not stop the lines around it.
    KeyLog mixed;
    EXPECT_FALSE(mixed.load_text(line("SERVER_TRAFFIC_SECRET_0", kRandomB, kSecret32) + c.text +
                                 line("CLIENT_TRAFFIC_SECRET_0", kRandomB, kOther32)));
    EXPECT_EQ(mixed.malformed_lines(), 1u);
    ASSERT_NE(mixed.find(unhex(kRandomB)), nullptr);
    EXPECT_EQ(mixed.find(unhex(kRandomB))->server_traffic_secret_0, unhex(kSecret32));
    EXPECT_EQ(mixed.find(unhex(kRandomB))->client_traffic_secret_0, unhex(kOther32));
  }
}

TEST(KeyLogTest, UnknownLabelsAndNonKeyLogTextAreIgnored) {
  struct Case {
    const char* name;
    std::string text;
    std::size_t ignored;
  };
  const Case cases[] = {
      // RSA lines (the pre-master secret keyed by encrypted PMS prefix) are valid NSS lines we do not use.
      {"RSA label", "RSA 0102030405060708 " + std::string(kSecret48) + "\n", 1},
      {"future label", line("CLIENT_TRAFFIC_SECRET_1", kRandomA, kSecret32), 1},
      {"lower-case label", line("client_traffic_secret_0", kRandomA, kSecret32), 1},
      {"prose", "this is not a key log\nat all\n", 2},
      {"over-long unknown line", std::string(100000, 'x') + "\n", 1},
      {"over-long comment", "#" + std::string(100000, 'x') + "\n", 0},
      {"binary garbage", std::string("\x00\x01\xff\n\x7f\x00 \x00\n", 9), 2},
      {"only newlines", "\n\n\r\n\n", 0},
      {"empty", "", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    KeyLog log;
    EXPECT_TRUE(log.load_text(c.text));
    EXPECT_EQ(log.ignored_lines(), c.ignored);
    EXPECT_EQ(log.malformed_lines(), 0u);
    EXPECT_EQ(log.sessions(), 0u);
  }
}

// Duplicates: the same secret twice is harmless; a different secret for the
// same client random and label replaces the earlier one (last wins) and is
// counted, because only merged key logs from fixed-random test tools do that.
TEST(KeyLogTest, DuplicatesLastWins) {
  KeyLog log;
  EXPECT_TRUE(log.load_text(line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kSecret32) +
                            line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kSecret32)));
  EXPECT_EQ(log.sessions(), 1u);
  EXPECT_EQ(log.conflicting_lines(), 0u);

  EXPECT_TRUE(log.load_text(line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kOther32)));
  EXPECT_EQ(log.conflicting_lines(), 1u);
  ASSERT_NE(log.find(unhex(kRandomA)), nullptr);
  EXPECT_EQ(log.find(unhex(kRandomA))->client_traffic_secret_0, unhex(kOther32));

  // A different size for the same label also replaces (SHA-384 after SHA-256).
  EXPECT_TRUE(log.load_text(line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kSecret48)));
  EXPECT_EQ(log.conflicting_lines(), 2u);
  EXPECT_EQ(log.find(unhex(kRandomA))->client_traffic_secret_0, unhex(kSecret48));
  EXPECT_EQ(log.sessions(), 1u);
}

TEST(KeyLogTest, FindByClientRandom) {
  KeyLog log;
  EXPECT_TRUE(log.load_text(line("SERVER_HANDSHAKE_TRAFFIC_SECRET", kRandomA, kSecret32) +
                            line("SERVER_HANDSHAKE_TRAFFIC_SECRET", kRandomB, kOther32)));
  EXPECT_EQ(log.sessions(), 2u);
  std::vector<std::uint8_t> a = unhex(kRandomA);
  ASSERT_NE(log.find(a), nullptr);
  EXPECT_EQ(log.find(a)->server_handshake_traffic_secret, unhex(kSecret32));
  EXPECT_EQ(log.find(unhex(kRandomB))->server_handshake_traffic_secret, unhex(kOther32));

  // Wrong sizes and unknown randoms find nothing.
  EXPECT_EQ(log.find({}), nullptr);
  EXPECT_EQ(log.find(parsers::Bytes(a).first(31)), nullptr);
  std::vector<std::uint8_t> longer = a;
  longer.push_back(0);
  EXPECT_EQ(log.find(longer), nullptr);
  std::vector<std::uint8_t> other = a;
  other[31] ^= 1;
  EXPECT_EQ(log.find(other), nullptr);
}

TEST(KeyLogTest, FoundPointerSurvivesLaterLoads) {
  KeyLog log;
  EXPECT_TRUE(log.load_text(line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", kRandomA, kSecret32)));
  const SessionSecrets* before = log.find(unhex(kRandomA));
  ASSERT_NE(before, nullptr);
  // Enough new sessions to force the index to rehash several times.
  std::string more;
  for (int i = 0; i < 2000; ++i) {
    char random[65];
    std::snprintf(random, sizeof random, "%064x", i + 1);
    more += line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, kOther32);
  }
  EXPECT_TRUE(log.load_text(more));
  EXPECT_EQ(log.sessions(), 2001u);
  EXPECT_EQ(log.find(unhex(kRandomA)), before);
  EXPECT_EQ(before->client_handshake_traffic_secret, unhex(kSecret32));
}

TEST(KeyLogTest, LoadsFilesAcrossReadChunks) {
  // About 190 bytes a line, so 2000 lines cross several 64 KiB read chunks
  // and lines straddle chunk boundaries.
  std::string text = "# generated\r\n";
  for (int i = 0; i < 2000; ++i) {
    char random[65];
    std::snprintf(random, sizeof random, "%064x", i);
    text += "SERVER_HANDSHAKE_TRAFFIC_SECRET " + std::string(random) + " " + std::string(kSecret48) + "\r\n";
  }
  const std::string path = temp_path("chunks.txt");
  write_file(path, text);
  KeyLog log;
  std::string error;
  ASSERT_TRUE(log.load(path, error)) << error;
  EXPECT_EQ(log.sessions(), 2000u);
  EXPECT_EQ(log.malformed_lines(), 0u);
  for (int i : {0, 345, 346, 1999}) {
    char random[65];
    std::snprintf(random, sizeof random, "%064x", i);
    const SessionSecrets* s = log.find(unhex(random));
    ASSERT_NE(s, nullptr) << i;
    EXPECT_EQ(s->server_handshake_traffic_secret, unhex(kSecret48));
  }
  std::remove(path.c_str());
}

TEST(KeyLogTest, LoadsSeveralFiles) {
  const std::string first = temp_path("first.txt");
  const std::string second = temp_path("second.txt");
  write_file(first, "\xEF\xBB\xBF" + line("SERVER_TRAFFIC_SECRET_0", kRandomA, kSecret32));
  // The second file has a line without a final newline and a malformed line.
  write_file(second, "garbage line\nCLIENT_RANDOM " + std::string(kRandomB) + " 00\nCLIENT_RANDOM " +
                         std::string(kRandomB) + " " + std::string(kSecret48));
  KeyLog log;
  std::string error;
  ASSERT_TRUE(log.load(first, error)) << error;
  ASSERT_TRUE(log.load(second, error)) << error;
  EXPECT_EQ(log.sessions(), 2u);
  EXPECT_EQ(log.malformed_lines(), 1u);
  EXPECT_EQ(log.ignored_lines(), 1u);
  ASSERT_NE(log.find(unhex(kRandomA)), nullptr);
  ASSERT_NE(log.find(unhex(kRandomB)), nullptr);
  EXPECT_EQ(log.find(unhex(kRandomB))->master_secret, unhex(kSecret48));
  std::remove(first.c_str());
  std::remove(second.c_str());
}

TEST(KeyLogTest, HugeLineWithoutNewlineIsBounded) {
  // 3 MiB without a newline: skipped as one ignored line, not buffered.
  const std::string path = temp_path("huge.txt");
  write_file(path, std::string(3 << 20, 'Z'));
  KeyLog log;
  std::string error;
  ASSERT_TRUE(log.load(path, error)) << error;
  EXPECT_EQ(log.ignored_lines(), 1u);
  EXPECT_EQ(log.sessions(), 0u);
  std::remove(path.c_str());
}

TEST(KeyLogTest, UnreadableFilesFail) {
  struct Case {
    const char* name;
    std::string path;
  };
  const Case cases[] = {
      {"missing file", temp_path("does-not-exist.txt")},
      {"directory", ::testing::TempDir()},
      {"empty path", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    KeyLog log;
    std::string error;
    EXPECT_FALSE(log.load(c.path, error));
    EXPECT_NE(error.find("key log"), std::string::npos) << error;
    EXPECT_NE(error.find(c.path), std::string::npos) << error;
    EXPECT_EQ(log.sessions(), 0u);
    // The KeyLog stays usable after a failed load.
    EXPECT_TRUE(log.load_text(line("CLIENT_TRAFFIC_SECRET_0", kRandomA, kSecret32)));
    EXPECT_EQ(log.sessions(), 1u);
  }
}

}  // namespace
}  // namespace tlsanalyze::analyzer
