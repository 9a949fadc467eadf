#pragma once
/// CAF 0.17's BASP framing as the store port's guard sees it from outside
/// (caf/io/basp/header.hpp, caf/message_id.hpp): every frame is a 32-byte
/// header, then `payload_length` bytes. All integers are big-endian. No CAF.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace bsv::node::basp {

constexpr std::size_t kHeaderBytes = 32;

/// The header fields the guard reads.
struct Header {
  std::uint8_t operation = 0;
  std::uint32_t payload_length = 0;
  std::uint64_t operation_data = 0;  ///< a direct message's message id
  std::uint64_t source_actor = 0;
  std::uint64_t dest_actor = 0;
};

/// Reads a header from its 32 bytes.
Header parse_header(const unsigned char* bytes);

/// A request awaiting its answer: the requesting actor and the request id.
using RequestKey = std::pair<std::uint64_t, std::uint64_t>;

/// For a client's frame: the request it carries, if it is one (a direct
/// message with a request id, not a response).
bool is_request(const Header& header, RequestKey& key);

/// For a node's frame: the request it answers, if it is a response.
bool is_response(const Header& header, RequestKey& key);

/// Walks a byte stream frame by frame, however it is split into reads,
/// and hands each whole header to a callback.
class FrameWalker {
 public:
  template <class OnHeader>
  void walk(const unsigned char* data, std::size_t size, OnHeader&& on_header) {
    while (size > 0) {
      if (payload_left_ > 0) {
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(payload_left_, size));
        payload_left_ -= take;
        data += take;
        size -= take;
        continue;
      }
      const auto take = std::min(kHeaderBytes - filled_, size);
      std::memcpy(header_ + filled_, data, take);
      filled_ += take;
      data += take;
      size -= take;
      if (filled_ < kHeaderBytes) return;
      filled_ = 0;
      const auto header = parse_header(header_);
      payload_left_ = header.payload_length;
      on_header(header);
    }
  }

 private:
  unsigned char header_[kHeaderBytes] = {};
  std::size_t filled_ = 0;
  std::uint64_t payload_left_ = 0;
};

}  // namespace bsv::node::basp
