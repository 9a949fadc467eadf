// Following a PostgreSQL primary failover: two real clusters, a primary and
// a streaming standby made with pg_basebackup -R; the node is given both
// hosts with target_session_attrs=read-write. Under load (4 callers storing
// and locking outputs, 300 jobs draining against arc-sim) the primary is
// crashed (pg_ctl stop -m immediate) and the standby promoted. With
// synchronous replication nothing acknowledged may be lost; with
// asynchronous replication what a failover loses is measured and reported
// (PostgreSQL's documented trade-off), not asserted.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "db/migrator.hpp"
#include "db/postgres_store.hpp"
#include "node/remote_node.hpp"
#include "support/eventually.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/process.hpp"

namespace bsv {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::eventually;

std::string shell(const std::string& command) {
  const auto r = testing::run_process({"/bin/sh", "-c", command});
  if (r.exit_code != 0) throw std::runtime_error(command + " failed: " + r.err);
  return r.out;
}

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

long long millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// A primary and its standby in a directory of their own, destroyed at the end.
class ReplicatedPair {
 public:
  explicit ReplicatedPair(bool synchronous) {
    char dir[] = "/tmp/bsvpg-failover.XXXXXX";
    dir_ = ::mkdtemp(dir);
    ::chmod(dir_.c_str(), 0755);  // the clusters' owner (not root) must reach their directories
    shell(script() + " start " + dir_ + "/primary --replicated >/dev/null");
    db::Migrator(primary_url()).migrate();
    shell(script() + " standby " + dir_ + "/standby " + dir_ + "/primary >/dev/null");
    if (synchronous) {
      pqxx::connection conn(primary_url());
      pqxx::nontransaction tx(conn);
      tx.exec("ALTER SYSTEM SET synchronous_standby_names = '*'");
      tx.exec("SELECT pg_reload_conf()");
    }
    const auto wanted = synchronous ? "sync" : "async";
    if (!eventually([&] { return replication_state() == wanted; }, 20s)) {
      throw std::runtime_error("the standby never became " + std::string(wanted));
    }
  }
  ~ReplicatedPair() {
    testing::run_process({"/bin/sh", "-c",
                          script() + " destroy " + dir_ + "/primary; " + script() + " destroy " +
                              dir_ + "/standby; rm -rf " + dir_});
  }

  std::string primary_url() const {
    return first_line(dir_ + "/primary/conninfo") + " dbname=postgres";
  }
  std::string standby_url() const {
    return first_line(dir_ + "/standby/conninfo") + " dbname=postgres";
  }
  /// Both hosts; libpq takes the one that accepts writes.
  std::string both_url() const {
    return "host=" + first_line(dir_ + "/primary/sockdir") + "," +
           first_line(dir_ + "/standby/sockdir") + " port=5432,5432 user=" + user() +
           " dbname=postgres target_session_attrs=read-write";
  }
  void crash_primary() { shell(script() + " crash " + dir_ + "/primary"); }
  void promote_standby() { shell(script() + " promote " + dir_ + "/standby"); }

 private:
  static std::string script() { return std::string(BSV_SOURCE_DIR) + "/scripts/pg-cluster.sh"; }
  std::string user() const {
    const auto info = first_line(dir_ + "/primary/conninfo");
    return info.substr(info.find("user=") + 5);
  }
  std::string replication_state() const {
    pqxx::connection conn(primary_url());
    pqxx::nontransaction tx(conn);
    auto rows = tx.exec("SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'");
    return rows.empty() ? "" : rows[0][0].c_str();
  }
  std::string dir_;
};

// What the callers saw: every call counted when sent and when answered.
struct CallerLoad {
  std::atomic<bool> stop{false};
  std::atomic<int> sent{0}, answered{0}, succeeded{0};
  std::atomic<long long> last_success_ns{0};
  std::mutex mutex;
  std::vector<std::string> acknowledged;  // outpoints whose store_output succeeded
};

std::string count(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  return tx.exec(sql)[0][0].c_str();
}

void run_failover(bool synchronous) {
  ReplicatedPair pair(synchronous);
  testing::ArcSimProcess arc({"--delay-ms", "20"});
  {
    db::PostgresStore wallet(pair.primary_url());
    for (std::uint32_t salt = 1; salt <= 300; ++salt) {
      testing::Payload p(salt);
      ASSERT_TRUE(wallet.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
    }
  }
  testing::NodeProcess node({"--database-url", pair.both_url(), "--arc-url", arc.url(),
                             "--pool-size", "4", "--workers", "2", "--request-timeout", "5",
                             "--poll-interval", "1"});
  RemoteNodeOptions options;
  options.port = node.port();
  options.request_timeout = 15s;
  CallerLoad load;
  std::vector<std::thread> callers;
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&, i] {
      auto remote = RemoteNode::connect(options);
      if (!remote) return;
      auto store = (*remote)->store();
      for (int k = 0; !load.stop; ++k) {
        const auto outpoint = "f" + std::to_string(i) + "." + std::to_string(k);
        ++load.sent;
        auto stored = store->store_output({{"outpoint", outpoint}, {"satoshis", 1000}});
        ++load.answered;
        if (!stored) continue;
        {
          std::lock_guard<std::mutex> lock(load.mutex);
          load.acknowledged.push_back(outpoint);
        }
        ++load.sent;
        auto locked = store->lock_utxos({outpoint}, "ref-" + std::to_string(i), false);
        ++load.answered;
        if (locked) {
          ++load.succeeded;
          load.last_success_ns = Clock::now().time_since_epoch().count();
        }
      }
    });
  }
  ASSERT_TRUE(eventually(
      [&] {
        return std::stoi(count(pair.primary_url(),
                               "SELECT count(*) FROM wallet_broadcast_jobs WHERE status = "
                               "'completed'")) >= 50;
      },
      30s));
  pair.crash_primary();
  std::this_thread::sleep_for(1s);
  pair.promote_standby();
  const auto promoted = Clock::now();
  const auto promoted_ns = promoted.time_since_epoch().count();
  const auto completed_now = [&] {
    return std::stoi(
        count(pair.standby_url(),
              "SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'"));
  };
  const int completed_at_promotion = completed_now();
  Clock::duration first_settled{};
  ASSERT_TRUE(eventually([&] { return completed_now() > completed_at_promotion; }, 30s))
      << node.errors();
  first_settled = Clock::now() - promoted;
  ASSERT_TRUE(eventually([&] { return load.last_success_ns > promoted_ns; }, 30s))
      << "no call succeeded after the promotion";
  const auto first_answer = std::chrono::nanoseconds(load.last_success_ns - promoted_ns);
  const bool drained = eventually([&] { return completed_now() == 300; }, 60s);
  load.stop = true;
  for (auto& caller : callers) caller.join();

  EXPECT_EQ(load.answered.load(), load.sent.load()) << "every call got an answer";
  EXPECT_LT(first_answer, 10s) << "the node answers again within 10 s of the promotion";
  // Acknowledged writes that the new primary does not have.
  std::set<std::string> on_new_primary;
  {
    pqxx::connection conn(pair.standby_url());
    pqxx::nontransaction tx(conn);
    for (const auto& row : tx.exec("SELECT outpoint FROM wallet_outputs")) {
      on_new_primary.insert(row[0].c_str());
    }
  }
  int lost = 0;
  for (const auto& outpoint : load.acknowledged) lost += on_new_primary.count(outpoint) == 0;
  const int settled = completed_now();
  const auto check = testing::run_process(
      {testing::node_binary(), "check", "--json", "--database-url", pair.standby_url()});
  std::cout << "[ figures  ] failover (" << (synchronous ? "synchronous" : "asynchronous")
            << " replication): first answered call " << millis(first_answer)
            << " ms after the promotion, first settled job " << millis(first_settled)
            << " ms after it; calls answered " << load.answered << "/" << load.sent
            << "; jobs completed " << settled << "/300; acknowledged outputs lost " << lost << "/"
            << load.acknowledged.size() << "; check exit " << check.exit_code << "\n";
  if (synchronous) {
    EXPECT_TRUE(drained) << settled << " of 300 completed";
    EXPECT_EQ(lost, 0) << "a committed write survives a synchronous failover";
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_EQ(count(pair.standby_url(),
                    "SELECT count(*) FROM wallet_broadcast_jobs WHERE status <> 'completed'"),
              "0");
  }
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

TEST(Failover, SynchronousReplicationLosesNothingAndTheNodeFollowsThePromotion) {
  run_failover(true);
}

TEST(Failover, AsynchronousReplicationIsMeasured) {
  run_failover(false);
}

}  // namespace
}  // namespace bsv
