#pragma once
/// The wallet storage contract (../shared/spec/store-contract.md).
///
/// Store is a non-virtual interface: each public method validates its
/// arguments with the contract's boundary rules (so every implementation
/// refuses exactly the same input, before anything is written) and then
/// calls the implementation's protected `do_` method. Errors are values;
/// no public method throws for bad input or an unreachable database.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "store/queries.hpp"

namespace bsv::store {

using json = nlohmann::json;
using Records = std::vector<json>;

/// Output states (effective state: `state`, else legacy `spendable`).
enum class OutputState { spendable, pending, spent };
const char* to_string(OutputState state);
std::optional<OutputState> parse_output_state(const std::string& text);

/// What allocate_utxos took: the records now pending, in selection order,
/// and the sum of their satoshis (at least the target).
struct Allocation {
  Records outputs;
  std::int64_t total = 0;
};

/// allocate_utxos's refusal when the outputs it can take sum to `reachable`,
/// less than the request's target: `insufficient_funds`, naming both sums.
Error insufficient_funds(const AllocationRequest& request, std::int64_t reachable);

class Store {
 public:
  virtual ~Store() = default;

  // Actions
  /// Inserts an action; `duplicate` if its txid exists. Returns the record.
  Result<json> store_action(const json& action);
  Result<Records> find_actions(const ActionQuery& query);
  Result<std::int64_t> count_actions(const ActionQuery& query);
  /// Sets `status` inside the record; `not_found` naming the txid.
  Result<json> update_action_status(const std::string& txid, const std::string& status);
  Result<bool> delete_action(const std::string& txid);

  // Outputs
  /// Upserts on outpoint: every column rewritten from the new record; the
  /// row keeps its place in insertion order. Returns the record.
  Result<json> store_output(const json& output);
  Result<Records> find_outputs(const OutputQuery& query);
  Result<std::int64_t> count_outputs(const OutputQuery& query);
  Result<bool> delete_output(const std::string& outpoint);
  /// Moves an output to another basket; nothing else changes.
  Result<json> update_output_basket(const std::string& outpoint, const std::string& basket);
  /// Sets the state; entering `pending` records pending_since = now, the
  /// reference and no_send (when true); other states clear that metadata.
  Result<json> update_output_state(const std::string& outpoint, OutputState state,
                                   const std::optional<std::string>& pending_reference = {},
                                   bool no_send = false);
  /// Atomically moves every listed spendable output to pending; returns the
  /// outpoints locked, in request order, each once. Two concurrent callers
  /// never both lock one outpoint.
  Result<std::vector<std::string>> lock_utxos(const std::vector<std::string>& outpoints,
                                              const std::string& reference, bool no_send = false);
  /// Spendable outputs sorted by satoshis (ties by insertion order); all of
  /// them, or the first `query.limit`.
  Result<Records> find_spendable_outputs(const SpendableQuery& query);
  /// Coin selection and locking in one atomic step: the shortest prefix, in
  /// the strategy's order, of the spendable outputs a concurrent caller is
  /// not taking, whose satoshis reach the target; those move to pending as
  /// lock_utxos moves them. `insufficient_funds` (nothing locked, the message
  /// giving the reachable total) when the target cannot be reached within
  /// `max_outputs`. Two concurrent callers never get the same output.
  Result<Allocation> allocate_utxos(const AllocationRequest& request);
  /// Returns pending outputs older than `timeout_seconds` (not no_send, not
  /// funding a live broadcast job) to spendable; answers how many.
  Result<std::int64_t> release_stale_pending(double timeout_seconds = 300);

  // Certificates
  /// Upserts on (type, serial_number, certifier). Returns the record.
  Result<json> store_certificate(const json& certificate);
  Result<Records> find_certificates(const CertificateQuery& query);
  Result<std::int64_t> count_certificates(const CertificateQuery& query);
  Result<bool> delete_certificate(const std::string& type, const std::string& serial_number,
                                  const std::string& certifier);

  // Proofs, raw transactions, settings: upserts by key; find answers nullopt when absent.
  Result<bool> store_proof(const std::string& txid, const std::string& bump_hex);
  Result<std::optional<std::string>> find_proof(const std::string& txid);
  Result<bool> store_transaction(const std::string& txid, const std::string& tx_hex);
  Result<std::optional<std::string>> find_transaction(const std::string& txid);
  /// `value` may be any JSON value but null.
  Result<bool> store_setting(const std::string& key, const json& value);
  Result<std::optional<json>> find_setting(const std::string& key);

 protected:
  // Implementations receive arguments that already passed validation.
  virtual Result<json> do_store_action(const json& action) = 0;
  virtual Result<Records> do_find_actions(const ActionQuery& query) = 0;
  virtual Result<std::int64_t> do_count_actions(const ActionQuery& query) = 0;
  virtual Result<json> do_update_action_status(const std::string& txid,
                                               const std::string& status) = 0;
  virtual Result<bool> do_delete_action(const std::string& txid) = 0;
  virtual Result<json> do_store_output(const json& output) = 0;
  virtual Result<Records> do_find_outputs(const OutputQuery& query) = 0;
  virtual Result<std::int64_t> do_count_outputs(const OutputQuery& query) = 0;
  virtual Result<bool> do_delete_output(const std::string& outpoint) = 0;
  virtual Result<json> do_update_output_basket(const std::string& outpoint,
                                               const std::string& basket) = 0;
  virtual Result<json> do_update_output_state(const std::string& outpoint, OutputState state,
                                              const std::optional<std::string>& reference,
                                              bool no_send) = 0;
  /// `outpoints` is non-empty and free of repeats.
  virtual Result<std::vector<std::string>> do_lock_utxos(const std::vector<std::string>& outpoints,
                                                         const std::string& reference,
                                                         bool no_send) = 0;
  virtual Result<Records> do_find_spendable_outputs(const SpendableQuery& query) = 0;
  virtual Result<Allocation> do_allocate_utxos(const AllocationRequest& request) = 0;
  virtual Result<std::int64_t> do_release_stale_pending(double timeout_seconds) = 0;
  virtual Result<json> do_store_certificate(const json& certificate) = 0;
  virtual Result<Records> do_find_certificates(const CertificateQuery& query) = 0;
  virtual Result<std::int64_t> do_count_certificates(const CertificateQuery& query) = 0;
  virtual Result<bool> do_delete_certificate(const std::string& type,
                                             const std::string& serial_number,
                                             const std::string& certifier) = 0;
  virtual Result<bool> do_store_proof(const std::string& txid, const std::string& bump_hex) = 0;
  virtual Result<std::optional<std::string>> do_find_proof(const std::string& txid) = 0;
  virtual Result<bool> do_store_transaction(const std::string& txid, const std::string& tx_hex) = 0;
  virtual Result<std::optional<std::string>> do_find_transaction(const std::string& txid) = 0;
  virtual Result<bool> do_store_setting(const std::string& key, const json& value) = 0;
  virtual Result<std::optional<json>> do_find_setting(const std::string& key) = 0;
};

}  // namespace bsv::store
