#include "actors/store_worker.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <chrono>
#include <memory>

#include "db/postgres_store.hpp"
#include "messages/store_convert.hpp"
#include "messages/store_errors.hpp"
#include "store/validation.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using Clock = std::chrono::steady_clock;
using store::ErrorCode;

constexpr auto kFirstDelay = std::chrono::milliseconds(100);
constexpr auto kMaxDelay = std::chrono::seconds(5);

struct worker_state {
  std::unique_ptr<db::PostgresStore> store;
  Clock::time_point retry_at{};
  Clock::duration delay{};
  static inline const char* name = "store_worker";

  /// Runs `call` (a Store method) with the reconnect policy above.
  template <typename Call>
  auto run(bool retry_safe, Call&& call) -> decltype(call()) {
    if (Clock::now() < retry_at) {
      return store::Error{ErrorCode::unavailable, "database unreachable; reconnecting"};
    }
    auto result = call();
    if (!result && result.error().code == ErrorCode::unavailable && retry_safe) result = call();
    if (!result && result.error().code == ErrorCode::unavailable) {
      delay = std::min<Clock::duration>(delay == Clock::duration{} ? kFirstDelay : delay * 2,
                                        kMaxDelay);
      retry_at = Clock::now() + delay;
    } else {
      delay = {};
    }
    return result;
  }
};

using self_pointer = store_worker_api::stateful_pointer<worker_state>;

// Store results as protocol answers.
template <typename W, typename T, typename Convert>
caf::result<W> answer(store::Result<T> result, Convert convert) {
  if (!result) return to_caf(result.error());
  return convert(std::move(*result));
}
template <typename T>
caf::result<T> answer(store::Result<T> result) {
  return answer<T>(std::move(result), [](T&& v) { return std::move(v); });
}
caf::result<record> answer_record(store::Result<store::json> result) {
  return answer<record>(std::move(result), [](store::json&& v) { return to_wire(v); });
}
caf::result<record_list> answer_records(store::Result<store::Records> result) {
  return answer<record_list>(std::move(result), [](store::Records&& v) { return to_wire(v); });
}
caf::result<maybe_text> answer_text(store::Result<std::optional<std::string>> result) {
  return answer<maybe_text>(std::move(result), [](std::optional<std::string>&& v) {
    return v ? maybe_text{true, std::move(*v)} : maybe_text{};
  });
}

job_list to_job_list(std::vector<store::ClaimedJob>&& jobs) {
  return job_list{std::move(jobs)};
}

// Checks each record on its own (a bad one fails alone), then writes the
// good ones in one statement.
batch_outcome store_batch(worker_state* st, db::PostgresStore* db, const record_list& batch) {
  batch_outcome out;
  out.codes.assign(batch.json.size(), -1);
  out.messages.assign(batch.json.size(), "");
  auto fail = [&](std::size_t i, const store::Error& error) {
    out.codes[i] = static_cast<std::int32_t>(error.code);
    out.messages[i] = error.message;
  };
  store::Records valid;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < batch.json.size(); ++i) {
    auto output = from_wire(record{batch.json[i]}, "output");
    if (!output) {
      fail(i, output.error());
    } else if (auto error = store::check_output(*output)) {
      fail(i, *error);
    } else {
      valid.push_back(std::move(*output));
      index.push_back(i);
    }
  }
  if (valid.empty()) return out;
  auto stored = st->run(true, [&] { return db->upsert_checked_outputs(valid); });
  if (!stored) {
    for (std::size_t i : index) fail(i, stored.error());
  }
  return out;
}

store_worker_api::behavior_type store_worker(self_pointer self, std::string conninfo,
                                             std::string schema) {
  self->state.store = std::make_unique<db::PostgresStore>(std::move(conninfo), std::move(schema));
  // Handlers outlive this function: they hold plain pointers to the state,
  // which lives exactly as long as the actor.
  worker_state* st = &self->state;
  db::PostgresStore* db = st->store.get();
  return {
      [=](store_action_atom, const record& r) -> caf::result<record> {
        auto action = from_wire(r, "action");
        if (!action) return to_caf(action.error());
        return answer_record(st->run(false, [&] { return db->store_action(*action); }));
      },
      [=](find_actions_atom, const action_query& q) {
        return answer_records(st->run(true, [&] { return db->find_actions(from_wire(q)); }));
      },
      [=](count_actions_atom, const action_query& q) {
        return answer(st->run(true, [&] { return db->count_actions(from_wire(q)); }));
      },
      [=](action_status_atom, const std::string& txid, const std::string& status) {
        return answer_record(st->run(true, [&] { return db->update_action_status(txid, status); }));
      },
      [=](delete_action_atom, const std::string& txid) {
        return answer(st->run(false, [&] { return db->delete_action(txid); }));
      },
      [=](store_output_atom, const record& r) -> caf::result<record> {
        auto output = from_wire(r, "output");
        if (!output) return to_caf(output.error());
        // The stored record is the one received: echo its text.
        return answer<record>(st->run(true, [&] { return db->store_output(*output); }),
                              [&](store::json&&) { return r; });
      },
      [=](find_outputs_atom, const output_query& q) {
        return answer_records(st->run(true, [&] { return db->find_outputs(from_wire(q)); }));
      },
      [=](count_outputs_atom, const output_query& q) {
        return answer(st->run(true, [&] { return db->count_outputs(from_wire(q)); }));
      },
      [=](delete_output_atom, const std::string& outpoint) {
        return answer(st->run(false, [&] { return db->delete_output(outpoint); }));
      },
      [=](output_basket_atom, const std::string& outpoint, const std::string& basket) {
        return answer_record(
            st->run(true, [&] { return db->update_output_basket(outpoint, basket); }));
      },
      [=](output_state_atom, const state_change& c) -> caf::result<record> {
        auto state = store::parse_output_state(c.state);
        if (!state)
          return to_caf(store::invalid_argument("state: must be spendable, pending or spent"));
        auto reference = c.has_reference ? std::optional<std::string>(c.reference) : std::nullopt;
        // Re-entering pending stamps a new time: not retried blindly.
        return answer_record(st->run(*state != store::OutputState::pending, [&] {
          return db->update_output_state(c.outpoint, *state, reference, c.no_send);
        }));
      },
      [=](lock_utxos_atom, const lock_request& r) {
        return answer<string_list>(
            st->run(false, [&] { return db->lock_utxos(r.outpoints, r.reference, r.no_send); }),
            [](std::vector<std::string>&& v) { return string_list{std::move(v)}; });
      },
      [=](find_spendable_atom, const spendable_query& q) {
        return answer_records(
            st->run(true, [&] { return db->find_spendable_outputs(from_wire(q)); }));
      },
      [=](release_stale_atom, double timeout) {
        return answer(st->run(true, [&] { return db->release_stale_pending(timeout); }));
      },
      [=](store_cert_atom, const record& r) -> caf::result<record> {
        auto cert = from_wire(r, "certificate");
        if (!cert) return to_caf(cert.error());
        return answer_record(st->run(true, [&] { return db->store_certificate(*cert); }));
      },
      [=](find_certs_atom, const certificate_query& w) -> caf::result<record_list> {
        auto q = from_wire(w);
        if (!q) return to_caf(q.error());
        return answer_records(st->run(true, [&] { return db->find_certificates(*q); }));
      },
      [=](count_certs_atom, const certificate_query& w) -> caf::result<std::int64_t> {
        auto q = from_wire(w);
        if (!q) return to_caf(q.error());
        return answer(st->run(true, [&] { return db->count_certificates(*q); }));
      },
      [=](delete_cert_atom, const std::string& type, const std::string& serial,
          const std::string& certifier) {
        return answer(
            st->run(false, [&] { return db->delete_certificate(type, serial, certifier); }));
      },
      [=](store_proof_atom, const std::string& txid, const std::string& bump) {
        return answer(st->run(true, [&] { return db->store_proof(txid, bump); }));
      },
      [=](find_proof_atom, const std::string& txid) {
        return answer_text(st->run(true, [&] { return db->find_proof(txid); }));
      },
      [=](store_tx_atom, const std::string& txid, const std::string& hex) {
        return answer(st->run(true, [&] { return db->store_transaction(txid, hex); }));
      },
      [=](find_tx_atom, const std::string& txid) {
        return answer_text(st->run(true, [&] { return db->find_transaction(txid); }));
      },
      [=](store_setting_atom, const std::string& key, const record& r) -> caf::result<bool> {
        auto value = from_wire(r, "value");
        if (!value) return to_caf(value.error());
        return answer(st->run(true, [&] { return db->store_setting(key, *value); }));
      },
      [=](enqueue_atom, const enqueue_request& request) {
        // Idempotent on the txid: safe to retry on a fresh connection.
        return answer_record(st->run(true, [&] { return db->enqueue(from_wire(request)); }));
      },
      [=](broadcast_status_atom, const std::string& txid) {
        return answer_text(st->run(true, [&] { return db->broadcast_status(txid); }));
      },
      [=](store_outputs_atom, const record_list& batch) { return store_batch(st, db, batch); },
      // The broadcast queue. A claim is not retried: if it committed but the
      // answer was lost, the claiming worker releases its jobs (see
      // broadcast_worker). Settling is guarded, releasing idempotent.
      [=](claim_jobs_atom, const store::ClaimRequest& r) {
        return answer<job_list>(st->run(false, [&] { return db->claim_jobs(r); }), to_job_list);
      },
      [=](claim_stuck_atom, const store::ClaimRequest& r) {
        return answer<job_list>(st->run(false, [&] { return db->claim_exhausted_jobs(r); }),
                                to_job_list);
      },
      [=](settle_jobs_atom, const settle_batch& b) {
        return answer(st->run(true, [&] { return db->settle_jobs(b.worker, b.items); }));
      },
      [=](release_jobs_atom, const std::string& holder, bool whole_node) {
        return answer(st->run(true, [&] { return db->release_jobs(holder, whole_node); }));
      },
      [=](job_stats_atom) { return answer(st->run(true, [&] { return db->job_stats(); })); },
      // A claim is not retried (a lost answer leaves only a lease to expire);
      // applying a report is guarded, so retrying it is safe.
      [=](claim_proofs_atom, const std::string& who, std::int32_t limit, double lease,
          std::int32_t max_checks) {
        return answer(
            st->run(false, [&] { return db->claim_proof_checks(who, limit, lease, max_checks); }));
      },
      [=](apply_report_atom, const store::StatusReport& report, const store::ReportPolicy& policy) {
        return answer<std::int32_t>(
            st->run(true, [&] { return db->apply_status_report(report, policy); }),
            [](store::Transition t) { return static_cast<std::int32_t>(t); });
      },
      [=](find_setting_atom, const std::string& key) {
        return answer<maybe_text>(st->run(true, [&] { return db->find_setting(key); }),
                                  [](std::optional<store::json>&& v) {
                                    return v ? maybe_text{true, v->dump()} : maybe_text{};
                                  });
      },
  };
}

}  // namespace

messages::store_worker_api spawn_store_worker(caf::actor_system& system,
                                              const std::string& conninfo,
                                              const std::string& schema) {
  return system.spawn<caf::detached>(store_worker, conninfo, schema);
}

}  // namespace bsv::actors
