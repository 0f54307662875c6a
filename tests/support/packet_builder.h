// PacketBuilder: test inputs for the whole pipeline, built field by field with
// ByteWriter (never hand-computed lengths):
//
//   * TLS bytes: records (RFC 8446 5.1), handshake messages (RFC 8446 4), and
//     the message bodies diagnosis cares about — ClientHello and ServerHello
//     (with SNI, ALPN, supported_versions, supported_groups, key_share,
//     signature_algorithms), HelloRetryRequest, Certificate (TLS 1.2 and 1.3
//     layouts), DHE ServerKeyExchange, CertificateRequest, alerts.
//   * Frames: Ethernet II + IPv4 or IPv6 + TCP (RFC 791, RFC 8200, RFC 9293),
//     with correct lengths and checksums, and ICMP/ICMPv6 destination
//     unreachable errors quoting a segment (RFC 792, RFC 4443 3.1).
//   * TcpConversation: one connection's two endpoints and ISNs; it numbers
//     each side's stream bytes (seq = ISN + 1 + stream offset, modulo 2^32),
//     acknowledges everything the peer sent so far, and stamps frames with a
//     clock that moves 1 ms per frame unless told otherwise. Each Frame owns
//     its bytes; Frame::raw() is the RawPacket to give Analyzer::process.
//   * pcap_file: a classic pcap file (link type Ethernet) holding frames, for
//     tests that go through PacketSource or the CLI.
//
// Everything here is header-only and inline, in tlsanalyze::testing, so any
// test file may include it. Typical use:
//
//   TcpConversation c(ipv4_endpoint(192, 0, 2, 1, 50000), ipv4_endpoint(198, 51, 100, 7, 443));
//   std::vector<Frame> frames = {c.syn(), c.syn_ack(), c.ack(Side::client)};
//   ClientHelloSpec hello;
//   hello.sni = "example.com";
//   frames.push_back(c.send(Side::client, tls_record(ContentType::handshake,
//                                                     handshake_message(HandshakeType::client_hello,
//                                                                       client_hello_body(hello)))));
//   for (const Frame& f : frames) analyzer.process(f.raw(), 0);
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/capture/packet_source.h"
#include "parsers/ip.h"
#include "parsers/link.h"
#include "parsers/tcp.h"
#include "parsers/tls_handshake.h"
#include "parsers/tls_record.h"
#include "tests/support/byte_writer.h"

namespace tlsanalyze::testing {

using Bytes = std::vector<std::uint8_t>;
using analyzer::Side;
using parsers::ContentType;
using parsers::HandshakeType;

// ===========================================================================
// TLS records and handshake messages
// ===========================================================================

// kTls10..kTls13 are ProtocolVersion values (RFC 8446 4.2.1).
inline constexpr std::uint16_t kTls10 = 0x0301;
inline constexpr std::uint16_t kTls11 = 0x0302;
inline constexpr std::uint16_t kTls12 = 0x0303;
inline constexpr std::uint16_t kTls13 = 0x0304;

// Extension types used below (IANA "TLS ExtensionType Values").
inline constexpr std::uint16_t kExtServerName = 0;            // RFC 6066 3
inline constexpr std::uint16_t kExtSupportedGroups = 10;      // RFC 8446 4.2.7
inline constexpr std::uint16_t kExtSignatureAlgorithms = 13;  // RFC 8446 4.2.3
inline constexpr std::uint16_t kExtAlpn = 16;                 // RFC 7301 3.1
inline constexpr std::uint16_t kExtSupportedVersions = 43;    // RFC 8446 4.2.1
inline constexpr std::uint16_t kExtKeyShare = 51;             // RFC 8446 4.2.8

// tls_record wraps `fragment` in a TLSPlaintext/TLSCiphertext header (RFC 8446
// 5.1): type, legacy_record_version, u16 length. The fragment is not checked
// against the 2^14 limit, so oversized records can be built on purpose.
inline Bytes tls_record(ContentType type, const Bytes& fragment, std::uint16_t record_version = kTls12) {
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(type)).u16(record_version).prefixed_u16([&](ByteWriter& f) {
    f.bytes(fragment);
  });
  return w.take();
}

// tls_record_of_type is tls_record for a raw content type byte (unknown types).
inline Bytes tls_record_of_type(std::uint8_t type, const Bytes& fragment,
                                std::uint16_t record_version = kTls12) {
  ByteWriter w;
  w.u8(type).u16(record_version).prefixed_u16([&](ByteWriter& f) { f.bytes(fragment); });
  return w.take();
}

// handshake_message prefixes a body with its msg_type and u24 length (RFC 8446 4).
inline Bytes handshake_message(HandshakeType type, const Bytes& body) {
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(type)).prefixed_u24([&](ByteWriter& b) { b.bytes(body); });
  return w.take();
}

// handshake_records cuts a handshake byte stream (one or more messages) into
// handshake records of at most `max_fragment` bytes each, concatenated: how a
// message spans several records (RFC 8446 5.1 allows any fragmentation).
inline Bytes handshake_records(const Bytes& messages, std::size_t max_fragment,
                               std::uint16_t record_version = kTls12) {
  Bytes out;
  for (std::size_t at = 0; at < messages.size(); at += max_fragment) {
    std::size_t n = std::min(max_fragment, messages.size() - at);
    Bytes piece(messages.begin() + static_cast<std::ptrdiff_t>(at),
                messages.begin() + static_cast<std::ptrdiff_t>(at + n));
    Bytes record = tls_record(ContentType::handshake, piece, record_version);
    out.insert(out.end(), record.begin(), record.end());
  }
  return out;
}

// alert_record is a plaintext Alert record: level (1 warning, 2 fatal) and
// description (RFC 8446 6).
inline Bytes alert_record(std::uint8_t level, std::uint8_t description,
                          std::uint16_t record_version = kTls12) {
  ByteWriter w;
  w.u8(level).u8(description);
  return tls_record(ContentType::alert, w.take(), record_version);
}

// change_cipher_spec_record is the one-byte ChangeCipherSpec record (RFC 5246
// 7.1; in TLS 1.3 the middlebox-compatibility no-op of RFC 8446 D.4).
inline Bytes change_cipher_spec_record(std::uint16_t record_version = kTls12) {
  return tls_record(ContentType::change_cipher_spec, Bytes{1}, record_version);
}

// opaque_record is a record of `type` whose fragment is `length` bytes of
// pseudo-ciphertext derived from `seed`: encrypted handshake records, TLS 1.3
// encrypted records, application data. The bytes carry no meaning; only the
// length matters to a passive observer.
inline Bytes opaque_record(ContentType type, std::size_t length, std::uint8_t seed = 0x5a,
                           std::uint16_t record_version = kTls12) {
  Bytes fragment(length);
  for (std::size_t i = 0; i < length; ++i) fragment[i] = static_cast<std::uint8_t>(seed + i * 37);
  return tls_record(type, fragment, record_version);
}

// concat joins byte strings (a flight of records sent together).
inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// ClientHelloSpec says what a ClientHello offers. Empty lists and a nullopt
// SNI leave the matching extension out; GREASE values may be listed as is.
struct ClientHelloSpec {
  std::uint16_t legacy_version = kTls12;
  std::uint8_t random_seed = 0x11;  // random = seed, seed+1, ... (32 bytes)
  Bytes session_id;                 // legacy_session_id, 0-32 bytes
  std::vector<std::uint16_t> cipher_suites = {0xc02f, 0xc030, 0x009c};
  std::optional<std::string> sni;                 // server_name host_name
  std::vector<std::string> alpn;                  // application_layer_protocol_negotiation
  std::vector<std::uint16_t> supported_versions;  // e.g. {kTls13, kTls12}
  std::vector<std::uint16_t> groups;              // supported_groups
  std::vector<std::uint16_t> key_shares;          // key_share groups; each share is 32 bytes
  std::vector<std::uint16_t> signature_algorithms;
  bool early_data = false;  // an empty early_data extension (RFC 8446 4.2.10): 0-RTT offered
};

// client_hello_body builds a ClientHello body (RFC 8446 4.1.2; extensions in
// 4.2, RFC 6066 3 for server_name, RFC 7301 3.1 for ALPN).
inline Bytes client_hello_body(const ClientHelloSpec& s) {
  ByteWriter w;
  w.u16(s.legacy_version);
  for (std::uint8_t i = 0; i < 32; ++i) w.u8(static_cast<std::uint8_t>(s.random_seed + i));  // random
  w.prefixed_u8([&](ByteWriter& id) { id.bytes(s.session_id); });  // legacy_session_id
  w.prefixed_u16([&](ByteWriter& suites) {                         // cipher_suites
    for (std::uint16_t suite : s.cipher_suites) suites.u16(suite);
  });
  w.prefixed_u8([](ByteWriter& c) { c.u8(0); });  // legacy_compression_methods: null
  w.prefixed_u16([&](ByteWriter& ext) {           // extensions
    if (s.sni) {
      ext.u16(kExtServerName).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16([&](ByteWriter& list) {  // ServerNameList
          list.u8(0);                           // NameType host_name
          list.prefixed_u16([&](ByteWriter& name) { name.str(*s.sni); });
        });
      });
    }
    if (!s.groups.empty()) {
      ext.u16(kExtSupportedGroups).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16([&](ByteWriter& list) {
          for (std::uint16_t g : s.groups) list.u16(g);
        });
      });
    }
    if (!s.signature_algorithms.empty()) {
      ext.u16(kExtSignatureAlgorithms).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16([&](ByteWriter& list) {
          for (std::uint16_t a : s.signature_algorithms) list.u16(a);
        });
      });
    }
    if (!s.alpn.empty()) {
      ext.u16(kExtAlpn).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16([&](ByteWriter& list) {  // ProtocolNameList
          for (const std::string& p : s.alpn) list.prefixed_u8([&](ByteWriter& name) { name.str(p); });
        });
      });
    }
    if (s.early_data) ext.u16(42).prefixed_u16([](ByteWriter&) {});  // early_data
    if (!s.supported_versions.empty()) {
      ext.u16(kExtSupportedVersions).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u8([&](ByteWriter& list) {
          for (std::uint16_t v : s.supported_versions) list.u16(v);
        });
      });
    }
    if (!s.key_shares.empty()) {
      ext.u16(kExtKeyShare).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16([&](ByteWriter& shares) {  // client_shares
          for (std::uint16_t g : s.key_shares) {
            shares.u16(g).prefixed_u16([&](ByteWriter& key) {
              for (std::uint8_t i = 0; i < 32; ++i) key.u8(static_cast<std::uint8_t>(0x40 + i));
            });
          }
        });
      });
    }
  });
  return w.take();
}

// ServerHelloSpec says what a ServerHello (or HelloRetryRequest) chooses.
struct ServerHelloSpec {
  std::uint16_t legacy_version = kTls12;
  std::uint8_t random_seed = 0x77;
  Bytes session_id;
  std::uint16_t cipher_suite = 0xc02f;
  std::uint16_t selected_version = 0;  // supported_versions; 0 leaves it out (TLS <= 1.2)
  std::uint16_t key_share_group = 0;   // key_share; 0 leaves it out
  std::optional<std::string> alpn;     // the selected protocol
  bool hello_retry_request = false;    // random = SHA-256("HelloRetryRequest"); key_share = selected_group
};

// kHelloRetryRequestRandom is SHA-256("HelloRetryRequest") (RFC 8446 4.1.3).
inline constexpr std::array<std::uint8_t, 32> kHelloRetryRequestRandom = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C};

// server_hello_body builds a ServerHello body (RFC 8446 4.1.3, RFC 5246
// 7.4.1.3). The extensions block is left out when there are none, as TLS 1.2
// servers may do.
inline Bytes server_hello_body(const ServerHelloSpec& s) {
  ByteWriter w;
  w.u16(s.legacy_version);
  if (s.hello_retry_request) {
    for (std::uint8_t b : kHelloRetryRequestRandom) w.u8(b);
  } else {
    for (std::uint8_t i = 0; i < 32; ++i) w.u8(static_cast<std::uint8_t>(s.random_seed + i));
  }
  w.prefixed_u8([&](ByteWriter& id) { id.bytes(s.session_id); });  // legacy_session_id_echo
  w.u16(s.cipher_suite);
  w.u8(0);  // legacy_compression_method
  bool any = s.selected_version != 0 || s.key_share_group != 0 || s.alpn.has_value();
  if (!any) return w.take();
  w.prefixed_u16([&](ByteWriter& ext) {
    if (s.selected_version != 0)
      ext.u16(kExtSupportedVersions).prefixed_u16([&](ByteWriter& e) { e.u16(s.selected_version); });
    if (s.key_share_group != 0) {
      ext.u16(kExtKeyShare).prefixed_u16([&](ByteWriter& e) {
        e.u16(s.key_share_group);  // HRR: selected_group; ServerHello: KeyShareEntry.group
        if (!s.hello_retry_request)
          e.prefixed_u16([](ByteWriter& key) {
            for (std::uint8_t i = 0; i < 32; ++i) key.u8(static_cast<std::uint8_t>(0x90 + i));
          });
      });
    }
    if (s.alpn) {
      ext.u16(kExtAlpn).prefixed_u16([&](ByteWriter& e) {
        e.prefixed_u16(
            [&](ByteWriter& list) { list.prefixed_u8([&](ByteWriter& name) { name.str(*s.alpn); }); });
      });
    }
  });
  return w.take();
}

// certificate_body builds a Certificate body holding `ders`, leaf first: TLS
// 1.2 (RFC 5246 7.4.2: u24 list of u24 certificates) or, with `tls13`, TLS 1.3
// (RFC 8446 4.4.2: empty request context, entries with empty extensions). An
// empty list is a client's "no certificate".
inline Bytes certificate_body(const std::vector<Bytes>& ders, bool tls13 = false) {
  ByteWriter w;
  if (tls13) w.prefixed_u8([](ByteWriter&) {});  // certificate_request_context
  w.prefixed_u24([&](ByteWriter& list) {
    for (const Bytes& der : ders) {
      list.prefixed_u24([&](ByteWriter& cert) { cert.bytes(der); });
      if (tls13) list.prefixed_u16([](ByteWriter&) {});  // extensions
    }
  });
  return w.take();
}

// dhe_server_key_exchange_body builds a TLS 1.2 DHE ServerKeyExchange (RFC 5246
// 7.4.3): ServerDHParams {dh_p, dh_g, dh_Ys} with a `prime_bits`-bit p (top
// bit set; not really prime — only its size matters here), then a
// SignatureAndHashAlgorithm (rsa_pkcs1_sha256) and a dummy signature.
inline Bytes dhe_server_key_exchange_body(std::size_t prime_bits) {
  std::size_t bytes = (prime_bits + 7) / 8;
  ByteWriter w;
  w.prefixed_u16([&](ByteWriter& p) {  // dh_p
    p.u8(0xff);
    for (std::size_t i = 1; i < bytes; ++i) p.u8(0xfb);
  });
  w.prefixed_u16([](ByteWriter& g) { g.u8(2); });  // dh_g
  w.prefixed_u16([&](ByteWriter& ys) {             // dh_Ys
    for (std::size_t i = 0; i < bytes; ++i) ys.u8(static_cast<std::uint8_t>(i + 1));
  });
  w.u16(0x0401);                                            // rsa_pkcs1_sha256
  w.prefixed_u16([](ByteWriter& sig) { sig.zeros(256); });  // signature
  return w.take();
}

// certificate_request_body builds a TLS 1.2 CertificateRequest (RFC 5246
// 7.4.4): rsa_sign and ecdsa_sign types, two signature algorithms, and the
// given DER DistinguishedNames as certificate_authorities.
inline Bytes certificate_request_body(const std::vector<Bytes>& authorities = {}) {
  ByteWriter w;
  w.prefixed_u8([](ByteWriter& types) { types.u8(1).u8(64); });            // rsa_sign, ecdsa_sign
  w.prefixed_u16([](ByteWriter& algs) { algs.u16(0x0401).u16(0x0403); });  // supported_signature_algorithms
  w.prefixed_u16([&](ByteWriter& cas) {                                    // certificate_authorities
    for (const Bytes& dn : authorities) cas.prefixed_u16([&](ByteWriter& name) { name.bytes(dn); });
  });
  return w.take();
}

// ===========================================================================
// Frames: Ethernet + IPv4/IPv6 + TCP
// ===========================================================================

// TcpEndpoint is an address and a port.
struct TcpEndpoint {
  parsers::IpAddress address;
  std::uint16_t port = 0;
};

// ipv4_endpoint builds a.b.c.d:port.
inline TcpEndpoint ipv4_endpoint(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                                 std::uint16_t port) {
  TcpEndpoint e;
  e.address.family = 4;
  e.address.bytes[0] = a;
  e.address.bytes[1] = b;
  e.address.bytes[2] = c;
  e.address.bytes[3] = d;
  e.port = port;
  return e;
}

// ipv6_endpoint builds [2001:db8::<last>]:port (documentation prefix, RFC 3849).
inline TcpEndpoint ipv6_endpoint(std::uint16_t last, std::uint16_t port) {
  TcpEndpoint e;
  e.address.family = 6;
  e.address.bytes[0] = 0x20;
  e.address.bytes[1] = 0x01;
  e.address.bytes[2] = 0x0d;
  e.address.bytes[3] = 0xb8;
  e.address.bytes[14] = static_cast<std::uint8_t>(last >> 8);
  e.address.bytes[15] = static_cast<std::uint8_t>(last);
  e.port = port;
  return e;
}

// TcpSegmentSpec is one TCP segment to put on the wire.
struct TcpSegmentSpec {
  TcpEndpoint src;
  TcpEndpoint dst;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = parsers::kTcpAck;  // parsers::kTcpSyn | kTcpAck ...
  std::uint16_t window = 65535;
  std::uint16_t mss = 0;  // MSS option (RFC 9293 3.7.1) when nonzero
  Bytes payload;
};

namespace detail {

// checksum_add folds bytes into a ones'-complement sum (RFC 1071).
inline std::uint32_t checksum_add(std::uint32_t sum, const Bytes& data) {
  for (std::size_t i = 0; i < data.size(); i += 2) {
    std::uint32_t word = static_cast<std::uint32_t>(data[i]) << 8;
    if (i + 1 < data.size()) word |= data[i + 1];
    sum += word;
  }
  return sum;
}

inline std::uint16_t checksum_finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

inline void patch_u16(Bytes& buf, std::size_t at, std::uint16_t v) {
  buf[at] = static_cast<std::uint8_t>(v >> 8);
  buf[at + 1] = static_cast<std::uint8_t>(v);
}

inline void address_bytes(ByteWriter& w, const parsers::IpAddress& a) {
  std::size_t n = a.family == 6 ? 16 : 4;
  for (std::size_t i = 0; i < n; ++i) w.u8(a.bytes[i]);
}

// pseudo_header_sum is the checksum of the IPv4 (RFC 9293 3.1) or IPv6
// (RFC 8200 8.1) pseudo-header for an upper-layer packet of `length` bytes.
inline std::uint32_t pseudo_header_sum(const parsers::IpAddress& src, const parsers::IpAddress& dst,
                                       std::uint8_t protocol, std::size_t length) {
  ByteWriter w;
  address_bytes(w, src);
  address_bytes(w, dst);
  if (src.family == 6) {
    w.u32(static_cast<std::uint32_t>(length)).zeros(3).u8(protocol);
  } else {
    w.u8(0).u8(protocol).u16(static_cast<std::uint16_t>(length));
  }
  return checksum_add(0, w.data());
}

// ip_packet wraps an upper-layer packet in an IPv4 (RFC 791 3.1; header
// checksum filled in) or IPv6 (RFC 8200 3) header.
inline Bytes ip_packet(const parsers::IpAddress& src, const parsers::IpAddress& dst, std::uint8_t protocol,
                       const Bytes& upper) {
  ByteWriter w;
  if (src.family == 6) {
    w.u32(0x60000000);                                // version 6, traffic class 0, flow label 0
    w.u16(static_cast<std::uint16_t>(upper.size()));  // Payload Length: all after the fixed header
    w.u8(protocol).u8(64);                            // Next Header, Hop Limit
    address_bytes(w, src);
    address_bytes(w, dst);
    w.bytes(upper);
    return w.take();
  }
  w.u8(0x45).u8(0);              // version 4, IHL 5; TOS
  w.u16(0);                      // Total Length, patched below
  w.u16(0x1234).u16(0x4000);     // Identification; DF, offset 0
  w.u8(64).u8(protocol).u16(0);  // TTL, Protocol, Header Checksum (patched)
  address_bytes(w, src);
  address_bytes(w, dst);
  Bytes packet = w.take();
  detail::patch_u16(packet, 2, static_cast<std::uint16_t>(packet.size() + upper.size()));
  detail::patch_u16(packet, 10, checksum_finish(checksum_add(0, packet)));
  packet.insert(packet.end(), upper.begin(), upper.end());
  return packet;
}

// ethernet wraps an IP packet in an Ethernet II header (IEEE 802.3 / RFC 894).
inline Bytes ethernet(const Bytes& ip, bool ipv6) {
  ByteWriter w;
  w.bytes({0x02, 0x00, 0x00, 0x00, 0x00, 0x02});  // destination MAC (locally administered)
  w.bytes({0x02, 0x00, 0x00, 0x00, 0x00, 0x01});  // source MAC
  w.u16(ipv6 ? 0x86dd : 0x0800);                  // EtherType
  w.bytes(ip);
  return w.take();
}

}  // namespace detail

// tcp_segment_bytes builds the TCP segment itself (RFC 9293 3.1), with
// the checksum over the pseudo-header filled in.
inline Bytes tcp_segment_bytes(const TcpSegmentSpec& s) {
  ByteWriter w;
  w.u16(s.src.port).u16(s.dst.port).u32(s.seq).u32(s.ack);
  std::uint8_t data_offset_words = s.mss != 0 ? 6 : 5;
  w.u8(static_cast<std::uint8_t>(data_offset_words << 4)).u8(s.flags).u16(s.window);
  w.u16(0).u16(0);                           // checksum (patched below), urgent pointer
  if (s.mss != 0) w.u8(2).u8(4).u16(s.mss);  // MSS option: kind 2, length 4
  w.bytes(s.payload);
  Bytes seg = w.take();
  std::uint32_t sum =
      detail::pseudo_header_sum(s.src.address, s.dst.address, parsers::kIpProtoTcp, seg.size());
  detail::patch_u16(seg, 16, detail::checksum_finish(detail::checksum_add(sum, seg)));
  return seg;
}

// ethernet_tcp_frame builds a whole Ethernet frame carrying the segment over
// IPv4 or IPv6 (by the source address's family).
inline Bytes ethernet_tcp_frame(const TcpSegmentSpec& s) {
  bool v6 = s.src.address.family == 6;
  return detail::ethernet(
      detail::ip_packet(s.src.address, s.dst.address, parsers::kIpProtoTcp, tcp_segment_bytes(s)), v6);
}

// ethernet_icmp_unreachable_frame builds an ICMP destination unreachable
// (type 3, RFC 792) or ICMPv6 (type 1, RFC 4443 3.1) sent by `router` to the
// quoted segment's source, quoting the segment's IP header and TCP header.
inline Bytes ethernet_icmp_unreachable_frame(const parsers::IpAddress& router, const TcpSegmentSpec& quoted,
                                             std::uint8_t code) {
  bool v6 = quoted.src.address.family == 6;
  Bytes inner = detail::ip_packet(quoted.src.address, quoted.dst.address, parsers::kIpProtoTcp,
                                  tcp_segment_bytes(quoted));
  ByteWriter w;
  w.u8(v6 ? 1 : 3).u8(code).u16(0).u32(0);  // type, code, checksum (patched), unused
  w.bytes(inner);
  Bytes icmp = w.take();
  std::uint8_t protocol = v6 ? parsers::kIpProtoIcmpv6 : parsers::kIpProtoIcmp;
  std::uint32_t sum = v6 ? detail::pseudo_header_sum(router, quoted.src.address, protocol, icmp.size()) : 0;
  detail::patch_u16(icmp, 2, detail::checksum_finish(detail::checksum_add(sum, icmp)));
  return detail::ethernet(detail::ip_packet(router, quoted.src.address, protocol, icmp), v6);
}

// Frame is one captured packet: its time and its bytes (link type Ethernet).
struct Frame {
  std::int64_t timestamp_us = 0;
  Bytes bytes;

  // raw views the frame as the RawPacket Analyzer::process takes; valid while
  // this Frame lives and is not modified.
  analyzer::RawPacket raw() const {
    analyzer::RawPacket p;
    p.timestamp_us = timestamp_us;
    p.link_type = parsers::kDltEthernet;
    p.original_length = static_cast<std::uint32_t>(bytes.size());
    p.data = parsers::Bytes(bytes);
    return p;
  }
};

// TcpConversation builds the frames of one TCP connection. Stream offsets are
// per side and count data bytes from 0 (the byte after the SYN); sequence
// numbers are ISN + 1 + offset, wrapping modulo 2^32 as TCP does (RFC 9293
// 3.4). Every frame but the first SYN acknowledges everything the peer has
// sent so far (its highest offset). The clock starts at `start_us` and moves
// `step_us` per frame; advance() adds a pause.
class TcpConversation {
 public:
  // TcpConversation starts a connection from `client` to `server`.
  TcpConversation(TcpEndpoint client, TcpEndpoint server, std::uint32_t client_isn = 1000,
                  std::uint32_t server_isn = 5000000, std::int64_t start_us = 1'700'000'000'000'000,
                  std::int64_t step_us = 1000)
      : ends_{client, server}, isn_{client_isn, server_isn}, clock_us_(start_us), step_us_(step_us) {}

  // syn is the client's SYN (with an MSS option).
  Frame syn() { return control(Side::client, parsers::kTcpSyn, isn_[0], 0, 1460); }
  // syn_ack is the server's SYN/ACK.
  Frame syn_ack() {
    return control(Side::server, parsers::kTcpSyn | parsers::kTcpAck, isn_[1], seq_of(Side::client, 0), 1460);
  }
  // ack is a bare ACK from `from` acknowledging all the peer sent.
  Frame ack(Side from) { return control(from, parsers::kTcpAck, next_seq(from), ack_for(from), 0); }
  // ack_at is a bare ACK from `from` acknowledging the peer's bytes up to `peer_offset`.
  Frame ack_at(Side from, std::uint64_t peer_offset) {
    return control(from, parsers::kTcpAck, next_seq(from), seq_of(other(from), peer_offset), 0);
  }
  // fin is a FIN (with ACK) from `from` after all its data.
  Frame fin(Side from) {
    Frame f = control(from, parsers::kTcpFin | parsers::kTcpAck, next_seq(from), ack_for(from), 0);
    fin_sent_[index(from)] = true;
    return f;
  }
  // rst is a RST (with ACK) from `from`.
  Frame rst(Side from) {
    return control(from, parsers::kTcpRst | parsers::kTcpAck, next_seq(from), ack_for(from), 0);
  }

  // send is one data segment from `from` at its next stream offset.
  Frame send(Side from, const Bytes& payload) { return send_at(from, sent_[index(from)], payload); }
  // send_at is one data segment from `from` at stream offset `offset`: for
  // retransmissions, reordering and overlaps. The side's next offset becomes
  // the highest byte sent so far.
  Frame send_at(Side from, std::uint64_t offset, const Bytes& payload,
                std::uint8_t flags = parsers::kTcpAck | parsers::kTcpPsh) {
    TcpSegmentSpec s = spec(from, flags, seq_of(from, offset), ack_for(from));
    s.payload = payload;
    sent_[index(from)] = std::max<std::uint64_t>(sent_[index(from)], offset + payload.size());
    return frame(s);
  }

  // spec returns the TcpSegmentSpec a frame from `from` would have (for ICMP quoting or custom frames).
  TcpSegmentSpec spec(Side from, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack) const {
    TcpSegmentSpec s;
    s.src = ends_[index(from)];
    s.dst = ends_[1 - index(from)];
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    return s;
  }
  // frame stamps a custom segment with the conversation's clock.
  Frame frame(const TcpSegmentSpec& s) {
    Frame f;
    f.timestamp_us = clock_us_;
    clock_us_ += step_us_;
    f.bytes = ethernet_tcp_frame(s);
    return f;
  }
  // icmp_unreachable is an ICMP error from `router` about the client's SYN.
  Frame icmp_unreachable_for_syn(const parsers::IpAddress& router, std::uint8_t code) {
    TcpSegmentSpec quoted = spec(Side::client, parsers::kTcpSyn, isn_[0], 0);
    Frame f;
    f.timestamp_us = clock_us_;
    clock_us_ += step_us_;
    f.bytes = ethernet_icmp_unreachable_frame(router, quoted, code);
    return f;
  }

  // seq_of is the sequence number of `from`'s stream byte at `offset`.
  std::uint32_t seq_of(Side from, std::uint64_t offset) const {
    return static_cast<std::uint32_t>(isn_[index(from)] + 1 + offset);
  }
  // sent is the highest stream offset `from` has sent.
  std::uint64_t sent(Side from) const { return sent_[index(from)]; }
  // advance moves the clock forward by `us` (a pause in the conversation).
  void advance(std::int64_t us) { clock_us_ += us; }
  // now is the timestamp the next frame will get.
  std::int64_t now() const { return clock_us_; }
  const TcpEndpoint& endpoint(Side s) const { return ends_[index(s)]; }

 private:
  static std::size_t index(Side s) { return s == Side::client ? 0 : 1; }
  std::uint32_t next_seq(Side from) const {
    return seq_of(from, sent_[index(from)]) + (fin_sent_[index(from)] ? 1u : 0u);
  }
  std::uint32_t ack_for(Side from) const {
    Side peer = other(from);
    // Acknowledge the peer's data, and its FIN once sent (a FIN takes one number).
    return seq_of(peer, sent_[index(peer)]) + (fin_sent_[index(peer)] ? 1u : 0u);
  }
  Frame control(Side from, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint16_t mss) {
    TcpSegmentSpec s = spec(from, flags, seq, ack);
    s.mss = mss;
    return frame(s);
  }

  std::array<TcpEndpoint, 2> ends_;
  std::array<std::uint32_t, 2> isn_;
  std::array<std::uint64_t, 2> sent_{};
  std::array<bool, 2> fin_sent_{};
  std::int64_t clock_us_;
  std::int64_t step_us_;
};

// pcap_file returns a classic pcap file (magic a1b2c3d4, microsecond
// timestamps, version 2.4, snaplen 262144, link type Ethernet) holding
// `frames` in order, little-endian as most writers produce.
inline Bytes pcap_file(const std::vector<Frame>& frames) {
  Bytes out;
  auto le32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto le16 = [&](std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
  };
  le32(0xa1b2c3d4);
  le16(2);
  le16(4);
  le32(0);  // thiszone
  le32(0);  // sigfigs
  le32(262144);
  le32(parsers::kDltEthernet);
  for (const Frame& f : frames) {
    le32(static_cast<std::uint32_t>(f.timestamp_us / 1000000));
    le32(static_cast<std::uint32_t>(f.timestamp_us % 1000000));
    le32(static_cast<std::uint32_t>(f.bytes.size()));
    le32(static_cast<std::uint32_t>(f.bytes.size()));
    out.insert(out.end(), f.bytes.begin(), f.bytes.end());
  }
  return out;
}

}  // namespace tlsanalyze::testing
