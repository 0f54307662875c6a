// HandshakeSummary: the facts of one handshake copied out of the packets (the
// parsed views die with the packet buffer). Diagnosis and reports read this and
// the event log; nothing here points into packet memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tlsanalyze::analyzer {

// ClientHelloFacts is what a ClientHello offered.
struct ClientHelloFacts {
  std::uint16_t legacy_version = 0;
  std::uint16_t highest_version = 0;          // supported_versions max, else legacy_version
  std::vector<std::uint16_t> versions;        // supported_versions as sent (GREASE removed)
  std::vector<std::uint16_t> cipher_suites;   // as sent (GREASE removed)
  std::vector<std::uint16_t> groups;          // supported_groups (GREASE removed)
  std::vector<std::uint16_t> key_share_groups;
  std::vector<std::uint16_t> signature_algorithms;
  std::vector<std::string> alpn;
  std::string sni;
  std::vector<std::uint8_t> random;           // 32 bytes: the key-log lookup key
  bool has_sni = false;
  bool sslv2_format = false;
  bool session_ticket = false;
  bool pre_shared_key = false;
  bool early_data = false;
  bool ech = false;
  bool fallback_scsv = false;
  bool resumption_attempt = false;            // non-empty session id/ticket or PSK
  std::uint32_t length = 0;                   // message length in bytes
};

// ServerHelloFacts is what a ServerHello (or HelloRetryRequest) chose.
struct ServerHelloFacts {
  std::uint16_t legacy_version = 0;
  std::uint16_t version = 0;                  // negotiated (supported_versions, else legacy)
  std::uint16_t cipher_suite = 0;
  std::uint16_t key_share_group = 0;
  std::string alpn;
  bool has_alpn = false;
  bool resumed = false;                       // session id echoed (TLS <= 1.2) or PSK accepted (1.3)
  bool sni_acknowledged = false;
};

// CertificateChainFacts is one Certificate message: DER certificates, leaf first.
struct CertificateChainFacts {
  std::vector<std::vector<std::uint8_t>> der;  // capped at kMaxChainCertificates
  std::size_t total = 0;                       // certificates in the message
  std::int64_t timestamp_us = 0;               // when it was seen (validity is judged then)
  bool decrypted = false;                      // made visible by --keylog
  bool inferred = false;                       // not seen, inferred from an encrypted record's size
  bool present = false;
};

// CertificateRequestFacts is a server's CertificateRequest.
struct CertificateRequestFacts {
  std::vector<std::vector<std::uint8_t>> authorities;  // DER DistinguishedNames (capped)
  std::size_t authority_count = 0;
  bool present = false;
};

// KeyExchangeFacts is what a ServerKeyExchange carried.
struct KeyExchangeFacts {
  std::uint16_t named_group = 0;
  std::size_t dh_prime_bits = 0;
  bool present = false;
};

// HandshakeSummary collects all facts of one handshake.
struct HandshakeSummary {
  std::vector<ClientHelloFacts> client_hellos;  // one, or two after a HelloRetryRequest
  ServerHelloFacts server_hello;
  bool server_hello_seen = false;
  bool hello_retry_request = false;
  std::uint16_t hrr_group = 0;
  CertificateChainFacts server_certificates;
  CertificateChainFacts client_certificates;
  CertificateRequestFacts certificate_request;
  KeyExchangeFacts key_exchange;
  std::string non_tls_preview;                  // first bytes of the server's non-TLS reply, escaped
  std::string client_plaintext_preview;         // first bytes the client sent that were not TLS
};

}  // namespace tlsanalyze::analyzer
