#pragma once
/// The spenders' `bench` scenarios (node-interface.md), over the filled
/// pool of `rows` outputs of 1,000 to 1,999 satoshis in basket "pool":
/// - allocate: one allocate_utxos (largest first) for a random target of
///   1 to 3 outputs' worth, then the outputs it got marked spent;
/// - funding_two_step: the same payment funded as wallets do it without
///   allocate_utxos: find_spendable_outputs (limit 10), lock_utxos of the
///   prefix that covers the target, and when another spender took some of
///   them first, give back the rest and start again (counted as retries).
/// Both report `double_allocations`: outputs handed to two spenders (0).

#include <nlohmann/json.hpp>
#include <string>

#include "bench/harness.hpp"
#include "bench/stores.hpp"

namespace bsv::bench {

/// Runs "allocate" or "funding_two_step" over `stores` (a filled spend_pool).
nlohmann::json spend_scenario(const std::string& name, const Stores& stores,
                              const RunLimits& limits);

}  // namespace bsv::bench
