#include "chain/bytes.hpp"

#include <algorithm>

namespace bsv::chain {
namespace {

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const Bytes& bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Bytes from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw ParseError("hex of odd length");
  Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) throw ParseError("not hex at character " + std::to_string(2 * i));
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return out;
}

void Reader::need(std::size_t n, const char* what) const {
  if (n > remaining()) {
    throw ParseError(std::string("truncated: ") + what + " needs " + std::to_string(n) +
                     " bytes at offset " + std::to_string(pos_) + ", " +
                     std::to_string(remaining()) + " left");
  }
}

bool Reader::next_is(const Bytes& prefix) const {
  return remaining() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(),
                    bytes_.begin() + static_cast<std::ptrdiff_t>(pos_));
}

std::uint8_t Reader::u8(const char* what) {
  need(1, what);
  return bytes_[pos_++];
}

std::uint32_t Reader::u32(const char* what) {
  need(4, what);
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | bytes_[pos_ + static_cast<std::size_t>(i)];
  pos_ += 4;
  return v;
}

std::uint64_t Reader::u64(const char* what) {
  need(8, what);
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | bytes_[pos_ + static_cast<std::size_t>(i)];
  pos_ += 8;
  return v;
}

std::uint64_t Reader::varint(const char* what) {
  const std::uint8_t first = u8(what);
  if (first < 0xfd) return first;
  if (first == 0xfd) {
    const std::uint64_t lo = u8(what);
    return lo | static_cast<std::uint64_t>(u8(what)) << 8;
  }
  if (first == 0xfe) return u32(what);
  return u64(what);
}

std::size_t Reader::count(const char* what, std::size_t min_item_size) {
  const std::uint64_t n = varint(what);
  if (min_item_size > 0 && n > remaining() / min_item_size) {
    throw ParseError(std::string(what) + " of " + std::to_string(n) + " cannot fit in the " +
                     std::to_string(remaining()) + " bytes left");
  }
  return static_cast<std::size_t>(n);
}

Bytes Reader::take(std::size_t n, const char* what) {
  need(n, what);
  Bytes out(bytes_.begin() + static_cast<std::ptrdiff_t>(pos_),
            bytes_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
  pos_ += n;
  return out;
}

Bytes Reader::var_bytes(const char* what) {
  static_assert(sizeof(std::size_t) == sizeof(std::uint64_t), "64-bit sizes");
  return take(static_cast<std::size_t>(varint(what)), what);
}

void Writer::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void Writer::varint(std::uint64_t v) {
  if (v < 0xfd) {
    u8(static_cast<std::uint8_t>(v));
  } else if (v <= 0xffff) {
    u8(0xfd);
    u8(static_cast<std::uint8_t>(v));
    u8(static_cast<std::uint8_t>(v >> 8));
  } else if (v <= 0xffffffff) {
    u8(0xfe);
    u32(static_cast<std::uint32_t>(v));
  } else {
    u8(0xff);
    u64(v);
  }
}

}  // namespace bsv::chain
