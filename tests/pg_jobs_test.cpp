// The broadcast workers' side of the queue in the database: claiming (due,
// stale, skip-locked), guarded settlement and its effects on outputs and
// actions, release of a dead worker's jobs, and the sweep's claim.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>

#include "db/postgres_store.hpp"
#include "support/eventually.hpp"
#include "support/funded_job.hpp"
#include "support/payload.hpp"
#include "support/race.hpp"
#include "support/test_database.hpp"

namespace bsv::store {
namespace {

using testing::Payload;

class JobsTest : public ::testing::Test {
 protected:
  std::string sql(const std::string& text) { return schema_.query(text); }

  std::string seed_funded(std::uint32_t salt, bool with_action = true) {
    return testing::seed_funded_job(store_, salt, with_action);
  }
  static std::vector<std::string> inputs(std::uint32_t salt) {
    return testing::funded_outpoints(salt).inputs;
  }
  static std::string change(std::uint32_t salt) { return testing::funded_outpoints(salt).change; }

  std::string state_of(const std::string& outpoint) {
    return sql(
        "SELECT coalesce(state, 'gone') || '/' || coalesce(pending_reference, '-') || '/' || "
        "(data->>'state') FROM wallet_outputs WHERE outpoint = '" +
        outpoint + "'");
  }
  std::string action_status(const std::string& txid) {
    return testing::action_status(schema_, txid);
  }
  std::string job(const std::string& txid, const std::string& columns) {
    return testing::job_columns(schema_, txid, columns);
  }
  std::vector<ClaimedJob> claim(const std::string& worker, int limit = 10) {
    auto jobs = store_.claim_jobs({worker, limit, 300, 5});
    EXPECT_TRUE(jobs.ok()) << jobs.error().message;
    return jobs.ok() ? *jobs : std::vector<ClaimedJob>{};
  }
  SettleReport settle(const std::string& worker, const ClaimedJob& job, Outcome outcome,
                      const std::string& error = {}, double retry_after = 0) {
    auto report = store_.settle_jobs(
        worker, {{job.id, job.attempts, outcome, error, retry_after, "SEEN_ON_NETWORK", 60}});
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : SettleReport{};
  }

  testing::MigratedSchema schema_;
  db::PostgresStore store_{schema_.conninfo(), schema_.name()};
};

TEST_F(JobsTest, ClaimTakesDueJobsOldestFirstAndCountsTheAttempt) {
  const auto a = seed_funded(1), b = seed_funded(2), c = seed_funded(3);
  auto jobs = claim("n/0", 2);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].txid, a);
  EXPECT_EQ(jobs[1].txid, b);
  EXPECT_EQ(jobs[0].attempts, 1);
  EXPECT_FALSE(jobs[0].beef_hex.empty());
  EXPECT_EQ(job(a, "status, locked_by, attempts, locked_at IS NOT NULL"), "sending|n/0|1|t");
  auto rest = claim("n/1", 10);
  ASSERT_EQ(rest.size(), 1u) << "a fresh `sending` job is not claimed again";
  EXPECT_EQ(rest[0].txid, c);
  EXPECT_TRUE(claim("n/2").empty());
}

TEST_F(JobsTest, SuccessSpendsInputsReleasesChangeAndMarksTheActionUnproven) {
  const auto txid = seed_funded(10);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(state_of(inputs(10)[0]), "pending/fund-10/pending") << "pending while sending";
  auto report = settle("n/0", jobs[0], Outcome::success);
  EXPECT_EQ(report.settled, 1);
  EXPECT_TRUE(report.missing_actions.empty());
  for (const auto& op : inputs(10)) EXPECT_EQ(state_of(op), "spent/-/spent");
  EXPECT_EQ(state_of(change(10)), "spendable/-/spendable");
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(job(txid, "status, locked_by IS NULL, attempts"), "completed|t|1");
}

TEST_F(JobsTest, PermanentFailureRollsBackOnlyThisJobsInputs) {
  const auto txid = seed_funded(20);
  // One input was meanwhile re-locked by another action: it must stay theirs.
  ASSERT_TRUE(
      store_.update_output_state(inputs(20)[1], OutputState::pending, std::string("other"), false)
          .ok());
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::permanent, "REJECTED: bad script").settled, 1);
  EXPECT_EQ(state_of(inputs(20)[0]), "spendable/-/spendable");
  EXPECT_EQ(state_of(inputs(20)[1]), "pending/other/pending");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE outpoint = '" + change(20) + "'"), "0")
      << "change deleted";
  EXPECT_EQ(action_status(txid), "failed");
  EXPECT_EQ(job(txid, "status, last_error"), "failed|REJECTED: bad script");
}

TEST_F(JobsTest, TransientFailureWaitsOutItsBackoffWithOutputsStillPending) {
  const auto txid = seed_funded(30);
  auto first = claim("n/0");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(settle("n/0", first[0], Outcome::transient, "HTTP 503", 0.6).settled, 1);
  EXPECT_EQ(job(txid, "status, attempts, last_error, next_attempt_at > now()"),
            "unsent|1|HTTP 503|t");
  EXPECT_EQ(state_of(inputs(30)[0]), "pending/fund-30/pending");
  EXPECT_EQ(state_of(change(30)), "pending/fund-30/pending");
  EXPECT_EQ(action_status(txid), "sending") << "the action waits too";
  EXPECT_TRUE(claim("n/0").empty()) << "not due before its backoff";
  std::vector<ClaimedJob> second;
  ASSERT_TRUE(testing::eventually([&] {
    second = claim("n/1");
    return !second.empty();
  })) << "due once its backoff has passed";
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);
}

TEST_F(JobsTest, FinalizePathTouchesNoOutputs) {
  Payload p(40);
  ASSERT_TRUE(store_.store_action({{"txid", p.txid()}, {"status", "sending"}}).ok());
  ASSERT_TRUE(store_.store_output({{"outpoint", "bystander.0"}, {"satoshis", 7}}).ok());
  const auto outputs = "SELECT string_agg(outpoint || data::text, ',') FROM wallet_outputs";
  const auto before = sql(outputs);
  ASSERT_TRUE(store_.enqueue({p.txid(), p.beef_hex(), {}, {}, {}}).ok());
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::success).settled, 1);
  EXPECT_EQ(sql(outputs), before);
  EXPECT_EQ(action_status(p.txid()), "unproven");
}

TEST_F(JobsTest, SettlementIsGuardedByWorkerAndAttempt) {
  const auto txid = seed_funded(50);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(settle("n/9", jobs[0], Outcome::success).settled, 0) << "another worker's job";
  auto stale = jobs[0];
  stale.attempts = 7;
  EXPECT_EQ(settle("n/0", stale, Outcome::permanent).settled, 0) << "another attempt";
  EXPECT_EQ(job(txid, "status"), "sending");
  EXPECT_EQ(state_of(inputs(50)[0]), "pending/fund-50/pending");
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::success).settled, 1);
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::permanent).settled, 0) << "settled once only";
  EXPECT_EQ(action_status(txid), "unproven");
}

TEST_F(JobsTest, StaleSendingJobIsRescuedAndAFreshOneLeftAlone) {
  const auto old_job = seed_funded(60), fresh = seed_funded(61);
  ASSERT_EQ(claim("dead/0").size(), 2u);
  sql("UPDATE wallet_broadcast_jobs SET locked_at = now() - interval '301 seconds' WHERE txid = '" +
      old_job + "' RETURNING 1");
  auto rescued = claim("n/0");
  ASSERT_EQ(rescued.size(), 1u);
  EXPECT_EQ(rescued[0].txid, old_job);
  EXPECT_EQ(rescued[0].attempts, 2);
  EXPECT_EQ(job(fresh, "status, locked_by"), "sending|dead/0");
  // The dead worker's late settlement of the rescued job is refused.
  auto late = rescued[0];
  late.attempts = 1;
  EXPECT_EQ(settle("dead/0", late, Outcome::success).settled, 0);
  EXPECT_EQ(job(old_job, "status, locked_by, attempts"), "sending|n/0|2");
}

TEST_F(JobsTest, ExhaustedStaleJobsGoToTheSweepNotToWorkers) {
  const auto txid = seed_funded(70);
  ASSERT_EQ(claim("dead/0").size(), 1u);
  sql("UPDATE wallet_broadcast_jobs SET attempts = 5, locked_at = now() - interval '1 hour' "
      "RETURNING 1");
  EXPECT_TRUE(claim("n/0").empty()) << "no attempts left";
  auto swept = store_.claim_exhausted_jobs({"n/sweep", 10, 300, 5});
  ASSERT_TRUE(swept.ok());
  ASSERT_EQ(swept->size(), 1u);
  EXPECT_EQ((*swept)[0].attempts, 5) << "the sweep counts no attempt";
  EXPECT_EQ(settle("n/sweep", (*swept)[0], Outcome::permanent, "attempts exhausted").settled, 1);
  EXPECT_EQ(job(txid, "status, last_error"), "failed|attempts exhausted");
  EXPECT_EQ(state_of(inputs(70)[0]), "spendable/-/spendable");
}

TEST_F(JobsTest, MissingActionRowIsReportedAndTheJobStillSettles) {
  const auto txid = seed_funded(80, false);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  auto report = settle("n/0", jobs[0], Outcome::success);
  EXPECT_EQ(report.settled, 1);
  EXPECT_EQ(report.missing_actions, std::vector<std::string>{txid});
  EXPECT_EQ(job(txid, "status"), "completed");
  EXPECT_TRUE(claim("n/0").empty()) << "never broadcast again";
}

TEST_F(JobsTest, ReleaseGivesJobsBackKeepingAttempts) {
  const auto a = seed_funded(90), b = seed_funded(91), c = seed_funded(92);
  ASSERT_EQ(claim("node1/0", 1).size(), 1u);
  ASSERT_EQ(claim("node1/1", 1).size(), 1u);
  ASSERT_EQ(claim("node10/0", 1).size(), 1u);
  EXPECT_EQ(*store_.release_jobs("node1/0", false), 1);
  EXPECT_EQ(job(a, "status, attempts, locked_by IS NULL"), "unsent|1|t");
  EXPECT_EQ(*store_.release_jobs("node1", true), 1) << "node1/1 only, not node10/0";
  EXPECT_EQ(job(b, "status"), "unsent");
  EXPECT_EQ(job(c, "status, locked_by"), "sending|node10/0");
  auto again = claim("node1/0");
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_F(JobsTest, ConcurrentClaimersNeverShareAJob) {
  for (std::uint32_t i = 0; i < 200; ++i) {
    Payload p(1000 + i);
    ASSERT_TRUE(store_.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
  }
  std::mutex mutex;
  std::multiset<std::int64_t> claimed;
  testing::race(4, [&](int w) {
    db::PostgresStore mine(schema_.conninfo(), schema_.name());
    for (;;) {
      auto jobs = mine.claim_jobs({"n/" + std::to_string(w), 7, 300, 5});
      ASSERT_TRUE(jobs.ok());
      if (jobs->empty()) return;
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& j : *jobs) claimed.insert(j.id);
    }
  });
  EXPECT_EQ(claimed.size(), 200u);
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), 200u);
}

}  // namespace
}  // namespace bsv::store
