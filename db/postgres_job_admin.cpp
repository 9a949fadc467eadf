// PostgresStore: the operator's side of the broadcast queue (`jobs`
// subcommands and the node's metrics). Each operation is one statement.

#include <pqxx/result>

#include "db/postgres_store.hpp"

namespace bsv::db {

Result<store::JobStats> PostgresStore::job_stats() {
  return guarded<store::JobStats>("job_stats", [&] {
    store::JobStats stats;
    for (const auto& row : run("job_stats", SqlParams{})) {
      const std::string status = row[0].c_str();
      const auto jobs = row[1].as<std::int64_t>();
      if (status == "unsent") stats.unsent = jobs;
      if (status == "sending") stats.sending = jobs;
      if (status == "completed") stats.completed = jobs;
      if (status == "failed") stats.failed = jobs;
      if (status == "in_doubt") stats.in_doubt = jobs;
      if (!row[2].is_null()) stats.oldest_unsent_seconds = row[2].as<double>();
    }
    return stats;
  });
}

Result<store::HistoryStats> PostgresStore::history_stats() {
  return guarded<store::HistoryStats>("history_stats", [&] {
    store::HistoryStats stats;
    for (const auto& row : run("history_stats", SqlParams{})) {
      stats.with_payload += row[2].as<std::int64_t>();
      stats.payload_bytes += row[3].as<std::int64_t>();
      stats.payload_dropped += row[4].as<std::int64_t>();
      if (!row[0].is_null())
        stats.proof_states.emplace_back(row[0].c_str(), row[1].as<std::int64_t>());
    }
    return stats;
  });
}

Result<std::string> PostgresStore::job_txid(const std::string& prefix) {
  const bool hex = prefix.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (prefix.size() < 8 || prefix.size() > 64 || !hex) {
    return invalid_argument("txid: '" + prefix +
                            "' is neither a txid nor a prefix of one (8 to 64 lowercase hex)");
  }
  auto found = guarded<std::vector<std::string>>("job_txid", [&] {
    SqlParams p;
    p.add(prefix);
    std::vector<std::string> txids;
    for (const auto& row : run("find_txids_by_prefix", p)) txids.emplace_back(row[0].c_str());
    return txids;
  });
  if (!found) return found.error();
  if (found->empty())
    return not_found("no job for txid " + prefix + (prefix.size() < 64 ? "…" : ""));
  if (found->size() > 1) {
    return invalid_argument("txid: prefix " + prefix + " matches several jobs (" + found->at(0) +
                            ", " + found->at(1) + ", …): give more characters");
  }
  return found->front();
}

Result<std::int64_t> PostgresStore::drop_old_payloads(int retain_days, int batch) {
  return guarded<std::int64_t>("drop_old_payloads", [&] {
    SqlParams p;
    p.add(std::int64_t{retain_days});
    p.add(std::int64_t{batch});
    return static_cast<std::int64_t>(run("drop_old_payloads", p).size());
  });
}

Result<Records> PostgresStore::list_jobs(const std::optional<std::string>& status,
                                         std::int64_t limit,
                                         const std::optional<std::string>& proof_state) {
  return guarded<Records>("list_jobs", [&] {
    SqlParams p;
    p.add(status);
    p.add(limit);
    p.add(proof_state);
    Records jobs;
    for (const auto& row : run("list_jobs", p)) jobs.push_back(json::parse(row[0].c_str()));
    return jobs;
  });
}

Result<std::optional<json>> PostgresStore::find_job(const std::string& txid) {
  return guarded<std::optional<json>>("find_job", [&] {
    SqlParams p;
    p.add(txid);
    const auto rows = run("find_job", p);
    return rows.empty() ? std::nullopt : std::optional<json>(json::parse(rows[0][0].c_str()));
  });
}

Result<json> PostgresStore::requeue_job(const std::string& txid, const std::string& who) {
  auto rows = guarded<pqxx::result>("requeue_job", [&] {
    SqlParams p;
    p.add(txid);
    p.add(who);
    return run("requeue_job", p);
  });
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::not_found, "no job for txid " + txid};
  const auto& row = (*rows)[0];
  const std::string before = row[0].c_str();
  if (row[2].as<bool>()) {
    return json{{"txid", txid},
                {"status", "unsent"},
                {"was", before},
                {"action_reset", row[3].as<std::int64_t>() > 0}};
  }
  return Error{ErrorCode::conflict,
               requeue_refusal(txid, before, row[1].as<bool>())
                   .value_or("job " + txid + " changed while it was re-queued; try again")};
}

std::optional<std::string> requeue_refusal(const std::string& txid, const std::string& status,
                                           bool funded) {
  if (status != "failed") {
    return "job " + txid + " is " + status + ": only a failed job can be re-queued";
  }
  if (funded) {
    return "job " + txid +
           " is auto-funded: its change was deleted and its inputs released when it failed, so "
           "the wallet must create the action again";
  }
  return std::nullopt;
}

Result<json> PostgresStore::abandon_job(const std::string& txid, const std::string& who,
                                        const std::string& reason) {
  auto rows = guarded<pqxx::result>("abandon_job", [&] {
    SqlParams p;
    p.add(txid);
    p.add(who);
    p.add(reason);
    return run("abandon_job", p);
  });
  if (!rows) return rows.error();
  if (rows->empty()) return Error{ErrorCode::not_found, "no job for txid " + txid};
  const auto& row = (*rows)[0];
  const std::string before = row[0].c_str();
  if (row[1].as<std::int64_t>() == 0) {
    return Error{ErrorCode::conflict,
                 "job " + txid + " is " + before +
                     (before == "sending" ? ": a worker holds it; try again once it is settled"
                                          : ": only an unsent or in_doubt job can be abandoned")};
  }
  return json{{"txid", txid},
              {"status", "failed"},
              {"was", before},
              {"inputs_released", row[2].as<std::int64_t>()},
              {"change_deleted", row[3].as<std::int64_t>()},
              {"action_failed", row[4].as<std::int64_t>() > 0}};
}

}  // namespace bsv::db
