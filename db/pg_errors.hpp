#pragma once
/// The one place where database exceptions become contract errors.

#include <exception>

#include "common/result.hpp"

namespace bsv::db {

/// Maps an exception thrown by libpqxx (or anything else) to an Error:
/// lost or refused connections -> unavailable, cancelled statements ->
/// timeout, data exceptions -> invalid_argument, unique violations ->
/// duplicate, everything else -> internal. `what` names the operation.
Error classify(const std::exception& e, const char* what);

/// True for failures worth retrying the same statement at once
/// (serialization failure, deadlock).
bool is_retryable(const std::exception& e);

}  // namespace bsv::db
