// TLS extension decoding shared by ClientHello, ServerHello, EncryptedExtensions
// and CertificateRequest (RFC 8446 4.2). Each function reads one extension's
// extension_data; they are the building blocks tls_handshake.cc uses.
#pragma once

#include <cstdint>
#include <string_view>

#include "parsers/anomaly.h"
#include "parsers/byte_reader.h"

namespace tlsanalyze::parsers {

// ExtensionType values used by the decoders (IANA "TLS ExtensionType Values").
enum class ExtensionType : std::uint16_t {
  server_name = 0,
  status_request = 5,
  supported_groups = 10,
  ec_point_formats = 11,
  signature_algorithms = 13,
  alpn = 16,
  padding = 21,
  encrypt_then_mac = 22,
  extended_master_secret = 23,
  compress_certificate = 27,
  session_ticket = 35,
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  signature_algorithms_cert = 50,
  key_share = 51,
  encrypted_client_hello = 0xfe0d,
  renegotiation_info = 0xff01,
};

// Extension is one extension: its type and a view of extension_data.
struct Extension {
  std::uint16_t type = 0;
  Bytes data;
};

// ExtensionReader walks an extensions block (the body of the u16-prefixed
// Extension list).
class ExtensionReader {
 public:
  explicit ExtensionReader(Bytes block) : reader_(block) {}
  // next reads the next extension. False at the end (why.kind == none) or on a
  // malformed entry (why says what).
  bool next(Extension& out, Anomaly& why);

 private:
  ByteReader reader_;
};

// parse_server_name_list returns the first host_name entry of a ClientHello
// server_name extension (RFC 6066 3). An empty extension_data (the server's
// acknowledgement) is not accepted here.
bool parse_server_name_list(Bytes data, std::string_view& host_name, Anomaly& why);

// parse_u16_vector_u8 reads a u8-prefixed vector of u16 values (ClientHello
// supported_versions). Odd lengths are bad_length.
bool parse_u16_vector_u8(Bytes data, U16List& out, Anomaly& why, const char* field);

// parse_u16_vector_u16 reads a u16-prefixed vector of u16 values
// (supported_groups, signature_algorithms).
bool parse_u16_vector_u16(Bytes data, U16List& out, Anomaly& why, const char* field);

// parse_alpn_list reads a ClientHello ALPN extension: returns the
// ProtocolNameList body after checking every name is non-empty (RFC 7301 3.1).
bool parse_alpn_list(Bytes data, Bytes& protocol_name_list, Anomaly& why);

// parse_alpn_selected reads a server's ALPN extension: exactly one name.
bool parse_alpn_selected(Bytes data, std::string_view& protocol, Anomaly& why);

// parse_key_share_client reads KeyShareClientHello: the client_shares body,
// with every entry checked.
bool parse_key_share_client(Bytes data, Bytes& client_shares, Anomaly& why);

// parse_key_share_server reads a ServerHello key_share (a KeyShareEntry) or a
// HelloRetryRequest key_share (just a selected group): `hrr` selects which.
bool parse_key_share_server(Bytes data, bool hrr, std::uint16_t& group, Anomaly& why);

}  // namespace tlsanalyze::parsers
