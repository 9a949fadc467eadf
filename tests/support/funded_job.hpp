#pragma once
/// A broadcast job as a wallet leaves it for the queue, for the queue tests.

#include <cstdint>
#include <string>
#include <vector>

#include "db/postgres_store.hpp"
#include "support/test_database.hpp"

namespace bsv::testing {

/// The outpoints of the job seed_funded_job(salt) makes.
struct FundedOutpoints {
  std::vector<std::string> inputs;  ///< in<salt>.0, in<salt>.1
  std::string change;               ///< change<salt>.0
  std::string fund_ref;             ///< fund-<salt>
};
FundedOutpoints funded_outpoints(std::uint32_t salt);

/// An auto-funded action: the action row (`status` sending; left out when
/// `with_action` is false), two inputs and one change output all pending
/// under the fund_ref, and its job (the BEEF of Payload(salt)). Answers
/// the txid; a failed step fails the calling test.
std::string seed_funded_job(db::PostgresStore& store, std::uint32_t salt, bool with_action = true);

/// The job row of `txid` in `schema`: `columns` (SQL expressions) joined by "|".
std::string job_columns(const MigratedSchema& schema, const std::string& txid,
                        const std::string& columns);

/// The status in the action record of `txid` ("" when there is none).
std::string action_status(const MigratedSchema& schema, const std::string& txid);

}  // namespace bsv::testing
