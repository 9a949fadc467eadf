#include "actors/proof_reports.hpp"

#include "common/log.hpp"

namespace bsv::actors {
namespace {

const char* result_name(store::Transition t) {
  switch (t) {
    case store::Transition::ignore:
      return "ignored";
    case store::Transition::record_status:
      return "status";
    case store::Transition::prove:
      return "proven";
    case store::Transition::unprove:
      return "unproven";
    case store::Transition::fail:
      return "failed";
  }
  return "ignored";
}

}  // namespace

metrics::Counter& report_counter(metrics::Registry& metrics, const char* result) {
  return metrics.counter("bsv_proof_reports_total",
                         "ARC status reports (checks and callbacks) by what they did",
                         {{"result", result}});
}

void count_report(metrics::Registry& metrics, const char* result) {
  report_counter(metrics, result).add();
}

void announce_report_series(metrics::Registry& metrics) {
  for (auto t : {store::Transition::record_status, store::Transition::prove,
                 store::Transition::unprove, store::Transition::fail, store::Transition::ignore}) {
    report_counter(metrics, result_name(t));
  }
  for (const char* event : {kReportRefused, kReportCheckFailed, kReportGaveUp, kReportUnauthorized,
                            kReportUnverified}) {
    report_counter(metrics, event);
  }
}

void note_report(metrics::Registry& metrics, const store::StatusReport& report,
                 store::Transition transition, const char* source) {
  count_report(metrics, result_name(transition));
  const nlohmann::json fields = {{"txid", report.txid},
                                 {"arc_status", report.tx_status},
                                 {"block_hash", report.block_hash},
                                 {"block_height", report.block_height},
                                 {"source", source}};
  switch (transition) {
    case store::Transition::prove:
      log::info("proofs", "transaction mined: proof stored, action completed", fields);
      break;
    case store::Transition::unprove:
      log::warn("proofs", "the block of the stored proof went stale: action unproven", fields);
      break;
    case store::Transition::fail:
      log::error("proofs",
                 "ARC reports the transaction failed after accepting it: action failed, outputs "
                 "left as they are for the operator",
                 fields);
      break;
    default:
      break;
  }
}

void note_header_verdict(metrics::Registry& metrics, const store::StatusReport& report,
                         const arc::RootClaim& claim, const arc::SourceAnswer& said,
                         const char* source) {
  const bool refused = said.verdict == arc::RootVerdict::refused;
  count_report(metrics, refused ? kReportRefused : kReportUnverified);
  const nlohmann::json fields = {{"txid", report.txid},
                                 {"block_height", claim.height},
                                 {"claimed_root", claim.merkle_root},
                                 {"source_root", said.merkle_root},
                                 {"block_hash", report.block_hash},
                                 {"source", source},
                                 {"why", said.message}};
  if (refused) {
    log::warn("proofs", "merkle path refused: its root is not the block's in the header source",
              fields);
  } else {
    log::info("proofs", "merkle root not verifiable yet; the proof waits", fields);
  }
}

void note_refused_report(metrics::Registry& metrics, const store::StatusReport& report,
                         const Error& error, const char* source) {
  count_report(metrics, kReportRefused);
  log::warn("proofs", "status report not applied",
            {{"txid", report.txid},
             {"arc_status", report.tx_status},
             {"source", source},
             {"error", error.message}});
}

}  // namespace bsv::actors
