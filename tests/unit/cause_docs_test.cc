// Tests for the diagnosis rule tables as documentation: docs/causes.md is
// exactly what the code renders, every cause of the vocabulary is concluded
// somewhere, every table is reachable and ends in a row that always applies.
#include "analyzer/diagnosis/cause_docs.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "analyzer/diagnosis/rule.h"

namespace tlsanalyze::analyzer {
namespace {

using namespace diagnosis_detail;

const char* kDocPath = TLSANALYZE_SOURCE_DIR "/docs/causes.md";

TEST(CauseDocsTest, DocsMatchTheRuleTables) {
  std::string rendered = causes_markdown();
  if (std::getenv("TLSANALYZE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(kDocPath, std::ios::binary) << rendered;
  }
  std::ifstream in(kDocPath, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << kDocPath;
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), rendered)
      << "docs/causes.md is generated from analyzer/model/causes.h and the rule tables; rerun this test with "
         "TLSANALYZE_UPDATE_GOLDEN=1 to rewrite it, then review the diff";
}

TEST(CauseDocsTest, EveryCauseIsConcludedSomewhere) {
  std::set<Cause> concluded;
  bool certificate_rows = false;
  for (const RuleTable* table : all_rule_tables())
    for (const Rule& r : table->rules) {
      if (r.then == nullptr && !r.found_cause) concluded.insert(r.cause);
      certificate_rows |= r.found_cause;
    }
  ASSERT_TRUE(certificate_rows);
  // What the certificate assessment can find (certificate_assessment.cc).
  for (Cause c : {Cause::expired_certificate, Cause::not_yet_valid_certificate, Cause::hostname_mismatch,
                  Cause::interception_suspected, Cause::self_signed, Cause::incomplete_chain, Cause::unknown_ca})
    concluded.insert(c);
  for (std::size_t i = 0; i < kCauseCount; ++i) {
    auto c = static_cast<Cause>(i);
    EXPECT_EQ(concluded.count(c), 1u) << cause_id(c) << " is in the vocabulary but no rule concludes it";
  }
}

TEST(CauseDocsTest, TablesAreReachableAndTotal) {
  std::set<const RuleTable*> delegated;
  for (const RuleTable* table : all_rule_tables())
    for (const Rule& r : table->rules)
      if (r.then != nullptr) delegated.insert(&r.then());
  HandshakeFacts facts;
  Situation empty(facts, nullptr);
  for (const RuleTable* table : all_rule_tables()) {
    SCOPED_TRACE(std::string(table->id));
    ASSERT_FALSE(table->rules.empty());
    if (table != &completed_rules() && table != &failure_rules()) {
      EXPECT_EQ(delegated.count(table), 1u) << "no row hands the decision to this table";
    }
    // The last row is the table's fallback: it must apply to anything.
    EXPECT_TRUE(table->rules.back().applies(empty));
    std::set<std::string_view> ids;
    for (const Rule& r : table->rules) {
      EXPECT_TRUE(ids.insert(r.id).second) << "duplicate row id " << r.id;
      EXPECT_FALSE(r.when.empty()) << r.id;
      if (r.then == nullptr && !r.found_cause && r.confidence == Confidence::high) {
        EXPECT_EQ(r.also.size, 0u) << r.id << ": a high-confidence row leaves no alternatives";
      }
    }
  }
}

}  // namespace
}  // namespace tlsanalyze::analyzer
