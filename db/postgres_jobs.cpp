// PostgresStore: the broadcast workers' side of the queue. Each operation is
// one statement (db/sql/claim_jobs.sql, settle_jobs.sql, ...), so each is
// its own committed transaction.

#include <algorithm>
#include <pqxx/result>

#include "db/postgres_store.hpp"

namespace bsv::db {
namespace {

std::vector<store::ClaimedJob> jobs_of(const pqxx::result& rows) {
  std::vector<store::ClaimedJob> jobs;
  jobs.reserve(rows.size());
  for (const auto& row : rows) {
    jobs.push_back(
        {row[0].as<std::int64_t>(), row[1].c_str(), row[2].c_str(), row[3].as<std::int32_t>()});
  }
  // RETURNING keeps no order: oldest first, as claimed.
  std::sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return jobs;
}

SqlParams claim_params(const store::ClaimRequest& request) {
  SqlParams p;
  p.add(request.worker);
  p.add(std::int64_t{request.limit});
  p.add(std::to_string(request.stale_seconds));
  p.add(std::int64_t{request.max_attempts});
  return p;
}

const char* outcome_name(store::Outcome outcome) {
  switch (outcome) {
    case store::Outcome::success:
      return "success";
    case store::Outcome::permanent:
      return "permanent";
    case store::Outcome::transient:
      return "transient";
  }
  return "permanent";
}

}  // namespace

Result<std::vector<store::ClaimedJob>> PostgresStore::claim_jobs(
    const store::ClaimRequest& request) {
  return guarded<std::vector<store::ClaimedJob>>(
      "claim_jobs", [&] { return jobs_of(run("claim_jobs", claim_params(request))); });
}

Result<std::vector<store::ClaimedJob>> PostgresStore::claim_exhausted_jobs(
    const store::ClaimRequest& request) {
  return guarded<std::vector<store::ClaimedJob>>("claim_exhausted_jobs", [&] {
    return jobs_of(run("claim_exhausted_jobs", claim_params(request)));
  });
}

Result<store::SettleReport> PostgresStore::settle_jobs(
    const std::string& worker, const std::vector<store::Settlement>& settlements) {
  if (settlements.empty()) return store::SettleReport{};
  std::vector<std::string> ids, attempts, outcomes, errors, delays, statuses, checks;
  for (const auto& s : settlements) {
    ids.push_back(std::to_string(s.id));
    attempts.push_back(std::to_string(s.attempts));
    outcomes.emplace_back(outcome_name(s.outcome));
    errors.push_back(s.error);
    delays.push_back(std::to_string(s.retry_after));
    statuses.push_back(s.tx_status);
    checks.push_back(std::to_string(s.check_after));
  }
  return guarded<store::SettleReport>("settle_jobs", [&] {
    SqlParams p;
    p.add(worker);
    p.add(to_pg_array(ids));
    p.add(to_pg_array(attempts));
    p.add(to_pg_array(outcomes));
    p.add(to_pg_array(errors));
    p.add(to_pg_array(delays));
    p.add(to_pg_array(statuses));
    p.add(to_pg_array(checks));
    store::SettleReport report;
    for (const auto& row : run("settle_jobs", p)) {
      ++report.settled;
      if (!row[2].as<bool>()) report.missing_actions.emplace_back(row[1].c_str());
      const std::string outcome = row[3].c_str();
      if (outcome == "success") ++report.completed;
      if (outcome == "permanent") ++report.failed;
      if (outcome == "transient") ++report.retried;
    }
    return report;
  });
}

Result<std::int64_t> PostgresStore::release_jobs(const std::string& holder, bool whole_node) {
  return guarded<std::int64_t>("release_jobs", [&] {
    SqlParams p;
    p.add(holder);
    p.add_bool(whole_node);
    return static_cast<std::int64_t>(run("release_jobs", p).affected_rows());
  });
}

}  // namespace bsv::db
