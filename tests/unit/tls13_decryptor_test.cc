// Tests for analyzer/tls13_decryptor: HKDF-Expand-Label and TLS 1.3 record
// decryption against RFC 8448 (Example Handshake Traces for TLS 1.3), records
// taken from real captures, and records sealed here with OpenSSL directly.
#include "analyzer/tls/decrypt/tls13_decryptor.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::analyzer {
namespace {

using parsers::Bytes;
using testing::ByteWriter;

constexpr std::uint8_t kHandshake = 22;        // ContentType.handshake (RFC 8446 B.1)
constexpr std::uint8_t kAlert = 21;            // ContentType.alert
constexpr std::uint8_t kApplicationData = 23;  // ContentType.application_data
constexpr std::uint16_t kLegacyRecordVersion = 0x0303;

// hex decodes "0a 1B ff" style text (whitespace ignored) for the vectors below.
std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  int high = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) {
      EXPECT_TRUE(c == ' ' || c == '\n') << "bad hex character '" << c << "'";
      continue;
    }
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>((high << 4) | v));
      high = -1;
    }
  }
  EXPECT_EQ(high, -1) << "odd number of hex digits";
  return out;
}

std::vector<std::uint8_t> str_bytes(std::string_view s) { return {s.begin(), s.end()}; }

// header/fragment split a complete TLSCiphertext (RFC 8446 5.2) into its
// 5-byte header and its encrypted_record.
Bytes header_of(const std::vector<std::uint8_t>& record) { return Bytes(record).first(5); }
Bytes fragment_of(const std::vector<std::uint8_t>& record) { return Bytes(record).subspan(5); }

// make_record wraps an encrypted_record in a TLSCiphertext header whose
// length ByteWriter fills in.
std::vector<std::uint8_t> make_record(Bytes fragment) {
  return ByteWriter()
      .u8(kApplicationData)       // opaque_type
      .u16(kLegacyRecordVersion)  // legacy_record_version
      .prefixed_u16(
          [&](ByteWriter& w) { w.bytes(std::vector<std::uint8_t>(fragment.begin(), fragment.end())); })
      .take();
}

// Decrypted is what one decrypt() call produced.
struct Decrypted {
  bool ok = false;
  std::uint8_t content_type = 0;
  std::vector<std::uint8_t> plaintext;
};

Decrypted open_record(Tls13Decryptor& d, const std::vector<std::uint8_t>& record) {
  Decrypted out;
  out.ok = d.decrypt(header_of(record), fragment_of(record), out.plaintext, out.content_type);
  return out;
}

// seal_record is an independent TLS 1.3 record sealer (RFC 8446 5.2-5.4)
// written straight against OpenSSL's encrypt API, for the GCM and ChaCha20
// suites, so tests can build records with any inner plaintext: padding,
// all-zero bodies, maximum sizes. `inner` is the whole TLSInnerPlaintext
// (content || type || zeros). Keys come from hkdf_expand_label, which the
// RFC 8448 tests pin down.
std::vector<std::uint8_t> seal_record(std::uint16_t suite, Bytes secret, std::uint64_t sequence,
                                      const std::vector<std::uint8_t>& inner) {
  const char* cipher_name = suite == 0x1301   ? "AES-128-GCM"
                            : suite == 0x1302 ? "AES-256-GCM"
                                              : "ChaCha20-Poly1305";
  HashAlgorithm hash = suite == 0x1302 ? HashAlgorithm::kSha384 : HashAlgorithm::kSha256;
  std::size_t key_length = suite == 0x1301 ? 16 : 32;
  std::vector<std::uint8_t> key, iv;
  EXPECT_TRUE(hkdf_expand_label(hash, secret, "key", {}, key_length, key));
  EXPECT_TRUE(hkdf_expand_label(hash, secret, "iv", {}, 12, iv));
  for (std::size_t i = 0; i < 8; ++i) iv[11 - i] ^= static_cast<std::uint8_t>(sequence >> (8 * i));

  std::vector<std::uint8_t> header = ByteWriter()
                                         .u8(kApplicationData)
                                         .u16(kLegacyRecordVersion)
                                         .u16(static_cast<std::uint16_t>(inner.size() + 16))  // + AEAD tag
                                         .take();
  std::vector<std::uint8_t> sealed(inner.size() + 16);
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, cipher_name, nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  int n = 0;
  int fin = 0;
  EXPECT_EQ(EVP_EncryptInit_ex(ctx, cipher, nullptr, key.data(), iv.data()), 1);
  EXPECT_EQ(EVP_EncryptUpdate(ctx, nullptr, &n, header.data(), static_cast<int>(header.size())), 1);
  EXPECT_EQ(EVP_EncryptUpdate(ctx, sealed.data(), &n, inner.data(), static_cast<int>(inner.size())), 1);
  EXPECT_EQ(EVP_EncryptFinal_ex(ctx, sealed.data() + n, &fin), 1);
  EXPECT_EQ(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, sealed.data() + inner.size()), 1);
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
  header.insert(header.end(), sealed.begin(), sealed.end());
  return header;
}

// ---------------------------------------------------------------------------
// RFC 8448 section 3, "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256).
// Transcribed from the RFC's "{server} derive secret tls13 s hs traffic" /
// "c hs traffic" / "s ap traffic" / "c ap traffic" (expanded values), the
// "complete record" lines of "{server} send handshake record",
// "{client} send handshake record", "{server} send handshake record"
// (NewSessionTicket), "{client}/{server} send application_data record" and
// "{client}/{server} send alert record", and the EncryptedExtensions and
// Finished messages. Every record authenticates under its key, which checks
// the transcription byte for byte.
// ---------------------------------------------------------------------------
constexpr std::string_view kRfc8448ServerHandshakeSecret =
    "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";

constexpr std::string_view kRfc8448ClientHandshakeSecret =
    "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21";

constexpr std::string_view kRfc8448ServerApplicationSecret =
    "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";

constexpr std::string_view kRfc8448ClientApplicationSecret =
    "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";

constexpr std::string_view kRfc8448ServerFlightRecord =
    "17 03 03 02 a2 d1 ff 33 4a 56 f5 bf f6 59 4a 07 cc 87 b5 80 23 3f 50 0f 45 e4 89 e7 f3 3a f3 5e "
    "df 78 69 fc f4 0a a4 0a a2 b8 ea 73 f8 48 a7 ca 07 61 2e f9 f9 45 cb 96 0b 40 68 90 51 23 ea 78 "
    "b1 11 b4 29 ba 91 91 cd 05 d2 a3 89 28 0f 52 61 34 aa dc 7f c7 8c 4b 72 9d f8 28 b5 ec f7 b1 3b "
    "d9 ae fb 0e 57 f2 71 58 5b 8e a9 bb 35 5c 7c 79 02 07 16 cf b9 b1 18 3e f3 ab 20 e3 7d 57 a6 b9 "
    "d7 47 76 09 ae e6 e1 22 a4 cf 51 42 73 25 25 0c 7d 0e 50 92 89 44 4c 9b 3a 64 8f 1d 71 03 5d 2e "
    "d6 5b 0e 3c dd 0c ba e8 bf 2d 0b 22 78 12 cb b3 60 98 72 55 cc 74 41 10 c4 53 ba a4 fc d6 10 92 "
    "8d 80 98 10 e4 b7 ed 1a 8f d9 91 f0 6a a6 24 82 04 79 7e 36 a6 a7 3b 70 a2 55 9c 09 ea d6 86 94 "
    "5b a2 46 ab 66 e5 ed d8 04 4b 4c 6d e3 fc f2 a8 94 41 ac 66 27 2f d8 fb 33 0e f8 19 05 79 b3 68 "
    "45 96 c9 60 bd 59 6e ea 52 0a 56 a8 d6 50 f5 63 aa d2 74 09 96 0d ca 63 d3 e6 88 61 1e a5 e2 2f "
    "44 15 cf 95 38 d5 1a 20 0c 27 03 42 72 96 8a 26 4e d6 54 0c 84 83 8d 89 f7 2c 24 46 1a ad 6d 26 "
    "f5 9e ca ba 9a cb bb 31 7b 66 d9 02 f4 f2 92 a3 6a c1 b6 39 c6 37 ce 34 31 17 b6 59 62 22 45 31 "
    "7b 49 ee da 0c 62 58 f1 00 d7 d9 61 ff b1 38 64 7e 92 ea 33 0f ae ea 6d fa 31 c7 a8 4d c3 bd 7e "
    "1b 7a 6c 71 78 af 36 87 90 18 e3 f2 52 10 7f 24 3d 24 3d c7 33 9d 56 84 c8 b0 37 8b f3 02 44 da "
    "8c 87 c8 43 f5 e5 6e b4 c5 e8 28 0a 2b 48 05 2c f9 3b 16 49 9a 66 db 7c ca 71 e4 59 94 26 f7 d4 "
    "61 e6 6f 99 88 2b d8 9f c5 08 00 be cc a6 2d 6c 74 11 6d bd 29 72 fd a1 fa 80 f8 5d f8 81 ed be "
    "5a 37 66 89 36 b3 35 58 3b 59 91 86 dc 5c 69 18 a3 96 fa 48 a1 81 d6 b6 fa 4f 9d 62 d5 13 af bb "
    "99 2f 2b 99 2f 67 f8 af e6 7f 76 91 3f a3 88 cb 56 30 c8 ca 01 e0 c6 5d 11 c6 6a 1e 2a c4 c8 59 "
    "77 b7 c7 a6 99 9b bf 10 dc 35 ae 69 f5 51 56 14 63 6c 0b 9b 68 c1 9e d2 e3 1c 0b 3b 66 76 30 38 "
    "eb ba 42 f3 b3 8e dc 03 99 f3 a9 f2 3f aa 63 97 8c 31 7f c9 fa 66 a7 3f 60 f0 50 4d e9 3b 5b 84 "
    "5e 27 55 92 c1 23 35 ee 34 0b bc 4f dd d5 02 78 40 16 e4 b3 be 7e f0 4d da 49 f4 b4 40 a3 0c b5 "
    "d2 af 93 98 28 fd 4a e3 79 4e 44 f9 4d f5 a6 31 ed e4 2c 17 19 bf da bf 02 53 fe 51 75 be 89 8e "
    "75 0e dc 53 37 0d 2b";

constexpr std::string_view kRfc8448EncryptedExtensions =
    "08 00 00 24 00 22 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00 1c "
    "00 02 40 01 00 00 00 00";

constexpr std::string_view kRfc8448ServerFinished =
    "14 00 00 20 9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4 de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 "
    "b7 8f 07 18";

constexpr std::string_view kRfc8448ClientFinishedRecord =
    "17 03 03 00 35 75 ec 4d c2 38 cc e6 0b 29 80 44 a7 1e 21 9c 56 cc 77 b0 51 7f e9 b9 3c 7a 4b fc "
    "44 d8 7f 38 f8 03 38 ac 98 fc 46 de b3 84 bd 1c ae ac ab 68 67 d7 26 c4 05 46";

constexpr std::string_view kRfc8448ClientFinished =
    "14 00 00 20 a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1 1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 "
    "ed d5 ce 61";

constexpr std::string_view kRfc8448NewSessionTicketRecord =
    "17 03 03 00 de 3a 6b 8f 90 41 4a 97 d6 95 9c 34 87 68 0d e5 13 4a 2b 24 0e 6c ff ac 11 6e 95 d4 "
    "1d 6a f8 f6 b5 80 dc f3 d1 1d 63 c7 58 db 28 9a 01 59 40 25 2f 55 71 3e 06 1d c1 3e 07 88 91 a3 "
    "8e fb cf 57 53 ad 8e f1 70 ad 3c 73 53 d1 6d 9d a7 73 b9 ca 7f 2b 9f a1 b6 c0 d4 a3 d0 3f 75 e0 "
    "9c 30 ba 1e 62 97 2a c4 6f 75 f7 b9 81 be 63 43 9b 29 99 ce 13 06 46 15 13 98 91 d5 e4 c5 b4 06 "
    "f1 6e 3f c1 81 a7 7c a4 75 84 00 25 db 2f 0a 77 f8 1b 5a b0 5b 94 c0 13 46 75 5f 69 23 2c 86 51 "
    "9d 86 cb ee ac 87 aa c3 47 d1 43 f9 60 5d 64 f6 50 db 4d 02 3e 70 e9 52 ca 49 fe 51 37 12 1c 74 "
    "bc 26 97 68 7e 24 87 46 d6 df 35 30 05 f3 bc e1 86 96 12 9c 81 53 55 6b 3b 6c 67 79 b3 7b f1 59 "
    "85 68 4f";

constexpr std::string_view kRfc8448ClientAppDataRecord =
    "17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb ef ac ea 42 f9 14 aa 66 bc ab 3f "
    "2b 98 19 a8 a5 b4 6b 39 5b d5 4a 9a 20 44 1e 2b 62 97 4e 1f 5a 62 92 a2 97 70 14 bd 1e 3d ea e6 "
    "3a ee bb 21 69 49 15 e4";

constexpr std::string_view kRfc8448ServerAppDataRecord =
    "17 03 03 00 43 2e 93 7e 11 ef 4a c7 40 e5 38 ad 36 00 5f c4 a4 69 32 fc 32 25 d0 5f 82 aa 1b 36 "
    "e3 0e fa f9 7d 90 e6 df fc 60 2d cb 50 1a 59 a8 fc c4 9c 4b f2 e5 f0 a2 1c 00 47 c2 ab f3 32 54 "
    "0d d0 32 e1 67 c2 95 5d";

constexpr std::string_view kRfc8448ClientAlertRecord =
    "17 03 03 00 13 c9 87 27 60 65 56 66 b7 4d 7f f1 15 3e fd 6d b6 d0 b0 e3";

constexpr std::string_view kRfc8448ServerAlertRecord =
    "17 03 03 00 13 b5 8f d6 71 66 eb f5 99 d2 47 20 cf be 7e fa 7a 88 64 a9";

// HKDF-Expand-Label cases. RFC 8448 section 3 ("derive write traffic keys
// for handshake data" / "... application data", "key expanded" and "iv
// expanded"); the SHA-384 row is the server handshake key of the
// illustrated-tls13 capture (TLS_AES_256_GCM_SHA384, https://tls13.xargs.org
// "Server Handshake Keys Calc", MIT licensed), recomputed independently with
// Python's hmac module; the "traffic upd" row is RFC 8446 7.2 applied to the
// client application secret of the snet KeyUpdate capture below, also
// recomputed with Python.
struct ExpandCase {
  const char* name;
  HashAlgorithm hash;
  std::string_view secret;
  const char* label;
  std::size_t length;
  std::string_view expected;
};

constexpr std::string_view kIllustratedServerHandshakeSecret =
    "23 32 3d a0 31 63 4b 24 1d d3 7d 61 03 2b 62 a4 f4 50 58 4d 1f 7f 47 98 3b a2 f7 cc 0c dc c3 9a "
    "68 f4 81 f2 b0 19 f9 40 3a 30 51 90 8a 5d 16 22";
constexpr std::string_view kSnetClientApplicationSecret =
    "f7 f9 68 b5 b7 ee e2 b5 21 cd a8 57 58 22 bf db 28 87 91 37 64 a0 8e 35 64 8a 26 ab 4f f9 8a ad "
    "23 0b 19 2a e6 b3 76 70 13 95 57 5a 37 2c 1c 3e";

const ExpandCase kExpandCases[] = {
    {"rfc8448 server handshake key", HashAlgorithm::kSha256, kRfc8448ServerHandshakeSecret, "key", 16,
     "3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc"},
    {"rfc8448 server handshake iv", HashAlgorithm::kSha256, kRfc8448ServerHandshakeSecret, "iv", 12,
     "5d 31 3e b2 67 12 76 ee 13 00 0b 30"},
    {"rfc8448 client handshake key", HashAlgorithm::kSha256, kRfc8448ClientHandshakeSecret, "key", 16,
     "db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50 25 8d 01"},
    {"rfc8448 client handshake iv", HashAlgorithm::kSha256, kRfc8448ClientHandshakeSecret, "iv", 12,
     "5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f"},
    {"rfc8448 server application key", HashAlgorithm::kSha256, kRfc8448ServerApplicationSecret, "key", 16,
     "9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56"},
    {"rfc8448 server application iv", HashAlgorithm::kSha256, kRfc8448ServerApplicationSecret, "iv", 12,
     "cf 78 2b 88 dd 83 54 9a ad f1 e9 84"},
    {"rfc8448 client application key", HashAlgorithm::kSha256, kRfc8448ClientApplicationSecret, "key", 16,
     "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51"},
    {"rfc8448 client application iv", HashAlgorithm::kSha256, kRfc8448ClientApplicationSecret, "iv", 12,
     "5b 78 92 3d ee 08 57 90 33 e5 23 d9"},
    {"illustrated-tls13 server handshake key (sha384)", HashAlgorithm::kSha384,
     kIllustratedServerHandshakeSecret, "key", 32,
     "9f 13 57 5c e3 f8 cf c1 df 64 a7 7c ea ff e8 97 00 b4 92 ad 31 b4 fa b0 1c 47 92 be 1b 26 6b 7f"},
    {"illustrated-tls13 server handshake iv (sha384)", HashAlgorithm::kSha384,
     kIllustratedServerHandshakeSecret, "iv", 12, "95 63 bc 8b 59 0f 67 1f 48 8d 2d a3"},
    {"snet client traffic upd (sha384)", HashAlgorithm::kSha384, kSnetClientApplicationSecret, "traffic upd",
     48,
     "a1 23 15 6a a1 d2 5f d9 a7 72 a0 dd 84 6b 9d 77 17 d2 2a f6 0c 68 41 bf 9b 08 ce 6a 1a ef 6f 71 "
     "d9 d5 f0 56 f9 41 c1 f7 90 c3 53 51 30 c1 1d 6c"},
};

TEST(Tls13DecryptorTest, HkdfExpandLabelMatchesPublishedVectors) {
  for (const ExpandCase& c : kExpandCases) {
    SCOPED_TRACE(c.name);
    std::vector<std::uint8_t> out;
    ASSERT_TRUE(hkdf_expand_label(c.hash, hex(c.secret), c.label, {}, c.length, out));
    EXPECT_EQ(out, hex(c.expected));
  }
}

TEST(Tls13DecryptorTest, HkdfExpandLabelRejectsOutOfRangeArguments) {
  const std::vector<std::uint8_t> secret = hex(kRfc8448ServerHandshakeSecret);
  const std::string label249(249, 'x');  // "tls13 " + 249 = 255, the HkdfLabel.label maximum
  const std::string label250(250, 'x');
  const std::vector<std::uint8_t> context255(255, 0xab);
  const std::vector<std::uint8_t> context256(256, 0xab);
  struct Case {
    const char* name;
    std::vector<std::uint8_t> secret;
    std::string label;
    std::vector<std::uint8_t> context;
    std::size_t length;
    bool ok;
  };
  const Case cases[] = {
      {"plain", secret, "key", {}, 16, true},
      {"empty secret", {}, "key", {}, 16, false},
      {"empty label", secret, "", {}, 16, false},
      {"longest label", secret, label249, {}, 16, true},
      {"label too long", secret, label250, {}, 16, false},
      {"longest context", secret, "key", context255, 16, true},
      {"context too long", secret, "key", context256, 16, false},
      {"zero length", secret, "key", {}, 0, false},
      {"255 * HashLen", secret, "key", {}, 255 * 32, true},
      {"more than 255 * HashLen", secret, "key", {}, 255 * 32 + 1, false},
      {"absurd length", secret, "key", {}, static_cast<std::size_t>(-1), false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<std::uint8_t> out = {1, 2, 3};
    EXPECT_EQ(hkdf_expand_label(HashAlgorithm::kSha256, c.secret, c.label, c.context, c.length, out), c.ok);
    EXPECT_EQ(out.size(), c.ok ? c.length : 0u);
  }
}

TEST(Tls13DecryptorTest, HkdfExpandLabelUsesContext) {
  // A context changes the output (RFC 8446 7.1 puts it in HkdfLabel).
  const std::vector<std::uint8_t> secret = hex(kRfc8448ServerHandshakeSecret);
  std::vector<std::uint8_t> without, with;
  ASSERT_TRUE(hkdf_expand_label(HashAlgorithm::kSha256, secret, "finished", {}, 32, without));
  ASSERT_TRUE(hkdf_expand_label(HashAlgorithm::kSha256, secret, "finished", secret, 32, with));
  EXPECT_NE(without, with);
  // RFC 8448 section 3, "{server} calculate finished": the finished_key.
  EXPECT_EQ(without,
            hex("00 8d 3b 66 f8 16 ea 55 9f 96 b5 37 e8 85 c3 1f c0 68 bf 49 2c 65 2f 01 f2 88 a1 d8 cd c1 "
                "9f c8"));
}

TEST(Tls13DecryptorTest, Rfc8448ServerHandshakeFlight) {
  Tls13Decryptor d;
  ASSERT_TRUE(d.init(0x1301, hex(kRfc8448ServerHandshakeSecret)));
  EXPECT_EQ(d.cipher_suite(), 0x1301);
  EXPECT_EQ(d.sequence(), 0u);

  const std::vector<std::uint8_t> record = hex(kRfc8448ServerFlightRecord);
  ASSERT_EQ(record.size(), 679u);  // "complete record (679 octets)"
  // The RFC's header is exactly what make_record builds for this fragment.
  EXPECT_EQ(make_record(fragment_of(record)), record);

  Decrypted got = open_record(d, record);
  ASSERT_TRUE(got.ok) << name(d.last_error());
  EXPECT_EQ(got.content_type, kHandshake);
  // "payload (657 octets)": EncryptedExtensions || Certificate || CertificateVerify || Finished.
  ASSERT_EQ(got.plaintext.size(), 657u);
  const std::vector<std::uint8_t> ee = hex(kRfc8448EncryptedExtensions);
  const std::vector<std::uint8_t> fin = hex(kRfc8448ServerFinished);
  EXPECT_EQ(std::vector<std::uint8_t>(got.plaintext.begin(), got.plaintext.begin() + 40), ee);
  EXPECT_EQ(std::vector<std::uint8_t>(got.plaintext.end() - 36, got.plaintext.end()), fin);
  EXPECT_EQ(d.sequence(), 1u);
  EXPECT_EQ(d.last_error(), DecryptError::kNone);
}

TEST(Tls13DecryptorTest, Rfc8448RecordsInSequence) {
  struct Step {
    const char* name;
    std::string_view record;
    std::uint8_t content_type;
    std::vector<std::uint8_t> plaintext;  // empty: check only the first bytes below
    std::vector<std::uint8_t> prefix;
    std::size_t length;
  };
  std::vector<std::uint8_t> app_payload;  // "payload (50 octets): 00 01 02 ... 31"
  for (std::uint8_t i = 0; i < 50; ++i) app_payload.push_back(i);
  const std::vector<std::uint8_t> close_notify = {1, 0};  // Alert{warning, close_notify}

  struct Direction {
    const char* name;
    std::string_view secret;
    std::vector<Step> steps;
  };
  const Direction directions[] = {
      {"client handshake",
       kRfc8448ClientHandshakeSecret,
       {{"client Finished", kRfc8448ClientFinishedRecord, kHandshake, hex(kRfc8448ClientFinished), {}, 36}}},
      {"server application",
       kRfc8448ServerApplicationSecret,
       {
           // NewSessionTicket: msg_type 4, length 0x0000c9.
           {"NewSessionTicket",
            kRfc8448NewSessionTicketRecord,
            kHandshake,
            {},
            {0x04, 0x00, 0x00, 0xc9},
            205},
           {"server application data", kRfc8448ServerAppDataRecord, kApplicationData, app_payload, {}, 50},
           {"server close_notify", kRfc8448ServerAlertRecord, kAlert, close_notify, {}, 2},
       }},
      {"client application",
       kRfc8448ClientApplicationSecret,
       {
           {"client application data", kRfc8448ClientAppDataRecord, kApplicationData, app_payload, {}, 50},
           {"client close_notify", kRfc8448ClientAlertRecord, kAlert, close_notify, {}, 2},
       }},
  };
  for (const Direction& dir : directions) {
    SCOPED_TRACE(dir.name);
    Tls13Decryptor d;
    ASSERT_TRUE(d.init(0x1301, hex(dir.secret)));
    std::uint64_t expected_sequence = 0;
    for (const Step& step : dir.steps) {
      SCOPED_TRACE(step.name);
      Decrypted got = open_record(d, hex(step.record));
      ASSERT_TRUE(got.ok) << name(d.last_error());
      EXPECT_EQ(got.content_type, step.content_type);
      EXPECT_EQ(got.plaintext.size(), step.length);
      if (!step.plaintext.empty()) {
        EXPECT_EQ(got.plaintext, step.plaintext);
      }
      if (!step.prefix.empty()) {
        EXPECT_EQ(std::vector<std::uint8_t>(got.plaintext.begin(), got.plaintext.begin() + 4), step.prefix);
      }
      EXPECT_EQ(d.sequence(), ++expected_sequence);
    }
  }
}

TEST(Tls13DecryptorTest, Rfc8448OutOfOrderRecordFailsWithoutAdvancing) {
  Tls13Decryptor d;
  ASSERT_TRUE(d.init(0x1301, hex(kRfc8448ServerApplicationSecret)));
  // The application data record was sealed with sequence number 1; at 0 the
  // nonce differs and authentication fails (RFC 8446 5.3).
  Decrypted early = open_record(d, hex(kRfc8448ServerAppDataRecord));
  EXPECT_FALSE(early.ok);
  EXPECT_EQ(d.last_error(), DecryptError::kBadRecordMac);
  EXPECT_EQ(d.sequence(), 0u);
  EXPECT_TRUE(early.plaintext.empty());
  ASSERT_TRUE(open_record(d, hex(kRfc8448NewSessionTicketRecord)).ok);
  ASSERT_TRUE(open_record(d, hex(kRfc8448ServerAppDataRecord)).ok);
  EXPECT_EQ(d.sequence(), 2u);
}

// ---------------------------------------------------------------------------
// Records from real captures, one per cipher suite, each the first record its
// secret protects (sequence number 0).
//  - illustrated-tls13: /work/shared/corpus/illustrated-tls13__capture.pcap and
//    illustrated-tls13__keylog.txt, from github.com/syncsynchalt/illustrated-tls13
//    (MIT), TLS_AES_256_GCM_SHA384. Client random 00 01 02 ... 1f.
//  - ChaCha20-Poly1305, AES-128-CCM and AES-128-CCM-8: generated for these
//    tests with OpenSSL 3.0.19 on 127.0.0.1: `openssl s_server -tls1_3
//    -ciphersuites <suite> -rev` and `openssl s_client -tls1_3 -ciphersuites
//    <suite> -keylogfile ...` sending "hello\n", captured with tcpdump on lo.
//    The server's first record is EncryptedExtensions (empty extensions),
//    the client's first application record is "hello\n".
// The records were cut out of the pcaps with a throwaway Python pcap reader
// and cross-checked by decrypting them with Python's `cryptography` package.
// ---------------------------------------------------------------------------
struct CaptureCase {
  const char* name;
  std::uint16_t suite;
  std::string_view secret;
  std::string_view record;
  std::uint8_t content_type;
  std::string_view plaintext;
};

constexpr std::string_view kEmptyEncryptedExtensions =
    "08 00 00 02 00 00";                                      // msg_type 8, length 2, extensions<>
constexpr std::string_view kHelloLine = "68 65 6c 6c 6f 0a";  // "hello\n"

const CaptureCase kCaptureCases[] = {
    {"illustrated-tls13 server EncryptedExtensions", 0x1302, kIllustratedServerHandshakeSecret,
     "17 03 03 00 17 6b e0 2f 9d a7 c2 dc 9d de f5 6f 24 68 b9 0a df a2 51 01 ab 03 44 ae", kHandshake,
     kEmptyEncryptedExtensions},
    {"illustrated-tls13 client Finished", 0x1302,
     "db 89 d2 d6 df 0e 84 fe d7 4a 22 88 f8 fd 4d 09 59 f7 90 ff 23 94 6c df 4c 26 d8 5e 51 be bd 42 "
     "ae 18 45 01 97 2f 8d 30 c4 a3 e4 a3 69 3d 0e f0",
     "17 03 03 00 45 9f f9 b0 63 17 51 77 32 2a 46 dd 98 96 f3 c3 bb 82 0a b5 17 43 eb c2 5f da dd 53 "
     "45 4b 73 de b5 4c c7 24 8d 41 1a 18 bc cf 65 7a 96 08 24 e9 a1 93 64 83 7c 35 0a 69 a8 8d 4b f6 "
     "35 c8 5e b8 74 ae bc 9d fd e8",
     kHandshake,
     "14 00 00 30 bf f5 6a 67 1b 6c 65 9d 0a 7c 5d d1 84 28 f5 8b dd 38 b1 84 a3 ce 34 2d 9f de 95 cb "
     "d5 05 6f 7d a7 91 8e e3 20 ea b7 a9 3a bd 8f 1c 02 45 4d 27"},
    {"illustrated-tls13 client application data \"ping\"", 0x1302,
     "9e 47 af 27 cb 60 d8 18 a9 ea 7d 23 3c b5 ed 4c c5 25 fc d7 46 14 fb 24 b0 ee 59 ac b8 e5 aa 7f "
     "f8 d8 8b 89 79 21 14 20 8f ec 29 1a 6f a9 6b ad",
     "17 03 03 00 15 82 81 39 cb 7b 73 aa ab f5 b8 2f bf 9a 29 61 bc de 10 03 8a 32", kApplicationData,
     "70 69 6e 67"},
    {"chacha20-poly1305 server EncryptedExtensions", 0x1303,
     "ad 2a 23 19 a7 66 82 cb ac 83 48 f6 a0 2d e4 f6 2d c6 cd 79 24 9e 56 9e 4b 31 bb 56 b8 80 43 2c",
     "17 03 03 00 17 39 c9 3b 33 00 2b 90 a8 14 24 db 7b 7d 67 23 28 3a fe 01 ec bf 7e 52", kHandshake,
     kEmptyEncryptedExtensions},
    {"chacha20-poly1305 client application data", 0x1303,
     "f0 28 71 f9 54 e6 6f b0 d9 45 34 a2 a8 4a 92 e7 b1 f8 22 ec 37 ae 5d f0 da 6b 7d 72 24 3e 6c a2",
     "17 03 03 00 17 25 f2 0f 0a 3e 59 05 9b 72 1c d4 34 27 a0 b8 41 43 18 bc 04 ed f5 a1", kApplicationData,
     kHelloLine},
    {"aes-128-ccm server EncryptedExtensions", 0x1304,
     "4e 6b 70 3b 8b 9e d1 6f 1f c4 57 a7 b3 85 29 fe 54 bb 22 92 fd 35 5c 95 af 25 f4 ed 4a c4 49 cf",
     "17 03 03 00 17 02 54 be 1f cf 0e f0 ac 4d 05 c8 c7 d2 6a 6b 9d 91 ee 73 19 84 af 51", kHandshake,
     kEmptyEncryptedExtensions},
    {"aes-128-ccm client application data", 0x1304,
     "26 0a 31 e1 05 2c 99 57 c3 bf c9 2f 80 09 b7 0a de 1e e9 a0 92 f7 62 07 a9 cf 3b 7b 96 37 a6 ec",
     "17 03 03 00 17 d1 58 3f b4 31 00 66 f1 c5 88 99 67 63 bd 05 4a 9b 85 a8 83 f9 1b 9f", kApplicationData,
     kHelloLine},
    {"aes-128-ccm-8 server EncryptedExtensions", 0x1305,
     "56 f1 b7 15 51 2d 59 8f ec 96 3d 5d 6d 32 d5 aa e8 1e a0 77 cf 47 22 9f c3 ba c3 43 ae 76 8a 9d",
     "17 03 03 00 0f 91 9c 26 81 5a 2b 65 24 4e 42 40 97 92 8f 52", kHandshake, kEmptyEncryptedExtensions},
    {"aes-128-ccm-8 client application data", 0x1305,
     "89 64 7c 75 2d 44 90 f4 de 78 09 cb 49 c9 6d b3 56 99 37 60 20 36 29 72 c6 98 8f fb a0 01 a4 fa",
     "17 03 03 00 0f fc 9a f0 3e d1 b9 f9 02 65 0d 56 93 5a e1 2d", kApplicationData, kHelloLine},
};

TEST(Tls13DecryptorTest, RealCaptureRecords) {
  for (const CaptureCase& c : kCaptureCases) {
    SCOPED_TRACE(c.name);
    Tls13Decryptor d;
    ASSERT_TRUE(d.init(c.suite, hex(c.secret))) << name(d.last_error());
    Decrypted got = open_record(d, hex(c.record));
    ASSERT_TRUE(got.ok) << name(d.last_error());
    EXPECT_EQ(got.content_type, c.content_type);
    EXPECT_EQ(got.plaintext, hex(c.plaintext));
    EXPECT_EQ(d.sequence(), 1u);
  }
}

// Every single-bit change anywhere in the record (header, ciphertext or tag)
// must fail without advancing, and the untouched record must still open
// afterwards: the cipher context survives failed authentications, which for
// CCM needs the per-record state to be rebuilt.
TEST(Tls13DecryptorTest, RealCaptureRecordsRejectEveryFlippedBit) {
  for (const CaptureCase& c : kCaptureCases) {
    SCOPED_TRACE(c.name);
    Tls13Decryptor d;
    ASSERT_TRUE(d.init(c.suite, hex(c.secret)));
    const std::vector<std::uint8_t> record = hex(c.record);
    for (std::size_t i = 0; i < record.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        SCOPED_TRACE(::testing::Message() << "byte " << i << " bit " << bit);
        std::vector<std::uint8_t> tampered = record;
        tampered[i] ^= static_cast<std::uint8_t>(1u << bit);
        Decrypted got = open_record(d, tampered);
        ASSERT_FALSE(got.ok);
        EXPECT_TRUE(got.plaintext.empty());
        // The type byte and the length field are checked before any crypto.
        DecryptError expected =
            (i == 0 || i == 3 || i == 4) ? DecryptError::kBadHeader : DecryptError::kBadRecordMac;
        EXPECT_EQ(d.last_error(), expected);
        ASSERT_EQ(d.sequence(), 0u);
      }
    }
    Decrypted got = open_record(d, record);
    ASSERT_TRUE(got.ok) << name(d.last_error());
    EXPECT_EQ(got.plaintext, hex(c.plaintext));
  }
}

// Truncating the encrypted_record at every length (with a header that
// matches the shorter length, as a framer would produce) never authenticates.
TEST(Tls13DecryptorTest, RealCaptureRecordsRejectEveryTruncation) {
  for (const CaptureCase& c : kCaptureCases) {
    SCOPED_TRACE(c.name);
    Tls13Decryptor d;
    ASSERT_TRUE(d.init(c.suite, hex(c.secret)));
    const std::vector<std::uint8_t> record = hex(c.record);
    const std::size_t tag_length = c.suite == 0x1305 ? 8 : 16;
    for (std::size_t n = 0; n < record.size() - 5; ++n) {
      SCOPED_TRACE(::testing::Message() << "fragment length " << n);
      std::vector<std::uint8_t> truncated = make_record(fragment_of(record).first(n));
      Decrypted got = open_record(d, truncated);
      ASSERT_FALSE(got.ok);
      EXPECT_EQ(d.last_error(), n < tag_length + 1 ? DecryptError::kTooShort : DecryptError::kBadRecordMac);
      // The header is also wrong if it keeps the original length.
      std::vector<std::uint8_t> plaintext;
      std::uint8_t type = 0;
      EXPECT_FALSE(d.decrypt(header_of(record), fragment_of(record).first(n), plaintext, type));
      EXPECT_EQ(d.last_error(), DecryptError::kBadHeader);
      ASSERT_EQ(d.sequence(), 0u);
    }
    EXPECT_TRUE(open_record(d, record).ok);
  }
}

// snet tls1.3_keyupdates_aes256: /work/shared/corpus/snet__tls1.3_keyupdates_aes256.pcap
// with snet__decrypt_by_keylog-log.txt (github.com/Voev/snet, Unlicense),
// TLS_AES_256_GCM_SHA384. The client's application records in order: "hello\n"
// (seq 0), KeyUpdate(update_requested) (seq 1), then under the updated secret
// "keyupdate\n" (seq 0), "hello\n" (seq 1), "bye\n" (seq 2).
TEST(Tls13DecryptorTest, KeyUpdateFromRealCapture) {
  const std::vector<std::uint8_t> hello =
      hex("17 03 03 00 17 3f 84 88 a9 63 94 04 f7 69 d4 c9 13 f2 71 1c 97 75 "
          "8e 40 59 85 2b 5b");
  const std::vector<std::uint8_t> key_update =
      hex("17 03 03 00 16 d9 ba dd 14 c5 0f 3a 2a 19 ab 91 7f c6 c7 13 cc "
          "b2 77 44 82 19 73");
  const std::vector<std::uint8_t> after_update =
      hex("17 03 03 00 1b 74 43 3e 8c 10 0f 7c 86 54 d9 d7 dd 54 ab e9 "
          "3a 83 99 9f 46 3f b7 20 aa 13 4a 80");
  const std::vector<std::uint8_t> hello_again =
      hex("17 03 03 00 17 ee d7 4a 48 ab 3d e2 e5 63 8b 9f 13 23 3b ea "
          "a0 f7 fc b5 29 6f 39 9d");
  const std::vector<std::uint8_t> bye =
      hex("17 03 03 00 15 7c 5c c2 83 35 9a 95 e6 6f 8e f9 25 e2 dc 51 cc 36 "
          "d0 1d f3 b9");

  Tls13Decryptor d;
  ASSERT_TRUE(d.init(0x1302, hex(kSnetClientApplicationSecret)));
  Decrypted got = open_record(d, hello);
  ASSERT_TRUE(got.ok);
  EXPECT_EQ(got.content_type, kApplicationData);
  EXPECT_EQ(got.plaintext, str_bytes("hello\n"));

  got = open_record(d, key_update);
  ASSERT_TRUE(got.ok);
  EXPECT_EQ(got.content_type, kHandshake);
  // KeyUpdate: msg_type 24, length 1, request_update = update_requested(1) (RFC 8446 4.6.3).
  EXPECT_EQ(got.plaintext, hex("18 00 00 01 01"));
  EXPECT_EQ(d.sequence(), 2u);

  // Without the update the next record does not open.
  EXPECT_FALSE(open_record(d, after_update).ok);
  EXPECT_EQ(d.last_error(), DecryptError::kBadRecordMac);

  ASSERT_TRUE(d.update_key());
  EXPECT_EQ(d.sequence(), 0u);
  EXPECT_EQ(d.cipher_suite(), 0x1302);
  const std::pair<const std::vector<std::uint8_t>*, std::string_view> after[] = {
      {&after_update, "keyupdate\n"}, {&hello_again, "hello\n"}, {&bye, "bye\n"}};
  for (const auto& [record, text] : after) {
    SCOPED_TRACE(text);
    got = open_record(d, *record);
    ASSERT_TRUE(got.ok) << name(d.last_error());
    EXPECT_EQ(got.content_type, kApplicationData);
    EXPECT_EQ(got.plaintext, str_bytes(text));
  }
  EXPECT_EQ(d.sequence(), 3u);
}

TEST(Tls13DecryptorTest, WrongOrMismatchedSecret) {
  const std::vector<std::uint8_t> record = hex(kRfc8448ServerFlightRecord);
  // Right length, wrong secret (the client's): authentication fails.
  Tls13Decryptor d;
  ASSERT_TRUE(d.init(0x1301, hex(kRfc8448ClientHandshakeSecret)));
  EXPECT_FALSE(open_record(d, record).ok);
  EXPECT_EQ(d.last_error(), DecryptError::kBadRecordMac);
  EXPECT_EQ(d.sequence(), 0u);

  // Right secret, wrong suite with the same hash: authentication fails too.
  ASSERT_TRUE(d.init(0x1303, hex(kRfc8448ServerHandshakeSecret)));
  EXPECT_FALSE(open_record(d, record).ok);
  EXPECT_EQ(d.last_error(), DecryptError::kBadRecordMac);

  struct Case {
    const char* name;
    std::uint16_t suite;
    std::vector<std::uint8_t> secret;
    DecryptError error;
  };
  const Case cases[] = {
      {"sha384-sized secret for a sha256 suite", 0x1301, hex(kIllustratedServerHandshakeSecret),
       DecryptError::kBadSecret},
      {"sha256-sized secret for a sha384 suite", 0x1302, hex(kRfc8448ServerHandshakeSecret),
       DecryptError::kBadSecret},
      {"31-byte secret", 0x1301, std::vector<std::uint8_t>(31, 7), DecryptError::kBadSecret},
      {"empty secret", 0x1303, {}, DecryptError::kBadSecret},
      {"TLS 1.2 suite", 0xc02f, hex(kRfc8448ServerHandshakeSecret), DecryptError::kUnsupportedSuite},
      {"null suite", 0x0000, hex(kRfc8448ServerHandshakeSecret), DecryptError::kUnsupportedSuite},
      {"next unassigned", 0x1306, hex(kRfc8448ServerHandshakeSecret), DecryptError::kUnsupportedSuite},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Tls13Decryptor bad;
    ASSERT_TRUE(bad.init(0x1301, hex(kRfc8448ServerHandshakeSecret)));
    EXPECT_FALSE(bad.init(c.suite, c.secret));
    EXPECT_EQ(bad.last_error(), c.error);
    // A failed init leaves nothing usable behind, not the previous key.
    EXPECT_FALSE(bad.initialized());
    EXPECT_EQ(bad.cipher_suite(), 0);
    EXPECT_FALSE(open_record(bad, record).ok);
    EXPECT_EQ(bad.last_error(), DecryptError::kNotInitialized);
  }
}

TEST(Tls13DecryptorTest, MalformedRecordsFailWithoutCrashing) {
  Tls13Decryptor d;
  std::vector<std::uint8_t> plaintext = {0xde, 0xad};
  std::uint8_t type = 0x77;
  // Before init, and update_key before init.
  EXPECT_FALSE(d.decrypt(header_of(hex(kRfc8448ServerFlightRecord)),
                         fragment_of(hex(kRfc8448ServerFlightRecord)), plaintext, type));
  EXPECT_EQ(d.last_error(), DecryptError::kNotInitialized);
  EXPECT_TRUE(plaintext.empty());
  EXPECT_EQ(type, 0x77);
  EXPECT_FALSE(d.update_key());
  EXPECT_EQ(d.last_error(), DecryptError::kNotInitialized);

  ASSERT_TRUE(d.init(0x1301, hex(kRfc8448ServerHandshakeSecret)));
  const std::vector<std::uint8_t> record = hex(kRfc8448ServerFlightRecord);
  const std::vector<std::uint8_t> empty_record = make_record({});
  const std::vector<std::uint8_t> oversized_fragment(Tls13Decryptor::kMaxCiphertextLength + 1, 0x42);
  const std::vector<std::uint8_t> oversized = make_record(oversized_fragment);
  std::vector<std::uint8_t> handshake_type = record;
  handshake_type[0] = kHandshake;  // opaque_type must be application_data
  struct Case {
    const char* name;
    Bytes header;
    Bytes encrypted;
    DecryptError error;
  };
  const Case cases[] = {
      {"zero-length record", header_of(empty_record), {}, DecryptError::kTooShort},
      {"empty header", {}, fragment_of(record), DecryptError::kBadHeader},
      {"4-byte header", header_of(record).first(4), fragment_of(record), DecryptError::kBadHeader},
      {"6-byte header", Bytes(record).first(6), fragment_of(record), DecryptError::kBadHeader},
      {"handshake opaque_type", header_of(handshake_type), fragment_of(record), DecryptError::kBadHeader},
      {"length field disagrees", header_of(record), fragment_of(record).first(100), DecryptError::kBadHeader},
      {"over 2^14 + 256", header_of(oversized), fragment_of(oversized), DecryptError::kRecordOverflow},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    plaintext = {1, 2, 3};
    type = 0x77;
    EXPECT_FALSE(d.decrypt(c.header, c.encrypted, plaintext, type));
    EXPECT_EQ(d.last_error(), c.error);
    EXPECT_TRUE(plaintext.empty());
    EXPECT_EQ(type, 0x77);
    EXPECT_EQ(d.sequence(), 0u);
  }
  EXPECT_TRUE(open_record(d, record).ok);
}

// TLSInnerPlaintext shapes (RFC 8446 5.4), sealed here so padding and sizes
// can be anything. Each case is sealed at sequence number 0 and 1 so a
// failure is also checked not to advance the sequence.
TEST(Tls13DecryptorTest, InnerPlaintextPaddingAndLimits) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> inner;  // content || type || zeros
    bool ok;
    std::uint8_t content_type;
    std::size_t content_length;
    DecryptError error;
  };
  std::vector<std::uint8_t> max_content(1u << 14, 0x61);
  const Case cases[] = {
      {"no padding", ByteWriter().str("abc").u8(kApplicationData).take(), true, kApplicationData, 3,
       DecryptError::kNone},
      {"100 bytes of padding", ByteWriter().str("abc").u8(kApplicationData).zeros(100).take(), true,
       kApplicationData, 3, DecryptError::kNone},
      {"zeros inside the content are kept", ByteWriter().bytes({0, 0, 1, 0, 0}).u8(kAlert).zeros(3).take(),
       true, kAlert, 5, DecryptError::kNone},
      {"empty content, padded", ByteWriter().u8(kApplicationData).zeros(7).take(), true, kApplicationData, 0,
       DecryptError::kNone},
      {"unknown inner type is data", ByteWriter().str("x").u8(0xff).take(), true, 0xff, 1,
       DecryptError::kNone},
      {"2^14 content, no padding (largest legal)",
       ByteWriter().bytes(max_content).u8(kApplicationData).take(), true, kApplicationData, 1u << 14,
       DecryptError::kNone},
      {"padding-only, one zero byte", ByteWriter().zeros(1).take(), false, 0, 0,
       DecryptError::kNoContentType},
      {"padding-only, 300 zero bytes", ByteWriter().zeros(300).take(), false, 0, 0,
       DecryptError::kNoContentType},
      {"inner plaintext over 2^14 + 1", ByteWriter().bytes(max_content).u8(kApplicationData).zeros(1).take(),
       false, 0, 0, DecryptError::kRecordOverflow},
  };
  for (std::uint16_t suite : {std::uint16_t{0x1301}, std::uint16_t{0x1302}, std::uint16_t{0x1303}}) {
    const std::vector<std::uint8_t> secret =
        suite == 0x1302 ? hex(kIllustratedServerHandshakeSecret) : hex(kRfc8448ServerHandshakeSecret);
    for (const Case& c : cases) {
      SCOPED_TRACE(::testing::Message() << "suite 0x" << std::hex << suite << ": " << c.name);
      Tls13Decryptor d;
      ASSERT_TRUE(d.init(suite, secret));
      const std::vector<std::uint8_t> first =
          seal_record(suite, secret, 0, ByteWriter().str("first").u8(22).take());
      ASSERT_TRUE(open_record(d, first).ok);
      Decrypted got = open_record(d, seal_record(suite, secret, 1, c.inner));
      EXPECT_EQ(got.ok, c.ok);
      EXPECT_EQ(d.last_error(), c.error);
      if (c.ok) {
        EXPECT_EQ(got.content_type, c.content_type);
        EXPECT_EQ(got.plaintext,
                  std::vector<std::uint8_t>(c.inner.begin(), c.inner.begin() + c.content_length));
        EXPECT_EQ(d.sequence(), 2u);
      } else {
        EXPECT_TRUE(got.plaintext.empty());
        EXPECT_EQ(d.sequence(), 1u);
        // The next record at the same sequence number still opens.
        EXPECT_TRUE(open_record(d, seal_record(suite, secret, 1, ByteWriter().str("ok").u8(23).take())).ok);
      }
    }
  }
}

TEST(Tls13DecryptorTest, ReinitRestartsSequenceAndMoveKeepsState) {
  const std::vector<std::uint8_t> secret = hex(kRfc8448ServerApplicationSecret);
  Tls13Decryptor d;
  ASSERT_TRUE(d.init(0x1301, secret));
  ASSERT_TRUE(open_record(d, hex(kRfc8448NewSessionTicketRecord)).ok);
  EXPECT_EQ(d.sequence(), 1u);

  Tls13Decryptor moved(std::move(d));
  EXPECT_TRUE(moved.initialized());
  EXPECT_EQ(moved.sequence(), 1u);
  EXPECT_TRUE(open_record(moved, hex(kRfc8448ServerAppDataRecord)).ok);
  // The moved-from decryptor is uninitialized but usable again after init().
  EXPECT_FALSE(d.initialized());  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_FALSE(open_record(d, hex(kRfc8448NewSessionTicketRecord)).ok);
  ASSERT_TRUE(d.init(0x1301, secret));
  EXPECT_TRUE(open_record(d, hex(kRfc8448NewSessionTicketRecord)).ok);

  Tls13Decryptor assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.sequence(), 2u);
  EXPECT_TRUE(open_record(assigned, hex(kRfc8448ServerAlertRecord)).ok);

  // init() again on a used decryptor restarts at sequence 0 with the new key.
  ASSERT_TRUE(assigned.init(0x1301, secret));
  EXPECT_EQ(assigned.sequence(), 0u);
  EXPECT_TRUE(open_record(assigned, hex(kRfc8448NewSessionTicketRecord)).ok);
}

TEST(Tls13DecryptorTest, DecryptErrorNamesAreStable) {
  EXPECT_EQ(name(DecryptError::kNone), "none");
  EXPECT_EQ(name(DecryptError::kBadRecordMac), "bad_record_mac");
  EXPECT_EQ(name(DecryptError::kNoContentType), "no_content_type");
  EXPECT_EQ(name(DecryptError::kRecordOverflow), "record_overflow");
  EXPECT_EQ(name(static_cast<DecryptError>(200)), "unknown");
}

}  // namespace
}  // namespace tlsanalyze::analyzer
