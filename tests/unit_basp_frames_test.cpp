// How the store port's guard reads CAF 0.17's BASP framing
// (node/basp_frames.hpp): header fields, requests and their answers, and
// frames split across reads at every byte.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "node/basp_frames.hpp"

namespace bsv::node::basp {
namespace {

void put(std::string& bytes, std::size_t at, std::uint64_t value, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    bytes[at + count - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

// A frame as CAF writes it: header fields big-endian, then the payload.
std::string frame(std::uint8_t operation, const std::string& payload, std::uint64_t data,
                  std::uint64_t source, std::uint64_t dest) {
  std::string bytes(kHeaderBytes, '\0');
  bytes[0] = static_cast<char>(operation);
  put(bytes, 4, payload.size(), 4);
  put(bytes, 8, data, 8);
  put(bytes, 16, source, 8);
  put(bytes, 24, dest, 8);
  return bytes + payload;
}

const unsigned char* raw(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

TEST(BaspFrames, HeaderFieldsAreReadBigEndian) {
  const auto bytes = frame(2, std::string(300, 'x'), 0x0102030405060708, 9, 10);
  const auto header = parse_header(raw(bytes));
  EXPECT_EQ(header.operation, 2);
  EXPECT_EQ(header.payload_length, 300u);
  EXPECT_EQ(header.operation_data, 0x0102030405060708u);
  EXPECT_EQ(header.source_actor, 9u);
  EXPECT_EQ(header.dest_actor, 10u);
}

TEST(BaspFrames, AnAnswerMatchesItsRequest) {
  constexpr std::uint64_t kHighPriority = 0x1000000000000000ULL;  // a category bit
  RequestKey request, answer;
  ASSERT_TRUE(is_request(parse_header(raw(frame(2, "req", kHighPriority | 42, 7, 1))), request));
  ASSERT_TRUE(
      is_response(parse_header(raw(frame(2, "ans", 0x8000000000000000ULL | 42, 1, 7))), answer));
  EXPECT_EQ(request, answer);
  RequestKey ignored;
  EXPECT_FALSE(is_request(parse_header(raw(frame(2, "x", 0, 7, 1))), ignored))
      << "no answer wanted";
  EXPECT_FALSE(is_request(parse_header(raw(frame(5, "", 42, 7, 1))), ignored)) << "a heartbeat";
  EXPECT_FALSE(is_response(parse_header(raw(frame(2, "x", 42, 1, 7))), ignored)) << "a request";
}

TEST(BaspFrames, TheWalkerFindsEveryHeaderHoweverTheStreamIsSplit) {
  const std::string stream = frame(1, std::string(100, 'h'), 0, 0, 0) + frame(5, "", 0, 0, 0) +
                             frame(2, std::string(70000, 'p'), 3, 4, 5) + frame(2, "z", 6, 7, 8);
  const std::vector<std::uint32_t> expected = {100, 0, 70000, 1};
  for (std::size_t split : {1, 7, 31, 32, 33, 1000, 65536}) {
    FrameWalker walker;
    std::vector<std::uint32_t> seen;
    for (std::size_t at = 0; at < stream.size(); at += split) {
      const auto size = std::min(split, stream.size() - at);
      walker.walk(raw(stream) + at, size,
                  [&](const Header& h) { seen.push_back(h.payload_length); });
    }
    EXPECT_EQ(seen, expected) << "reads of " << split << " bytes";
  }
}

}  // namespace
}  // namespace bsv::node::basp
