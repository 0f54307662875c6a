// Tls13Decryption: the two directions' TLS 1.3 record decryption for one
// handshake, keyed from an SSLKEYLOGFILE. Handshake traffic secrets protect the
// encrypted flight (EncryptedExtensions .. Finished); after its Finished each
// side switches to its application traffic secret (RFC 8446 7.1-7.3).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/tls/decrypt/keylog.h"
#include "analyzer/tls/decrypt/tls13_decryptor.h"
#include "parsers/byte_reader.h"

namespace tlsanalyze::analyzer {

// Tls13Decryption holds one decryptor per side.
class Tls13Decryption {
 public:
  // create returns a decryption for the handshake whose ClientHello carried
  // `client_random`, or nullptr when the key log has no usable handshake
  // secret for it or `cipher_suite` is not one we can decrypt. One side's
  // secret is enough to read that side.
  static std::unique_ptr<Tls13Decryption> create(const KeyLog& keylog, parsers::Bytes client_random,
                                                 std::uint16_t cipher_suite);

  // decrypt opens one record sent by `from`. True: `plaintext` and
  // `inner_type` hold the TLSInnerPlaintext. False: this side cannot be
  // decrypted any more (wrong keys, or 0-RTT data we have no key for); the
  // caller falls back to reasoning about record sizes.
  bool decrypt(Side from, parsers::Bytes header, parsers::Bytes fragment, std::vector<std::uint8_t>& plaintext,
               std::uint8_t& inner_type);

  // switch_to_application moves `side` to its application traffic secret;
  // called after that side's Finished.
  void switch_to_application(Side side);

  // key_update moves `side` to its next application traffic secret after a
  // KeyUpdate message (RFC 8446 4.6.3).
  void key_update(Side side);

  // working is false once decryption of `side` has failed.
  bool working(Side side) const { return !failed_[index(side)]; }

 private:
  static std::size_t index(Side s) { return s == Side::client ? 0 : 1; }

  const SessionSecrets* secrets_ = nullptr;
  std::uint16_t cipher_suite_ = 0;
  std::array<Tls13Decryptor, 2> decryptors_{};
  std::array<bool, 2> failed_{};
  // kMaxEarlyRecords bounds how many undecryptable client records before the
  // first good one are taken for 0-RTT early data rather than wrong keys.
  static constexpr int kMaxEarlyRecords = 64;
  int skipped_early_ = 0;
};

}  // namespace tlsanalyze::analyzer
