#include "store/jobs.hpp"

namespace bsv::store {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::accepted:
      return "accepted";
    case Outcome::rejected:
      return "rejected";
    case Outcome::lost_double_spend:
      return "lost_double_spend";
    case Outcome::transient:
      return "transient";
    case Outcome::unknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace bsv::store
