// PostgresStore: proof tracking. Claiming due checks is one statement;
// applying a report reads the txid's tracking state, decides (store::decide)
// and writes in one statement guarded on what it read, again if another
// report moved the txid meanwhile.

#include <pqxx/result>

#include "db/postgres_store.hpp"

namespace bsv::db {
namespace {

using store::Transition;

constexpr int kApplyTries = 5;

const char* transition_name(Transition t) {
  switch (t) {
    case Transition::ignore:
    case Transition::record_status:
      return "record_status";
    case Transition::prove:
      return "prove";
    case Transition::unprove:
      return "unprove";
    case Transition::fail:
      return "fail";
  }
  return "record_status";
}

// When the txid is checked next after `t`: seconds, or none (nullopt).
std::optional<double> next_check(Transition t, const std::string& state_before,
                                 const store::ReportPolicy& policy) {
  switch (t) {
    case Transition::prove:
      // Polling alone learns of a reorg only by looking once more.
      return policy.from_tracker ? std::optional<double>(policy.interval) : std::nullopt;
    case Transition::unprove:
      return policy.first_check;
    case Transition::fail:
      return std::nullopt;
    case Transition::ignore:
    case Transition::record_status:
      // A proven txid's confirmation came back unchanged: done.
      if (state_before == "proven") return std::nullopt;
      // Checked a block from now; a callback also pushes the check back,
      // since ARC is evidently telling us about this txid.
      return policy.interval;
  }
  return std::nullopt;
}

std::optional<std::string> text_or_null(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<std::string>(f.c_str());
}

}  // namespace

Result<store::ProofClaim> PostgresStore::claim_proof_checks(const std::string& who, int limit,
                                                            double lease, int max_checks) {
  return guarded<store::ProofClaim>("claim_proof_checks", [&] {
    SqlParams p;
    p.add(who);
    p.add(std::int64_t{limit});
    p.add(std::to_string(lease));
    p.add(std::int64_t{max_checks});
    store::ProofClaim claim;
    for (const auto& row : run("claim_proof_checks", p)) {
      if (row[2].as<bool>()) {
        claim.to_check.emplace_back(row[0].c_str());
        claim.endpoints.emplace_back(row[3].is_null() ? "" : row[3].c_str());
      } else if (!row[1].is_null() && std::string(row[1].c_str()) == "attention") {
        claim.gave_up.emplace_back(row[0].c_str());
      }
    }
    return claim;
  });
}

Result<Transition> PostgresStore::apply_status_report(const store::StatusReport& report,
                                                      const store::ReportPolicy& policy) {
  for (int attempt = 0; attempt < kApplyTries; ++attempt) {
    SqlParams find;
    find.add(report.txid);
    auto rows = guarded<pqxx::result>("apply_status_report",
                                      [&] { return run("find_proof_tracking", find); });
    if (!rows) return rows.error();
    if (rows->empty()) {
      return Error{ErrorCode::not_found, "no broadcast job for txid " + report.txid};
    }
    const auto& row = (*rows)[0];
    if (row[0].is_null()) {
      return Error{ErrorCode::conflict,
                   "txid " + report.txid + " is not broadcast yet; report it again later"};
    }
    const store::TrackedTx current{row[0].c_str(), row[1].is_null() ? "" : row[1].c_str(),
                                   row[2].is_null() ? "" : row[2].c_str(), row[3].as<double>()};
    Transition t = store::decide(current, report, policy.double_spend_grace);
    std::optional<Error> refused;
    if (t == Transition::prove) {
      if (auto why = store::check_merkle_path(report)) {
        refused = Error{ErrorCode::invalid_argument, *why};
        if (!policy.from_tracker) return *refused;
        t = Transition::ignore;  // the tracker's check still counts: schedule the next one
      }
    }
    if (t == Transition::ignore && !policy.from_tracker) return t;  // nothing to write

    std::string status = report.tx_status;
    if (t == Transition::ignore) status = current.arc_status;  // only the schedule moves
    const auto next = next_check(t, current.proof_state, policy);
    SqlParams p;
    p.add(report.txid);
    p.add(std::optional<std::string>(current.proof_state));
    p.add(text_or_null(row[1]));
    p.add(text_or_null(row[2]));
    p.add(std::string(transition_name(t)));
    p.add(status.empty() ? std::nullopt : std::optional<std::string>(status));
    p.add(report.block_hash.empty() ? std::nullopt : std::optional<std::string>(report.block_hash));
    p.add(report.block_height < 0
              ? std::nullopt
              : std::optional<std::string>(std::to_string(report.block_height)));
    p.add(report.merkle_path);
    p.add("ARC reported " + report.tx_status + " after accepting the transaction" +
          (report.extra_info.empty() ? std::string() : ": " + report.extra_info));
    p.add(next ? std::optional<std::string>(std::to_string(*next)) : std::nullopt);
    auto applied = guarded<std::int64_t>("apply_status_report", [&] {
      const auto outcome = run("apply_proof_report", p);
      return outcome[0][1].as<bool>() ? -1 : outcome[0][0].as<std::int64_t>();
    });
    if (!applied) return applied.error();
    if (*applied < 0) {
      return Error{ErrorCode::invalid_argument,
                   "block " + report.block_hash + " is not the block remembered at height " +
                       std::to_string(report.block_height) + " (reorganised away)"};
    }
    if (*applied == 1) {
      if (refused) return *refused;
      return t;
    }
  }
  return Error{ErrorCode::conflict,
               "txid " + report.txid + " keeps changing; report it again later"};
}

Result<store::BlockHeader> PostgresStore::find_block_header(std::int64_t height) {
  return guarded<store::BlockHeader>("find_block_header", [&] {
    SqlParams p;
    p.add(std::to_string(height));
    store::BlockHeader header;
    header.height = height;
    const auto rows = run("find_block_header", p);
    if (!rows.empty()) {
      header.merkle_root = rows[0][0].c_str();
      header.block_hash = rows[0][1].is_null() ? "" : rows[0][1].c_str();
    }
    return header;
  });
}

Result<std::int64_t> PostgresStore::remember_block_header(const store::BlockHeader& header) {
  if (header.height < 0 || header.merkle_root.empty()) {
    return invalid_argument("remember_block_header: a height and a merkle root are required");
  }
  return guarded<std::int64_t>("remember_block_header", [&] {
    SqlParams p;
    p.add(std::to_string(header.height));
    p.add(header.merkle_root);
    p.add(header.block_hash.empty() ? std::nullopt : std::optional<std::string>(header.block_hash));
    return run("remember_block_header", p)[0][0].as<std::int64_t>();
  });
}

}  // namespace bsv::db
