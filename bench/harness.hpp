#pragma once
/// A small benchmark harness: N requester threads repeat one operation for a
/// duration or a count, timing each; the figures come back as JSON.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bsv::bench {

struct RunLimits {
  int concurrency = 8;
  double duration_seconds = 10;  ///< used when count == 0
  std::int64_t count = 0;        ///< total operations over all requesters
};

/// One requester's operation: called repeatedly on its own thread with the
/// requester's index and an op counter; returns false when the op failed.
/// Work it does after `mark_done()` (untimed bookkeeping) is not counted in
/// the op's latency.
using Operation =
    std::function<bool(int requester, std::int64_t op, const std::function<void()>& mark_done)>;

/// The figures of a run: ops (one per latency), errors, seconds,
/// ops_per_sec, p50_ms, p99_ms (of `latencies_ms`) and concurrency.
nlohmann::json figures(std::vector<double> latencies_ms, std::int64_t errors, double seconds,
                       int concurrency);

/// Runs `make_op(requester)` once per thread, then the ops, and answers
/// {"ops","errors","seconds","ops_per_sec","p50_ms","p99_ms","concurrency"}.
nlohmann::json run(const RunLimits& limits, const std::function<Operation(int)>& make_op);

}  // namespace bsv::bench
