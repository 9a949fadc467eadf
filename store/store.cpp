#include "store/store.hpp"

#include <cmath>
#include <unordered_set>

#include "store/validation.hpp"

namespace bsv::store {
namespace {

Check check_action_query(const ActionQuery& q) {
  if (q.labels) {
    if (auto err = check_labels(*q.labels, "labels")) return err;
  }
  if (q.txid) {
    if (auto err = check_text(*q.txid, "txid", 0, 255)) return err;
  }
  if (q.status) {
    if (auto err = check_text(*q.status, "status", 0, 64)) return err;
  }
  return check_page(q.page);
}

Check check_output_query(const OutputQuery& q) {
  if (q.outpoint) {
    if (auto err = check_text(*q.outpoint, "outpoint", 0, 255)) return err;
  }
  if (q.basket) {
    if (auto err = check_text(*q.basket, "basket", 0, 255)) return err;
  }
  if (q.tags) {
    if (auto err = check_labels(*q.tags, "tags")) return err;
  }
  return check_page(q.page);
}

Check check_names(const std::optional<std::vector<std::string>>& names, const char* key) {
  if (!names) return std::nullopt;
  for (const auto& name : *names) {
    if (auto err = check_text(name, key, 0, 255)) return err;
  }
  return std::nullopt;
}

Check check_certificate_query(const CertificateQuery& q) {
  if (auto err = check_names(q.certifiers, "certifiers")) return err;
  if (auto err = check_names(q.types, "types")) return err;
  if (q.subject) {
    if (auto err = check_text(*q.subject, "subject", 0, 255)) return err;
  }
  for (const auto& [name, value] : q.attributes) {
    if (auto err = check_text(name, "attributes", 0, SIZE_MAX)) return err;
    if (auto err = check_text(value, "attributes", 0, SIZE_MAX)) return err;
  }
  return check_page(q.page);
}

Check check_natural_key(const std::string& type, const std::string& serial,
                        const std::string& certifier) {
  if (auto err = check_text(type, "type", 1, 255)) return err;
  if (auto err = check_text(serial, "serial_number", 1, 255)) return err;
  return check_text(certifier, "certifier", 1, 255);
}

}  // namespace

const char* to_string(OutputState state) {
  switch (state) {
    case OutputState::spendable:
      return "spendable";
    case OutputState::pending:
      return "pending";
    case OutputState::spent:
      return "spent";
  }
  return "spent";
}

std::optional<OutputState> parse_output_state(const std::string& text) {
  if (text == "spendable") return OutputState::spendable;
  if (text == "pending") return OutputState::pending;
  if (text == "spent") return OutputState::spent;
  return std::nullopt;
}

const char* to_string(AllocationStrategy strategy) {
  switch (strategy) {
    case AllocationStrategy::largest_first:
      return "largest_first";
    case AllocationStrategy::smallest_first:
      return "smallest_first";
    case AllocationStrategy::oldest_first:
      return "oldest_first";
  }
  return "largest_first";
}

std::optional<AllocationStrategy> parse_allocation_strategy(const std::string& text) {
  for (auto strategy : {AllocationStrategy::largest_first, AllocationStrategy::smallest_first,
                        AllocationStrategy::oldest_first}) {
    if (text == to_string(strategy)) return strategy;
  }
  return std::nullopt;
}

Error insufficient_funds(const AllocationRequest& request, std::int64_t reachable) {
  std::string which = "the spendable outputs";
  if (request.basket) which += " in basket '" + *request.basket + "'";
  which += " that can be taken (at most " + std::to_string(request.max_outputs);
  if (request.min_satoshis > 0) {
    which += ", each of at least " + std::to_string(request.min_satoshis) + " satoshis";
  }
  return {ErrorCode::insufficient_funds,
          "target_satoshis: " + std::to_string(request.target_satoshis) + " cannot be reached; " +
              which + ") reach " + std::to_string(reachable)};
}

// Each method: validate, then delegate. The macro-free repetition keeps every
// rule visible next to the method it guards.

Result<json> Store::store_action(const json& action) {
  if (auto err = check_action(action)) return *err;
  return do_store_action(action);
}

Result<Records> Store::find_actions(const ActionQuery& query) {
  if (auto err = check_action_query(query)) return *err;
  return do_find_actions(query);
}

Result<std::int64_t> Store::count_actions(const ActionQuery& query) {
  ActionQuery unpaged = query;
  unpaged.page = Page{};  // count ignores limit/offset
  if (auto err = check_action_query(unpaged)) return *err;
  return do_count_actions(unpaged);
}

Result<json> Store::update_action_status(const std::string& txid, const std::string& status) {
  if (auto err = check_txid(txid)) return *err;
  if (auto err = check_text(status, "status", 1, 64)) return *err;
  return do_update_action_status(txid, status);
}

Result<bool> Store::delete_action(const std::string& txid) {
  if (auto err = check_txid(txid)) return *err;
  return do_delete_action(txid);
}

Result<json> Store::store_output(const json& output) {
  if (auto err = check_output(output)) return *err;
  return do_store_output(output);
}

Result<Records> Store::find_outputs(const OutputQuery& query) {
  if (auto err = check_output_query(query)) return *err;
  return do_find_outputs(query);
}

Result<std::int64_t> Store::count_outputs(const OutputQuery& query) {
  OutputQuery unpaged = query;
  unpaged.page = Page{};
  if (auto err = check_output_query(unpaged)) return *err;
  return do_count_outputs(unpaged);
}

Result<bool> Store::delete_output(const std::string& outpoint) {
  if (auto err = check_text(outpoint, "outpoint", 1, 255)) return *err;
  return do_delete_output(outpoint);
}

Result<json> Store::update_output_basket(const std::string& outpoint, const std::string& basket) {
  if (auto err = check_text(outpoint, "outpoint", 1, 255)) return *err;
  if (auto err = check_text(basket, "basket", 1, 255)) return *err;
  return do_update_output_basket(outpoint, basket);
}

Result<json> Store::update_output_state(const std::string& outpoint, OutputState state,
                                        const std::optional<std::string>& pending_reference,
                                        bool no_send) {
  if (auto err = check_text(outpoint, "outpoint", 1, 255)) return *err;
  if (pending_reference) {
    if (auto err = check_text(*pending_reference, "pending_reference", 1, 255)) return *err;
  }
  if (state != OutputState::pending) {
    return do_update_output_state(outpoint, state, std::nullopt, false);
  }
  return do_update_output_state(outpoint, state, pending_reference, no_send);
}

Result<std::vector<std::string>> Store::lock_utxos(const std::vector<std::string>& outpoints,
                                                   const std::string& reference, bool no_send) {
  if (auto err = check_text(reference, "reference", 1, 255)) return *err;
  std::vector<std::string> unique;
  std::unordered_set<std::string> seen;
  for (const auto& outpoint : outpoints) {
    if (auto err = check_text(outpoint, "outpoints", 1, 255)) return *err;
    if (seen.insert(outpoint).second) unique.push_back(outpoint);
  }
  if (unique.empty()) return std::vector<std::string>{};
  auto locked = do_lock_utxos(unique, reference, no_send);
  if (!locked) return locked;
  // Answer in request order whatever order the implementation found them in.
  std::unordered_set<std::string> got(locked->begin(), locked->end());
  std::vector<std::string> ordered;
  for (const auto& outpoint : unique) {
    if (got.count(outpoint)) ordered.push_back(outpoint);
  }
  return ordered;
}

Result<Records> Store::find_spendable_outputs(const SpendableQuery& query) {
  if (query.basket) {
    if (auto err = check_text(*query.basket, "basket", 0, 255)) return *err;
  }
  if (query.min_satoshis < 0) return invalid_argument("min_satoshis: must be 0 or more");
  if (query.limit && (*query.limit < 1 || *query.limit > kMaxPageLimit)) {
    return invalid_argument("limit: must be from 1 to " + std::to_string(kMaxPageLimit));
  }
  return do_find_spendable_outputs(query);
}

Result<Allocation> Store::allocate_utxos(const AllocationRequest& request) {
  if (request.target_satoshis < 1 || request.target_satoshis > kMaxSatoshis) {
    return invalid_argument("target_satoshis: must be an integer from 1 to " +
                            std::to_string(kMaxSatoshis));
  }
  if (auto err = check_text(request.reference, "reference", 1, 255)) return *err;
  if (request.basket) {
    if (auto err = check_text(*request.basket, "basket", 1, 255)) return *err;
  }
  if (request.min_satoshis < 0) return invalid_argument("min_satoshis: must be 0 or more");
  if (request.max_outputs < 1 || request.max_outputs > kMaxAllocatedOutputs) {
    return invalid_argument("max_outputs: must be from 1 to " +
                            std::to_string(kMaxAllocatedOutputs));
  }
  return do_allocate_utxos(request);
}

Result<std::int64_t> Store::release_stale_pending(double timeout_seconds) {
  if (!std::isfinite(timeout_seconds) || timeout_seconds < 0) {
    return invalid_argument("timeout: must be a number of seconds >= 0");
  }
  return do_release_stale_pending(timeout_seconds);
}

Result<json> Store::store_certificate(const json& certificate) {
  if (auto err = check_certificate(certificate)) return *err;
  return do_store_certificate(certificate);
}

Result<Records> Store::find_certificates(const CertificateQuery& query) {
  if (auto err = check_certificate_query(query)) return *err;
  return do_find_certificates(query);
}

Result<std::int64_t> Store::count_certificates(const CertificateQuery& query) {
  CertificateQuery unpaged = query;
  unpaged.page = Page{};
  if (auto err = check_certificate_query(unpaged)) return *err;
  return do_count_certificates(unpaged);
}

Result<bool> Store::delete_certificate(const std::string& type, const std::string& serial_number,
                                       const std::string& certifier) {
  if (auto err = check_natural_key(type, serial_number, certifier)) return *err;
  return do_delete_certificate(type, serial_number, certifier);
}

Result<bool> Store::store_proof(const std::string& txid, const std::string& bump_hex) {
  if (auto err = check_txid(txid)) return *err;
  if (auto err = check_hex(bump_hex, "bump_hex")) return *err;
  return do_store_proof(txid, bump_hex);
}

Result<std::optional<std::string>> Store::find_proof(const std::string& txid) {
  if (auto err = check_txid(txid)) return *err;
  return do_find_proof(txid);
}

Result<bool> Store::store_transaction(const std::string& txid, const std::string& tx_hex) {
  if (auto err = check_txid(txid)) return *err;
  if (auto err = check_hex(tx_hex, "tx_hex")) return *err;
  return do_store_transaction(txid, tx_hex);
}

Result<std::optional<std::string>> Store::find_transaction(const std::string& txid) {
  if (auto err = check_txid(txid)) return *err;
  return do_find_transaction(txid);
}

Result<bool> Store::store_setting(const std::string& key, const json& value) {
  if (auto err = check_text(key, "key", 1, 255)) return *err;
  if (value.is_null()) return invalid_argument("value: must not be null");
  if (auto err = check_json_value(value, "value")) return *err;
  return do_store_setting(key, value);
}

Result<std::optional<json>> Store::find_setting(const std::string& key) {
  if (auto err = check_text(key, "key", 1, 255)) return *err;
  return do_find_setting(key);
}

}  // namespace bsv::store
