#include "analyzer/tls/decrypt/tls13_decryption.h"

namespace tlsanalyze::analyzer {

std::unique_ptr<Tls13Decryption> Tls13Decryption::create(const KeyLog& keylog, parsers::Bytes client_random,
                                                         std::uint16_t cipher_suite) {
  const SessionSecrets* secrets = keylog.find(client_random);
  if (secrets == nullptr) return nullptr;
  auto d = std::unique_ptr<Tls13Decryption>(new Tls13Decryption());
  d->secrets_ = secrets;
  d->cipher_suite_ = cipher_suite;
  // A side without its secret stays encrypted. That is common: a client that
  // rejects the server's certificate never derives (or logs) its own
  // handshake secret, yet the server's flight, certificate included, can be read.
  const std::vector<std::uint8_t>* handshake_secrets[2] = {&secrets->client_handshake_traffic_secret,
                                                           &secrets->server_handshake_traffic_secret};
  for (std::size_t i = 0; i < 2; ++i)
    d->failed_[i] = handshake_secrets[i]->empty() || !d->decryptors_[i].init(cipher_suite, parsers::Bytes(*handshake_secrets[i]));
  if (d->failed_[0] && d->failed_[1]) return nullptr;
  return d;
}

bool Tls13Decryption::decrypt(Side from, parsers::Bytes header, parsers::Bytes fragment,
                              std::vector<std::uint8_t>& plaintext, std::uint8_t& inner_type) {
  std::size_t i = index(from);
  if (failed_[i]) return false;
  if (decryptors_[i].decrypt(header, fragment, plaintext, inner_type)) return true;
  // A client may send 0-RTT records (early data, under another secret) before
  // its handshake flight; skip those and try the next record.
  if (from == Side::client && decryptors_[i].sequence() == 0 && skipped_early_ < kMaxEarlyRecords) {
    ++skipped_early_;
    return false;
  }
  failed_[i] = true;
  return false;
}

void Tls13Decryption::key_update(Side side) {
  std::size_t i = index(side);
  if (!failed_[i] && !decryptors_[i].update_key()) failed_[i] = true;
}

void Tls13Decryption::switch_to_application(Side side) {
  std::size_t i = index(side);
  const std::vector<std::uint8_t>& secret =
      side == Side::client ? secrets_->client_traffic_secret_0 : secrets_->server_traffic_secret_0;
  if (secret.empty() || !decryptors_[i].init(cipher_suite_, parsers::Bytes(secret))) failed_[i] = true;
}

}  // namespace tlsanalyze::analyzer
