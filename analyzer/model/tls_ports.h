// TLS ports: the ports IANA registers for services that start with TLS. TLS
// is recognised by content on any port; this list only decides whether a
// connection that never carried a byte counts as a TLS attempt.
#pragma once

#include <cstdint>

namespace tlsanalyze::analyzer {

// is_tls_port is true for ports registered for TLS services (443, 465, 563,
// 636, 853, 989-995, 5061, 6697, 8443 ...).
bool is_tls_port(std::uint16_t port);

}  // namespace tlsanalyze::analyzer
