// The broadcast workers' side of the queue in the database: claiming (due,
// stale, skip-locked), guarded settlement by the class of ARC's answer and
// its effects on outputs and actions (broadcast-queue.md, "Settle on
// evidence"), release of a dead worker's jobs, the sweep into doubt, and
// the doubt resolver's claim.

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
                      const std::string& error = {}, double retry_after = 0,
                      const std::vector<std::string>& competing = {},
                      const std::string& endpoint = "1 http://arc.example") {
    auto report = store_.settle_jobs(worker, {{job.id, job.attempts, outcome, error, retry_after,
                                               "SEEN_ON_NETWORK", 60, competing, endpoint}});
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

TEST_F(JobsTest, AcceptedSpendsInputsReleasesChangeAndMarksTheActionUnproven) {
  const auto txid = seed_funded(10);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(state_of(inputs(10)[0]), "pending/fund-10/pending") << "pending while sending";
  auto report = settle("n/0", jobs[0], Outcome::accepted);
  EXPECT_EQ(report.settled, 1);
  EXPECT_TRUE(report.missing_actions.empty());
  for (const auto& op : inputs(10)) EXPECT_EQ(state_of(op), "spent/-/spent");
  EXPECT_EQ(state_of(change(10)), "spendable/-/spendable");
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(job(txid, "status, locked_by IS NULL, attempts"), "completed|t|1");
}

TEST_F(JobsTest, RejectedRollsBackOnlyThisJobsInputs) {
  const auto txid = seed_funded(20);
  // One input was meanwhile re-locked by another action: it must stay theirs.
  ASSERT_TRUE(
      store_.update_output_state(inputs(20)[1], OutputState::pending, std::string("other"), false)
          .ok());
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::rejected, "REJECTED: bad script").settled, 1);
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
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::accepted).settled, 1);
  EXPECT_EQ(sql(outputs), before);
  EXPECT_EQ(action_status(p.txid()), "unproven");
}

TEST_F(JobsTest, SettlementIsGuardedByWorkerAndAttempt) {
  const auto txid = seed_funded(50);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(settle("n/9", jobs[0], Outcome::accepted).settled, 0) << "another worker's job";
  auto stale = jobs[0];
  stale.attempts = 7;
  EXPECT_EQ(settle("n/0", stale, Outcome::rejected).settled, 0) << "another attempt";
  EXPECT_EQ(job(txid, "status"), "sending");
  EXPECT_EQ(state_of(inputs(50)[0]), "pending/fund-50/pending");
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::accepted).settled, 1);
  EXPECT_EQ(settle("n/0", jobs[0], Outcome::rejected).settled, 0) << "settled once only";
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
  EXPECT_EQ(settle("dead/0", late, Outcome::accepted).settled, 0);
  EXPECT_EQ(job(old_job, "status, locked_by, attempts"), "sending|n/0|2");
}

TEST_F(JobsTest, TheSweepPutsExhaustedStaleJobsInDoubtNeverRollingBack) {
  const auto txid = seed_funded(70), fresh = seed_funded(71);
  ASSERT_EQ(claim("dead/0").size(), 2u);
  sql("UPDATE wallet_broadcast_jobs SET attempts = 5, locked_at = now() - interval '1 hour' "
      "WHERE txid = '" +
      txid + "' RETURNING 1");
  EXPECT_TRUE(claim("n/0").empty()) << "no attempts left";
  auto swept = store_.doubt_stuck_jobs({"n/sweep", 10, 300, 5}, 30);
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(*swept, std::vector<std::string>{txid});
  EXPECT_EQ(job(txid,
                "status, attempts, locked_by IS NULL, doubt_since IS NOT NULL, "
                "next_doubt_check_at > now() + interval '25 seconds'"),
            "in_doubt|5|t|t|t");
  for (const auto& op : inputs(70)) EXPECT_EQ(state_of(op), "pending/fund-70/pending");
  EXPECT_EQ(state_of(change(70)), "pending/fund-70/pending");
  EXPECT_EQ(action_status(txid), "sending") << "the action is not touched";
  EXPECT_EQ(job(fresh, "status"), "sending") << "a job still within the threshold stays";
  EXPECT_EQ(store_.broadcast_status(txid)->value_or(""), "in_doubt");
}

TEST_F(JobsTest, UnknownPutsTheJobInDoubtAndTouchesNothing) {
  const auto txid = seed_funded(72);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  auto report = settle("n/0", jobs[0], Outcome::unknown, "malformed answer: no txid", 30);
  EXPECT_EQ(report.in_doubt, 1);
  EXPECT_EQ(job(txid, "status, last_error, locked_by IS NULL, next_attempt_at IS NULL"),
            "in_doubt|malformed answer: no txid|t|t");
  for (const auto& op : inputs(72)) EXPECT_EQ(state_of(op), "pending/fund-72/pending");
  EXPECT_EQ(state_of(change(72)), "pending/fund-72/pending");
  EXPECT_EQ(action_status(txid), "sending");
  EXPECT_TRUE(claim("n/1").empty()) << "a job in doubt is never broadcast by a worker";
}

TEST_F(JobsTest, LostDoubleSpendKeepsInputsSpentDeletesChangeAndKeepsTheCompetitors) {
  const auto txid = seed_funded(74);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  const std::vector<std::string> competitors = {std::string(64, 'c'), std::string(64, 'd')};
  auto report =
      settle("n/0", jobs[0], Outcome::lost_double_spend, "HTTP 466: conflict", 0, competitors);
  EXPECT_EQ(report.lost, 1);
  for (const auto& op : inputs(74)) EXPECT_EQ(state_of(op), "spent/-/spent");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE outpoint = '" + change(74) + "'"), "0");
  EXPECT_EQ(action_status(txid), "failed");
  EXPECT_EQ(job(txid, "status, array_to_string(competing_txids, ',')"),
            "failed|" + competitors[0] + "," + competitors[1]);
}

TEST_F(JobsTest, OutputsOfJobsInDoubtAreNeverReleasedAsStale) {
  const auto txid = seed_funded(76);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  settle("n/0", jobs[0], Outcome::unknown, "timeout", 30);
  // The change output listed by the job, even under another reference.
  sql("UPDATE wallet_outputs SET pending_since = now() - interval '2 hours' RETURNING 1");
  sql("UPDATE wallet_outputs SET pending_reference = 'elsewhere' WHERE outpoint = '" + change(76) +
      "' RETURNING 1");
  ASSERT_TRUE(store_.release_stale_pending(60).ok());
  for (const auto& op : inputs(76)) EXPECT_EQ(state_of(op), "pending/fund-76/pending");
  EXPECT_EQ(state_of(change(76)), "pending/elsewhere/pending");
}

TEST_F(JobsTest, DoubtChecksAreLeasedOneCheckerAtATimeAndSettleOnlyOnEvidence) {
  const auto txid = seed_funded(78);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  settle("n/0", jobs[0], Outcome::unknown, "timeout", 0);
  auto first = store_.claim_doubt_checks("a/doubt", 10, 60, 86400);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].doubt_checks, 1);
  EXPECT_FALSE((*first)[0].past_horizon);
  EXPECT_TRUE(store_.claim_doubt_checks("b/doubt", 10, 60, 86400)->empty()) << "leased";
  EXPECT_EQ(job(txid, "status"), "in_doubt") << "still in doubt while checked";
  // No answer: still in doubt, checked later, nothing released.
  EXPECT_EQ(settle("a/doubt", (*first)[0], Outcome::transient, "HTTP 503", 0).settled, 1);
  EXPECT_EQ(job(txid, "status, next_attempt_at IS NULL"), "in_doubt|t");
  EXPECT_EQ(state_of(inputs(78)[0]), "pending/fund-78/pending");
  // Past the horizon: reported once.
  sql("UPDATE wallet_broadcast_jobs SET doubt_since = now() - interval '2 days' RETURNING 1");
  auto second = store_.claim_doubt_checks("b/doubt", 10, 60, 86400);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_TRUE((*second)[0].past_horizon);
  EXPECT_EQ(settle("a/doubt", (*first)[0], Outcome::accepted).settled, 0)
      << "the first checker's lease is over";
  EXPECT_EQ(settle("b/doubt", (*second)[0], Outcome::transient).settled, 1);
  auto third = store_.claim_doubt_checks("b/doubt", 10, 60, 86400);
  ASSERT_EQ(third->size(), 1u);
  EXPECT_FALSE((*third)[0].past_horizon) << "reported once";
  // ARC's verdict: accepted.
  EXPECT_EQ(settle("b/doubt", (*third)[0], Outcome::accepted).settled, 1);
  EXPECT_EQ(job(txid, "status, proof_state, doubt_checks"), "completed|tracking|3");
  for (const auto& op : inputs(78)) EXPECT_EQ(state_of(op), "spent/-/spent");
  EXPECT_EQ(state_of(change(78)), "spendable/-/spendable");
}

TEST_F(JobsTest, ConcurrentDoubtCheckersNeverShareAJob) {
  for (std::uint32_t i = 0; i < 200; ++i) {
    Payload p(3000 + i);
    ASSERT_TRUE(store_.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
  }
  sql("UPDATE wallet_broadcast_jobs SET status = 'in_doubt', next_doubt_check_at = now(), "
      "doubt_since = now() RETURNING 1");
  std::mutex mutex;
  std::multiset<std::int64_t> claimed;
  testing::race(4, [&](int w) {
    db::PostgresStore mine(schema_.conninfo(), schema_.name());
    for (;;) {
      auto jobs = mine.claim_doubt_checks("n" + std::to_string(w) + "/doubt", 7, 600, 86400);
      ASSERT_TRUE(jobs.ok());
      if (jobs->empty()) return;
      std::lock_guard<std::mutex> lock(mutex);
      for (const auto& j : *jobs) claimed.insert(j.id);
    }
  });
  EXPECT_EQ(claimed.size(), 200u);
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), 200u);
}

TEST_F(JobsTest, MissingActionRowIsReportedAndTheJobStillSettles) {
  const auto txid = seed_funded(80, false);
  auto jobs = claim("n/0");
  ASSERT_EQ(jobs.size(), 1u);
  auto report = settle("n/0", jobs[0], Outcome::accepted);
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
