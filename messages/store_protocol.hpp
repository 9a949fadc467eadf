#pragma once
/// The store protocol: the typed interface a wallet talks to, derived from
/// the method table (store_methods.def): one message per method, its
/// arguments and answer as they travel (store_wire.hpp), used in-process and
/// across CAF's network transport. Include only where actors are defined or
/// called (it pulls in CAF). queue_protocol.hpp extends it for the queue's
/// actors, arc_protocol.hpp is the ARC client actor's.
///
/// Errors travel as caf::error in the category "bsvstore" whose code is the
/// contract's ErrorCode and whose context holds the message (see
/// store_errors.hpp).

#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "messages/store_methods.hpp"
#include "messages/type_ids.hpp"

namespace bsv::messages {

namespace detail {
// The typed-actor signature of one method: its atom and its parameters
// as they travel, answered by its answer as it travels.
template <class Method, class Signature = typename Method::signature>
struct replies_of;
template <class Method, class Answer, class... Params>
struct replies_of<Method, Result<Answer>(Params...)> {
  using type = typename caf::replies_to<typename Method::atom,
                                        wire_t<Params>...>::template with<wire_t<Answer>>;
};

template <class List, class... Extra>
struct typed_api;
template <class... Methods, class... Extra>
struct typed_api<method_list<Methods...>, Extra...> {
  using type = caf::typed_actor<typename replies_of<Methods>::type..., Extra...>;
};
}  // namespace detail

/// The node's typed interface: what a wallet may call (every Store method
/// and the queue's enqueue and broadcast_status), local or remote.
using store_api = typename detail::typed_api<wallet_methods>::type;

}  // namespace bsv::messages
