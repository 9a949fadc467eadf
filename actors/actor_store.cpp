#include "actors/actor_store.hpp"

#include <caf/after.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/response_handle.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>

#include "actors/actor_store_handle.hpp"
#include "messages/store_convert.hpp"
#include "messages/store_errors.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using store::Result;

template <typename W, typename T, typename Convert>
Result<T> unwrap(caf::expected<W> answer, Convert convert) {
  if (!answer) return from_caf(answer.error());
  return convert(std::move(*answer));
}
template <typename T>
Result<T> unwrap(caf::expected<T> answer) {
  if (!answer) return from_caf(answer.error());
  return std::move(*answer);
}
Result<store::json> unwrap_record(caf::expected<record> answer) {
  return unwrap<record, store::json>(std::move(answer),
                                     [](record&& r) { return from_wire(r, "answer"); });
}
Result<store::Records> unwrap_records(caf::expected<record_list> answer) {
  return unwrap<record_list, store::Records>(std::move(answer),
                                             [](record_list&& r) { return from_wire(r); });
}
Result<std::optional<std::string>> unwrap_text(caf::expected<maybe_text> answer) {
  return unwrap<maybe_text, std::optional<std::string>>(std::move(answer), [](maybe_text&& t) {
    return t.present ? std::optional<std::string>(std::move(t.text)) : std::nullopt;
  });
}

// The single answer type of a typed request's response handle.
template <class Handle>
struct answer_of;
template <class Self, class Answer, bool Blocking>
struct answer_of<caf::response_handle<Self, caf::detail::type_list<Answer>, Blocking>> {
  using type = Answer;
};

}  // namespace

struct ActorStore::Impl {
  Impl(const store_api& store, std::chrono::milliseconds limit)
      : api(store), timeout(limit), self(store->home_system()) {}

  /// Sends one request and waits for its answer, at most `timeout`. The
  /// wait is a timed wait of this thread: no timer is registered with
  /// CAF's clock per request (measured: that alone cost 12 % of the
  /// throughput through the network). A late answer after a timeout stays
  /// in this actor's mailbox, unread.
  template <typename... Ts>
  auto call(Ts&&... xs) {
    using value_type = typename answer_of<decltype(self->request(api, caf::infinite, xs...))>::type;
    caf::expected<value_type> result{caf::make_error(caf::sec::request_timeout)};
    auto handle = self->request(api, caf::infinite, std::forward<Ts>(xs)...);
    caf::blocking_actor::accept_one_cond one;
    self->varargs_receive(
        one, handle.id(), [&](value_type& answer) { result = std::move(answer); },
        [&](caf::error& error) { result = std::move(error); }, caf::after(timeout) >> [] {});
    return result;
  }

  store_api api;
  caf::duration timeout;
  caf::scoped_actor self;
};

ActorStore::ActorStore(const Handle& handle, std::chrono::milliseconds timeout)
    : impl_(new Impl(handle.api, timeout)) {}

ActorStore::~ActorStore() = default;

Result<store::json> ActorStore::do_store_action(const store::json& action) {
  return unwrap_record(impl_->call(store_action_atom::value, to_wire(action)));
}
Result<store::Records> ActorStore::do_find_actions(const store::ActionQuery& query) {
  return unwrap_records(impl_->call(find_actions_atom::value, to_wire(query)));
}
Result<std::int64_t> ActorStore::do_count_actions(const store::ActionQuery& query) {
  return unwrap(impl_->call(count_actions_atom::value, to_wire(query)));
}
Result<store::json> ActorStore::do_update_action_status(const std::string& txid,
                                                        const std::string& status) {
  return unwrap_record(impl_->call(action_status_atom::value, txid, status));
}
Result<bool> ActorStore::do_delete_action(const std::string& txid) {
  return unwrap(impl_->call(delete_action_atom::value, txid));
}
Result<store::json> ActorStore::do_store_output(const store::json& output) {
  // The answer is the record as stored, which is the one sent.
  auto stored = impl_->call(store_output_atom::value, to_wire(output));
  if (!stored) return from_caf(stored.error());
  return output;
}
Result<store::Records> ActorStore::do_find_outputs(const store::OutputQuery& query) {
  return unwrap_records(impl_->call(find_outputs_atom::value, to_wire(query)));
}
Result<std::int64_t> ActorStore::do_count_outputs(const store::OutputQuery& query) {
  return unwrap(impl_->call(count_outputs_atom::value, to_wire(query)));
}
Result<bool> ActorStore::do_delete_output(const std::string& outpoint) {
  return unwrap(impl_->call(delete_output_atom::value, outpoint));
}
Result<store::json> ActorStore::do_update_output_basket(const std::string& outpoint,
                                                        const std::string& basket) {
  return unwrap_record(impl_->call(output_basket_atom::value, outpoint, basket));
}
Result<store::json> ActorStore::do_update_output_state(const std::string& outpoint,
                                                       store::OutputState state,
                                                       const std::optional<std::string>& reference,
                                                       bool no_send) {
  state_change change{outpoint, store::to_string(state), reference.has_value(),
                      reference.value_or(""), no_send};
  return unwrap_record(impl_->call(output_state_atom::value, std::move(change)));
}
Result<std::vector<std::string>> ActorStore::do_lock_utxos(
    const std::vector<std::string>& outpoints, const std::string& reference, bool no_send) {
  return unwrap<string_list, std::vector<std::string>>(
      impl_->call(lock_utxos_atom::value, lock_request{outpoints, reference, no_send}),
      [](string_list&& list) { return std::move(list.items); });
}
Result<store::Records> ActorStore::do_find_spendable_outputs(const store::SpendableQuery& query) {
  return unwrap_records(impl_->call(find_spendable_atom::value, to_wire(query)));
}
Result<std::int64_t> ActorStore::do_release_stale_pending(double timeout_seconds) {
  return unwrap(impl_->call(release_stale_atom::value, timeout_seconds));
}
Result<store::json> ActorStore::do_store_certificate(const store::json& certificate) {
  return unwrap_record(impl_->call(store_cert_atom::value, to_wire(certificate)));
}
Result<store::Records> ActorStore::do_find_certificates(const store::CertificateQuery& query) {
  return unwrap_records(impl_->call(find_certs_atom::value, to_wire(query)));
}
Result<std::int64_t> ActorStore::do_count_certificates(const store::CertificateQuery& query) {
  return unwrap(impl_->call(count_certs_atom::value, to_wire(query)));
}
Result<bool> ActorStore::do_delete_certificate(const std::string& type,
                                               const std::string& serial_number,
                                               const std::string& certifier) {
  return unwrap(impl_->call(delete_cert_atom::value, type, serial_number, certifier));
}
Result<bool> ActorStore::do_store_proof(const std::string& txid, const std::string& bump_hex) {
  return unwrap(impl_->call(store_proof_atom::value, txid, bump_hex));
}
Result<std::optional<std::string>> ActorStore::do_find_proof(const std::string& txid) {
  return unwrap_text(impl_->call(find_proof_atom::value, txid));
}
Result<bool> ActorStore::do_store_transaction(const std::string& txid, const std::string& tx_hex) {
  return unwrap(impl_->call(store_tx_atom::value, txid, tx_hex));
}
Result<std::optional<std::string>> ActorStore::do_find_transaction(const std::string& txid) {
  return unwrap_text(impl_->call(find_tx_atom::value, txid));
}
Result<bool> ActorStore::do_store_setting(const std::string& key, const store::json& value) {
  return unwrap(impl_->call(store_setting_atom::value, key, to_wire(value)));
}
Result<std::optional<store::json>> ActorStore::do_find_setting(const std::string& key) {
  auto text = unwrap_text(impl_->call(find_setting_atom::value, key));
  if (!text) return text.error();
  if (!*text) return std::optional<store::json>{};
  auto value = from_wire(record{**text}, "setting");
  if (!value) return value.error();
  return std::optional<store::json>(std::move(*value));
}

Result<store::json> ActorStore::do_enqueue(const store::EnqueueRequest& request) {
  return unwrap_record(impl_->call(enqueue_atom::value, to_wire(request)));
}
Result<std::optional<std::string>> ActorStore::do_broadcast_status(const std::string& txid) {
  return unwrap_text(impl_->call(broadcast_status_atom::value, txid));
}

}  // namespace bsv::actors
