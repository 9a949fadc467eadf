#include "support/funded_job.hpp"

#include <gtest/gtest.h>

#include "support/payload.hpp"

namespace bsv::testing {

FundedOutpoints funded_outpoints(std::uint32_t salt) {
  const auto s = std::to_string(salt);
  return {{"in" + s + ".0", "in" + s + ".1"}, "change" + s + ".0", "fund-" + s};
}

std::string seed_funded_job(db::PostgresStore& store, std::uint32_t salt, bool with_action) {
  const Payload p(salt);
  const auto ops = funded_outpoints(salt);
  if (with_action) {
    EXPECT_TRUE(store.store_action({{"txid", p.txid()}, {"status", "sending"}}).ok());
  }
  auto all = ops.inputs;
  all.push_back(ops.change);
  for (const auto& op : all) {
    EXPECT_TRUE(store.store_output({{"outpoint", op}, {"satoshis", 100}}).ok());
    EXPECT_TRUE(
        store.update_output_state(op, store::OutputState::pending, ops.fund_ref, false).ok());
  }
  EXPECT_TRUE(store
                  .enqueue({p.txid(), p.beef_hex(), ops.inputs,
                            std::vector<std::string>{ops.change}, ops.fund_ref})
                  .ok());
  return p.txid();
}

std::string job_columns(const MigratedSchema& schema, const std::string& txid,
                        const std::string& columns) {
  return schema.query("SELECT concat_ws('|', " + columns +
                      ") FROM wallet_broadcast_jobs WHERE txid = '" + txid + "'");
}

std::string action_status(const MigratedSchema& schema, const std::string& txid) {
  return schema.query("SELECT data->>'status' FROM wallet_actions WHERE txid = '" + txid + "'");
}

}  // namespace bsv::testing
