// The proof-tracking rule (store/proof_tracking.hpp) and ARC's report
// parsing, without a database: every transition the spec names.

#include <gtest/gtest.h>

#include "arc/status_report.hpp"
#include "chain/merkle_tree.hpp"
#include "chain/transaction.hpp"
#include "store/proof_tracking.hpp"

namespace bsv::store {
namespace {

const std::string kTxid(64, 'a');

StatusReport report(const std::string& status, const std::string& block = {},
                    const std::string& path = {}) {
  return {kTxid, status, block, block.empty() ? -1 : 800000, path, {}};
}

TrackedTx tracking(const std::string& status, double since_accepted = 0) {
  return {"tracking", status, "", since_accepted};
}

TrackedTx proven_in(const std::string& block) {
  return {"proven", "MINED", block, 600};
}

TEST(ProofRule, StatusesOnlyMoveUpInArcsOrder) {
  EXPECT_LT(status_rank("SEEN_ON_NETWORK"), status_rank("MINED"));
  EXPECT_EQ(status_rank("NOT_A_STATUS"), -1);
  EXPECT_EQ(decide(tracking("STORED"), report("SEEN_ON_NETWORK"), 600), Transition::record_status);
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("STORED"), 600), Transition::ignore)
      << "an older report arriving late";
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("SEEN_ON_NETWORK"), 600),
            Transition::ignore);
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("GIBBERISH"), 600), Transition::ignore);
}

TEST(ProofRule, MinedWithAPathProvesAndDuplicatesAreIgnored) {
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("MINED", "blockA", "00"), 600),
            Transition::prove);
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("MINED", "blockA"), 600),
            Transition::record_status)
      << "no merkle path: nothing to store yet";
  EXPECT_EQ(decide(proven_in("blockA"), report("MINED", "blockA", "00"), 600), Transition::ignore);
  EXPECT_EQ(decide(proven_in("blockA"), report("SEEN_ON_NETWORK"), 600), Transition::ignore);
  EXPECT_EQ(decide(proven_in("blockA"), report("DOUBLE_SPEND_ATTEMPTED"), 0), Transition::ignore);
}

TEST(ProofRule, AnotherBlockWinsAndAStaleBlockUnproves) {
  EXPECT_EQ(decide(proven_in("blockA"), report("MINED", "blockB", "00"), 600), Transition::prove)
      << "a reorg: the new block's proof replaces the old";
  EXPECT_EQ(decide(proven_in("blockA"), report("MINED_IN_STALE_BLOCK", "blockA"), 600),
            Transition::unprove);
  EXPECT_EQ(decide(proven_in("blockB"), report("MINED_IN_STALE_BLOCK", "blockA"), 600),
            Transition::ignore)
      << "a stale report about a block we no longer hold";
}

TEST(ProofRule, RejectionFailsAtOnceADoubleSpendOnlyAfterItsGrace) {
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK"), report("REJECTED"), 600), Transition::fail);
  EXPECT_EQ(decide(tracking("SEEN_ON_NETWORK", 10), report("DOUBLE_SPEND_ATTEMPTED"), 600),
            Transition::record_status);
  EXPECT_EQ(decide(tracking("DOUBLE_SPEND_ATTEMPTED", 10), report("DOUBLE_SPEND_ATTEMPTED"), 600),
            Transition::ignore);
  EXPECT_EQ(decide(tracking("DOUBLE_SPEND_ATTEMPTED", 601), report("DOUBLE_SPEND_ATTEMPTED"), 600),
            Transition::fail);
  EXPECT_EQ(decide({"failed", "REJECTED", "", 0}, report("MINED", "blockA", "00"), 600),
            Transition::ignore)
      << "failed stays failed";
}

TEST(ProofRule, MerklePathMustProveTheTxidAtTheReportedHeight) {
  const auto ours = chain::hash_from_txid_hex(kTxid);
  const auto other = chain::sha256d(chain::Bytes{1, 2, 3});
  const auto path = chain::merkle_path_for({other, ours}, 1, 800000);
  const auto hex = chain::to_hex(chain::write_merkle_path(path));
  EXPECT_FALSE(check_merkle_path(report("MINED", "blockA", hex)).has_value());
  auto wrong_height = report("MINED", "blockA", hex);
  wrong_height.block_height = 800001;
  EXPECT_TRUE(check_merkle_path(wrong_height).has_value());
  const auto stranger = chain::merkle_path_for({other, other}, 1, 800000);
  EXPECT_TRUE(check_merkle_path(
                  report("MINED", "blockA", chain::to_hex(chain::write_merkle_path(stranger))))
                  .has_value());
  EXPECT_TRUE(check_merkle_path(report("MINED", "blockA", "zz")).has_value());
  // The txid's own branch computes a root, but extra leaves lead to another.
  const auto third = chain::sha256d(chain::Bytes{4});
  const auto fourth = chain::sha256d(chain::Bytes{5});
  auto lying = chain::merkle_path_for({other, ours, third, fourth}, 1, 800000);
  lying.levels[1][0].hash[0] ^= 0x80;
  lying.levels[0].push_back({2, false, false, third});
  lying.levels[0].push_back({3, false, false, fourth});
  const auto refused =
      check_merkle_path(report("MINED", "blockA", chain::to_hex(chain::write_merkle_path(lying))));
  ASSERT_TRUE(refused.has_value()) << "a path with two roots proves nothing";
  EXPECT_NE(refused->find("mismatched roots"), std::string::npos) << *refused;
}

TEST(ArcReports, SingleAndBatchedCallbacksParse) {
  const std::string one = R"({"txid":")" + kTxid + R"(","txStatus":"MINED","blockHash":")" +
                          std::string(64, 'b') +
                          R"(","blockHeight":800000,)"
                          R"("merklePath":"fe00","timestamp":"2026-11-24T00:00:00Z"})";
  auto single = arc::parse_callback_body(one);
  ASSERT_TRUE(single.ok()) << single.error().message;
  ASSERT_EQ(single->size(), 1u);
  EXPECT_EQ((*single)[0].tx_status, "MINED");
  EXPECT_EQ((*single)[0].block_height, 800000);
  auto batch = arc::parse_callback_body(R"({"count":2,"callbacks":[)" + one + "," + one + "]}");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->size(), 2u);
  auto unmined = arc::parse_status_report(R"({"txid":")" + kTxid +
                                          R"(","txStatus":"SEEN_ON_NETWORK","blockHeight":0})");
  ASSERT_TRUE(unmined.ok());
  EXPECT_EQ(unmined->block_height, -1) << "ARC's 0 means not mined";
}

TEST(ArcReports, BadCallbacksAreRefusedNamingTheField) {
  for (const auto& [body, culprit] : std::vector<std::pair<std::string, std::string>>{
           {"not json", "JSON"},
           {"[]", "object"},
           {R"({"txStatus":"MINED"})", "txid"},
           {R"({"txid":"xyz","txStatus":"MINED"})", "txid"},
           {R"({"txid":")" + kTxid + R"(","txStatus":7})", "txStatus"},
           {R"({"txid":")" + kTxid + R"(","txStatus":"MINED","blockHeight":"high"})",
            "blockHeight"},
           {R"({"txid":")" + kTxid + R"(","txStatus":"MINED","blockHash":"' OR 1=1 --"})",
            "blockHash"},
           {R"({"txid":")" + kTxid + R"(","txStatus":"MINED","blockHeight":-1})", "blockHeight"},
           {R"({"count":1,"callbacks":{}})", "callbacks"},
           {R"({"count":2,"callbacks":[{"txid":")" + kTxid + R"(","txStatus":"MINED"},{}]})",
            "txid"}}) {
    auto parsed = arc::parse_callback_body(body);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(parsed.error().message.find(culprit), std::string::npos)
        << body << " -> " << parsed.error().message;
  }
}

}  // namespace
}  // namespace bsv::store
