// Faults, with real processes and real PostgreSQL: competing lockers on two
// nodes, backends killed under load, every connection slot taken, ARC
// outages and kills mid-drain (the store port's door: e2e_store_port_test).
// Each test prints what it measured.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <thread>

#include "db/postgres_store.hpp"
#include "node/remote_node.hpp"
#include "node/wallet_node.hpp"
#include "support/eventually.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/private_cluster.hpp"
#include "support/process.hpp"
#include "support/queue_fixture.hpp"
#include "support/race.hpp"
#include "support/test_database.hpp"

namespace bsv {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using testing::ArcSimProcess;
using testing::connect_to;
using testing::eventually;
using testing::NodeProcess;
using testing::resident_kib;

std::string outpoint(int i) {
  return std::string(64, 'c') + "." + std::to_string(i);
}

long long millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// How long the timed faults last: $BSV_FAULT_SECONDS, else 30 s.
std::chrono::seconds fault_duration() {
  const char* configured = std::getenv("BSV_FAULT_SECONDS");
  return std::chrono::seconds(configured ? std::atoi(configured) : 30);
}

// The database agrees with the callers: every output handed out is pending
// under the reference of the caller that got it, and no other is pending.
void expect_held_as_given(const testing::MigratedSchema& schema,
                          const std::map<std::string, std::string>& owner) {
  for (const auto& [op, reference] : owner) {
    EXPECT_EQ(
        schema.query("SELECT pending_reference FROM wallet_outputs WHERE outpoint = '" + op + "'"),
        reference);
  }
  EXPECT_EQ(schema.query("SELECT count(*) FROM wallet_outputs WHERE state = 'pending'"),
            std::to_string(owner.size()));
}

// 16 callers on 2 nodes lock random outputs of 100 at once: every outpoint
// goes to one caller, and the database agrees on whose it is.
TEST(Faults, SixteenLockersOnTwoNodesNeverShareAnOutpoint) {
  testing::MigratedSchema schema;
  db::PostgresStore store(schema.conninfo(), schema.name());
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(store.store_output({{"outpoint", outpoint(i)}, {"satoshis", 1000 + i}}).ok());
  }
  const auto url = schema.conninfo() + " options='-csearch_path=" + schema.name() + "'";
  NodeProcess a({"--database-url", url}), b({"--database-url", url});
  std::mutex mutex;
  std::map<std::string, std::string> owner;  // outpoint -> reference that got it
  int duplicates = 0, requests = 0;
  std::vector<std::thread> callers;
  for (int c = 0; c < 16; ++c) {
    callers.emplace_back([&, c] {
      auto node = connect_to(c % 2 ? b : a);
      auto client = node->store();
      std::mt19937 random(static_cast<unsigned>(c));
      for (int round = 0; round < 25; ++round) {
        std::vector<std::string> wanted;
        for (int k = 0; k < 8; ++k) wanted.push_back(outpoint(static_cast<int>(random() % 100)));
        const auto reference = "caller" + std::to_string(c) + "-" + std::to_string(round);
        auto got = client->lock_utxos(wanted, reference);
        ASSERT_TRUE(got.ok()) << got.error().message;
        std::lock_guard<std::mutex> lock(mutex);
        ++requests;
        for (const auto& op : *got) {
          if (!owner.emplace(op, reference).second) ++duplicates;
        }
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(duplicates, 0) << "an outpoint was locked twice";
  expect_held_as_given(schema, owner);
  std::cout << "[ figures  ] " << requests << " lock_utxos calls by 16 callers on 2 nodes; "
            << owner.size() << " of 100 outputs locked, each once; " << duplicates
            << " locked twice\n";
  EXPECT_EQ(a.stop(SIGTERM), 0);
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

// 16 spenders on 2 nodes allocate from 1,000 outputs until the wallet runs
// dry: no output goes to two spenders, every allocation covers its target
// with exactly the outputs the database holds under its reference, and a
// refusal (insufficient_funds) is true: what is left at the end cannot fund
// any refused target.
TEST(Faults, SixteenAllocatorsOnTwoNodesNeverShareAnOutput) {
  testing::MigratedSchema schema;
  db::PostgresStore store(schema.conninfo(), schema.name());
  std::vector<store::json> pool;
  for (int i = 0; i < 1000; ++i) {
    pool.push_back({{"outpoint", outpoint(i)}, {"basket", "b"}, {"satoshis", 1000 + i}});
  }
  for (const auto& output : pool) ASSERT_TRUE(store.store_output(output).ok());
  const auto url = schema.conninfo() + " options='-csearch_path=" + schema.name() + "'";
  NodeProcess a({"--database-url", url}), b({"--database-url", url});
  std::mutex mutex;
  std::map<std::string, std::string> owner;  // outpoint -> reference that got it
  std::vector<std::int64_t> refused_targets;
  int duplicates = 0, allocations = 0, short_allocations = 0;
  testing::race(16, [&](int c) {
    auto node = connect_to(c % 2 ? b : a);
    auto client = node->store();
    std::mt19937 random(static_cast<unsigned>(c));
    const auto strategy = static_cast<store::AllocationStrategy>(c % 3);
    for (int round = 0;; ++round) {
      store::AllocationRequest request;
      request.target_satoshis = 1000 + static_cast<std::int64_t>(random() % 2000);
      request.reference = "spender" + std::to_string(c) + "-" + std::to_string(round);
      request.basket = "b";
      request.strategy = strategy;
      auto got = client->allocate_utxos(request);
      std::lock_guard<std::mutex> lock(mutex);
      if (!got) {
        ASSERT_EQ(got.error().code, ErrorCode::insufficient_funds) << got.error().message;
        refused_targets.push_back(request.target_satoshis);
        return;
      }
      ++allocations;
      std::int64_t sum = 0;
      for (const auto& output : got->outputs) {
        sum += output.at("satoshis").get<std::int64_t>();
        if (!owner.emplace(output.at("outpoint"), request.reference).second) ++duplicates;
      }
      if (sum != got->total || sum < request.target_satoshis) ++short_allocations;
    }
  });
  EXPECT_EQ(duplicates, 0) << "an output was allocated twice";
  EXPECT_EQ(short_allocations, 0) << "an allocation did not cover its target";
  expect_held_as_given(schema, owner);
  const auto left = std::stoll(schema.query(
      "SELECT COALESCE(sum(satoshis), 0) FROM wallet_outputs WHERE state = 'spendable'"));
  for (auto target : refused_targets) EXPECT_LT(left, target) << "a false insufficient_funds";
  std::cout << "[ figures  ] " << allocations << " allocations by 16 spenders on 2 nodes took "
            << owner.size() << " of 1000 outputs, each once; " << left << " satoshis left; "
            << duplicates << " allocated twice\n";
  EXPECT_EQ(a.stop(SIGTERM), 0);
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

// Four wallets storing outputs through `node` until stopped, counting
// calls, answers and successes. Failures must be `unavailable` or `timeout`.
class CallerLoad {
 public:
  CallerLoad(const NodeProcess& node, char prefix, std::chrono::milliseconds pause) {
    for (int c = 0; c < 4; ++c) {
      threads_.emplace_back([this, &node, prefix, pause, c] {
        auto remote = connect_to(node);
        auto client = remote->store();
        for (int k = 0; !stop_; ++k) {
          ++sent;
          auto r = client->store_output(
              {{"outpoint", std::string(64, prefix) + "." + std::to_string(c * 1000000 + k)}});
          ++answered;
          if (r) {
            ++succeeded;
            last_success_ = Clock::now().time_since_epoch().count();
          } else {
            EXPECT_TRUE(r.error().code == ErrorCode::unavailable ||
                        r.error().code == ErrorCode::timeout)
                << r.error().message;
          }
          std::this_thread::sleep_for(pause);
        }
      });
    }
  }
  ~CallerLoad() { stop(); }

  /// Waits (at most `limit`) for a call that succeeds after `since`;
  /// answers how long after `since` it did, or nullopt.
  std::optional<Clock::duration> succeeds_after(Clock::time_point since,
                                                std::chrono::seconds limit) {
    const auto last = [&] { return Clock::time_point(Clock::duration(last_success_.load())); };
    if (!eventually([&] { return last() > since; }, limit)) return std::nullopt;
    return last() - since;
  }
  void stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }

  std::atomic<int> sent{0}, answered{0}, succeeded{0};

 private:
  std::atomic<bool> stop_{false};
  std::atomic<long long> last_success_{0};
  std::vector<std::thread> threads_;
};

// For BSV_FAULT_SECONDS (default 30), every node backend is terminated
// each half second while callers store outputs and jobs drain; afterwards
// calls work within 10 s, every call got an answer and every job settled.
TEST(Faults, BackendsTerminatedUnderLoadAreSurvived) {
  const auto duration = fault_duration();
  testing::PrivateCluster cluster;
  ArcSimProcess arc;
  NodeProcess node({"--database-url", cluster.url(), "--arc-url", arc.url(), "--pool-size", "2",
                    "--poll-interval", "0.5", "--request-timeout", "5", "--retry-base", "0.2"});
  std::atomic<bool> stop{false};
  std::atomic<int> kills{0};
  CallerLoad load(node, 'd', 10ms);
  std::vector<std::thread> threads;
  threads.emplace_back([&] {  // the wallet enqueues a job now and then
    db::PostgresStore wallet(cluster.url());
    for (std::uint32_t salt = 1; !stop; ++salt) {
      testing::Payload p(salt);
      (void)wallet.enqueue({p.txid(), p.raw_hex(), {}, {}, {}});  // may hit a kill: retried later
      std::this_thread::sleep_for(50ms);
    }
  });
  const auto start = Clock::now();
  {
    pqxx::connection killer(cluster.url());
    while (Clock::now() - start < duration) {
      pqxx::nontransaction w(killer);
      kills +=
          static_cast<int>(w.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                  "AND backend_type = 'client backend'")
                               .size());
      std::this_thread::sleep_for(500ms);
    }
  }
  const auto recovered = load.succeeds_after(Clock::now(), 10s);
  ASSERT_TRUE(recovered) << "calls work again within 10 s of the last kill";
  stop = true;
  for (auto& t : threads) t.join();
  load.stop();
  EXPECT_EQ(load.answered.load(), load.sent.load()) << "every call got an answer";
  const auto jobs = [&](const std::string& where) {
    return testing::query_value(cluster.url(),
                                "SELECT count(*) FROM wallet_broadcast_jobs WHERE " + where);
  };
  ASSERT_TRUE(eventually([&] { return jobs("status <> 'completed'") == "0"; }, 30s))
      << jobs("status = 'unsent'") << " unsent, " << jobs("status = 'sending'") << " sending";
  std::cout << "[ figures  ] " << duration.count()
            << " s of pg_terminate_backend every 0.5 s: " << kills << " backends killed; calls "
            << load.sent << ", succeeded " << load.succeeded << ", answered " << load.answered
            << "; " << jobs("true") << " jobs all completed; calls work again "
            << millis(*recovered) << " ms after the last kill\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// Other clients hold every connection slot: the node answers `unavailable`
// saying so, and serves again once slots are free.
TEST(Faults, ConnectionLimitIsReportedAndRecovered) {
  testing::PrivateCluster cluster;
  NodeProcess node({"--database-url", cluster.url(), "--pool-size", "2"});
  auto remote = connect_to(node);
  auto client = remote->store();
  std::vector<std::unique_ptr<pqxx::connection>> hogs;
  // The node's pool connects lazily; take every slot first.
  for (int i = 0; i < 1000; ++i) {
    try {
      hogs.push_back(std::make_unique<pqxx::connection>(cluster.url()));
    } catch (const pqxx::broken_connection&) {
      break;
    }
  }
  ASSERT_FALSE(hogs.empty());
  auto refused = client->count_outputs({});
  ASSERT_FALSE(refused.ok()) << "no slot left, yet the call succeeded";
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_NE(refused.error().message.find("too many clients"), std::string::npos)
      << refused.error().message;
  hogs.clear();
  const auto freed = Clock::now();
  ASSERT_TRUE(eventually([&] { return client->count_outputs({}).ok(); }, 15s));
  std::cout << "[ figures  ] with every slot taken: `unavailable` (\"" << refused.error().message
            << "\"); serving again " << millis(Clock::now() - freed) << " ms after slots freed\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// How much a node's resident memory may grow through an ARC outage. Under
// AddressSanitizer freed memory sits in its quarantine (256 MiB) first.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kMaxGrowthKiB = 512 * 1024;
#else
constexpr long kMaxGrowthKiB = 64 * 1024;
#endif

class QueueFaults : public testing::QueueFixture {
 protected:
  std::string count(const std::string& where) {
    return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE " + where);
  }
  int number(const std::string& where) { return std::stoi(count(where)); }
  // Txids arc-sim received more than once.
  int seen_twice() {
    int twice = 0;
    const auto stats = arc_stats();  // kept alive while iterated
    for (const auto& [txid, times] : stats["txids"].items()) twice += times.get<int>() > 1;
    return twice;
  }
  // Whatever the fault, the books balance afterwards: `check` finds nothing.
  void TearDown() override {
    const auto checked =
        testing::run_process({testing::node_binary(), "check", "--json", "--database-url", url()});
    EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  }
};

// kill -9 while 500 auto-funded jobs drain against a slow ARC (50 ms per
// request), then a restart under the same node id.
TEST_F(QueueFaults, KillNineMidDrainLosesNothing) {
  rule({{"delay_ms", 50}});
  for (std::uint32_t salt = 1; salt <= 500; ++salt) testing::seed_funded_job(store_, salt);
  int in_flight = 0;
  {
    NodeProcess node(serve_args({"--node-id", "fault-node"}));
    ASSERT_TRUE(eventually(
        [&] { return number("status = 'completed'") >= 100 && number("status = 'sending'") > 0; },
        60s));
    ASSERT_EQ(node.stop(SIGKILL), 128 + SIGKILL);
  }
  in_flight = number("status = 'sending'");
  NodeProcess restarted(serve_args({"--node-id", "fault-node"}));
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "500"; }, 120s))
      << count("status = 'completed'") << " completed";
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE state = 'pending'"), "0")
      << "no output left pending";
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE state = 'spent'"), "1000");
  const int twice = seen_twice();
  EXPECT_LE(twice, in_flight) << "only jobs in flight at the kill may reach ARC twice";
  std::cout << "[ figures  ] kill -9 with " << in_flight
            << " jobs in flight: 500 of 500 completed, 0 lost, 0 outputs pending, " << twice
            << " txids seen twice by ARC\n";
  EXPECT_EQ(restarted.stop(SIGTERM), 0);
}

// Two nodes share 2,000 jobs; one is killed halfway and never comes back:
// the other rescues its jobs once they are stale, and each settles once.
TEST_F(QueueFaults, TwoNodesOneKilledHalfwayEveryJobSettlesOnce) {
  rule({{"delay_ms", 20}});
  for (std::uint32_t salt = 1; salt <= 2000; ++salt) seed_plain(100000 + salt);
  const std::vector<std::string> common = {"--workers", "2", "--stale-threshold", "3"};
  auto args_a = serve_args(common), args_b = serve_args(common);
  args_a.insert(args_a.end(), {"--node-id", "half-a"});
  args_b.insert(args_b.end(), {"--node-id", "half-b"});
  NodeProcess b(args_b);
  int in_flight = 0;
  {
    NodeProcess a(args_a);
    ASSERT_TRUE(eventually([&] { return number("status = 'completed'") >= 1000; }, 120s));
    ASSERT_EQ(a.stop(SIGKILL), 128 + SIGKILL);
    // A claim the dead node had sent still commits: PostgreSQL finishes a
    // statement whose client is gone (seen once: 16 more jobs locked by
    // half-a after the kill). Count once such a statement has surely ended,
    // well before the stale threshold (3 s) lets node b rescue any of them.
    std::this_thread::sleep_for(500ms);
    in_flight = number("status = 'sending' AND locked_by LIKE 'half-a/%'");
  }
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "2000"; }, 120s))
      << count("status = 'completed'") << " completed, " << count("status = 'sending'")
      << " sending";
  const int rescued = number("attempts = 2");
  EXPECT_LE(rescued, in_flight) << "only the dead node's jobs were claimed twice";
  EXPECT_EQ(count("attempts > 2"), "0");
  const int twice = seen_twice();
  EXPECT_LE(twice, in_flight);
  std::cout << "[ figures  ] 2 nodes, 2000 jobs, one killed at 1000 with " << in_flight
            << " in flight: 2000 completed, " << rescued << " rescued after the stale threshold, "
            << twice << " seen twice by ARC\n";
  EXPECT_EQ(b.stop(SIGTERM), 0);
}

// ARC misbehaves in every way a client sees: dropped connections,
// malformed JSON, answers after --arc-timeout, then 503 for twice
// BSV_FAULT_SECONDS (a minute). Jobs retry with backoff and settle once ARC
// is back; the node's memory stays bounded.
TEST_F(QueueFaults, MisbehavingArcIsRetriedAndTheNodeStaysBounded) {
  NodeProcess node(
      serve_args({"--arc-timeout", "1", "--retry-base", "0.2", "--retry-max", "2", "--max-attempts",
                  "1000", "--poll-interval", "1", "--doubt-first-check", "0.5"}));
  const long rss_before = resident_kib(node.pid());
  rule({{"next", 4}, {"drop", true}});
  for (std::uint32_t salt = 1; salt <= 10; ++salt) seed_plain(200000 + salt);
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "10"; }, 60s));
  // A 2xx whose body is not JSON says nothing (broadcast-queue.md): ARC may
  // have stored the transaction, so those jobs go in doubt, never failed;
  // the doubt resolver finds ARC does not know them, sends them again, and
  // they complete.
  rule({{"next", 4}, {"malformed", true}});
  for (std::uint32_t salt = 11; salt <= 20; ++salt) seed_plain(200000 + salt);
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "20"; }, 60s))
      << count("status = 'in_doubt'") << " in doubt";
  const int malformed = number("doubt_since IS NOT NULL");
  EXPECT_GE(malformed, 1);
  rule({{"next", 4}, {"delay_ms", 2500}});  // past the 1 s ARC timeout
  for (std::uint32_t salt = 21; salt <= 30; ++salt) seed_plain(200000 + salt);
  ASSERT_TRUE(eventually([&] { return count("status = 'completed'") == "30"; }, 60s));
  EXPECT_EQ(count("status = 'failed'"), "0") << "no rollback without ARC's verdict";
  const int settled_before_outage = number("status = 'completed'");

  rule({{"http", 503}});  // the default from now on: ARC down
  for (std::uint32_t salt = 31; salt <= 130; ++salt) seed_plain(200000 + salt);
  const auto down_for = 2 * fault_duration();  // a minute by default
  std::this_thread::sleep_for(down_for);
  const int retried =
      number("attempts > 1 AND id > (SELECT max(id) - 100 FROM wallet_broadcast_jobs)");
  EXPECT_EQ(number("status = 'completed'"), settled_before_outage)
      << "nothing completes while ARC answers 503";
  rule({{"http", 200}});
  const auto back = Clock::now();
  ASSERT_TRUE(eventually(
      [&] { return number("status = 'completed'") == settled_before_outage + 100; }, 60s))
      << count("status = 'completed'") << " completed";
  const long rss_after = resident_kib(node.pid());
  EXPECT_LT(rss_after - rss_before, kMaxGrowthKiB) << "memory grew from " << rss_before << " KiB";
  std::cout << "[ figures  ] dropped, malformed and timed-out answers: 30 jobs settled ("
            << malformed << " went in doubt on malformed answers and were resolved, 0 rolled "
            << "back); ARC 503 for " << down_for.count() << " s: " << retried
            << " of 100 jobs retried with backoff, all "
            << "completed " << millis(Clock::now() - back) << " ms after ARC came back; RSS "
            << rss_before / 1024 << " -> " << rss_after / 1024 << " MiB\n";
  EXPECT_EQ(node.stop(SIGTERM), 0);
}

// PostgreSQL restarts while the node serves calls and drains jobs.
TEST(Faults, PostgresRestartWhileServingAndDraining) {
  testing::PrivateCluster cluster;
  ArcSimProcess arc({"--delay-ms", "20"});
  db::PostgresStore wallet(cluster.url());
  for (std::uint32_t salt = 1; salt <= 300; ++salt) {
    testing::Payload p(salt);
    ASSERT_TRUE(wallet.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
  }
  NodeProcess node({"--database-url", cluster.url(), "--arc-url", arc.url(), "--pool-size", "2",
                    "--request-timeout", "5", "--poll-interval", "1"});
  CallerLoad load(node, 'e', 20ms);
  std::this_thread::sleep_for(1s);
  cluster.restart();
  const auto recovered = load.succeeds_after(Clock::now(), 10s);
  ASSERT_TRUE(recovered) << "calls work again within 10 s";
  load.stop();
  EXPECT_EQ(load.answered.load(), load.sent.load()) << "every call got an answer";
  const auto jobs_left = [&] {
    return testing::query_value(cluster.url(),
                                "SELECT count(*) FROM wallet_broadcast_jobs "
                                "WHERE status <> 'completed'");
  };
  ASSERT_TRUE(eventually([&] { return jobs_left() == "0"; }, 60s)) << jobs_left() << " left";
  std::cout << "[ figures  ] PostgreSQL restarted mid-drain: calls work again "
            << millis(*recovered) << " ms after it is back; calls " << load.sent << ", succeeded "
            << load.succeeded << ", answered " << load.answered << "; 300 of 300 jobs completed\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

}  // namespace
}  // namespace bsv
