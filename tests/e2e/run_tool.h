// run_tool: runs the tlsanalyze binary built alongside the tests and captures
// its standard output, standard error and exit status, for end-to-end tests.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tlsanalyze::testing {

// ToolResult is what one run produced.
struct ToolResult {
  std::string out;
  std::string err;
  int exit_code = -1;    // -1 when killed by a signal
  int signal = 0;        // the signal that killed it (a crash), 0 otherwise
};

// shell_quote wraps an argument in single quotes for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// run_command runs a /bin/sh command line with its standard output captured
// and its standard error written to a file unique to this process and call
// (ctest runs test cases in parallel), and reports both and the exit status.
inline ToolResult run_command(const std::string& command) {
  static int calls = 0;
  std::string err_path = std::string(::testing::TempDir()) + "tlsanalyze_stderr_" + std::to_string(getpid()) + "_" +
                         std::to_string(++calls) + ".txt";
  std::string cmd = command + " 2>" + shell_quote(err_path);
  ToolResult r;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 65536> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  int status = pclose(pipe);
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    // timeout(1) and sh report a child killed by a signal as 128+N.
    if (r.exit_code > 128 && r.exit_code != 255) r.signal = r.exit_code - 128;
    if (r.exit_code == 124) r.signal = -1;  // timed out
  } else if (WIFSIGNALED(status)) {
    r.signal = WTERMSIG(status);
  }
  std::ifstream err(err_path);
  std::stringstream ss;
  ss << err.rdbuf();
  r.err = ss.str();
  std::remove(err_path.c_str());
  return r;
}

// tool_command is the shell command line that runs TLSANALYZE_BINARY with
// `args`, bounded by a 120 s timeout.
inline std::string tool_command(const std::vector<std::string>& args) {
  std::string cmd = "timeout 120 " + shell_quote(TLSANALYZE_BINARY);
  for (const std::string& a : args) cmd += " " + shell_quote(a);
  return cmd;
}

// run_tool runs TLSANALYZE_BINARY with `args`.
inline ToolResult run_tool(const std::vector<std::string>& args) { return run_command(tool_command(args)); }

// json_lines parses JSON Lines output; malformed lines make the test fail.
inline std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    v.push_back(nlohmann::json::parse(line));
  }
  return v;
}

// read_file returns a file's contents, empty if it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// split_tabs splits one TSV line.
inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  std::string cur;
  for (char c : line) {
    if (c == '\t') {
      cols.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  cols.push_back(cur);
  return cols;
}

}  // namespace tlsanalyze::testing
