// Describe: words for numbers. Every report and every evidence line names TLS
// values the same way: the IANA name, or unknown(0x....) for values the
// registry does not know (unknown values are data, never errors).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/model/events.h"
#include "analyzer/model/flow_facts.h"
#include "analyzer/model/handshake_summary.h"

namespace tlsanalyze::analyzer {

// describe_version: "TLS1.2", "TLS1.3-draft23", or "unknown(0x0305)".
std::string describe_version(std::uint16_t version);
// describe_alert: "handshake_failure(40)" or "unknown(200)".
std::string describe_alert(parsers::AlertDescription code);
// describe_alert_level: "fatal", "warning", or "level(3)".
std::string describe_alert_level(parsers::AlertLevel level);
// describe_suite: IANA name or "unknown(0x....)".
std::string describe_suite(std::uint16_t suite);
// describe_group: "x25519" or "unknown(0x....)".
std::string describe_group(std::uint16_t group);
// describe_signature_scheme: "rsa_pss_rsae_sha256" or "unknown(0x....)".
std::string describe_signature_scheme(std::uint16_t scheme);
// describe_versions joins described versions with ", ".
std::string describe_versions(const std::vector<std::uint16_t>& versions);
// describe_groups joins described groups with ", ", eliding after `max` items.
std::string describe_groups(const std::vector<std::uint16_t>& groups, std::size_t max = 12);
// describe_suite_classes summarises a suite list by class, e.g.
// "3 TLS 1.3, 8 ECDHE+AEAD, 4 RSA key exchange, 2 CBC".
std::string describe_suite_classes(const std::vector<std::uint16_t>& suites);
// format_endpoint: "192.0.2.1:443" or "[2001:db8::1]:443".
std::string format_endpoint(const Endpoint& e);
// format_address: "192.0.2.1" or "2001:db8::1".
std::string format_address(const parsers::IpAddress& a);
// format_time: ISO 8601 UTC with microseconds, "2024-05-01T12:00:00.123456Z".
std::string format_time(std::int64_t timestamp_us);
// format_offset: "+0.012s" style offset from the flow's start.
std::string format_offset(std::int64_t offset_us);
// describe_event: one line for a timeline, e.g. "ClientHello TLS1.3, SNI example.com, 17 suites".
std::string describe_event(const Event& event, const HandshakeSummary& summary);

}  // namespace tlsanalyze::analyzer
