// PostgresStore: the broadcast workers' side of the queue. Each operation is
// one statement (db/sql/claim_jobs.sql, settle_jobs.sql, ...), so each is
// its own committed transaction.

#include <algorithm>
#include <pqxx/result>

#include "db/postgres_store.hpp"

namespace bsv::db {
namespace {

// Rows of id, txid, beef_hex, attempts and, for doubt checks, doubt_checks,
// past_horizon and arc_endpoint.
std::vector<store::ClaimedJob> jobs_of(const pqxx::result& rows) {
  std::vector<store::ClaimedJob> jobs;
  jobs.reserve(rows.size());
  for (const auto& row : rows) {
    store::ClaimedJob job;
    job.id = row[0].as<std::int64_t>();
    job.txid = row[1].c_str();
    job.beef_hex = row[2].c_str();
    job.attempts = row[3].as<std::int32_t>();
    if (row.size() > 5) {
      job.doubt_checks = row[4].as<std::int32_t>();
      job.past_horizon = row[5].as<bool>();
      if (row.size() > 6 && !row[6].is_null()) job.arc_endpoint = row[6].c_str();
    }
    jobs.push_back(std::move(job));
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

std::string joined(const std::vector<std::string>& txids) {
  std::string out;
  for (const auto& txid : txids) out += (out.empty() ? "" : ",") + txid;
  return out;
}

void count_settled(store::SettleReport& report, const std::string& outcome) {
  ++report.settled;
  if (outcome == "accepted") ++report.completed;
  if (outcome == "rejected") ++report.failed;
  if (outcome == "lost_double_spend") ++report.lost;
  if (outcome == "transient") ++report.retried;
  if (outcome == "unknown") ++report.in_doubt;
}

}  // namespace

Result<std::vector<store::ClaimedJob>> PostgresStore::claim_jobs(
    const store::ClaimRequest& request) {
  return guarded<std::vector<store::ClaimedJob>>(
      "claim_jobs", [&] { return jobs_of(run("claim_jobs", claim_params(request))); });
}

Result<std::vector<std::string>> PostgresStore::doubt_stuck_jobs(const store::ClaimRequest& request,
                                                                 double first_check) {
  return guarded<std::vector<std::string>>("doubt_stuck_jobs", [&] {
    auto p = claim_params(request);
    p.add(std::to_string(first_check));
    std::vector<std::string> txids;
    for (const auto& row : run("doubt_stuck_jobs", p)) txids.emplace_back(row[0].c_str());
    return txids;
  });
}

Result<std::vector<store::ClaimedJob>> PostgresStore::claim_doubt_checks(const std::string& who,
                                                                         int limit, double lease,
                                                                         double horizon) {
  return guarded<std::vector<store::ClaimedJob>>("claim_doubt_checks", [&] {
    SqlParams p;
    p.add(who);
    p.add(std::int64_t{limit});
    p.add(std::to_string(lease));
    p.add(std::to_string(horizon));
    return jobs_of(run("claim_doubt_checks", p));
  });
}

Result<store::SettleReport> PostgresStore::settle_jobs(
    const std::string& worker, const std::vector<store::Settlement>& settlements) {
  if (settlements.empty()) return store::SettleReport{};
  std::vector<std::string> ids, attempts, outcomes, errors, delays, statuses, checks, competing,
      endpoints;
  for (const auto& s : settlements) {
    ids.push_back(std::to_string(s.id));
    attempts.push_back(std::to_string(s.attempts));
    outcomes.emplace_back(store::to_string(s.outcome));
    competing.push_back(joined(s.competing_txids));
    errors.push_back(s.error);
    delays.push_back(std::to_string(s.retry_after));
    statuses.push_back(s.tx_status);
    checks.push_back(std::to_string(s.check_after));
    endpoints.push_back(s.arc_endpoint);
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
    p.add(to_pg_array(competing));
    p.add(to_pg_array(endpoints));
    store::SettleReport report;
    for (const auto& row : run("settle_jobs", p)) {
      if (!row[2].as<bool>()) report.missing_actions.emplace_back(row[1].c_str());
      count_settled(report, row[3].c_str());
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
