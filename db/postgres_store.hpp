#pragma once
/// PostgresStore: the Store contract over PostgreSQL (the schema of migrations/).
///
/// Owns one connection (not thread-safe: give each thread or actor its own
/// store). Every operation is a single prepared statement in autocommit, so
/// any number of processes can share the database: upserts race safely on
/// their unique keys and lock_utxos lets the row lock decide. A lost
/// connection answers `unavailable` and is reopened by the next call. It is
/// also the broadcast queue's front door: enqueue writes the job row and its
/// NOTIFY in one statement.

#include <string>

#include "db/pg_errors.hpp"
#include "db/pg_session.hpp"
#include "store/invariants.hpp"
#include "store/jobs.hpp"
#include "store/proof_tracking.hpp"
#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::db {

using store::json;
using store::Records;

class PostgresStore final : public store::Store, public store::BroadcastQueue {
 public:
  /// `conninfo`: libpq connection string or URL; `schema`: optional schema
  /// to use instead of the default search_path. Connects lazily.
  explicit PostgresStore(std::string conninfo, std::string schema = {});

  /// Connects now; an `unavailable` error when the database cannot be reached.
  std::optional<Error> connect();

  /// Upserts outputs that already passed store::check_output, all in one
  /// statement (one round trip, one commit); for a repeated outpoint the
  /// later record wins, as if stored one after the other. The store actor
  /// uses it to write the store_output requests queued at one moment.
  Result<bool> upsert_checked_outputs(const Records& outputs);

  // The broadcast workers' side of the queue (store/jobs.hpp), each one
  // autocommit statement (db/postgres_jobs.cpp).

  /// Claims up to `request.limit` due or stale jobs for `request.worker`.
  Result<std::vector<store::ClaimedJob>> claim_jobs(const store::ClaimRequest& request);
  /// The sweep: up to `request.limit` jobs stuck in `sending` past the
  /// stale threshold with no attempts left go `in_doubt` (first checked
  /// after `first_check` seconds), never rolled back. Answers their txids.
  Result<std::vector<std::string>> doubt_stuck_jobs(const store::ClaimRequest& request,
                                                    double first_check);
  /// Claims for `who` up to `limit` `in_doubt` jobs whose status check is
  /// due, each for `lease` seconds (SKIP LOCKED: one checker per job); a
  /// job in doubt longer than `horizon` seconds comes back `past_horizon`
  /// once.
  Result<std::vector<store::ClaimedJob>> claim_doubt_checks(const std::string& who, int limit,
                                                            double lease, double horizon);
  /// Applies the outcomes of jobs `worker` claimed (broadcasts or doubt
  /// checks), all in one transaction; a job whose guard fails (no longer
  /// sending or in doubt, locked by another, other attempt) is left alone
  /// and not counted.
  Result<store::SettleReport> settle_jobs(const std::string& worker,
                                          const std::vector<store::Settlement>& settlements);
  /// Puts the `sending` jobs of `holder` back to `unsent` (keeping their
  /// attempts): one worker's, or with `whole_node` those of every worker
  /// named `holder/…`. Answers how many.
  Result<std::int64_t> release_jobs(const std::string& holder, bool whole_node);

  // The operator's side of the queue (`jobs` subcommands, metrics;
  // db/postgres_job_admin.cpp).

  /// Jobs per status and the oldest unsent job's age.
  Result<store::JobStats> job_stats();
  /// Payload counts and bytes and jobs by proof state, in one read of
  /// every job (an operator's question).
  Result<store::HistoryStats> history_stats();
  /// The full txid of the one job whose txid starts with `prefix` (8..64
  /// lowercase hex): not_found when none does, invalid_argument when the
  /// prefix is malformed or several do (give more characters).
  Result<std::string> job_txid(const std::string& prefix);
  /// Retention: drops the payload of at most `batch` completed jobs whose
  /// proof was confirmed more than `retain_days` days ago (the row stays);
  /// answers how many. Drops nothing while another node holds the turn.
  Result<std::int64_t> drop_old_payloads(int retain_days, int batch);
  /// Jobs newest first (all fields but the payload), of one status (and
  /// one proof state) or all.
  Result<Records> list_jobs(const std::optional<std::string>& status, std::int64_t limit,
                            const std::optional<std::string>& proof_state = std::nullopt);
  /// One job as list_jobs shows it, plus its action's status; nullopt if none.
  Result<std::optional<json>> find_job(const std::string& txid);
  /// Puts a failed job without outpoints back to `unsent` (attempts 0,
  /// last_error naming `who`), its failed action back to `sending`, and
  /// wakes the workers; one statement. not_found without such a job,
  /// conflict when it is not failed or is auto-funded.
  Result<json> requeue_job(const std::string& txid, const std::string& who);
  /// Rolls an `unsent` or `in_doubt` job back as if ARC had rejected it
  /// (inputs pending under its fund_ref spendable, change deleted, action
  /// and job failed, last_error naming `who` and `reason`): the one
  /// rollback without ARC's verdict; one statement. not_found without such
  /// a job, conflict for any other status. Answers what it did.
  Result<json> abandon_job(const std::string& txid, const std::string& who,
                           const std::string& reason);
  /// Runs every invariant query (store/invariants.hpp) in one repeatable-read,
  /// read-only snapshot; one result per invariant, in order.
  Result<std::vector<store::Violation>> check_invariants(const store::InvariantLimits& limits);

  // Proof tracking (store/proof_tracking.hpp; db/postgres_proofs.cpp).

  /// Takes up to `limit` txids whose status check is due (SKIP LOCKED), moves
  /// their next check `lease` seconds ahead and counts the check; those with
  /// `max_checks` used up are marked `attention` instead.
  Result<store::ProofClaim> claim_proof_checks(const std::string& who, int limit, double lease,
                                               int max_checks);
  /// Applies one status report by store::decide, guarded on the state it
  /// was decided from. not_found for an unknown txid, conflict while its
  /// job is not yet broadcast, invalid_argument for a merkle path that does
  /// not prove the txid (nothing changed but, for the tracker's own check,
  /// the time of the next check) or for a block other than the one
  /// remembered at its height in wallet_block_headers (nothing changed).
  Result<store::Transition> apply_status_report(const store::StatusReport& report,
                                                const store::ReportPolicy& policy);

  /// The header remembered for `height` (an empty root when none).
  Result<store::BlockHeader> find_block_header(std::int64_t height);
  /// Remembers a header a header source confirmed, replacing the one of its
  /// height; when it replaced another root or hash (a reorg) the proofs
  /// stored at that height for another block go back to tracking (action
  /// unproven, checked at once). One statement; answers how many went back.
  Result<std::int64_t> remember_block_header(const store::BlockHeader& header);

 protected:
  Result<json> do_store_action(const json& action) override;
  Result<Records> do_find_actions(const store::ActionQuery& query) override;
  Result<std::int64_t> do_count_actions(const store::ActionQuery& query) override;
  Result<json> do_update_action_status(const std::string& txid, const std::string& status) override;
  Result<bool> do_delete_action(const std::string& txid) override;
  Result<json> do_store_output(const json& output) override;
  Result<Records> do_find_outputs(const store::OutputQuery& query) override;
  Result<std::int64_t> do_count_outputs(const store::OutputQuery& query) override;
  Result<bool> do_delete_output(const std::string& outpoint) override;
  Result<json> do_update_output_basket(const std::string& outpoint,
                                       const std::string& basket) override;
  Result<json> do_update_output_state(const std::string& outpoint, store::OutputState state,
                                      const std::optional<std::string>& reference,
                                      bool no_send) override;
  Result<std::vector<std::string>> do_lock_utxos(const std::vector<std::string>& outpoints,
                                                 const std::string& reference,
                                                 bool no_send) override;
  Result<Records> do_find_spendable_outputs(const store::SpendableQuery& query) override;
  Result<store::Allocation> do_allocate_utxos(const store::AllocationRequest& request) override;
  Result<std::int64_t> do_release_stale_pending(double timeout_seconds) override;
  Result<json> do_store_certificate(const json& certificate) override;
  Result<Records> do_find_certificates(const store::CertificateQuery& query) override;
  Result<std::int64_t> do_count_certificates(const store::CertificateQuery& query) override;
  Result<bool> do_delete_certificate(const std::string& type, const std::string& serial_number,
                                     const std::string& certifier) override;
  Result<bool> do_store_proof(const std::string& txid, const std::string& bump_hex) override;
  Result<std::optional<std::string>> do_find_proof(const std::string& txid) override;
  Result<bool> do_store_transaction(const std::string& txid, const std::string& tx_hex) override;
  Result<std::optional<std::string>> do_find_transaction(const std::string& txid) override;
  Result<bool> do_store_setting(const std::string& key, const json& value) override;
  Result<std::optional<json>> do_find_setting(const std::string& key) override;
  Result<json> do_enqueue(const store::EnqueueRequest& request) override;
  Result<std::optional<std::string>> do_broadcast_status(const std::string& txid) override;

 private:
  /// Runs the embedded query `name` (db/sql/<name>.sql).
  pqxx::result run(const std::string& name, const SqlParams& params);
  /// Runs a query built at run time; `name` keys it for logs and metrics.
  pqxx::result run_built(const std::string& name, const std::string& sql, const SqlParams& params);
  /// Calls `body`, retrying deadlocks and serialization failures, and turns
  /// any exception into an Error naming `what`.
  template <typename T, typename Body>
  Result<T> guarded(const char* what, Body&& body);

  PgSession session_;
};

template <typename T, typename Body>
Result<T> PostgresStore::guarded(const char* what, Body&& body) {
  constexpr int kAttempts = 3;  // for deadlocks and serialization failures
  for (int attempt = 1;; ++attempt) {
    try {
      return Result<T>(body());
    } catch (const std::exception& e) {
      if (attempt < kAttempts && is_retryable(e)) continue;
      if (is_connection_lost(e)) session_.reset();
      return classify(e, what);
    }
  }
}

/// Why the job of `txid` in `status` (`funded`: it carries outpoints)
/// cannot be re-queued, or nullopt when it can (broadcast-queue.md,
/// "Operator re-queue").
std::optional<std::string> requeue_refusal(const std::string& txid, const std::string& status,
                                           bool funded);

}  // namespace bsv::db
