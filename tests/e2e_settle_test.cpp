// Settle on evidence, end to end (broadcast-queue.md, "Settle on evidence",
// "Classifying ARC answers", "Jobs in doubt"): real `serve` processes, a
// real arc-sim told how to answer, a real PostgreSQL. After every scenario
// the job, the action, each input and the change output are checked: only
// ARC's verdict on the transaction ever makes an output spendable again.

#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/eventually.hpp"
#include "support/process.hpp"
#include "support/queue_fixture.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;
using testing::ArcSimProcess;
using testing::eventually;
using testing::NodeProcess;
using testing::Payload;
using namespace std::chrono_literals;

const std::string kCompetitor(64, 'c');

class SettleTest : public testing::QueueFixture {
 protected:
  std::vector<std::string> node_args(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"--node-id", "settle-node", "--poll-interval", "0.5"});
    return serve_args(extra);
  }
  std::string seed(std::uint32_t salt) { return testing::seed_funded_job(store_, salt); }
  /// "<state>" of an output, "gone" when deleted.
  std::string output(const std::string& outpoint) {
    auto state = sql("SELECT state FROM wallet_outputs WHERE outpoint = '" + outpoint + "'");
    return state.empty() ? "gone" : state;
  }
  /// The job's status, its action's status, its two inputs and its change.
  std::string books(std::uint32_t salt, const std::string& txid) {
    const auto salt_text = std::to_string(salt);
    return job(txid, "status") + " action=" + action_status(txid) +
           " in=" + output("in" + salt_text + ".0") + "," + output("in" + salt_text + ".1") +
           " change=" + output("change" + salt_text + ".0");
  }
};

// One row of the classification table: what arc-sim is told for the job's
// txid, and the books once the node has settled it.
struct Row {
  const char* name;
  json rule;
  const char* books;
};

TEST_F(SettleTest, EveryRowOfTheClassificationTableSettlesAsTheSpecSays) {
  const std::string accepted = "completed action=unproven in=spent,spent change=spendable";
  const std::string rejected = "failed action=failed in=spendable,spendable change=gone";
  const std::string lost = "failed action=failed in=spent,spent change=gone";
  const std::string doubt = "in_doubt action=sending in=pending,pending change=pending";
  const std::string retry = "unsent action=sending in=pending,pending change=pending";
  const std::vector<Row> rows = {
      {"SEEN_ON_NETWORK", {{"tx_status", "SEEN_ON_NETWORK"}}, accepted.c_str()},
      {"QUEUED", {{"tx_status", "QUEUED"}}, accepted.c_str()},
      {"MINED", {{"tx_status", "MINED"}}, accepted.c_str()},
      {"REJECTED with competingTxs",
       {{"tx_status", "REJECTED"}, {"competing_txs", {kCompetitor}}},
       lost.c_str()},
      {"REJECTED naming a double spend",
       {{"tx_status", "REJECTED"}, {"extra_info", "input already spent: double spend"}},
       lost.c_str()},
      {"REJECTED", {{"tx_status", "REJECTED"}, {"extra_info", "script failed"}}, rejected.c_str()},
      {"INVALID", {{"tx_status", "INVALID"}}, rejected.c_str()},
      {"DOUBLE_SPEND_ATTEMPTED",
       {{"tx_status", "DOUBLE_SPEND_ATTEMPTED"}, {"competing_txs", {kCompetitor}}},
       doubt.c_str()},
      {"SEEN_IN_ORPHAN_MEMPOOL", {{"tx_status", "SEEN_IN_ORPHAN_MEMPOOL"}}, doubt.c_str()},
      {"unknown txStatus", {{"tx_status", "SOMETHING_NEW"}}, doubt.c_str()},
      {"2xx not JSON", {{"malformed", true}}, doubt.c_str()},
      {"HTTP 466", {{"http", 466}, {"competing_txs", {kCompetitor}}}, lost.c_str()},
      {"HTTP 461", {{"http", 461}}, rejected.c_str()},
      {"HTTP 465", {{"http", 465}}, rejected.c_str()},
      {"HTTP 401", {{"http", 401}}, retry.c_str()},
      {"HTTP 404", {{"http", 404}}, retry.c_str()},
      {"HTTP 422", {{"http", 422}}, retry.c_str()},
      {"HTTP 503", {{"http", 503}}, retry.c_str()},
      {"dropped connection", {{"drop", true}}, retry.c_str()},
      {"timeout", {{"delay_ms", 3000}}, retry.c_str()},
  };
  // Retries far away and doubts never checked: each row shows its own class.
  NodeProcess node(node_args({"--retry-base", "600", "--doubt-first-check", "3600", "--arc-timeout",
                              "1", "--proof-first-check", "3600"}));
  // One job at a time, so that each goes to ARC alone (in a batch, a
  // dropped or malformed answer is every member's answer).
  std::vector<std::string> txids;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto salt = static_cast<std::uint32_t>(100 + i);
    auto r = rows[i].rule;
    r["txid"] = Payload(salt).txid();
    rule(r);
    txids.push_back(seed(salt));
    EXPECT_TRUE(eventually([&] { return books(salt, txids[i]) == rows[i].books; }, 15s))
        << rows[i].name << ": " << books(salt, txids[i]) << " / " << job(txids[i], "last_error");
  }
  EXPECT_EQ(job(txids[3], "array_to_string(competing_txids, ',')"), kCompetitor);
  EXPECT_EQ(job(txids[7], "array_to_string(competing_txids, ',')"), kCompetitor)
      << "a race not yet decided keeps its competitor too";
  EXPECT_EQ(job(txids[11], "array_to_string(competing_txids, ',')"), kCompetitor);
  EXPECT_NE(node.errors().find("check the endpoint's URL and API key"), std::string::npos)
      << "401/404 are logged as an error naming the endpoint";
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// "What if the answer never came": ARC stored the transaction, then the
// answer timed out. The job is in doubt, then completed on ARC's word; no
// rollback is ever visible in between.
TEST_F(SettleTest, TimeoutAfterArcStoredItIsInDoubtThenCompletedWithNoRollbackInBetween) {
  Payload p(1);
  rule({{"txid", p.txid()}, {"delay_ms", 2500}});  // received and stored, answered too late
  const auto txid = seed(1);
  NodeProcess node(node_args({"--arc-timeout", "1", "--max-attempts", "2", "--retry-base", "0.2",
                              "--doubt-first-check", "1"}));
  std::set<std::string> seen;
  ASSERT_TRUE(eventually(
      [&] {
        seen.insert(books(1, txid));
        return job(txid, "status") == "completed";
      },
      40s))
      << books(1, txid);
  for (const auto& state : seen) {
    EXPECT_EQ(state.find("spendable,"), std::string::npos) << "an input came back: " << state;
    EXPECT_EQ(state.find("change=gone"), std::string::npos) << "the change vanished: " << state;
  }
  EXPECT_TRUE(seen.count("in_doubt action=sending in=pending,pending change=pending"))
      << "it went through doubt";
  EXPECT_EQ(books(1, txid), "completed action=unproven in=spent,spent change=spendable");
  EXPECT_EQ(arc_stats()["txids"][txid], 2) << "two broadcasts, then a status query";
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// ARC lost the transaction (the answer was dropped and nothing kept): the
// status query answers 404, the resolver sends it again.
TEST_F(SettleTest, NotFoundByArcIsBroadcastAgainAndCompleted) {
  rule({{"next", 1}, {"drop", true}, {"forget", true}});
  const auto txid = seed(2);
  NodeProcess node(node_args({"--max-attempts", "1", "--doubt-first-check", "0.5"}));
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }, 20s))
      << books(2, txid) << " " << job(txid, "last_error");
  const auto stats = arc_stats();
  EXPECT_EQ(stats["txids"][txid], 2) << "the lost broadcast and the one after the 404";
  EXPECT_GE(stats["status_requests"][txid], 1);
  EXPECT_EQ(job(txid, "attempts"), "1");
  EXPECT_EQ(books(2, txid), "completed action=unproven in=spent,spent change=spendable");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(SettleTest, DoubleSpendRaceWonIsCompletedAndLostKeepsInputsSpent) {
  Payload won(3), lost(4);
  for (const auto* p : {&won, &lost}) {
    rule({{"txid", p->txid()},
          {"tx_status", "DOUBLE_SPEND_ATTEMPTED"},
          {"competing_txs", {kCompetitor}}});
  }
  const auto won_txid = seed(3), lost_txid = seed(4);
  NodeProcess node(node_args({"--doubt-first-check", "0.5", "--doubt-interval", "1"}));
  ASSERT_TRUE(eventually([&] {
    return job(won_txid, "status") == "in_doubt" && job(lost_txid, "status") == "in_doubt";
  }));
  EXPECT_EQ(job(won_txid, "array_to_string(competing_txids, ',')"), kCompetitor);
  std::this_thread::sleep_for(1500ms);  // checked: still racing, still in doubt
  EXPECT_EQ(books(3, won_txid), "in_doubt action=sending in=pending,pending change=pending");
  // The race is decided: one mined, the other refused in favour of the competitor.
  control("/control/mine", {{"txids", {won_txid}}});
  control("/control/status",
          {{"txid", lost_txid}, {"tx_status", "REJECTED"}, {"competing_txs", {kCompetitor}}});
  ASSERT_TRUE(eventually(
      [&] {
        return job(won_txid, "status") == "completed" && job(lost_txid, "status") == "failed";
      },
      20s))
      << books(3, won_txid) << " / " << books(4, lost_txid);
  EXPECT_EQ(books(3, won_txid).substr(0, 9), "completed");
  EXPECT_EQ(output("in3.0"), "spent");
  EXPECT_EQ(output("change3.0"), "spendable");
  EXPECT_EQ(books(4, lost_txid), "failed action=failed in=spent,spent change=gone")
      << "a competitor spent the inputs: never spendable again";
  EXPECT_EQ(job(lost_txid, "array_to_string(competing_txids, ',')"), kCompetitor);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// A wrong key must never fail the wallet's transactions: every request is
// refused with 401 until the operator fixes the key; then every job
// completes and none ever failed.
TEST_F(SettleTest, WrongKeyForAWhileThenTheRightOneCompletesEveryJobAndFailsNone) {
  ArcSimProcess keyed({"--api-key", "right"});
  auto args = [&](const std::string& key) {
    auto a = node_args({"--arc-api-key", key, "--max-attempts", "2", "--retry-base", "0.2",
                        "--doubt-first-check", "0.5", "--doubt-interval", "1"});
    for (std::size_t i = 0; i + 1 < a.size(); ++i) {
      if (a[i] == "--arc-url") a[i + 1] = keyed.url();
    }
    return a;
  };
  std::vector<std::string> txids;
  for (std::uint32_t salt = 10; salt < 20; ++salt) txids.push_back(seed(salt));
  {
    NodeProcess wrong(args("wrong"));
    ASSERT_TRUE(eventually(
        [&] {
          return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'in_doubt'") ==
                 "10";
        },
        30s))
        << sql("SELECT string_agg(status || ':' || coalesce(last_error, ''), ' ') FROM "
               "wallet_broadcast_jobs");
    std::this_thread::sleep_for(2s);  // doubt checks, refused too
    EXPECT_EQ(sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'failed'"), "0");
    EXPECT_NE(wrong.errors().find("API key"), std::string::npos);
    EXPECT_EQ(wrong.stop(SIGTERM), 0);
  }
  NodeProcess right(args("right"));
  ASSERT_TRUE(eventually(
      [&] {
        return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'") == "10";
      },
      40s))
      << sql("SELECT string_agg(status, ' ') FROM wallet_broadcast_jobs");
  for (std::uint32_t salt = 10; salt < 20; ++salt) {
    EXPECT_EQ(books(salt, txids[salt - 10]),
              "completed action=unproven in=spent,spent change=spendable");
  }
  EXPECT_EQ(right.stop(SIGTERM), 0);
}

// Several nodes never check one txid at once: 200 jobs in doubt, unknown
// to ARC, resolved by two nodes: each sent again exactly once.
TEST_F(SettleTest, TwoNodesResolveTwoHundredJobsInDoubtEachOnce) {
  for (std::uint32_t salt = 0; salt < 200; ++salt) seed_plain(1000 + salt);
  sql("UPDATE wallet_broadcast_jobs SET status = 'in_doubt', attempts = 5, doubt_since = now(), "
      "next_doubt_check_at = now() RETURNING 1");
  NodeProcess a(node_args({"--node-id", "a"})), b(node_args({"--node-id", "b"}));
  ASSERT_TRUE(eventually(
      [&] {
        return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'") ==
               "200";
      },
      60s))
      << sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'");
  const auto stats = arc_stats();
  EXPECT_EQ(stats["txids"].size(), 200u);
  for (const auto& [txid, count] : stats["txids"].items()) {
    EXPECT_EQ(count, 1) << txid << " was sent again more than once";
    EXPECT_EQ(stats["status_requests"][txid], 1) << txid << " was checked by both nodes";
  }
  EXPECT_EQ(sql("SELECT max(attempts) FROM wallet_broadcast_jobs"), "5");
  EXPECT_EQ(a.stop(SIGTERM), 0);
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

// The one rollback without ARC's verdict, by an operator: refused while ARC
// knows the txid, allowed when it does not, or with --force.
TEST_F(SettleTest, AbandonIsRefusedWhileArcKnowsTheTxidAndAllowedWhenItDoesNotOrWithForce) {
  Payload known(40);
  std::string known_txid, lost_txid, done_txid;
  {
    NodeProcess node(
        node_args({"--arc-timeout", "1", "--max-attempts", "1", "--doubt-first-check", "3600"}));
    // One at a time, each sent alone.
    rule({{"txid", known.txid()}, {"delay_ms", 2500}});  // ARC stores it, answers too late
    known_txid = seed(40);
    ASSERT_TRUE(eventually([&] { return job(known_txid, "status") == "in_doubt"; }, 20s));
    rule({{"next", 1}, {"drop", true}, {"forget", true}});  // ARC loses this one
    lost_txid = seed(41);
    ASSERT_TRUE(eventually([&] { return job(lost_txid, "status") == "in_doubt"; }, 20s));
    done_txid = seed(42);
    ASSERT_TRUE(eventually([&] { return job(done_txid, "status") == "completed"; }, 20s));
    EXPECT_EQ(node.stop(SIGTERM), 0);
  }
  const auto jobs = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {testing::node_binary(), "jobs", "abandon"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--database-url", url()});
    return testing::run_process(argv);
  };
  const std::string untouched = "in_doubt action=sending in=pending,pending change=pending";
  const std::string abandoned = "failed action=failed in=spendable,spendable change=gone";

  auto refused = jobs({known_txid, "--arc-url", arc_.url()});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find(R"("code":"conflict")"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("SEEN_ON_NETWORK"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << "the hint says what to do";
  EXPECT_EQ(books(40, known_txid), untouched);

  auto no_arc = jobs({known_txid});
  EXPECT_EQ(no_arc.exit_code, 2) << "abandon asks ARC first: " << no_arc.err;
  auto unreachable = jobs({known_txid, "--arc-url", "http://127.0.0.1:1"});
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.err;
  EXPECT_NE(unreachable.err.find(R"("code":"unavailable")"), std::string::npos);
  EXPECT_EQ(books(40, known_txid), untouched);

  auto dry = jobs({known_txid, "--force", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would abandon"), std::string::npos) << dry.out;
  EXPECT_EQ(books(40, known_txid), untouched) << "a dry run changes nothing";

  auto forced = jobs({known_txid, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(forced.out.find("abandoned (was in_doubt"), std::string::npos) << forced.out;
  EXPECT_EQ(books(40, known_txid), abandoned);
  EXPECT_NE(job(known_txid, "last_error").find("abandoned by"), std::string::npos);

  auto unknown_to_arc = jobs({lost_txid, "--arc-url", arc_.url(), "--json"});
  EXPECT_EQ(unknown_to_arc.exit_code, 0) << unknown_to_arc.err;
  EXPECT_EQ(json::parse(unknown_to_arc.out)["why"], "ARC does not know it");
  EXPECT_EQ(books(41, lost_txid), abandoned);

  const std::string completed = books(42, done_txid);
  auto final_job = jobs({done_txid, "--force"});
  EXPECT_EQ(final_job.exit_code, 1) << "a completed job is final, --force or not";
  EXPECT_NE(final_job.err.find("is completed"), std::string::npos) << final_job.err;
  EXPECT_EQ(books(42, done_txid), completed);
}

}  // namespace
}  // namespace bsv::store
