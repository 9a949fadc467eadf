// Proof tracking end to end: real `serve` processes polling a real arc-sim
// that "mines" blocks (valid BUMPs), reorganises them and changes its mind,
// over a real PostgreSQL.

#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/beef.hpp"
#include "chain/transaction.hpp"
#include "db/postgres_store.hpp"
#include "support/eventually.hpp"
#include "support/funded_job.hpp"
#include "support/http_call.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/process.hpp"
#include "support/queue_fixture.hpp"
#include "support/test_database.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;
using testing::ArcSimProcess;
using testing::eventually;
using testing::NodeProcess;
using testing::Payload;
using namespace std::chrono_literals;

class ProofTest : public testing::QueueFixture {
 protected:
  std::vector<std::string> node_args(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(),
                 {"--workers", "2", "--proof-first-check", "0.2", "--proof-interval", "0.5"});
    return serve_args(extra);
  }
  // A finalize-path job with its action, as a wallet leaves it.
  std::string seed(std::uint32_t salt) { return seed_plain(salt, /*with_action=*/true); }
  json mine(const std::vector<std::string>& txids, bool bad_proof = false) {
    return control("/control/mine", {{"txids", txids}, {"bad_proof", bad_proof}});
  }
  int status_requests(const std::string& txid) {
    return arc_stats()["status_requests"].value(txid, 0);
  }
  int header_requests(const json& block) {
    return arc_stats()["header_requests"].value(
        std::to_string(block["block_height"].get<std::int64_t>()), 0);
  }
  // The stored proof of `txid` proves it (its merkle root computes) at `height`.
  void expect_proof(const std::string& txid, std::int64_t height) {
    auto proof = store_.find_proof(txid);
    ASSERT_TRUE(proof.ok() && proof->has_value()) << "no proof stored for " << txid;
    const auto path = chain::parse_merkle_path(chain::from_hex(**proof));
    EXPECT_EQ(path.block_height, static_cast<std::uint64_t>(height));
    EXPECT_NO_THROW(chain::compute_merkle_root(path, chain::hash_from_txid_hex(txid)));
  }
};

TEST_F(ProofTest, PollingTakesTheActionToCompletedWithItsProof) {
  NodeProcess node(node_args());
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return status_requests(txid) >= 1; }))
      << "first check soon after the broadcast: " << job(txid, "status, proof_state");
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(job(txid, "proof_state, arc_status"), "tracking|SEEN_ON_NETWORK");

  const auto block = mine({txid});
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "completed"; }))
      << job(txid, "proof_state, arc_status, proof_checks, last_error");
  expect_proof(txid, block["block_height"].get<std::int64_t>());
  EXPECT_EQ(job(txid, "proof_state, arc_status, block_hash, block_height, proven_at IS NOT NULL"),
            "proven|MINED|" + block["block_hash"].get<std::string>() + "|" +
                std::to_string(block["block_height"].get<std::int64_t>()) + "|t");
  // One more look a block later (a reorg would show there), then none.
  ASSERT_TRUE(eventually([&] { return job(txid, "next_check_at IS NULL") == "t"; }));
  const int requests = status_requests(txid);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(status_requests(txid), requests) << "no polling once confirmed";
  EXPECT_EQ(job(txid, "proof_checks"), std::to_string(requests));
  std::cout << "[ figures ] ARC requests for one transaction, mined after its first check, "
               "polling: 1 submission, "
            << requests << " status requests, " << header_requests(block)
            << " header request (for its whole block)\n";
  EXPECT_LE(requests, 3);
  EXPECT_EQ(header_requests(block), 1) << "the root is checked against the block's header";
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(ProofTest, AReorgUnprovesTheActionUntilTheNewBlockReplacesTheProof) {
  NodeProcess node(node_args({"--proof-interval", "1.5"}));
  const auto txid = seed(2);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }));
  const auto first = mine({txid});
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "completed"; }));
  control("/control/reorg", {{"txids", {txid}}});
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "unproven"; }))
      << "the confirmation check sees the stale block: "
      << job(txid, "proof_state, arc_status, next_check_at");
  EXPECT_EQ(job(txid, "proof_state, arc_status"), "tracking|MINED_IN_STALE_BLOCK");

  const auto second = mine({txid});
  ASSERT_NE(first["block_hash"], second["block_hash"]);
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "completed"; }));
  expect_proof(txid, second["block_height"].get<std::int64_t>());
  EXPECT_EQ(job(txid, "block_hash"), second["block_hash"].get<std::string>());
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "1");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(ProofTest, AMerklePathThatDoesNotProveTheTransactionIsRefused) {
  NodeProcess node(node_args());
  const auto txid = seed(3);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }));
  mine({txid}, /*bad_proof=*/true);
  const int before = status_requests(txid);
  ASSERT_TRUE(eventually([&] { return status_requests(txid) >= before + 2; }));
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(job(txid, "proof_state"), "tracking");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "0");
  EXPECT_NE(node.errors().find("does not prove " + txid), std::string::npos) << node.errors();
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(ProofTest, GivesUpAfterTheLastCheckAndMarksTheTxid) {
  NodeProcess node(node_args({"--proof-interval", "0.2", "--proof-max-checks", "3"}));
  const auto txid = seed(4);
  ASSERT_TRUE(eventually([&] { return job(txid, "proof_state") == "attention"; }))
      << job(txid, "proof_state, proof_checks");
  EXPECT_EQ(job(txid, "proof_checks, next_check_at IS NULL"), "3|t");
  EXPECT_EQ(status_requests(txid), 3);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(status_requests(txid), 3) << "no polling forever";
  EXPECT_NE(node.errors().find("needs attention"), std::string::npos);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(ProofTest, RejectedAfterAcceptanceFailsTheActionAndLeavesTheOutputs) {
  NodeProcess node(node_args({"--proof-first-check", "1"}));
  const auto txid = testing::seed_funded_job(store_, 5);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }));
  control("/control/status", {{"txid", txid}, {"tx_status", "REJECTED"}});
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "failed"; }))
      << job(txid, "proof_state, arc_status");
  EXPECT_EQ(job(txid, "status, proof_state, arc_status"), "completed|failed|REJECTED");
  EXPECT_NE(job(txid, "last_error").find("REJECTED after accepting"), std::string::npos);
  const auto shown = testing::run_process(
      {testing::node_binary(), "jobs", "show", txid, "--json", "--database-url", url()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(json::parse(shown.out)["proof_state"], "failed") << "the operator sees it";
  EXPECT_EQ(json::parse(shown.out)["action_status"], "failed");
  EXPECT_NE(node.errors().find("failed after accepting it"), std::string::npos);
  const auto outs = testing::funded_outpoints(5);
  EXPECT_EQ(sql("SELECT state FROM wallet_outputs WHERE outpoint = '" + outs.inputs[0] + "'"),
            "spent")
      << "a competing transaction may have spent the inputs: the operator decides";
  EXPECT_EQ(sql("SELECT state FROM wallet_outputs WHERE outpoint = '" + outs.change + "'"),
            "spendable");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// Mined before the first check: each txid is asked about exactly twice (the
// proof, then the confirmation), however many nodes track the database.
TEST_F(ProofTest, TwoNodesNeverCheckOneTxidTwice) {
  std::vector<std::string> txids;
  for (std::uint32_t salt = 10; salt < 40; ++salt) txids.push_back(seed(salt));
  const std::vector<std::string> slow = {"--proof-first-check", "2", "--proof-interval", "0.3"};
  auto args_a = node_args(slow), args_b = node_args(slow);
  args_a.insert(args_a.end(), {"--node-id", "proof-a"});
  args_b.insert(args_b.end(), {"--node-id", "proof-b"});
  NodeProcess a(args_a), b(args_b);
  ASSERT_TRUE(eventually([&] {
    return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'") == "30";
  }));
  mine(txids);
  ASSERT_TRUE(eventually(
      [&] {
        return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE proof_state = 'proven' "
                   "AND next_check_at IS NULL") == "30";
      },
      30s));
  for (const auto& txid : txids) {
    EXPECT_EQ(status_requests(txid), 2) << txid;
    EXPECT_EQ(job(txid, "proof_checks"), "2") << txid;
    EXPECT_EQ(action_status(txid), "completed");
  }
  EXPECT_EQ(a.stop(SIGTERM), 0);
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

// ARC's callbacks, sent by arc-sim to the node's --callback-listen port.
class CallbackTest : public ProofTest {
 protected:
  void SetUp() override {
    // The tracker's first check is far off: whatever happens here comes by callback.
    node_ = std::make_unique<NodeProcess>(node_args(
        {"--proof-first-check", "60", "--callback-listen", "127.0.0.1:0", "--arc-callback-token",
         kToken, "--arc-callback-url", "http://127.0.0.1:1/unused"}));
    for (const auto& line : lines(node_->errors())) {
      const auto entry = json::parse(line, nullptr, false);
      if (entry.is_object() && entry.value("component", "") == "callbacks") {
        const auto listen = entry.value("listen", "");
        callback_url_ = "http://" + listen + "/arc/callback";
      }
    }
    ASSERT_FALSE(callback_url_.empty()) << node_->errors();
  }
  void TearDown() override { EXPECT_EQ(node_->stop(SIGTERM), 0); }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  // arc-sim sends callbacks about `items` ({"txid", "tx_status"?}); answers the HTTP codes.
  std::vector<int> callback(const json& items, json options = json::object(),
                            const std::string& token = kToken) {
    options["url"] = callback_url_;
    options["token"] = token;
    options["items"] = items;
    const auto answer = control("/control/callback", options);
    return answer["statuses"].get<std::vector<int>>();
  }
  std::string completed_job(std::uint32_t salt) {
    const auto txid = seed(salt);
    EXPECT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }));
    return txid;
  }

  static constexpr const char* kToken = "callback-token-3e1";
  std::unique_ptr<NodeProcess> node_;
  std::string callback_url_;
};

TEST_F(CallbackTest, ACallbackProvesWithoutAnyStatusRequest) {
  const auto txid = completed_job(50);
  const auto block = mine({txid});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{200});
  EXPECT_EQ(action_status(txid), "completed") << "applied before the answer";
  expect_proof(txid, block["block_height"].get<std::int64_t>());
  EXPECT_EQ(job(txid, "proof_state, next_check_at IS NULL"), "proven|t");
  EXPECT_EQ(status_requests(txid), 0) << "no ARC request besides the broadcast";
  EXPECT_EQ(header_requests(block), 1) << "the root is checked against the block's header";
  std::cout << "[ figures ] ARC requests for one transaction with callbacks: 1 submission, "
            << status_requests(txid) << " status requests, " << header_requests(block)
            << " header request (for its whole block)\n";
}

// A callback's proof is checked against the block headers like a polled
// one: a root the source denies is refused (422), one it cannot confirm yet
// is asked for again (503); nothing is stored until it is confirmed.
TEST_F(CallbackTest, ACallbackProofIsCheckedAgainstTheBlockHeaders) {
  const auto txid = completed_job(54);
  const auto block = mine({txid});
  const auto height = block["block_height"].get<std::int64_t>();
  control("/control/headers", {{"height", height}, {"lie", true}});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{422});
  control("/control/headers", {{"height", height}, {"unknown", true}});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{503});
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "0");
  control("/control/headers", {{"height", height}});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{200});
  EXPECT_EQ(action_status(txid), "completed");
}

TEST_F(CallbackTest, DuplicatedAndReorderedCallbacksLeaveTheRightState) {
  const std::vector<std::string> txids = {completed_job(51), completed_job(52), completed_job(53)};
  mine(txids);
  json items = json::array();
  for (const auto& txid : txids) items.push_back({{"txid", txid}});
  // The batch twice, in reverse order; then older statuses arrive late.
  EXPECT_EQ(callback(items, {{"batch", true}, {"duplicate", 2}, {"reverse", true}}),
            (std::vector<int>{200, 200}));
  json late = json::array();
  for (const auto& txid : txids) {
    late.push_back({{"txid", txid}, {"tx_status", "SEEN_ON_NETWORK"}});
    late.push_back({{"txid", txid}, {"tx_status", "STORED"}});
  }
  EXPECT_EQ(callback(late), std::vector<int>(6, 200));
  for (const auto& txid : txids) {
    EXPECT_EQ(action_status(txid), "completed");
    EXPECT_EQ(job(txid, "proof_state, arc_status"), "proven|MINED");
    EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "1");
  }
}

TEST_F(CallbackTest, AWrongTokenChangesNothing) {
  const auto txid = completed_job(54);
  mine({txid});
  EXPECT_EQ(callback({{{"txid", txid}}}, json::object(), "not-the-token"), std::vector<int>{401});
  EXPECT_EQ(callback({{{"txid", txid}}}, json::object(), ""), std::vector<int>{401});
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "0");
  EXPECT_NE(node_->errors().find("wrong token"), std::string::npos);
}

TEST_F(CallbackTest, ABadMerklePathIsRefusedAndAReorgIsFollowed) {
  const auto txid = completed_job(55);
  mine({txid}, /*bad_proof=*/true);
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{422});
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "0");

  const auto first = mine({txid});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{200});
  EXPECT_EQ(action_status(txid), "completed");
  control("/control/reorg", {{"txids", {txid}}});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{200});
  EXPECT_EQ(action_status(txid), "unproven") << "MINED_IN_STALE_BLOCK for the stored block";
  const auto second = mine({txid});
  EXPECT_EQ(callback({{{"txid", txid}}}), std::vector<int>{200});
  EXPECT_EQ(action_status(txid), "completed");
  expect_proof(txid, second["block_height"].get<std::int64_t>());
  EXPECT_EQ(job(txid, "block_hash"), second["block_hash"].get<std::string>());
}

TEST(CallbackConfig, NeedsAToken) {
  auto r = testing::run_process({testing::node_binary(), "serve", "--database-url", "host=db",
                                 "--no-broadcast", "--callback-listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--arc-callback-token"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace bsv::store
