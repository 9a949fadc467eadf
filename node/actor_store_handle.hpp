#pragma once
/// The CAF side of ActorStore::Handle: the typed handle it talks to.

#include "messages/store_protocol.hpp"
#include "node/actor_store.hpp"

namespace bsv::node {

struct ActorStore::Handle {
  messages::store_api api;
};

}  // namespace bsv::node
