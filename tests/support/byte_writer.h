// ByteWriter builds test inputs field by field. Length-prefixed children fill
// in their own length when they close, so tests never hand-compute a length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

namespace tlsanalyze::testing {

class ByteWriter {
 public:
  ByteWriter& u8(std::uint8_t v) {
    buf_.push_back(v);
    return *this;
  }
  ByteWriter& u16(std::uint16_t v) { return uint(v, 2); }
  ByteWriter& u24(std::uint32_t v) { return uint(v, 3); }
  ByteWriter& u32(std::uint32_t v) { return uint(v, 4); }
  ByteWriter& bytes(std::initializer_list<std::uint8_t> v) {
    // A loop, not insert(): GCC 12 at -O2 reports a false stringop-overflow
    // for insert() of a small initializer_list into an empty vector.
    for (std::uint8_t b : v) buf_.push_back(b);
    return *this;
  }
  ByteWriter& bytes(const std::vector<std::uint8_t>& v) {
    buf_.insert(buf_.end(), v.begin(), v.end());
    return *this;
  }
  ByteWriter& str(std::string_view s) {
    buf_.insert(buf_.end(), s.begin(), s.end());
    return *this;
  }
  ByteWriter& zeros(std::size_t n) {
    buf_.insert(buf_.end(), n, 0);
    return *this;
  }
  // prefixed_u8/u16/u24 write a length prefix of that width, run `fill` to
  // write the body, then patch the prefix with the body's real length.
  ByteWriter& prefixed_u8(const std::function<void(ByteWriter&)>& fill) { return prefixed(1, fill); }
  ByteWriter& prefixed_u16(const std::function<void(ByteWriter&)>& fill) { return prefixed(2, fill); }
  ByteWriter& prefixed_u24(const std::function<void(ByteWriter&)>& fill) { return prefixed(3, fill); }

  const std::vector<std::uint8_t>& data() const { return buf_; }
  std::vector<std::uint8_t> take() { return std::move(buf_); }
  std::size_t size() const { return buf_.size(); }

 private:
  ByteWriter& uint(std::uint32_t v, int width) {
    for (int i = width - 1; i >= 0; --i) buf_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  ByteWriter& prefixed(int width, const std::function<void(ByteWriter&)>& fill) {
    std::size_t at = buf_.size();
    buf_.insert(buf_.end(), static_cast<std::size_t>(width), 0);
    ByteWriter child;
    fill(child);
    buf_.insert(buf_.end(), child.buf_.begin(), child.buf_.end());
    std::size_t len = child.buf_.size();
    for (int i = 0; i < width; ++i)
      buf_[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(len >> (8 * (width - 1 - i)));
    return *this;
  }

  std::vector<std::uint8_t> buf_;
};

}  // namespace tlsanalyze::testing
