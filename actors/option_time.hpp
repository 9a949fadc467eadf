#pragma once
/// Option values in (fractional) seconds as CAF timer durations.

#include <caf/timespan.hpp>
#include <chrono>

namespace bsv::actors {

/// A duration in (fractional) seconds, as the options give them, for timers.
inline caf::timespan as_timespan(double seconds) {
  return std::chrono::duration_cast<caf::timespan>(std::chrono::duration<double>(seconds));
}

}  // namespace bsv::actors
