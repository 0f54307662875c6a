// HandshakeAssembler: messages split across records and several in one record
// come out whole; a message over kMaxHandshakeMessage is skipped, not buffered,
// and the messages after it still come out, however the bytes are cut.
#include "analyzer/tls/handshake_assembler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/byte_writer.h"

namespace tlsanalyze::analyzer {
namespace {

using testing::ByteWriter;

struct Seen {
  std::vector<std::string> messages;  // "type:length"
  std::vector<std::string> oversized;
};

// stream builds: a 10-byte ServerHello-typed message, a Certificate of
// `big` bytes, then a ServerHelloDone (RFC 8446 4: type, uint24 length, body).
std::vector<std::uint8_t> stream(std::uint32_t big) {
  ByteWriter w;
  w.u8(2).prefixed_u24([](ByteWriter& b) { b.zeros(10); });
  w.u8(11).u24(big).zeros(big);
  w.u8(14).u24(0);
  return w.take();
}

Seen feed_in_pieces(const std::vector<std::uint8_t>& bytes, std::size_t piece) {
  HandshakeAssembler a;
  Seen seen;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    std::size_t n = std::min(piece, bytes.size() - at);
    a.feed(
        parsers::Bytes(bytes.data() + at, n),
        [&](const parsers::HandshakeMessage& m) {
          seen.messages.push_back(std::to_string(m.msg_type) + ":" + std::to_string(m.body.size()));
        },
        [&](std::uint8_t type, std::uint32_t length) {
          seen.oversized.push_back(std::to_string(type) + ":" + std::to_string(length));
        });
  }
  EXPECT_FALSE(a.has_partial());
  return seen;
}

TEST(HandshakeAssemblerTest, MessagesUnderTheCapComeOutWholeUnderAnySplit) {
  std::vector<std::uint8_t> bytes = stream(3000);
  for (std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{4}, std::size_t{5}, std::size_t{1000},
                            bytes.size()}) {
    SCOPED_TRACE(piece);
    Seen seen = feed_in_pieces(bytes, piece);
    EXPECT_EQ(seen.messages, (std::vector<std::string>{"2:10", "11:3000", "14:0"}));
    EXPECT_TRUE(seen.oversized.empty());
  }
}

TEST(HandshakeAssemblerTest, OversizedMessageIsSkippedAndTheNextOneStillSeen) {
  std::uint32_t big = static_cast<std::uint32_t>(kMaxHandshakeMessage) + 1;
  std::vector<std::uint8_t> bytes = stream(big);
  for (std::size_t piece : {std::size_t{7}, std::size_t{16384}, std::size_t{100000}, bytes.size()}) {
    SCOPED_TRACE(piece);
    Seen seen = feed_in_pieces(bytes, piece);
    EXPECT_EQ(seen.messages, (std::vector<std::string>{"2:10", "14:0"}));
    EXPECT_EQ(seen.oversized, (std::vector<std::string>{"11:" + std::to_string(big)}));
  }
}

}  // namespace
}  // namespace tlsanalyze::analyzer
