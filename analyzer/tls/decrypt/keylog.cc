#include "analyzer/tls/decrypt/keylog.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <system_error>

namespace tlsanalyze::analyzer {
namespace {

// LabelInfo maps a key log label to the SessionSecrets field it fills.
struct LabelInfo {
  std::string_view label;
  std::vector<std::uint8_t> SessionSecrets::*field;
  // master_secret is always 48 bytes (RFC 5246 8.1); TLS 1.3 secrets are
  // Hash.length (RFC 8446 7.1), 32 or 48 for the suites of RFC 8446 B.4.
  bool is_master_secret;
};

constexpr LabelInfo kLabels[] = {
    {"CLIENT_RANDOM", &SessionSecrets::master_secret, true},
    {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", &SessionSecrets::client_handshake_traffic_secret, false},
    {"SERVER_HANDSHAKE_TRAFFIC_SECRET", &SessionSecrets::server_handshake_traffic_secret, false},
    {"CLIENT_TRAFFIC_SECRET_0", &SessionSecrets::client_traffic_secret_0, false},
    {"SERVER_TRAFFIC_SECRET_0", &SessionSecrets::server_traffic_secret_0, false},
    {"CLIENT_EARLY_TRAFFIC_SECRET", &SessionSecrets::client_early_traffic_secret, false},
    {"EXPORTER_SECRET", &SessionSecrets::exporter_secret, false},
    {"EARLY_EXPORTER_SECRET", &SessionSecrets::early_exporter_secret, false},
};

constexpr std::size_t kMasterSecretLength = 48;
constexpr std::size_t kSha256Length = 32;
constexpr std::size_t kSha384Length = 48;
constexpr std::size_t kReadChunk = 64 * 1024;
// The UTF-8 byte order mark some Windows editors put at the start of a file;
// left in place it would glue itself to the first label and lose that line.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

const LabelInfo* find_label(std::string_view label) {
  for (const LabelInfo& info : kLabels)
    if (info.label == label) return &info;
  return nullptr;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// next_token splits the first whitespace-separated token off `s`. The NSS
// format says one space, but hand-edited files use tabs or double spaces.
std::string_view next_token(std::string_view& s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  std::size_t end = 0;
  while (end < s.size() && !is_space(s[end])) ++end;
  std::string_view token = s.substr(0, end);
  s.remove_prefix(end);
  return token;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// decode_hex writes hex.size()/2 bytes to `out`; false on an odd length or a
// non-hex digit (out is then partly written and must be discarded).
bool decode_hex(std::string_view hex, std::uint8_t* out) {
  if (hex.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = hex_value(hex[i]);
    int lo = hex_value(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i / 2] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

bool secret_length_ok(const LabelInfo& info, std::size_t length) {
  if (info.is_master_secret) return length == kMasterSecretLength;
  return length == kSha256Length || length == kSha384Length;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::size_t KeyLog::ClientRandomHash::operator()(const ClientRandom& random) const {
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
}

bool KeyLog::load(const std::string& path, std::string& error) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    error = "cannot open key log " + path + ": " + std::generic_category().message(errno);
    return false;
  }
  first_line_ = true;
  std::vector<char> buffer(kReadChunk);
  for (;;) {
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    feed(std::string_view(buffer.data(), n));
    if (n == buffer.size()) continue;
    if (std::ferror(file.get())) {
      // e.g. EISDIR: fopen() accepts a directory, the first read fails.
      int saved = errno;
      line_.clear();
      line_overflow_ = false;
      error = "cannot read key log " + path + ": " + std::generic_category().message(saved);
      return false;
    }
    break;
  }
  if (!line_.empty() || line_overflow_) finish_line();  // last line without '\n'
  return true;
}

bool KeyLog::load_text(std::string_view text) {
  std::size_t malformed_before = malformed_lines_;
  first_line_ = true;
  feed(text);
  if (!line_.empty() || line_overflow_) finish_line();
  return malformed_lines_ == malformed_before;
}

const SessionSecrets* KeyLog::find(parsers::Bytes client_random) const {
  if (client_random.size() != kClientRandomLength) return nullptr;
  ClientRandom key;
  std::copy(client_random.begin(), client_random.end(), key.begin());
  auto it = sessions_.find(key);
  return it == sessions_.end() ? nullptr : &it->second;
}

void KeyLog::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    std::size_t newline = chunk.find('\n');
    std::string_view piece = chunk.substr(0, newline);
    if (!line_overflow_) {
      std::size_t room = kMaxLineLength - line_.size();
      if (piece.size() > room) {
        // Keep the prefix so the label can still be classified, drop the rest.
        line_.append(piece.substr(0, room));
        line_overflow_ = true;
      } else {
        line_.append(piece);
      }
    }
    if (newline == std::string_view::npos) return;
    finish_line();
    chunk.remove_prefix(newline + 1);
  }
}

void KeyLog::finish_line() {
  std::string_view line = line_;
  if (first_line_ && line.substr(0, kUtf8Bom.size()) == kUtf8Bom) line.remove_prefix(kUtf8Bom.size());
  if (line_overflow_) {
    parse_overlong_line(line);
  } else {
    parse_line(line);
  }
  line_.clear();
  line_overflow_ = false;
  first_line_ = false;
}

void KeyLog::parse_overlong_line(std::string_view prefix) {
  prefix = trim(prefix);
  if (!prefix.empty() && prefix.front() == '#') return;  // a long comment is still a comment
  if (find_label(next_token(prefix)) != nullptr) {
    ++malformed_lines_;
  } else {
    ++ignored_lines_;
  }
}

void KeyLog::parse_line(std::string_view line) {
  line = trim(line);  // also drops the '\r' of CRLF files
  if (line.empty() || line.front() == '#') return;

  std::string_view rest = line;
  const LabelInfo* info = find_label(next_token(rest));
  if (info == nullptr) {
    ++ignored_lines_;
    return;
  }
  std::string_view random_hex = next_token(rest);
  std::string_view secret_hex = next_token(rest);
  if (random_hex.empty() || secret_hex.empty() || !trim(rest).empty()) {
    ++malformed_lines_;
    return;
  }

  ClientRandom random;
  if (random_hex.size() != 2 * kClientRandomLength || !decode_hex(random_hex, random.data())) {
    ++malformed_lines_;
    return;
  }
  std::size_t secret_length = secret_hex.size() / 2;
  if (secret_hex.size() % 2 != 0 || !secret_length_ok(*info, secret_length)) {
    ++malformed_lines_;
    return;
  }
  std::array<std::uint8_t, kSha384Length> secret;  // the largest allowed length
  if (!decode_hex(secret_hex, secret.data())) {
    ++malformed_lines_;
    return;
  }

  std::vector<std::uint8_t>& field = sessions_[random].*(info->field);
  if (!field.empty() &&
      !std::equal(field.begin(), field.end(), secret.begin(), secret.begin() + secret_length))
    ++conflicting_lines_;
  // Last wins: with several files, the one loaded last is the user's latest.
  field.assign(secret.begin(), secret.begin() + secret_length);
}

}  // namespace tlsanalyze::analyzer
