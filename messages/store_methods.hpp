#pragma once
/// The store protocol's methods as types: one struct per row of
/// store_methods.def, and the lists of them that generic code walks. A
/// method struct `methods::find_outputs` has
///
///   name         "find_outputs": the Store member, JSON method and metrics label
///   arg_names    "(query)": its parameter names, as written in the table
///   atom         its CAF atom (also `find_outputs_atom`)
///   retry_safe   whether a store worker may send it again on a new connection
///   signature    Result<store::Records>(const store::OutputQuery&)
///   bind(r)      a callable with that signature calling r.find_outputs(...)
///
/// Only CAF's atom header is included: cheap to include anywhere.

#include <caf/atom.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/invariants.hpp"
#include "store/jobs.hpp"
#include "store/proof_tracking.hpp"
#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::messages {

/// The table's `retry` column.
namespace retry_column {
constexpr bool retry = true;
constexpr bool once = false;
}  // namespace retry_column

/// A list of method structs.
template <class... Methods>
struct method_list {};

// Types and parameter lists cannot be parenthesized where they are used.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define BSV_METHOD_STRUCT(NAME, ATOM, RETRY, ANSWER, PARAMS, ARGS) \
  using NAME##_atom = caf::atom_constant<caf::atom(ATOM)>;         \
  namespace methods {                                              \
  struct NAME {                                                    \
    static constexpr const char* name = #NAME;                     \
    static constexpr const char* arg_names = #ARGS;                \
    using atom = NAME##_atom;                                      \
    static constexpr bool retry_safe = retry_column::RETRY;        \
    using signature = Result<ANSWER> PARAMS;                       \
    template <class Receiver>                                      \
    static auto bind(Receiver& receiver) {                         \
      return [&receiver] PARAMS { return receiver.NAME ARGS; };    \
    }                                                              \
  };                                                               \
  }
// NOLINTEND(bugprone-macro-parentheses)
#define BSV_STORE_METHOD BSV_METHOD_STRUCT
#define BSV_QUEUE_METHOD BSV_METHOD_STRUCT
#define BSV_JOB_METHOD BSV_METHOD_STRUCT
#include "messages/store_methods.def"
#undef BSV_METHOD_STRUCT

namespace detail {
template <class Signature>
struct answer_of;
template <class Answer, class... Params>
struct answer_of<Result<Answer>(Params...)> {
  using type = Answer;
};

template <class List>
struct drop_first;
template <class First, class... Rest>
struct drop_first<method_list<First, Rest...>> {
  using type = method_list<Rest...>;
};
template <class... Lists>
struct concat;
template <class... A, class... B>
struct concat<method_list<A...>, method_list<B...>> {
  using type = method_list<A..., B...>;
};
}  // namespace detail

/// The value a method answers (inside its Result).
template <class Method>
using answer_t = typename detail::answer_of<typename Method::signature>::type;

/// The Store contract's methods, in table order.
using store_methods = typename detail::drop_first<method_list<void
#define BSV_STORE_METHOD(NAME, ...) , methods::NAME
#include "messages/store_methods.def"
                                                              >>::type;

/// The broadcast queue's wallet-facing methods (enqueue, broadcast_status).
using queue_methods = typename detail::drop_first<method_list<void
#define BSV_QUEUE_METHOD(NAME, ...) , methods::NAME
#include "messages/store_methods.def"
                                                              >>::type;

/// What a wallet may call: the Store's methods and the queue's.
using wallet_methods = typename detail::concat<store_methods, queue_methods>::type;

/// The queue actors' in-process methods on PostgresStore.
using job_methods = typename detail::drop_first<method_list<void
#define BSV_JOB_METHOD(NAME, ...) , methods::NAME
#include "messages/store_methods.def"
                                                            >>::type;

/// Every method a store worker answers.
using all_methods = typename detail::concat<wallet_methods, job_methods>::type;

}  // namespace bsv::messages
