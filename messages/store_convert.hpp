#pragma once
/// Conversions between the Store contract's types and the wire structs of
/// the store protocol. Pure functions, no CAF.

#include "messages/store_wire.hpp"
#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::messages {

action_query to_wire(const store::ActionQuery& query);
output_query to_wire(const store::OutputQuery& query);
certificate_query to_wire(const store::CertificateQuery& query);
spendable_query to_wire(const store::SpendableQuery& query);

store::ActionQuery from_wire(const action_query& query);
store::OutputQuery from_wire(const output_query& query);
/// Fails (invalid_argument) when the attribute name and value lists differ in length.
store::Result<store::CertificateQuery> from_wire(const certificate_query& query);
store::SpendableQuery from_wire(const spendable_query& query);

enqueue_request to_wire(const store::EnqueueRequest& request);
store::EnqueueRequest from_wire(const enqueue_request& request);

record to_wire(const store::json& value);
record_list to_wire(const store::Records& records);

/// Parses a record received from the network strictly (see parse_json_text);
/// invalid_argument naming `what` when it is not valid JSON.
store::Result<store::json> from_wire(const record& value, const char* what);
/// Records answered by a store; they were valid when stored.
store::Result<store::Records> from_wire(const record_list& records);

}  // namespace bsv::messages
