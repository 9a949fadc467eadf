#pragma once
/// SQL for the find/count queries, whose filters vary per call. The text is
/// assembled only from fixed fragments; every value is a bound parameter, so
/// each filter combination is one stable prepared statement.

#include <string>

#include "db/sql_params.hpp"
#include "store/queries.hpp"

namespace bsv::db {

struct BuiltQuery {
  std::string sql;
  SqlParams params;
};

/// `count` = SELECT count(*) without paging; otherwise SELECT data in id order, paged.
BuiltQuery build_find_actions(const store::ActionQuery& query, bool count);
BuiltQuery build_find_outputs(const store::OutputQuery& query, bool count);
BuiltQuery build_find_certificates(const store::CertificateQuery& query, bool count);
/// Spendable outputs sorted by satoshis (missing = 0), ties by id.
BuiltQuery build_find_spendable(const store::SpendableQuery& query);

/// allocate_utxos: db/sql/allocate_utxos.sql with its candidates (the
/// request's filter and order, LIMIT max_outputs) filled in. Answers rows
/// (reachable total, record or NULL).
BuiltQuery build_allocate(const store::AllocationRequest& request);
/// The sum allocate_utxos would reach over the same candidates, skipping no
/// one's rows and locking none (to tell a short wallet from a busy one).
BuiltQuery build_allocation_reach(const store::AllocationRequest& request);

/// The effective-state predicate "spendable" over wallet_outputs' columns.
extern const char* const kSpendablePredicate;

}  // namespace bsv::db
