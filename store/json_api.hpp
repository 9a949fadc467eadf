#pragma once
/// The Store methods as JSON calls (node-interface.md, "JSON methods"): one
/// argument object in, one JSON result out. Shared by `call` and, later,
/// every front end that speaks JSON.

#include <string>
#include <vector>

#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::store {

/// Names of every method reachable through call_method (the Store's and
/// the queue's enqueue / broadcast_status), sorted.
const std::vector<std::string>& store_method_names();

/// True when `method` is one of store_method_names().
bool is_store_method(const std::string& method);

/// Calls `method` with the keys of `args` as its arguments. Query and
/// argument objects refuse unknown keys and wrong JSON types with
/// invalid_argument naming the key; record arguments keep unknown keys.
/// Queue methods need `queue` (null: invalid_argument, as for a memory store).
/// Precondition: is_store_method(method).
Result<json> call_method(Store& store, BroadcastQueue* queue, const std::string& method, const json& args);

/// Parses JSON text strictly: invalid UTF-8, lone surrogates, trailing
/// garbage and nesting deeper than kMaxJsonDepth are refused. Returns
/// nullopt with `error` set on failure. Never throws.
std::optional<json> parse_json_text(const std::string& text, std::string& error);

}  // namespace bsv::store
