// End-to-end tests of the command line itself: exit codes, and what the tool
// says on bad input. Every input error must give exit code 2, exactly one line
// on standard error naming the file (or the filter) and what is wrong, and —
// when packets were read before the damage — still report on standard output
// what was analysed before it (the handshakes, then the JSON summary).
// Damaged captures are derived from captures/tls12-success.pcap and written
// into ::testing::TempDir().
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/run_tool.h"
#include "tests/support/byte_writer.h"

namespace tlsanalyze::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSource = TLSANALYZE_SOURCE_DIR;
const std::string kSuccess = kSource + "/captures/tls12-success.pcap";
const std::string kNoSharedCipher = kSource + "/captures/tls12-no-shared-cipher.pcap";

// Sizes of the classic pcap format (pcap-savefile(5)): the global header, then
// per packet a record header (ts_sec, ts_usec, incl_len, orig_len) and the data.
constexpr std::size_t kGlobalHeaderSize = 24;
constexpr std::size_t kRecordHeaderSize = 16;
constexpr std::size_t kInclLenOffset = 8;  // within a record header

// RunOptions are the ways a run differs from a plain `tlsanalyze ARGS`.
struct RunOptions {
  std::string stdin_path;  // redirect standard input from this file
  std::string prefix;      // words run before the binary (e.g. setpriv ...)
};

// scratch_path is a file name in the test temporary directory, unique to this
// process, so parallel test processes (ctest -j) do not share files.
std::string scratch_path(const std::string& name) {
  return std::string(::testing::TempDir()) + "cli_test_" + std::to_string(getpid()) + "_" + name;
}

// run_cli runs the tool with `args` (bounded by a 120 s timeout), like
// run_tool, optionally with standard input from a file or under a prefix.
ToolResult run_cli(const std::vector<std::string>& args, const RunOptions& options = {}) {
  std::string cmd = options.prefix + (options.prefix.empty() ? "" : " ") + tool_command(args);
  cmd += " <" + shell_quote(options.stdin_path.empty() ? "/dev/null" : options.stdin_path);
  return run_command(cmd);
}

// stderr_lines splits standard error into its lines.
std::vector<std::string> stderr_lines(const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

// handshakes returns the handshake objects of JSON Lines output.
std::vector<json> handshakes(const std::vector<json>& lines) {
  std::vector<json> v;
  for (const json& j : lines)
    if (j["type"] == "handshake") v.push_back(j);
  return v;
}

// expect_one_error_line checks the input-error contract on standard error:
// one line, starting with the program name, containing every one of `needles`.
void expect_one_error_line(const ToolResult& r, const std::vector<std::string>& needles) {
  std::vector<std::string> lines = stderr_lines(r.err);
  ASSERT_EQ(lines.size(), 1u) << "stderr:\n" << r.err;
  EXPECT_EQ(lines[0].rfind("tlsanalyze: ", 0), 0u) << lines[0];
  for (const std::string& n : needles) EXPECT_NE(lines[0].find(n), std::string::npos) << "'" << n << "' not in: " << lines[0];
}

// expect_summary_last checks that JSON output ends with the run summary and
// returns it (null when absent).
json expect_summary_last(const std::vector<json>& lines) {
  EXPECT_FALSE(lines.empty()) << "no output";
  if (lines.empty()) return json();
  EXPECT_EQ(lines.back()["type"], "summary");
  return lines.back()["type"] == "summary" ? lines.back() : json();
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::string s = read_file(path);
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// le32 reads a little-endian u32 (our captures were written on x86).
std::uint32_t le32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

void put_le32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

// record_offsets returns where each packet record of a little-endian pcap
// starts, walking the incl_len fields.
std::vector<std::size_t> record_offsets(const std::vector<std::uint8_t>& pcap) {
  std::vector<std::size_t> at;
  std::size_t off = kGlobalHeaderSize;
  while (off + kRecordHeaderSize <= pcap.size()) {
    at.push_back(off);
    off += kRecordHeaderSize + le32(pcap, off + kInclLenOffset);
  }
  return at;
}

// PcapPacket is one packet for build_pcap.
struct PcapPacket {
  std::uint32_t ts_sec = 0;
  std::uint32_t ts_usec = 0;
  std::vector<std::uint8_t> data;
};

// build_pcap builds a big-endian classic pcap (libpcap reads either byte order).
std::vector<std::uint8_t> build_pcap(std::uint32_t linktype, const std::vector<PcapPacket>& packets) {
  ByteWriter w;
  w.u32(0xa1b2c3d4)  // magic_number: microsecond timestamps
      .u16(2)        // version_major
      .u16(4)        // version_minor
      .u32(0)        // thiszone
      .u32(0)        // sigfigs
      .u32(65535)    // snaplen
      .u32(linktype);
  for (const PcapPacket& p : packets) {
    w.u32(p.ts_sec)                                    // ts_sec
        .u32(p.ts_usec)                                // ts_usec
        .u32(static_cast<std::uint32_t>(p.data.size()))  // incl_len
        .u32(static_cast<std::uint32_t>(p.data.size()))  // orig_len
        .bytes(p.data);
  }
  return w.take();
}

// The reference run of the intact capture: its handshake, and how many
// packets the reader must have delivered for that verdict (the last packet
// its events cite).
struct Reference {
  json handshake;
  std::uint32_t packets_needed = 0;
};

Reference reference_run() {
  Reference ref;
  ToolResult r = run_cli({"--json", "-r", kSuccess});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<json> hs = handshakes(json_lines(r.out));
  EXPECT_EQ(hs.size(), 1u);
  if (hs.size() != 1) return ref;
  ref.handshake = hs[0];
  for (const json& e : hs[0]["events"]) ref.packets_needed = std::max(ref.packets_needed, e["packet"].get<std::uint32_t>());
  return ref;
}

// ---------------------------------------------------------------------------
// Help, version, exit codes

TEST(CliTest, HelpExitsZeroAndNamesTheMainOptions) {
  ToolResult r = run_cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  for (const char* option : {"-r", "-i", "--json", "--keylog", "--ca-file", "Exit status"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option << " not in --help";
}

TEST(CliTest, VersionExitsZero) {
  ToolResult r = run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("tlsanalyze ", 0), 0u) << r.out;
}

TEST(CliTest, ExitZeroWhenEveryHandshakeSucceeded) {
  ToolResult r = run_cli({"--json", "-r", kSuccess});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> lines = json_lines(r.out);
  std::vector<json> hs = handshakes(lines);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["outcome"], "succeeded");
  json summary = expect_summary_last(lines);
  EXPECT_EQ(summary["handshakes"], 1);
}

TEST(CliTest, ExitOneWhenAHandshakeFailed) {
  ToolResult r = run_cli({"--json", "-r", kNoSharedCipher});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> hs = handshakes(json_lines(r.out));
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["outcome"], "failed");
}

TEST(CliTest, ExitOneInTextModeToo) {
  ToolResult r = run_cli({"-r", kSuccess, "-r", kNoSharedCipher});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("FAILED"), std::string::npos);
}

TEST(CliTest, FilterThatExcludesEverythingGivesNoHandshakesAndExitZero) {
  ToolResult r = run_cli({"--json", "-r", kNoSharedCipher, "tcp port 1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> lines = json_lines(r.out);
  EXPECT_TRUE(handshakes(lines).empty());
  json summary = expect_summary_last(lines);
  EXPECT_EQ(summary["handshakes"], 0);
  EXPECT_EQ(summary["packets"]["packets"], 0);
}

// The filter may come as one word or several (as tcpdump takes it), before or
// after the options: -r takes exactly one FILE, so the words after it are the
// filter, not more files.
TEST(CliTest, FilterWordsAreNotTakenForFiles) {
  struct Case {
    const char* name;
    std::vector<std::string> args;
    std::size_t inputs;
    std::size_t handshakes;
  } cases[] = {
      {"one word after -r", {"--json", "-r", kSuccess, "tcp port 4433"}, 1, 1},
      {"several words after -r", {"--json", "-r", kSuccess, "tcp", "port", "4433"}, 1, 1},
      {"words before -r", {"--json", "tcp", "port", "1", "-r", kSuccess}, 1, 0},
      {"two -r then words", {"--json", "-r", kSuccess, "-r", kNoSharedCipher, "port", "4433"}, 2, 2},
      {"--keylog then words", {"--json", "--keylog", kSource + "/captures/tls12-success.keylog", "-r", kSuccess, "port", "1"}, 1, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ToolResult r = run_cli(c.args);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << " " << r.err;
    EXPECT_EQ(r.err, "");
    std::vector<json> lines = json_lines(r.out);
    EXPECT_EQ(handshakes(lines).size(), c.handshakes);
    json summary = expect_summary_last(lines);
    EXPECT_EQ(summary["inputs"].size(), c.inputs);
  }
}

// ---------------------------------------------------------------------------
// Usage errors

TEST(CliTest, UsageErrorsExitTwo) {
  struct Case {
    const char* name;
    std::vector<std::string> args;
    const char* says;
  } cases[] = {
      {"neither -r nor -i", {"--json"}, "either -r FILE"},
      {"-r and -i together", {"--json", "-r", kSuccess, "-i", "lo"}, "either -r FILE"},
      {"-r without its FILE", {"-r"}, "--read"},
      {"unknown option", {"--bogus", "-r", kSuccess}, "--bogus"},
      {"--expiring out of range", {"--expiring", "-5", "-r", kSuccess}, "--expiring"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ToolResult r = run_cli(c.args);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.signal, 0);
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    // Nothing was analysed, so nothing is reported.
    EXPECT_EQ(r.out, "");
  }
}

TEST(CliTest, MissingKeylogIsAnErrorBeforeAnyOutput) {
  std::string missing = scratch_path("no-such.keylog");
  ToolResult r = run_cli({"--json", "-r", kSuccess, "--keylog", missing});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {missing});
  EXPECT_EQ(r.out, "");
}

TEST(CliTest, MissingCaFileIsAnErrorBeforeAnyOutput) {
  std::string missing = scratch_path("no-such-ca.pem");
  ToolResult r = run_cli({"--json", "-r", kSuccess, "--ca-file", missing});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {missing});
  EXPECT_EQ(r.out, "");
}

TEST(CliTest, InvalidFilterNamesTheFilter) {
  ToolResult r = run_cli({"--json", "-r", kSuccess, "tcp port"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.signal, 0);
  expect_one_error_line(r, {"'tcp port'", "filter"});
  std::vector<json> lines = json_lines(r.out);
  EXPECT_TRUE(handshakes(lines).empty());
  json summary = expect_summary_last(lines);
  EXPECT_EQ(summary["packets"]["packets"], 0);
}

// A filter can compile for one link type and not another ("ether" means
// nothing on raw IP): the first input is still analysed and reported.
TEST(CliTest, FilterRejectedForALaterInputStillReportsTheFirst) {
  std::vector<std::uint8_t> pcap = read_bytes(kSuccess);
  std::vector<PcapPacket> raw;
  for (std::size_t at : record_offsets(pcap)) {
    PcapPacket p;
    p.ts_sec = le32(pcap, at);
    p.ts_usec = le32(pcap, at + 4);
    std::size_t begin = at + kRecordHeaderSize + 14;  // past the Ethernet header (IEEE 802.3)
    p.data.assign(pcap.begin() + static_cast<std::ptrdiff_t>(begin),
                  pcap.begin() + static_cast<std::ptrdiff_t>(at + kRecordHeaderSize + le32(pcap, at + kInclLenOffset)));
    raw.push_back(std::move(p));
  }
  std::string raw_path = scratch_path("raw-ip.pcap");
  write_bytes(raw_path, build_pcap(101, raw));  // LINKTYPE_RAW

  // Sanity: the raw-IP copy is analysed like the original without a filter.
  ToolResult plain = run_cli({"--json", "-r", raw_path});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(handshakes(json_lines(plain.out)).size(), 1u);

  ToolResult r = run_cli({"--json", "-r", kSuccess, "-r", raw_path, "ether host 02:00:00:00:00:01 or tcp"});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {"filter", "'ether host 02:00:00:00:00:01 or tcp'"});
  std::vector<json> lines = json_lines(r.out);
  std::vector<json> hs = handshakes(lines);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["capture"], kSuccess);
  json summary = expect_summary_last(lines);
  ASSERT_EQ(summary["inputs"].size(), 2u);
  EXPECT_TRUE(summary["inputs"][0]["error"].is_null());
  EXPECT_FALSE(summary["inputs"][1]["error"].is_null());
  std::remove(raw_path.c_str());
}

TEST(CliTest, UnknownInterfaceIsAnInputError) {
  ToolResult r = run_cli({"--json", "-i", "tlsa-nosuch0"});
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {"tlsa-nosuch0"});
  json summary = expect_summary_last(json_lines(r.out));
  EXPECT_EQ(summary["handshakes"], 0);
}

// ---------------------------------------------------------------------------
// Files that cannot be read as captures

// Each case: the file, and what the error line must say about it.
TEST(CliTest, UnreadableInputsExitTwoWithOneLine) {
  std::string missing = scratch_path("no-such.pcap");
  std::string directory = scratch_path("a-directory");
  fs::create_directories(directory);
  std::string empty = scratch_path("empty.pcap");
  write_bytes(empty, {});
  std::string random = scratch_path("random.pcap");
  std::mt19937 gen(20240607);
  std::vector<std::uint8_t> noise(4096);
  for (std::uint8_t& b : noise) b = static_cast<std::uint8_t>(gen());
  write_bytes(random, noise);
  std::string text = scratch_path("text.pcap");
  write_bytes(text, std::vector<std::uint8_t>({'G', 'E', 'T', ' ', '/', '\n'}));

  struct Case {
    const char* name;
    std::string path;
    const char* says;
  } cases[] = {
      {"missing file", missing, "No such file"},
      {"directory", directory, "directory"},
      {"empty file", empty, "truncated"},
      {"random bytes", random, "unknown file format"},
      {"short text", text, "unknown file format"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ToolResult r = run_cli({"--json", "-r", c.path});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.signal, 0);
    expect_one_error_line(r, {c.path, c.says});
    // The file is named once: libpcap's own copy of the path is not repeated.
    EXPECT_EQ(r.err.find(c.path), r.err.rfind(c.path)) << r.err;
    std::vector<json> lines = json_lines(r.out);
    EXPECT_TRUE(handshakes(lines).empty());
    json summary = expect_summary_last(lines);
    ASSERT_EQ(summary["inputs"].size(), 1u);
    EXPECT_EQ(summary["inputs"][0]["name"], c.path);
    EXPECT_FALSE(summary["inputs"][0]["error"].is_null());

    // Text mode: the same single line on stderr.
    ToolResult text_run = run_cli({"-r", c.path});
    EXPECT_EQ(text_run.exit_code, 2);
    EXPECT_EQ(text_run.err, r.err);
  }
  std::remove(empty.c_str());
  std::remove(random.c_str());
  std::remove(text.c_str());
  fs::remove(directory);
}

// Permission denied. Root reads any file, so as root the tool runs as
// nobody (setpriv) instead; without setpriv the case is skipped.
TEST(CliTest, PermissionDeniedExitsTwoWithOneLine) {
  std::string path = scratch_path("unreadable.pcap");
  fs::copy_file(kSuccess, path, fs::copy_options::overwrite_existing);
  ASSERT_EQ(chmod(path.c_str(), 0), 0);
  RunOptions options;
  if (geteuid() == 0) {
    options.prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    ToolResult probe = run_cli({"--version"}, options);
    if (probe.exit_code != 0) {
      std::remove(path.c_str());
      GTEST_SKIP() << "running as root and cannot run the tool as nobody with setpriv: " << probe.err;
    }
  }
  ToolResult r = run_cli({"--json", "-r", path}, options);
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {path, "Permission denied"});
  json summary = expect_summary_last(json_lines(r.out));
  EXPECT_EQ(summary["handshakes"], 0);
  std::remove(path.c_str());
}

// A capture with only its global header is a valid, empty capture.
TEST(CliTest, HeaderOnlyCaptureIsEmptyNotAnError) {
  std::vector<std::uint8_t> pcap = read_bytes(kSuccess);
  pcap.resize(kGlobalHeaderSize);
  std::string path = scratch_path("header-only.pcap");
  write_bytes(path, pcap);
  ToolResult r = run_cli({"--json", "-r", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json summary = expect_summary_last(json_lines(r.out));
  EXPECT_EQ(summary["handshakes"], 0);
  std::remove(path.c_str());
}

// Truncated copies of tls12-success.pcap: cut inside the global header, inside
// a record header and inside packet data, early and after the handshake's last
// packet. Whatever whole packets came before the cut are analysed and reported.
TEST(CliTest, TruncatedCaptureReportsWhatCameBefore) {
  Reference ref = reference_run();
  ASSERT_GT(ref.packets_needed, 0u);
  std::vector<std::uint8_t> pcap = read_bytes(kSuccess);
  std::vector<std::size_t> records = record_offsets(pcap);
  ASSERT_GT(records.size(), ref.packets_needed + 1);
  // Record `ref.packets_needed` (0-based) is the first packet after the
  // handshake's last cited packet.
  std::size_t after = records[ref.packets_needed];
  struct Case {
    std::string name;
    std::size_t cut;
    const char* says;  // in libpcap's words
  } cases[] = {
      {"inside the magic number", 3, "truncated"},
      {"inside the global header", 10, "truncated"},
      {"one byte short of the global header", kGlobalHeaderSize - 1, "truncated"},
      {"inside the first record header", kGlobalHeaderSize + 6, "truncated"},
      {"first record header only", kGlobalHeaderSize + kRecordHeaderSize, "truncated"},
      {"inside the first packet's data", kGlobalHeaderSize + kRecordHeaderSize + 10, "truncated"},
      {"inside a record header after the handshake", after + 8, "truncated"},
      {"inside packet data after the handshake", after + kRecordHeaderSize + 20, "truncated"},
      {"last byte missing", pcap.size() - 1, "truncated"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name + " (cut at byte " + std::to_string(c.cut) + ")");
    std::vector<std::uint8_t> cut(pcap.begin(), pcap.begin() + static_cast<std::ptrdiff_t>(c.cut));
    std::string path = scratch_path("truncated.pcap");
    write_bytes(path, cut);
    std::uint64_t whole_packets = 0;
    for (std::size_t at : records)
      if (at + kRecordHeaderSize + le32(pcap, at + kInclLenOffset) <= c.cut) ++whole_packets;

    ToolResult r = run_cli({"--json", "-r", path});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.signal, 0);
    expect_one_error_line(r, {path, c.says});
    std::vector<json> lines = json_lines(r.out);
    json summary = expect_summary_last(lines);
    EXPECT_EQ(summary["packets"]["packets"], whole_packets);
    ASSERT_EQ(summary["inputs"].size(), 1u);
    EXPECT_EQ(summary["inputs"][0]["packets"], whole_packets);
    std::vector<json> hs = handshakes(lines);
    if (whole_packets >= ref.packets_needed) {
      ASSERT_EQ(hs.size(), 1u);
      EXPECT_EQ(hs[0]["outcome"], "succeeded");
      EXPECT_EQ(hs[0]["events"], ref.handshake["events"]);
    } else if (whole_packets == 0) {
      EXPECT_TRUE(hs.empty());
    }
    std::remove(path.c_str());
  }
}

// Cut one byte either side of every record boundary: never a crash, always
// exit 2 and one line, and the packet count is exactly the whole records.
TEST(CliTest, TruncatedAroundEveryRecordBoundary) {
  std::vector<std::uint8_t> pcap = read_bytes(kSuccess);
  std::vector<std::size_t> records = record_offsets(pcap);
  std::string path = scratch_path("truncated-boundary.pcap");
  for (std::size_t i = 1; i < records.size(); ++i) {
    for (std::size_t cut : {records[i] - 1, records[i] + 1}) {
      SCOPED_TRACE("cut at byte " + std::to_string(cut));
      write_bytes(path, std::vector<std::uint8_t>(pcap.begin(), pcap.begin() + static_cast<std::ptrdiff_t>(cut)));
      ToolResult r = run_cli({"--json", "-r", path});
      EXPECT_EQ(r.exit_code, 2);
      EXPECT_EQ(r.signal, 0);
      EXPECT_EQ(stderr_lines(r.err).size(), 1u) << r.err;
      json summary = expect_summary_last(json_lines(r.out));
      EXPECT_EQ(summary["packets"]["packets"], cut < records[i] ? i - 1 : i);
    }
  }
  std::remove(path.c_str());
}

// A record header whose incl_len is absurd must not make the reader allocate
// or read it: an error after the packets before it, which are reported.
TEST(CliTest, HugeCaptureLengthIsAnErrorAfterThePacketsBefore) {
  Reference ref = reference_run();
  ASSERT_GT(ref.packets_needed, 0u);
  std::vector<std::uint8_t> pcap = read_bytes(kSuccess);
  std::vector<std::size_t> records = record_offsets(pcap);
  ASSERT_GT(records.size(), ref.packets_needed);
  for (std::uint32_t caplen : {0x7fffffffu, 0xffffffffu, 300000u}) {
    SCOPED_TRACE("incl_len " + std::to_string(caplen));
    std::vector<std::uint8_t> corrupt = pcap;
    put_le32(corrupt, records[ref.packets_needed] + kInclLenOffset, caplen);
    std::string path = scratch_path("huge-caplen.pcap");
    write_bytes(path, corrupt);
    ToolResult r = run_cli({"--json", "-r", path});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.signal, 0);
    expect_one_error_line(r, {path, std::to_string(caplen)});
    std::vector<json> lines = json_lines(r.out);
    std::vector<json> hs = handshakes(lines);
    ASSERT_EQ(hs.size(), 1u);
    EXPECT_EQ(hs[0]["outcome"], "succeeded");
    json summary = expect_summary_last(lines);
    EXPECT_EQ(summary["inputs"][0]["packets"], ref.packets_needed);
    std::remove(path.c_str());
  }
}

TEST(CliTest, UnsupportedLinkTypeExitsTwo) {
  PcapPacket packet;
  packet.ts_sec = 1700000000;
  packet.data = {0xde, 0xad, 0xbe, 0xef};
  std::string path = scratch_path("user0.pcap");
  write_bytes(path, build_pcap(147, {packet}));  // LINKTYPE_USER0
  ToolResult r = run_cli({"--json", "-r", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.signal, 0);
  expect_one_error_line(r, {path, "unsupported link type 147"});
  json summary = expect_summary_last(json_lines(r.out));
  EXPECT_EQ(summary["handshakes"], 0);
  EXPECT_FALSE(summary["inputs"][0]["error"].is_null());
  std::remove(path.c_str());
}

// ---------------------------------------------------------------------------
// Several inputs, standard input

TEST(CliTest, MissingSecondFileStillReportsTheOthers) {
  std::string missing = scratch_path("second-missing.pcap");
  ToolResult r = run_cli({"--json", "-r", kSuccess, "-r", missing, "-r", kNoSharedCipher});
  // An input error outranks a failed handshake.
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {missing, "No such file"});
  std::vector<json> lines = json_lines(r.out);
  std::vector<json> hs = handshakes(lines);
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[0]["capture"], kSuccess);
  EXPECT_EQ(hs[0]["outcome"], "succeeded");
  EXPECT_EQ(hs[1]["capture"], kNoSharedCipher);
  EXPECT_EQ(hs[1]["outcome"], "failed");
  json summary = expect_summary_last(lines);
  ASSERT_EQ(summary["inputs"].size(), 3u);
  EXPECT_TRUE(summary["inputs"][0]["error"].is_null());
  EXPECT_EQ(summary["inputs"][1]["name"], missing);
  EXPECT_FALSE(summary["inputs"][1]["error"].is_null());
  EXPECT_TRUE(summary["inputs"][2]["error"].is_null());
}

TEST(CliTest, ReadsStandardInput) {
  RunOptions options;
  options.stdin_path = kSuccess;
  ToolResult r = run_cli({"--json", "-r", "-"}, options);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> lines = json_lines(r.out);
  std::vector<json> hs = handshakes(lines);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["capture"], "<stdin>");
  EXPECT_EQ(hs[0]["outcome"], "succeeded");
  // Same analysis as from the file.
  EXPECT_EQ(hs[0]["events"], reference_run().handshake["events"]);
}

TEST(CliTest, ReadsStandardInputThroughAPipe) {
  ToolResult r = run_command("cat " + shell_quote(kNoSharedCipher) + " | timeout 120 " + shell_quote(TLSANALYZE_BINARY) +
                             " --json -r -");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<json> hs = handshakes(json_lines(r.out));
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["outcome"], "failed");
}

TEST(CliTest, EmptyStandardInputIsAnInputError) {
  ToolResult r = run_cli({"--json", "-r", "-"});  // stdin is /dev/null
  EXPECT_EQ(r.exit_code, 2);
  expect_one_error_line(r, {"<stdin>", "truncated"});
  expect_summary_last(json_lines(r.out));
}

// Ctrl-C while reading a pipe that has not ended: the blocked read returns,
// and the run ends cleanly with the handshakes so far and the summary.
TEST(CliTest, InterruptWhileReadingAPipeEndsWithTheSummary) {
  std::string fifo = scratch_path("interrupt.fifo");
  std::string out_path = scratch_path("interrupted.jsonl");
  std::string rc_path = scratch_path("interrupted.rc");
  std::remove(fifo.c_str());
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // The script holds the FIFO's write end open (fd 3) after writing the
  // capture, so the tool's read blocks; it waits (bounded) for the handshake
  // line, interrupts the tool, and waits (bounded) for it to end.
  std::string script =
      shell_quote(TLSANALYZE_BINARY) + " --json -r - <" + shell_quote(fifo) + " >" + shell_quote(out_path) +
      " & pid=$!\n"
      "exec 3>" + shell_quote(fifo) + "\n"
      "cat " + shell_quote(kSuccess) + " >&3\n"
      "n=100; while [ $n -gt 0 ] && ! grep -q '\"type\":\"handshake\"' " + shell_quote(out_path) +
      " 2>/dev/null; do sleep 0.1; n=$((n-1)); done\n"
      "kill -INT $pid\n"
      // kill -0 succeeds on a zombie: look at the state in /proc too.
      "n=100; while [ $n -gt 0 ] && [ \"$(cut -d' ' -f3 /proc/$pid/stat 2>/dev/null)\" != Z ] && kill -0 $pid 2>/dev/null; "
      "do sleep 0.1; n=$((n-1)); done\n"
      "kill -KILL $pid 2>/dev/null\n"
      "wait $pid; echo $? >" + shell_quote(rc_path) + "\n"
      "exec 3>&-\n";
  ToolResult r = run_command("timeout 60 sh -c " + shell_quote(script));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(rc_path), "0\n") << "tlsanalyze did not end by itself after SIGINT";
  std::vector<json> lines = json_lines(read_file(out_path));
  std::vector<json> hs = handshakes(lines);
  ASSERT_EQ(hs.size(), 1u);
  EXPECT_EQ(hs[0]["outcome"], "succeeded");
  json summary = expect_summary_last(lines);
  EXPECT_EQ(summary["handshakes"], 1);
  EXPECT_TRUE(summary["inputs"][0]["error"].is_null());
  std::remove(fifo.c_str());
  std::remove(out_path.c_str());
  std::remove(rc_path.c_str());
}

}  // namespace
}  // namespace tlsanalyze::testing
