#pragma once
/// The stores a store scenario's requesters talk to, one per requester, for
/// the chosen target (bench/scenarios.hpp's Target); owns what they share:
/// the schema (private, or a filled data set kept between runs) and the node.

#include <cstdint>
#include <memory>
#include <string>

#include "bench/bench_schema.hpp"
#include "bench/scenarios.hpp"
#include "node/store_source.hpp"
#include "store/store.hpp"

namespace bsv::bench {

class Stores {
 public:
  /// Over a private schema, or (with a `dataset`) over the filled data set
  /// bench/sql/fill_<dataset>.sql of `target.rows` rows. Against a remote
  /// node there is no schema.
  explicit Stores(const Target& target, const std::string& dataset = {});
  ~Stores();

  /// A store for one requester.
  std::shared_ptr<store::Store> make() const;

  /// The schema, or null against a remote node.
  const BenchSchema* schema() const { return schema_.get(); }

 private:
  Target target_;
  std::unique_ptr<BenchSchema> schema_;  // declared before node_: dropped after it stops
  std::unique_ptr<StoreSource> node_;
};

}  // namespace bsv::bench
