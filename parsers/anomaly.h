// Anomaly: what a parser found wrong with its input, and where. Parsers never
// throw and never log; they return false and fill an Anomaly so the analyzer
// can count it, show it, and carry on with the next packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tlsanalyze::parsers {

// TLSANALYZE_ANOMALY_KINDS is the single list of anomaly kinds: the enum, the
// stable snake_case name used in JSON and in counters both come from it.
#define TLSANALYZE_ANOMALY_KINDS(X)                                              \
  X(none)                /* nothing wrong */                                    \
  X(truncated)           /* a length points past the end of the data */         \
  X(trailing_bytes)      /* bytes left after a fixed-size structure */          \
  X(bad_length)          /* a length field is impossible (odd, zero, too big) */ \
  X(bad_value)           /* a field holds a value the RFC forbids */            \
  X(duplicate_extension) /* the same extension appears twice (RFC 8446 4.2) */  \
  X(unsupported)         /* well-formed but not a kind this parser decodes */

// AnomalyKind enumerates what can be wrong with parsed bytes.
enum class AnomalyKind : std::uint8_t {
#define TLSANALYZE_ANOMALY_ENUM(name) name,
  TLSANALYZE_ANOMALY_KINDS(TLSANALYZE_ANOMALY_ENUM)
#undef TLSANALYZE_ANOMALY_ENUM
};

// kAnomalyKindCount is the number of AnomalyKind values, for counter arrays.
inline constexpr std::size_t kAnomalyKindCount = 0
#define TLSANALYZE_ANOMALY_COUNT(name) +1
    TLSANALYZE_ANOMALY_KINDS(TLSANALYZE_ANOMALY_COUNT)
#undef TLSANALYZE_ANOMALY_COUNT
    ;

// anomaly_kind_name returns the stable snake_case name of a kind.
constexpr std::string_view anomaly_kind_name(AnomalyKind kind) {
  switch (kind) {
#define TLSANALYZE_ANOMALY_NAME(name) \
  case AnomalyKind::name:             \
    return #name;
    TLSANALYZE_ANOMALY_KINDS(TLSANALYZE_ANOMALY_NAME)
#undef TLSANALYZE_ANOMALY_NAME
  }
  return "unknown";
}

// Anomaly says what was wrong and in which field. `field` points at a string
// literal ("ClientHello.cipher_suites"), so an Anomaly is two words and can be
// copied freely.
struct Anomaly {
  AnomalyKind kind = AnomalyKind::none;
  const char* field = "";

  // set records the first problem found and returns false, so a parser can
  // write `return why.set(AnomalyKind::truncated, "ServerHello.random");`.
  bool set(AnomalyKind k, const char* f) {
    kind = k;
    field = f;
    return false;
  }
};

}  // namespace tlsanalyze::parsers
