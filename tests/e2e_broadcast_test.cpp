// The broadcast queue end to end: real `serve` processes, a real arc-sim,
// a real PostgreSQL. Jobs are seeded through PostgresStore (as a wallet
// would), then watched in the database until the node has settled them.

#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "db/postgres_store.hpp"
#include "support/eventually.hpp"
#include "support/funded_job.hpp"
#include "support/http_call.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/queue_fixture.hpp"
#include "support/test_database.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;
using testing::ArcSimProcess;
using testing::NodeProcess;
using testing::Payload;
using namespace std::chrono_literals;

using testing::eventually;

class BroadcastTest : public testing::QueueFixture {
 protected:
  std::vector<std::string> node_args(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"--node-id", "test-node"});
    return serve_args(extra);
  }
  std::string count(const std::string& where) {
    return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE " + where);
  }
  std::string seed_funded(std::uint32_t salt) { return testing::seed_funded_job(store_, salt); }
  std::string output_state(const std::string& outpoint) {
    return sql(
        "SELECT coalesce(state, '') || '/' || (data->>'state') FROM wallet_outputs "
        "WHERE outpoint = '" +
        outpoint + "'");
  }
};

TEST_F(BroadcastTest, SuccessSettlesOutputsAndActionAndSendsTheBearerKey) {
  NodeProcess node(node_args({"--arc-api-key", "secret-key"}));
  const auto txid = seed_funded(1);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }))
      << job(txid, "status, last_error") << node.errors();
  EXPECT_EQ(output_state("in1.0"), "spent/spent");
  EXPECT_EQ(output_state("in1.1"), "spent/spent");
  EXPECT_EQ(output_state("change1.0"), "spendable/spendable");
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(job(txid, "attempts, locked_by IS NULL"), "1|t");
  const auto stats = arc_stats();
  EXPECT_EQ(stats["txids"][txid], 1);
  EXPECT_EQ(stats["last_headers"]["authorization"], "Bearer secret-key");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, RejectionRollsBackAtOnce) {
  NodeProcess node(node_args());
  Payload p(2);
  rule({{"txid", p.txid()}, {"tx_status", "REJECTED"}, {"extra_info", "script failed"}});
  const auto txid = seed_funded(2);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "failed"; }));
  EXPECT_EQ(job(txid, "attempts, last_error"), "1|REJECTED: script failed");
  EXPECT_EQ(output_state("in2.0"), "spendable/spendable");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE outpoint = 'change2.0'"), "0");
  EXPECT_EQ(action_status(txid), "failed");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// Settle on evidence: a job whose retries are used up is in doubt, never
// failed, until ARC says what became of it (here: it never got it).
TEST_F(BroadcastTest, TransientFailuresAreRetriedThenGoInDoubtNeverFailed) {
  Payload p(3);
  rule({{"txid", p.txid()}, {"http", 503}});
  NodeProcess node(node_args({"--retry-base", "0.5", "--max-attempts", "3",  // default 8 s poll
                              "--doubt-first-check", "3"}));
  const auto txid = seed_funded(3);
  ASSERT_TRUE(eventually([&] { return job(txid, "status, attempts") == "unsent|1"; }))
      << job(txid, "status, attempts, last_error");
  EXPECT_EQ(job(txid, "last_error, next_attempt_at > now()"),
            "HTTP 503: arc-sim was told to answer 503|t");
  EXPECT_EQ(output_state("in3.0"), "pending/pending") << "outputs stay pending between attempts";
  EXPECT_EQ(output_state("change3.0"), "pending/pending");
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "in_doubt"; }, 30s));
  EXPECT_EQ(job(txid, "attempts"), "3");
  EXPECT_NE(job(txid, "last_error").find("attempts used up (3)"), std::string::npos);
  EXPECT_EQ(arc_stats()["txids"][txid], 3);
  EXPECT_EQ(output_state("in3.0"), "pending/pending") << "never rolled back without a verdict";
  EXPECT_EQ(output_state("change3.0"), "pending/pending");
  EXPECT_EQ(action_status(txid), "sending");
  // ARC recovers: it does not know the txid (503s store nothing), so the
  // doubt resolver sends it again, once, and it completes.
  rule({{"txid", p.txid()}, {"http", 200}});
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }, 30s))
      << job(txid, "status, last_error");
  EXPECT_EQ(arc_stats()["txids"][txid], 4);
  EXPECT_EQ(job(txid, "attempts"), "3") << "a doubt check counts no attempt";
  EXPECT_EQ(output_state("in3.0"), "spent/spent");
  EXPECT_EQ(output_state("change3.0"), "spendable/spendable");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, UndecodablePayloadFailsWithoutCallingArc) {
  NodeProcess node(node_args());
  // Written behind enqueue's back (enqueue itself refuses it).
  sql("INSERT INTO wallet_broadcast_jobs (txid, beef_hex) VALUES ('" + std::string(64, 'a') +
      "', '0100beef01ff') RETURNING 1");
  sql("SELECT pg_notify('wallet_broadcast_jobs', 'x')");
  ASSERT_TRUE(eventually([&] { return count("status = 'failed'") == "1"; }));
  EXPECT_NE(job(std::string(64, 'a'), "last_error").find("undecodable"), std::string::npos);
  EXPECT_EQ(arc_stats()["requests"], 0);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, SweepPutsStuckJobsWithNoAttemptsLeftInDoubt) {
  const auto stuck = seed_funded(5), fresh = seed_funded(6);
  // A worker of another node died holding both; one used its last attempt.
  sql("UPDATE wallet_broadcast_jobs SET status = 'sending', locked_by = 'gone/0', "
      "locked_at = now() - interval '1 hour', attempts = 5 WHERE txid = '" +
      stuck + "' RETURNING 1");
  sql("UPDATE wallet_broadcast_jobs SET status = 'sending', locked_by = 'gone/0', "
      "locked_at = now(), attempts = 1 WHERE txid = '" +
      fresh + "' RETURNING 1");
  NodeProcess node(node_args({"--stale-threshold", "1", "--poll-interval", "0.5",  // sweeps
                              "--doubt-first-check", "4"}));                       // every 0.5 s
  ASSERT_TRUE(eventually([&] { return job(stuck, "status") == "in_doubt"; }))
      << job(stuck, "status, locked_by, last_error");
  EXPECT_NE(job(stuck, "last_error").find("attempts used up"), std::string::npos);
  EXPECT_EQ(output_state("in5.0"), "pending/pending") << "its last broadcast may have reached ARC";
  EXPECT_EQ(output_state("change5.0"), "pending/pending");
  EXPECT_EQ(action_status(stuck), "sending");
  EXPECT_EQ(arc_stats()["txids"].count(stuck), 0u) << "not broadcast by a worker";
  // The doubt resolver asks ARC, which never got it: sent again, completed.
  ASSERT_TRUE(eventually([&] { return job(stuck, "status") == "completed"; }, 20s))
      << job(stuck, "status, last_error");
  EXPECT_EQ(arc_stats()["txids"][stuck], 1);
  EXPECT_EQ(output_state("in5.0"), "spent/spent");
  // The other one was rescued once stale (attempts left) and broadcast.
  ASSERT_TRUE(eventually([&] { return job(fresh, "status") == "completed"; }));
  EXPECT_EQ(job(fresh, "attempts"), "2");
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, NotificationWakesWorkersLongBeforeThePoll) {
  NodeProcess node(node_args({"--poll-interval", "30"}));
  std::this_thread::sleep_for(300ms);  // the workers' first claims found nothing
  const auto started = std::chrono::steady_clock::now();
  const auto txid = seed_plain(4);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }, 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, TwoNodesDrainAThousandJobsEachSettledOnce) {
  for (std::uint32_t i = 0; i < 1000; ++i) seed_plain(10000 + i);
  NodeProcess a(node_args({"--node-id", "node-a", "--workers", "2"}));
  NodeProcess b(node_args({"--node-id", "node-b", "--workers", "2"}));
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "1000"; }, 60s))
      << count("status = 'completed'") << " completed";
  EXPECT_EQ(count("attempts <> 1"), "0") << "every job claimed exactly once";
  EXPECT_NE(count("1=1"), "0");
  const auto stats = arc_stats();
  EXPECT_EQ(stats["submissions"], 1000);
  EXPECT_EQ(stats["txids"].size(), 1000u);
  EXPECT_EQ(a.stop(SIGTERM), 0);
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, ANodeOpensAtMostPoolSizePlusTwoConnections) {
  for (std::uint32_t i = 0; i < 300; ++i) seed_plain(40000 + i);
  NodeProcess node(node_args({"--workers", "4"}));  // node_args: --pool-size 2
  int most = 0;
  ASSERT_TRUE(eventually([&] {
    // Every backend on this database but this query's and the test's own store.
    most = std::max(most, std::stoi(sql("SELECT count(*) - 1 FROM pg_stat_activity "
                                        "WHERE datname = current_database() "
                                        "AND pid <> pg_backend_pid()")));
    return count("status = 'completed'") == "300";
  }));
  EXPECT_GE(most, 3) << "the pool, the LISTEN and the maintenance connections were seen";
  EXPECT_LE(most, 2 + 2);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, KilledNodeRecoversItsJobsAtRestart) {
  // A slow ARC keeps batches in flight most of the time, so the kill lands
  // while some jobs are `sending` (checked just before it).
  rule({{"delay_ms", 200}});
  for (std::uint32_t i = 0; i < 300; ++i) seed_plain(20000 + i);
  {
    NodeProcess node(node_args());
    ASSERT_TRUE(eventually([&] {
      return std::stoi(count("status = 'completed'")) >= 30 && count("status = 'sending'") != "0";
    }));
    ASSERT_EQ(node.stop(SIGKILL), 128 + SIGKILL);
  }
  const auto stuck = count("status = 'sending'");
  EXPECT_NE(stuck, "0") << "the kill left jobs in flight";
  rule({{"delay_ms", 0}});
  NodeProcess restarted(node_args());  // same --node-id: its old locks are released
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "300"; }, 60s))
      << count("status = 'completed'") << " completed, " << count("status = 'sending'")
      << " sending";
  EXPECT_EQ(restarted.stop(SIGTERM), 0);
}

TEST_F(BroadcastTest, SigtermMidDrainSettlesWhatIsInFlightAndExitsZero) {
  rule({{"delay_ms", 400}});
  for (std::uint32_t i = 0; i < 200; ++i) seed_plain(30000 + i);
  NodeProcess node(node_args());
  ASSERT_TRUE(eventually([&] { return count("status = 'sending'") != "0"; }));
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
  EXPECT_EQ(count("status = 'sending'"), "0") << "in-flight jobs were settled";
  EXPECT_NE(count("status = 'completed'"), "0");
  EXPECT_NE(count("status = 'unsent'"), "0") << "it stopped claiming";
}

}  // namespace
}  // namespace bsv::store
