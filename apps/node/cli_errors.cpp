#include "apps/node/cli_errors.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/node/commands.hpp"

namespace bsv::node {

int fail(const std::string& code, const std::string& message, int exit_code) {
  using nlohmann::json;
  // A message may quote the caller's bytes: replace invalid UTF-8 rather than throw.
  const json error = {{"error", {{"code", code}, {"message", message}}}};
  std::cerr << error.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  return exit_code;
}

int exit_code_for(store::ErrorCode code) {
  switch (code) {
    case store::ErrorCode::not_found:
    case store::ErrorCode::duplicate:
    case store::ErrorCode::invalid_argument:
    case store::ErrorCode::conflict:
      return kRefused;
    case store::ErrorCode::unavailable:
    case store::ErrorCode::timeout:
      return kUnavailable;
    case store::ErrorCode::internal:
      return kInternal;
  }
  return kInternal;
}

int fail(const store::Error& error) {
  return fail(std::string(store::to_string(error.code)), error.message, exit_code_for(error.code));
}

}  // namespace bsv::node
