#include "bench/spend_scenarios.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <unordered_set>

namespace bsv::bench {
namespace {

using nlohmann::json;

// Pool outputs hold 1,000 to 1,999 satoshis: a target in this range takes
// one to three of them, largest first.
constexpr std::int64_t kMinTarget = 1000;
constexpr std::int64_t kMaxTarget = 4500;
constexpr int kFundingAttempts = 100;  // funding_two_step gives up after this many races

// Every output handed out during a run: spent and never given back, so an
// outpoint seen twice was given to two spenders.
class Ledger {
 public:
  void take(const store::Records& outputs) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& output : outputs) {
      if (!seen_.insert(output.at("outpoint").get<std::string>()).second) ++doubles_;
    }
  }
  std::int64_t doubles() const { return doubles_; }

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> seen_;
  std::int64_t doubles_ = 0;
};

bool mark_spent(store::Store& store, const store::Records& outputs) {
  bool ok = true;
  for (const auto& output : outputs) {
    ok = store.update_output_state(output.at("outpoint"), store::OutputState::spent).ok() && ok;
  }
  return ok;
}

struct Spender {
  std::shared_ptr<store::Store> store;
  std::mt19937_64 random;
  std::string name;

  std::int64_t next_target() {
    return std::uniform_int_distribution<std::int64_t>(kMinTarget, kMaxTarget)(random);
  }
  std::string reference(std::int64_t op) const { return name + "-" + std::to_string(op); }
};

Operation allocate_op(const std::shared_ptr<Spender>& spender, Ledger& ledger) {
  return [spender, &ledger](int, std::int64_t op, const std::function<void()>&) {
    store::AllocationRequest request;
    request.target_satoshis = spender->next_target();
    request.reference = spender->reference(op);
    request.basket = "pool";
    auto got = spender->store->allocate_utxos(request);
    if (!got) return false;
    ledger.take(got->outputs);
    return mark_spent(*spender->store, got->outputs);
  };
}

Operation funding_op(const std::shared_ptr<Spender>& spender, Ledger& ledger,
                     std::atomic<std::int64_t>& retries) {
  return [spender, &ledger, &retries](int, std::int64_t op, const std::function<void()>&) {
    auto& store = *spender->store;
    const auto target = spender->next_target();
    const auto reference = spender->reference(op);
    for (int attempt = 0; attempt < kFundingAttempts; ++attempt) {
      store::SpendableQuery query;
      query.basket = "pool";
      query.limit = 10;
      auto found = store.find_spendable_outputs(query);
      if (!found) return false;
      store::Records chosen;
      std::vector<std::string> wanted;
      std::int64_t sum = 0;
      for (const auto& output : *found) {
        if (sum >= target) break;
        chosen.push_back(output);
        wanted.push_back(output.at("outpoint"));
        sum += output.at("satoshis").get<std::int64_t>();
      }
      if (sum < target) return false;
      auto locked = store.lock_utxos(wanted, reference);
      if (!locked) return false;
      if (locked->size() == wanted.size()) {
        ledger.take(chosen);
        return mark_spent(store, chosen);
      }
      // Another spender took some first: give back what this one got.
      ++retries;
      for (const auto& outpoint : *locked) {
        store.update_output_state(outpoint, store::OutputState::spendable);
      }
    }
    return false;
  };
}

}  // namespace

json spend_scenario(const std::string& name, const Stores& stores, const RunLimits& limits) {
  Ledger ledger;
  std::atomic<std::int64_t> retries{0};
  const bool allocate = name == "allocate";
  auto figures = run(limits, [&](int requester) -> Operation {
    auto spender = std::make_shared<Spender>(
        Spender{stores.make(), std::mt19937_64(static_cast<unsigned>(requester) + 29),
                name + "-" + std::to_string(requester)});
    return allocate ? allocate_op(spender, ledger) : funding_op(spender, ledger, retries);
  });
  figures["double_allocations"] = ledger.doubles();
  if (!allocate) figures["retries"] = retries.load();
  return figures;
}

}  // namespace bsv::bench
