#include "node/actor_store.hpp"

#include <caf/after.hpp>
#include <caf/blocking_actor.hpp>
#include <caf/response_handle.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>

#include "messages/store_errors.hpp"
#include "node/actor_store_handle.hpp"

namespace bsv::node {
namespace {

using namespace bsv::messages;

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

  /// Sends method `Method` with `args` converted for the wire and converts
  /// its answer back (the contract's error when it failed or timed out).
  template <class Method, class... Ts>
  Result<answer_t<Method>> forward(const Ts&... args) {
    auto reply = call(Method::atom::value, wire<std::decay_t<Ts>>::save(args)...);
    if (!reply) return from_caf(reply.error());
    return wire<answer_t<Method>>::load(*reply, Method::name);
  }

  store_api api;
  caf::duration timeout;
  caf::scoped_actor self;
};

ActorStore::ActorStore(const Handle& handle, std::chrono::milliseconds timeout)
    : impl_(new Impl(handle.api, timeout)) {}

ActorStore::~ActorStore() = default;

// A type and a parameter list cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define BSV_STORE_METHOD(NAME, ATOM, RETRY, ANSWER, PARAMS, ARGS) \
  Result<ANSWER> ActorStore::do_##NAME PARAMS {                   \
    return impl_->forward<methods::NAME> ARGS;                    \
  }
#define BSV_QUEUE_METHOD BSV_STORE_METHOD
// NOLINTEND(bugprone-macro-parentheses)
#include "messages/store_methods.def"

}  // namespace bsv::node
