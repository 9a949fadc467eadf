#include "store/invariants.hpp"

namespace bsv::store {

const std::vector<Invariant>& invariants() {
  static const std::vector<Invariant> all = {
      {"pending_without_job",
       "outputs pending under a reference no live job holds: stale (release_stale_pending will "
       "free them) or without pending_since (nothing ever will)"},
      {"completed_job_outputs",
       "completed jobs whose inputs are not spent or whose change outputs are missing"},
      {"failed_job_outputs",
       "failed jobs whose change outputs still exist or whose inputs are still pending under "
       "their fund_ref"},
      {"spendable_flag", "outputs whose spendable column disagrees with their state"},
      {"stuck_jobs",
       "jobs sending longer than the stale threshold, or in doubt longer than the doubt horizon"},
      {"completed_without_proof",
       "actions completed without a stored proof, and proofs whose merkle path does not hold "
       "their txid"},
      {"failed_after_acceptance",
       "actions failed after their transaction was accepted (REJECTED or double spend reported "
       "later): their outputs need an operator"},
  };
  return all;
}

}  // namespace bsv::store
