#include "bench/scenarios.hpp"

#include <memory>
#include <random>
#include <stdexcept>

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "db/migrator.hpp"
#include "common/embedded_text.hpp"
#include "db/postgres_store.hpp"

namespace bsv::bench {
namespace {

using nlohmann::json;

const char* const kBenchTxid = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
constexpr long long kOutpointSpace = 100000;  // store_output keys: inserts, then updates
constexpr long long kLockPool = 10000;

// A schema of its own for one run: created and migrated on construction,
// dropped (with everything in it) on destruction.
class BenchSchema {
 public:
  explicit BenchSchema(std::string url)
      : url_(std::move(url)), name_("bench_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}())) {
    db::Migrator(url_, name_).migrate();
  }
  ~BenchSchema() {
    try {
      pqxx::connection conn(url_);
      pqxx::nontransaction(conn).exec("DROP SCHEMA IF EXISTS " + conn.quote_name(name_) + " CASCADE");
    } catch (...) {
      // The figures matter more than the clean-up; a left schema is named bench_*.
    }
  }
  BenchSchema(const BenchSchema&) = delete;
  BenchSchema& operator=(const BenchSchema&) = delete;

  std::unique_ptr<db::PostgresStore> store() const {
    auto store = std::make_unique<db::PostgresStore>(url_, name_);
    if (auto err = store->connect()) throw std::runtime_error(err->message);
    return store;
  }
  /// Runs setup SQL in the schema.
  void exec(const std::string& sql) const {
    pqxx::connection conn(url_);
    pqxx::nontransaction tx(conn);
    tx.exec("SET search_path TO " + conn.quote_name(name_));
    tx.exec(sql);
  }

 private:
  std::string url_;
  std::string name_;
};

const std::string& bench_sql(const std::string& name) {
  for (const auto& file : bench_files()) {
    if (file.name == name + ".sql") return file.text;
  }
  throw std::logic_error("no bench SQL named " + name);
}

json store_output_scenario(const BenchSchema& schema, const RunLimits& limits) {
  return run(limits, [&](int requester) -> Operation {
    auto store = std::shared_ptr<db::PostgresStore>(schema.store());
    auto rng = std::make_shared<std::mt19937_64>(static_cast<unsigned>(requester) + 1);
    return [store, rng](int, std::int64_t, const std::function<void()>&) {
      std::uniform_int_distribution<long long> key(1, kOutpointSpace);
      return store->store_output(bench_output(key(*rng))).ok();
    };
  });
}

json find_outputs_scenario(const BenchSchema& schema, const RunLimits& limits) {
  schema.exec(bench_sql("fill_find_outputs"));
  schema.exec("VACUUM ANALYZE wallet_outputs");  // the steady state autovacuum keeps
  return run(limits, [&](int requester) -> Operation {
    auto store = std::shared_ptr<db::PostgresStore>(schema.store());
    auto rng = std::make_shared<std::mt19937_64>(static_cast<unsigned>(requester) + 7);
    return [store, rng](int, std::int64_t, const std::function<void()>&) {
      std::uniform_int_distribution<int> basket(0, 9), tag(0, 19);
      const int a = tag(*rng);
      const int b = (a + 1 + tag(*rng) % 19) % 20;
      store::OutputQuery q;
      q.basket = "basket-" + std::to_string(basket(*rng));
      q.tags = std::vector<std::string>{"tag-" + std::to_string(a), "tag-" + std::to_string(b)};
      q.tag_mode = store::MatchMode::all;
      return store->find_outputs(q).ok();
    };
  });
}

json lock_cycle_scenario(const BenchSchema& schema, const RunLimits& limits) {
  schema.exec(
      "INSERT INTO wallet_outputs (outpoint, basket, spendable, state, satoshis, data) "
      "SELECT 'lock.' || i, 'pool', true, 'spendable', 1000, "
      "jsonb_build_object('outpoint', 'lock.' || i, 'basket', 'pool', 'satoshis', 1000, 'state', 'spendable') "
      "FROM generate_series(1, " + std::to_string(kLockPool) + ") AS i; ANALYZE wallet_outputs");
  return run(limits, [&](int requester) -> Operation {
    auto store = std::shared_ptr<db::PostgresStore>(schema.store());
    auto rng = std::make_shared<std::mt19937_64>(static_cast<unsigned>(requester) + 13);
    return [store, rng, requester](int, std::int64_t op, const std::function<void()>& done) {
      std::uniform_int_distribution<long long> pick(1, kLockPool);
      const std::vector<std::string> wanted = {"lock." + std::to_string(pick(*rng)),
                                               "lock." + std::to_string(pick(*rng))};
      const auto ref = "bench-" + std::to_string(requester) + "-" + std::to_string(op);
      auto locked = store->lock_utxos(wanted, ref);
      if (!locked) return false;
      bool ok = true;
      for (const auto& outpoint : *locked) ok = ok && store->update_output_state(outpoint, store::OutputState::spent).ok();
      done();
      // Untimed: put them back so the pool never runs dry.
      for (const auto& outpoint : *locked) store->update_output_state(outpoint, store::OutputState::spendable);
      return ok;
    };
  });
}

}  // namespace

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = {"store_output", "find_outputs", "lock_cycle"};
  return names;
}

json bench_output(long long n) {
  const std::string id = std::to_string(n);
  return {{"outpoint", std::string(kBenchTxid) + "." + id},
          {"satoshis", 1000 + n},
          {"basket", "bench"},
          {"tags", {"payment", "bench"}},
          {"locking_script", "76a914" + std::string(40, 'a') + "88ac"},
          {"state", "spendable"},
          {"spendable", true},
          {"derivation_prefix", "bench-prefix"},
          {"derivation_suffix", "bench-suffix-" + id},
          {"sender_identity_key", "02" + std::string(64, 'c')}};
}

json run_scenario(const std::string& name, const std::string& url, const RunLimits& limits) {
  BenchSchema schema(url);
  json figures;
  if (name == "store_output") {
    figures = store_output_scenario(schema, limits);
  } else if (name == "find_outputs") {
    figures = find_outputs_scenario(schema, limits);
  } else if (name == "lock_cycle") {
    figures = lock_cycle_scenario(schema, limits);
  } else {
    throw std::invalid_argument("unknown scenario '" + name + "'");
  }
  figures["scenario"] = name;
  return figures;
}

}  // namespace bsv::bench
