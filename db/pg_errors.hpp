#pragma once
/// The one place where database exceptions become contract errors.

#include <exception>

#include "common/result.hpp"

namespace bsv::db {

/// The message (after the operation's name) of the `unavailable` error for
/// a database whose schema is missing or older than this binary's.
constexpr const char* kSchemaNotCurrent = "the database schema is missing or not current";

/// Maps an exception thrown by libpqxx (or anything else) to an Error:
/// lost or refused connections and a missing table, column or function
/// (kSchemaNotCurrent) -> unavailable, cancelled statements -> timeout,
/// data exceptions -> invalid_argument, unique violations -> duplicate,
/// everything else -> internal. `what` names the operation.
Error classify(const std::exception& e, const char* what);

/// True when the connection cannot serve the wallet any more: broken, the
/// server shutting down, or read-only (SQLSTATE 25006: a demoted primary or
/// a standby). It is dropped and opened again, where libpq's
/// target_session_attrs=read-write finds the primary.
bool is_connection_lost(const std::exception& e);

/// True for failures worth retrying the same statement at once
/// (serialization failure, deadlock).
bool is_retryable(const std::exception& e);

}  // namespace bsv::db
