// The store actor in-process: backpressure, supervision of its workers,
// batching of concurrent store_output requests, and checks on what arrives
// over the wire.

#include <gtest/gtest.h>

#include <atomic>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/network/multiplexer.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <future>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <thread>

#include "actors/arc_actor.hpp"
#include "actors/broadcast_supervisor.hpp"
#include "actors/store_actor.hpp"
#include "actors/store_worker.hpp"
#include "db/postgres_store.hpp"
#include "messages/store_errors.hpp"
#include "node/actor_store.hpp"
#include "node/actor_store_handle.hpp"
#include "node/graceful_stop.hpp"
#include "support/eventually.hpp"
#include "support/http_call.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/test_database.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using Clock = std::chrono::steady_clock;
using node::ActorStore;
using node::stop_gracefully;

struct Config : caf::actor_system_config {
  Config() {
    load<caf::io::middleman>();  // the store actor runs on its event loop
    add_message_types<caf::id_block::bsv_store>();
  }
};

// Holds one output's row (SELECT ... FOR UPDATE in an open transaction)
// until release(): a worker that writes it waits meanwhile.
class RowLock {
 public:
  RowLock(const testing::MigratedSchema& schema, const std::string& outpoint)
      : connection_(schema.conninfo()), hold_(connection_) {
    hold_.exec("SET search_path TO " + connection_.quote_name(schema.name()));
    hold_.exec("SELECT 1 FROM wallet_outputs WHERE outpoint = " + hold_.quote(outpoint) +
               " FOR UPDATE");
  }
  void release() { hold_.commit(); }

 private:
  pqxx::connection connection_;
  pqxx::work hold_;
};

class StoreActorTest : public ::testing::Test {
 protected:
  messages::store_api spawn(int pool, std::size_t backlog) {
    spawned_.push_back(
        spawn_store_actor(system_, {schema_.conninfo(), schema_.name(), pool, backlog, metrics_}));
    return spawned_.back();
  }
  // Stops an actor as the node does and waits until it is down.
  template <typename Handle>
  void stop(const Handle& actor) {
    EXPECT_TRUE(
        stop_gracefully(system_, caf::actor_cast<caf::actor>(actor), std::chrono::seconds(10)))
        << "not down within 10 s";
  }
  // Every store actor drains and stops before the actor system goes, as in
  // WalletNode::shutdown.
  void TearDown() override {
    for (const auto& api : spawned_) stop(api);
  }
  std::unique_ptr<store::Store> client(const messages::store_api& api) {
    return std::make_unique<ActorStore>(ActorStore::Handle{api}, std::chrono::seconds(20));
  }
  std::string sql(const std::string& text) { return schema_.query(text); }
  std::string waiting_on_locks() {
    return sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
  }

  // Waits (bounded) until `condition` holds.
  template <typename Condition>
  bool eventually(Condition condition, std::chrono::seconds limit = std::chrono::seconds(10)) {
    return testing::eventually(condition, limit);
  }

  // The metrics the actors report to, by name and labels.
  metrics::Counter& counter(const std::string& name, const metrics::Labels& labels = {}) {
    return metrics_->counter(name, "", labels);
  }
  metrics::Gauge& gauge(const std::string& name) { return metrics_->gauge(name, ""); }

  testing::MigratedSchema schema_;
  std::shared_ptr<metrics::Registry> metrics_ = std::make_shared<metrics::Registry>();
  Config config_;
  caf::actor_system system_{config_};
  std::vector<messages::store_api> spawned_;
};

TEST_F(StoreActorTest, FullBacklogIsAnsweredUnavailableAtOnce) {
  auto api = spawn(1, 2);
  ASSERT_TRUE(client(api)->store_output({{"outpoint", "block.0"}}).ok());
  // Hold the row so that the only worker blocks on it.
  RowLock hold(schema_, "block.0");
  std::thread blocked(
      [&] { EXPECT_TRUE(client(api)->update_output_basket("block.0", "moved").ok()); });
  ASSERT_TRUE(eventually([&] { return waiting_on_locks() == "1"; }))
      << "the worker waits on the row lock";

  std::atomic<int> ok{0}, unavailable{0};
  std::atomic<long long> slowest_refusal_ms{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 10; ++i) {
    callers.emplace_back([&] {
      const auto start = Clock::now();
      auto r = client(api)->count_outputs({});
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      if (r) {
        ++ok;
      } else if (r.error().code == ErrorCode::unavailable) {
        ++unavailable;
        slowest_refusal_ms = std::max(slowest_refusal_ms.load(), static_cast<long long>(ms));
      }
    });
  }
  ASSERT_TRUE(eventually([&] { return unavailable.load() == 8; }))
      << "two wait in the backlog, eight are refused";
  EXPECT_EQ(counter("bsv_store_backlog_rejections_total").value(), 8u);
  EXPECT_EQ(gauge("bsv_store_pool_waiting").value(), 2);
  EXPECT_EQ(gauge("bsv_store_pool_in_use").value(), 1);
  hold.release();
  for (auto& t : callers) t.join();
  blocked.join();
  EXPECT_EQ(ok.load(), 2) << "the queued ones finish once the worker is free";
  EXPECT_LT(slowest_refusal_ms.load(), 1000) << "refusals do not wait for a connection";
  EXPECT_EQ(sql("SELECT basket FROM wallet_outputs WHERE outpoint = 'block.0'"), "moved");
  ASSERT_TRUE(eventually([&] { return gauge("bsv_store_pool_in_use").value() == 0; }));
  EXPECT_EQ(gauge("bsv_store_pool_waiting").value(), 0);
  const auto latency = metrics_->render();
  EXPECT_NE(latency.find("bsv_store_request_seconds_count{method=\"count_outputs\"} 2"),
            std::string::npos)
      << "the two answered count_outputs are timed (refusals are not): " << latency;
}

TEST_F(StoreActorTest, AClientGivesUpAfterItsTimeoutAndCarriesOn) {
  auto api = spawn(1, 16);
  ActorStore impatient(ActorStore::Handle{api}, std::chrono::milliseconds(300));
  ASSERT_TRUE(impatient.store_output({{"outpoint", "slow.0"}}).ok());
  RowLock hold(schema_, "slow.0");
  const auto start = Clock::now();
  auto late = impatient.update_output_basket("slow.0", "late");
  const auto waited = Clock::now() - start;
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::timeout) << late.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_LT(waited, std::chrono::seconds(5));
  hold.release();
  // The late answer must not be taken for the next one.
  auto count = impatient.count_outputs({});
  ASSERT_TRUE(count.ok()) << count.error().message;
  EXPECT_EQ(*count, 1);
  auto found = impatient.find_outputs({});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);
}

TEST_F(StoreActorTest, AKilledWorkerIsReplaced) {
  auto api = spawn(2, 16);
  auto before = store_workers(system_, api);
  ASSERT_EQ(before.size(), 2u);
  caf::anon_send_exit(before[0], caf::exit_reason::kill);
  ASSERT_TRUE(eventually([&] {
    auto now = store_workers(system_, api);
    return now.size() == 2 && std::find(now.begin(), now.end(), before[0]) == now.end();
  })) << "the pool is back to two workers, without the killed one";
  auto store = client(api);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(store->store_output({{"outpoint", "k." + std::to_string(i)}}).ok());
  }
  EXPECT_EQ(*store->count_outputs({}), 20);
  EXPECT_EQ(counter("bsv_worker_restarts_total", {{"kind", "store"}}).value(), 1u);
}

TEST_F(StoreActorTest, ConcurrentStoreOutputsAreBatchedCorrectly) {
  auto api = spawn(1, 1024);  // one connection: requests queue and go out in batches
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      auto store = client(api);
      for (int k = 0; k < 50; ++k) {
        // Half of them race on shared outpoints, half are the writer's own.
        const std::string outpoint = k % 2 ? "own." + std::to_string(w) + "." + std::to_string(k)
                                           : "shared." + std::to_string(k);
        auto r = store->store_output({{"outpoint", outpoint}, {"satoshis", w}, {"writer", w}});
        if (!r || (*r)["writer"] != w) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs"), std::to_string(8 * 25 + 25));
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE (data->>'writer')::int <> satoshis"),
            "0")
      << "columns and record of each row come from one request";
}

// store_outputs that queue while the connection is busy go out together:
// one statement for all of them, each answered with its own record.
TEST_F(StoreActorTest, QueuedStoreOutputsAreWrittenByOneStatement) {
  auto api = spawn(1, 64);
  ASSERT_TRUE(client(api)->store_output({{"outpoint", "block.0"}}).ok());
  RowLock hold(schema_, "block.0");
  std::thread blocked([&] { EXPECT_TRUE(client(api)->store_output({{"outpoint", "block.0"}})); });
  ASSERT_TRUE(eventually([&] { return waiting_on_locks() == "1"; }))
      << "the only worker waits on the row lock";

  constexpr int kQueued = 20;
  std::vector<std::thread> callers;
  std::atomic<int> own_answers{0};
  for (int i = 0; i < kQueued; ++i) {
    callers.emplace_back([&, i] {
      auto r = client(api)->store_output({{"outpoint", "q." + std::to_string(i)}, {"n", i}});
      if (r && (*r)["n"] == i) ++own_answers;
    });
  }
  ASSERT_TRUE(eventually([&] { return gauge("bsv_store_pool_waiting").value() == kQueued; }));
  hold.release();
  for (auto& t : callers) t.join();
  blocked.join();
  EXPECT_EQ(own_answers.load(), kQueued);
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs"), std::to_string(kQueued + 1));
  const auto text = metrics_->render();
  EXPECT_NE(text.find("bsv_store_output_batch_records_count 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("bsv_store_output_batch_records_sum 22\n"), std::string::npos)
      << "block.0 twice, then the " << kQueued << " queued ones in one statement: " << text;
}

// A burst of store_outputs that is in the store actor's mailbox at once (as
// one network read delivers it) goes out as one statement, even while
// workers are idle.
TEST_F(StoreActorTest, ABurstOfStoreOutputsIsWrittenByOneStatement) {
  auto api = spawn(2, 64);
  ASSERT_TRUE(client(api)->count_outputs({}).ok());  // both workers up and idle
  // Hold the store actor's thread (the middleman's event loop) while the burst arrives.
  std::promise<void> go;
  auto held = go.get_future().share();
  system_.middleman().backend().post([held] { held.wait_for(std::chrono::seconds(10)); });
  caf::scoped_actor self{system_};
  constexpr int kBurst = 10;
  std::vector<decltype(self->request(api, caf::infinite, store_output_atom::value, record{}))>
      answers;
  for (int i = 0; i < kBurst; ++i) {
    answers.push_back(self->request(api, std::chrono::seconds(20), store_output_atom::value,
                                    record{R"({"outpoint":"burst.)" + std::to_string(i) + "\"}"}));
  }
  go.set_value();
  int stored = 0;
  for (auto& answer : answers) {
    answer.receive([&](record&) { ++stored; },
                   [&](caf::error& e) { ADD_FAILURE() << system_.render(e); });
  }
  EXPECT_EQ(stored, kBurst);
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs"), std::to_string(kBurst));
  const auto text = metrics_->render();
  EXPECT_NE(text.find("bsv_store_output_batch_records_count 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("bsv_store_output_batch_records_sum 10\n"), std::string::npos) << text;
}

TEST_F(StoreActorTest, WorkerChecksEveryRecordOfABatch) {
  auto worker = spawn_store_worker(system_, schema_.conninfo(), schema_.name());
  caf::scoped_actor self{system_};
  record_list batch{{R"({"outpoint":"b.0","satoshis":1})", "{not json",
                     R"({"outpoint":"b.1","satoshis":-5})", R"({"outpoint":"b.2"})",
                     R"({"outpoint":"b.0","satoshis":2})"}};
  batch_outcome outcome;
  self->request(worker, std::chrono::seconds(10), store_outputs_atom::value, batch)
      .receive([&](batch_outcome& o) { outcome = std::move(o); },
               [&](caf::error& e) { FAIL() << system_.render(e); });
  ASSERT_EQ(outcome.codes.size(), 5u);
  EXPECT_EQ(outcome.codes[0], -1);
  EXPECT_EQ(outcome.codes[1], static_cast<int>(ErrorCode::invalid_argument));
  EXPECT_EQ(outcome.codes[2], static_cast<int>(ErrorCode::invalid_argument));
  EXPECT_NE(outcome.messages[2].find("satoshis"), std::string::npos);
  EXPECT_EQ(outcome.codes[3], -1);
  EXPECT_EQ(outcome.codes[4], -1);
  EXPECT_EQ(sql("SELECT string_agg(outpoint || '=' || coalesce(satoshis::text, '-'), ',' ORDER BY "
                "outpoint) "
                "FROM wallet_outputs"),
            "b.0=2,b.2=-")
      << "the later record of a repeated outpoint wins";
  caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
}

TEST_F(StoreActorTest, BadWireRecordsAreRefusedByTheActor) {
  auto api = spawn(1, 16);
  caf::scoped_actor self{system_};
  caf::error error;
  self->request(api, std::chrono::seconds(10), store_output_atom::value, record{"{\"outpoint\": "})
      .receive([](record&) { FAIL() << "accepted unparsable JSON"; },
               [&](caf::error& e) { error = e; });
  const auto refused = from_caf(error);
  EXPECT_EQ(refused.code, ErrorCode::invalid_argument) << refused.message;
  self->request(api, std::chrono::seconds(10), store_output_atom::value,
                record{R"({"outpoint":""})"})
      .receive([](record&) { FAIL() << "accepted an empty outpoint"; },
               [&](caf::error& e) { error = e; });
  EXPECT_EQ(from_caf(error).code, ErrorCode::invalid_argument);
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs"), "0");
}

// The broadcast supervisor: a worker killed while it holds a job is
// restarted, and the job is given back at once (not after the 300 s stale
// threshold), keeping its attempt count.
TEST_F(StoreActorTest, AKilledBroadcastWorkerIsRestartedAndItsJobReleased) {
  testing::ArcSimProcess arc;
  // The first submission hangs for 3 s: time to kill the worker holding it.
  ASSERT_EQ(
      testing::http_call(arc.port(), "POST", "/control", R"({"next":1,"delay_ms":3000})").status,
      200);
  auto api = spawn(2, 16);
  BroadcastOptions options;
  options.arc.endpoints = {{arc.url(), {}, {}}};
  options.node_id = "sup-test";
  options.workers = 2;
  options.poll_interval = 0.2;
  BroadcastContext context{
      caf::actor_cast<queue_store_api>(api),
      schema_.conninfo(),
      schema_.name(),
      [options](caf::actor_system& system) { return *spawn_arc_actor(system, options.arc); },
      {},
      metrics_};
  auto supervisor = spawn_broadcast_supervisor(system_, options, context);
  ASSERT_TRUE(eventually([&] { return broadcast_workers(system_, supervisor).size() == 2; }));

  db::PostgresStore store(schema_.conninfo(), schema_.name());
  testing::Payload p(7);
  ASSERT_TRUE(store.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
  const auto job = [&](const std::string& columns) {
    return sql("SELECT concat_ws('|', " + columns + ") FROM wallet_broadcast_jobs");
  };
  ASSERT_TRUE(eventually([&] { return job("status") == "sending"; }));
  const auto holder = job("locked_by");
  const auto index = static_cast<std::size_t>(std::stoi(holder.substr(holder.find('/') + 1)));
  const auto before = broadcast_workers(system_, supervisor);
  ASSERT_EQ(before.size(), 2u);
  const auto started = Clock::now();
  caf::anon_send_exit(before[index], caf::exit_reason::kill);

  ASSERT_TRUE(eventually([&] { return job("status") == "completed"; }))
      << job("status, attempts, locked_by, last_error");
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(3)) << "released, not left to go stale";
  EXPECT_EQ(job("attempts"), "2") << "the released job kept its first attempt";
  ASSERT_TRUE(eventually([&] {
    auto now = broadcast_workers(system_, supervisor);
    return now.size() == 2 && now[index] != before[index];
  })) << "the killed worker was replaced";
  EXPECT_EQ(counter("bsv_worker_restarts_total", {{"kind", "broadcast"}}).value(), 1u);
  EXPECT_EQ(counter("bsv_broadcast_settled_total", {{"outcome", "accepted"}}).value(), 1u);
  stop(supervisor);
}

}  // namespace
}  // namespace bsv::actors
