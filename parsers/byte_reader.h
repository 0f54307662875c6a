// ByteReader: a bounds-checked, non-owning cursor over packet bytes, modelled on
// BoringSSL's CBS. Every read is [[nodiscard]] bool; a failed read leaves the
// cursor where it was, so parsing code can read like the RFC's presentation
// language and bail out on the first short read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "parsers/bytes.h"

namespace tlsanalyze::parsers {

// ByteReader reads big-endian integers and length-prefixed vectors from a view.
// It never owns memory and never allocates; children share the parent's buffer.
class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(Bytes data) : data_(data) {}

  // remaining returns how many unread bytes are left.
  std::size_t remaining() const { return data_.size(); }
  // empty is true when every byte has been read.
  bool empty() const { return data_.empty(); }
  // rest returns the unread bytes without consuming them.
  Bytes rest() const { return data_; }

  // read_u8 reads one byte; false (cursor unchanged) if none is left.
  [[nodiscard]] bool read_u8(std::uint8_t& out) { return read_uint(1, out); }
  // read_u16 reads a big-endian 16-bit value; false if fewer than 2 bytes remain.
  [[nodiscard]] bool read_u16(std::uint16_t& out) { return read_uint(2, out); }
  // read_u24 reads a big-endian 24-bit value into a uint32_t.
  [[nodiscard]] bool read_u24(std::uint32_t& out) { return read_uint(3, out); }
  // read_u32 reads a big-endian 32-bit value.
  [[nodiscard]] bool read_u32(std::uint32_t& out) { return read_uint(4, out); }

  // peek_u8 returns the next byte without consuming it.
  [[nodiscard]] bool peek_u8(std::uint8_t& out) const {
    if (data_.empty()) return false;
    out = data_[0];
    return true;
  }

  // read_bytes consumes n bytes and returns them as a view into the same buffer.
  [[nodiscard]] bool read_bytes(std::size_t n, Bytes& out) {
    if (n > data_.size()) return false;
    out = data_.first(n);
    data_ = data_.subspan(n);
    return true;
  }

  // skip consumes n bytes; false (cursor unchanged) if fewer remain.
  [[nodiscard]] bool skip(std::size_t n) {
    Bytes ignored;
    return read_bytes(n, ignored);
  }

  // read_prefixed_u8 reads a vector with a 1-byte length prefix into child.
  // On failure neither the cursor nor child change.
  [[nodiscard]] bool read_prefixed_u8(ByteReader& child) { return read_prefixed(1, child); }
  // read_prefixed_u16 reads a vector with a 2-byte length prefix into child.
  [[nodiscard]] bool read_prefixed_u16(ByteReader& child) { return read_prefixed(2, child); }
  // read_prefixed_u24 reads a vector with a 3-byte length prefix into child.
  [[nodiscard]] bool read_prefixed_u24(ByteReader& child) { return read_prefixed(3, child); }

 private:
  template <typename T>
  bool read_uint(std::size_t width, T& out) {
    if (width > data_.size()) return false;
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v = (v << 8) | data_[i];
    out = static_cast<T>(v);
    data_ = data_.subspan(width);
    return true;
  }

  bool read_prefixed(std::size_t width, ByteReader& child) {
    ByteReader probe = *this;
    std::uint32_t len = 0;
    if (!probe.read_uint(width, len)) return false;
    Bytes body;
    if (!probe.read_bytes(len, body)) return false;
    *this = probe;
    child = ByteReader(body);
    return true;
  }

  Bytes data_;
};

// U16List is a view over a packed array of big-endian 16-bit values (cipher
// suites, groups, signature schemes, versions). An odd trailing byte is ignored;
// parsers reject odd lengths before building one.
struct U16List {
  Bytes raw;

  std::size_t size() const { return raw.size() / 2; }
  bool empty() const { return size() == 0; }
  std::uint16_t operator[](std::size_t i) const {
    return static_cast<std::uint16_t>((raw[2 * i] << 8) | raw[2 * i + 1]);
  }
  bool contains(std::uint16_t v) const {
    for (std::size_t i = 0; i < size(); ++i)
      if ((*this)[i] == v) return true;
    return false;
  }

  struct Iterator {
    const U16List* list;
    std::size_t index;
    std::uint16_t operator*() const { return (*list)[index]; }
    Iterator& operator++() {
      ++index;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return index != other.index; }
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }
};

}  // namespace tlsanalyze::parsers
