#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer {

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::succeeded: return "succeeded";
    case Outcome::failed: return "failed";
    case Outcome::incomplete: return "incomplete";
  }
  return "incomplete";
}

std::string_view stage_name(Stage s) {
  switch (s) {
#define TLSANALYZE_STAGE_NAME(id, text) \
  case Stage::id:                       \
    return text;
    TLSANALYZE_STAGES(TLSANALYZE_STAGE_NAME)
#undef TLSANALYZE_STAGE_NAME
  }
  return "";
}

std::string_view cause_id(Cause c) {
  switch (c) {
#define TLSANALYZE_CAUSE_ID(id, title, evidence, advice) \
  case Cause::id:                      \
    return #id;
    TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_ID)
#undef TLSANALYZE_CAUSE_ID
  }
  return "unknown";
}

std::string_view cause_title(Cause c) {
  switch (c) {
#define TLSANALYZE_CAUSE_TITLE(id, title, evidence, advice) \
  case Cause::id:                         \
    return title;
    TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_TITLE)
#undef TLSANALYZE_CAUSE_TITLE
  }
  return "";
}

std::string_view cause_evidence(Cause c) {
  switch (c) {
#define TLSANALYZE_CAUSE_EVIDENCE(id, title, evidence, advice) \
  case Cause::id:                                              \
    return evidence;
    TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_EVIDENCE)
#undef TLSANALYZE_CAUSE_EVIDENCE
  }
  return "";
}

std::string_view cause_advice(Cause c) {
  switch (c) {
#define TLSANALYZE_CAUSE_ADVICE(id, title, evidence, advice) \
  case Cause::id:                                            \
    return advice;
    TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_ADVICE)
#undef TLSANALYZE_CAUSE_ADVICE
  }
  return "";
}

std::string_view confidence_name(Confidence c) {
  switch (c) {
    case Confidence::high: return "high";
    case Confidence::medium: return "medium";
    case Confidence::low: return "low";
  }
  return "low";
}

std::string_view end_kind_name(EndKind k) {
  switch (k) {
    case EndKind::none: return "none";
    case EndKind::alert: return "alert";
    case EndKind::encrypted_alert: return "encrypted_alert";
    case EndKind::rst: return "rst";
    case EndKind::fin: return "fin";
    case EndKind::icmp: return "icmp";
    case EndKind::non_tls: return "non_tls";
    case EndKind::silence: return "silence";
    case EndKind::capture_end: return "capture_end";
    case EndKind::malformed: return "malformed";
  }
  return "none";
}

}  // namespace tlsanalyze::analyzer
