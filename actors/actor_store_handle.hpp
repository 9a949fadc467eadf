#pragma once
/// The CAF side of ActorStore::Handle: the typed handle it talks to.

#include "actors/actor_store.hpp"
#include "messages/store_protocol.hpp"

namespace bsv::actors {

struct ActorStore::Handle {
  messages::store_api api;
};

}  // namespace bsv::actors
