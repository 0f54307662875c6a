// Decoders for individual TLS extensions (RFC 8446 4.2 and the RFCs that
// define each extension). Each reads one extension_data and insists that it
// holds exactly the structure the RFC gives, so a stray byte is reported where
// it is rather than silently skipped.
#include "parsers/tls_extensions.h"

#include <bitset>

namespace tlsanalyze::parsers {

bool ExtensionReader::next(Extension& out, Anomaly& why) {
  // struct { ExtensionType extension_type; opaque extension_data<0..2^16-1>; } Extension;
  if (reader_.empty()) {
    why = Anomaly{};
    return false;
  }
  std::uint16_t type = 0;
  ByteReader data;
  ByteReader probe = reader_;
  if (!probe.read_u16(type) || !probe.read_prefixed_u16(data))
    return why.set(AnomalyKind::truncated, "Extension.extension_data");
  reader_ = probe;
  out.type = type;
  out.data = data.rest();
  return true;
}

bool parse_server_name_list(Bytes data, std::string_view& host_name, Anomaly& why) {
  // RFC 6066 3:
  //   struct { NameType name_type; select (name_type) { case host_name: HostName; } name; } ServerName;
  //   opaque HostName<1..2^16-1>;
  //   struct { ServerName server_name_list<1..2^16-1> } ServerNameList;
  // Every deployed name type uses the HostName layout, so unknown types are
  // read the same way and skipped. A list without a host_name is well formed
  // and leaves host_name empty.
  ByteReader r(data);
  ByteReader list;
  if (!r.read_prefixed_u16(list)) return why.set(AnomalyKind::truncated, "server_name.server_name_list");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "server_name");
  if (list.empty()) return why.set(AnomalyKind::bad_length, "server_name.server_name_list");
  constexpr std::uint8_t kHostName = 0;
  std::string_view first;
  bool found = false;
  while (!list.empty()) {
    std::uint8_t name_type = 0;
    ByteReader name;
    if (!list.read_u8(name_type) || !list.read_prefixed_u16(name))
      return why.set(AnomalyKind::truncated, "server_name.ServerName");
    if (name.empty()) return why.set(AnomalyKind::bad_length, "server_name.HostName");
    if (name_type == kHostName && !found) {
      first = as_string_view(name.rest());
      found = true;
    }
  }
  host_name = first;
  return true;
}

namespace {

// parse_u16_vector_body checks the body of a vector of u16 values: non-empty
// (every such vector in TLS has a minimum of 2 bytes) and of even length.
bool parse_u16_vector_body(ByteReader& r, ByteReader body, U16List& out, Anomaly& why, const char* field) {
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, field);
  if (body.empty() || body.remaining() % 2 != 0) return why.set(AnomalyKind::bad_length, field);
  out.raw = body.rest();
  return true;
}

}  // namespace

bool parse_u16_vector_u8(Bytes data, U16List& out, Anomaly& why, const char* field) {
  // RFC 8446 4.2.1: ProtocolVersion versions<2..254>;
  ByteReader r(data);
  ByteReader body;
  if (!r.read_prefixed_u8(body)) return why.set(AnomalyKind::truncated, field);
  return parse_u16_vector_body(r, body, out, why, field);
}

bool parse_u16_vector_u16(Bytes data, U16List& out, Anomaly& why, const char* field) {
  // RFC 8446 4.2.7 NamedGroup named_group_list<2..2^16-1>;
  // RFC 8446 4.2.3 SignatureScheme supported_signature_algorithms<2..2^16-2>;
  ByteReader r(data);
  ByteReader body;
  if (!r.read_prefixed_u16(body)) return why.set(AnomalyKind::truncated, field);
  return parse_u16_vector_body(r, body, out, why, field);
}

bool parse_alpn_list(Bytes data, Bytes& protocol_name_list, Anomaly& why) {
  // RFC 7301 3.1: opaque ProtocolName<1..2^8-1>;
  //   struct { ProtocolName protocol_name_list<2..2^16-1> } ProtocolNameList;
  ByteReader r(data);
  ByteReader list;
  if (!r.read_prefixed_u16(list)) return why.set(AnomalyKind::truncated, "alpn.protocol_name_list");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "alpn");
  if (list.empty()) return why.set(AnomalyKind::bad_length, "alpn.protocol_name_list");
  const Bytes body = list.rest();
  while (!list.empty()) {
    ByteReader name;
    if (!list.read_prefixed_u8(name)) return why.set(AnomalyKind::truncated, "alpn.ProtocolName");
    if (name.empty()) return why.set(AnomalyKind::bad_length, "alpn.ProtocolName");
  }
  protocol_name_list = body;
  return true;
}

bool parse_alpn_selected(Bytes data, std::string_view& protocol, Anomaly& why) {
  // RFC 7301 3.1: in the server's extension "the ProtocolNameList MUST
  // contain exactly one ProtocolName".
  ByteReader r(data);
  ByteReader list;
  if (!r.read_prefixed_u16(list)) return why.set(AnomalyKind::truncated, "alpn.protocol_name_list");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "alpn");
  ByteReader name;
  if (!list.read_prefixed_u8(name)) return why.set(AnomalyKind::truncated, "alpn.ProtocolName");
  if (name.empty()) return why.set(AnomalyKind::bad_length, "alpn.ProtocolName");
  if (!list.empty()) return why.set(AnomalyKind::bad_length, "alpn.protocol_name_list");
  protocol = as_string_view(name.rest());
  return true;
}

bool parse_key_share_client(Bytes data, Bytes& client_shares, Anomaly& why) {
  // RFC 8446 4.2.8:
  //   struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
  //   struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
  // An empty client_shares is valid (the client asks for a HelloRetryRequest).
  // "Clients MUST NOT offer multiple KeyShareEntry values for the same group."
  ByteReader r(data);
  ByteReader shares;
  if (!r.read_prefixed_u16(shares)) return why.set(AnomalyKind::truncated, "key_share.client_shares");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "key_share");
  const Bytes body = shares.rest();
  // 8 KiB on the stack makes the duplicate check linear in hostile input.
  std::bitset<65536> seen;
  while (!shares.empty()) {
    std::uint16_t group = 0;
    ByteReader key;
    if (!shares.read_u16(group) || !shares.read_prefixed_u16(key))
      return why.set(AnomalyKind::truncated, "key_share.KeyShareEntry");
    if (key.empty()) return why.set(AnomalyKind::bad_length, "key_share.key_exchange");
    if (seen.test(group)) return why.set(AnomalyKind::bad_value, "key_share.group");
    seen.set(group);
  }
  client_shares = body;
  return true;
}

bool parse_key_share_server(Bytes data, bool hrr, std::uint16_t& group, Anomaly& why) {
  // RFC 8446 4.2.8: struct { KeyShareEntry server_share; } KeyShareServerHello;
  //                 struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
  ByteReader r(data);
  std::uint16_t g = 0;
  if (!r.read_u16(g)) return why.set(AnomalyKind::truncated, "key_share.group");
  if (!hrr) {
    ByteReader key;
    if (!r.read_prefixed_u16(key)) return why.set(AnomalyKind::truncated, "key_share.key_exchange");
    if (key.empty()) return why.set(AnomalyKind::bad_length, "key_share.key_exchange");
  }
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "key_share");
  group = g;
  return true;
}

}  // namespace tlsanalyze::parsers
