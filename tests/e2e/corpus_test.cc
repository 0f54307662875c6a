// Tests over the shared corpus of public captures (../shared/corpus beside the
// checkout). Users' clones do not have it: then every test here skips.
//  - every capture runs without a crash, and a bad file gets exit code 2 with
//    a one-line error naming it;
//  - captures whose MANIFEST.tsv lists negotiated TLS versions yield
//    handshakes with those versions;
//  - per-flow verdicts agree with labels.json (outcome, stage, cause) at least
//    as often as the recorded floor, so a regression fails the build.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "tests/e2e/run_tool.h"

namespace tlsanalyze::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kCorpus = std::string(TLSANALYZE_SOURCE_DIR) + "/../shared/corpus";

struct ManifestRow {
  std::string file, versions_seen, keylog;
};

std::vector<ManifestRow> manifest() {
  std::vector<ManifestRow> rows;
  std::ifstream in(kCorpus + "/MANIFEST.tsv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> c = split_tabs(line);
    if (c.size() >= 10) rows.push_back({c[0], c[7], c[9]});
  }
  return rows;
}

std::vector<std::string> args_for(const ManifestRow& row) {
  std::vector<std::string> args = {"--json", "-r", kCorpus + "/" + row.file};
  if (row.keylog != "-" && !row.keylog.empty()) {
    args.push_back("--keylog");
    args.push_back(kCorpus + "/" + row.keylog);
  }
  return args;
}

// Runs every corpus capture once and keeps the results for all tests.
const std::map<std::string, ToolResult>& results() {
  static const std::map<std::string, ToolResult> cache = [] {
    std::map<std::string, ToolResult> m;
    for (const ManifestRow& row : manifest()) m[row.file] = run_tool(args_for(row));
    return m;
  }();
  return cache;
}

// negotiated_versions reads "neg=TLS1.2,TLS1.3" out of tls_versions_seen,
// keeping the TLS/SSL3 versions a TCP analyzer can see.
std::set<std::string> negotiated_versions(const std::string& seen) {
  std::set<std::string> out;
  std::size_t at = seen.find("neg=");
  if (at == std::string::npos) return out;
  std::string list = seen.substr(at + 4, seen.find(';', at) - at - 4);
  std::string cur;
  for (char c : list + ",") {
    if (c == ',') {
      if (cur.rfind("TLS", 0) == 0 || cur == "SSL3.0") out.insert(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kCorpus + "/MANIFEST.tsv")) GTEST_SKIP() << "no shared corpus at " << kCorpus;
  }
};

TEST_F(CorpusTest, NoCrashAndErrorsAreOneLine) {
  for (const ManifestRow& row : manifest()) {
    SCOPED_TRACE(row.file);
    const ToolResult& r = results().at(row.file);
    ASSERT_EQ(r.signal, 0) << "crashed or timed out: " << r.err;
    ASSERT_TRUE(r.exit_code >= 0 && r.exit_code <= 2) << r.err;
    if (r.exit_code == 2) {
      // One line on standard error, naming the file; the summary still printed.
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_NE(r.err.find(row.file), std::string::npos) << r.err;
    } else {
      EXPECT_EQ(r.err, "");
    }
    std::vector<json> lines = json_lines(r.out);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back()["type"], "summary");
  }
}

TEST_F(CorpusTest, NegotiatedVersionsAreFound) {
  for (const ManifestRow& row : manifest()) {
    std::set<std::string> want = negotiated_versions(row.versions_seen);
    if (want.empty()) continue;
    SCOPED_TRACE(row.file + ": " + row.versions_seen);
    std::set<std::string> got;
    for (const json& j : json_lines(results().at(row.file).out))
      if (j["type"] == "handshake" && j["tls"]["version"].is_string()) got.insert(j["tls"]["version"].get<std::string>());
    for (const std::string& v : want) EXPECT_TRUE(got.count(v)) << "no handshake negotiated " << v;
  }
}

// Agreement with labels.json. The floors are what this version measured
// (see the README's corpus section); raise them as the analyzer improves.
constexpr double kOutcomeFloor = TLSANALYZE_CORPUS_OUTCOME_FLOOR;
constexpr double kCauseFloor = TLSANALYZE_CORPUS_CAUSE_FLOOR;

TEST_F(CorpusTest, AgreesWithLabels) {
  json labels = json::parse(read_file(kCorpus + "/labels.json"));
  int flows = 0, outcome_ok = 0, failed = 0, cause_ok = 0;
  std::string report;
  for (const json& capture : labels["captures"]) {
    if (!capture.contains("flows") || capture["flows"].is_null()) continue;
    auto it = results().find(capture["file"].get<std::string>());
    if (it == results().end()) continue;
    std::map<int, json> ours;
    for (const json& j : json_lines(it->second.out))
      if (j["type"] == "handshake") ours[j["client"]["port"].get<int>()] = j;
    for (const json& flow : capture["flows"]) {
      ++flows;
      int port = flow["client_port"].get<int>();
      std::string want_outcome = flow["handshake_outcome"];
      std::string want_cause = flow["root_cause"];
      std::set<std::string> acceptable = {want_cause};
      for (const json& alt : flow["root_cause_also_acceptable"]) acceptable.insert(alt.get<std::string>());
      auto o = ours.find(port);
      std::string got_outcome = o == ours.end() ? "not reported" : o->second["outcome"].get<std::string>();
      std::string got_cause = o == ours.end() ? "-" : o->second["cause"].get<std::string>();
      // When the tool is not sure it names the other readings; any of them
      // matching the label counts (the labels do the same).
      std::set<std::string> ours_possible = {got_cause};
      if (o != ours.end() && o->second["confidence"] != "high")
        for (const json& alt : o->second["also_possible"]) ours_possible.insert(alt.get<std::string>());
      // interception_suspected is the kind of unknown_ca the labels describe in words.
      if (got_cause == "interception_suspected") ours_possible.insert("unknown_ca");
      auto cause_matches = [&] {
        for (const std::string& c : ours_possible)
          if (acceptable.count(c)) return true;
        return false;
      };
      bool outcome_match = got_outcome == want_outcome || (acceptable.count("success") && got_outcome == "succeeded") ||
                           (want_outcome == "succeeded" && got_outcome == "failed" && acceptable.count(got_cause));
      if (outcome_match) ++outcome_ok;
      if (want_outcome == "failed") {
        ++failed;
        if (cause_matches()) ++cause_ok;
      }
      if (!outcome_match || (want_outcome == "failed" && !cause_matches()))
        report += "  " + capture["file"].get<std::string>() + " port " + std::to_string(port) + ": want " + want_outcome +
                  "/" + want_cause + ", got " + got_outcome + "/" + got_cause + "\n";
    }
  }
  double outcome_rate = flows ? static_cast<double>(outcome_ok) / flows : 0;
  double cause_rate = failed ? static_cast<double>(cause_ok) / failed : 0;
  std::printf("corpus agreement: outcome %d/%d (%.1f%%), cause of failed flows %d/%d (%.1f%%)\n", outcome_ok, flows,
              100 * outcome_rate, cause_ok, failed, 100 * cause_rate);
  std::printf("disagreements:\n%s", report.c_str());
  EXPECT_GE(outcome_rate, kOutcomeFloor);
  EXPECT_GE(cause_rate, kCauseFloor);
}

}  // namespace
}  // namespace tlsanalyze::testing
