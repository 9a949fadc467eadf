#pragma once
/// Bytes, hex and a bounds-checked reader for Bitcoin wire formats. Every
/// read checks what is left first, so truncated or absurd input is an error
/// (a ParseError naming what was being read), never a crash or a huge
/// allocation.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace bsv::chain {

using Bytes = std::vector<std::uint8_t>;

/// Malformed input; the message says what was being read and where.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Lowercase hex of `bytes`.
std::string to_hex(const Bytes& bytes);

/// Bytes of even-length hex (either case); throws ParseError otherwise.
Bytes from_hex(const std::string& hex);

/// Reads little-endian integers, CompactSize varints and byte strings.
class Reader {
 public:
  explicit Reader(const Bytes& bytes) : bytes_(bytes) {}

  std::uint8_t u8(const char* what);
  std::uint32_t u32(const char* what);
  std::uint64_t u64(const char* what);
  /// A CompactSize integer (1, 3, 5 or 9 bytes).
  std::uint64_t varint(const char* what);
  /// A count of items that each take at least `min_item_size` bytes: larger
  /// than what is left is an error, so no count can make us allocate more
  /// than the input holds.
  std::size_t count(const char* what, std::size_t min_item_size);
  Bytes take(std::size_t n, const char* what);
  /// A varint length followed by that many bytes.
  Bytes var_bytes(const char* what);

  /// True when the next bytes equal `prefix` (nothing is consumed).
  bool next_is(const Bytes& prefix) const;

  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

 private:
  void need(std::size_t n, const char* what) const;
  /// Reads an unsigned little-endian integer of sizeof(T) bytes.
  template <typename T>
  T little_endian(const char* what);

  const Bytes& bytes_;
  std::size_t pos_ = 0;
};

/// Appends little-endian integers, varints and byte strings.
class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void varint(std::uint64_t v);
  void bytes(const Bytes& b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void var_bytes(const Bytes& b) {
    varint(b.size());
    bytes(b);
  }
  const Bytes& data() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace bsv::chain
