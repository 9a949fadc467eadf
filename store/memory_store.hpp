#pragma once
/// MemoryStore: the reference implementation of the Store contract, kept in
/// process memory behind one mutex. Thread-safe; everything is lost on exit.
/// Used by the conformance suite as the yardstick PostgresStore must match.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>

#include "store/store.hpp"

namespace bsv::store {

class MemoryStore final : public Store {
 protected:
  Result<json> do_store_action(const json& action) override;
  Result<Records> do_find_actions(const ActionQuery& query) override;
  Result<std::int64_t> do_count_actions(const ActionQuery& query) override;
  Result<json> do_update_action_status(const std::string& txid, const std::string& status) override;
  Result<bool> do_delete_action(const std::string& txid) override;
  Result<json> do_store_output(const json& output) override;
  Result<Records> do_find_outputs(const OutputQuery& query) override;
  Result<std::int64_t> do_count_outputs(const OutputQuery& query) override;
  Result<bool> do_delete_output(const std::string& outpoint) override;
  Result<json> do_update_output_basket(const std::string& outpoint,
                                       const std::string& basket) override;
  Result<json> do_update_output_state(const std::string& outpoint, OutputState state,
                                      const std::optional<std::string>& reference,
                                      bool no_send) override;
  Result<std::vector<std::string>> do_lock_utxos(const std::vector<std::string>& outpoints,
                                                 const std::string& reference,
                                                 bool no_send) override;
  Result<Records> do_find_spendable_outputs(const SpendableQuery& query) override;
  Result<Allocation> do_allocate_utxos(const AllocationRequest& request) override;
  Result<std::int64_t> do_release_stale_pending(double timeout_seconds) override;
  Result<json> do_store_certificate(const json& certificate) override;
  Result<Records> do_find_certificates(const CertificateQuery& query) override;
  Result<std::int64_t> do_count_certificates(const CertificateQuery& query) override;
  Result<bool> do_delete_certificate(const std::string& type, const std::string& serial_number,
                                     const std::string& certifier) override;
  Result<bool> do_store_proof(const std::string& txid, const std::string& bump_hex) override;
  Result<std::optional<std::string>> do_find_proof(const std::string& txid) override;
  Result<bool> do_store_transaction(const std::string& txid, const std::string& tx_hex) override;
  Result<std::optional<std::string>> do_find_transaction(const std::string& txid) override;
  Result<bool> do_store_setting(const std::string& key, const json& value) override;
  Result<std::optional<json>> do_find_setting(const std::string& key) override;

 private:
  /// Records keyed by insertion id, plus an index from natural key to id.
  template <typename Key>
  struct Table {
    std::map<std::int64_t, json> rows;
    std::map<Key, std::int64_t> ids;
  };
  using CertificateKey = std::tuple<std::string, std::string, std::string>;

  Records find_outputs_locked(const OutputQuery& query, bool paged) const;
  Records find_certificates_locked(const CertificateQuery& query, bool paged) const;
  Records find_actions_locked(const ActionQuery& query, bool paged) const;
  json* output_locked(const std::string& outpoint);
  /// Ids of the spendable outputs of `basket` with at least `min_satoshis`,
  /// in `order` (ties by insertion order).
  std::vector<std::int64_t> spendable_ids_locked(const std::optional<std::string>& basket,
                                                 std::int64_t min_satoshis,
                                                 AllocationStrategy order) const;

  mutable std::mutex mutex_;
  std::int64_t next_id_ = 1;
  Table<std::string> actions_;
  Table<std::string> outputs_;
  Table<CertificateKey> certificates_;
  std::unordered_map<std::string, std::string> proofs_;
  std::unordered_map<std::string, std::string> transactions_;
  std::unordered_map<std::string, json> settings_;
};

}  // namespace bsv::store
