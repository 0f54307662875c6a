// Rule: one row of a diagnosis rule table — when it applies, the outcome and
// cause it concludes, its confidence, the alternatives it leaves, and the
// evidence it quotes. A table is an ordered list of rows; the first row that
// applies decides, so the order is the written precedence. A row may hand the
// decision to a sub-table (the alert tables, the TCP tables). docs/causes.md
// lists every table from the same rows (cause_docs.cc). Internal to diagnosis.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/diagnosis/situation.h"
#include "analyzer/model/verdict.h"

namespace tlsanalyze::analyzer::diagnosis_detail {

// CauseList is a rule's short list of alternative causes, as row data.
struct CauseList {
  static constexpr std::size_t kMax = 6;
  std::array<Cause, kMax> items{};
  std::size_t size = 0;

  constexpr CauseList() = default;
  constexpr CauseList(std::initializer_list<Cause> causes) {
    for (Cause c : causes) items[size++] = c;
  }
  const Cause* begin() const { return items.data(); }
  const Cause* end() const { return items.data() + size; }
  std::vector<Cause> to_vector() const { return {begin(), end()}; }
};

// Builder is the verdict under construction.
struct Builder {
  Verdict v;
  // conclude sets the cause, its confidence, the alternatives and the
  // explanation (rules whose cause comes from what they find call it).
  void conclude(Cause c, Confidence conf, std::string explanation, std::vector<Cause> also = {}) {
    v.cause = c;
    v.confidence = conf;
    v.explanation = std::move(explanation);
    v.also_possible = std::move(also);
  }
  // explain replaces the row's explanation with one that quotes values.
  void explain(std::string explanation) { v.explanation = std::move(explanation); }
  void evidence(std::string line) { v.evidence.push_back(std::move(line)); }
};

struct RuleTable;

// Rule is one row. Every field but the functions is documentation as well as
// behaviour; docs/causes.md prints them.
struct Rule {
  std::string_view id{};         // stable name of the row ("port_closed")
  std::string_view when{};       // when it applies, in words
  bool (*applies)(const Situation&) = nullptr;
  Outcome outcome = Outcome::failed;
  Cause cause = Cause::unknown;  // what it concludes (see found_cause)
  Confidence confidence = Confidence::high;
  CauseList also{};              // the alternatives it leaves
  std::string_view explanation{};  // the sentence the report shows (a judge may quote values into it)
  // judge quotes the evidence (and may set the explanation, ended_by or the
  // stage); runs before a sub-table.
  void (*judge)(const Situation&, Builder&) = nullptr;
  // then names a sub-table that decides instead of this row; focus (optional)
  // gives it the situation to judge (an alert, a stage).
  const RuleTable& (*then)() = nullptr;
  Situation (*focus)(const Situation&) = nullptr;
  // after runs once the sub-table decided (evidence that follows its own).
  void (*after)(const Situation&, Builder&) = nullptr;
  // found_cause: the cause is whatever the row's checks found (a certificate
  // problem); `cause` is then only the documented fallback.
  bool found_cause = false;
};

// RuleTable is an ordered list of rows with a name and what it decides. The
// preamble (optional) quotes the evidence every row of the table shares.
struct RuleTable {
  std::string_view id;
  std::string_view decides;
  std::span<const Rule> rules;
  void (*preamble)(const Situation&, Builder&) = nullptr;
};

// apply finds the first row of `table` that applies and concludes with it.
// Every table ends in a row that always applies, so a verdict always results.
void apply(const RuleTable& table, const Situation& s, Builder& b);

// The tables, in the order diagnose() consults them (rules_*.cc).
const RuleTable& completed_rules();        // handshakes that completed (or evidently did)
const RuleTable& failure_rules();          // everything else, after the stage is known
const RuleTable& tcp_connect_rules();      // TCP never connected
const RuleTable& no_client_hello_rules();  // connected, but no ClientHello
const RuleTable& reset_rules();            // a RST ended it
const RuleTable& close_rules();            // a FIN ended it
const RuleTable& silence_rules();          // nothing ended it
const RuleTable& unacknowledged_rules();   // the ClientHello never (fully) got through
const RuleTable& alert_rules();            // an alert whose code is readable
const RuleTable& hello_rejection_rules();  // the server refused the ClientHello itself
const RuleTable& server_certificate_rules();  // the client rejected the server's certificate
const RuleTable& client_certificate_rules();  // the server rejected the client's flight
const RuleTable& encrypted_alert_rules();  // an alert whose code is encrypted

// completed_or_evidently is true when completed_rules() decides: the
// handshake completed, or application data flowed both ways after a gap.
bool completed_or_evidently(const Situation& s);

// all_rule_tables lists every table once, in the order above.
std::span<const RuleTable* const> all_rule_tables();

// add_common_warnings adds the findings that apply to successes and failures
// alike (deprecated version, weak suite, no SNI, oversized messages, a
// warning-level unrecognized_name).
void add_common_warnings(const Situation& s, Builder& b);

}  // namespace tlsanalyze::analyzer::diagnosis_detail
