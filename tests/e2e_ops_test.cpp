// What an operator relies on: /metrics and /health, structured logs without
// secrets, and the `jobs` subcommands. Real `serve` processes, a real
// arc-sim, a real PostgreSQL.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "db/postgres_store.hpp"
#include "node/wallet_node.hpp"
#include "support/eventually.hpp"
#include "support/funded_job.hpp"
#include "support/http_call.hpp"
#include "support/node_metrics.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/private_cluster.hpp"
#include "support/process.hpp"
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

using testing::lines_of;
using testing::metrics_port;
using testing::sample;

class OpsTest : public testing::QueueFixture {
 protected:
  std::vector<std::string> node_args(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(),
                 {"--workers", "2", "--node-id", "ops-node", "--retry-base", "0.05"});
    return serve_args(extra);
  }
  // Tells `arc` (another arc-sim than the fixture's) how to answer.
  void rule_for(const ArcSimProcess& arc, const json& r) { rule(r, &arc); }
  testing::ProcessResult jobs(std::vector<std::string> args) {
    std::vector<std::string> argv = {testing::node_binary(), "jobs"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--database-url", url()});
    return testing::run_process(argv);
  }
};

// A broken invariant shows in bsv_invariant_violations within a
// --check-interval, so that an alert can fire, and is logged as an error.
TEST_F(OpsTest, ABrokenInvariantShowsInTheMetricAndTheLog) {
  NodeProcess node(node_args({"--metrics-listen", "127.0.0.1:0", "--check-interval", "0.3"}));
  const auto port = metrics_port(node);
  ASSERT_NE(port, 0) << node.errors();
  const std::string series = "bsv_invariant_violations{invariant=\"spendable_flag\"}";
  std::string metrics;
  ASSERT_TRUE(eventually([&] {
    metrics = testing::http_call(port, "GET", "/metrics").body;
    return sample(metrics, series) == 0;
  })) << metrics;
  sql("INSERT INTO wallet_outputs (outpoint, data, state, spendable) VALUES ('drift.0', '{}', "
      "'spent', true) RETURNING 1");
  ASSERT_TRUE(eventually([&] {
    metrics = testing::http_call(port, "GET", "/metrics").body;
    return sample(metrics, series) == 1;
  })) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_invariant_violations{invariant=\"stuck_jobs\"}"), 0);
  EXPECT_EQ(node.stop(SIGTERM), 0);
  EXPECT_NE(node.errors().find("a wallet invariant is broken"), std::string::npos);
}

// Retention: a completed job proven longer ago than --retain-payload days
// loses its payload and keeps its row (a duplicate enqueue still finds it);
// newer, unproven and unfinished jobs keep theirs; `jobs stats` says so.
TEST_F(OpsTest, RetentionDropsOnlyOldProvenPayloads) {
  const auto old_proven = seed_plain(301), new_proven = seed_plain(302),
             old_failed = seed_plain(303);
  sql("UPDATE wallet_broadcast_jobs SET status = 'completed', proof_state = 'proven', "
      "proven_at = now() - interval '3 days' WHERE txid = '" +
      old_proven + "'");
  sql("UPDATE wallet_broadcast_jobs SET status = 'completed', proof_state = 'proven', "
      "proven_at = now() - interval '12 hours' WHERE txid = '" +
      new_proven + "'");
  sql("UPDATE wallet_broadcast_jobs SET status = 'failed', updated_at = now() - interval '9 days' "
      "WHERE txid = '" +
      old_failed + "'");
  const auto kept_bytes =
      sql("SELECT sum(octet_length(beef_hex)) FROM wallet_broadcast_jobs "
          "WHERE txid IN ('" +
          new_proven + "', '" + old_failed + "')");
  NodeProcess node(node_args({"--retain-payload", "1", "--stale-threshold", "2"}));
  EXPECT_TRUE(eventually([&] { return job(old_proven, "beef_hex") == ""; }, 20s))
      << "the old proven payload was not dropped";
  EXPECT_NE(job(new_proven, "beef_hex"), "");
  EXPECT_NE(job(old_failed, "beef_hex"), "");
  EXPECT_EQ(job(old_proven, "status"), "completed");

  Payload again(301);
  auto duplicate = store_.enqueue({again.txid(), again.raw_hex(), {}, {}, {}});
  ASSERT_TRUE(duplicate.ok()) << duplicate.error().message;
  EXPECT_EQ(duplicate->at("broadcast_status"), "completed") << "a duplicate enqueue finds the job";
  EXPECT_EQ(job(old_proven, "beef_hex"), "") << "and does not bring its payload back";

  const auto stats = jobs({"stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto figures = json::parse(stats.out);
  EXPECT_EQ(figures.at("payload_dropped"), 1);
  EXPECT_EQ(figures.at("with_payload"), 2);
  EXPECT_EQ(std::to_string(figures.at("payload_bytes").get<long long>()), kept_bytes);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// Alerts need series to match before the first event: every series with
// known labels is there from start-up, at zero.
TEST_F(OpsTest, EveryKnownSeriesIsPresentFromStartUp) {
  NodeProcess node(node_args({"--metrics-listen", "127.0.0.1:0"}));
  const auto port = metrics_port(node);
  ASSERT_NE(port, 0) << node.errors();
  std::string metrics;
  ASSERT_TRUE(eventually([&] {
    metrics = testing::http_call(port, "GET", "/metrics").body;
    return sample(metrics, "bsv_broadcast_settled_total{outcome=\"accepted\"}") == 0;
  })) << metrics;
  for (const char* series : {
           "bsv_broadcast_settled_total{outcome=\"unknown\"}",
           "bsv_arc_errors_total{class=\"http_5xx\"}",
           "bsv_arc_errors_total{class=\"timeout\"}",
           "bsv_arc_request_seconds_count{endpoint=\"submit\"}",
           "bsv_arc_request_seconds_count{endpoint=\"status\"}",
           "bsv_proof_reports_total{result=\"proven\"}",
           "bsv_proof_reports_total{result=\"unauthorized\"}",
           "bsv_store_request_seconds_count{method=\"allocate_utxos\"}",
           "bsv_store_request_seconds_count{method=\"enqueue\"}",
           "bsv_doubt_past_horizon_total",
       }) {
    EXPECT_EQ(sample(metrics, series), 0) << series << " is missing or not zero";
  }
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(OpsTest, MetricsMoveAsJobsFlowAndHealthSaysOk) {
  NodeProcess node(node_args({"--metrics-listen", "127.0.0.1:0"}));
  const auto port = metrics_port(node);
  ASSERT_NE(port, 0) << node.errors();

  // The workers start once the node's start-up release is done: moments after `ready`.
  testing::HttpReply health;
  EXPECT_TRUE(eventually([&] {
    health = testing::http_call(port, "GET", "/health");
    return health.status == 200;
  })) << health.body;
  const auto body = json::parse(health.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["database"]["ok"], true);
  EXPECT_EQ(body["store_workers"]["running"], 2);
  EXPECT_EQ(body["broadcast_workers"]["running"], 2);
  EXPECT_EQ(testing::http_call(port, "GET", "/health/ready").body, health.body);
  EXPECT_EQ(testing::http_call(port, "GET", "/health/live").status, 200);

  std::vector<std::string> txids;
  for (std::uint32_t salt = 1; salt <= 5; ++salt) txids.push_back(seed_plain(salt));
  std::string metrics;
  // Scrapes until `settled` jobs have succeeded and the database counts them
  // completed; `metrics` holds the last scrape. (One scrape reads the
  // database's counts before this node's counters: under load it can show a
  // settlement whose job it counted a moment earlier as sending. Seen once
  // in five runs under ASan.)
  const auto scrape_until_settled = [&](double settled) {
    return eventually([&] {
      metrics = testing::http_call(port, "GET", "/metrics").body;
      return sample(metrics, "bsv_broadcast_settled_total{outcome=\"accepted\"}") == settled &&
             sample(metrics, "bsv_broadcast_jobs{status=\"completed\"}") == settled;
    });
  };
  ASSERT_TRUE(scrape_until_settled(5)) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs{status=\"unsent\"}"), 0);
  EXPECT_EQ(sample(metrics, "bsv_database_up"), 1);
  EXPECT_NE(metrics.find("bsv_build_info{version=\""), std::string::npos) << metrics;
  EXPECT_GT(sample(metrics, "process_resident_memory_bytes"), 1024 * 1024);
  EXPECT_GT(sample(metrics, "process_open_fds"), 3);
  EXPECT_GT(sample(metrics, "process_start_time_seconds"), 1.7e9);
  EXPECT_EQ(sample(metrics, "bsv_store_pool_size"), 2);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_attempts_count"), 5);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_attempts_bucket{le=\"1\"}"), 5);
  EXPECT_GE(sample(metrics, "bsv_store_request_seconds_count{method=\"settle_jobs\"}"), 1);
  EXPECT_GE(sample(metrics, "bsv_store_request_seconds_count{method=\"claim_jobs\"}"), 1);
  const double submits =
      std::max(0.0, sample(metrics, "bsv_arc_request_seconds_count{endpoint=\"submit\"}")) +
      std::max(0.0, sample(metrics, "bsv_arc_request_seconds_count{endpoint=\"submit_batch\"}"));
  EXPECT_GE(submits, 1);
  EXPECT_LE(submits, 5);

  // ARC answers 503 once: the job is retried, the error counted, then it completes.
  Payload next(6);
  rule({{"txid", next.txid()}, {"http", 503}});
  const auto retried = seed_plain(6);
  ASSERT_TRUE(eventually([&] { return job(retried, "attempts") == "1"; }));
  rule({{"txid", next.txid()}, {"http", 200}});
  ASSERT_TRUE(eventually([&] { return job(retried, "status") == "completed"; }))
      << job(retried, "status, attempts, last_error");
  ASSERT_TRUE(scrape_until_settled(6)) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_settled_total{outcome=\"transient\"}"), 1);
  EXPECT_EQ(sample(metrics, "bsv_arc_errors_total{class=\"http_5xx\"}"), 1);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_attempts_bucket{le=\"1\"}"), 5);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_attempts_bucket{le=\"2\"}"), 6);

  EXPECT_EQ(testing::http_call(port, "GET", "/nowhere").status, 404);
  EXPECT_EQ(testing::http_call(port, "POST", "/metrics", "{}").status, 405);
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// A database that goes away takes its counts with it: the job gauges are
// absent (a stale 0 would read as an empty queue) and bsv_database_up is 0.
TEST(OpsHealth, JobCountsVanishWhenTheDatabaseGoesAway) {
  testing::PrivateCluster cluster;
  LocalNodeOptions options;
  options.database_url = cluster.url();
  options.pool_size = 2;
  auto node = WalletNode::start(options);
  ASSERT_TRUE(node.ok());
  auto port = (*node)->serve_metrics("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;
  auto metrics = testing::http_call(*port, "GET", "/metrics").body;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs{status=\"unsent\"}"), 0) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_database_up"), 1);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs_scrape_ok"), 1);
  cluster.stop();
  metrics = testing::http_call(*port, "GET", "/metrics").body;
  EXPECT_EQ(sample(metrics, "bsv_database_up"), 0) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs_scrape_ok"), 0) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs{status=\"unsent\"}"), -1) << metrics;
  EXPECT_EQ(sample(metrics, "bsv_broadcast_oldest_unsent_age_seconds"), -1) << metrics;
}

TEST(OpsHealth, SaysWhichPartIsDownWhenTheDatabaseIsUnreachable) {
  LocalNodeOptions options;
  options.database_url = "host=127.0.0.1 port=1 dbname=nowhere connect_timeout=1";
  options.pool_size = 2;
  auto node = WalletNode::start(options);
  ASSERT_TRUE(node.ok());
  auto port = (*node)->serve_metrics("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;

  const auto health = testing::http_call(*port, "GET", "/health");
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_EQ(testing::http_call(*port, "GET", "/health/ready").status, 503) << "not ready";
  const auto live = testing::http_call(*port, "GET", "/health/live");
  EXPECT_EQ(live.status, 200) << "alive all the same: do not restart it";
  EXPECT_EQ(json::parse(live.body)["status"], "alive");
  const auto body = json::parse(health.body);
  EXPECT_EQ(body["status"], "down");
  EXPECT_EQ(body["database"]["ok"], false);
  EXPECT_FALSE(body["database"]["error"].get<std::string>().empty());
  EXPECT_EQ(body["store_workers"]["ok"], true) << "workers run, reconnecting";
  EXPECT_FALSE(body.contains("broadcast_workers")) << "this node does not broadcast";
  const auto metrics = testing::http_call(*port, "GET", "/metrics").body;
  EXPECT_EQ(sample(metrics, "bsv_database_up"), 0);
  EXPECT_EQ(sample(metrics, "bsv_broadcast_jobs{status=\"unsent\"}"), -1)
      << "no job counts without a database";
}

TEST_F(OpsTest, ABusyMetricsPortIsLoggedAndTheNodeServesOn) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(
      io, {boost::asio::ip::make_address("127.0.0.1"), 0});  // bound and listening
  const auto busy = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
  NodeProcess node(node_args({"--metrics-listen", busy}));
  bool logged = false;
  for (const auto& line : lines_of(node.errors())) {
    const auto entry = json::parse(line);
    logged = logged || (entry["component"] == "metrics" && entry["level"] == "error");
  }
  EXPECT_TRUE(logged) << node.errors();
  const auto txid = seed_plain(40);
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "completed"; }))
      << "the node works without its metrics endpoint";
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

TEST_F(OpsTest, EveryLogLineIsJsonAndNoSecretIsLogged) {
  const std::string db_secret = "db-pw-7f3a9";
  const std::string arc_key = "arc-key-51c2e";
  ArcSimProcess keyed({"--api-key", arc_key});
  std::vector<std::string> args = {"--database-url",
                                   url() + " password=" + db_secret,
                                   "--arc-url",
                                   keyed.url(),
                                   "--arc-api-key",
                                   arc_key,
                                   "--arc-callback-token",
                                   "cb-token-99d1",
                                   "--retry-base",
                                   "0.05",
                                   "--max-attempts",
                                   "2"};
  NodeProcess node(args);
  // An acceptance, a rejection and retries into doubt: the lines that carry txids.
  Payload rejected(51), flaky(52);
  rule_for(keyed, {{"txid", rejected.txid()}, {"tx_status", "REJECTED"}});
  rule_for(keyed, {{"txid", flaky.txid()}, {"http", 503}});
  const auto ok = seed_plain(50), bad = seed_plain(51), retried = seed_plain(52);
  ASSERT_TRUE(eventually([&] {
    return job(ok, "status") == "completed" && job(bad, "status") == "failed" &&
           job(retried, "status") == "in_doubt";
  }));
  ASSERT_EQ(node.stop(SIGTERM), 0);

  const auto lines = lines_of(node.errors());
  ASSERT_GE(lines.size(), 5u) << node.errors();
  bool saw_rejected_txid = false;
  for (const auto& line : lines) {
    const auto entry = json::parse(line, nullptr, false);
    ASSERT_TRUE(entry.is_object()) << "not a JSON object: " << line;
    for (const char* key : {"time", "level", "component", "message"}) {
      EXPECT_TRUE(entry.contains(key) && entry[key].is_string()) << key << " missing: " << line;
    }
    EXPECT_EQ(line.find(db_secret), std::string::npos) << line;
    EXPECT_EQ(line.find(arc_key), std::string::npos) << line;
    EXPECT_EQ(line.find("cb-token-99d1"), std::string::npos) << line;
    saw_rejected_txid = saw_rejected_txid || entry.value("txid", "") == bad;
  }
  EXPECT_TRUE(saw_rejected_txid) << "the rejection is logged with its txid";

  NodeProcess quiet(node_args({"--log-level", "warn"}));
  ASSERT_EQ(quiet.stop(SIGTERM), 0);
  for (const auto& line : lines_of(quiet.errors())) {
    EXPECT_NE(json::parse(line)["level"], "info") << line;
  }
}

// The jobs of the CLI tests: completed, failed on the finalize path (with
// an action), failed auto-funded, and unsent.
class JobsCliTest : public OpsTest {
 protected:
  void SetUp() override {
    completed_ = seed_plain(60);
    sql("UPDATE wallet_broadcast_jobs SET status = 'completed', attempts = 1 WHERE txid = '" +
        completed_ + "' RETURNING 1");
    failed_ = seed_plain(61);
    ASSERT_TRUE(store_.store_action({{"txid", failed_}, {"status", "failed"}}).ok());
    sql("UPDATE wallet_broadcast_jobs SET status = 'failed', attempts = 5, "
        "last_error = 'REJECTED: mempool conflict' WHERE txid = '" +
        failed_ + "' RETURNING 1");
    funded_ = testing::seed_funded_job(store_, 62);
    sql("UPDATE wallet_broadcast_jobs SET status = 'failed', attempts = 1, "
        "last_error = 'REJECTED' WHERE txid = '" +
        funded_ + "' RETURNING 1");
    unsent_ = seed_plain(63);
  }
  std::string completed_, failed_, funded_, unsent_;
};

TEST_F(JobsCliTest, StatsCountsByStatus) {
  sql("UPDATE wallet_broadcast_jobs SET proof_state = 'proven' WHERE txid = '" + completed_ +
      "' RETURNING 1");
  auto r = jobs({"stats", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto stats = json::parse(r.out);
  EXPECT_EQ(stats["unsent"], 1);
  EXPECT_EQ(stats["sending"], 0);
  EXPECT_EQ(stats["completed"], 1);
  EXPECT_EQ(stats["failed"], 2);
  EXPECT_GE(stats["oldest_unsent_seconds"].get<double>(), 0);
  EXPECT_EQ(stats["proof_states"], json({{"proven", 1}}));
  r = jobs({"stats"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("failed     2"), std::string::npos) << r.out;
}

TEST_F(JobsCliTest, ListFiltersByStatusAndLimits) {
  auto r = jobs({"list", "--status", "failed", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_EQ(json::parse(lines[0])["txid"], funded_) << "newest first";
  EXPECT_EQ(json::parse(lines[0])["funded"], true);
  EXPECT_EQ(json::parse(lines[1])["txid"], failed_);
  EXPECT_EQ(json::parse(lines[1])["last_error"], "REJECTED: mempool conflict");
  EXPECT_FALSE(json::parse(lines[1]).contains("beef_hex")) << "no payloads in listings";

  r = jobs({"list", "--limit", "3", "--json"});
  EXPECT_EQ(lines_of(r.out).size(), 3u);
  r = jobs({"list"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("TXID", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(unsent_), std::string::npos);
  EXPECT_NE(r.out.find("4 job(s)"), std::string::npos);

  sql("UPDATE wallet_broadcast_jobs SET proof_state = 'attention' WHERE txid = '" + completed_ +
      "' RETURNING 1");
  r = jobs({"list", "--proof-state", "attention", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(lines_of(r.out).size(), 1u) << r.out;
  EXPECT_EQ(json::parse(r.out)["txid"], completed_);
  EXPECT_EQ(jobs({"list", "--proof-state", "lost"}).exit_code, 2);

  r = jobs({"list", "--status", "lost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--status"), std::string::npos) << r.err;
}

TEST_F(JobsCliTest, ShowGivesAttemptsErrorTimestampsAndAction) {
  auto r = jobs({"show", failed_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto shown = json::parse(r.out);
  EXPECT_EQ(shown["attempts"], 5);
  EXPECT_EQ(shown["status"], "failed");
  EXPECT_EQ(shown["action_status"], "failed");
  EXPECT_TRUE(shown["created_at"].is_string());
  EXPECT_TRUE(shown["updated_at"].is_string());
  r = jobs({"show", failed_});
  EXPECT_NE(r.out.find("last_error:       REJECTED: mempool conflict"), std::string::npos) << r.out;

  r = jobs({"show", std::string(64, 'e')});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.err)["error"]["code"], "not_found");
}

// A txid may be typed as a unique prefix of 8 or more characters.
TEST_F(JobsCliTest, TxidPrefixesNameOneJob) {
  auto r = jobs({"show", failed_.substr(0, 8), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["txid"], failed_);
  r = jobs({"retry", failed_.substr(0, 12), "--dry-run", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(failed_), std::string::npos) << r.out;

  r = jobs({"show", failed_.substr(0, 7)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(json::parse(r.err)["error"]["message"].get<std::string>().find("8 to 64"),
            std::string::npos)
      << r.err;
  r = jobs({"show", "eeeeeeee"});
  EXPECT_EQ(json::parse(r.err)["error"]["code"], "not_found") << r.err;
  // Two jobs sharing a prefix: the prefix is refused, naming both.
  const auto twin = failed_.substr(0, 10) + std::string(54, '0');
  sql("INSERT INTO wallet_broadcast_jobs (txid, beef_hex) VALUES ('" + twin + "', '00')");
  r = jobs({"show", failed_.substr(0, 10)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("several"), std::string::npos) << r.err;
}

TEST_F(JobsCliTest, RetryRequeuesOnlyFailedFinalizePathJobs) {
  // A dry run says what it would do and changes nothing.
  auto r = jobs({"retry", failed_, "--dry-run", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["would_requeue"], true);
  EXPECT_NE(r.err.find("would re-queue 1 job(s)"), std::string::npos) << r.err;
  EXPECT_EQ(job(failed_, "status, attempts"), "failed|5");
  r = jobs({"retry", funded_, completed_, "--dry-run"});
  EXPECT_NE(r.out.find(funded_ + ": would be refused: job " + funded_ + " is auto-funded"),
            std::string::npos)
      << "a dry run says why: " << r.out;
  EXPECT_NE(r.out.find(completed_ + ": would be refused: job " + completed_ + " is completed"),
            std::string::npos)
      << r.out;

  // An auto-funded job was rolled back: refused, untouched.
  r = jobs({"retry", funded_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.err.substr(r.err.find('{')))["error"]["code"], "conflict");
  EXPECT_NE(r.err.find("auto-funded"), std::string::npos);
  EXPECT_EQ(job(funded_, "status, attempts"), "failed|1");
  // A completed job is no candidate either.
  r = jobs({"retry", completed_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(job(completed_, "status"), "completed");

  r = jobs({"retry", failed_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(job(failed_, "status, attempts, next_attempt_at IS NULL"), "unsent|0|t");
  EXPECT_NE(job(failed_, "last_error").find("re-queued by"), std::string::npos);
  EXPECT_NE(job(failed_, "last_error").find("REJECTED: mempool conflict"), std::string::npos)
      << "the earlier error is kept";
  EXPECT_EQ(testing::action_status(schema_, failed_), "sending");
  // Twice: now it is unsent, so refused.
  EXPECT_EQ(jobs({"retry", failed_}).exit_code, 1);
}

TEST_F(JobsCliTest, RetryAllFailedShowsProgressAndSkipsFundedJobs) {
  std::vector<std::string> many;
  for (std::uint32_t salt = 100; salt < 125; ++salt) {
    many.push_back(seed_plain(salt));
    sql("UPDATE wallet_broadcast_jobs SET status = 'failed' WHERE txid = '" + many.back() +
        "' RETURNING 1");
  }
  auto r = jobs({"retry", "--all-failed"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("progress 26/26"), std::string::npos) << r.err;
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'unsent'"), "27");
  EXPECT_EQ(job(funded_, "status"), "failed") << "never picked by --all-failed";

  EXPECT_EQ(jobs({"retry"}).exit_code, 2) << "nothing to retry named";
  EXPECT_EQ(jobs({"vanish"}).exit_code, 2);
  EXPECT_EQ(jobs({"list", "--bogus"}).exit_code, 2);
}

}  // namespace
}  // namespace bsv::store
