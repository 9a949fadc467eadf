// `bsv-wallet-node check` (node-interface.md, "check"): a clean wallet
// reports nothing; each of the seven invariants, broken by SQL behind the
// store's back, is reported with a count and an example; exit 0, 1, 3.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/invariants.hpp"
#include "support/process.hpp"
#include "support/queue_fixture.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;

class CheckTest : public testing::QueueFixture {
 protected:
  /// A wallet in good order: a funded job waiting, a spendable output, an
  /// action in progress.
  void seed_clean_wallet() {
    funded_ = testing::seed_funded_job(store_, 1);
    ASSERT_TRUE(store_.store_output({{"outpoint", "coin.0"}, {"satoshis", 500}}).ok());
    ASSERT_TRUE(store_.store_action({{"txid", std::string(64, 'f')}, {"status", "unproven"}}).ok());
  }
  testing::ProcessResult check(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {testing::node_binary(), "check", "--database-url", url()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return testing::run_process(argv);
  }
  /// The violations `check --json` reports, by invariant name.
  std::map<std::string, json> violations() {
    const auto result = check({"--json"});
    auto report = json::parse(result.out, nullptr, false);
    EXPECT_TRUE(report.is_object()) << result.out << result.err;
    std::map<std::string, json> by_name;
    if (!report.is_object()) return by_name;
    EXPECT_EQ(result.exit_code, report["ok"].get<bool>() ? 0 : 1) << result.err;
    for (const auto& v : report["violations"]) by_name[v["invariant"]] = v;
    return by_name;
  }

  std::string funded_;
};

TEST_F(CheckTest, ACleanWalletBreaksNothing) {
  seed_clean_wallet();
  const auto result = check();
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("all 7 invariants hold"), std::string::npos) << result.out;
  EXPECT_TRUE(violations().empty());
}

// Each invariant, planted by SQL, and a word its example must contain.
struct Planted {
  const char* invariant;
  std::vector<std::string> sql;  ///< statements that break it
  const char* example_mentions;
};

TEST_F(CheckTest, EachInvariantPlantedBySqlIsReportedWithAnExample) {
  seed_clean_wallet();
  const std::string job = "UPDATE wallet_broadcast_jobs SET ";
  const std::string funded = " WHERE txid = '" + funded_ + "' RETURNING 1";
  const std::vector<Planted> planted = {
      {"pending_without_job",
       {"INSERT INTO wallet_outputs (outpoint, data, state, spendable, pending_since, "
        "pending_reference) VALUES ('orphan.0', '{}', 'pending', false, now() - interval "
        "'1 hour', 'nobody') RETURNING 1"},
       "orphan.0 pending under nobody"},
      {"spendable_flag",
       {"INSERT INTO wallet_outputs (outpoint, data, state, spendable) VALUES ('drift.0', '{}', "
        "'spent', true) RETURNING 1"},
       "drift.0 is spent"},
      {"completed_job_outputs", {job + "status = 'completed'" + funded}, "is pending"},
      {"failed_job_outputs", {job + "status = 'failed'" + funded}, "still exists"},
      {"stuck_jobs",
       {job + "status = 'sending', locked_at = now() - interval '1 hour', locked_by = 'gone/0'" +
        funded},
       "sending since"},
      {"stuck_jobs",
       {job + "status = 'in_doubt', doubt_since = now() - interval '2 days'" + funded},
       "in doubt since"},
      {"completed_without_proof",
       {"UPDATE wallet_actions SET data = jsonb_set(data, '{status}', '\"completed\"') WHERE "
        "txid = '" +
        std::string(64, 'f') + "' RETURNING 1"},
       "completed without a proof"},
      {"completed_without_proof",
       {"INSERT INTO wallet_proofs (txid, bump_hex) VALUES ('" + std::string(64, '1') +
        "', 'fe00000000') RETURNING 1"},
       "does not hold it"},
      {"failed_after_acceptance",
       {job + "status = 'completed', proof_state = 'failed', arc_status = 'REJECTED'" + funded},
       "accepted, then REJECTED"},
  };
  for (const auto& p : planted) {
    for (const auto& statement : p.sql) sql(statement);
    auto found = violations();
    ASSERT_TRUE(found.count(p.invariant)) << p.invariant << " not reported for: " << p.sql[0];
    const auto& v = found[p.invariant];
    EXPECT_GE(v["count"].get<int>(), 1) << p.invariant;
    EXPECT_NE(v["examples"].dump().find(p.example_mentions), std::string::npos)
        << p.invariant << ": " << v.dump();
    // Back to a clean wallet for the next one.
    sql("TRUNCATE wallet_outputs, wallet_actions, wallet_broadcast_jobs, wallet_proofs");
    seed_clean_wallet();
    EXPECT_TRUE(violations().empty()) << "after cleaning up " << p.invariant;
  }
}

TEST_F(CheckTest, TheTextReportNamesTheInvariantAndWhatItMeans) {
  seed_clean_wallet();
  sql("UPDATE wallet_broadcast_jobs SET status = 'failed' RETURNING 1");
  const auto result = check();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("failed_job_outputs: 3"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(invariants()[2].meaning), std::string::npos) << result.out;
}

TEST(Check, AnUnreachableDatabaseIsUnavailable) {
  const auto result = testing::run_process(
      {testing::node_binary(), "check", "--database-url", "postgresql://127.0.0.1:1/none"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find(R"("code":"unavailable")"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace bsv::store
