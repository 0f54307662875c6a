#include "analyzer/diagnosis/cause_docs.h"

#include <fmt/format.h>

#include "analyzer/diagnosis/rule.h"

namespace tlsanalyze::analyzer {

using namespace diagnosis_detail;

namespace {

// cell escapes text for a Markdown table cell.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string causes_cell(const CauseList& causes) {
  std::string out;
  for (Cause c : causes) out += fmt::format("{}`{}`", out.empty() ? "" : ", ", cause_id(c));
  return out;
}

std::string concludes_cell(const Rule& r) {
  if (r.then != nullptr) return fmt::format("→ table [`{}`](#{})", r.then().id, r.then().id);
  if (r.found_cause) return "the certificate problem the checks found";
  return fmt::format("{} `{}`", outcome_name(r.outcome), cause_id(r.cause));
}

}  // namespace

std::string causes_markdown() {
  std::string md;
  md += "<!-- Generated from analyzer/model/causes.h and analyzer/diagnosis/rules_*.cc; do not edit by hand.\n"
        "     tests/unit/cause_docs_test.cc checks it; TLSANALYZE_UPDATE_GOLDEN=1 rewrites it. -->\n";
  md += "# Causes\n\n";
  md += "Every failed (or incomplete) handshake gets one cause from this vocabulary, the evidence quoted from\n"
        "the packets, and advice. Identifiers are stable: they appear in `--json` output and in CI\n"
        "assertions. Where the packets do not decide, the verdict says `confidence: medium` (most likely)\n"
        "or `low` (a judgement) and lists `also_possible` causes.\n\n"
        "Stacks send different alerts for the same problem (an incomplete chain is 48 from OpenSSL, 46 from\n"
        "Java, 42 from others, or a bare close), so causes are decided from the evidence around the alert,\n"
        "not from its number alone. Certificates are judged at the time of the packet that carried them.\n\n";
  md += "| cause | meaning | evidence it rests on | advice |\n|---|---|---|---|\n";
#define TLSANALYZE_CAUSE_DOC_ROW(id, title, evidence, advice) \
  md += fmt::format("| `{}` | {} | {} | {} |\n", #id, cell(title), cell(evidence), cell(advice));
  TLSANALYZE_CAUSES(TLSANALYZE_CAUSE_DOC_ROW)
#undef TLSANALYZE_CAUSE_DOC_ROW

  md += "\n## How a cause is decided\n\n"
        "Diagnosis reads the flow's event log, never bytes. A handshake that completed (or evidently did) is\n"
        "judged by the table `completed`; any other by `failure`, after the stage where it stopped and the\n"
        "event that ended it are known. In every table the first row that applies decides: the order of the\n"
        "rows is the precedence. A row may hand the decision to another table (→). Rows whose cause is\n"
        "\"the certificate problem the checks found\" take it from the certificate assessment: validity at the\n"
        "packet's time, the name against the SANs, a self-signed leaf, a known interception issuer, and the\n"
        "chain against the trust store (or, without one, the chain's shape).\n";
  for (const RuleTable* table : all_rule_tables()) {
    md += fmt::format("\n### {}\n\nDecides {}.\n\n", table->id, cell(table->decides));
    md += "| # | rule | when it applies | concludes | confidence | also possible |\n|---|---|---|---|---|---|\n";
    int n = 0;
    for (const Rule& r : table->rules) {
      bool delegates = r.then != nullptr;
      md += fmt::format("| {} | `{}` | {} | {} | {} | {} |\n", ++n, r.id, cell(r.when), concludes_cell(r),
                        delegates ? "" : confidence_name(r.confidence), delegates ? "" : causes_cell(r.also));
    }
  }
  return md;
}

}  // namespace tlsanalyze::analyzer
