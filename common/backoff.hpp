#pragma once
/// A growing delay between tries: `first`, then doubling, never above
/// `max`; back to `first` after reset(). Used wherever something retries a
/// connection or a restart (store workers, the LISTEN connection, the
/// broadcast supervisor's restarts). Not thread-safe; no clock inside.

#include <algorithm>
#include <chrono>

namespace bsv {

class Backoff {
 public:
  using Duration = std::chrono::steady_clock::duration;

  Backoff(Duration first, Duration max) : first_(first), max_(max) {}

  /// The delay before the next try: first, 2 × first, 4 × first, … at most max.
  Duration next() {
    current_ = current_ == Duration::zero() ? first_ : std::min(current_ * 2, max_);
    return current_;
  }

  /// The last delay next() gave (zero after reset()).
  Duration current() const { return current_; }

  /// The next delay is `first` again.
  void reset() { current_ = Duration::zero(); }

 private:
  Duration first_;
  Duration max_;
  Duration current_ = Duration::zero();
};

}  // namespace bsv
