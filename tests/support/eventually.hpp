#pragma once
/// Waiting for something another process or thread does, with a bound.

#include <chrono>
#include <thread>

namespace bsv::testing {

/// Polls `predicate` every 20 ms for at most `limit`; answers its last value.
template <typename Predicate>
bool eventually(Predicate predicate, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return predicate();
}

}  // namespace bsv::testing
