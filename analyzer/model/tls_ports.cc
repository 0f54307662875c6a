#include "analyzer/model/tls_ports.h"

#include <algorithm>
#include <iterator>

namespace tlsanalyze::analyzer {

namespace {

// Ports IANA registers for services that start with TLS (and common
// alternatives).
constexpr std::uint16_t kTlsPorts[] = {261, 443, 448, 465, 563, 585, 614, 636, 684, 695, 853, 989, 990,
                                       992, 993, 994, 995, 1443, 2083, 2087, 2096, 2484, 3269, 4433,
                                       4443, 5061, 5223, 5349, 5671, 5986, 6514, 6619, 6697, 7443,
                                       8443, 8883, 9443, 10443};

}  // namespace

bool is_tls_port(std::uint16_t port) {
  return std::find(std::begin(kTlsPorts), std::end(kTlsPorts), port) != std::end(kTlsPorts);
}

}  // namespace tlsanalyze::analyzer
