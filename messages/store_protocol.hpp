#pragma once
/// The store protocol: typed actor interfaces derived from the method table
/// (store_methods.def): one message per method, its arguments and answer as
/// they travel (store_wire.hpp), used in-process and across CAF's network
/// transport. Include only where actors are defined or called (it pulls in
/// CAF).
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
#include "messages/store_methods.hpp"
#include "messages/store_wire.hpp"

namespace bsv::messages {

namespace detail {
// The typed-actor signature of one method: its atom and its parameters
// as they travel, answered by its answer as it travels.
template <class Method, class Signature = typename Method::signature>
struct replies_of;
template <class Method, class Answer, class... Params>
struct replies_of<Method, Result<Answer>(Params...)> {
  using type = typename caf::replies_to<typename Method::atom,
                                        wire_t<Params>...>::template with<wire_t<Answer>>;
};

template <class List, class... Extra>
struct typed_api;
template <class... Methods, class... Extra>
struct typed_api<method_list<Methods...>, Extra...> {
  using type = caf::typed_actor<typename replies_of<Methods>::type..., Extra...>;
};
}  // namespace detail

/// The node's typed interface: what a wallet may call (every Store method
/// and the queue's enqueue and broadcast_status), local or remote.
using store_api = typename detail::typed_api<wallet_methods>::type;

/// The store actor as the broadcast queue's actors see it in-process: the
/// wallet's methods and the jobs' (claims, settlements, releases, job
/// counts for the metrics, proof tracking).
using queue_store_api = typename detail::typed_api<all_methods>::type;

/// What the store actor says to its workers besides that: several queued
/// store_output requests written in one statement.
using store_outputs_atom = caf::atom_constant<caf::atom("st_outputs")>;
using store_worker_api = typename detail::typed_api<
    all_methods, caf::replies_to<store_outputs_atom, record_list>::with<batch_outcome>>::type;

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
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::maybe_text))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::batch_outcome))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ActionQuery))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::OutputQuery))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::CertificateQuery))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::SpendableQuery))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::EnqueueRequest))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ClaimRequest))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::SettleReport))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::JobStats))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::StatusReport))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ReportPolicy))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::ProofClaim))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::job_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::settlement_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::arc_request))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::verdict_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::arc::HttpAnswer))
CAF_END_TYPE_ID_BLOCK(bsv_store)
