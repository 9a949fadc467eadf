#pragma once
/// The store protocol: one typed actor interface with a message per Store
/// method, used in-process and across CAF's network transport. Include only
/// where actors are defined or called (it pulls in CAF).
///
/// Errors travel as caf::error in the category "bsvstore" whose code is the
/// contract's ErrorCode and whose context holds the message (see
/// store_errors.hpp).

#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/type_id.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "messages/queue_wire.hpp"
#include "messages/store_wire.hpp"

namespace bsv::messages {

// One atom per method (CAF 0.17 atoms: at most 10 characters).
using store_action_atom = caf::atom_constant<caf::atom("st_action")>;
using find_actions_atom = caf::atom_constant<caf::atom("fd_actions")>;
using count_actions_atom = caf::atom_constant<caf::atom("ct_actions")>;
using action_status_atom = caf::atom_constant<caf::atom("up_astatus")>;
using delete_action_atom = caf::atom_constant<caf::atom("dl_action")>;
using store_output_atom = caf::atom_constant<caf::atom("st_output")>;
using find_outputs_atom = caf::atom_constant<caf::atom("fd_outputs")>;
using count_outputs_atom = caf::atom_constant<caf::atom("ct_outputs")>;
using delete_output_atom = caf::atom_constant<caf::atom("dl_output")>;
using output_basket_atom = caf::atom_constant<caf::atom("up_obasket")>;
using output_state_atom = caf::atom_constant<caf::atom("up_ostate")>;
using lock_utxos_atom = caf::atom_constant<caf::atom("lock_utxos")>;
using find_spendable_atom = caf::atom_constant<caf::atom("fd_spend")>;
using release_stale_atom = caf::atom_constant<caf::atom("rl_stale")>;
using store_cert_atom = caf::atom_constant<caf::atom("st_cert")>;
using find_certs_atom = caf::atom_constant<caf::atom("fd_certs")>;
using count_certs_atom = caf::atom_constant<caf::atom("ct_certs")>;
using delete_cert_atom = caf::atom_constant<caf::atom("dl_cert")>;
using store_proof_atom = caf::atom_constant<caf::atom("st_proof")>;
using find_proof_atom = caf::atom_constant<caf::atom("fd_proof")>;
using store_tx_atom = caf::atom_constant<caf::atom("st_tx")>;
using find_tx_atom = caf::atom_constant<caf::atom("fd_tx")>;
using store_setting_atom = caf::atom_constant<caf::atom("st_setting")>;
using find_setting_atom = caf::atom_constant<caf::atom("fd_setting")>;
using enqueue_atom = caf::atom_constant<caf::atom("enqueue")>;
using broadcast_status_atom = caf::atom_constant<caf::atom("bc_status")>;

/// The node's typed interface: every Store method, with its arguments and
/// answer, plus enqueue and broadcast_status of the broadcast queue.
using store_api = caf::typed_actor<
    caf::replies_to<store_action_atom, record>::with<record>,
    caf::replies_to<find_actions_atom, action_query>::with<record_list>,
    caf::replies_to<count_actions_atom, action_query>::with<std::int64_t>,
    caf::replies_to<action_status_atom, std::string, std::string>::with<record>,
    caf::replies_to<delete_action_atom, std::string>::with<bool>,
    caf::replies_to<store_output_atom, record>::with<record>,
    caf::replies_to<find_outputs_atom, output_query>::with<record_list>,
    caf::replies_to<count_outputs_atom, output_query>::with<std::int64_t>,
    caf::replies_to<delete_output_atom, std::string>::with<bool>,
    caf::replies_to<output_basket_atom, std::string, std::string>::with<record>,
    caf::replies_to<output_state_atom, state_change>::with<record>,
    caf::replies_to<lock_utxos_atom, lock_request>::with<string_list>,
    caf::replies_to<find_spendable_atom, spendable_query>::with<record_list>,
    caf::replies_to<release_stale_atom, double>::with<std::int64_t>,
    caf::replies_to<store_cert_atom, record>::with<record>,
    caf::replies_to<find_certs_atom, certificate_query>::with<record_list>,
    caf::replies_to<count_certs_atom, certificate_query>::with<std::int64_t>,
    caf::replies_to<delete_cert_atom, std::string, std::string, std::string>::with<bool>,
    caf::replies_to<store_proof_atom, std::string, std::string>::with<bool>,
    caf::replies_to<find_proof_atom, std::string>::with<maybe_text>,
    caf::replies_to<store_tx_atom, std::string, std::string>::with<bool>,
    caf::replies_to<find_tx_atom, std::string>::with<maybe_text>,
    caf::replies_to<store_setting_atom, std::string, record>::with<bool>,
    caf::replies_to<find_setting_atom, std::string>::with<maybe_text>,
    // The queue protocol: the wallet-facing half of the broadcast queue.
    caf::replies_to<enqueue_atom, enqueue_request>::with<record>,
    caf::replies_to<broadcast_status_atom, std::string>::with<maybe_text>>;

// The broadcast workers' side of the queue (store/jobs.hpp): in-process only.
using claim_jobs_atom = caf::atom_constant<caf::atom("claim")>;
using claim_stuck_atom = caf::atom_constant<caf::atom("claim_stk")>;
using settle_jobs_atom = caf::atom_constant<caf::atom("settle")>;
using release_jobs_atom = caf::atom_constant<caf::atom("release")>;
using job_stats_atom = caf::atom_constant<caf::atom("job_stats")>;
using claim_proofs_atom = caf::atom_constant<caf::atom("claim_prf")>;
using apply_report_atom = caf::atom_constant<caf::atom("apply_rep")>;

/// The store actor as the broadcast queue sees it in-process: the store
/// protocol plus claiming, settling and releasing jobs (PostgresStore's
/// claim_jobs, claim_exhausted_jobs, settle_jobs, release_jobs), the
/// queue's counts for the node's metrics (job_stats), and proof tracking
/// (claim_proof_checks: who, limit, lease, max checks; apply_status_report,
/// answering the store::Transition as an integer).
using queue_store_api =
    store_api::extend<caf::replies_to<claim_jobs_atom, store::ClaimRequest>::with<job_list>,
                      caf::replies_to<claim_stuck_atom, store::ClaimRequest>::with<job_list>,
                      caf::replies_to<settle_jobs_atom, settle_batch>::with<store::SettleReport>,
                      caf::replies_to<release_jobs_atom, std::string, bool>::with<std::int64_t>,
                      caf::replies_to<job_stats_atom>::with<store::JobStats>,
                      caf::replies_to<claim_proofs_atom, std::string, std::int32_t, double,
                                      std::int32_t>::with<store::ProofClaim>,
                      caf::replies_to<apply_report_atom, store::StatusReport,
                                      store::ReportPolicy>::with<std::int32_t>>;

/// What the store actor says to its workers besides that: several queued
/// store_output requests written in one statement.
using store_outputs_atom = caf::atom_constant<caf::atom("st_outputs")>;
using store_worker_api =
    queue_store_api::extend<caf::replies_to<store_outputs_atom, record_list>::with<batch_outcome>>;

// The ARC client actor (actors/arc_actor.hpp).
using arc_submit_atom = caf::atom_constant<caf::atom("arc_submit")>;
using arc_status_atom = caf::atom_constant<caf::atom("arc_status")>;
using arc_api =
    caf::typed_actor<caf::replies_to<arc_submit_atom, arc_request>::with<verdict_list>,
                     caf::replies_to<arc_status_atom, std::string>::with<arc::HttpAnswer>>;

}  // namespace bsv::messages

CAF_BEGIN_TYPE_ID_BLOCK(bsv_store, caf::first_custom_type_id)
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::record))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::record_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::string_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::maybe_text))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::action_query))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::output_query))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::certificate_query))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::spendable_query))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::state_change))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::lock_request))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::batch_outcome))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::enqueue_request))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ClaimRequest))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::SettleReport))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::JobStats))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::StatusReport))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ReportPolicy))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ProofClaim))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::job_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::settle_batch))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::arc_request))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::verdict_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::arc::HttpAnswer))
CAF_END_TYPE_ID_BLOCK(bsv_store)
