#include "arc/circuit_breaker.hpp"

#include <algorithm>

namespace bsv::arc {

const char* to_string(BreakerState state) {
  switch (state) {
    case BreakerState::closed:
      return "closed";
    case BreakerState::open:
      return "open";
    case BreakerState::half_open:
      return "half_open";
  }
  return "closed";
}

CircuitBreaker::CircuitBreaker(int failures, std::chrono::milliseconds cooldown)
    : failures_to_open_(std::max(1, failures)),
      first_cooldown_(std::max(cooldown, std::chrono::milliseconds(1))),
      cooldown_(first_cooldown_) {}

bool CircuitBreaker::allow(Clock::time_point now) {
  switch (state_) {
    case BreakerState::closed:
      return true;
    case BreakerState::half_open:
      return false;
    case BreakerState::open:
      if (now < closed_until_) return false;
      state_ = BreakerState::half_open;
      return true;
  }
  return false;
}

void CircuitBreaker::record(bool transient, Clock::time_point now) {
  if (!transient) {
    state_ = BreakerState::closed;
    consecutive_ = 0;
    cooldown_ = first_cooldown_;
    return;
  }
  if (state_ == BreakerState::open) return;  // an answer to a request sent before it opened
  ++consecutive_;
  if (state_ == BreakerState::half_open || consecutive_ >= failures_to_open_) open(now);
}

void CircuitBreaker::open(Clock::time_point now) {
  state_ = BreakerState::open;
  closed_until_ = now + cooldown_;
  cooldown_ = std::min<std::chrono::milliseconds>(cooldown_ * 2, kMaxCooldown);
}

}  // namespace bsv::arc
