#pragma once
/// The one CAF type-ID block of the project: every value type any of our
/// protocols carries (store, queue, ARC), registered in one place so that
/// both ends of the network agree (node/actor_system_setup.cpp adds them to
/// every actor system). Protocol headers include it.

#include <caf/type_id.hpp>

#include "messages/arc_wire.hpp"
#include "messages/queue_wire.hpp"
#include "messages/store_wire.hpp"

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
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::InvariantLimits))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::violation_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::job_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::settlement_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::arc_request))
CAF_ADD_TYPE_ID(bsv_store, (bsv::messages::verdict_list))
CAF_ADD_TYPE_ID(bsv_store, (bsv::arc::HttpAnswer))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::AllocationRequest))
CAF_ADD_TYPE_ID(bsv_store, (bsv::store::BlockHeader))
CAF_ADD_TYPE_ID(bsv_store, (bsv::arc::SourceAnswer))
CAF_END_TYPE_ID_BLOCK(bsv_store)
