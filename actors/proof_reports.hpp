#pragma once
/// What applying a status report did, told the same way whether it came
/// from the tracker's check or an ARC callback: a metric and, for the
/// transitions that matter, a log line with the txid.

#include "arc/header_source.hpp"
#include "common/result.hpp"
#include "metrics/registry.hpp"
#include "store/proof_tracking.hpp"

namespace bsv::actors {

/// Counts `bsv_proof_reports_total{result}` and logs proven, unproven and
/// failed transactions. `source`: "tracker" or "callback".
void note_report(metrics::Registry& metrics, const store::StatusReport& report,
                 store::Transition transition, const char* source);

/// The events of proof tracking counted besides the transitions.
constexpr const char* kReportRefused = "refused";            ///< a report not applied
constexpr const char* kReportCheckFailed = "check_failed";   ///< ARC did not answer a check
constexpr const char* kReportGaveUp = "gave_up";             ///< checks used up: attention
constexpr const char* kReportUnauthorized = "unauthorized";  ///< a callback without the token
constexpr const char* kReportUnverified = "unverified";  ///< the header source could not say yet

/// Counts one event of proof tracking in `bsv_proof_reports_total{result}`.
void count_report(metrics::Registry& metrics, const char* result);

/// Creates every series of bsv_proof_reports_total (at zero), so that they
/// are there from start-up.
void announce_report_series(metrics::Registry& metrics);

/// Counts and logs a MINED report the header source did not confirm:
/// refused (logged at warn level with the txid and both roots) or
/// unverifiable (checked again later).
void note_header_verdict(metrics::Registry& metrics, const store::StatusReport& report,
                         const arc::RootClaim& claim, const arc::SourceAnswer& said,
                         const char* source);

/// Counts a report that could not be applied and logs why.
void note_refused_report(metrics::Registry& metrics, const store::StatusReport& report,
                         const Error& error, const char* source);

}  // namespace bsv::actors
