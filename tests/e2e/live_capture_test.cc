// End-to-end test of live capture (-i): tlsanalyze captures on the loopback
// interface of a private network namespace (unshare -n) while openssl makes
// one handshake that succeeds and one that fails, then Ctrl-C (SIGINT) ends
// the run. The namespace has no interface but lo, so nothing is sent to or
// heard from another host. Needs root, unshare, ip and openssl; without them
// the test is skipped with the reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/e2e/run_tool.h"

namespace tlsanalyze::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSource = TLSANALYZE_SOURCE_DIR;

// The scenario, run by `sh` inside the namespace. Every wait is bounded (the
// longest 10 s); the test itself bounds the whole script to 60 s.
constexpr const char* kScript = R"SCRIPT(# Live capture scenario; runs inside `unshare -n`, a private network namespace
# whose only interface is lo, so nothing here can reach another host.
# Arguments: the tlsanalyze binary, the test PKI directory, the output directory.
# Writes into the output directory: out.jsonl (the tool's stdout), err.txt,
# before_sigint.jsonl (stdout as it was before SIGINT), tool.rc, client*.rc,
# and `skip` or `error` with one line of reason when the scenario could not run.
set -u
BIN=$1 CERTS=$2 D=$3
skip() { echo "$*" >"$D/skip"; exit 0; }
error() { echo "$*" >"$D/error"; cleanup; exit 0; }
TOOL= SRV=
cleanup() {
  [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
  [ -n "$TOOL" ] && kill -KILL "$TOOL" 2>/dev/null
}
# wait_for TRIES CMD...: runs CMD every 0.1 s until it succeeds, at most TRIES times.
wait_for() {
  n=$1; shift
  while [ "$n" -gt 0 ]; do
    "$@" && return 0
    n=$((n - 1)); sleep 0.1
  done
  return 1
}
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) is not installed"
ip link set lo up 2>"$D/ip.err" || skip "cannot bring lo up in the namespace: $(cat "$D/ip.err")"

# The tool runs in a subshell that records its exit status when it ends.
( "$BIN" -i lo --json --ca-file "$CERTS/root.pem" tcp port 4433 >"$D/out.jsonl" 2>"$D/err.txt" &
  echo $! >"$D/tool.pid"; wait $!; echo $? >"$D/tool.rc" ) &
wait_for 50 test -s "$D/tool.pid" || error "tlsanalyze did not start"
TOOL=$(cat "$D/tool.pid")
# Capturing once a packet socket is bound to lo (ifindex 1) and running.
capturing() { awk 'NR > 1 && $5 == 1 && $6 == 1 { f = 1 } END { exit !f }' /proc/net/packet; }
wait_for 50 capturing || error "tlsanalyze did not start capturing: $(cat "$D/err.txt")"

# s_server quits on EOF on stdin: give it a FIFO opened read-write (never EOF).
mkfifo "$D/server.in"
openssl s_server -accept 127.0.0.1:4433 -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
  -cert_chain "$CERTS/inter.pem" <>"$D/server.in" >"$D/server.log" 2>&1 &
SRV=$!
# 4433 is 0x1151; state 0A is LISTEN.
listening() { grep -q ' 0100007F:1151 00000000:0000 0A ' /proc/net/tcp; }
wait_for 50 listening || error "s_server did not listen: $(cat "$D/server.log")"

# One handshake that succeeds: the client trusts the test root.
echo hello | timeout 10 openssl s_client -connect 127.0.0.1:4433 -servername server.example.com \
  -verify_hostname server.example.com -CAfile "$CERTS/root.pem" -verify_return_error \
  >"$D/client1.log" 2>&1
echo $? >"$D/client1.rc"
# One that fails: the client trusts another root, so it rejects the server's
# chain with a plaintext fatal alert unknown_ca(48) (RFC 5246, section 7.2.2).
echo hello | timeout 10 openssl s_client -connect 127.0.0.1:4433 -tls1_2 -servername server.example.com \
  -CAfile "$CERTS/other-root.pem" -verify_return_error >"$D/client2.log" 2>&1
echo $? >"$D/client2.rc"

# Both verdicts must be on stdout while the tool still runs (flushed per line).
two_lines() { [ "$(grep -c '"type":"handshake"' "$D/out.jsonl")" -ge 2 ]; }
wait_for 100 two_lines
cp "$D/out.jsonl" "$D/before_sigint.jsonl"

kill -INT "$TOOL"
wait_for 100 test -s "$D/tool.rc" || error "tlsanalyze did not exit within 10 s of SIGINT"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
exit 0
)SCRIPT";

bool have_command(const std::string& name) {
  return std::system(("command -v " + shell_quote(name) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

TEST(LiveCaptureTest, ReportsLoopbackHandshakesAndEndsCleanlyOnSigint) {
  if (geteuid() != 0) GTEST_SKIP() << "live capture in a network namespace needs root";
  for (const char* tool : {"unshare", "openssl", "timeout"})
    if (!have_command(tool)) GTEST_SKIP() << tool << " is not installed";
  if (std::system("unshare -n true >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "cannot create a network namespace (unshare -n)";

  std::string dir = std::string(::testing::TempDir()) + "live_capture_" + std::to_string(getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string script_path = dir + "/scenario.sh";
  {
    std::ofstream out(script_path);
    out << kScript;
  }
  std::string cmd = "timeout 60 unshare -n sh " + shell_quote(script_path) + " " + shell_quote(TLSANALYZE_BINARY) + " " +
                    shell_quote(kSource + "/captures/certs") + " " + shell_quote(dir) + " >" +
                    shell_quote(dir + "/script.log") + " 2>&1";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "scenario did not finish (status " << status << "):\n" << read_file(dir + "/script.log");
  if (fs::exists(dir + "/skip")) GTEST_SKIP() << trimmed(read_file(dir + "/skip"));
  ASSERT_FALSE(fs::exists(dir + "/error")) << trimmed(read_file(dir + "/error")) << "\ntlsanalyze stderr: "
                                           << read_file(dir + "/err.txt") << "\nserver: " << read_file(dir + "/server.log");

  // The scenario itself: the first client succeeded, the second did not.
  EXPECT_EQ(trimmed(read_file(dir + "/client1.rc")), "0") << read_file(dir + "/client1.log");
  EXPECT_NE(trimmed(read_file(dir + "/client2.rc")), "0") << read_file(dir + "/client2.log");

  // SIGINT ended the run by itself, with exit code 1: a handshake failed.
  EXPECT_EQ(trimmed(read_file(dir + "/tool.rc")), "1");
  EXPECT_EQ(read_file(dir + "/err.txt"), "");

  std::vector<json> lines = json_lines(read_file(dir + "/out.jsonl"));
  ASSERT_EQ(lines.size(), 3u) << read_file(dir + "/out.jsonl");
  const json* succeeded = nullptr;
  const json* failed = nullptr;
  for (std::size_t i = 0; i < 2; ++i) {
    const json& h = lines[i];
    ASSERT_EQ(h["type"], "handshake");
    EXPECT_EQ(h["capture"], "lo");
    EXPECT_EQ(h["client"]["ip"], "127.0.0.1");
    EXPECT_EQ(h["server"]["ip"], "127.0.0.1");
    EXPECT_EQ(h["server"]["port"], 4433);
    if (h["outcome"] == "succeeded") succeeded = &h;
    if (h["outcome"] == "failed") failed = &h;
  }
  ASSERT_NE(succeeded, nullptr);
  EXPECT_EQ((*succeeded)["cause"], "success");
  EXPECT_EQ((*succeeded)["tls"]["sni"], "server.example.com");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ((*failed)["cause"], "unknown_ca");
  EXPECT_EQ((*failed)["tls"]["version"], "TLS1.2");
  const json& end = (*failed)["ended_by"];
  ASSERT_TRUE(end.is_object());
  EXPECT_EQ(end["from"], "client");
  EXPECT_EQ(end["code"], 48);
  EXPECT_EQ(end["encrypted"], false);

  // The summary comes last: Ctrl-C ends the run cleanly.
  const json& summary = lines[2];
  ASSERT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["handshakes"], 2);
  EXPECT_EQ(summary["outcomes"]["succeeded"], 1);
  EXPECT_EQ(summary["outcomes"]["failed"], 1);
  ASSERT_EQ(summary["inputs"].size(), 1u);
  EXPECT_EQ(summary["inputs"][0]["name"], "lo");
  EXPECT_TRUE(summary["inputs"][0]["error"].is_null());
  EXPECT_GT(summary["inputs"][0]["packets"].get<int>(), 0);

  // Each verdict was written (flushed) while the tool was still running.
  std::vector<json> before = json_lines(read_file(dir + "/before_sigint.jsonl"));
  ASSERT_EQ(before.size(), 2u) << "handshake lines not on stdout before SIGINT";
  EXPECT_EQ(before[0], lines[0]);
  EXPECT_EQ(before[1], lines[1]);

  fs::remove_all(dir);
}

}  // namespace
}  // namespace tlsanalyze::testing
