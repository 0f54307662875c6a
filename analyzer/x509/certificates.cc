// Certificates: decoding (parse_certificate_der), chain verification
// (check_chain), host name matching (check_hostname) and validity
// (certificate_validity_at). Decoding and signatures are OpenSSL's; the
// judgement (which problem to blame, what to tell the operator) is ours.
#include "analyzer/x509/certificates.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <ctime>
#include <memory>
#include <utility>

#include "analyzer/x509/openssl_ptr.h"

namespace tlsanalyze::analyzer {
namespace {

// Owning pointers for the OpenSSL objects used here: every object is freed on
// every path, so LeakSanitizer stays quiet whatever the input.
struct X509StoreFree {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct X509StoreCtxFree {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct X509StackFree {  // frees the stack only; the certificates have their own owners
  void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
};
struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct AiaFree {
  void operator()(AUTHORITY_INFO_ACCESS* p) const { AUTHORITY_INFO_ACCESS_free(p); }
};
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreFree>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, X509StoreCtxFree>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, GeneralNamesFree>;
using AiaPtr = std::unique_ptr<AUTHORITY_INFO_ACCESS, AiaFree>;

// Years 1 to 9999 in unix seconds: the range X.509 times (RFC 5280 4.1.2.5)
// can express, and the range format_utc prints as a date.
constexpr std::int64_t kMinTime = -62135596800;  // 0001-01-01T00:00:00Z
constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

// kMaxCertificateDer bounds one DER certificate: a TLS Certificate entry is at
// most 2^24-1 bytes (RFC 8446 4.4.2), and d2i takes a long.
constexpr std::size_t kMaxCertificateDer = (1u << 24) - 1;

// saturating_sub is a - b clamped to the int64 range: timestamps come from
// hostile captures and must not overflow.
std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? INT64_MAX : INT64_MIN;
  return r;
}


std::string to_hex(const unsigned char* data, std::size_t len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (std::size_t i = 0; i < len; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

// name_to_string prints a Name in RFC 2253 order and escaping. With
// XN_FLAG_RFC2253 bytes >= 0x80 are escaped too, so the result is ASCII and
// safe to put into any report format.
std::string name_to_string(const X509_NAME* name) {
  if (name == nullptr) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) {
    ERR_clear_error();
    return "<unprintable name>";
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

// object_name names an OID: its OpenSSL long name ("sha256WithRSAEncryption"),
// or the dotted numeric form for OIDs OpenSSL does not know.
std::string object_name(const ASN1_OBJECT* obj) {
  if (obj == nullptr) return {};
  const int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) {
    if (const char* ln = OBJ_nid2ln(nid); ln != nullptr) return ln;
  }
  char buf[128];
  const int len = OBJ_obj2txt(buf, sizeof buf, obj, 1);
  if (len <= 0) return "<unknown OID>";
  return std::string(buf, std::min(static_cast<std::size_t>(len), sizeof buf - 1));
}

// asn1_time_to_unix converts an X.509 Time (UTCTime or GeneralizedTime, RFC
// 5280 4.1.2.5.1-2) to unix seconds. False when it does not parse. A null
// time must not reach ASN1_TIME_to_tm, which would read the clock instead.
bool asn1_time_to_unix(const ASN1_TIME* time, std::int64_t& out) {
  if (time == nullptr) return false;
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return false;
  }
  using namespace std::chrono;
  const year_month_day ymd{year{tm.tm_year + 1900}, month{static_cast<unsigned>(tm.tm_mon + 1)},
                           day{static_cast<unsigned>(tm.tm_mday)}};
  if (!ymd.ok()) return false;
  const std::int64_t days_since_epoch = sys_days{ymd}.time_since_epoch().count();
  out = days_since_epoch * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
  return true;
}

// human_duration prints a non-negative number of seconds in the largest unit
// that is at least 1, rounded down ("3 days", "1 hour", "45 seconds").
std::string human_duration(std::int64_t seconds) {
  struct Unit {
    std::int64_t size;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
  for (const Unit& unit : kUnits) {
    if (seconds >= unit.size || unit.size == 1) {
      const std::int64_t n = seconds / unit.size;
      return std::to_string(n) + " " + unit.name + (n == 1 ? "" : "s");
    }
  }
  return {};
}

bool is_weak_digest(int md_nid) {
  return md_nid == NID_sha1 || md_nid == NID_md5 || md_nid == NID_md4 || md_nid == NID_md2 ||
         md_nid == NID_md5_sha1;
}

void fill_key(X509* cert, CertificateInfo& out) {
  EVP_PKEY* key = X509_get0_pubkey(cert);  // owned by cert
  if (key == nullptr) {
    // An algorithm OpenSSL has no provider for, or broken key bytes: name the
    // OID so the operator still learns what it is.
    ERR_clear_error();
    ASN1_OBJECT* alg = nullptr;
    if (X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, X509_get_X509_PUBKEY(cert)) == 1) {
      out.key_type = object_name(alg);
    }
    out.notes.push_back("the public key does not decode");
    return;
  }
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      out.key_type = "RSA";
      break;
    case EVP_PKEY_RSA_PSS:
      out.key_type = "RSA-PSS";
      break;
    case EVP_PKEY_EC:
      out.key_type = "EC";
      break;
    case EVP_PKEY_ED25519:
      out.key_type = "Ed25519";
      break;
    case EVP_PKEY_ED448:
      out.key_type = "Ed448";
      break;
    case EVP_PKEY_DSA:
      out.key_type = "DSA";
      break;
    case EVP_PKEY_DH:
    case EVP_PKEY_DHX:
      out.key_type = "DH";
      break;
    default: {
      const char* name = EVP_PKEY_get0_type_name(key);
      out.key_type = name != nullptr ? name : "unknown";
    }
  }
  out.key_bits = EVP_PKEY_get_bits(key);
  if (out.key_type == "EC") {
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1) {
      out.curve.assign(group, std::min(len, sizeof group - 1));
    } else {
      // RFC 5480 2.1.1 allows only named curves; explicit parameters are a
      // red flag (CVE-2020-0601 style spoofing) and refused by strict clients.
      ERR_clear_error();
      out.curve = "explicit";
    }
  }
}

void fill_signature(X509* cert, CertificateInfo& out) {
  const X509_ALGOR* alg = nullptr;
  X509_get0_signature(nullptr, &alg, cert);
  const ASN1_OBJECT* obj = nullptr;
  if (alg != nullptr) X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  out.signature_algorithm = object_name(obj);
  // X509_get_signature_info also looks inside RSASSA-PSS parameters for the
  // real digest, which the OID alone does not name.
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  int security_bits = 0;
  std::uint32_t flags = 0;
  if (X509_get_signature_info(cert, &md_nid, &pk_nid, &security_bits, &flags) == 1) {
    if (md_nid != NID_undef) {
      if (const char* sn = OBJ_nid2sn(md_nid); sn != nullptr) out.signature_hash = sn;
    }
    out.signature_uses_sha1 = is_weak_digest(md_nid);
  } else {
    ERR_clear_error();
  }
}

void fill_alt_names(X509* cert, CertificateInfo& out) {
  int critical = -1;
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, &critical, nullptr)));
  if (!names) {
    // critical is -1 when absent, -2 when repeated (RFC 5280 4.2 forbids
    // that), 0/1 when present but undecodable.
    if (critical == -2) out.notes.push_back("more than one subjectAltName extension");
    if (critical >= 0) out.notes.push_back("the subjectAltName extension does not decode");
    ERR_clear_error();
    return;
  }
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      out.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                 static_cast<std::size_t>(ASN1_STRING_length(dns)));
    } else if (name->type == GEN_IPADD) {
      // RFC 5280 4.2.1.6: four octets for IPv4, sixteen for IPv6.
      const ASN1_OCTET_STRING* ip = name->d.iPAddress;
      const int len = ASN1_STRING_length(ip);
      const unsigned char* bytes = ASN1_STRING_get0_data(ip);
      char text[INET6_ADDRSTRLEN] = {};
      if ((len == 4 && inet_ntop(AF_INET, bytes, text, sizeof text) != nullptr) ||
          (len == 16 && inet_ntop(AF_INET6, bytes, text, sizeof text) != nullptr)) {
        out.ip_addresses.emplace_back(text);
      } else {
        out.notes.push_back("an iPAddress SAN of " + std::to_string(len) + " bytes (" +
                            to_hex(bytes, static_cast<std::size_t>(std::max(len, 0))) + ")");
      }
    }
  }
}

std::vector<std::string> ca_issuers_urls(X509* cert) {
  std::vector<std::string> urls;
  int critical = -1;
  AiaPtr aia(
      static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(cert, NID_info_access, &critical, nullptr)));
  if (!aia) {
    ERR_clear_error();
    return urls;
  }
  for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
    const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
    if (OBJ_obj2nid(ad->method) == NID_ad_ca_issuers && ad->location->type == GEN_URI) {
      const ASN1_IA5STRING* uri = ad->location->d.uniformResourceIdentifier;
      urls.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                        static_cast<std::size_t>(ASN1_STRING_length(uri)));
    }
  }
  return urls;
}

std::string last_common_name(const X509_NAME* name) {
  int last = -1;
  for (int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) {
    last = i;
  }
  if (last < 0) return {};
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, value);
  if (len < 0) {
    ERR_clear_error();
    return {};
  }
  std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return cn;
}

// fill_info extracts CertificateInfo from a decoded certificate; `der` is the
// encoding it came from (fingerprints are taken over the bytes as sent).
bool fill_info(X509* cert, parsers::Bytes der, CertificateInfo& out, std::string& error) {
  out = CertificateInfo{};
  const X509_NAME* subject = X509_get_subject_name(cert);
  const X509_NAME* issuer = X509_get_issuer_name(cert);
  out.subject = name_to_string(subject);
  out.issuer = name_to_string(issuer);
  out.common_name = last_common_name(subject);
  if (!asn1_time_to_unix(X509_get0_notBefore(cert), out.not_before)) {
    error = "the notBefore time does not parse (RFC 5280 4.1.2.5)";
    return false;
  }
  if (!asn1_time_to_unix(X509_get0_notAfter(cert), out.not_after)) {
    error = "the notAfter time does not parse (RFC 5280 4.1.2.5)";
    return false;
  }
  fill_key(cert, out);
  fill_signature(cert, out);
  fill_alt_names(cert, out);
  out.ca_issuers_urls = ca_issuers_urls(cert);

  // X509_get_extension_flags decodes the extensions once and caches them.
  const std::uint32_t flags = X509_get_extension_flags(cert);
  out.is_ca = (flags & EXFLAG_CA) != 0;
  if ((flags & EXFLAG_INVALID) != 0) {
    out.notes.push_back("an extension is malformed or repeated (OpenSSL marks the certificate invalid)");
  }
  out.self_issued = X509_NAME_cmp(subject, issuer) == 0;
  if (out.self_issued) {
    EVP_PKEY* key = X509_get0_pubkey(cert);
    out.self_signed = key != nullptr && X509_verify(cert, key) == 1;
  }

  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
  const int serial_len = ASN1_STRING_length(serial);
  out.serial_hex = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? "-" : "";
  out.serial_hex += serial_len > 0
                        ? to_hex(ASN1_STRING_get0_data(serial), static_cast<std::size_t>(serial_len))
                        : std::string("0");

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  if (EVP_Digest(der.data(), der.size(), digest, &digest_len, EVP_sha256(), nullptr) == 1) {
    out.sha256_fingerprint_hex = to_hex(digest, digest_len);
  }
  ERR_clear_error();  // lookups above that found nothing may have queued errors
  return true;
}

// decode_der decodes exactly one DER certificate filling all of `der`.
X509Ptr decode_der(parsers::Bytes der, std::string& error) {
  if (der.empty()) {
    error = "empty certificate";
    return nullptr;
  }
  if (der.size() > kMaxCertificateDer) {
    error = "certificate larger than a TLS Certificate entry can be";
    return nullptr;
  }
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) {
    // The first queued error is the innermost reason ("wrong tag", "too
    // long"); the rest only say which enclosing structure it was in.
    const char* reason = ERR_reason_error_string(ERR_peek_error());
    error = std::string("not a DER X.509 certificate") +
            (reason != nullptr ? std::string(" (") + reason + ")" : "");
    ERR_clear_error();
    return nullptr;
  }
  // RFC 8446 4.4.2: each CertificateEntry holds exactly one certificate;
  // bytes after it mean the length fields and the DER disagree.
  if (p != der.data() + der.size()) {
    error = std::to_string(der.data() + der.size() - p) + " trailing bytes after the certificate";
    return nullptr;
  }
  return cert;
}

// ---- check_chain ----------------------------------------------------------

// What the verify callback records about one problem, beyond ChainIssue.
struct RawIssue {
  ChainIssue issue;
  std::string issuer;  // issuer name of the certificate at `depth`
  bool is_ca = false;
  bool self_issued = false;
  std::int64_t not_before = 0, not_after = 0;
  bool times_known = false;
};

struct VerifyState {
  std::int64_t at = 0;
  std::vector<RawIssue> issues;
};

// Error codes that all mean "the issuer of the top certificate was found
// neither among the certificates sent nor in the store". check_chain decides
// between incomplete_chain and unknown_ca for them once, for the whole chain.
bool is_missing_issuer(int error) {
  return error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
         error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
         error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE;
}

// status_for maps an X509_V_ERR_* to a status. Missing-issuer errors map to
// unknown_ca here and are refined by check_chain.
ChainStatus status_for(int error) {
  switch (error) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return ChainStatus::self_signed;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:  // a root was sent, but it is not ours
    case X509_V_ERR_CERT_UNTRUSTED:             // in the store, but not trusted for this purpose
    case X509_V_ERR_CERT_REJECTED:              // in the store, explicitly distrusted
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return ChainStatus::unknown_ca;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return ChainStatus::expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return ChainStatus::not_yet_valid;
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
      return ChainStatus::unparseable;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_NO_ISSUER_PUBLIC_KEY:
    case X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM:
    case X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH:
      return ChainStatus::bad_signature;
    default:
      // extendedKeyUsage / keyUsage (INVALID_PURPOSE, KEYUSAGE_NO_CERTSIGN),
      // basicConstraints (INVALID_CA, PATH_LENGTH_EXCEEDED), name
      // constraints, unhandled critical extensions, and the rare internal
      // failures (OUT_OF_MEM, STORE_LOOKUP) whose text is still reported.
      return ChainStatus::invalid_purpose_or_constraints;
  }
}

// rank orders statuses by how actionable they are; see check_chain in the
// header for the reasoning. Lower is reported first.
int rank(ChainStatus status) {
  switch (status) {
    case ChainStatus::unparseable:
      return 0;
    case ChainStatus::expired:
    case ChainStatus::not_yet_valid:
      return 1;
    case ChainStatus::self_signed:
      return 2;
    case ChainStatus::incomplete_chain:
    case ChainStatus::unknown_ca:
      return 3;
    case ChainStatus::bad_signature:
      return 4;
    case ChainStatus::invalid_purpose_or_constraints:
      return 5;
    case ChainStatus::trusted:
    case ChainStatus::empty:
      return 6;
  }
  return 6;
}

// collect_issue is the verify callback. Returning 1 tells OpenSSL to carry on
// after each error, so one pass finds every problem (an expired self-signed
// leaf reports both), the way `openssl s_client` without
// -verify_return_error does.
int collect_issue(int ok, X509_STORE_CTX* ctx) {
  auto* state = static_cast<VerifyState*>(X509_STORE_CTX_get_app_data(ctx));
  if (ok == 1 || state == nullptr) return ok;
  const int error = X509_STORE_CTX_get_error(ctx);
  const int depth = X509_STORE_CTX_get_error_depth(ctx);
  X509* cert = X509_STORE_CTX_get_current_cert(ctx);

  RawIssue raw;
  if (cert != nullptr) {
    raw.times_known = asn1_time_to_unix(X509_get0_notBefore(cert), raw.not_before) &&
                      asn1_time_to_unix(X509_get0_notAfter(cert), raw.not_after);
    // RFC 5280 4.1.2.5: the validity period includes notAfter itself, but
    // X509_cmp_time treats "notAfter <= now" as expired. Forgive that one
    // second so check_chain agrees with certificate_validity_at.
    if (error == X509_V_ERR_CERT_HAS_EXPIRED && raw.times_known && raw.not_after == state->at) {
      return 1;
    }
    raw.issue.subject = name_to_string(X509_get_subject_name(cert));
    raw.issuer = name_to_string(X509_get_issuer_name(cert));
    raw.is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
    raw.self_issued = X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
  }
  for (const RawIssue& seen : state->issues) {
    if (seen.issue.openssl_error == error && seen.issue.depth == depth) return 1;
  }
  raw.issue.status = status_for(error);
  raw.issue.openssl_error = error;
  raw.issue.openssl_error_text = X509_verify_cert_error_string(error);
  raw.issue.depth = depth;
  state->issues.push_back(std::move(raw));
  return 1;
}

// label names a certificate for a sentence: "the leaf 'CN=a'", "the
// intermediate 'CN=b'", "the root 'CN=c'".
std::string label(int depth, const std::string& subject, bool is_ca, bool self_issued) {
  const char* role = depth == 0 ? "the leaf" : (is_ca && self_issued) ? "the root" : "the intermediate";
  return std::string(role) + " '" + subject + "'";
}

// Facts about the chain as a whole that the sentences need.
struct ChainFacts {
  std::size_t sent = 0;     // certificates sent (examined)
  std::size_t decoded = 0;  // of those, how many decode
  int path_length = 0;      // certificates on the path OpenSSL built
  std::string top_subject;  // last certificate on the path
  std::string top_issuer;
  bool top_is_ca = false;
  bool top_in_store = false;  // the last certificate on the path came from the store
  std::vector<std::string> top_ca_issuers_urls;
  int unused = 0;
  bool client_chain = false;
};

std::string describe_issue(const RawIssue& raw, const ChainFacts& facts, std::int64_t at) {
  const ChainIssue& issue = raw.issue;
  const std::string who = label(issue.depth, issue.subject, raw.is_ca, raw.self_issued);
  const char* use = facts.client_chain ? "TLS client authentication" : "TLS server authentication";
  switch (issue.status) {
    case ChainStatus::expired:
      if (!raw.times_known) return who + " has expired at the packet's time.";
      return who + " expired " + human_duration(saturating_sub(at, raw.not_after)) +
             " before the packet's time (notAfter " + format_utc(raw.not_after) + ").";
    case ChainStatus::not_yet_valid:
      if (!raw.times_known) return who + " is not yet valid at the packet's time.";
      return who + " was not valid for another " + human_duration(saturating_sub(raw.not_before, at)) +
             " at the packet's time (notBefore " + format_utc(raw.not_before) +
             "): it was deployed early, or a clock is wrong.";
    case ChainStatus::self_signed:
      return who +
             " is self-signed and not in the trust store; clients reject it unless they pin "
             "or explicitly trust it.";
    case ChainStatus::unknown_ca:
      if (issue.openssl_error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) {
        return "the chain ends in the self-signed root '" + issue.subject +
               "', which is not in the trust store: a private or corporate CA, a TLS-intercepting "
               "proxy, or a root missing from an old store.";
      }
      if (issue.openssl_error == X509_V_ERR_CERT_UNTRUSTED ||
          issue.openssl_error == X509_V_ERR_CERT_REJECTED) {
        return who + " is in the trust store but not trusted for " + use + " (" + issue.openssl_error_text +
               ").";
      }
      if (facts.top_in_store) {
        // The path reached the store, but at a certificate that is not a
        // root (a CA file holding only an intermediate). Without the
        // partial-chain flag OpenSSL must end at a self-signed root.
        return "the trust store holds '" + facts.top_subject + "' but not its issuer '" + facts.top_issuer +
               "', and verification must end at a root: add that root to the CA file or path.";
      }
      // A CA certificate was sent and its issuer is unknown. Servers are not
      // expected to send roots, so the missing piece is most likely a root
      // the client does not have (private/corporate CA, interception proxy);
      // less often a second intermediate the server left out.
      return "the server sent " + label(facts.path_length - 1, facts.top_subject, true, false) +
             ", but its issuer '" + facts.top_issuer +
             "' is neither sent nor in the trust store: most likely a private or corporate root "
             "this trust store lacks (or a TLS-intercepting proxy), less likely a second "
             "intermediate the server left out (moderate confidence).";
    case ChainStatus::incomplete_chain: {
      // The top of what chained is the leaf itself (or a non-CA): servers
      // often forget their intermediates, and browsers hide it by fetching or
      // caching them while curl, Java, Go and Python fail.
      std::string text;
      if (facts.decoded == 1) {
        text = facts.sent == 1 ? "the server sent only its leaf"
                               : "the server sent no decodable certificate besides its leaf";
      } else if (facts.path_length == 1) {
        text = facts.decoded == 2 ? "the other certificate the server sent did not issue its leaf (wrong "
                                    "intermediate?)"
                                  : "none of the " + std::to_string(facts.decoded - 1) +
                                        " other certificates the server sent issued its leaf (wrong "
                                        "intermediate?)";
      } else {
        text = "the server sent '" + facts.top_subject + "' at the top of its chain";
      }
      text += "; its issuer '" + facts.top_issuer + "' is neither sent nor in the trust store";
      if (!facts.top_ca_issuers_urls.empty()) {
        text += " (the certificate says it can be fetched from " + facts.top_ca_issuers_urls.front() + ")";
      }
      text +=
          ". Most likely the server does not send its intermediate certificate(s): serve the "
          "full chain, leaf first (high confidence when that issuer is a public CA; if it is "
          "itself a private root, the cause is an unknown CA instead).";
      return text;
    }
    case ChainStatus::bad_signature:
      return "the signature on " + who + " does not verify with the key of its issuer '" + raw.issuer +
             "' (" + issue.openssl_error_text +
             "): a corrupted certificate, or a different certificate with the same issuer name.";
    case ChainStatus::invalid_purpose_or_constraints:
      switch (issue.openssl_error) {
        case X509_V_ERR_INVALID_PURPOSE:
          return issue.depth == 0
                     ? who + " may not be used for " + use + " (its extendedKeyUsage or keyUsage forbids it)."
                     : who + " may not issue certificates for " + use + " (its extendedKeyUsage forbids it).";
        case X509_V_ERR_INVALID_CA:
        case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
          return who +
                 " issued a certificate but is not a CA (basicConstraints / keyUsage, RFC 5280 "
                 "4.2.1.9): " +
                 issue.openssl_error_text + ".";
        case X509_V_ERR_PATH_LENGTH_EXCEEDED:
          return "the chain is longer than " + who + "'s pathLenConstraint allows (RFC 5280 4.2.1.9).";
        default:
          return who + " fails verification: " + issue.openssl_error_text + ".";
      }
    case ChainStatus::unparseable:
      return who + " has a field that does not decode: " + issue.openssl_error_text + ".";
    case ChainStatus::trusted:
    case ChainStatus::empty:
      break;
  }
  return issue.openssl_error_text;
}

}  // namespace

bool parse_certificate_der(parsers::Bytes der, CertificateInfo& out, std::string& error) {
  X509Ptr cert = decode_der(der, error);
  if (!cert) {
    out = CertificateInfo{};
    return false;
  }
  return fill_info(cert.get(), der, out, error);
}

std::string format_utc(std::int64_t unix_seconds) {
  if (unix_seconds < kMinTime || unix_seconds > kMaxTime) return "@" + std::to_string(unix_seconds);
  using namespace std::chrono;
  const sys_seconds tp{seconds{unix_seconds}};
  const sys_days day_point = floor<days>(tp);
  const year_month_day ymd{day_point};
  const std::int64_t secs = (tp - day_point).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

CertificateValidity certificate_validity_at(const CertificateInfo& cert, std::int64_t at_unix_seconds) {
  CertificateValidity v;
  if (at_unix_seconds < cert.not_before) {
    v.state = ValidityState::not_yet_valid;
    v.seconds_off = saturating_sub(cert.not_before, at_unix_seconds);
    v.text = "not valid for another " + human_duration(v.seconds_off) + " (notBefore " +
             format_utc(cert.not_before) + ")";
  } else if (at_unix_seconds > cert.not_after) {  // notAfter itself is inside (RFC 5280 4.1.2.5)
    v.state = ValidityState::expired;
    v.seconds_off = saturating_sub(at_unix_seconds, cert.not_after);
    v.text =
        "expired " + human_duration(v.seconds_off) + " ago (notAfter " + format_utc(cert.not_after) + ")";
  } else {
    v.state = ValidityState::valid;
    v.seconds_left = saturating_sub(cert.not_after, at_unix_seconds);
    v.text = "valid, expires in " + human_duration(v.seconds_left) + " (notAfter " +
             format_utc(cert.not_after) + ")";
  }
  return v;
}

std::string_view chain_status_name(ChainStatus status) {
  switch (status) {
    case ChainStatus::trusted:
      return "trusted";
    case ChainStatus::incomplete_chain:
      return "incomplete_chain";
    case ChainStatus::unknown_ca:
      return "unknown_ca";
    case ChainStatus::self_signed:
      return "self_signed";
    case ChainStatus::expired:
      return "expired";
    case ChainStatus::not_yet_valid:
      return "not_yet_valid";
    case ChainStatus::bad_signature:
      return "bad_signature";
    case ChainStatus::invalid_purpose_or_constraints:
      return "invalid_purpose_or_constraints";
    case ChainStatus::unparseable:
      return "unparseable";
    case ChainStatus::empty:
      return "empty";
  }
  return "unknown";
}

ChainCheck check_chain(const std::vector<std::vector<std::uint8_t>>& chain, const TrustStore& store,
                       std::int64_t at_unix_seconds, bool client_chain) {
  ChainCheck result;
  if (chain.empty()) {
    result.status = ChainStatus::empty;
    result.detail = "no certificate was sent.";
    return result;
  }
  const std::size_t examined = std::min(chain.size(), kMaxChainCertificates);
  result.ignored_certificates = static_cast<int>(chain.size() - examined);

  // Decode what was sent. A certificate that does not decode makes a real
  // client fail the whole Certificate message (decode_error / bad_certificate),
  // so it is reported first; the rest is still verified for the "Also" part.
  std::vector<X509Ptr> certs;
  std::vector<RawIssue> decode_issues;
  for (std::size_t i = 0; i < examined; ++i) {
    std::string error;
    X509Ptr cert = decode_der(chain[i], error);
    if (!cert) {
      RawIssue raw;
      raw.issue.status = ChainStatus::unparseable;
      raw.issue.depth = static_cast<int>(i);  // position as sent: there is no path for it
      raw.issue.openssl_error_text = error;
      decode_issues.push_back(std::move(raw));
      if (i == 0) break;  // without a leaf there is nothing to verify
      continue;
    }
    certs.push_back(std::move(cert));
  }
  if (certs.empty()) {
    const RawIssue& raw = decode_issues.front();
    result.status = ChainStatus::unparseable;
    result.error_depth = 0;
    result.openssl_error_text = raw.issue.openssl_error_text;
    result.detail = "the leaf does not decode: " + raw.issue.openssl_error_text +
                    "; clients reject it with decode_error or bad_certificate.";
    result.issues.push_back(raw.issue);
    return result;
  }

  // An empty temporary store stands in for a moved-from TrustStore: nothing
  // is trusted, and nothing crashes.
  X509StorePtr fallback_store;
  X509_STORE* x509_store = store.native();
  if (x509_store == nullptr) {
    fallback_store.reset(X509_STORE_new());
    x509_store = fallback_store.get();
  }
  X509StackPtr untrusted(sk_X509_new_null());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (x509_store == nullptr || !untrusted || !ctx) {
    result.status = ChainStatus::invalid_purpose_or_constraints;
    result.openssl_error = X509_V_ERR_OUT_OF_MEM;
    result.openssl_error_text = X509_verify_cert_error_string(X509_V_ERR_OUT_OF_MEM);
    result.detail = "the chain could not be verified: out of memory.";
    ERR_clear_error();
    return result;
  }
  for (std::size_t i = 1; i < certs.size(); ++i) {
    if (sk_X509_push(untrusted.get(), certs[i].get()) <= 0) break;  // the stack does not own them
  }

  VerifyState state;
  // X509_VERIFY_PARAM_set_time cannot represent every int64 (gmtime limits),
  // so clamp to the years X.509 can express.
  state.at = std::clamp(at_unix_seconds, kMinTime, kMaxTime);
  bool verified = false;
  if (X509_STORE_CTX_init(ctx.get(), x509_store, certs[0].get(), untrusted.get()) == 1) {
    // The same parameter set libssl uses for a peer's chain ("ssl_server"
    // when checking a server's chain: purpose and trust id-kp-serverAuth).
    X509_STORE_CTX_set_default(ctx.get(), client_chain ? "ssl_client" : "ssl_server");
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), static_cast<time_t>(state.at));
    X509_STORE_CTX_set_app_data(ctx.get(), &state);
    X509_STORE_CTX_set_verify_cb(ctx.get(), collect_issue);
    verified = X509_verify_cert(ctx.get()) == 1;
    if (!verified && state.issues.empty()) {
      // Failed without calling back (internal error): keep what it said.
      RawIssue raw;
      raw.issue.openssl_error = X509_STORE_CTX_get_error(ctx.get());
      raw.issue.status = status_for(raw.issue.openssl_error);
      raw.issue.openssl_error_text = X509_verify_cert_error_string(raw.issue.openssl_error);
      raw.issue.depth = X509_STORE_CTX_get_error_depth(ctx.get());
      state.issues.push_back(std::move(raw));
    }
  } else {
    RawIssue raw;
    raw.issue.openssl_error = X509_V_ERR_UNSPECIFIED;
    raw.issue.status = ChainStatus::invalid_purpose_or_constraints;
    raw.issue.openssl_error_text = "cannot initialise verification: " + drain_openssl_errors();
    state.issues.push_back(std::move(raw));
  }

  // The path OpenSSL built: leaf first, then whatever chained (from the sent
  // certificates first, then the store).
  ChainFacts facts;
  facts.sent = examined;
  facts.decoded = certs.size();
  facts.client_chain = client_chain;
  const STACK_OF(X509)* path = X509_STORE_CTX_get0_chain(ctx.get());
  const int path_length = path != nullptr ? sk_X509_num(path) : 0;
  std::vector<X509*> path_certs;
  for (int i = 0; i < path_length; ++i) {
    X509* cert = sk_X509_value(path, i);
    path_certs.push_back(cert);
    result.verified_path.push_back(name_to_string(X509_get_subject_name(cert)));
  }
  if (path_certs.empty()) {
    path_certs.push_back(certs[0].get());
    result.verified_path.push_back(name_to_string(X509_get_subject_name(certs[0].get())));
  }
  facts.path_length = static_cast<int>(path_certs.size());
  result.anchor_in_store = path != nullptr && X509_STORE_CTX_get_num_untrusted(ctx.get()) < path_length;
  X509* top = path_certs.back();
  facts.top_subject = result.verified_path.back();
  facts.top_issuer = name_to_string(X509_get_issuer_name(top));
  facts.top_is_ca = (X509_get_extension_flags(top) & EXFLAG_CA) != 0;
  facts.top_in_store = result.anchor_in_store;
  facts.top_ca_issuers_urls = ca_issuers_urls(top);
  for (const X509Ptr& sent : certs) {
    const bool on_path = std::any_of(path_certs.begin(), path_certs.end(),
                                     [&](X509* c) { return X509_cmp(c, sent.get()) == 0; });
    if (!on_path) ++facts.unused;
  }
  facts.unused += static_cast<int>(decode_issues.size());
  result.unused_certificates = facts.unused;

  // Missing issuer: incomplete_chain or unknown_ca? The store cannot hold a
  // certificate named like the missing issuer (the path would have been
  // built), so only the shape of what was sent can tell:
  //  - the path stops at the leaf (only the leaf was sent, or the other
  //    certificates sent did not issue it), or at a non-CA: servers commonly
  //    forget intermediates, never leaves, so incomplete_chain (high
  //    confidence for public CAs, which also list a caIssuers URL);
  //  - the path stops at a CA certificate the server did send: servers are
  //    not meant to send roots, so the piece missing is most likely a root the
  //    client lacks: unknown_ca (moderate confidence; detail says so).
  //  - the path reached the store but stopped at a non-root there: the
  //    store is what is incomplete, so unknown_ca.
  const bool chain_is_short = !facts.top_in_store && (facts.path_length == 1 || !facts.top_is_ca);
  bool missing_issuer = false;
  for (RawIssue& raw : state.issues) {
    if (is_missing_issuer(raw.issue.openssl_error)) {
      raw.issue.status = chain_is_short ? ChainStatus::incomplete_chain : ChainStatus::unknown_ca;
      missing_issuer = true;
    }
  }
  if (missing_issuer) {
    result.missing_issuer = facts.top_issuer;
    if (!facts.top_ca_issuers_urls.empty()) result.missing_issuer_url = facts.top_ca_issuers_urls.front();
  }

  std::vector<RawIssue> all = std::move(decode_issues);
  for (RawIssue& raw : state.issues) all.push_back(std::move(raw));
  for (const RawIssue& raw : all) result.issues.push_back(raw.issue);

  if (all.empty()) {
    result.status = ChainStatus::trusted;
    if (path_length == 1 && result.anchor_in_store) {
      result.detail = "the leaf '" + facts.top_subject + "' is itself in the trust store (pinned).";
    } else {
      result.detail = "the chain verifies to '" + facts.top_subject + "'" +
                      (result.anchor_in_store ? " in the trust store." : ".");
    }
    ERR_clear_error();
    return result;
  }

  // The primary problem: lowest rank, then lowest depth (for expiry: the
  // leaf before its issuers); stable, so OpenSSL's order breaks ties.
  const auto primary = std::min_element(all.begin(), all.end(), [](const RawIssue& a, const RawIssue& b) {
    const int ra = rank(a.issue.status), rb = rank(b.issue.status);
    return ra != rb ? ra < rb : a.issue.depth < b.issue.depth;
  });
  result.status = primary->issue.status;
  result.openssl_error = primary->issue.openssl_error;
  result.openssl_error_text = primary->issue.openssl_error_text;
  result.error_depth = primary->issue.depth;
  if (primary->issue.status == ChainStatus::unparseable && primary->issue.openssl_error == 0) {
    result.detail = "certificate " + std::to_string(primary->issue.depth + 1) + " of the " +
                    std::to_string(chain.size()) +
                    " sent does not decode: " + primary->issue.openssl_error_text +
                    "; clients reject the whole Certificate message (decode_error or bad_certificate).";
  } else {
    result.detail = describe_issue(*primary, facts, state.at);
  }
  // Name each other kind of problem once, so the report shows them all.
  std::vector<ChainStatus> mentioned{primary->issue.status};
  for (const RawIssue& raw : all) {
    if (std::find(mentioned.begin(), mentioned.end(), raw.issue.status) != mentioned.end()) continue;
    mentioned.push_back(raw.issue.status);
    if (raw.issue.status == ChainStatus::unparseable && raw.issue.openssl_error == 0) {
      result.detail += " Also: certificate " + std::to_string(raw.issue.depth + 1) + " does not decode.";
    } else {
      result.detail += " Also: " + describe_issue(raw, facts, state.at);
    }
  }
  if (result.ignored_certificates > 0) {
    result.detail += " (" + std::to_string(result.ignored_certificates) + " certificates beyond the first " +
                     std::to_string(kMaxChainCertificates) + " were not examined.)";
  }
  ERR_clear_error();
  return result;
}

// ---- check_hostname (RFC 6125 section 6.4) ---------------------------------

namespace {

// normalize_name lowercases ASCII and drops one trailing dot: DNS names
// compare case-insensitively (RFC 4343) and "example.com." is the same name.
std::string normalize_name(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// is_dns_name: labels of 1-63 letters, digits, '-' or '_' (seen in internal
// names), at most 253 characters (RFC 1035 2.3.4). With `allow_star`, '*' is
// let through for wildcard patterns; where it may stand is checked later.
bool is_dns_name(const std::string& name, bool allow_star) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  for (const char c : name) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || (allow_star && c == '*');
    if (!ok || ++label > 63) return false;
  }
  return label > 0;
}

// parse_ip reads an IPv4 or IPv6 literal (IPv6 optionally in brackets) into
// `out`; returns its length (4 or 16), 0 when `text` is no IP literal.
int parse_ip(std::string text, unsigned char out[16]) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (inet_pton(AF_INET, text.c_str(), out) == 1) return 4;
  if (inet_pton(AF_INET6, text.c_str(), out) == 1) return 16;
  return 0;
}

// split_first_label splits "a.b.c" into "a" and "b.c" ("a" and "" when there
// is no dot).
std::pair<std::string_view, std::string_view> split_first_label(std::string_view name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return {name, {}};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

// match_dns_pattern matches one presented identifier against a normalized
// host (RFC 6125 6.4.1 and 6.4.3). When a wildcard pattern is close to the
// host but does not cover it, `why` says why, for the report.
bool match_dns_pattern(std::string_view presented, const std::string& host, std::string& why) {
  const std::string pattern = normalize_name(presented);
  if (!is_dns_name(pattern, true)) return false;
  if (pattern.find('*') == std::string::npos) return pattern == host;
  const auto [pattern_first, pattern_rest] = split_first_label(pattern);
  const auto [host_first, host_rest] = split_first_label(host);
  const std::string quoted = "'" + std::string(presented) + "'";
  // 6.4.3: the wildcard must be the whole left-most label; "f*.example.com"
  // or "a.*.example.com" are refused.
  if (pattern_first != "*" || pattern_rest.find('*') != std::string_view::npos) {
    if (pattern_rest == host_rest)
      why = quoted + " has a wildcard that is not the whole left-most label, which is refused";
    return false;
  }
  const std::string suffix = "." + std::string(pattern_rest);
  const bool host_under_base =
      host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
  // "*.com" would cover a whole top-level domain: never honoured.
  if (pattern_rest.find('.') == std::string_view::npos) {
    if (host_under_base || host == pattern_rest)
      why = quoted + " is a wildcard over a top-level domain, which is refused";
    return false;
  }
  if (host == pattern_rest) {
    why = quoted + " does not cover the bare domain '" + std::string(pattern_rest) + "'";
    return false;
  }
  if (host_rest == pattern_rest) return !host_first.empty();
  if (host_under_base) why = quoted + " covers exactly one label, and '" + host + "' has more";
  return false;
}

std::string quoted_list(const std::vector<std::string>& names) {
  constexpr std::size_t kShown = 10;
  std::string out = "[";
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (names.size() > kShown) out += ", ... " + std::to_string(names.size() - kShown) + " more";
  return out + "]";
}

}  // namespace

HostnameCheck check_hostname(const CertificateInfo& leaf, std::string_view name) {
  HostnameCheck result;
  const std::string host = normalize_name(name);
  if (host.empty()) {
    result.reason = "there is no server name to check";
    return result;
  }

  unsigned char wanted[16];
  if (const int wanted_len = parse_ip(host, wanted); wanted_len != 0) {
    // RFC 6125 1.7.2 / RFC 5280 4.2.1.6: an IP address is matched against
    // iPAddress SANs only, byte for byte (so "2001:DB8::1" equals "2001:db8:0::1").
    for (const std::string& presented : leaf.ip_addresses) {
      unsigned char have[16];
      if (parse_ip(presented, have) == wanted_len && std::equal(wanted, wanted + wanted_len, have)) {
        result.matches = true;
        result.matched_name = presented;
        result.reason = "'" + host + "' is listed in the certificate's IP address SANs";
        return result;
      }
    }
    result.reason = leaf.ip_addresses.empty()
                        ? "'" + host +
                              "' is an IP address and the certificate has no IP address SAN "
                              "(DNS names and the CN do not count for addresses)"
                        : "'" + host + "' is not among the certificate's IP address SANs " +
                              quoted_list(leaf.ip_addresses);
    return result;
  }

  if (!is_dns_name(host, false)) {
    result.reason = "'" + std::string(name) + "' is not a valid host name";
    return result;
  }

  // RFC 6125 6.4.4: the CN is a fallback only when no DNS SAN is present.
  const bool use_cn = leaf.dns_names.empty();
  std::string near_miss;
  if (!use_cn) {
    for (const std::string& presented : leaf.dns_names) {
      std::string why;
      if (match_dns_pattern(presented, host, why)) {
        result.matches = true;
        result.matched_name = presented;
        result.reason = "'" + host + "' matches the DNS SAN '" + presented + "'";
        return result;
      }
      if (near_miss.empty()) near_miss = why;
    }
    result.reason =
        "'" + host + "' is not covered by the certificate's DNS SANs " + quoted_list(leaf.dns_names);
    if (!near_miss.empty()) result.reason += "; " + near_miss;
    if (!leaf.common_name.empty() && normalize_name(leaf.common_name) == host) {
      result.reason += " (the subject CN names it, but the CN is ignored when SANs exist)";
    }
    return result;
  }
  if (leaf.common_name.empty()) {
    result.reason = "the certificate has neither DNS SANs nor a subject CN";
    return result;
  }
  std::string why;
  if (match_dns_pattern(leaf.common_name, host, why)) {
    result.matches = true;
    result.via_common_name = true;
    result.matched_name = leaf.common_name;
    result.reason = "'" + host + "' matches the subject CN '" + leaf.common_name +
                    "' only; the certificate has no DNS SANs, and Chrome and Go (since 1.15) ignore "
                    "the CN, so they reject it";
    return result;
  }
  result.reason = "'" + host + "' does not match the subject CN '" + leaf.common_name +
                  "' (the certificate has no DNS SANs)";
  if (!why.empty()) result.reason += "; " + why;
  return result;
}

std::string distinguished_name_text(parsers::Bytes der) {
  const unsigned char* p = der.data();
  X509_NAME* name = d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()));
  if (name == nullptr) {
    ERR_clear_error();
    return "<undecodable name>";
  }
  std::string text = name_to_string(name);
  X509_NAME_free(name);
  return text;
}

}  // namespace tlsanalyze::analyzer
