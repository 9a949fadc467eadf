#include "bench/harness.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

namespace bsv::bench {
namespace {

using Clock = std::chrono::steady_clock;

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index =
      static_cast<std::size_t>(std::lround(p * static_cast<double>(sorted.size() - 1)));
  return sorted[std::min(index, sorted.size() - 1)];
}

double round3(double value) {
  return static_cast<double>(std::llround(value * 1000)) / 1000;
}

}  // namespace

nlohmann::json figures(std::vector<double> latencies_ms, std::int64_t errors, double seconds,
                       int concurrency) {
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto count = static_cast<std::int64_t>(latencies_ms.size());
  return {{"ops", count},
          {"errors", errors},
          {"seconds", round3(seconds)},
          {"ops_per_sec", seconds > 0 ? round3(static_cast<double>(count) / seconds) : 0.0},
          {"p50_ms", round3(percentile(latencies_ms, 0.50))},
          {"p99_ms", round3(percentile(latencies_ms, 0.99))},
          {"concurrency", concurrency}};
}

nlohmann::json run(const RunLimits& limits, const std::function<Operation(int)>& make_op) {
  const int n = std::max(1, limits.concurrency);
  std::vector<Operation> ops;
  ops.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) ops.push_back(make_op(i));

  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(n));
  std::atomic<std::int64_t> next_op{0};
  std::atomic<std::int64_t> errors{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(limits.duration_seconds));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      auto& mine = latencies[static_cast<std::size_t>(i)];
      for (;;) {
        const std::int64_t op = next_op.fetch_add(1);
        if (limits.count > 0 ? op >= limits.count : Clock::now() >= deadline) break;
        const auto begin = Clock::now();
        auto end = begin;
        bool marked = false;
        const bool ok = ops[static_cast<std::size_t>(i)](i, op, [&] {
          end = Clock::now();
          marked = true;
        });
        if (!marked) end = Clock::now();
        if (!ok) ++errors;
        mine.push_back(std::chrono::duration<double, std::milli>(end - begin).count());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> all;
  for (auto& mine : latencies) all.insert(all.end(), mine.begin(), mine.end());
  return figures(std::move(all), errors.load(), seconds, n);
}

}  // namespace bsv::bench
