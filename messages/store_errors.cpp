#include "messages/store_errors.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace bsv::messages {
namespace {

constexpr caf::atom_value kCategory = caf::atom("bsvstore");

}  // namespace

caf::error to_caf(const Error& error) {
  // Codes start at 1: a caf::error with code 0 means "no error".
  return caf::error(static_cast<std::uint8_t>(static_cast<int>(error.code) + 1), kCategory,
                    caf::make_message(error.message));
}

Error from_caf(const caf::error& error) {
  if (error.category() == kCategory) {
    const auto& context = error.context();
    std::string message =
        context.match_elements<std::string>() ? context.get_as<std::string>(0) : "";
    const int code = static_cast<int>(error.code()) - 1;
    if (code >= 0 && code <= static_cast<int>(kLastErrorCode)) {
      return {static_cast<ErrorCode>(code), std::move(message)};
    }
    return {ErrorCode::internal, "unknown store error code: " + message};
  }
  if (error.category() == caf::atom("system")) {
    switch (static_cast<caf::sec>(error.code())) {
      case caf::sec::request_timeout:
        return {ErrorCode::timeout, "request timed out"};
      case caf::sec::request_receiver_down:
      case caf::sec::cannot_connect_to_node:
      case caf::sec::remote_linking_failed:
      case caf::sec::runtime_error:
      case caf::sec::no_route_to_receiving_node:
      case caf::sec::disconnect_during_handshake:
      case caf::sec::socket_disconnected:
      case caf::sec::connection_timeout:
      case caf::sec::remote_lookup_failed:
        return {ErrorCode::unavailable, "node unavailable: " + caf::to_string(error)};
      default:
        break;
    }
  }
  return {ErrorCode::internal, caf::to_string(error)};
}

}  // namespace bsv::messages
