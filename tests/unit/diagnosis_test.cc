// Tests for analyzer/diagnosis: diagnose() is a pure function of a flow's
// event log, summary and TCP facts, so every case here is a hand-written
// story — no packets, no pcap. Each table row tells what the packets would
// have shown (Story) and what the verdict must be: outcome, stage, cause,
// confidence, the event that ended the handshake, the alternatives, and the
// facts the evidence must quote. Certificates are generated in-test with
// OpenSSL's C API, valid relative to one fixed instant (kNow), so no test
// depends on the clock.
#include "analyzer/diagnosis/diagnosis.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/x509/trust_store.h"
#include "tests/support/x509_extension.h"

namespace tlsanalyze::analyzer {
namespace {

using Der = std::vector<std::uint8_t>;

constexpr std::int64_t kNow = 1700000000;  // 2023-11-14T22:13:20Z: "the packets' time"
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kStartUs = kNow * 1'000'000;
constexpr std::int64_t kSecondUs = 1'000'000;

constexpr std::uint16_t kX25519 = 0x001d;
constexpr std::uint16_t kSecp256r1 = 0x0017;
constexpr std::uint16_t kSecp384r1 = 0x0018;

// ---------------------------------------------------------------------------
// A small test PKI (OpenSSL C API, EC P-256 keys: fast to generate)
// ---------------------------------------------------------------------------

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

Key new_key() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

// CertSpec describes one certificate; extension values use OpenSSL's
// configuration syntax.
struct CertSpec {
  std::string cn;
  std::string org = "Diagnosis Test";
  EVP_PKEY* key = nullptr;
  X509* issuer = nullptr;      // null: self-issued
  EVP_PKEY* signer = nullptr;  // null: self-signed with `key`
  std::int64_t not_before = kNow - 30 * kDay;
  std::int64_t not_after = kNow + 300 * kDay;
  bool ca = false;
  std::string san;  // "DNS:a.example,DNS:b.example"
  std::string eku = "serverAuth";
  long serial = 1;
};

Cert make_certificate(const CertSpec& s) {
  Cert cert(X509_new());
  EXPECT_EQ(X509_set_version(cert.get(), X509_VERSION_3), 1);
  EXPECT_EQ(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), s.serial), 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  EXPECT_EQ(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(s.org.c_str()), -1, -1, 0),
            1);
  EXPECT_EQ(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(s.cn.c_str()), -1, -1, 0),
            1);
  EXPECT_EQ(X509_set_issuer_name(cert.get(), s.issuer != nullptr ? X509_get_subject_name(s.issuer) : name),
            1);
  EXPECT_NE(ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(s.not_before)), nullptr);
  EXPECT_NE(ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(s.not_after)), nullptr);
  EXPECT_EQ(X509_set_pubkey(cert.get(), s.key), 1);
  if (s.ca) {
    tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_basic_constraints, "critical,CA:TRUE");
    tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_basic_constraints, "CA:FALSE");
    tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_ext_key_usage, s.eku);
  }
  tlsanalyze::testing::add_x509_extension(cert.get(), s.issuer, NID_subject_alt_name, s.san);
  EXPECT_GT(X509_sign(cert.get(), s.signer != nullptr ? s.signer : s.key, EVP_sha256()), 0);
  return cert;
}

Der der_of(X509* cert) {
  unsigned char* buf = nullptr;
  int len = i2d_X509(cert, &buf);
  EXPECT_GT(len, 0);
  Der out(buf, buf + std::max(len, 0));
  OPENSSL_free(buf);
  return out;
}

// Pki: root -> intermediate -> leaves for www.example.com, plus the odd ones.
// Built once (key generation dominates).
struct Pki {
  Key root_key = new_key(), inter_key = new_key(), leaf_key = new_key(), other_key = new_key();
  Der root, other_root, inter, leaf, leaf_other_name, leaf_expired, leaf_future, self_signed, client_leaf,
      intercepted_inter, intercepted_leaf;

  Pki() {
    CertSpec s;
    s.cn = "Diagnosis Test Root CA";
    s.key = root_key.get();
    s.ca = true;
    s.not_before = kNow - 3650 * kDay;
    s.not_after = kNow + 3650 * kDay;
    Cert root_cert = make_certificate(s);
    root = der_of(root_cert.get());

    s.cn = "Elsewhere Root CA";
    s.key = other_key.get();
    s.serial = 2;
    other_root = der_of(make_certificate(s).get());

    s = CertSpec{};
    s.cn = "Diagnosis Test Intermediate CA";
    s.key = inter_key.get();
    s.issuer = root_cert.get();
    s.signer = root_key.get();
    s.ca = true;
    s.serial = 3;
    Cert inter_cert = make_certificate(s);
    inter = der_of(inter_cert.get());

    CertSpec l;
    l.cn = "www.example.com";
    l.key = leaf_key.get();
    l.issuer = inter_cert.get();
    l.signer = inter_key.get();
    l.san = "DNS:www.example.com,DNS:example.com";
    l.serial = 10;
    leaf = der_of(make_certificate(l).get());

    CertSpec o = l;
    o.cn = "other.example.net";
    o.san = "DNS:other.example.net";
    o.serial = 11;
    leaf_other_name = der_of(make_certificate(o).get());

    CertSpec e = l;
    e.not_before = kNow - 90 * kDay;
    e.not_after = kNow - 3 * kDay;
    e.serial = 12;
    leaf_expired = der_of(make_certificate(e).get());

    CertSpec f = l;
    f.not_before = kNow + 2 * kDay;
    f.not_after = kNow + 90 * kDay;
    f.serial = 13;
    leaf_future = der_of(make_certificate(f).get());

    CertSpec ss;
    ss.cn = "www.example.com";
    ss.key = leaf_key.get();
    ss.san = "DNS:www.example.com";
    ss.serial = 14;
    self_signed = der_of(make_certificate(ss).get());

    CertSpec c = l;
    c.cn = "client-17";
    c.san = "";
    c.eku = "clientAuth";
    c.serial = 15;
    client_leaf = der_of(make_certificate(c).get());

    CertSpec zi;
    zi.cn = "Zscaler Intermediate Root CA";
    zi.org = "Zscaler Inc.";
    zi.key = other_key.get();
    zi.ca = true;
    zi.serial = 16;
    Cert zscaler = make_certificate(zi);
    intercepted_inter = der_of(zscaler.get());
    CertSpec zl = l;
    zl.issuer = zscaler.get();
    zl.signer = other_key.get();
    zl.serial = 17;
    intercepted_leaf = der_of(make_certificate(zl).get());
  }
};

const Pki& pki() {
  static const Pki* p = new Pki();  // never freed: shared by every test of the binary
  return *p;
}

// trusting_root is a diagnosis context whose trust store holds the test root.
const DiagnosisContext* trusting_root() {
  static TrustStore* store = [] {
    auto* s = new TrustStore();
    std::string error;
    EXPECT_TRUE(s->add_certificate_der(parsers::Bytes(pki().root), error)) << error;
    return s;
  }();
  static DiagnosisContext context{store, 30};
  return &context;
}

// trusting_other_root trusts only an unrelated root.
const DiagnosisContext* trusting_other_root() {
  static TrustStore* store = [] {
    auto* s = new TrustStore();
    std::string error;
    EXPECT_TRUE(s->add_certificate_der(parsers::Bytes(pki().other_root), error)) << error;
    return s;
  }();
  static DiagnosisContext context{store, 30};
  return &context;
}

// ---------------------------------------------------------------------------
// Stories: hand-written flows
// ---------------------------------------------------------------------------

// tls12_hello: what a typical TLS 1.2-only client offers.
ClientHelloFacts tls12_hello(std::optional<std::string> sni = "www.example.com") {
  ClientHelloFacts ch;
  ch.legacy_version = 0x0303;
  ch.highest_version = 0x0303;
  ch.cipher_suites = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009c, 0x009d, 0x002f, 0x0035};
  ch.groups = {kX25519, kSecp256r1, kSecp384r1};
  ch.signature_algorithms = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501};
  ch.alpn = {"h2", "http/1.1"};
  ch.has_sni = sni.has_value();
  ch.sni = sni.value_or("");
  ch.random.assign(32, 0x11);
  ch.length = 200;
  return ch;
}

// tls13_hello: a TLS 1.3 client (also offering 1.2).
ClientHelloFacts tls13_hello(std::optional<std::string> sni = "www.example.com") {
  ClientHelloFacts ch = tls12_hello(std::move(sni));
  ch.highest_version = 0x0304;
  ch.versions = {0x0304, 0x0303};
  ch.cipher_suites = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f};
  ch.key_share_groups = {kX25519};
  ch.length = 512;
  return ch;
}

// Story builds a HandshakeFacts the way a Flow and its tracker would fill it:
// every event advances the clock (1 ms unless pause() says otherwise) and the
// packet number; TLS events count as data of their side (acknowledged by the
// peer unless tcp() says otherwise) and update that side's progress.
class Story {
 public:
  Story() {
    facts_.client.address.family = 4;
    facts_.client.address.bytes = {192, 0, 2, 1};
    facts_.client.port = 50123;
    facts_.server.address.family = 4;
    facts_.server.address.bytes = {198, 51, 100, 7};
    facts_.server.port = 443;
    facts_.start_us = kStartUs;
    facts_.first_packet = 1;
    facts_.end = FlowEnd::closed;
  }

  // ---- TCP
  Story& syn() {
    add(EventKind::syn, Side::client);
    ++tcp_of(Side::client).syns;
    return *this;
  }
  // syn_retransmissions counts SYNs the flow saw after the first (no events).
  Story& syn_retransmissions(std::uint32_t n) {
    tcp_of(Side::client).syns += n;
    return pause(n * kSecondUs);
  }
  Story& syn_ack() {
    add(EventKind::syn_ack, Side::server);
    ++tcp_of(Side::server).syns;
    tcp_of(Side::server).syn_ack = true;
    return *this;
  }
  // ack: the client acknowledges the SYN/ACK (completes the TCP handshake).
  Story& ack() {
    ++tcp_of(Side::client).acks;
    return *this;
  }
  Story& connect() { return syn().syn_ack().ack(); }
  Story& fin(Side s) {
    add(EventKind::fin, s);
    ++tcp_of(s).fins;
    return *this;
  }
  Story& rst(Side s) {
    add(EventKind::rst, s);
    ++tcp_of(s).rsts;
    return *this;
  }
  // icmp_unreachable: an ICMP error about the client's SYN, attributed to the
  // far side as TcpFlow::on_icmp_error does.
  Story& icmp_unreachable(std::uint8_t type, std::uint8_t code) {
    Event& e = add(EventKind::icmp_unreachable, Side::server, /*counts_as_packet=*/false);
    e.icmp_type = type;
    e.icmp_code = code;
    TcpSideFacts& c = tcp_of(Side::client);
    if (++c.icmp_errors == 1) {
      c.icmp_type = type;
      c.icmp_code = code;
    }
    return *this;
  }

  // ---- TLS
  Story& client_hello(ClientHelloFacts ch) {
    Event& e = data(EventKind::client_hello, Side::client, ch.length + 9);  // record and message headers
    e.version = ch.highest_version;
    e.length = ch.length;
    e.count = static_cast<std::uint32_t>(summary_.client_hellos.size() + 1);
    summary_.client_hellos.push_back(std::move(ch));
    return *this;
  }
  Story& server_hello(std::uint16_t version, std::uint16_t suite) {
    Event& e = data(EventKind::server_hello, Side::server, 90);
    e.version = version;
    e.cipher_suite = suite;
    summary_.server_hello_seen = true;
    summary_.server_hello.legacy_version = version > 0x0303 ? 0x0303 : version;
    summary_.server_hello.version = version;
    summary_.server_hello.cipher_suite = suite;
    facts_.tls13 = version == 0x0304;
    return *this;
  }
  Story& hello_retry_request(std::uint16_t group) {
    Event& e = data(EventKind::hello_retry_request, Side::server, 88);
    e.version = 0x0304;
    e.cipher_suite = 0x1301;
    summary_.hello_retry_request = true;
    summary_.hrr_group = group;
    return *this;
  }
  Story& certificate(Side from, std::vector<Der> ders, bool decrypted = false) {
    std::size_t bytes = 7;
    for (const Der& d : ders) bytes += d.size() + 3;
    Event& e = data(EventKind::certificate, from, bytes);
    e.count = static_cast<std::uint32_t>(ders.size());
    e.decrypted = decrypted;
    CertificateChainFacts& chain =
        from == Side::server ? summary_.server_certificates : summary_.client_certificates;
    chain = CertificateChainFacts{};
    chain.present = true;
    chain.total = ders.size();
    chain.der = std::move(ders);
    chain.timestamp_us = e.timestamp_us;
    chain.decrypted = decrypted;
    return *this;
  }
  Story& dhe_server_key_exchange(std::size_t prime_bits) {
    data(EventKind::server_key_exchange, Side::server, prime_bits / 4 + 300);
    summary_.key_exchange.present = true;
    summary_.key_exchange.dh_prime_bits = prime_bits;
    return *this;
  }
  Story& certificate_request(std::size_t authorities) {
    Event& e = data(EventKind::certificate_request, Side::server, 40 + authorities * 60);
    e.count = static_cast<std::uint32_t>(authorities);
    summary_.certificate_request.present = true;
    summary_.certificate_request.authority_count = authorities;
    return *this;
  }
  Story& server_hello_done() {
    data(EventKind::server_hello_done, Side::server, 4);
    return *this;
  }
  Story& client_key_exchange() {
    data(EventKind::client_key_exchange, Side::client, 70);
    return *this;
  }
  Story& change_cipher_spec(Side from) {
    Event& e = data(EventKind::change_cipher_spec, from, 6);
    e.length = 1;
    progress_of(from).change_cipher_spec = true;
    if (!facts_.tls13) progress_of(from).encrypting = true;
    return *this;
  }
  // finished: an encrypted Finished (TLS 1.2 after CCS, or the TLS 1.3
  // client's Finished-size record).
  Story& finished(Side from, std::uint32_t length = 40) {
    Event& e = data(EventKind::finished, from, length + 5);
    e.encrypted = true;
    e.length = length;
    progress_of(from).finished = true;
    ++progress_of(from).encrypted_handshake_records;
    return *this;
  }
  Story& encrypted_handshake(Side from, std::uint32_t length) {
    Event& e = data(EventKind::encrypted_handshake, from, length + 5);
    e.encrypted = true;
    e.length = length;
    ++progress_of(from).encrypted_handshake_records;
    return *this;
  }
  Story& application_data(Side from, std::uint32_t length = 200) {
    Event& e = data(EventKind::application_data, from, length + 5);
    e.encrypted = true;
    e.length = length;
    ++progress_of(from).application_records;
    return *this;
  }
  Story& alert(Side from, std::uint8_t level, std::uint8_t code, bool decrypted = false) {
    Event& e = data(EventKind::alert, from, 7);
    // Levels and codes as the wire bytes (2, 40), the way a reader of a capture sees them.
    e.alert_level = static_cast<parsers::AlertLevel>(level);
    e.alert_code = static_cast<parsers::AlertDescription>(code);
    e.length = 2;
    e.decrypted = decrypted;
    progress_of(from).sent_alert = true;
    return *this;
  }
  Story& encrypted_alert(Side from, std::uint32_t length) {
    Event& e = data(EventKind::encrypted_alert, from, length + 5);
    e.encrypted = true;
    e.length = length;
    progress_of(from).sent_alert = true;
    return *this;
  }
  Story& non_tls(Side from, std::string text) {
    Event& e = data(EventKind::non_tls_data, from, text.size(), /*tls=*/false);
    e.length = static_cast<std::uint32_t>(text.size());
    progress_of(from).plaintext_seen = true;
    (from == Side::server ? summary_.non_tls_preview : summary_.client_plaintext_preview) = std::move(text);
    return *this;
  }
  Story& malformed(Side from, std::string anomaly) {
    data(EventKind::malformed_tls, from, 30, /*tls=*/false);
    facts_.anomalies.push_back(std::move(anomaly));
    return *this;
  }
  // inferred_client_certificate: what the tracker concludes, without keys,
  // from the size of a TLS 1.3 client's first encrypted record: 25 bytes is an
  // empty Certificate (total 0), a large one carries a certificate (total 1).
  Story& inferred_client_certificate(std::size_t total, std::uint32_t record_length) {
    Event& e = data(EventKind::certificate, Side::client, record_length + 5);
    e.encrypted = true;
    e.length = record_length;
    e.count = static_cast<std::uint32_t>(total);
    CertificateChainFacts& chain = summary_.client_certificates;
    chain = CertificateChainFacts{};
    chain.present = true;
    chain.inferred = true;
    chain.total = total;
    chain.timestamp_us = e.timestamp_us;
    return *this;
  }
  Story& gap(Side from, std::uint32_t bytes) {
    Event& e = add(EventKind::stream_gap, from, /*counts_as_packet=*/false);
    e.length = bytes;
    progress_of(from).gap_seen = true;
    tcp_of(from).gap_bytes += bytes;
    tcp_of(from).bytes_sent += bytes;
    return *this;
  }

  // ---- how the story ends
  Story& pause(std::int64_t us) {
    clock_us_ += us;
    return *this;
  }
  // complete marks the handshake complete at the last event (both Finished).
  Story& complete() {
    facts_.complete = true;
    facts_.completion_packet = events_.back().packet_number;
    progress_[0].finished = progress_[1].finished = true;
    return *this;
  }
  // ends says why the flow was finalized, `after_us` after the last event.
  Story& ends(FlowEnd end, std::int64_t after_us = 0) {
    facts_.end = end;
    end_after_us_ = after_us;
    return *this;
  }
  // tcp edits the TCP facts directly (unacknowledged data, retransmissions).
  Story& tcp(const std::function<void(TcpSideFacts& client, TcpSideFacts& server)>& edit) {
    edit(tcp_[0], tcp_[1]);
    return *this;
  }

  // facts is what facts_of(flow) would return; it points into this Story.
  HandshakeFacts facts() const {
    HandshakeFacts f = facts_;
    f.events = &events_;
    f.summary = &summary_;
    f.client_progress = progress_[0];
    f.server_progress = progress_[1];
    f.client_tcp = tcp_[0];
    f.server_tcp = tcp_[1];
    f.one_sided = tcp_[0].last_packet_us == 0 || tcp_[1].last_packet_us == 0;
    f.end_us = clock_us_ + end_after_us_;
    return f;
  }

  const std::vector<Event>& events() const { return events_; }

 private:
  static std::size_t index(Side s) { return s == Side::client ? 0 : 1; }
  TcpSideFacts& tcp_of(Side s) { return tcp_[index(s)]; }
  DirectionProgress& progress_of(Side s) { return progress_[index(s)]; }

  Event& add(EventKind kind, Side from, bool counts_as_packet = true) {
    clock_us_ += kStepUs;
    Event e;
    e.kind = kind;
    e.from = from;
    e.timestamp_us = clock_us_;
    e.packet_number = ++packet_;
    events_.push_back(e);
    if (counts_as_packet) tcp_of(from).last_packet_us = clock_us_;
    return events_.back();
  }
  // data adds an event carried by `bytes` of `from`'s stream.
  Event& data(EventKind kind, Side from, std::size_t bytes, bool tls = true) {
    Event& e = add(kind, from);
    TcpSideFacts& t = tcp_of(from);
    ++t.data_segments;
    t.bytes_sent += bytes;
    t.bytes_acked = t.bytes_sent;
    if (tls) ++progress_of(from).tls_records;
    return e;
  }

  static constexpr std::int64_t kStepUs = 1000;
  HandshakeFacts facts_;
  std::vector<Event> events_;
  HandshakeSummary summary_;
  std::array<DirectionProgress, 2> progress_{};
  std::array<TcpSideFacts, 2> tcp_{};
  std::int64_t clock_us_ = kStartUs;
  std::int64_t end_after_us_ = 0;
  std::uint64_t packet_ = 0;
};

// Common openings.
Story tls12_server_flight(Story s, std::vector<Der> chain, std::uint16_t suite = 0xc02f) {
  s.server_hello(0x0303, suite).certificate(Side::server, std::move(chain)).server_hello_done();
  return s;
}
Story tls12_to_server_flight(std::vector<Der> chain, ClientHelloFacts ch = tls12_hello()) {
  Story s;
  s.connect().client_hello(std::move(ch));
  return tls12_server_flight(std::move(s), std::move(chain));
}
Story tls12_completed(std::vector<Der> chain, ClientHelloFacts ch = tls12_hello()) {
  Story s = tls12_to_server_flight(std::move(chain), std::move(ch));
  s.client_key_exchange().change_cipher_spec(Side::client).finished(Side::client);
  s.change_cipher_spec(Side::server).finished(Side::server).complete();
  return s;
}
// tls13_to_server_flight: ServerHello, compatibility CCS, then the encrypted
// EncryptedExtensions/Certificate/CertificateVerify/Finished.
Story tls13_to_server_flight(ClientHelloFacts ch = tls13_hello()) {
  Story s;
  s.connect().client_hello(std::move(ch)).server_hello(0x0304, 0x1301).change_cipher_spec(Side::server);
  s.encrypted_handshake(Side::server, 40)
      .encrypted_handshake(Side::server, 1460)
      .encrypted_handshake(Side::server, 281);
  s.encrypted_handshake(Side::server, 69);
  return s;
}
// tls13_completed: the client's Finished-size record completes it.
Story tls13_completed(ClientHelloFacts ch = tls13_hello()) {
  Story s = tls13_to_server_flight(std::move(ch));
  s.change_cipher_spec(Side::client).finished(Side::client, 53).complete();
  return s;
}
Story after_client_hello(ClientHelloFacts ch = tls12_hello()) {
  Story s;
  s.connect().client_hello(std::move(ch));
  return s;
}

// ---------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------

// Expected is what a verdict must say, built by chained setters named after
// the Verdict fields they check. Unset optional parts are not checked.
class Expected {
 public:
  Expected& outcome(Outcome o) { return set(outcome_, o); }
  Expected& failed_at(Stage s) { return set(failed_at_, s); }
  Expected& cause(Cause c) { return set(cause_, c); }
  Expected& confidence(Confidence c) { return set(confidence_, c); }
  Expected& ended_by(EndKind k) { return set(ended_by_, k); }
  Expected& ended_from(Side s) { return set(ended_from_, std::optional<Side>(s)); }
  Expected& ended_code(std::uint8_t c) { return set(ended_code_, std::optional<std::uint8_t>(c)); }
  // also: causes that must all be in also_possible.
  Expected& also(std::vector<Cause> c) { return set(also_, std::move(c)); }
  // evidence: each a substring of some evidence line.
  Expected& evidence(std::vector<std::string> e) { return set(evidence_, std::move(e)); }
  // warnings: each a substring of some warning.
  Expected& warnings(std::vector<std::string> w) { return set(warnings_, std::move(w)); }
  // explanation: a substring of the explanation.
  Expected& explanation(std::string e) { return set(explanation_, std::move(e)); }
  // stalled_after: incomplete verdicts only.
  Expected& stalled_after(std::string s) { return set(stalled_after_, std::move(s)); }

  Outcome outcome_ = Outcome::failed;
  Stage failed_at_ = Stage::none;
  Cause cause_ = Cause::unknown;
  Confidence confidence_ = Confidence::high;
  EndKind ended_by_ = EndKind::none;
  std::optional<Side> ended_from_;
  std::optional<std::uint8_t> ended_code_;
  std::vector<Cause> also_;
  std::vector<std::string> evidence_;
  std::vector<std::string> warnings_;
  std::string explanation_;
  std::string stalled_after_;

 private:
  template <typename T, typename V>
  Expected& set(T& field, V&& value) {
    field = std::forward<V>(value);
    return *this;
  }
};

struct Case {
  std::string name;
  std::function<Story()> story;
  Expected expect;
  const DiagnosisContext* (*context)() = nullptr;
};

std::string dump(const Verdict& v) {
  std::string out =
      fmt::format("outcome={} failed_at='{}' stalled_after='{}' cause={} confidence={} ended_by={}/{}/{}\n",
                  outcome_name(v.outcome), stage_name(v.failed_at), v.stalled_after, cause_id(v.cause),
                  confidence_name(v.confidence), end_kind_name(v.ended_by.kind), side_name(v.ended_by.from),
                  static_cast<unsigned>(v.ended_by.alert_code));
  out += "also:";
  for (Cause c : v.also_possible) out += fmt::format(" {}", cause_id(c));
  out += fmt::format("\nexplanation: {}\n", v.explanation);
  for (const std::string& e : v.evidence) out += fmt::format("evidence: {}\n", e);
  for (const std::string& w : v.warnings) out += fmt::format("warning: {}\n", w);
  return out;
}

bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

Verdict diagnose_case(const Case& c) {
  Story story = c.story();
  HandshakeFacts facts = story.facts();
  return diagnose(facts, c.context != nullptr ? c.context() : nullptr);
}

void check(const Case& c) {
  SCOPED_TRACE(c.name);
  Story story = c.story();
  HandshakeFacts facts = story.facts();
  const DiagnosisContext* ctx = c.context != nullptr ? c.context() : nullptr;
  Verdict v = diagnose(facts, ctx);
  const Expected& x = c.expect;
  SCOPED_TRACE(dump(v));
  EXPECT_EQ(outcome_name(v.outcome), outcome_name(x.outcome_));
  EXPECT_EQ(stage_name(v.failed_at), stage_name(x.failed_at_));
  EXPECT_EQ(cause_id(v.cause), cause_id(x.cause_));
  EXPECT_EQ(confidence_name(v.confidence), confidence_name(x.confidence_));
  EXPECT_EQ(end_kind_name(v.ended_by.kind), end_kind_name(x.ended_by_));
  if (x.ended_from_) {
    EXPECT_EQ(side_name(v.ended_by.from), side_name(*x.ended_from_));
  }
  if (x.ended_code_) {
    EXPECT_EQ(static_cast<unsigned>(v.ended_by.alert_code), *x.ended_code_);
  }
  for (Cause a : x.also_) {
    EXPECT_NE(std::find(v.also_possible.begin(), v.also_possible.end(), a), v.also_possible.end())
        << "also_possible lacks " << cause_id(a);
  }
  for (const std::string& e : x.evidence_)
    EXPECT_TRUE(any_contains(v.evidence, e)) << "no evidence mentions: " << e;
  for (const std::string& w : x.warnings_)
    EXPECT_TRUE(any_contains(v.warnings, w)) << "no warning mentions: " << w;
  if (!x.explanation_.empty()) {
    EXPECT_NE(v.explanation.find(x.explanation_), std::string::npos) << x.explanation_;
  }
  if (!x.stalled_after_.empty()) {
    EXPECT_EQ(v.stalled_after, x.stalled_after_);
  }

  // Invariants of every verdict.
  EXPECT_FALSE(v.explanation.empty());
  EXPECT_EQ(v.advice, std::string(cause_advice(v.cause)));
  if (v.outcome == Outcome::succeeded) {
    EXPECT_EQ(v.cause, Cause::success);
    EXPECT_EQ(v.failed_at, Stage::none);
  } else {
    EXPECT_FALSE(v.advice.empty());
  }
  if (v.outcome == Outcome::failed) {
    EXPECT_NE(v.failed_at, Stage::none);
  }
  if (v.outcome == Outcome::incomplete) {
    EXPECT_EQ(v.cause, Cause::incomplete);
    EXPECT_EQ(v.failed_at, Stage::none);
  }
  // Pure: the same facts give the same verdict.
  EXPECT_EQ(dump(diagnose(facts, ctx)), dump(v));
}

void run_table(const std::vector<Case>& cases) {
  for (const Case& c : cases) check(c);
}

constexpr Side kClient = Side::client;
constexpr Side kServer = Side::server;

// ---------------------------------------------------------------------------
// TCP never connected
// ---------------------------------------------------------------------------

std::vector<Case> tcp_connect_cases() {
  return {
      {"SYN answered by RST: port closed", [] { return std::move(Story().syn().rst(kServer)); },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::port_closed)
           .ended_by(EndKind::rst)
           .ended_from(kServer)
           .evidence({"SYN was answered by RST from 198.51.100.7:443"})},
      {"SYN unanswered, retransmitted, capture ends",
       [] {
         return std::move(Story().syn().syn_retransmissions(2).ends(FlowEnd::capture_end, 3 * kSecondUs));
       },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::syn_unanswered)
           .ended_by(EndKind::capture_end)
           .evidence({"the client sent 3 SYN(s); none was answered"})
           .explanation("never answered")},
      {"SYN unanswered until the flow went idle",
       [] { return std::move(Story().syn().syn_retransmissions(3).ends(FlowEnd::idle, 30 * kSecondUs)); },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::syn_unanswered)
           .ended_by(EndKind::silence)
           .evidence({"the client sent 4 SYN(s)"})},
      {"SYN answered by ICMP destination unreachable",
       [] {
         return std::move(Story().syn().icmp_unreachable(3, 1).ends(FlowEnd::capture_end, 2 * kSecondUs));
       },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::syn_unanswered)
           .ended_by(EndKind::icmp)
           .evidence({"ICMP destination-unreachable (type 3, code 1)"})
           .explanation("unreachable")},
      {"one SYN, then the capture ends at once",
       [] { return std::move(Story().syn().ends(FlowEnd::capture_end, kSecondUs)); },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .confidence(Confidence::medium)
           .ended_by(EndKind::capture_end)
           .stalled_after("SYN")},
      {"one SYN, capture goes on long after",
       [] { return std::move(Story().syn().ends(FlowEnd::capture_end, 20 * kSecondUs)); },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::syn_unanswered)
           .ended_by(EndKind::capture_end)
           .evidence({"the client sent 1 SYN(s)"})},
  };
}

TEST(DiagnosisTest, TcpConnect) { run_table(tcp_connect_cases()); }

// ---------------------------------------------------------------------------
// Connected, but no ClientHello
// ---------------------------------------------------------------------------

std::vector<Case> before_client_hello_cases() {
  return {
      {"client alert before any ClientHello",
       [] { return std::move(Story().connect().alert(kClient, 2, 70).fin(kClient)); },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::protocol_version_mismatch)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_from(kClient)
           .ended_code(70)
           .also({Cause::client_abort})
           .evidence({"the client sent no ClientHello before its alert", "protocol_version(70)"})},
      {"client sends plaintext to port 443",
       [] {
         return std::move(
             Story().connect().non_tls(kClient, "GET / HTTP/1.1\\r\\nHost: www.example.com").fin(kServer));
       },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::plaintext_client)
           .ended_by(EndKind::non_tls)
           .ended_from(kClient)
           .evidence({"GET / HTTP/1.1"})},
      {"server speaks first in plaintext (SSH banner)",
       [] { return std::move(Story().connect().non_tls(kServer, "SSH-2.0-OpenSSH_9.6\\r\\n").fin(kClient)); },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::not_tls)
           .confidence(Confidence::medium)
           .ended_by(EndKind::non_tls)
           .ended_from(kServer)
           .also({Cause::client_abort})
           .evidence({"the server spoke first", "SSH-2.0-OpenSSH_9.6"})},
      {"client's first record is malformed",
       [] {
         return std::move(
             Story()
                 .connect()
                 .malformed(kClient,
                            "bytes that are no TLS record (\\x16\\x03\\x09) in packet 3 from the client")
                 .rst(kServer));
       },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::protocol_error)
           .confidence(Confidence::low)
           .ended_by(EndKind::malformed)
           .ended_from(kClient)
           .also({Cause::client_abort})
           .evidence({"the client's first TLS record is malformed", "no TLS record"})},
      {"connected, nothing sent, capture ends",
       [] { return std::move(Story().connect().ends(FlowEnd::capture_end, kSecondUs)); },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .confidence(Confidence::medium)
           .ended_by(EndKind::capture_end)
           .stalled_after("TCP handshake")},
      {"connected, then the client closes without a ClientHello",
       [] { return std::move(Story().connect().fin(kClient).fin(kServer)); },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::client_sent_nothing)
           .confidence(Confidence::low)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::client_abort, Cause::protocol_version_mismatch})
           .evidence({"TCP was established; then the client closed"})},
      {"SYN, SYN/ACK, ACK, then the client resets",
       [] { return std::move(Story().connect().rst(kClient)); },
       Expected()
           .failed_at(Stage::before_client_hello)
           .cause(Cause::client_sent_nothing)
           .confidence(Confidence::low)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::client_abort})},
      {"SYN, SYN/ACK answered by the client's RST (a port probe): TCP never connected",
       [] { return std::move(Story().syn().syn_ack().rst(kClient)); },
       Expected()
           .failed_at(Stage::tcp_connect)
           .cause(Cause::client_abort)
           .confidence(Confidence::medium)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::client_sent_nothing})},
  };
}

TEST(DiagnosisTest, BeforeClientHello) { run_table(before_client_hello_cases()); }

// ---------------------------------------------------------------------------
// Alerts that name their cause
// ---------------------------------------------------------------------------

Story server_alert_after_hello(std::uint8_t code, ClientHelloFacts ch = tls12_hello()) {
  Story s = after_client_hello(std::move(ch));
  s.alert(kServer, 2, code).fin(kServer);
  return s;
}

std::vector<Case> named_alert_cases() {
  auto server_alert = [](std::uint8_t code, Cause cause, std::vector<std::string> evidence,
                         Confidence confidence = Confidence::high) {
    return Case{fmt::format("server alert {} after ClientHello", code),
                [code] { return server_alert_after_hello(code); },
                Expected()
                    .failed_at(Stage::after_client_hello)
                    .cause(cause)
                    .confidence(confidence)
                    .ended_by(EndKind::alert)
                    .ended_from(kServer)
                    .ended_code(code)
                    .evidence(std::move(evidence))};
  };
  std::vector<Case> cases = {
      server_alert(70, Cause::protocol_version_mismatch, {"protocol_version(70)", "legacy_version TLS1.2"}),
      server_alert(86, Cause::inappropriate_fallback, {"inappropriate_fallback(86)"}),
      server_alert(112, Cause::unrecognized_name,
                   {"unrecognized_name(112)", "SNI requested: www.example.com"}),
      server_alert(120, Cause::alpn_mismatch, {"no_application_protocol(120)", "client ALPN: h2, http/1.1"}),
      server_alert(109, Cause::missing_extension, {"missing_extension(109)"}),
      server_alert(110, Cause::unsupported_extension, {"unsupported_extension(110)"}),
      server_alert(116, Cause::client_certificate_required, {"certificate_required(116)"}),
      server_alert(80, Cause::server_internal_error, {"internal_error(80)"}),
      server_alert(20, Cause::bad_record_mac, {"bad_record_mac(20)"}),
      server_alert(51, Cause::decrypt_error, {"decrypt_error(51)"}),
      server_alert(50, Cause::protocol_error, {"decode_error(50)"}),
      server_alert(10, Cause::protocol_error, {"unexpected_message(10)"}),
      server_alert(47, Cause::protocol_error, {"illegal_parameter(47)"}),
  };
  cases.push_back({"server alert 112 without SNI: missing SNI",
                   [] { return server_alert_after_hello(112, tls12_hello(std::nullopt)); },
                   Expected()
                       .failed_at(Stage::after_client_hello)
                       .cause(Cause::missing_sni)
                       .ended_by(EndKind::alert)
                       .ended_from(kServer)
                       .ended_code(112)
                       .evidence({"the ClientHello has no server_name extension"})
                       .warnings({"no SNI"})});
  cases.push_back({"server alert 86 with TLS_FALLBACK_SCSV in the hello",
                   [] {
                     ClientHelloFacts ch = tls12_hello();
                     ch.highest_version = ch.legacy_version = 0x0302;
                     ch.cipher_suites.push_back(0x5600);
                     ch.fallback_scsv = true;
                     return server_alert_after_hello(86, ch);
                   },
                   Expected()
                       .failed_at(Stage::after_client_hello)
                       .cause(Cause::inappropriate_fallback)
                       .ended_by(EndKind::alert)
                       .ended_code(86)
                       .evidence({"TLS_FALLBACK_SCSV (0x5600)", "legacy_version TLS1.1"})});
  cases.push_back({"server alert 70 to a TLS 1.3-only client",
                   [] {
                     ClientHelloFacts ch = tls13_hello();
                     ch.versions = {0x0304};
                     return server_alert_after_hello(70, ch);
                   },
                   Expected()
                       .failed_at(Stage::after_client_hello)
                       .cause(Cause::protocol_version_mismatch)
                       .ended_by(EndKind::alert)
                       .ended_code(70)
                       .evidence({"supported_versions TLS1.3"})
                       .explanation("The server supports none")});
  cases.push_back({"client alert 70 after a TLS 1.0 ServerHello",
                   [] {
                     Story s = after_client_hello();
                     s.server_hello(0x0301, 0x002f).alert(kClient, 2, 70).fin(kClient);
                     return s;
                   },
                   Expected()
                       .failed_at(Stage::after_server_hello)
                       .cause(Cause::protocol_version_mismatch)
                       .ended_by(EndKind::alert)
                       .ended_from(kClient)
                       .ended_code(70)
                       .evidence({"the server chose TLS1.0, which the client does not accept"})
                       .warnings({"TLS1.0 negotiated"})
                       .explanation("The client refused")});
  cases.push_back({"client alert 80 after the server flight",
                   [] {
                     Story s = tls12_to_server_flight({pki().leaf, pki().inter});
                     s.alert(kClient, 2, 80);
                     return s;
                   },
                   Expected()
                       .failed_at(Stage::after_server_certificate)
                       .cause(Cause::server_internal_error)
                       .confidence(Confidence::medium)
                       .ended_by(EndKind::alert)
                       .ended_from(kClient)
                       .ended_code(80)
                       .explanation("The client's TLS library hit an internal error")
                       .also({Cause::client_abort})});
  cases.push_back({"server alert 49 (access_denied) after ClientHello: unknown",
                   [] { return server_alert_after_hello(49); },
                   Expected()
                       .failed_at(Stage::after_client_hello)
                       .cause(Cause::unknown)
                       .confidence(Confidence::low)
                       .ended_by(EndKind::alert)
                       .ended_code(49)
                       .also({Cause::no_shared_cipher})
                       .evidence({"access_denied(49)"})});
  return cases;
}

TEST(DiagnosisTest, AlertsThatNameTheirCause) { run_table(named_alert_cases()); }

// ---------------------------------------------------------------------------
// handshake_failure(40) / insufficient_security(71) right after the hello
// ---------------------------------------------------------------------------

std::vector<Case> hello_rejection_cases() {
  return {
      {"40 to a client offering only NULL/RC4/3DES suites",
       [] {
         ClientHelloFacts ch = tls12_hello();
         ch.cipher_suites = {0x0001, 0x0002, 0x0004, 0x0005, 0x000a};
         return server_alert_after_hello(40, ch);
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_cipher)
           .ended_by(EndKind::alert)
           .ended_from(kServer)
           .ended_code(40)
           .evidence({"the client's 5 cipher suites:", "handshake_failure(40)"})},
      {"40 to a client offering many legacy suites (no common one): medium",
       [] {
         ClientHelloFacts ch = tls12_hello();
         ch.cipher_suites = {0x0001, 0x0002, 0x0004, 0x0005, 0x000a, 0x002f,
                             0x0035, 0x003c, 0x003d, 0x009c, 0x009d};
         return server_alert_after_hello(40, ch);
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_cipher)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .also({Cause::no_shared_group})},
      {"71 to a client offering only legacy suites",
       [] {
         ClientHelloFacts ch = tls12_hello();
         ch.cipher_suites = {0x002f, 0x0035, 0x003c, 0x003d, 0x009c, 0x009d, 0x000a, 0x0005, 0x0004, 0x0041};
         return server_alert_after_hello(71, ch);
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_cipher)
           .ended_by(EndKind::alert)
           .ended_code(71)},
      {"40 to a client accepting only ECDSA signatures",
       [] {
         ClientHelloFacts ch = tls12_hello();
         ch.signature_algorithms = {0x0403, 0x0503, 0x0603};
         return server_alert_after_hello(40, ch);
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_signature_algorithm)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .also({Cause::no_shared_cipher, Cause::no_shared_group})
           .evidence({"include no RSA scheme"})},
      {"40 to a TLS 1.3 client offering the mandatory suites",
       [] { return server_alert_after_hello(40, tls13_hello()); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_group)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .also({Cause::no_shared_cipher})
           .evidence({"groups offered: x25519, secp256r1, secp384r1; key shares for: x25519"})},
      {"40 after a HelloRetryRequest and a second ClientHello",
       [] {
         Story s = after_client_hello(tls13_hello());
         ClientHelloFacts second = tls13_hello();
         second.key_share_groups = {kSecp384r1};
         s.hello_retry_request(kSecp384r1).client_hello(second).alert(kServer, 2, 40).fin(kServer);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_group)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .also({Cause::no_shared_cipher})
           .evidence({"asked for group secp384r1 in a HelloRetryRequest"})},
      {"40 to a TLS 1.2 client with common suites and RSA signatures",
       [] { return server_alert_after_hello(40); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::no_shared_cipher)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .also({Cause::no_shared_group, Cause::no_shared_signature_algorithm})},
  };
}

TEST(DiagnosisTest, HelloRejection) { run_table(hello_rejection_cases()); }

// ---------------------------------------------------------------------------
// The client rejects the server's certificate or key exchange
// ---------------------------------------------------------------------------

Story client_alert_after_flight(std::vector<Der> chain, std::uint8_t code) {
  Story s = tls12_to_server_flight(std::move(chain));
  s.alert(kClient, 2, code).fin(kClient);
  return s;
}

Story tls13_client_alert(std::uint8_t code) {
  Story s = tls13_to_server_flight();
  s.alert(kClient, 2, code).fin(kClient);
  return s;
}

std::vector<Case> certificate_rejection_cases() {
  const Expected base =
      Expected().failed_at(Stage::after_server_certificate).ended_by(EndKind::alert).ended_from(kClient);
  auto expect = [&](Cause cause, Confidence confidence, std::uint8_t code, std::vector<Cause> also,
                    std::vector<std::string> evidence) {
    return Expected(base)
        .cause(cause)
        .confidence(confidence)
        .ended_code(code)
        .also(std::move(also))
        .evidence(std::move(evidence));
  };
  return {
      {"48, leaf + intermediate, no trust store: missing root or intermediate",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter}, 48);
       },
       expect(Cause::incomplete_chain, Confidence::medium, 48, {Cause::unknown_ca},
              {"certificate #0", "www.example.com", "certificate #1", "SNI requested: www.example.com",
               "unknown_ca(48)"})},
      {"48, leaf only: incomplete chain", [] { return client_alert_after_flight({pki().leaf}, 48); },
       expect(Cause::incomplete_chain, Confidence::medium, 48, {Cause::unknown_ca}, {"certificate #0"})},
      {"48, chain up to a root, no trust store: unknown CA",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter, pki().root}, 48);
       },
       expect(Cause::unknown_ca, Confidence::medium, 48, {Cause::incomplete_chain}, {"certificate #2"})},
      {"48, chain up to a root the store does not trust: unknown CA, checked",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter, pki().root}, 48);
       },
       expect(Cause::unknown_ca, Confidence::high, 48, {}, {"certificate #0"}), trusting_other_root},
      {"48, chain the store trusts: the client's store differs",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter}, 48);
       },
       expect(Cause::unknown_ca, Confidence::medium, 48, {Cause::incomplete_chain}, {"certificate #0"}),
       trusting_root},
      {"48, self-signed leaf", [] { return client_alert_after_flight({pki().self_signed}, 48); },
       expect(Cause::self_signed, Confidence::high, 48, {}, {"certificate #0"})},
      // One visible problem: high. Several: the likeliest for the alert,
      // medium, the others as alternatives and "also:" evidence.
      {"42, certificate for another name, chain trusted",
       [] {
         return client_alert_after_flight({pki().leaf_other_name, pki().inter}, 42);
       },
       expect(Cause::hostname_mismatch, Confidence::high, 42, {},
              {"other.example.net", "SNI requested: www.example.com"}),
       trusting_root},
      {"42, another name and an incomplete chain",
       [] {
         return client_alert_after_flight({pki().leaf_other_name, pki().inter}, 42);
       },
       expect(Cause::hostname_mismatch, Confidence::medium, 42, {Cause::incomplete_chain},
              {"other.example.net", "also: the chain ends at"})},
      {"45, expired leaf, chain otherwise trusted",
       [] {
         return client_alert_after_flight({pki().leaf_expired, pki().inter}, 45);
       },
       expect(Cause::expired_certificate, Confidence::high, 45, {},
              {"certificate #0", "certificate_expired(45)"}),
       trusting_root},
      {"45, expired leaf and an incomplete chain",
       [] {
         return client_alert_after_flight({pki().leaf_expired, pki().inter}, 45);
       },
       expect(Cause::expired_certificate, Confidence::medium, 45, {Cause::incomplete_chain},
              {"certificate #0"})},
      {"45, leaf not yet valid, chain otherwise trusted",
       [] {
         return client_alert_after_flight({pki().leaf_future, pki().inter}, 45);
       },
       expect(Cause::not_yet_valid_certificate, Confidence::high, 45, {}, {"certificate #0"}), trusting_root},
      {"45, leaf valid at capture time: client clock",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter}, 45);
       },
       expect(Cause::client_clock_skew, Confidence::medium, 45, {}, {"leaf validity at capture time"})},
      {"46, chain trusted and name right: rejected for reasons not visible",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter}, 46);
       },
       expect(Cause::certificate_rejected, Confidence::medium, 46,
              {Cause::unknown_ca, Cause::hostname_mismatch, Cause::incomplete_chain}, {"certificate #0"}),
       trusting_root},
      {"44, revoked certificate",
       [] {
         return client_alert_after_flight({pki().leaf, pki().inter}, 44);
       },
       expect(Cause::certificate_rejected, Confidence::medium, 44, {Cause::unknown_ca},
              {"certificate_revoked: the client learned"}),
       trusting_root},
      {"46, chain issued by an intercepting proxy, whose root is not trusted either",
       [] {
         return client_alert_after_flight({pki().intercepted_leaf, pki().intercepted_inter}, 46);
       },
       expect(Cause::interception_suspected, Confidence::medium, 46, {Cause::unknown_ca}, {"Zscaler"})},
      {"TLS 1.3, 42 in plaintext, certificate encrypted", [] { return tls13_client_alert(42); },
       expect(Cause::certificate_rejected, Confidence::medium, 42,
              {Cause::unknown_ca, Cause::incomplete_chain, Cause::self_signed, Cause::hostname_mismatch},
              {"bad_certificate(42)"})},
      {"TLS 1.3, 48 in plaintext, certificate encrypted", [] { return tls13_client_alert(48); },
       expect(Cause::unknown_ca, Confidence::medium, 48, {Cause::self_signed, Cause::incomplete_chain},
              {"unknown_ca(48)"})},
      {"TLS 1.3, 45 in plaintext, certificate encrypted", [] { return tls13_client_alert(45); },
       expect(Cause::expired_certificate, Confidence::medium, 45, {Cause::client_clock_skew},
              {"certificate_expired(45)"})},
      {"TLS 1.3, 46 with the certificate decrypted by the key log, for another name",
       [] {
         Story s;
         s.connect().client_hello(tls13_hello()).server_hello(0x0304, 0x1301).change_cipher_spec(kServer);
         s.certificate(kServer, {pki().leaf_other_name, pki().inter}, /*decrypted=*/true);
         s.alert(kClient, 2, 46).fin(kClient);
         return s;
       },
       expect(Cause::hostname_mismatch, Confidence::high, 46, {}, {"other.example.net"}), trusting_root},
  };
}

TEST(DiagnosisTest, ClientRejectsTheServerCertificate) {
  run_table(certificate_rejection_cases());
  // The encrypted-certificate wording: the explanation points at --keylog.
  Verdict v = diagnose_case({"", [] { return tls13_client_alert(42); }, {}});
  EXPECT_NE(v.explanation.find("--keylog"), std::string::npos) << v.explanation;
  EXPECT_NE(v.explanation.find("encrypted"), std::string::npos) << v.explanation;
}

TEST(DiagnosisTest, WeakDiffieHellman) {
  run_table({
      {"71 after a DHE ServerKeyExchange with a 1024-bit prime",
       [] {
         Story s = after_client_hello();
         s.server_hello(0x0303, 0x009e)
             .certificate(kServer, {pki().leaf, pki().inter})
             .dhe_server_key_exchange(1024);
         s.server_hello_done().alert(kClient, 2, 71).fin(kClient);
         return s;
       },
       Expected()
           .failed_at(Stage::after_server_key_exchange)
           .cause(Cause::weak_dh_parameters)
           .ended_by(EndKind::alert)
           .ended_from(kClient)
           .ended_code(71)
           .evidence({"1024-bit DH prime"})
           .explanation("1024-bit")},
      {"40 after a DHE ServerKeyExchange with a 512-bit prime",
       [] {
         Story s = after_client_hello();
         s.server_hello(0x0303, 0x0033)
             .certificate(kServer, {pki().leaf, pki().inter})
             .dhe_server_key_exchange(512);
         s.server_hello_done().alert(kClient, 2, 40).fin(kClient);
         return s;
       },
       Expected()
           .failed_at(Stage::after_server_key_exchange)
           .cause(Cause::weak_dh_parameters)
           .ended_by(EndKind::alert)
           .ended_code(40)
           .evidence({"512-bit DH prime"})},
  });
}

// ---------------------------------------------------------------------------
// The server rejects the client's certificate (mutual TLS)
// ---------------------------------------------------------------------------

// mtls_story: the server asks for a certificate; the client answers with
// `client_chain` (nullopt: no Certificate message at all), its key exchange,
// CCS and Finished; the server answers with a fatal alert.
Story mtls_story(std::optional<std::vector<Der>> client_chain, std::uint8_t code) {
  Story s;
  s.connect()
      .client_hello(tls12_hello())
      .server_hello(0x0303, 0xc02f)
      .certificate(kServer, {pki().leaf, pki().inter});
  s.certificate_request(1).server_hello_done();
  if (client_chain) s.certificate(kClient, *client_chain);
  s.client_key_exchange().change_cipher_spec(kClient).finished(kClient);
  s.alert(kServer, 2, code);
  return s;
}

std::vector<Case> client_certificate_cases() {
  auto expect = [](Cause cause, std::uint8_t code, std::vector<std::string> evidence) {
    return Expected()
        .failed_at(Stage::after_client_certificate)
        .cause(cause)
        .ended_by(EndKind::alert)
        .ended_from(kServer)
        .ended_code(code)
        .evidence(std::move(evidence));
  };
  return {
      {"40 after an empty client Certificate", [] { return mtls_story(std::vector<Der>{}, 40); },
       expect(Cause::client_certificate_required, 40,
              {"CertificateRequest accepts client certificates from:", "the client's Certificate is empty"})},
      {"40 with no client Certificate message at all", [] { return mtls_story(std::nullopt, 40); },
       expect(Cause::client_certificate_required, 40, {"the client sent no Certificate message"})},
      {"48 after a client certificate from an unknown CA",
       [] {
         return mtls_story(std::vector<Der>{pki().client_leaf, pki().inter}, 48);
       },
       expect(Cause::client_certificate_unknown_ca, 48, {"client certificate #0", "client-17"})},
      {"45 after a client certificate", [] { return mtls_story(std::vector<Der>{pki().client_leaf}, 45); },
       expect(Cause::client_certificate_expired, 45, {"client certificate #0"})},
      {"42 after a client certificate",
       [] {
         return mtls_story(std::vector<Der>{pki().client_leaf, pki().inter}, 42);
       },
       expect(Cause::client_certificate_rejected, 42, {"client certificate #0"})},
      {"TLS 1.3 decrypted 116 after the client's flight",
       [] {
         Story s = tls13_to_server_flight();
         s.change_cipher_spec(kClient).finished(kClient, 53).complete();
         s.alert(kServer, 2, 116, /*decrypted=*/true);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_flight)
           .cause(Cause::client_certificate_required)
           .ended_by(EndKind::alert)
           .ended_from(kServer)
           .ended_code(116)},
      {"server 40 after the client's flight, no CertificateRequest: unknown",
       [] {
         Story s = tls12_to_server_flight({pki().leaf, pki().inter});
         s.client_key_exchange().change_cipher_spec(kClient).finished(kClient).alert(kServer, 2, 40);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_flight)
           .cause(Cause::unknown)
           .confidence(Confidence::low)
           .ended_by(EndKind::alert)
           .ended_from(kServer)
           .ended_code(40)},
  };
}

TEST(DiagnosisTest, ServerRejectsTheClientCertificate) { run_table(client_certificate_cases()); }

// ---------------------------------------------------------------------------
// TLS 1.3 deaths behind encryption (no keys)
// ---------------------------------------------------------------------------

std::vector<Case> tls13_encrypted_cases() {
  return {
      {"client answers the server flight with a 19-byte record",
       [] {
         Story s = tls13_to_server_flight();
         s.change_cipher_spec(kClient).encrypted_alert(kClient, 19).fin(kClient);
         return s;
       },
       Expected()
           .failed_at(Stage::after_server_certificate)
           .cause(Cause::tls13_encrypted_rejection)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kClient)
           .also({Cause::unknown_ca, Cause::incomplete_chain, Cause::hostname_mismatch,
                  Cause::expired_certificate})
           .evidence({"encrypted alert (19-byte record", "19-24-byte record is an encrypted alert"})},
      {"server answers the client's Finished with an encrypted alert",
       [] {
         Story s = tls13_completed();
         s.encrypted_alert(kServer, 19).fin(kServer);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_flight)
           .cause(Cause::client_certificate_required)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kServer)
           .also({Cause::client_certificate_rejected, Cause::decrypt_error})
           .evidence({"the server sent an encrypted alert", "before any application data"})},
      {"TLS 1.3 client sends a 25-byte record (an empty Certificate), server answers with an encrypted alert",
       [] {
         Story s = tls13_to_server_flight();
         s.change_cipher_spec(kClient).inferred_client_certificate(0, 25).finished(kClient, 53).complete();
         return std::move(s.encrypted_alert(kServer, 19).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_client_certificate)
           .cause(Cause::client_certificate_required)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kServer)
           .also({Cause::client_certificate_rejected})
           .evidence({"exactly an empty TLS 1.3 Certificate"})},
      {"TLS 1.3 client sends a certificate-sized record, server answers with an encrypted alert",
       [] {
         Story s = tls13_to_server_flight();
         s.change_cipher_spec(kClient).inferred_client_certificate(1, 1100).finished(kClient, 53).complete();
         return std::move(s.encrypted_alert(kServer, 19).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_client_certificate)
           .cause(Cause::client_certificate_rejected)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kServer)
           .also({Cause::client_certificate_unknown_ca, Cause::client_certificate_expired})
           .evidence({"far larger than a Finished"})},
      {"server encrypted alert after a CertificateRequest was seen",
       [] {
         Story s;
         s.connect().client_hello(tls13_hello()).server_hello(0x0304, 0x1301).change_cipher_spec(kServer);
         s.certificate_request(2).encrypted_handshake(kServer, 1400).encrypted_handshake(kServer, 69);
         s.change_cipher_spec(kClient).finished(kClient, 53).complete();
         s.encrypted_alert(kServer, 19).fin(kServer);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_certificate)
           .cause(Cause::client_certificate_required)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kServer)},
  };
}

TEST(DiagnosisTest, Tls13EncryptedRejections) { run_table(tls13_encrypted_cases()); }

// ---------------------------------------------------------------------------
// TCP deaths and silence after the ClientHello
// ---------------------------------------------------------------------------

std::vector<Case> after_hello_tcp_cases() {
  return {
      {"RST from the server after the ClientHello",
       [] { return std::move(after_client_hello().rst(kServer)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::tcp_reset)
           .ended_by(EndKind::rst)
           .ended_from(kServer)
           .evidence({"RST from the server", "SNI requested: www.example.com", "after the ClientHello"})},
      {"RST from the server after the ClientHello, no SNI",
       [] { return std::move(after_client_hello(tls12_hello(std::nullopt)).rst(kServer)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::tcp_reset)
           .ended_by(EndKind::rst)
           .evidence({"the client sent no SNI"})
           .warnings({"no SNI"})},
      {"RST from the client after the ClientHello",
       [] { return std::move(after_client_hello().pause(10 * kSecondUs).rst(kClient)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::client_abort})
           .evidence({"the server never answered the ClientHello"})},
      {"FIN from the server after the ClientHello",
       [] { return std::move(after_client_hello().fin(kServer).fin(kClient)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_closed_no_alert)
           .ended_by(EndKind::fin)
           .ended_from(kServer)
           .evidence({"FIN from the server without an alert"})},
      {"FIN from the client after the ClientHello",
       [] { return std::move(after_client_hello().pause(5 * kSecondUs).fin(kClient).fin(kServer)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::client_abort})
           .evidence({"no answer from the server for +5.001s after the ClientHello"})},
      {"RST from the server after its ServerHello",
       [] { return std::move(after_client_hello().server_hello(0x0303, 0xc02f).rst(kServer)); },
       Expected()
           .failed_at(Stage::after_server_hello)
           .cause(Cause::tcp_reset)
           .ended_by(EndKind::rst)
           .ended_from(kServer)
           .explanation("The server side reset")},
      {"FIN from the server after its flight",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf, pki().inter}).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_server_flight)
           .cause(Cause::server_closed_no_alert)
           .ended_by(EndKind::fin)
           .ended_from(kServer)},
      {"client RST after the server flight, nothing wrong visible",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf, pki().inter, pki().root}).rst(kClient));
       },
       Expected()
           .failed_at(Stage::after_server_flight)
           .cause(Cause::client_abort)
           .confidence(Confidence::medium)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::certificate_rejected})
           .evidence({"RST from the client", "certificate #0"})},
      {"client RST after the server flight, expired certificate",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf_expired, pki().inter}).rst(kClient));
       },
       Expected()
           .failed_at(Stage::after_server_flight)
           .cause(Cause::expired_certificate)
           .confidence(Confidence::medium)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::client_abort})},
      {"client FIN after the server flight, self-signed certificate",
       [] { return std::move(tls12_to_server_flight({pki().self_signed}).fin(kClient)); },
       Expected()
           .failed_at(Stage::after_server_flight)
           .cause(Cause::self_signed)
           .confidence(Confidence::medium)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::client_abort})},
      {"client FIN after the server flight, nothing wrong visible",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf, pki().inter, pki().root}).fin(kClient));
       },
       Expected()
           .failed_at(Stage::after_server_flight)
           .cause(Cause::client_abort)
           .confidence(Confidence::medium)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::certificate_rejected})},
  };
}

TEST(DiagnosisTest, TcpDeathsAfterClientHello) { run_table(after_hello_tcp_cases()); }

std::vector<Case> silence_cases() {
  return {
      {"ClientHello retransmitted, never acknowledged",
       [] {
         Story s = after_client_hello();
         s.tcp([](TcpSideFacts& c, TcpSideFacts&) {
           c.bytes_acked = 0;
           c.retransmitted = 4;
           c.data_segments = 5;
         });
         return std::move(s.ends(FlowEnd::capture_end, 30 * kSecondUs));
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::client_hello_unacknowledged)
           .confidence(Confidence::medium)
           .ended_by(EndKind::capture_end)
           .also({Cause::path_mtu_black_hole, Cause::server_silent})
           .evidence({"the server never acknowledged the ClientHello (209 bytes); the client retransmitted 4 "
                      "time(s)"})},
      {"only the ClientHello's first segment acknowledged: path-MTU black hole",
       [] {
         ClientHelloFacts ch = tls13_hello();
         ch.length = 1800;
         Story s = after_client_hello(ch);
         s.tcp([](TcpSideFacts& c, TcpSideFacts&) {
           c.bytes_acked = 1400;
           c.data_segments = 4;
           c.retransmitted = 3;
         });
         return std::move(s.ends(FlowEnd::idle, 30 * kSecondUs));
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::path_mtu_black_hole)
           .confidence(Confidence::medium)
           .ended_by(EndKind::silence)
           .also({Cause::client_hello_unacknowledged})
           .evidence({"the server acknowledged 1400 of the ClientHello's 1809 bytes"})},
      {"ClientHello acknowledged, capture ends a second later: incomplete",
       [] { return std::move(after_client_hello().ends(FlowEnd::capture_end, kSecondUs)); },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .ended_by(EndKind::capture_end)
           .stalled_after("ClientHello")},
      {"ClientHello acknowledged, then 30 s of silence: server silent",
       [] { return std::move(after_client_hello().ends(FlowEnd::capture_end, 30 * kSecondUs)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::capture_end)
           .also({Cause::incomplete})
           .evidence({"the server acknowledged the ClientHello but sent nothing for"})},
      {"ClientHello acknowledged, flow idles out: server silent",
       [] { return std::move(after_client_hello().ends(FlowEnd::idle, 30 * kSecondUs)); },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::silence)
           .also({Cause::incomplete})},
      {"capture ends inside the server flight: incomplete",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf, pki().inter}).ends(FlowEnd::capture_end, 100));
       },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .ended_by(EndKind::capture_end)
           .stalled_after("server flight")},
      {"flow evicted from a full table mid-handshake: incomplete",
       [] {
         return std::move(tls12_to_server_flight({pki().leaf, pki().inter}).ends(FlowEnd::evicted, 100));
       },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .ended_by(EndKind::capture_end)
           .explanation("flow table evicted the flow")
           .stalled_after("server flight")},
      {"capture ends after the client's flight: incomplete",
       [] {
         Story s = tls12_to_server_flight({pki().leaf, pki().inter});
         s.client_key_exchange().change_cipher_spec(kClient).finished(kClient);
         return std::move(s.ends(FlowEnd::capture_end, 100));
       },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .ended_by(EndKind::capture_end)
           .stalled_after("client flight")},
  };
}

TEST(DiagnosisTest, SilenceAfterClientHello) { run_table(silence_cases()); }

TEST(DiagnosisTest, NotTls) {
  run_table({
      {"server answers the ClientHello with an HTTP error page",
       [] {
         Story s = after_client_hello();
         s.non_tls(kServer, "HTTP/1.1 400 Bad Request\\r\\nServer: nginx").fin(kServer);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::not_tls)
           .ended_by(EndKind::non_tls)
           .ended_from(kServer)
           .evidence({"in answer to the ClientHello", "HTTP/1.1 400 Bad Request"})},
      {"server sends a banner before the client's hello",
       [] {
         Story s;
         s.connect().non_tls(kServer, "220 mail.example.com ESMTP").client_hello(tls12_hello()).fin(kServer);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::not_tls)
           .ended_by(EndKind::non_tls)
           .ended_from(kServer)
           .evidence({"before the ClientHello", "220 mail.example.com ESMTP"})},
  });
}

// ---------------------------------------------------------------------------
// Completed handshakes
// ---------------------------------------------------------------------------

std::vector<Case> completed_cases() {
  return {
      {"TLS 1.2 with application data both ways",
       [] {
         Story s = tls12_completed({pki().leaf, pki().inter});
         return std::move(s.application_data(kClient).application_data(kServer).fin(kClient).fin(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .evidence({"TLS1.2 with TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"})},
      {"TLS 1.3 with application data both ways",
       [] {
         Story s = tls13_completed();
         return std::move(
             s.application_data(kClient).application_data(kServer).encrypted_alert(kClient, 19).fin(kClient));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .evidence({"TLS1.3 with TLS_AES_128_GCM_SHA256"})},
      {"completed, client leaves without data, certificate for another name",
       [] {
         Story s = tls12_completed({pki().leaf_other_name, pki().inter});
         return std::move(s.encrypted_alert(kClient, 26).fin(kClient).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_handshake)
           .cause(Cause::hostname_mismatch)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kClient)
           .also({Cause::client_abort, Cause::success})
           .evidence({"without sending any application data", "SNI requested: www.example.com",
                      "other.example.net"})},
      {"completed, client leaves with a decrypted close_notify, wrong name (curl)",
       [] {
         Story s;
         s.connect()
             .client_hello(tls13_hello("wrong.example.com"))
             .server_hello(0x0304, 0x1302)
             .change_cipher_spec(kServer);
         s.certificate(kServer, {pki().leaf, pki().inter}, true).encrypted_handshake(kServer, 69);
         s.change_cipher_spec(kClient).finished(kClient, 53).complete();
         return std::move(s.alert(kClient, 1, 0, true).fin(kClient).rst(kClient));
       },
       Expected()
           .failed_at(Stage::after_handshake)
           .cause(Cause::hostname_mismatch)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_from(kClient)
           .ended_code(0)
           .also({Cause::client_abort})
           .evidence({"SNI requested: wrong.example.com"})},
      {"completed, client leaves without data, nothing wrong visible",
       [] {
         Story s = tls12_completed({pki().leaf, pki().inter});
         return std::move(s.encrypted_alert(kClient, 26).fin(kClient).fin(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .confidence(Confidence::medium)
           .also({Cause::client_abort})
           .warnings({"the client closed right after the handshake without sending application data"})},
      {"TLS 1.3 completed, client leaves without data, certificate encrypted",
       [] {
         Story s = tls13_completed();
         return std::move(s.encrypted_alert(kClient, 19).fin(kClient).fin(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .confidence(Confidence::low)
           .also({Cause::hostname_mismatch, Cause::client_abort})
           .warnings({"use --keylog"})},
      {"completed, client sends a fatal alert right after: judged as the alert",
       [] {
         Story s = tls12_completed({pki().leaf, pki().inter});
         return std::move(s.alert(kClient, 2, 51).fin(kClient));
       },
       Expected()
           .failed_at(Stage::after_handshake)
           .cause(Cause::decrypt_error)
           .ended_by(EndKind::alert)
           .ended_from(kClient)
           .ended_code(51)},
      {"renegotiation refused",
       [] {
         Story s = tls12_completed({pki().leaf, pki().inter});
         s.pause(490'000)
             .encrypted_handshake(kClient, 249)
             .encrypted_alert(kServer, 26)
             .encrypted_alert(kClient, 26);
         return std::move(s.fin(kClient).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_handshake)
           .cause(Cause::renegotiation_refused)
           .confidence(Confidence::medium)
           .ended_by(EndKind::encrypted_alert)
           .ended_from(kClient)
           .also({Cause::success})
           .evidence({"a renegotiation", "the renegotiation ended with"})},
      {"renegotiation after application data, refused with a warning alert",
       [] {
         Story s = tls12_completed({pki().leaf, pki().inter});
         s.application_data(kClient).application_data(kServer).encrypted_handshake(kClient, 249);
         s.alert(kServer, 1, 100).alert(kClient, 2, 40);
         return std::move(s.fin(kClient).fin(kServer));
       },
       Expected()
           .failed_at(Stage::after_handshake)
           .cause(Cause::renegotiation_refused)
           .confidence(Confidence::medium)
           .ended_by(EndKind::alert)
           .ended_from(kClient)
           .ended_code(40)
           .also({Cause::success})},
      {"completed with a warning unrecognized_name(112) from the server",
       [] {
         Story s = after_client_hello();
         s.alert(kServer, 1, 112);
         s = tls12_server_flight(std::move(s), {pki().leaf, pki().inter});
         s.client_key_exchange().change_cipher_spec(kClient).finished(kClient);
         s.change_cipher_spec(kServer).finished(kServer).complete();
         return std::move(s.application_data(kClient).application_data(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .warnings({"warning unrecognized_name(112)"})},
  };
}

TEST(DiagnosisTest, CompletedHandshakes) {
  run_table(completed_cases());
  // The certificate of a success is still examined: --expiring 400 days
  // flags a leaf that expires in 300.
  static const DiagnosisContext kExpiring{nullptr, 400};
  run_table(
      {{"success with a certificate expiring within --expiring days",
        [] {
          Story s = tls12_completed({pki().leaf, pki().inter});
          return std::move(s.application_data(kClient).application_data(kServer));
        },
        Expected().outcome(Outcome::succeeded).cause(Cause::success).warnings({"expires within 400 days"}),
        [] { return &kExpiring; }}});
}

TEST(DiagnosisTest, WarningsOnSuccess) {
  run_table({
      {"TLS 1.0 with RC4 and no SNI",
       [] {
         ClientHelloFacts ch = tls12_hello(std::nullopt);
         ch.highest_version = ch.legacy_version = 0x0301;
         ch.cipher_suites = {0x0005, 0x0004, 0x002f};
         Story s;
         s.connect()
             .client_hello(ch)
             .server_hello(0x0301, 0x0005)
             .certificate(kServer, {pki().leaf, pki().inter});
         s.server_hello_done().client_key_exchange().change_cipher_spec(kClient).finished(kClient, 36);
         s.change_cipher_spec(kServer).finished(kServer, 36).complete();
         return std::move(s.application_data(kClient).application_data(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .warnings({"TLS1.0 negotiated: deprecated",
                      "weak cipher suite negotiated: TLS_RSA_WITH_RC4_128_SHA",
                      "the ClientHello carries no SNI"})},
      {"TLS 1.2 RSA key exchange: no forward secrecy",
       [] {
         Story s;
         s.connect()
             .client_hello(tls12_hello())
             .server_hello(0x0303, 0x009c)
             .certificate(kServer, {pki().leaf, pki().inter});
         s.server_hello_done().client_key_exchange().change_cipher_spec(kClient).finished(kClient);
         s.change_cipher_spec(kServer).finished(kServer).complete();
         return std::move(s.application_data(kClient));
       },
       Expected().outcome(Outcome::succeeded).cause(Cause::success).warnings({"without forward secrecy"})},
  });
  // A clean modern handshake has no warnings at all.
  Verdict clean = diagnose_case({"",
                                 [] {
                                   Story s = tls13_completed();
                                   return std::move(s.application_data(kClient).application_data(kServer));
                                 },
                                 {}});
  EXPECT_TRUE(clean.warnings.empty()) << dump(clean);
}

// ---------------------------------------------------------------------------
// Partial views: one-sided flows and gaps
// ---------------------------------------------------------------------------

TEST(DiagnosisTest, OneSidedFlows) {
  run_table({
      {"only the client's packets: hello, then it gives up",
       [] {
         Story s;
         s.syn().client_hello(tls12_hello()).pause(10 * kSecondUs).fin(kClient);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::client_abort, Cause::incomplete})
           .evidence({"no packet from the server after the ClientHello; the client closed the connection"})},
      {"only the client's packets: it went on with its flight and data",
       [] {
         Story s;
         s.syn()
             .client_hello(tls12_hello())
             .client_key_exchange()
             .change_cipher_spec(kClient)
             .finished(kClient);
         return std::move(s.application_data(kClient).fin(kClient));
       },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .confidence(Confidence::low)
           .ended_by(EndKind::fin)
           .ended_from(kClient)
           .also({Cause::success})
           .stalled_after("client packets only")},
      {"only the client's packets: hello, then it resets",
       [] {
         Story s;
         s.syn().client_hello(tls12_hello()).pause(3 * kSecondUs).rst(kClient);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::server_silent)
           .confidence(Confidence::medium)
           .ended_by(EndKind::rst)
           .ended_from(kClient)
           .also({Cause::client_abort})
           .evidence({"the client reset the connection"})},
      {"only the server's packets",
       [] {
         Story s;
         s.syn_ack()
             .server_hello(0x0303, 0xc02f)
             .certificate(kServer, {pki().leaf, pki().inter})
             .server_hello_done();
         s.change_cipher_spec(kServer).finished(kServer).application_data(kServer);
         return std::move(s.ends(FlowEnd::capture_end, 100));
       },
       Expected()
           .outcome(Outcome::incomplete)
           .cause(Cause::incomplete)
           .confidence(Confidence::low)
           .also({Cause::success})
           .stalled_after("server packets only")},
  });
}

TEST(DiagnosisTest, OneSidedServerAlertIsNotAClientThatSentNothing) {
  // Only the server's direction is in the capture (asymmetric routing): its
  // SYN/ACK, a fatal handshake_failure(40) and its FIN. A server answers with
  // handshake_failure only to a ClientHello it received, so the client did
  // send one; the capture just does not show it. "client_sent_nothing" would
  // send the operator to the wrong side.
  Story s;
  s.syn_ack().alert(kServer, 2, 40).fin(kServer);
  HandshakeFacts f = s.facts();
  ASSERT_TRUE(f.one_sided);
  Verdict v = diagnose(f, nullptr);
  EXPECT_NE(v.cause, Cause::client_sent_nothing) << dump(v);
  EXPECT_NE(v.confidence, Confidence::high) << dump(v);
  EXPECT_FALSE(v.also_possible.empty()) << dump(v);
}

TEST(DiagnosisTest, GapsWithApplicationDataBothWays) {
  run_table({
      {"server flight lost to the capture, then data both ways",
       [] {
         Story s = after_client_hello();
         s.gap(kServer, 3200).client_key_exchange().change_cipher_spec(kClient).finished(kClient);
         return std::move(s.application_data(kClient).application_data(kServer).application_data(kServer));
       },
       Expected()
           .outcome(Outcome::succeeded)
           .cause(Cause::success)
           .confidence(Confidence::medium)
           .evidence({"bytes missing from the capture: client 0 B, server 3200 B",
                      "application data records: client 1, server 2"})},
      {"gap, then data both ways, then a fatal alert: not a success",
       [] {
         Story s = after_client_hello();
         s.gap(kServer, 3200).application_data(kClient).application_data(kServer).alert(kServer, 2, 20);
         return s;
       },
       Expected()
           .failed_at(Stage::after_client_hello)
           .cause(Cause::bad_record_mac)
           .ended_by(EndKind::alert)
           .ended_code(20)
           .warnings({"bytes missing from the capture (client 0 B, server 3200 B)"})},
  });
}

// ---------------------------------------------------------------------------
// Properties over every case above
// ---------------------------------------------------------------------------

std::vector<Case> all_cases() {
  std::vector<Case> all;
  for (auto* table : {tcp_connect_cases, before_client_hello_cases, named_alert_cases, hello_rejection_cases,
                      certificate_rejection_cases, client_certificate_cases, tls13_encrypted_cases,
                      after_hello_tcp_cases, silence_cases, completed_cases}) {
    std::vector<Case> t = table();
    all.insert(all.end(), t.begin(), t.end());
  }
  return all;
}

TEST(DiagnosisTest, UncertainVerdictsNameAlternatives) {
  // A failure whose cause is not certain must say what else it could be.
  // (An incomplete verdict's cause is itself "we cannot tell".)
  for (const Case& c : all_cases()) {
    Verdict v = diagnose_case(c);
    if (v.confidence == Confidence::high || v.outcome == Outcome::incomplete) continue;
    EXPECT_FALSE(v.also_possible.empty()) << c.name << "\n" << dump(v);
  }
}

TEST(DiagnosisTest, EmptyAndHostileFacts) {
  // No events at all (a flow that only ever sent bare ACKs).
  HandshakeFacts empty;
  Verdict v = diagnose(empty, nullptr);
  EXPECT_EQ(v.outcome, Outcome::incomplete) << dump(v);
  // Null pointers for events and summary are allowed.
  HandshakeFacts nulls;
  nulls.end = FlowEnd::capture_end;
  nulls.client_tcp.syns = 1;
  EXPECT_NO_FATAL_FAILURE(diagnose(nulls, nullptr));

  // Nonsense combinations must still give a verdict without crashing: each
  // event kind alone, from either side, under every way a flow can end.
  for (int k = 0; k <= static_cast<int>(EventKind::idle_timeout); ++k) {
    for (Side from : {kClient, kServer}) {
      for (FlowEnd end :
           {FlowEnd::open, FlowEnd::closed, FlowEnd::idle, FlowEnd::capture_end, FlowEnd::evicted}) {
        std::vector<Event> events(1);
        events[0].kind = static_cast<EventKind>(k);
        events[0].from = from;
        events[0].packet_number = 1;
        events[0].alert_level = parsers::AlertLevel::fatal;
        events[0].alert_code = parsers::AlertDescription::handshake_failure;
        HandshakeSummary summary;
        HandshakeFacts f;
        f.events = &events;
        f.summary = &summary;
        f.end = end;
        f.complete = (k % 3) == 0;
        f.tls13 = (k % 2) == 0;
        f.completion_packet = 1;
        Verdict verdict = diagnose(f, nullptr);
        EXPECT_FALSE(verdict.explanation.empty()) << event_kind_id(events[0].kind);
      }
    }
  }
}

}  // namespace
}  // namespace tlsanalyze::analyzer
