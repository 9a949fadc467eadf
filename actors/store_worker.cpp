#include "actors/store_worker.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <tuple>

#include "common/backoff.hpp"
#include "db/postgres_store.hpp"
#include "messages/store_errors.hpp"
#include "store/validation.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using Clock = std::chrono::steady_clock;

constexpr auto kFirstDelay = std::chrono::milliseconds(100);
constexpr auto kMaxDelay = std::chrono::seconds(5);

struct worker_state {
  std::unique_ptr<db::PostgresStore> store;
  Clock::time_point retry_at{};
  Backoff reconnect{kFirstDelay, kMaxDelay};
  static inline const char* name = "store_worker";

  /// Runs `call` (a Store method) with the reconnect policy above.
  template <typename Call>
  auto run(bool retry_safe, Call&& call) -> decltype(call()) {
    if (Clock::now() < retry_at) {
      return Error{ErrorCode::unavailable, "database unreachable; reconnecting"};
    }
    auto result = call();
    if (!result && result.error().code == ErrorCode::unavailable && retry_safe) result = call();
    if (!result && result.error().code == ErrorCode::unavailable) {
      retry_at = Clock::now() + reconnect.next();
    } else {
      reconnect.reset();
    }
    return result;
  }
};

using self_pointer = store_worker_api::stateful_pointer<worker_state>;

// The first error among converted arguments, if any.
template <class... Ts>
std::optional<Error> first_error(const std::tuple<Result<Ts>...>& values) {
  std::optional<Error> error;
  std::apply(
      [&](const auto&... value) {
        ((!error && !value ? (void)(error = value.error()) : (void)0), ...);
      },
      values);
  return error;
}

// The handler of one method of the table: its arguments converted from the
// wire (the store validates them again: a remote peer may send anything),
// the call under the reconnect policy (retried when the table says it is
// safe), the answer converted for the wire.
template <class Method, class Signature = typename Method::signature>
struct handler;
template <class Method, class Answer, class... Params>
struct handler<Method, Result<Answer>(Params...)> {
  static auto make(worker_state* st, db::PostgresStore* db) {
    return [st, db](typename Method::atom,
                    const wire_t<Params>&... xs) -> caf::result<wire_t<Answer>> {
      std::tuple<Result<std::decay_t<Params>>...> args{
          wire<std::decay_t<Params>>::load(xs, Method::name)...};
      if (auto error = first_error(args)) return to_caf(*error);
      auto result = st->run(Method::retry_safe, [&] {
        return std::apply([&](const auto&... arg) { return Method::bind(*db)(*arg...); }, args);
      });
      if (!result) return to_caf(result.error());
      return wire<Answer>::save(*result);
    };
  }
};

// Checks each record on its own (a bad one fails alone), then writes the
// good ones in one statement.
batch_outcome store_batch(worker_state* st, db::PostgresStore* db, const record_list& batch) {
  batch_outcome out;
  out.codes.assign(batch.json.size(), -1);
  out.messages.assign(batch.json.size(), "");
  auto fail = [&](std::size_t i, const Error& error) {
    out.codes[i] = static_cast<std::int32_t>(error.code);
    out.messages[i] = error.message;
  };
  store::Records valid;
  std::vector<std::size_t> index;
  for (std::size_t i = 0; i < batch.json.size(); ++i) {
    auto output = wire<store::json>::load(record{batch.json[i]}, "output");
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

// Every method of the table, and the batched store_output.
template <class... Methods>
store_worker_api::behavior_type behavior(method_list<Methods...>, worker_state* st,
                                         db::PostgresStore* db) {
  return {handler<Methods>::make(st, db)...,
          [=](store_outputs_atom, const record_list& batch) { return store_batch(st, db, batch); }};
}

store_worker_api::behavior_type store_worker(self_pointer self, std::string conninfo,
                                             std::string schema) {
  self->state.store = std::make_unique<db::PostgresStore>(std::move(conninfo), std::move(schema));
  // Handlers outlive this function: they hold plain pointers to the state,
  // which lives exactly as long as the actor.
  return behavior(all_methods{}, &self->state, self->state.store.get());
}

}  // namespace

messages::store_worker_api spawn_store_worker(caf::actor_system& system,
                                              const std::string& conninfo,
                                              const std::string& schema) {
  return system.spawn<caf::detached>(store_worker, conninfo, schema);
}

}  // namespace bsv::actors
