#include "bench/queue_scenarios.hpp"

#include <algorithm>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <stdexcept>
#include <thread>

#include "bench/bench_schema.hpp"
#include "bench/instant_arc.hpp"
#include "chain/beef.hpp"
#include "db/postgres_store.hpp"
#include "db/sql_params.hpp"
#include "node/wallet_node.hpp"

namespace bsv::bench {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A distinct one-input, one-output transaction for each n.
chain::Transaction bench_transaction(std::int64_t n, std::uint32_t run) {
  chain::Transaction tx;
  chain::TxInput in;
  for (int i = 0; i < 8; ++i)
    in.source_txid[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
  for (int i = 0; i < 4; ++i)
    in.source_txid[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(run >> (8 * i));
  in.unlocking_script = {0x51};
  tx.inputs.push_back(in);
  tx.outputs.push_back({1000, {0x76, 0xa9, 0x14, 0x00, 0x88, 0xac}});
  return tx;
}

std::uint32_t run_id() {
  return static_cast<std::uint32_t>(Clock::now().time_since_epoch().count());
}

class Database {
 public:
  Database(const BenchSchema& schema) : conn_(schema.url()) {
    pqxx::nontransaction(conn_).exec("SET search_path TO " + conn_.quote_name(schema.name()));
  }
  std::string value(const std::string& sql) {
    auto rows = pqxx::nontransaction(conn_).exec(sql);
    return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].c_str();
  }
  pqxx::result rows(const std::string& sql) { return pqxx::nontransaction(conn_).exec(sql); }
  pqxx::connection& connection() { return conn_; }

 private:
  pqxx::connection conn_;
};

// A private schema, or the kept history of target.history completed jobs.
std::unique_ptr<BenchSchema> queue_schema(const QueueTarget& target) {
  if (target.history == 0) return std::make_unique<BenchSchema>(target.database_url);
  return BenchSchema::filled(target.database_url, "history", target.history);
}

// Removes the jobs, actions and outputs of `txids` (a kept history's
// schema must hold only its history when the next run starts).
void remove_run(Database& db, const std::vector<std::string>& txids) {
  pqxx::nontransaction tx(db.connection());
  const auto list = db::to_pg_array(txids);
  tx.exec_params("DELETE FROM wallet_broadcast_jobs WHERE txid = ANY ($1::text[])", list);
  tx.exec_params("DELETE FROM wallet_actions WHERE txid = ANY ($1::text[])", list);
  tx.exec_params("DELETE FROM wallet_outputs WHERE split_part(outpoint, '.', 1) = ANY ($1::text[])",
                 list);
}

std::unique_ptr<WalletNode> start_node(const BenchSchema& schema, const QueueTarget& target,
                                       double poll_interval) {
  LocalNodeOptions options;
  options.database_url = schema.url();
  options.schema = schema.name();
  options.pool_size = target.pool_size;
  auto node = WalletNode::start(options);
  if (!node) throw std::runtime_error(node.error().message);
  BroadcastOptions broadcast;
  if (!target.arc_url.empty()) broadcast.arc.endpoints = {{target.arc_url, {}, {}}};
  broadcast.node_id = "bench";
  broadcast.workers = target.workers;
  broadcast.poll_interval = poll_interval;
  // The invariant checks read every table once a minute (and at start):
  // their cost depends on the wallet's size, not on the queue's work.
  broadcast.check_interval = 0;
  auto stand_in = target.arc_url.empty() ? std::make_shared<InstantArc>() : nullptr;
  if (auto error = (*node)->start_broadcast(broadcast, stand_in))
    throw std::runtime_error(error->message);
  return std::move(*node);
}

json queue_drain(const QueueTarget& target, const RunLimits& limits) {
  const auto kept = queue_schema(target);
  const BenchSchema& schema = *kept;
  Database db(schema);
  const auto count = limits.count > 0 ? limits.count : 10000;
  std::vector<std::string> txids, hex;
  const auto run = run_id();
  for (std::int64_t n = 0; n < count; ++n) {
    auto tx = bench_transaction(n, run);
    txids.push_back(chain::txid_hex(tx.txid()));
    hex.push_back(chain::to_hex(tx.raw()));
  }
  {
    pqxx::nontransaction seed(db.connection());
    seed.exec_params(
        "CREATE TEMPORARY TABLE bench_seed AS "
        "SELECT * FROM unnest($1::text[], $2::text[]) AS t(txid, hex)",
        db::to_pg_array(txids), db::to_pg_array(hex));
    seed.exec(bench_sql("seed_queue_jobs"));
  }
  db.value("ANALYZE");
  const auto started_db = db.value("SELECT clock_timestamp()");
  const auto started = Clock::now();
  auto node = start_node(schema, target, 8);
  const auto total = std::to_string(count);
  while (db.value(
             "SELECT count(*) FROM wallet_broadcast_jobs WHERE status IN ('unsent', 'sending')") !=
         "0") {
    if (Clock::now() - started > std::chrono::minutes(10))
      throw std::runtime_error("drain stalled");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  node.reset();
  std::vector<double> done_ms;
  for (const auto& row : db.rows("SELECT extract(epoch FROM updated_at - '" + started_db +
                                 "'::timestamptz) * 1000 FROM wallet_broadcast_jobs "
                                 "WHERE txid IN (SELECT txid FROM bench_seed)")) {
    done_ms.push_back(row[0].as<double>());
  }
  const double seconds = *std::max_element(done_ms.begin(), done_ms.end()) / 1000;
  const auto unsettled = std::stoll(
      db.value("SELECT count(*) FROM wallet_broadcast_jobs WHERE status <> 'completed'"));
  auto out = figures(std::move(done_ms), unsettled, seconds, target.workers);
  out["jobs"] = count;
  out["history"] = target.history;
  out["settled_outputs_ok"] =
      db.value("SELECT count(*) FROM wallet_outputs WHERE state = 'pending'") == "0";
  remove_run(db, txids);
  return out;
}

json queue_latency(const QueueTarget& target, const RunLimits& limits) {
  const auto kept = queue_schema(target);
  const BenchSchema& schema = *kept;
  Database db(schema);
  std::vector<std::string> txids;
  auto node = start_node(schema, target, 8);  // the default poll: the wake-up must be the NOTIFY
  db::PostgresStore store(schema.url(), schema.name());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // workers up and idle
  const auto count = limits.count > 0 ? limits.count : 200;
  const auto run = run_id();
  std::vector<double> latencies;
  const auto started = Clock::now();
  for (std::int64_t n = 0; n < count; ++n) {
    auto tx = bench_transaction(n, run);
    const auto txid = chain::txid_hex(tx.txid());
    txids.push_back(txid);
    if (!store.store_action({{"txid", txid}, {"status", "sending"}})) {
      throw std::runtime_error("store_action failed");
    }
    if (!store.enqueue({txid, chain::to_hex(tx.raw()), {}, {}, {}})) {
      throw std::runtime_error("enqueue failed");
    }
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
      auto status = store.broadcast_status(txid);
      if (status && *status && **status == "completed") break;
      if (Clock::now() > deadline) throw std::runtime_error("job " + txid + " not settled in 30 s");
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    latencies.push_back(std::stod(db.value(
        "SELECT extract(epoch FROM updated_at - created_at) * 1000 FROM wallet_broadcast_jobs "
        "WHERE txid = '" +
        txid + "'")));
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  node.reset();
  remove_run(db, txids);
  auto out = figures(std::move(latencies), 0, seconds, 1);
  out["history"] = target.history;
  return out;
}

}  // namespace

bool is_queue_scenario(const std::string& name) {
  return name == "queue_drain" || name == "queue_latency";
}

json run_queue_scenario(const std::string& name, const QueueTarget& target,
                        const RunLimits& limits) {
  json out = name == "queue_drain" ? queue_drain(target, limits) : queue_latency(target, limits);
  out["scenario"] = name;
  out["mode"] = "actor";
  out["workers"] = target.workers;
  out["pool_size"] = target.pool_size;
  out["arc"] = target.arc_url.empty() ? "instant in-process" : target.arc_url;
  return out;
}

}  // namespace bsv::bench
