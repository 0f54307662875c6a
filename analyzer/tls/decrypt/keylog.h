// KeyLog reads NSS key log files (the SSLKEYLOGFILE format written by
// browsers, curl, OpenSSL's -keylogfile and Go's KeyLogWriter) so the analyzer
// can decrypt the encrypted part of a TLS 1.3 handshake and say what happened
// after ServerHello instead of only "encrypted handshake".
//
// Format (NSS "Key Log Format"): one secret per line,
//   <label> SP <client_random as 64 hex digits> SP <secret as hex>
// where the client random is the 32-byte ClientHello.random (RFC 8446
// 4.1.2) that names the connection. Lines starting with '#' are comments.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "parsers/byte_reader.h"

namespace tlsanalyze::analyzer {

// SessionSecrets holds every secret the key log gave for one connection. A
// field is empty when its label never appeared. TLS 1.3 secrets are Hash.length
// bytes (32 for SHA-256 suites, 48 for SHA-384); master_secret is the 48-byte
// TLS 1.0-1.2 master secret from a CLIENT_RANDOM line (RFC 5246 8.1).
struct SessionSecrets {
  std::vector<std::uint8_t> client_handshake_traffic_secret;  // CLIENT_HANDSHAKE_TRAFFIC_SECRET
  std::vector<std::uint8_t> server_handshake_traffic_secret;  // SERVER_HANDSHAKE_TRAFFIC_SECRET
  std::vector<std::uint8_t> client_traffic_secret_0;          // CLIENT_TRAFFIC_SECRET_0
  std::vector<std::uint8_t> server_traffic_secret_0;          // SERVER_TRAFFIC_SECRET_0
  std::vector<std::uint8_t> client_early_traffic_secret;      // CLIENT_EARLY_TRAFFIC_SECRET
  std::vector<std::uint8_t> exporter_secret;                  // EXPORTER_SECRET
  std::vector<std::uint8_t> early_exporter_secret;            // EARLY_EXPORTER_SECRET
  std::vector<std::uint8_t> master_secret;                    // CLIENT_RANDOM (TLS <= 1.2)
};

// KeyLog is an in-memory index of key log secrets keyed by client random.
// It is filled once at start-up and then only read, so find() is safe to call
// from several threads as long as nobody calls load() at the same time.
class KeyLog {
 public:
  // kClientRandomLength is the size of ClientHello.random (RFC 8446 4.1.2).
  static constexpr std::size_t kClientRandomLength = 32;
  // kMaxLineLength caps how much of one line is buffered. The longest valid
  // line is about 200 characters; anything longer is skipped unbuffered (and
  // counted as malformed if it carries a known label), so a file without
  // newlines cannot make the reader hold it all in memory.
  static constexpr std::size_t kMaxLineLength = 1024;

  // load reads the key log file at `path` and adds its secrets. It returns
  // false and sets `error` only when the file cannot be opened or read;
  // malformed lines are skipped and counted in malformed_lines(), and lines
  // with unknown labels are skipped and counted in ignored_lines(). It may be
  // called for several files; a secret given again for the same client random
  // and label replaces the earlier one (last wins, see conflicting_lines()).
  // Lines read before a read error are kept.
  bool load(const std::string& path, std::string& error);

  // load_text parses key log text already in memory (for tests and for
  // callers that got the text elsewhere), with the same rules as load(). It
  // returns true when no line of `text` was malformed; the good lines are
  // added either way.
  bool load_text(std::string_view text);

  // find returns the secrets for a 32-byte client random, or nullptr when the
  // key log has none (or `client_random` is not 32 bytes). The pointer stays
  // valid as long as this KeyLog; a later load() may change the fields it
  // points to but never invalidates it.
  const SessionSecrets* find(parsers::Bytes client_random) const;

  // sessions returns how many distinct client randoms have at least one secret.
  std::size_t sessions() const { return sessions_.size(); }
  // malformed_lines counts lines with a known label whose fields were wrong:
  // a missing or extra field, bad hex, a client random that is not 32 bytes,
  // a secret of the wrong length, or an over-long line.
  std::size_t malformed_lines() const { return malformed_lines_; }
  // ignored_lines counts non-comment lines whose label is not one we use
  // (RSA, future labels, or text that is not a key log at all). A file with
  // many ignored lines and no sessions is probably not a key log.
  std::size_t ignored_lines() const { return ignored_lines_; }
  // conflicting_lines counts lines that replaced a different, earlier secret
  // for the same client random and label. Real connections never do this
  // (client randoms are random); it points at merged key logs from test
  // tools that use a fixed random.
  std::size_t conflicting_lines() const { return conflicting_lines_; }

 private:
  // ClientRandom is the map key: the raw 32 bytes of ClientHello.random.
  using ClientRandom = std::array<std::uint8_t, kClientRandomLength>;
  // ClientRandomHash hashes all 32 bytes (not a prefix), so a key log built
  // with a fixed-prefix random from a test tool still spreads over buckets.
  struct ClientRandomHash {
    std::size_t operator()(const ClientRandom& random) const;
  };

  // feed appends raw file bytes, splitting them into lines; it never buffers
  // more than kMaxLineLength bytes of one line.
  void feed(std::string_view chunk);
  // finish_line parses the line assembled so far (called at '\n' and at the
  // end of each input) and resets the line state.
  void finish_line();
  // parse_line handles one complete line: comment, blank, unknown label,
  // malformed, or a secret to store.
  void parse_line(std::string_view line);
  // parse_overlong_line classifies a line longer than kMaxLineLength from its
  // buffered prefix: such a line is never valid, so only the counters change.
  void parse_overlong_line(std::string_view prefix);

  std::unordered_map<ClientRandom, SessionSecrets, ClientRandomHash> sessions_;
  std::string line_;            // bytes of the line being assembled (capped)
  bool line_overflow_ = false;  // the current line passed kMaxLineLength
  bool first_line_ = true;      // the current line is the first of its input (BOM check)
  std::size_t malformed_lines_ = 0;
  std::size_t ignored_lines_ = 0;
  std::size_t conflicting_lines_ = 0;
};

}  // namespace tlsanalyze::analyzer
