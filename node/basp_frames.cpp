#include "node/basp_frames.hpp"

namespace bsv::node::basp {
namespace {

constexpr std::uint8_t kDirectMessage = 0x02;                    // message_type::direct_message
constexpr std::uint64_t kResponseFlag = 0x8000000000000000ULL;   // message_id::response_flag_mask
constexpr std::uint64_t kRequestIdMask = 0x0FFFFFFFFFFFFFFFULL;  // message_id::request_id_mask

std::uint64_t big_endian(const unsigned char* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

Header parse_header(const unsigned char* bytes) {
  Header header;
  header.operation = bytes[0];
  header.payload_length = static_cast<std::uint32_t>(big_endian(bytes + 4, 4));
  header.operation_data = big_endian(bytes + 8, 8);
  header.source_actor = big_endian(bytes + 16, 8);
  header.dest_actor = big_endian(bytes + 24, 8);
  return header;
}

bool is_request(const Header& header, RequestKey& key) {
  const auto id = header.operation_data & kRequestIdMask;
  if (header.operation != kDirectMessage || (header.operation_data & kResponseFlag) || id == 0) {
    return false;
  }
  key = {header.source_actor, id};
  return true;
}

bool is_response(const Header& header, RequestKey& key) {
  if (header.operation != kDirectMessage || !(header.operation_data & kResponseFlag)) return false;
  key = {header.dest_actor, header.operation_data & kRequestIdMask};
  return true;
}

}  // namespace bsv::node::basp
