// TLS handshake framing and message decoders (RFC 8446 4, RFC 5246 7.4).
// Every decoder reads the body like the RFC's presentation language, checks
// each vector's declared bounds, and insists the body ends where the structure
// ends. On failure `why` names the first field found wrong, and the output
// struct keeps whatever was decoded before it (useful for evidence), so
// callers must look at the return value before trusting any field.
#include "parsers/tls_handshake.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <new>
#include <type_traits>

#include "parsers/tls_extensions.h"
#include "parsers/tls_registry.h"

namespace tlsanalyze::parsers {
namespace {

constexpr std::size_t kRandomSize = 32;
constexpr std::size_t kMaxSessionIdSize = 32;  // opaque legacy_session_id<0..32>

// RFC 8446 4.1.3: a HelloRetryRequest is a ServerHello whose random is
// SHA-256("HelloRetryRequest").
constexpr std::uint8_t kHelloRetryRequestRandom[kRandomSize] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

// Layout is the family of message layouts a negotiated version uses.
enum class Layout : std::uint8_t { tls10, tls12, tls13 };

// layout_of maps a negotiated version to its message layouts: SSL 3.0 .. TLS
// 1.1 and DTLS 1.0 share one (no signature_algorithms anywhere), TLS 1.2 and
// DTLS 1.2 another, TLS 1.3 with its drafts, Facebook variants and DTLS 1.3 the
// third. A version the analyzer could not determine (0 or junk) is read as TLS
// 1.2, by far the most common pre-1.3 version on the wire.
Layout layout_of(std::uint16_t version) {
  const unsigned major = version >> 8;
  const unsigned minor = version & 0xff;
  if (version == 0xfefc) return Layout::tls13;                       // DTLS 1.3, RFC 9147
  if (version == 0xfefd) return Layout::tls12;                       // DTLS 1.2, RFC 6347
  if (version == 0xfeff || version == 0x0100) return Layout::tls10;  // DTLS 1.0 ~ TLS 1.1
  if (major == 0x7f || version == 0xfb17 || version == 0xfb1a) return Layout::tls13;
  if (major == 3) {
    if (minor >= 4) return Layout::tls13;
    if (minor == 3) return Layout::tls12;
    return Layout::tls10;
  }
  return Layout::tls12;
}

// version_rank orders offered versions for highest_offered_version. Final
// SSL/TLS versions (major 3, including future ones) rank by value; TLS 1.3
// drafts (0x7f00 + n) and Facebook's draft variants (0xfb17, 0xfb1a) rank just
// below final TLS 1.3 and by draft number among themselves. GREASE, DTLS and
// unknown values rank 0 and are never chosen.
std::uint32_t version_rank(std::uint16_t v) {
  constexpr std::uint32_t kTls13 = 0x0304;
  if (is_grease(v)) return 0;
  if ((v >> 8) == 3) return (std::uint32_t{v} << 8) | 0xff;
  if (v == 0x0002) return (std::uint32_t{v} << 8) | 0xff;
  if ((v >> 8) == 0x7f && (v & 0xff) != 0) return (kTls13 << 8) | std::min<std::uint32_t>(v & 0xff, 0xfe);
  if (v == 0xfb17 || v == 0xfb1a) return (kTls13 << 8) | (v & 0xff);
  return 0;
}

// SeenTypes remembers which extension types a block has used, without
// allocating. The first kInline types live in a small array (real blocks have
// fewer than 30 extensions); past that an 8 KiB bitset takes over, so a hostile
// block of thousands of extensions costs linear time, while the many small
// blocks of a TLS 1.3 Certificate never pay for zeroing the bitset.
class SeenTypes {
 public:
  SeenTypes() = default;
  SeenTypes(const SeenTypes&) = delete;
  SeenTypes& operator=(const SeenTypes&) = delete;
  // insert returns false if `type` was already seen.
  bool insert(std::uint16_t type) {
    if (many_) {
      if (many_->test(type)) return false;
      many_->set(type);
      return true;
    }
    for (std::size_t i = 0; i < count_; ++i)
      if (few_[i] == type) return false;
    if (count_ < few_.size()) {
      few_[count_++] = type;
      return true;
    }
    many_ = new (many_storage_) Bitset();
    for (std::uint16_t t : few_) many_->set(t);
    many_->set(type);
    return true;
  }

 private:
  using Bitset = std::bitset<65536>;
  static constexpr std::size_t kInline = 48;
  std::array<std::uint16_t, kInline> few_;  // the first count_ entries are meaningful
  std::size_t count_ = 0;
  // The bitset's storage is left uninitialised until a block outgrows few_:
  // zeroing 8 KiB for every extension block (std::optional does) cost more
  // than parsing the whole ClientHello. Bitset is trivially destructible.
  Bitset* many_ = nullptr;
  alignas(Bitset) unsigned char many_storage_[sizeof(Bitset)];
};
static_assert(std::is_trivially_destructible_v<std::bitset<65536>>);

// for_each_extension walks an extensions block, rejecting malformed entries
// and duplicate types (RFC 8446 4.2: "There MUST NOT be more than one
// extension of the same type in a given extension block"; GREASE included),
// and calls f(const Extension&) -> bool for each; f returns false (with `why`
// set) to stop.
template <typename F>
bool for_each_extension(Bytes block, const char* field, Anomaly& why, F&& f) {
  SeenTypes seen;
  ExtensionReader reader(block);
  Extension ext;
  Anomaly step;
  while (reader.next(ext, step)) {
    if (!seen.insert(ext.type)) return why.set(AnomalyKind::duplicate_extension, field);
    if (!f(ext)) return false;
  }
  if (step.kind != AnomalyKind::none) return why.set(step.kind, field);
  return true;
}

// read_extensions_block reads the u16-prefixed extensions vector that ends a
// message, which must be the last thing in the body.
bool read_extensions_block(ByteReader& r, Bytes& block, Anomaly& why, const char* field,
                           const char* message) {
  ByteReader extensions;
  if (!r.read_prefixed_u16(extensions)) return why.set(AnomalyKind::truncated, field);
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, message);
  block = extensions.rest();
  return true;
}

// expect_empty checks an extension whose extension_data must be empty.
bool expect_empty(const Extension& ext, Anomaly& why, const char* field) {
  if (!ext.data.empty()) return why.set(AnomalyKind::bad_length, field);
  return true;
}

// check_u8_vector checks that extension_data is exactly one u8-prefixed
// vector whose length is within [min, 255].
bool check_u8_vector(const Extension& ext, std::size_t min, Anomaly& why, const char* field) {
  ByteReader r(ext.data);
  ByteReader body;
  if (!r.read_prefixed_u8(body)) return why.set(AnomalyKind::truncated, field);
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, field);
  if (body.remaining() < min) return why.set(AnomalyKind::bad_length, field);
  return true;
}

// check_offered_psks validates a ClientHello pre_shared_key (RFC 8446 4.2.11):
//   struct { opaque identity<1..2^16-1>; uint32 obfuscated_ticket_age; } PskIdentity;
//   opaque PskBinderEntry<32..255>;
//   struct { PskIdentity identities<7..2^16-1>; PskBinderEntry binders<33..2^16-1>; } OfferedPsks;
// with one binder per identity.
bool check_offered_psks(Bytes data, Anomaly& why) {
  constexpr std::size_t kMinBinder = 32;
  ByteReader r(data);
  ByteReader identities;
  ByteReader binders;
  if (!r.read_prefixed_u16(identities)) return why.set(AnomalyKind::truncated, "pre_shared_key.identities");
  if (!r.read_prefixed_u16(binders)) return why.set(AnomalyKind::truncated, "pre_shared_key.binders");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "pre_shared_key");
  std::size_t identity_count = 0;
  while (!identities.empty()) {
    ByteReader identity;
    std::uint32_t age = 0;
    if (!identities.read_prefixed_u16(identity) || !identities.read_u32(age))
      return why.set(AnomalyKind::truncated, "pre_shared_key.PskIdentity");
    if (identity.empty()) return why.set(AnomalyKind::bad_length, "pre_shared_key.identity");
    ++identity_count;
  }
  std::size_t binder_count = 0;
  while (!binders.empty()) {
    ByteReader binder;
    if (!binders.read_prefixed_u8(binder))
      return why.set(AnomalyKind::truncated, "pre_shared_key.PskBinderEntry");
    if (binder.remaining() < kMinBinder)
      return why.set(AnomalyKind::bad_length, "pre_shared_key.PskBinderEntry");
    ++binder_count;
  }
  if (identity_count == 0) return why.set(AnomalyKind::bad_length, "pre_shared_key.identities");
  if (binder_count != identity_count) return why.set(AnomalyKind::bad_value, "pre_shared_key.binders");
  return true;
}

// read_u16_exact reads extension_data that is exactly one uint16.
bool read_u16_exact(const Extension& ext, std::uint16_t& out, Anomaly& why, const char* field) {
  ByteReader r(ext.data);
  if (!r.read_u16(out)) return why.set(AnomalyKind::truncated, field);
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, field);
  return true;
}

// read_u16_list reads a u16-prefixed vector of uint16 (cipher suites and the
// like): non-empty and even.
bool read_u16_list(ByteReader& r, U16List& out, Anomaly& why, const char* field) {
  ByteReader body;
  if (!r.read_prefixed_u16(body)) return why.set(AnomalyKind::truncated, field);
  if (body.empty() || body.remaining() % 2 != 0) return why.set(AnomalyKind::bad_length, field);
  out.raw = body.rest();
  return true;
}

// check_distinguished_names validates the body of a DistinguishedName list
// (RFC 5246 7.4.4, RFC 8446 4.2.4): opaque DistinguishedName<1..2^16-1>.
bool check_distinguished_names(Bytes authorities, Anomaly& why, const char* field) {
  ByteReader r(authorities);
  while (!r.empty()) {
    ByteReader name;
    if (!r.read_prefixed_u16(name)) return why.set(AnomalyKind::truncated, field);
    if (name.empty()) return why.set(AnomalyKind::bad_length, field);
  }
  return true;
}

// bit_length is the number of significant bits in a big-endian integer.
std::size_t bit_length(Bytes number) {
  std::size_t i = 0;
  while (i < number.size() && number[i] == 0) ++i;
  if (i == number.size()) return 0;
  std::size_t bits = (number.size() - i - 1) * 8;
  for (unsigned b = number[i]; b != 0; b >>= 1) ++bits;
  return bits;
}

// read_nonempty_u16_vector reads opaque x<1..2^16-1>.
bool read_nonempty_u16_vector(ByteReader& r, Bytes& out, Anomaly& why, const char* field) {
  ByteReader body;
  if (!r.read_prefixed_u16(body)) return why.set(AnomalyKind::truncated, field);
  if (body.empty()) return why.set(AnomalyKind::bad_length, field);
  out = body.rest();
  return true;
}

}  // namespace

FrameResult frame_handshake(Bytes stream, std::size_t max_length, HandshakeMessage& out) {
  // RFC 8446 4: struct { HandshakeType msg_type; uint24 length; ... } Handshake;
  ByteReader r(stream);
  std::uint8_t msg_type = 0;
  std::uint32_t length = 0;
  if (!r.read_u8(msg_type) || !r.read_u24(length)) return {FrameStatus::need_more, 0};
  if (length > max_length) return {FrameStatus::malformed, 0};
  Bytes body;
  if (!r.read_bytes(length, body)) return {FrameStatus::need_more, 0};
  out.msg_type = msg_type;
  out.body = body;
  return {FrameStatus::complete, kHandshakeHeaderSize + length};
}

bool parse_client_hello(Bytes body, ClientHello& out, Anomaly& why) {
  // RFC 8446 4.1.2 (same wire layout as RFC 5246 7.4.1.2):
  //   uint16 legacy_version; Random random; opaque legacy_session_id<0..32>;
  //   CipherSuite cipher_suites<2..2^16-2>;
  //   opaque legacy_compression_methods<1..2^8-1>;
  //   Extension extensions<8..2^16-1>;
  out = ClientHello{};
  ByteReader r(body);
  if (!r.read_u16(out.legacy_version)) return why.set(AnomalyKind::truncated, "ClientHello.legacy_version");
  if (!r.read_bytes(kRandomSize, out.random)) return why.set(AnomalyKind::truncated, "ClientHello.random");
  ByteReader session_id;
  if (!r.read_prefixed_u8(session_id))
    return why.set(AnomalyKind::truncated, "ClientHello.legacy_session_id");
  if (session_id.remaining() > kMaxSessionIdSize)
    return why.set(AnomalyKind::bad_length, "ClientHello.legacy_session_id");
  out.session_id = session_id.rest();
  if (!read_u16_list(r, out.cipher_suites, why, "ClientHello.cipher_suites")) return false;
  ByteReader compression;
  if (!r.read_prefixed_u8(compression))
    return why.set(AnomalyKind::truncated, "ClientHello.legacy_compression_methods");
  if (compression.empty()) return why.set(AnomalyKind::bad_length, "ClientHello.legacy_compression_methods");
  out.compression_methods = compression.rest();

  // RFC 5246 7.4.1.2: SSL 3.0 / TLS 1.0 era hellos may end here, with no
  // extensions block at all.
  if (r.empty()) return true;
  if (!read_extensions_block(r, out.extensions, why, "ClientHello.extensions", "ClientHello")) return false;

  return for_each_extension(out.extensions, "ClientHello.extensions", why, [&](const Extension& ext) {
    ++out.extension_count;
    // RFC 8446 4.2.11: pre_shared_key "MUST be the last extension".
    if (out.has_pre_shared_key) return why.set(AnomalyKind::bad_value, "ClientHello.pre_shared_key");
    switch (static_cast<ExtensionType>(ext.type)) {
      case ExtensionType::server_name:
        if (!parse_server_name_list(ext.data, out.server_name, why)) return false;
        out.has_server_name = !out.server_name.empty();
        return true;
      case ExtensionType::supported_versions:
        out.has_supported_versions = true;
        return parse_u16_vector_u8(ext.data, out.supported_versions, why, "ClientHello.supported_versions");
      case ExtensionType::alpn:
        out.has_alpn = true;
        return parse_alpn_list(ext.data, out.alpn_protocols, why);
      case ExtensionType::supported_groups:
        return parse_u16_vector_u16(ext.data, out.supported_groups, why, "ClientHello.supported_groups");
      case ExtensionType::signature_algorithms:
        return parse_u16_vector_u16(ext.data, out.signature_algorithms, why,
                                    "ClientHello.signature_algorithms");
      case ExtensionType::key_share:
        out.has_key_share = true;
        return parse_key_share_client(ext.data, out.key_shares, why);
      case ExtensionType::psk_key_exchange_modes: {
        // RFC 8446 4.2.9: PskKeyExchangeMode ke_modes<1..255>;
        if (!check_u8_vector(ext, 1, why, "ClientHello.psk_key_exchange_modes")) return false;
        out.psk_key_exchange_modes = ext.data.subspan(1);
        return true;
      }
      case ExtensionType::session_ticket:
        // RFC 5077 3.2: empty, or a ticket the client wants to resume with.
        out.has_session_ticket = true;
        return true;
      case ExtensionType::pre_shared_key:
        out.has_pre_shared_key = true;
        return check_offered_psks(ext.data, why);
      case ExtensionType::early_data:
        // RFC 8446 4.2.10: empty in ClientHello.
        out.has_early_data = true;
        return expect_empty(ext, why, "ClientHello.early_data");
      case ExtensionType::encrypted_client_hello:
        out.has_ech = true;
        return true;
      case ExtensionType::renegotiation_info:
        // RFC 5746 3.2: opaque renegotiated_connection<0..255>;
        out.has_renegotiation_info = true;
        return check_u8_vector(ext, 0, why, "ClientHello.renegotiation_info");
      case ExtensionType::extended_master_secret:
        // RFC 7627 5.1: extension_data is empty.
        out.has_extended_master_secret = true;
        return expect_empty(ext, why, "ClientHello.extended_master_secret");
      case ExtensionType::status_request:
        out.has_status_request = true;
        return true;
      case ExtensionType::padding:
        out.has_padding = true;
        return true;
      default:
        return true;  // unknown and GREASE extensions are data, not errors
    }
  });
}

std::uint16_t highest_offered_version(const ClientHello& hello) {
  std::uint32_t best_rank = 0;
  std::uint16_t best = 0;
  for (std::uint16_t v : hello.supported_versions) {
    const std::uint32_t rank = version_rank(v);
    if (rank > best_rank) {
      best_rank = rank;
      best = v;
    }
  }
  return best_rank != 0 ? best : hello.legacy_version;
}

bool parse_server_hello(Bytes body, ServerHello& out, Anomaly& why) {
  // RFC 8446 4.1.3 (same wire layout as RFC 5246 7.4.1.3):
  //   ProtocolVersion legacy_version; Random random;
  //   opaque legacy_session_id_echo<0..32>; CipherSuite cipher_suite;
  //   uint8 legacy_compression_method; Extension extensions<6..2^16-1>;
  // TLS 1.3 drafts up to 21 put their own version (0x7f00 + n) in the first
  // field and had neither session id nor compression method:
  //   ProtocolVersion version; Random random; CipherSuite cipher_suite;
  //   Extension extensions<0..2^16-1>;
  // Draft 22 onwards (and Facebook's 0xfb variants) use the final layout with
  // legacy_version 0x0303, so any 0x7fXX here means the short layout; the
  // version it names is what negotiated_version() reports.
  out = ServerHello{};
  ByteReader r(body);
  if (!r.read_u16(out.legacy_version)) return why.set(AnomalyKind::truncated, "ServerHello.legacy_version");
  if (!r.read_bytes(kRandomSize, out.random)) return why.set(AnomalyKind::truncated, "ServerHello.random");
  out.is_hello_retry_request =
      std::equal(out.random.begin(), out.random.end(), std::begin(kHelloRetryRequestRandom));
  const bool draft_layout = (out.legacy_version >> 8) == 0x7f;
  if (!draft_layout) {
    ByteReader session_id;
    if (!r.read_prefixed_u8(session_id))
      return why.set(AnomalyKind::truncated, "ServerHello.legacy_session_id_echo");
    if (session_id.remaining() > kMaxSessionIdSize)
      return why.set(AnomalyKind::bad_length, "ServerHello.legacy_session_id_echo");
    out.session_id = session_id.rest();
  }
  if (!r.read_u16(out.cipher_suite)) return why.set(AnomalyKind::truncated, "ServerHello.cipher_suite");
  if (!draft_layout && !r.read_u8(out.compression_method))
    return why.set(AnomalyKind::truncated, "ServerHello.legacy_compression_method");

  // RFC 5246 7.4.1.3: a TLS 1.2 or older ServerHello may have no extensions.
  if (r.empty()) return true;
  if (!read_extensions_block(r, out.extensions, why, "ServerHello.extensions", "ServerHello")) return false;

  const bool hrr = out.is_hello_retry_request;
  return for_each_extension(out.extensions, "ServerHello.extensions", why, [&](const Extension& ext) {
    switch (static_cast<ExtensionType>(ext.type)) {
      case ExtensionType::supported_versions:
        // RFC 8446 4.2.1: ProtocolVersion selected_version;
        return read_u16_exact(ext, out.selected_version, why, "ServerHello.supported_versions");
      case ExtensionType::alpn:
        out.has_alpn = true;
        return parse_alpn_selected(ext.data, out.alpn, why);
      case ExtensionType::key_share:
        return parse_key_share_server(ext.data, hrr, out.key_share_group, why);
      case ExtensionType::pre_shared_key: {
        // RFC 8446 4.2.11: uint16 selected_identity;
        std::uint16_t selected_identity = 0;
        out.has_pre_shared_key = true;
        return read_u16_exact(ext, selected_identity, why, "ServerHello.pre_shared_key");
      }
      case ExtensionType::server_name:
        // RFC 6066 3: the server's acknowledgement has empty extension_data.
        out.has_server_name_ack = true;
        return expect_empty(ext, why, "ServerHello.server_name");
      case ExtensionType::session_ticket:
        out.has_session_ticket = true;
        return true;
      case ExtensionType::renegotiation_info:
        out.has_renegotiation_info = true;
        return check_u8_vector(ext, 0, why, "ServerHello.renegotiation_info");
      case ExtensionType::extended_master_secret:
        out.has_extended_master_secret = true;
        return expect_empty(ext, why, "ServerHello.extended_master_secret");
      default:
        return true;
    }
  });
}

std::uint16_t negotiated_version(const ServerHello& hello) {
  return hello.selected_version != 0 ? hello.selected_version : hello.legacy_version;
}

bool parse_certificate(Bytes body, bool tls13, CertificateMessage& out, Anomaly& why) {
  // RFC 5246 7.4.2:
  //   opaque ASN.1Cert<1..2^24-1>;
  //   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
  // RFC 8446 4.4.2:
  //   struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; } CertificateEntry;
  //   struct { opaque certificate_request_context<0..2^8-1>;
  //            CertificateEntry certificate_list<0..2^24-1>; } Certificate;
  out = CertificateMessage{};
  ByteReader r(body);
  if (tls13) {
    ByteReader context;
    if (!r.read_prefixed_u8(context))
      return why.set(AnomalyKind::truncated, "Certificate.certificate_request_context");
    out.request_context = context.rest();
  }
  ByteReader list;
  if (!r.read_prefixed_u24(list)) return why.set(AnomalyKind::truncated, "Certificate.certificate_list");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "Certificate");
  while (!list.empty()) {
    ByteReader cert;
    if (!list.read_prefixed_u24(cert)) return why.set(AnomalyKind::truncated, "Certificate.cert_data");
    if (cert.empty()) return why.set(AnomalyKind::bad_length, "Certificate.cert_data");
    if (tls13) {
      ByteReader extensions;
      if (!list.read_prefixed_u16(extensions))
        return why.set(AnomalyKind::truncated, "CertificateEntry.extensions");
      if (!for_each_extension(extensions.rest(), "CertificateEntry.extensions", why,
                              [](const Extension&) { return true; }))
        return false;
    }
    if (out.count < kMaxChainCertificates) out.certificates[out.count++] = cert.rest();
    ++out.total;
  }
  return true;
}

bool parse_certificate_request(Bytes body, std::uint16_t version, CertificateRequest& out, Anomaly& why) {
  out = CertificateRequest{};
  ByteReader r(body);
  const Layout layout = layout_of(version);
  if (layout == Layout::tls13) {
    // RFC 8446 4.3.2:
    //   struct { opaque certificate_request_context<0..2^8-1>;
    //            Extension extensions<2..2^16-1>; } CertificateRequest;
    // "The "signature_algorithms" extension MUST be specified."
    ByteReader context;
    if (!r.read_prefixed_u8(context))
      return why.set(AnomalyKind::truncated, "CertificateRequest.certificate_request_context");
    out.request_context = context.rest();
    Bytes block;
    if (!read_extensions_block(r, block, why, "CertificateRequest.extensions", "CertificateRequest"))
      return false;
    bool has_signature_algorithms = false;
    const bool ok =
        for_each_extension(block, "CertificateRequest.extensions", why, [&](const Extension& ext) {
          switch (static_cast<ExtensionType>(ext.type)) {
            case ExtensionType::signature_algorithms:
              has_signature_algorithms = true;
              return parse_u16_vector_u16(ext.data, out.signature_algorithms, why,
                                          "CertificateRequest.signature_algorithms");
            case ExtensionType::certificate_authorities: {
              // RFC 8446 4.2.4: DistinguishedName authorities<3..2^16-1>;
              ByteReader er(ext.data);
              ByteReader authorities;
              if (!er.read_prefixed_u16(authorities))
                return why.set(AnomalyKind::truncated, "CertificateRequest.certificate_authorities");
              if (!er.empty())
                return why.set(AnomalyKind::trailing_bytes, "CertificateRequest.certificate_authorities");
              if (authorities.empty())
                return why.set(AnomalyKind::bad_length, "CertificateRequest.certificate_authorities");
              if (!check_distinguished_names(authorities.rest(), why,
                                             "CertificateRequest.certificate_authorities"))
                return false;
              out.certificate_authorities = authorities.rest();
              return true;
            }
            default:
              return true;
          }
        });
    if (!ok) return false;
    if (!has_signature_algorithms)
      return why.set(AnomalyKind::bad_value, "CertificateRequest.signature_algorithms");
    return true;
  }

  // RFC 5246 7.4.4 (RFC 4346 7.4.4 without supported_signature_algorithms):
  //   struct { ClientCertificateType certificate_types<1..2^8-1>;
  //            SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;  (TLS 1.2)
  //            DistinguishedName certificate_authorities<0..2^16-1>; } CertificateRequest;
  ByteReader types;
  if (!r.read_prefixed_u8(types))
    return why.set(AnomalyKind::truncated, "CertificateRequest.certificate_types");
  if (types.empty()) return why.set(AnomalyKind::bad_length, "CertificateRequest.certificate_types");
  out.certificate_types = types.rest();
  if (layout == Layout::tls12 &&
      !read_u16_list(r, out.signature_algorithms, why, "CertificateRequest.supported_signature_algorithms"))
    return false;
  ByteReader authorities;
  if (!r.read_prefixed_u16(authorities))
    return why.set(AnomalyKind::truncated, "CertificateRequest.certificate_authorities");
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "CertificateRequest");
  if (!check_distinguished_names(authorities.rest(), why, "CertificateRequest.certificate_authorities"))
    return false;
  out.certificate_authorities = authorities.rest();
  return true;
}

bool parse_server_key_exchange(Bytes body, KeyExchangeKind kind, std::uint16_t version,
                               ServerKeyExchange& out, Anomaly& why) {
  out = ServerKeyExchange{};
  out.kind = kind;
  ByteReader r(body);

  // RFC 4279 2 and 4, RFC 5489 2: PSK variants start with
  // opaque psk_identity_hint<0..2^16-1>; and carry no signature.
  const bool psk =
      kind == KeyExchangeKind::psk || kind == KeyExchangeKind::dhe_psk || kind == KeyExchangeKind::ecdhe_psk;
  if (psk) {
    ByteReader hint;
    if (!r.read_prefixed_u16(hint))
      return why.set(AnomalyKind::truncated, "ServerKeyExchange.psk_identity_hint");
  }

  switch (kind) {
    case KeyExchangeKind::rsa: {
      // RFC 4346 7.4.3 (export RSA): opaque rsa_modulus<1..2^16-1>;
      // opaque rsa_exponent<1..2^16-1>;
      Bytes modulus;
      Bytes exponent;
      if (!read_nonempty_u16_vector(r, modulus, why, "ServerKeyExchange.rsa_modulus")) return false;
      if (!read_nonempty_u16_vector(r, exponent, why, "ServerKeyExchange.rsa_exponent")) return false;
      out.public_key_length = modulus.size();
      break;
    }
    case KeyExchangeKind::dhe:
    case KeyExchangeKind::dhe_psk: {
      // RFC 5246 7.4.3: opaque dh_p<1..2^16-1>; opaque dh_g<1..2^16-1>;
      // opaque dh_Ys<1..2^16-1>;
      Bytes g;
      Bytes ys;
      if (!read_nonempty_u16_vector(r, out.dh_p, why, "ServerKeyExchange.dh_p")) return false;
      if (!read_nonempty_u16_vector(r, g, why, "ServerKeyExchange.dh_g")) return false;
      if (!read_nonempty_u16_vector(r, ys, why, "ServerKeyExchange.dh_Ys")) return false;
      out.dh_prime_bits = bit_length(out.dh_p);
      out.public_key_length = ys.size();
      break;
    }
    case KeyExchangeKind::ecdhe:
    case KeyExchangeKind::ecdhe_psk: {
      // RFC 8422 5.4: ECParameters curve_params; ECPoint public;
      // ECCurveType curve_type; select (curve_type) { case named_curve: NamedCurve namedcurve; };
      // opaque point<1..2^8-1>;
      constexpr std::uint8_t kExplicitPrime = 1;
      constexpr std::uint8_t kExplicitChar2 = 2;
      constexpr std::uint8_t kNamedCurve = 3;
      std::uint8_t curve_type = 0;
      if (!r.read_u8(curve_type)) return why.set(AnomalyKind::truncated, "ServerKeyExchange.curve_type");
      if (curve_type == kExplicitPrime || curve_type == kExplicitChar2)
        return why.set(AnomalyKind::unsupported, "ServerKeyExchange.curve_type");
      if (curve_type != kNamedCurve) return why.set(AnomalyKind::bad_value, "ServerKeyExchange.curve_type");
      if (!r.read_u16(out.named_group))
        return why.set(AnomalyKind::truncated, "ServerKeyExchange.namedcurve");
      ByteReader point;
      if (!r.read_prefixed_u8(point)) return why.set(AnomalyKind::truncated, "ServerKeyExchange.public");
      if (point.empty()) return why.set(AnomalyKind::bad_length, "ServerKeyExchange.public");
      out.public_key_length = point.remaining();
      break;
    }
    case KeyExchangeKind::psk:
      break;
    case KeyExchangeKind::unknown:
    case KeyExchangeKind::tls13:
      return why.set(AnomalyKind::unsupported, "ServerKeyExchange");
  }

  // RFC 5246 7.4.3: signed_params follow for authenticated suites; anonymous
  // DH/ECDH suites (read as dhe/ecdhe) end after the parameters. TLS 1.2 puts a
  // SignatureAndHashAlgorithm before the u16-prefixed signature; earlier
  // versions have the signature alone.
  if (!psk && !r.empty()) {
    if (layout_of(version) != Layout::tls10 && !r.read_u16(out.signature_scheme))
      return why.set(AnomalyKind::truncated, "ServerKeyExchange.algorithm");
    ByteReader signature;
    if (!r.read_prefixed_u16(signature))
      return why.set(AnomalyKind::truncated, "ServerKeyExchange.signature");
  }
  if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "ServerKeyExchange");
  return true;
}

bool parse_new_session_ticket(Bytes body, bool tls13, NewSessionTicket& out, Anomaly& why) {
  out = NewSessionTicket{};
  ByteReader r(body);
  if (!tls13) {
    // RFC 5077 3.3: uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>;
    ByteReader ticket;
    if (!r.read_u32(out.lifetime_hint))
      return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket_lifetime_hint");
    if (!r.read_prefixed_u16(ticket)) return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket");
    if (!r.empty()) return why.set(AnomalyKind::trailing_bytes, "NewSessionTicket");
    out.ticket_length = ticket.remaining();
    return true;
  }
  // RFC 8446 4.6.1: uint32 ticket_lifetime; uint32 ticket_age_add;
  //   opaque ticket_nonce<0..255>; opaque ticket<1..2^16-1>;
  //   Extension extensions<0..2^16-2>;
  std::uint32_t age_add = 0;
  ByteReader nonce;
  ByteReader ticket;
  if (!r.read_u32(out.lifetime_hint))
    return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket_lifetime");
  if (!r.read_u32(age_add)) return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket_age_add");
  if (!r.read_prefixed_u8(nonce)) return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket_nonce");
  if (!r.read_prefixed_u16(ticket)) return why.set(AnomalyKind::truncated, "NewSessionTicket.ticket");
  if (ticket.empty()) return why.set(AnomalyKind::bad_length, "NewSessionTicket.ticket");
  out.ticket_length = ticket.remaining();
  Bytes block;
  if (!read_extensions_block(r, block, why, "NewSessionTicket.extensions", "NewSessionTicket")) return false;
  return for_each_extension(block, "NewSessionTicket.extensions", why, [](const Extension&) { return true; });
}

bool parse_encrypted_extensions(Bytes body, EncryptedExtensions& out, Anomaly& why) {
  // RFC 8446 4.3.1: struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;
  out = EncryptedExtensions{};
  ByteReader r(body);
  Bytes block;
  if (!read_extensions_block(r, block, why, "EncryptedExtensions.extensions", "EncryptedExtensions"))
    return false;
  return for_each_extension(block, "EncryptedExtensions.extensions", why, [&](const Extension& ext) {
    switch (static_cast<ExtensionType>(ext.type)) {
      case ExtensionType::alpn:
        out.has_alpn = true;
        return parse_alpn_selected(ext.data, out.alpn, why);
      case ExtensionType::server_name:
        out.has_server_name_ack = true;
        return expect_empty(ext, why, "EncryptedExtensions.server_name");
      case ExtensionType::early_data:
        // RFC 8446 4.2.10: empty in EncryptedExtensions.
        out.has_early_data = true;
        return expect_empty(ext, why, "EncryptedExtensions.early_data");
      default:
        return true;
    }
  });
}

}  // namespace tlsanalyze::parsers
