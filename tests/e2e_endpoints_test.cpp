// Several ARC endpoints, in order (broadcast-queue.md): real `serve`
// processes in front of two or three real arc-sims, over a real
// PostgreSQL. A broadcast goes to one endpoint at a time and moves on only
// on a transient answer; circuit breakers skip a failing endpoint and probe
// it again after the cool-down; status questions go first to the endpoint
// that has the transaction.

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/eventually.hpp"
#include "support/http_call.hpp"
#include "support/node_metrics.hpp"
#include "support/node_process.hpp"
#include "support/queue_fixture.hpp"
#include "testing/http_client.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;
using testing::ArcSimProcess;
using testing::eventually;
using testing::NodeProcess;
using namespace std::chrono_literals;

class EndpointsTest : public testing::QueueFixture {
 protected:
  /// `serve` with the ARC endpoints `urls` in order (arc_ serves headers).
  std::vector<std::string> node_args(const std::vector<std::string>& urls,
                                     std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {
        "--database-url",      url(),         "--pool-size",   "2",
        "--workers",           "1",           "--headers-url", headers_url(arc_),
        "--metrics-listen",    "127.0.0.1:0", "--retry-base",  "0.1",
        "--proof-first-check", "60"};
    for (const auto& u : urls) args.insert(args.end(), {"--arc-url", u});
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  static json stats(const ArcSimProcess& arc) {
    return json::parse(testing::http_call(arc.port(), "GET", "/control/stats").body);
  }
  static int submissions(const ArcSimProcess& arc, const std::string& txid) {
    return stats(arc)["txids"].value(txid, 0);
  }
  static int requests(const ArcSimProcess& arc) { return stats(arc)["requests"].get<int>(); }
  /// A finalize-path job with its action.
  std::string seed(std::uint32_t salt) { return seed_plain(salt, /*with_action=*/true); }
  bool completed(const std::string& txid) { return job(txid, "status") == "completed"; }
  static std::string name(int position, const ArcSimProcess& arc) {
    return std::to_string(position) + " " + arc.url();
  }
  static json health(const NodeProcess& node) {
    const auto reply = testing::http_call(testing::metrics_port(node), "GET", "/health");
    auto body = json::parse(reply.body, nullptr, false);
    body["http"] = reply.status;
    return body;
  }
  static double state(const NodeProcess& node, const std::string& endpoint, const char* s) {
    return testing::sample(testing::scrape(node),
                           "bsv_arc_endpoint_state{arc=\"" + endpoint + "\",state=\"" + s + "\"}");
  }
};

// The primary refuses connections (its process is gone): every job goes
// through the secondary, each sent there exactly once, and is recorded as
// accepted by it. Also the failover time of the closing note.
TEST_F(EndpointsTest, PrimaryDownAllJobsGoThroughTheSecondaryOnce) {
  ArcSimProcess primary;
  NodeProcess node(node_args({primary.url(), arc_.url()}));
  const auto first = seed(1);
  ASSERT_TRUE(eventually([&] { return completed(first); }));
  EXPECT_EQ(job(first, "arc_endpoint"), name(1, primary));
  EXPECT_EQ(submissions(arc_, first), 0);

  ASSERT_EQ(primary.stop(SIGKILL), 128 + SIGKILL);
  const auto down = std::chrono::steady_clock::now();
  std::vector<std::string> txids;
  for (std::uint32_t salt = 2; salt <= 9; ++salt) txids.push_back(seed(salt));
  ASSERT_TRUE(eventually([&] { return completed(txids.front()); }));
  const auto failover = std::chrono::steady_clock::now() - down;
  for (const auto& txid : txids) {
    ASSERT_TRUE(eventually([&] { return completed(txid); })) << txid;
    EXPECT_EQ(submissions(arc_, txid), 1) << txid;
    EXPECT_EQ(job(txid, "arc_endpoint"), name(2, arc_));
    EXPECT_EQ(job(txid, "attempts"), "1") << "failover happens inside one attempt";
  }
  std::cout << "[ figures  ] failover (primary killed -> first job accepted by the secondary): "
            << std::chrono::duration_cast<std::chrono::milliseconds>(failover).count() << " ms\n";
}

// A primary that hangs costs one ARC timeout per broadcast until its
// breaker opens; then the secondary gets the jobs at once.
TEST_F(EndpointsTest, AHangingPrimaryCostsATimeoutUntilItsBreakerOpens) {
  ArcSimProcess primary({"--delay-ms", "5000"});
  NodeProcess node(
      node_args({primary.url(), arc_.url()}, {"--arc-timeout", "1", "--arc-failures", "2"}));
  std::vector<long long> took;
  for (std::uint32_t salt = 1; salt <= 3; ++salt) {
    const auto start = std::chrono::steady_clock::now();
    const auto txid = seed(salt);
    ASSERT_TRUE(eventually([&] { return completed(txid); }));
    took.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count());
    EXPECT_EQ(job(txid, "arc_endpoint"), name(2, arc_));
    EXPECT_EQ(job(txid, "attempts"), "1");
  }
  EXPECT_EQ(requests(primary), 2) << "the open breaker skips the primary for the third";
  EXPECT_EQ(state(node, name(1, primary), "open"), 1);
  std::cout << "[ figures  ] hanging primary (--arc-timeout 1, --arc-failures 2): enqueue to "
               "accepted by the secondary "
            << took[0] << " ms, " << took[1] << " ms, then " << took[2] << " ms (breaker open)\n";
}

// The primary answers 503 three times: its breaker opens (metrics,
// /health degraded naming it), the following jobs skip it entirely; after
// the cool-down one request probes it, it answers, and traffic returns.
TEST_F(EndpointsTest, ABreakerOpensOnFailuresAndClosesAfterItsCooldown) {
  ArcSimProcess primary;
  rule({{"next", 3}, {"http", 503}}, &primary);
  NodeProcess node(node_args({primary.url(), arc_.url()}, {"--arc-cooldown", "2"}));
  std::vector<std::string> early;
  for (std::uint32_t salt = 1; salt <= 3; ++salt) {
    early.push_back(seed(salt));
    ASSERT_TRUE(eventually([&] { return completed(early.back()); }));
  }
  EXPECT_EQ(requests(primary), 3);
  EXPECT_EQ(state(node, name(1, primary), "open"), 1);
  EXPECT_EQ(state(node, name(2, arc_), "closed"), 1);
  auto h = health(node);
  EXPECT_EQ(h["http"], 200) << h;
  EXPECT_EQ(h["status"], "degraded") << h;
  EXPECT_EQ(h["arc"]["open"], json::array({name(1, primary)})) << h;

  const auto skipped = seed(4);  // within the cool-down: the primary is not asked
  ASSERT_TRUE(eventually([&] { return completed(skipped); }));
  EXPECT_EQ(requests(primary), 3);
  EXPECT_EQ(submissions(arc_, skipped), 1);

  std::this_thread::sleep_for(2200ms);  // the cool-down passes: the next request probes
  const auto probe = seed(5);
  ASSERT_TRUE(eventually([&] { return completed(probe); }));
  EXPECT_EQ(submissions(primary, probe), 1);
  EXPECT_EQ(submissions(arc_, probe), 0);
  EXPECT_EQ(job(probe, "arc_endpoint"), name(1, primary));
  EXPECT_EQ(state(node, name(1, primary), "closed"), 1);
  EXPECT_EQ(health(node)["status"], "ok");
}

// Every endpoint open: the job is transient (retried with backoff, never
// failed) and /health answers 503 naming them all; when one answers again
// the job goes through.
TEST_F(EndpointsTest, AllEndpointsOpenKeepsJobsWaitingAndHealthDown) {
  ArcSimProcess primary;
  rule({{"http", 503}}, &primary);
  rule({{"http", 503}});
  NodeProcess node(
      node_args({primary.url(), arc_.url()}, {"--arc-failures", "1", "--arc-cooldown", "1",
                                              "--max-attempts", "1000", "--retry-max", "1"}));
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] {
    const auto h = health(node);
    return h["http"] == 503 && h["arc"]["open"].size() == 2;
  })) << health(node);
  EXPECT_NE(job(txid, "status"), "failed");
  rule({{"tx_status", "SEEN_ON_NETWORK"}});  // the secondary answers again
  ASSERT_TRUE(eventually([&] { return completed(txid); }, 30s)) << job(txid, "status, last_error");
  EXPECT_EQ(job(txid, "arc_endpoint"), name(2, arc_));
}

// A wrong key at the primary (401) is the endpoint's problem, not the
// transaction's: it fails over and no job fails.
TEST_F(EndpointsTest, UnauthorizedPrimaryFailsOverAndNoJobFails) {
  ArcSimProcess primary({"--api-key", "the-right-key"});
  NodeProcess node(node_args({primary.url(), arc_.url()}, {"--arc-api-key", "a-wrong-key"}));
  std::vector<std::string> txids;
  for (std::uint32_t salt = 1; salt <= 4; ++salt) txids.push_back(seed(salt));
  for (const auto& txid : txids) {
    ASSERT_TRUE(eventually([&] { return completed(txid); })) << job(txid, "status, last_error");
    EXPECT_EQ(job(txid, "arc_endpoint"), name(2, arc_));
  }
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'failed'"), "0");
  EXPECT_GE(requests(primary), 1);
}

// A rejection is final: the secondary never sees that transaction.
TEST_F(EndpointsTest, ARejectionFromThePrimaryIsFinal) {
  ArcSimProcess primary;
  const auto txid = seed(1);
  rule({{"txid", txid}, {"tx_status", "REJECTED"}, {"extra_info", "script failed"}}, &primary);
  NodeProcess node(node_args({primary.url(), arc_.url()}));
  ASSERT_TRUE(eventually([&] { return job(txid, "status") == "failed"; }));
  EXPECT_EQ(action_status(txid), "failed");
  EXPECT_EQ(submissions(primary, txid), 1);
  EXPECT_EQ(submissions(arc_, txid), 0);
  EXPECT_EQ(requests(arc_), 0);
}

// An unknown answer (a 2xx that is not JSON) puts the job in doubt at the
// endpoint that gave it; the doubt check asks that endpoint, which knows
// the transaction, and the job completes without the secondary hearing of it.
TEST_F(EndpointsTest, AnUnknownAnswerIsResolvedAtTheEndpointThatGotIt) {
  ArcSimProcess primary;
  const auto txid = seed(1);
  rule({{"next", 1}, {"malformed", true}}, &primary);  // the broadcast's answer only
  NodeProcess node(node_args({primary.url(), arc_.url()}, {"--doubt-first-check", "0.3"}));
  ASSERT_TRUE(eventually([&] { return completed(txid); })) << job(txid, "status, last_error");
  EXPECT_EQ(job(txid, "arc_endpoint"), name(1, primary));
  EXPECT_GE(stats(primary)["status_requests"].value(txid, 0), 1);
  EXPECT_EQ(requests(arc_), 0);
}

// The secondary first in a job's status questions when it accepted it: a
// proof check goes there, not to the (healthy) primary.
TEST_F(EndpointsTest, ProofChecksAskTheAcceptingEndpointFirst) {
  ArcSimProcess primary;
  rule({{"next", 1}, {"http", 503}}, &primary);
  NodeProcess node(node_args({primary.url(), arc_.url()}, {"--proof-first-check", "0.2"}));
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return completed(txid); }));
  EXPECT_EQ(job(txid, "arc_endpoint"), name(2, arc_));
  control("/control/mine", {{"txids", {txid}}});
  ASSERT_TRUE(eventually([&] { return action_status(txid) == "completed"; }));
  EXPECT_GE(stats(arc_)["status_requests"].value(txid, 0), 1);
  EXPECT_EQ(stats(primary)["status_requests"].value(txid, 0), 0);
}

// The callback receiver takes any configured endpoint's token, each
// endpoint's own from the config file, and still refuses others.
TEST_F(EndpointsTest, CallbacksCarryingAnyEndpointsTokenAreAccepted) {
  ArcSimProcess primary;
  const auto file = ::testing::TempDir() + "/endpoints.json";
  {
    std::ofstream out(file);
    out << json{{"arc-endpoints",
                 {{{"url", primary.url()}, {"callback-token", "token-a"}},
                  {{"url", arc_.url()}, {"callback-token", "token-b"}}}}}
               .dump();
  }
  NodeProcess node({"--config", file, "--database-url", url(), "--pool-size", "2", "--headers-url",
                    headers_url(arc_), "--callback-listen", "127.0.0.1:0"});
  std::uint16_t port = 0;
  for (const auto& line : testing::lines_of(node.errors())) {
    const auto entry = json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("component", "") == "callbacks") {
      const auto listen = entry.value("listen", "");
      port = static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
    }
  }
  ASSERT_NE(port, 0) << node.errors();
  const auto body = json{{"txid", std::string(64, 'a')}, {"txStatus", "SEEN_ON_NETWORK"}}.dump();
  for (const char* token : {"token-a", "token-b"}) {
    const auto reply =
        testing::http_request("127.0.0.1", std::to_string(port), "POST", "/arc/callback", body,
                              {{"Authorization", std::string("Bearer ") + token}});
    EXPECT_EQ(reply.status, 200) << token << ": " << reply.body;
  }
  const auto refused =
      testing::http_request("127.0.0.1", std::to_string(port), "POST", "/arc/callback", body,
                            {{"Authorization", "Bearer token-c"}});
  EXPECT_EQ(refused.status, 401);
}

}  // namespace
}  // namespace bsv::store
