#pragma once
/// ActorStore: the Store contract (and the queue's enqueue/broadcast_status)
/// spoken to a store actor, local or remote.
/// Each call validates its arguments (as every Store does), sends one typed
/// message and blocks for the answer, at most `timeout`. Not thread-safe:
/// give each thread its own (WalletNode::store() makes them).

#include <chrono>
#include <memory>

#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::actors {

class ActorStore final : public store::Store, public store::BroadcastQueue {
 public:
  struct Handle;  ///< the store actor's handle (defined where CAF is included)

  ActorStore(const Handle& handle, std::chrono::milliseconds timeout);
  ~ActorStore() override;

 protected:
  store::Result<store::json> do_store_action(const store::json& action) override;
  store::Result<store::Records> do_find_actions(const store::ActionQuery& query) override;
  store::Result<std::int64_t> do_count_actions(const store::ActionQuery& query) override;
  store::Result<store::json> do_update_action_status(const std::string& txid,
                                                     const std::string& status) override;
  store::Result<bool> do_delete_action(const std::string& txid) override;
  store::Result<store::json> do_store_output(const store::json& output) override;
  store::Result<store::Records> do_find_outputs(const store::OutputQuery& query) override;
  store::Result<std::int64_t> do_count_outputs(const store::OutputQuery& query) override;
  store::Result<bool> do_delete_output(const std::string& outpoint) override;
  store::Result<store::json> do_update_output_basket(const std::string& outpoint,
                                                     const std::string& basket) override;
  store::Result<store::json> do_update_output_state(const std::string& outpoint,
                                                    store::OutputState state,
                                                    const std::optional<std::string>& reference,
                                                    bool no_send) override;
  store::Result<std::vector<std::string>> do_lock_utxos(const std::vector<std::string>& outpoints,
                                                        const std::string& reference,
                                                        bool no_send) override;
  store::Result<store::Records> do_find_spendable_outputs(
      const store::SpendableQuery& query) override;
  store::Result<std::int64_t> do_release_stale_pending(double timeout_seconds) override;
  store::Result<store::json> do_store_certificate(const store::json& certificate) override;
  store::Result<store::Records> do_find_certificates(const store::CertificateQuery& query) override;
  store::Result<std::int64_t> do_count_certificates(const store::CertificateQuery& query) override;
  store::Result<bool> do_delete_certificate(const std::string& type,
                                            const std::string& serial_number,
                                            const std::string& certifier) override;
  store::Result<bool> do_store_proof(const std::string& txid, const std::string& bump_hex) override;
  store::Result<std::optional<std::string>> do_find_proof(const std::string& txid) override;
  store::Result<bool> do_store_transaction(const std::string& txid,
                                           const std::string& tx_hex) override;
  store::Result<std::optional<std::string>> do_find_transaction(const std::string& txid) override;
  store::Result<bool> do_store_setting(const std::string& key, const store::json& value) override;
  store::Result<std::optional<store::json>> do_find_setting(const std::string& key) override;
  store::Result<store::json> do_enqueue(const store::EnqueueRequest& request) override;
  store::Result<std::optional<std::string>> do_broadcast_status(const std::string& txid) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv::actors
