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

template <typename T>
T Reader::little_endian(const char* what) {
  need(sizeof(T), what);
  T v = 0;
  for (std::size_t i = sizeof(T); i-- > 0;) v = static_cast<T>(v << 8 | bytes_[pos_ + i]);
  pos_ += sizeof(T);
  return v;
}

std::uint32_t Reader::u32(const char* what) {
  return little_endian<std::uint32_t>(what);
}

std::uint64_t Reader::u64(const char* what) {
  return little_endian<std::uint64_t>(what);
}

std::uint64_t Reader::varint(const char* what) {
  const std::uint8_t first = u8(what);
  if (first < 0xfd) return first;
  if (first == 0xfd) return little_endian<std::uint16_t>(what);
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

namespace {

template <typename T>
void put_little_endian(Bytes& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

void Writer::u32(std::uint32_t v) {
  put_little_endian(out_, v);
}

void Writer::u64(std::uint64_t v) {
  put_little_endian(out_, v);
}

void Writer::varint(std::uint64_t v) {
  if (v < 0xfd) {
    u8(static_cast<std::uint8_t>(v));
  } else if (v <= 0xffff) {
    u8(0xfd);
    put_little_endian(out_, static_cast<std::uint16_t>(v));
  } else if (v <= 0xffffffff) {
    u8(0xfe);
    u32(static_cast<std::uint32_t>(v));
  } else {
    u8(0xff);
    u64(v);
  }
}

}  // namespace bsv::chain
