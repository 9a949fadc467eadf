#include "bench/scenarios.hpp"

#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <random>
#include <set>
#include <stdexcept>

#include "bench/bench_schema.hpp"
#include "bench/spend_scenarios.hpp"
#include "bench/stores.hpp"

namespace bsv::bench {
namespace {

using nlohmann::json;

const char* const kBenchTxid = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
constexpr long long kOutpointSpace = 100000;  // store_output keys: inserts, then updates
constexpr long long kNodeLockPool = 10000;    // seeded through a remote node

// Outputs written through a remote node, deleted again when the run ends.
class Written {
 public:
  void add(const std::string& outpoint) {
    std::lock_guard<std::mutex> lock(mutex_);
    outpoints_.insert(outpoint);
  }
  void delete_all(store::Store& store) {
    for (const auto& outpoint : outpoints_) store.delete_output(outpoint);
    outpoints_.clear();
  }

 private:
  std::mutex mutex_;
  std::set<std::string> outpoints_;
};

json store_output_scenario(const Stores& stores, const RunLimits& limits) {
  Written written;
  const bool remote = stores.schema() == nullptr;
  auto figures = run(limits, [&](int requester) -> Operation {
    auto store = stores.make();
    auto rng = std::make_shared<std::mt19937_64>(static_cast<unsigned>(requester) + 1);
    return [store, rng, remote, &written](int, std::int64_t, const std::function<void()>& done) {
      std::uniform_int_distribution<long long> key(1, kOutpointSpace);
      const json output = bench_output(key(*rng));
      const bool ok = store->store_output(output).ok();
      done();
      if (remote) written.add(output["outpoint"]);
      return ok;
    };
  });
  if (remote) written.delete_all(*stores.make());
  return figures;
}

json find_outputs_scenario(const Stores& stores, const RunLimits& limits) {
  return run(limits, [&](int requester) -> Operation {
    auto store = stores.make();
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

std::string pool_outpoint(long long i) {
  return "pool." + std::to_string(i);
}

// Against a remote node the pool is seeded through it (and deleted after).
void seed_node_pool(const Stores& stores) {
  auto store = stores.make();
  for (long long i = 1; i <= kNodeLockPool; ++i) {
    auto stored = store->store_output({{"outpoint", pool_outpoint(i)},
                                       {"basket", "pool"},
                                       {"satoshis", 1000},
                                       {"state", "spendable"}});
    if (!stored) throw std::runtime_error("seeding the lock pool: " + stored.error().message);
  }
}

json lock_cycle_scenario(const Stores& stores, const RunLimits& limits, long long pool) {
  if (!stores.schema()) seed_node_pool(stores);
  auto figures = run(limits, [&](int requester) -> Operation {
    auto store = stores.make();
    auto rng = std::make_shared<std::mt19937_64>(static_cast<unsigned>(requester) + 13);
    return [store, rng, requester, pool](int, std::int64_t op, const std::function<void()>& done) {
      std::uniform_int_distribution<long long> pick(1, pool);
      const std::vector<std::string> wanted = {pool_outpoint(pick(*rng)),
                                               pool_outpoint(pick(*rng))};
      const auto ref = "bench-" + std::to_string(requester) + "-" + std::to_string(op);
      auto locked = store->lock_utxos(wanted, ref);
      if (!locked) return false;
      bool ok = true;
      for (const auto& outpoint : *locked) {
        ok = ok && store->update_output_state(outpoint, store::OutputState::spent).ok();
      }
      done();
      // Untimed: put them back so the pool never runs dry.
      for (const auto& outpoint : *locked)
        store->update_output_state(outpoint, store::OutputState::spendable);
      return ok;
    };
  });
  if (!stores.schema()) {
    auto store = stores.make();
    for (long long i = 1; i <= kNodeLockPool; ++i) store->delete_output(pool_outpoint(i));
  }
  return figures;
}

const char* mode_name(Target::Mode mode) {
  switch (mode) {
    case Target::Mode::actor:
      return "actor";
    case Target::Mode::direct:
      return "direct";
    case Target::Mode::node:
      return "node";
  }
  return "actor";
}

}  // namespace

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = {"store_output", "find_outputs",     "lock_cycle",
                                                 "allocate",     "funding_two_step", "queue_drain",
                                                 "queue_latency"};
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

json run_scenario(const std::string& name, const Target& target, const RunLimits& limits) {
  json figures;
  if (name == "store_output") {
    figures = store_output_scenario(Stores(target), limits);
  } else if (name == "find_outputs") {
    if (target.mode == Target::Mode::node)
      throw std::runtime_error("find_outputs needs --database-url");
    figures = find_outputs_scenario(Stores(target, "find_outputs"), limits);
  } else if (name == "lock_cycle") {
    const bool remote = target.mode == Target::Mode::node;
    figures = lock_cycle_scenario(Stores(target, remote ? "" : "spend_pool"), limits,
                                  remote ? kNodeLockPool : target.rows);
  } else if (name == "allocate" || name == "funding_two_step") {
    if (target.mode == Target::Mode::node) throw std::runtime_error(name + " needs --database-url");
    figures = spend_scenario(name, Stores(target, "spend_pool"), limits);
  } else {
    throw std::invalid_argument("unknown scenario '" + name + "'");
  }
  if (target.mode != Target::Mode::node) figures["rows"] = target.rows;
  figures["scenario"] = name;
  figures["mode"] = mode_name(target.mode);
  if (target.mode == Target::Mode::actor) figures["pool_size"] = target.pool_size;
  return figures;
}

}  // namespace bsv::bench
