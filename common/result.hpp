#pragma once
/// Errors as values, for every layer: a Result<T> holds either its value or
/// an Error with a code (the Store contract's codes, store-contract.md) and
/// a message naming what it is about.

#include <string>
#include <utility>
#include <variant>

namespace bsv {

/// The error codes of the Store contract (store-contract.md, "Errors").
enum class ErrorCode {
  not_found,
  duplicate,
  invalid_argument,
  conflict,
  unavailable,
  timeout,
  internal,
  insufficient_funds,  // last: the wire numbers codes in this order
};
constexpr ErrorCode kLastErrorCode = ErrorCode::insufficient_funds;

/// The wire name of a code, e.g. "invalid_argument".
const char* to_string(ErrorCode code);

/// A refused or failed request: a code and a human message that names the
/// txid, outpoint, key or option it is about.
struct Error {
  ErrorCode code;
  std::string message;
};

inline Error invalid_argument(std::string message) {
  return {ErrorCode::invalid_argument, std::move(message)};
}
inline Error not_found(std::string message) {
  return {ErrorCode::not_found, std::move(message)};
}

/// Either a value or an Error. Cheap to move; never throws on access through
/// the checked accessors below when used as documented.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The value; precondition: ok().
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error; precondition: !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace bsv
