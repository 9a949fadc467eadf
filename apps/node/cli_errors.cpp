#include "apps/node/cli_errors.hpp"

#include "apps/node/commands.hpp"
#include "config/options.hpp"
#include "db/pg_errors.hpp"

namespace bsv::node {

int fail(const std::string& code, const std::string& message, int exit_code) {
  return fail(code, message, exit_code, {});
}

int fail(const std::string& code, const std::string& message, int exit_code,
         const std::string& hint) {
  return config::print_error(code, message, exit_code, hint);
}

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found:
    case ErrorCode::duplicate:
    case ErrorCode::invalid_argument:
    case ErrorCode::conflict:
    case ErrorCode::insufficient_funds:
      return kRefused;
    case ErrorCode::unavailable:
    case ErrorCode::timeout:
      return kUnavailable;
    case ErrorCode::internal:
      return kInternal;
  }
  return kInternal;
}

int fail(const Error& error, const std::string& hint) {
  // What to do about an error that says it, whoever raised it.
  const bool unmigrated = error.message.find(db::kSchemaNotCurrent) != std::string::npos;
  const std::string shown = hint.empty() && unmigrated ? "run 'bsv-wallet-node migrate'" : hint;
  return fail(std::string(to_string(error.code)), error.message, exit_code_for(error.code), shown);
}

}  // namespace bsv::node
