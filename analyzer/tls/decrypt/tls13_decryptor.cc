#include "analyzer/tls/decrypt/tls13_decryptor.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <algorithm>
#include <limits>
#include <span>
#include <utility>

namespace tlsanalyze::analyzer {
namespace {

constexpr std::string_view kLabelPrefix = "tls13 ";  // RFC 8446 7.1
constexpr std::size_t kMaxLabelLength = 255 - kLabelPrefix.size();
constexpr std::size_t kMaxContextLength = 255;
constexpr std::size_t kRecordHeaderLength = 5;            // RFC 8446 5.1
constexpr std::uint8_t kContentTypeApplicationData = 23;  // opaque_type, RFC 8446 5.2
constexpr std::size_t kMaxTagLength = 16;
constexpr std::size_t kMaxKeyLength = 32;

struct CipherDeleter {
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
};
struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};
using CipherPtr = std::unique_ptr<EVP_CIPHER, CipherDeleter>;
using KdfPtr = std::unique_ptr<EVP_KDF, KdfDeleter>;
using KdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter>;

// Ciphers and the KDF are fetched once per process: an explicit fetch is the
// OpenSSL 3 way to avoid a provider lookup on every init(), and a capture with
// a million TLS 1.3 connections calls init() several million times. The
// statics are destroyed before OpenSSL's own atexit cleanup, which was
// registered earlier (by the first fetch).
enum class CipherId : std::uint8_t { kAes128Gcm, kAes256Gcm, kChacha20Poly1305, kAes128Ccm };

const EVP_CIPHER* cached_cipher(CipherId id) {
  static const std::array<CipherPtr, 4> ciphers = [] {
    std::array<CipherPtr, 4> fetched;
    fetched[0].reset(EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
    fetched[1].reset(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    fetched[2].reset(EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr));
    fetched[3].reset(EVP_CIPHER_fetch(nullptr, "AES-128-CCM", nullptr));
    ERR_clear_error();  // a provider without one of them must not leave errors behind
    return fetched;
  }();
  return ciphers[static_cast<std::size_t>(id)].get();
}

EVP_KDF* cached_hkdf() {
  static const KdfPtr kdf = [] {
    KdfPtr fetched(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    ERR_clear_error();
    return fetched;
  }();
  return kdf.get();
}

// expand_label_into is hkdf_expand_label writing into caller storage, so
// init() keeps keys on the stack (and wipes them) instead of in heap vectors.
bool expand_label_into(HashAlgorithm hash, parsers::Bytes secret, std::string_view label,
                       parsers::Bytes context, std::span<std::uint8_t> out) {
  if (secret.empty() || label.empty() || label.size() > kMaxLabelLength ||
      context.size() > kMaxContextLength || out.empty() || out.size() > 255 * hash_length(hash))
    return false;
  EVP_KDF* kdf = cached_hkdf();
  if (kdf == nullptr) return false;

  // HkdfLabel (RFC 8446 7.1): uint16 length; opaque label<7..255>; opaque context<0..255>.
  std::array<std::uint8_t, 2 + 1 + 255 + 1 + kMaxContextLength> info;
  std::size_t n = 0;
  info[n++] = static_cast<std::uint8_t>(out.size() >> 8);
  info[n++] = static_cast<std::uint8_t>(out.size());
  info[n++] = static_cast<std::uint8_t>(kLabelPrefix.size() + label.size());
  n = static_cast<std::size_t>(std::copy(kLabelPrefix.begin(), kLabelPrefix.end(), info.begin() + n) -
                               info.begin());
  n = static_cast<std::size_t>(std::copy(label.begin(), label.end(), info.begin() + n) - info.begin());
  info[n++] = static_cast<std::uint8_t>(context.size());
  n = static_cast<std::size_t>(std::copy(context.begin(), context.end(), info.begin() + n) - info.begin());

  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) return false;
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;  // the secret already is the PRK (RFC 8446 7.1)
  char sha256[] = "SHA256";
  char sha384[] = "SHA384";
  // OSSL_PARAM takes non-const pointers for every direction; OpenSSL only
  // reads input parameters, so casting away const on the secret is safe.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       hash == HashAlgorithm::kSha256 ? sha256 : sha384, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(secret.data()),
                                        secret.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), n),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    ERR_clear_error();
    OPENSSL_cleanse(out.data(), out.size());
    return false;
  }
  return true;
}

}  // namespace

// Suite is one row of RFC 8446 B.4 (plus its AEAD's sizes, RFC 5116 / 8439 / 6655).
struct Tls13Decryptor::Suite {
  std::uint16_t id;
  HashAlgorithm hash;
  CipherId cipher;
  std::size_t key_length;
  std::size_t tag_length;
  // CCM needs the message length and the expected tag before the ciphertext
  // (RFC 3610 2.2), so it takes a different EVP call sequence.
  bool ccm;
};

namespace {

constexpr Tls13Decryptor::Suite kSuites[] = {
    {0x1301, HashAlgorithm::kSha256, CipherId::kAes128Gcm, 16, 16, false},  // TLS_AES_128_GCM_SHA256
    {0x1302, HashAlgorithm::kSha384, CipherId::kAes256Gcm, 32, 16, false},  // TLS_AES_256_GCM_SHA384
    {0x1303, HashAlgorithm::kSha256, CipherId::kChacha20Poly1305, 32, 16,
     false},                                                               // TLS_CHACHA20_POLY1305_SHA256
    {0x1304, HashAlgorithm::kSha256, CipherId::kAes128Ccm, 16, 16, true},  // TLS_AES_128_CCM_SHA256
    {0x1305, HashAlgorithm::kSha256, CipherId::kAes128Ccm, 16, 8, true},   // TLS_AES_128_CCM_8_SHA256
};

const Tls13Decryptor::Suite* find_suite(std::uint16_t id) {
  for (const Tls13Decryptor::Suite& suite : kSuites)
    if (suite.id == id) return &suite;
  return nullptr;
}

}  // namespace

std::size_t hash_length(HashAlgorithm hash) { return hash == HashAlgorithm::kSha256 ? 32 : 48; }

bool hkdf_expand_label(HashAlgorithm hash, parsers::Bytes secret, std::string_view label,
                       parsers::Bytes context, std::size_t length, std::vector<std::uint8_t>& out) {
  out.clear();
  // Checked before resize() so a hostile length cannot allocate: HKDF-Expand
  // yields at most 255 * HashLen bytes (RFC 5869 2.3), HkdfLabel.length is 16 bits.
  if (length == 0 || length > 255 * hash_length(hash)) return false;
  out.resize(length);
  if (!expand_label_into(hash, secret, label, context, out)) {
    out.clear();
    return false;
  }
  return true;
}

std::string_view name(DecryptError error) {
  switch (error) {
    case DecryptError::kNone:
      return "none";
    case DecryptError::kNotInitialized:
      return "not_initialized";
    case DecryptError::kUnsupportedSuite:
      return "unsupported_suite";
    case DecryptError::kBadSecret:
      return "bad_secret";
    case DecryptError::kCryptoFailure:
      return "crypto_failure";
    case DecryptError::kBadHeader:
      return "bad_header";
    case DecryptError::kRecordOverflow:
      return "record_overflow";
    case DecryptError::kTooShort:
      return "too_short";
    case DecryptError::kBadRecordMac:
      return "bad_record_mac";
    case DecryptError::kNoContentType:
      return "no_content_type";
    case DecryptError::kSequenceExhausted:
      return "sequence_exhausted";
  }
  return "unknown";
}

void Tls13Decryptor::CipherCtxDeleter::operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }

Tls13Decryptor::Tls13Decryptor() = default;

Tls13Decryptor::~Tls13Decryptor() { reset(); }

Tls13Decryptor::Tls13Decryptor(Tls13Decryptor&& other) noexcept
    : ctx_(std::move(other.ctx_)),
      suite_(other.suite_),
      secret_(other.secret_),
      iv_(other.iv_),
      sequence_(other.sequence_),
      last_error_(other.last_error_) {
  other.reset();
}

Tls13Decryptor& Tls13Decryptor::operator=(Tls13Decryptor&& other) noexcept {
  if (this != &other) {
    reset();
    ctx_ = std::move(other.ctx_);
    suite_ = other.suite_;
    secret_ = other.secret_;
    iv_ = other.iv_;
    sequence_ = other.sequence_;
    last_error_ = other.last_error_;
    other.reset();
  }
  return *this;
}

std::uint16_t Tls13Decryptor::cipher_suite() const { return suite_ == nullptr ? 0 : suite_->id; }

void Tls13Decryptor::reset() {
  // EVP_CIPHER_CTX_reset frees the provider context, which wipes the key
  // schedule, but keeps the EVP_CIPHER_CTX itself for the next init().
  if (ctx_) EVP_CIPHER_CTX_reset(ctx_.get());
  OPENSSL_cleanse(secret_.data(), secret_.size());
  OPENSSL_cleanse(iv_.data(), iv_.size());
  suite_ = nullptr;
  sequence_ = 0;
  last_error_ = DecryptError::kNotInitialized;
}

bool Tls13Decryptor::init(std::uint16_t cipher_suite, parsers::Bytes traffic_secret) {
  reset();
  const Suite* suite = find_suite(cipher_suite);
  if (suite == nullptr) {
    last_error_ = DecryptError::kUnsupportedSuite;
    return false;
  }
  if (traffic_secret.size() != hash_length(suite->hash)) {
    last_error_ = DecryptError::kBadSecret;
    return false;
  }
  const EVP_CIPHER* cipher = cached_cipher(suite->cipher);
  if (!ctx_) ctx_.reset(EVP_CIPHER_CTX_new());
  if (cipher == nullptr || !ctx_) {
    last_error_ = DecryptError::kCryptoFailure;
    return false;
  }

  // RFC 8446 7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length),
  //               [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length).
  std::array<std::uint8_t, kMaxKeyLength> key;
  std::span<std::uint8_t> key_span(key.data(), suite->key_length);
  bool ok = expand_label_into(suite->hash, traffic_secret, "key", {}, key_span) &&
            expand_label_into(suite->hash, traffic_secret, "iv", {}, iv_);
  EVP_CIPHER_CTX* ctx = ctx_.get();
  // The cipher and key are set once here; decrypt() only supplies a nonce.
  // CCM fixes its tag length (M, RFC 3610 2) in the key setup, so it is set
  // before the key, with a null tag meaning "length only".
  ok = ok && EVP_DecryptInit_ex(ctx, cipher, nullptr, nullptr, nullptr) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(kIvLength), nullptr) == 1 &&
       (!suite->ccm ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(suite->tag_length), nullptr) == 1) &&
       EVP_DecryptInit_ex(ctx, nullptr, nullptr, key.data(), nullptr) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok) {
    ERR_clear_error();
    reset();
    last_error_ = DecryptError::kCryptoFailure;
    return false;
  }
  std::copy(traffic_secret.begin(), traffic_secret.end(), secret_.begin());
  suite_ = suite;
  sequence_ = 0;
  last_error_ = DecryptError::kNone;
  return true;
}

bool Tls13Decryptor::update_key() {
  if (suite_ == nullptr) {
    last_error_ = DecryptError::kNotInitialized;
    return false;
  }
  // RFC 8446 7.2: application_traffic_secret_N+1 =
  //   HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length).
  const std::uint16_t id = suite_->id;
  const std::size_t length = hash_length(suite_->hash);
  std::array<std::uint8_t, kMaxSecretLength> next;
  bool ok = expand_label_into(suite_->hash, parsers::Bytes(secret_.data(), length), "traffic upd", {},
                              std::span<std::uint8_t>(next.data(), length)) &&
            init(id, parsers::Bytes(next.data(), length));
  OPENSSL_cleanse(next.data(), next.size());
  if (!ok) {
    DecryptError why = last_error_ == DecryptError::kNone ? DecryptError::kCryptoFailure : last_error_;
    reset();
    last_error_ = why;
  }
  return ok;
}

bool Tls13Decryptor::fail(DecryptError error, std::vector<std::uint8_t>& plaintext) {
  last_error_ = error;
  plaintext.clear();
  return false;
}

bool Tls13Decryptor::decrypt(parsers::Bytes header, parsers::Bytes encrypted,
                             std::vector<std::uint8_t>& plaintext, std::uint8_t& content_type) {
  if (suite_ == nullptr) return fail(DecryptError::kNotInitialized, plaintext);
  // RFC 8446 5.2: opaque_type is always application_data, and the header's
  // length must describe `encrypted` (it is authenticated as the AAD anyway;
  // checking it first names the caller's framing mistake precisely).
  if (header.size() != kRecordHeaderLength || header[0] != kContentTypeApplicationData ||
      ((std::size_t{header[3]} << 8) | header[4]) != encrypted.size())
    return fail(DecryptError::kBadHeader, plaintext);
  if (encrypted.size() > kMaxCiphertextLength) return fail(DecryptError::kRecordOverflow, plaintext);
  const std::size_t tag_length = suite_->tag_length;
  // At least the tag plus the one ContentType byte of TLSInnerPlaintext.
  if (encrypted.size() < tag_length + 1) return fail(DecryptError::kTooShort, plaintext);
  const std::size_t inner_length = encrypted.size() - tag_length;
  if (inner_length > kMaxInnerPlaintextLength) return fail(DecryptError::kRecordOverflow, plaintext);
  // RFC 8446 5.3: the sequence number must not wrap; rekeying is required first.
  if (sequence_ == std::numeric_limits<std::uint64_t>::max())
    return fail(DecryptError::kSequenceExhausted, plaintext);

  // RFC 8446 5.3: nonce = write_iv XOR (64-bit big-endian sequence number, left-padded to iv_length).
  std::array<std::uint8_t, kIvLength> nonce = iv_;
  for (std::size_t i = 0; i < 8; ++i)
    nonce[kIvLength - 1 - i] ^= static_cast<std::uint8_t>(sequence_ >> (8 * i));
  // EVP_CTRL_AEAD_SET_TAG takes a non-const pointer, so the tag is copied out.
  std::array<std::uint8_t, kMaxTagLength> tag;
  std::copy(encrypted.end() - static_cast<std::ptrdiff_t>(tag_length), encrypted.end(), tag.begin());

  plaintext.resize(inner_length);
  EVP_CIPHER_CTX* ctx = ctx_.get();
  const int length = static_cast<int>(inner_length);  // <= 2^14 + 1, see above
  int out_length = 0;
  bool ok;
  if (suite_->ccm) {
    // CCM order: nonce, expected tag, total length, AAD, then the ciphertext;
    // the last update both decrypts and verifies.
    ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data()) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_length), tag.data()) == 1 &&
         EVP_DecryptUpdate(ctx, nullptr, &out_length, nullptr, length) == 1 &&
         EVP_DecryptUpdate(ctx, nullptr, &out_length, header.data(), static_cast<int>(header.size())) == 1 &&
         EVP_DecryptUpdate(ctx, plaintext.data(), &out_length, encrypted.data(), length) == 1;
  } else {
    int final_length = 0;
    ok = EVP_DecryptInit_ex(ctx, nullptr, nullptr, nullptr, nonce.data()) == 1 &&
         EVP_DecryptUpdate(ctx, nullptr, &out_length, header.data(), static_cast<int>(header.size())) == 1 &&
         EVP_DecryptUpdate(ctx, plaintext.data(), &out_length, encrypted.data(), length) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_length), tag.data()) == 1 &&
         out_length == length &&
         EVP_DecryptFinal_ex(ctx, plaintext.data() + out_length, &final_length) == 1 && final_length == 0;
  }
  if (!ok) {
    ERR_clear_error();
    return fail(DecryptError::kBadRecordMac, plaintext);
  }

  // RFC 8446 5.4: the real ContentType is the last non-zero byte; everything
  // after it is padding. No non-zero byte at all is an unexpected_message.
  std::size_t end = inner_length;
  while (end > 0 && plaintext[end - 1] == 0) --end;
  if (end == 0) return fail(DecryptError::kNoContentType, plaintext);
  content_type = plaintext[end - 1];
  plaintext.resize(end - 1);
  ++sequence_;
  last_error_ = DecryptError::kNone;
  return true;
}

}  // namespace tlsanalyze::analyzer
