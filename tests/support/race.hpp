#pragma once
/// Starts `n` threads that wait for each other, then run `body(i)` at once;
/// returns when all have finished. For tests of concurrent writers.

#include <atomic>
#include <thread>
#include <vector>

namespace bsv::testing {

template <typename Body>
void race(int n, Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready.load() < n) std::this_thread::yield();
      body(i);
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace bsv::testing
