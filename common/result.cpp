#include "common/result.hpp"

namespace bsv {

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::duplicate:
      return "duplicate";
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::internal:
      return "internal";
    case ErrorCode::insufficient_funds:
      return "insufficient_funds";
  }
  return "internal";
}

}  // namespace bsv
