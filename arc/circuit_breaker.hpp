#pragma once
/// One ARC endpoint's circuit breaker (broadcast-queue.md, "Several ARC
/// endpoints, in order"): after `failures` consecutive transient answers the
/// endpoint is open (skipped) for a cool-down that starts at `cooldown` and
/// doubles up to 300 s; then one request probes it (half-open): an answer
/// closes it, a transient one opens it again for the next, longer cool-down.
/// Not thread-safe: the ARC client actor owns its breakers.

#include <chrono>

namespace bsv::arc {

enum class BreakerState { closed, open, half_open };

/// "closed", "open" or "half_open".
const char* to_string(BreakerState state);

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kMaxCooldown{300};

  CircuitBreaker(int failures, std::chrono::milliseconds cooldown);

  /// May a request go to the endpoint at `now`? Closed: yes. Open: not
  /// before the cool-down has passed; then yes once, as the probe (the
  /// breaker is half-open until that request's answer is recorded).
  /// Half-open: no (the probe is out).
  bool allow(Clock::time_point now);

  /// The answer of a request `allow` let through: transient or not.
  void record(bool transient, Clock::time_point now);

  BreakerState state() const { return state_; }

 private:
  void open(Clock::time_point now);

  int failures_to_open_;
  std::chrono::milliseconds first_cooldown_;
  std::chrono::milliseconds cooldown_;  // of the next opening
  int consecutive_ = 0;
  BreakerState state_ = BreakerState::closed;
  Clock::time_point closed_until_;  // open: skipped before this
};

}  // namespace bsv::arc
