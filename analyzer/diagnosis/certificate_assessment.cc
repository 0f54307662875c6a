#include "analyzer/diagnosis/certificate_assessment.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analyzer/x509/certificate_cache.h"
#include "analyzer/x509/certificate_history.h"

namespace tlsanalyze::analyzer {

using Alert = parsers::AlertDescription;

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;
constexpr int kMinRsaBits = 2048;

// Issuer names of TLS-inspecting proxies, firewalls and antivirus products
// that re-sign every site's certificate with their own CA (FAILURES.md 4).
constexpr std::string_view kInterceptionProducts[] = {
    "zscaler",      "cisco umbrella", "umbrella",     "fortinet",    "fortigate",  "palo alto",
    "blue coat",    "bluecoat",       "netskope",     "forcepoint",  "websense",   "sophos",
    "kaspersky",    "avast",          "avg web",      "eset ssl",    "bitdefender", "mcafee web gateway",
    "barracuda",    "watchguard",     "check point",  "checkpoint",  "mitmproxy",  "fiddler",
    "charles proxy", "portswigger",   "burp",         "iboss",       "lightspeed", "untangle",
    "smoothwall",   "sonicwall",      "menlo security", "securly",   "goguardian", "contentkeeper",
    "symantec web", "skyhigh",        "cato networks", "cloudflare gateway", "cloudflare for teams"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string chain_line(std::size_t i, const CertificateInfo& c, std::int64_t at) {
  CertificateValidity v = certificate_validity_at(c, at);
  std::string line = fmt::format("#{} {} (issuer {})", i, c.subject, c.self_issued ? "itself" : c.issuer);
  line += fmt::format(", {} {}, signed {}", c.key_type, c.key_bits, c.signature_algorithm);
  line += fmt::format(", {}", v.text);
  if (!c.dns_names.empty()) line += fmt::format(", SAN {}", fmt::join(c.dns_names, " "));
  if (!c.ip_addresses.empty()) line += fmt::format(", IP SAN {}", fmt::join(c.ip_addresses, " "));
  if (c.is_ca) line += ", CA";
  return line;
}

Cause cause_of(ChainStatus s) {
  switch (s) {
    case ChainStatus::incomplete_chain: return Cause::incomplete_chain;
    case ChainStatus::unknown_ca: return Cause::unknown_ca;
    case ChainStatus::self_signed: return Cause::self_signed;
    case ChainStatus::expired: return Cause::expired_certificate;
    case ChainStatus::not_yet_valid: return Cause::not_yet_valid_certificate;
    default: return Cause::unknown;
  }
}

}  // namespace

CertificateAssessment assess_certificates(const CertificateChainFacts& facts, const std::string& sni,
                                          const DiagnosisContext* context, bool client_chain,
                                          parsers::AlertDescription alert_code) {
  CertificateAssessment a;
  if (!facts.present || facts.der.empty()) return a;
  a.present = true;
  std::int64_t at = facts.timestamp_us / 1000000;
  for (const std::vector<std::uint8_t>& der : facts.der) {
    if (context != nullptr && context->cache != nullptr) {
      const CertificateInfo* cached = context->cache->parse(parsers::Bytes(der));
      if (cached != nullptr) a.chain.push_back(*cached);
      else ++a.unparseable;
      continue;
    }
    CertificateInfo info;
    std::string error;
    if (parse_certificate_der(parsers::Bytes(der), info, error)) a.chain.push_back(std::move(info));
    else ++a.unparseable;
  }
  if (a.chain.empty()) return a;
  const CertificateInfo& leaf = a.chain.front();
  a.leaf_validity = certificate_validity_at(leaf, at);
  for (std::size_t i = 0; i < a.chain.size(); ++i) {
    const CertificateInfo& c = a.chain[i];
    a.chain_lines.push_back(chain_line(i, c, at));
    CertificateValidity v = certificate_validity_at(c, at);
    a.any_expired |= v.state == ValidityState::expired;
    a.any_not_yet_valid |= v.state == ValidityState::not_yet_valid;
    std::string issuer = lower(c.issuer);
    for (std::string_view product : kInterceptionProducts)
      if (issuer.find(product) != std::string::npos && !a.interception_issuer) {
        a.interception_issuer = true;
        a.interception_product = c.issuer;
      }
    if (c.key_type == "RSA" && c.key_bits > 0 && c.key_bits < kMinRsaBits)
      a.warnings.push_back(fmt::format("certificate #{} has a {}-bit RSA key (under {} bits is weak)", i, c.key_bits, kMinRsaBits));
    if (c.signature_uses_sha1 && !c.self_signed)
      a.warnings.push_back(fmt::format("certificate #{} is signed with {} (SHA-1/MD5: refused by current clients)", i, c.signature_algorithm));
  }
  int expiring_days = context != nullptr ? context->expiring_days : 30;
  if (a.leaf_validity.state == ValidityState::valid && a.leaf_validity.seconds_left < expiring_days * kSecondsPerDay)
    a.warnings.push_back(fmt::format("the server certificate expires within {} days of the capture ({})", expiring_days, a.leaf_validity.text));

  if (!client_chain && !sni.empty()) {
    a.hostname_checked = true;
    a.hostname = check_hostname(leaf, sni);
  }
  if (context != nullptr && context->trust_store != nullptr) {
    a.chain_checked = true;
    a.chain_check = check_chain(facts.der, *context->trust_store, at, client_chain);
  }

  // The candidate problems, each with its proof.
  struct Candidate {
    Cause cause;
    std::string detail;
  };
  std::vector<Candidate> validity, name, chain;
  if (a.leaf_validity.state == ValidityState::expired)
    validity.push_back({Cause::expired_certificate, fmt::format("the leaf {} at the time of the handshake", a.leaf_validity.text)});
  else if (a.leaf_validity.state == ValidityState::not_yet_valid)
    validity.push_back({Cause::not_yet_valid_certificate, fmt::format("the leaf is {} at the time of the handshake", a.leaf_validity.text)});
  else if (a.any_expired || a.any_not_yet_valid)
    validity.push_back({a.any_expired ? Cause::expired_certificate : Cause::not_yet_valid_certificate,
                        "a certificate of the chain is outside its validity period at the time of the handshake"});
  if (a.hostname_checked && !a.hostname.matches) name.push_back({Cause::hostname_mismatch, a.hostname.reason});
  if (a.interception_issuer)
    chain.push_back({Cause::interception_suspected,
                     fmt::format("the chain is issued by '{}', a TLS-inspecting product: a proxy or security software re-signed the site's certificate", a.interception_product)});
  if (!client_chain && context != nullptr && context->history != nullptr && !sni.empty()) {
    const SeenCertificate* before = context->history->find(sni);
    if (before != nullptr && before->fingerprint != leaf.sha256_fingerprint_hex && before->issuer != leaf.issuer) {
      a.interception_issuer = true;
      chain.push_back({Cause::interception_suspected,
                       fmt::format("earlier successful connections to {} got a certificate issued by '{}'; this one got a "
                                   "different certificate, issued by '{}': something on the path re-signs the traffic",
                                   sni, before->issuer, leaf.issuer)});
    }
  }
  if (leaf.self_signed)
    chain.push_back({Cause::self_signed, fmt::format("the leaf '{}' is self-signed (issuer == subject, signed by its own key)", leaf.subject)});
  if (a.chain_checked && a.chain_check.status != ChainStatus::trusted) {
    Cause c = cause_of(a.chain_check.status);
    if (c != Cause::unknown && c != Cause::expired_certificate && c != Cause::not_yet_valid_certificate &&
        !(c == Cause::self_signed && leaf.self_signed))
      chain.push_back({c, a.chain_check.detail});
  } else if (!a.chain_checked && !leaf.self_signed) {
    // Without a trust store, judge the chain's shape: a leaf sent alone whose
    // issuer is someone else is the classic missing intermediate.
    const CertificateInfo& top = a.chain.back();
    if (a.chain.size() == 1)
      chain.push_back({Cause::incomplete_chain, fmt::format("the server sent only its leaf; its issuer '{}' was not sent", leaf.issuer)});
    else if (top.self_signed)
      chain.push_back({Cause::unknown_ca, fmt::format("the chain ends in the root '{}', which the client evidently does not trust", top.subject)});
    else
      chain.push_back({Cause::incomplete_chain, fmt::format("the chain ends at '{}', whose issuer '{}' was not sent", top.subject, top.issuer)});
  }

  std::vector<std::vector<Candidate>*> order;
  if (alert_code == Alert::certificate_expired) order = {&validity, &chain, &name};          // certificate_expired
  else if (alert_code == Alert::unknown_ca) order = {&chain, &validity, &name};     // unknown_ca
  else order = {&validity, &name, &chain};                           // 42, 46, none...
  for (auto* group : order) {
    if (!group->empty()) {
      a.problem = group->front().cause;
      a.problem_detail = group->front().detail;
      // Callers embed the detail in their own sentence.
      while (!a.problem_detail.empty() && (a.problem_detail.back() == '.' || a.problem_detail.back() == ' '))
        a.problem_detail.pop_back();
      break;
    }
  }
  // Every other problem found could explain a rejection too.
  for (auto* group : order)
    for (const Candidate& c : *group)
      if (c.cause != a.problem &&
          std::find(a.other_problems.begin(), a.other_problems.end(), c.cause) == a.other_problems.end()) {
        a.other_problems.push_back(c.cause);
        a.other_details.push_back(c.detail);
      }
  return a;
}

}  // namespace tlsanalyze::analyzer
