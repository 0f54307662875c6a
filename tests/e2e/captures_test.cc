// End-to-end tests over the captures in captures/, made by real TLS stacks:
// each handshake's verdict must match captures/expected.tsv, and the whole
// JSON output must match tests/golden/<capture>.jsonl. Set
// TLSANALYZE_UPDATE_GOLDEN=1 to rewrite the golden files after reviewing a change.
#include <gtest/gtest.h>

#include <cstdlib>
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

const std::string kSource = TLSANALYZE_SOURCE_DIR;

struct Expectation {
  std::string file, client_port, outcome, failed_at, alert_sender, alert_code, alert_encrypted, tcp_end, cause;
};

std::vector<Expectation> load_expectations() {
  std::vector<Expectation> rows;
  std::ifstream in(kSource + "/captures/expected.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> c = split_tabs(line);
    if (c.size() < 9) continue;
    rows.push_back({c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]});
  }
  return rows;
}

// The arguments every end-to-end run uses: the capture, its key log if one
// was recorded, and the test PKI's root as trust store (what the clients used),
// so results do not depend on the machine's CA bundle.
std::vector<std::string> args_for(const std::string& file) {
  std::string pcap = kSource + "/captures/" + file;
  std::vector<std::string> args = {"--json", "-r", pcap, "--ca-file", kSource + "/captures/certs/root.pem"};
  std::string keylog = pcap.substr(0, pcap.size() - 5) + ".keylog";
  if (fs::exists(keylog)) {
    args.push_back("--keylog");
    args.push_back(keylog);
  }
  return args;
}

std::string json_str(const json& j) { return j.is_null() ? "-" : j.is_string() ? j.get<std::string>() : j.dump(); }

TEST(CapturesTest, EveryCaptureHasExpectations) {
  std::vector<Expectation> rows = load_expectations();
  ASSERT_FALSE(rows.empty());
  for (const auto& entry : fs::directory_iterator(kSource + "/captures")) {
    if (entry.path().extension() != ".pcap" && entry.path().extension() != ".pcapng") continue;
    std::string name = entry.path().filename().string();
    bool listed = std::any_of(rows.begin(), rows.end(), [&](const Expectation& e) { return e.file == name; });
    EXPECT_TRUE(listed) << name << " has no row in captures/expected.tsv";
  }
}

TEST(CapturesTest, VerdictsMatchExpectations) {
  std::map<std::string, std::vector<json>> outputs;
  for (const Expectation& e : load_expectations()) {
    SCOPED_TRACE(e.file + " client port " + e.client_port);
    if (!outputs.count(e.file)) {
      ToolResult r = run_tool(args_for(e.file));
      ASSERT_EQ(r.signal, 0) << r.err;
      ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
      EXPECT_EQ(r.err, "");
      outputs[e.file] = json_lines(r.out);
    }
    const json* found = nullptr;
    for (const json& j : outputs[e.file])
      if (j["type"] == "handshake" && (e.client_port == "*" || std::to_string(j["client"]["port"].get<int>()) == e.client_port))
        found = &j;
    ASSERT_NE(found, nullptr) << "no handshake reported";
    const json& h = *found;
    EXPECT_EQ(h["outcome"], e.outcome);
    EXPECT_EQ(json_str(h["failed_at"]), e.failed_at);
    // The cause must be the expected one, or, when the tool is not sure, one
    // of the alternatives it names.
    std::string cause = h["cause"];
    bool acceptable = cause == e.cause;
    if (!acceptable && h["confidence"] != "high")
      for (const json& alt : h["also_possible"]) acceptable |= alt == e.cause;
    EXPECT_TRUE(acceptable) << "cause " << cause << " (" << h["confidence"] << "), expected " << e.cause
                            << "\n" << h["explanation"];
    if (e.alert_code != "-") {
      const json& end = h["ended_by"];
      ASSERT_FALSE(end.is_null());
      EXPECT_EQ(json_str(end["from"]), e.alert_sender);
      EXPECT_EQ(end["encrypted"], e.alert_encrypted == "yes");
      // An encrypted alert's code is known only with the capture's key log.
      if (!end["code"].is_null()) EXPECT_EQ(std::to_string(end["code"].get<int>()), e.alert_code);
      else EXPECT_EQ(e.alert_encrypted, "yes");
    }
  }
}

// The same captures without their key logs: what a user without
// SSLKEYLOGFILE sees. The verdict must still be right, or (where only keys can
// tell) name the expected cause among the alternatives.
TEST(CapturesTest, VerdictsWithoutKeylogs) {
  // Without keys, curl's post-handshake rejection looks like a probe that
  // connects and leaves: reported as a success that names the mismatch as possible.
  const std::map<std::string, std::string> keyless_outcome = {{"tls13-hostname-curl.pcap", "succeeded"}};
  int checked = 0;
  for (const Expectation& e : load_expectations()) {
    std::vector<std::string> args = args_for(e.file);
    auto it = std::find(args.begin(), args.end(), "--keylog");
    if (it == args.end()) continue;
    args.erase(it, it + 2);
    SCOPED_TRACE(e.file + " client port " + e.client_port + " (no key log)");
    ToolResult r = run_tool(args);
    ASSERT_EQ(r.signal, 0) << r.err;
    const json* found = nullptr;
    std::vector<json> lines = json_lines(r.out);
    for (const json& j : lines)
      if (j["type"] == "handshake" && (e.client_port == "*" || std::to_string(j["client"]["port"].get<int>()) == e.client_port))
        found = &j;
    ASSERT_NE(found, nullptr);
    const json& h = *found;
    auto special = keyless_outcome.find(e.file);
    EXPECT_EQ(h["outcome"], special != keyless_outcome.end() ? special->second : e.outcome);
    bool acceptable = h["cause"] == e.cause;
    for (const json& alt : h["also_possible"]) acceptable |= alt == e.cause;
    EXPECT_TRUE(acceptable) << "cause " << h["cause"] << ", expected " << e.cause << " among the alternatives";
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

// FAILURES.md 4: a certificate that differs from the one other connections
// to the same name received is how an intercepting proxy shows itself, even
// when its CA's name gives nothing away.
TEST(CapturesTest, CertificateChangeAcrossFlowsSuggestsInterception) {
  std::string dir = kSource + "/captures/";
  ToolResult r = run_tool({"--json", "-r", dir + "tls12-success.pcap", "-r", dir + "tls12-unknown-ca.pcap", "--ca-file",
                           dir + "certs/root.pem"});
  ASSERT_EQ(r.signal, 0) << r.err;
  std::vector<json> lines = json_lines(r.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[0]["outcome"], "succeeded");
  const json& second = lines[1];
  EXPECT_EQ(second["cause"], "interception_suspected");
  EXPECT_EQ(second["confidence"], "medium");
  EXPECT_NE(std::find(second["also_possible"].begin(), second["also_possible"].end(), "unknown_ca"),
            second["also_possible"].end());
  EXPECT_NE(second["explanation"].get<std::string>().find("earlier successful connections to server.example.com"),
            std::string::npos);
  // Alone, the same capture is an unknown CA: the history made the difference.
  ToolResult alone = run_tool({"--json", "-r", dir + "tls12-unknown-ca.pcap", "--ca-file", dir + "certs/root.pem"});
  EXPECT_EQ(json_lines(alone.out)[0]["cause"], "unknown_ca");
}

TEST(CapturesTest, JsonMatchesGolden) {
  bool update = std::getenv("TLSANALYZE_UPDATE_GOLDEN") != nullptr;
  std::set<std::string> files;
  for (const Expectation& e : load_expectations()) files.insert(e.file);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    ToolResult r = run_tool(args_for(file));
    ASSERT_EQ(r.signal, 0);
    // Paths differ between checkouts: keep them relative in the golden files.
    std::string out = r.out;
    for (std::size_t at; (at = out.find(kSource + "/")) != std::string::npos;) out.erase(at, kSource.size() + 1);
    std::string golden_path = kSource + "/tests/golden/" + file.substr(0, file.rfind('.')) + ".jsonl";
    if (update) {
      std::ofstream(golden_path, std::ios::binary) << out;
      continue;
    }
    std::string golden = read_file(golden_path);
    ASSERT_FALSE(golden.empty()) << "missing " << golden_path << " (run with TLSANALYZE_UPDATE_GOLDEN=1)";
    std::vector<json> want = json_lines(golden), got = json_lines(out);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_TRUE(got[i] == want[i]) << "object " << i << " differs from the golden file (JSON patch from golden to output):\n"
                                     << json::diff(want[i], got[i]).dump(1);
  }
}

TEST(CapturesTest, TextReportRunsOnEveryCapture) {
  std::set<std::string> files;
  for (const Expectation& e : load_expectations()) files.insert(e.file);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    std::vector<std::string> args = args_for(file);
    args.erase(args.begin());  // text, not --json
    args.push_back("--verbose");
    ToolResult r = run_tool(args);
    ASSERT_EQ(r.signal, 0) << r.err;
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1);
    EXPECT_NE(r.out.find("== Summary"), std::string::npos);
  }
}

}  // namespace
}  // namespace tlsanalyze::testing
