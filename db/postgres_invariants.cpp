// PostgresStore: the wallet's invariants (store/invariants.hpp), each one
// query (db/sql/invariant_<name>.sql), all read in one snapshot so that
// they describe one moment of the books.

#include <pqxx/transaction>

#include "common/embedded_text.hpp"
#include "db/postgres_store.hpp"

namespace bsv::db {

Result<std::vector<store::Violation>> PostgresStore::check_invariants(
    const store::InvariantLimits& limits) {
  return guarded<std::vector<store::Violation>>("check_invariants", [&] {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
        snapshot(session_.connection());
    std::vector<store::Violation> found;
    for (const auto& invariant : store::invariants()) {
      const auto rows =
          snapshot.exec_params(query_text(std::string("invariant_") + invariant.name),
                               limits.stale_threshold, limits.stale_pending, limits.doubt_horizon);
      store::Violation violation{invariant.name, 0, {}};
      for (const auto& row : rows) {
        violation.count = row[0].as<std::int64_t>();
        violation.examples.emplace_back(row[1].c_str());
      }
      found.push_back(std::move(violation));
    }
    snapshot.commit();
    return found;
  });
}

}  // namespace bsv::db
