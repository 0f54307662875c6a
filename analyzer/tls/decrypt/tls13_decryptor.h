// Tls13Decryptor removes TLS 1.3 record protection (RFC 8446 5.2-5.4) for one
// direction of one connection, given a traffic secret from a key log. It lets
// the analyzer read EncryptedExtensions, Certificate, CertificateVerify,
// Finished, NewSessionTicket, KeyUpdate and encrypted alerts.
//
// Everything here is OpenSSL 3.0 EVP: HKDF through EVP_KDF, AEADs through an
// EVP_CIPHER_CTX that is created once per decryptor and re-keyed in place.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "parsers/byte_reader.h"

namespace tlsanalyze::analyzer {

// HashAlgorithm is the hash a TLS 1.3 cipher suite uses for HKDF (RFC 8446 B.4).
enum class HashAlgorithm : std::uint8_t { kSha256, kSha384 };

// hash_length returns Hash.length in bytes: 32 for SHA-256, 48 for SHA-384.
std::size_t hash_length(HashAlgorithm hash);

// hkdf_expand_label computes HKDF-Expand-Label(secret, label, context, length)
// of RFC 8446 7.1: HKDF-Expand (RFC 5869 2.3) with info = HkdfLabel
// {uint16 length; opaque label<7..255> = "tls13 " + label; opaque context<0..255>}.
// On success `out` holds `length` bytes. It returns false (out cleared) when
// secret is empty, label is empty or longer than 249 bytes, context is longer
// than 255 bytes, length is 0 or more than 255 * Hash.length, or OpenSSL fails.
bool hkdf_expand_label(HashAlgorithm hash, parsers::Bytes secret, std::string_view label,
                       parsers::Bytes context, std::size_t length, std::vector<std::uint8_t>& out);

// DecryptError says why the last Tls13Decryptor::decrypt() or init() failed,
// so the analyzer can tell a wrong key (kBadRecordMac on the first record)
// from a broken peer (kNoContentType, kRecordOverflow).
enum class DecryptError : std::uint8_t {
  kNone,               // the last call succeeded
  kNotInitialized,     // init() was never called or failed
  kUnsupportedSuite,   // init(): not a TLS 1.3 AEAD suite we implement
  kBadSecret,          // init(): secret length is not Hash.length of the suite
  kCryptoFailure,      // OpenSSL refused an operation (missing algorithm, ...)
  kBadHeader,          // header is not 5 bytes, not application_data, or its length field disagrees
  kRecordOverflow,     // ciphertext > 2^14 + 256 or TLSInnerPlaintext > 2^14 + 1 (RFC 8446 5.2, 5.4)
  kTooShort,           // ciphertext shorter than the tag plus one content-type byte
  kBadRecordMac,       // authentication failed: wrong key, wrong sequence number or tampering
  kNoContentType,      // the decrypted TLSInnerPlaintext is all zeros (RFC 8446 5.4)
  kSequenceExhausted,  // 2^64 - 1 records already decrypted; the number may not wrap (RFC 8446 5.3)
};

// name returns a stable snake_case name for a DecryptError, for reports.
std::string_view name(DecryptError error);

// Tls13Decryptor decrypts the TLSCiphertext records of one direction, in
// order. It holds one traffic secret, the derived write iv and the 64-bit
// record sequence number (RFC 8446 5.3). It is movable, not copyable, and not
// thread-safe. Secrets and keys are wiped when replaced and on destruction.
class Tls13Decryptor {
 public:
  // kMaxCiphertextLength is the largest legal TLSCiphertext.length (RFC 8446 5.2).
  static constexpr std::size_t kMaxCiphertextLength = (1u << 14) + 256;
  // kMaxInnerPlaintextLength bounds the encoded TLSInnerPlaintext (RFC 8446 5.4).
  static constexpr std::size_t kMaxInnerPlaintextLength = (1u << 14) + 1;

  // Tls13Decryptor starts uninitialized: decrypt() fails until init() succeeds.
  Tls13Decryptor();
  // ~Tls13Decryptor wipes the secret and frees the OpenSSL context.
  ~Tls13Decryptor();
  // Tls13Decryptor(Tls13Decryptor&&) moves the state; the source is left uninitialized.
  Tls13Decryptor(Tls13Decryptor&& other) noexcept;
  // operator= moves the state; the source is left uninitialized.
  Tls13Decryptor& operator=(Tls13Decryptor&& other) noexcept;
  Tls13Decryptor(const Tls13Decryptor&) = delete;
  Tls13Decryptor& operator=(const Tls13Decryptor&) = delete;

  // init derives the write key and iv from `traffic_secret` with
  // HKDF-Expand-Label(secret, "key", "", key_length) and (..., "iv", "", 12)
  // (RFC 8446 7.3) for `cipher_suite`: 0x1301 TLS_AES_128_GCM_SHA256,
  // 0x1302 TLS_AES_256_GCM_SHA384, 0x1303 TLS_CHACHA20_POLY1305_SHA256,
  // 0x1304 TLS_AES_128_CCM_SHA256 or 0x1305 TLS_AES_128_CCM_8_SHA256. The
  // secret must be exactly Hash.length bytes (a SHA-384 secret for a SHA-256
  // suite means the key log and the ServerHello disagree). The sequence
  // number restarts at 0. On failure the decryptor is left uninitialized.
  bool init(std::uint16_t cipher_suite, parsers::Bytes traffic_secret);

  // decrypt opens one TLSCiphertext: `header` is its 5-byte record header
  // (which is also the AEAD additional data, RFC 8446 5.2) and `encrypted` its
  // encrypted_record. On success `plaintext` holds TLSInnerPlaintext.content
  // with the zero padding removed, `content_type` the real ContentType, and
  // the sequence number advances. On failure it returns false, clears
  // `plaintext` (no unauthenticated bytes escape), leaves `content_type` alone,
  // does not advance the sequence number, and last_error() says why. Only
  // `plaintext` may allocate, and only when it must grow.
  bool decrypt(parsers::Bytes header, parsers::Bytes encrypted, std::vector<std::uint8_t>& plaintext,
               std::uint8_t& content_type);

  // update_key applies a KeyUpdate (RFC 8446 7.2): the next secret is
  // HKDF-Expand-Label(current, "traffic upd", "", Hash.length), the key and iv
  // are derived from it and the sequence number restarts at 0. It returns
  // false (and leaves the decryptor uninitialized) if it was not initialized.
  bool update_key();

  // sequence returns the number of the next record to decrypt (RFC 8446 5.3).
  std::uint64_t sequence() const { return sequence_; }
  // initialized is true after a successful init() or update_key().
  bool initialized() const { return suite_ != nullptr; }
  // cipher_suite returns the suite given to the last successful init(), or 0.
  std::uint16_t cipher_suite() const;
  // last_error says why the last init(), decrypt() or update_key() failed;
  // kNone after a success.
  DecryptError last_error() const { return last_error_; }

  // Suite describes one supported cipher suite; defined in the .cc file.
  struct Suite;

 private:
  // CipherCtxDeleter frees the EVP_CIPHER_CTX owned by ctx_.
  struct CipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* ctx) const;
  };
  // kMaxSecretLength is the largest Hash.length among the supported suites.
  static constexpr std::size_t kMaxSecretLength = 48;
  // kIvLength is the AEAD nonce length of every TLS 1.3 suite (RFC 8446 5.3).
  static constexpr std::size_t kIvLength = 12;

  // fail records `error`, clears `plaintext` and returns false.
  bool fail(DecryptError error, std::vector<std::uint8_t>& plaintext);
  // reset wipes the key material and marks the decryptor uninitialized.
  void reset();

  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter> ctx_;  // keyed cipher, reused for every record
  const Suite* suite_ = nullptr;                           // nullptr until init() succeeds
  std::array<std::uint8_t, kMaxSecretLength> secret_{};    // current traffic secret (for KeyUpdate)
  std::array<std::uint8_t, kIvLength> iv_{};               // write iv, XORed with the sequence number
  std::uint64_t sequence_ = 0;
  DecryptError last_error_ = DecryptError::kNotInitialized;
};

}  // namespace tlsanalyze::analyzer
