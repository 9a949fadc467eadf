#pragma once
/// The wallet's methods as JSON calls (node-interface.md, "JSON methods"):
/// one argument object in, one JSON result out, for every row of the method
/// table's Store and queue methods. Used by `call` and the fuzz targets. No
/// CAF.

#include <string>
#include <vector>

#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::messages {

/// Names of every method reachable through call_method (the Store's and
/// the queue's enqueue / broadcast_status), sorted.
const std::vector<std::string>& json_method_names();

/// True when `method` is one of json_method_names().
bool is_json_method(const std::string& method);

/// Calls `method` with the keys of `args` as its arguments: a parameter is
/// read from the key of its name (store_methods.def), a record or query
/// that is a method's only parameter from the whole object. Unknown keys
/// and wrong JSON types are invalid_argument naming the key; records keep
/// their unknown keys. Queue methods need `queue` (null: invalid_argument,
/// as for a memory store); an unknown method is invalid_argument.
Result<store::json> call_method(store::Store& store, store::BroadcastQueue* queue,
                                const std::string& method, const store::json& args);

}  // namespace bsv::messages
