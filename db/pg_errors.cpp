#include "db/pg_errors.hpp"

#include <pqxx/except>
#include <string>

namespace bsv::db {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

ErrorCode code_for_sqlstate(const std::string& state) {
  if (starts_with(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" ||
      state == "53300" || state == "25006") {
    // connection exceptions, shutdown, too many connections, and a server
    // that became read-only (a demoted primary, or a standby)
    return ErrorCode::unavailable;
  }
  if (state == "57014") return ErrorCode::timeout;  // query_canceled (statement_timeout)
  if (state == "23505") return ErrorCode::duplicate;
  if (starts_with(state, "22")) return ErrorCode::invalid_argument;  // data exception
  if (state == "40001" || state == "40P01") return ErrorCode::conflict;
  return ErrorCode::internal;
}

}  // namespace

Error classify(const std::exception& e, const char* what) {
  const std::string prefix = std::string(what) + ": ";
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return {ErrorCode::unavailable, prefix + "database unreachable: " + e.what()};
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // A table, column or function the queries need is missing: no schema,
    // or an old one. The database is not usable until migrated.
    const auto& state = sql->sqlstate();
    if (state == "42P01" || state == "42703" || state == "42883") {
      return {ErrorCode::unavailable, prefix + kSchemaNotCurrent};
    }
    const ErrorCode code = code_for_sqlstate(state);
    return {code, prefix + e.what()};
  }
  return {ErrorCode::internal, prefix + e.what()};
}

bool is_connection_lost(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) return true;
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  if (!sql) return false;
  const auto& state = sql->sqlstate();
  return state == "25006" || state == "57P01" || state == "57P02" || state == "57P03";
}

bool is_retryable(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql && (sql->sqlstate() == "40001" || sql->sqlstate() == "40P01");
}

}  // namespace bsv::db
