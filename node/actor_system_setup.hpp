#pragma once
/// The CAF configuration every node of this process starts with (local or
/// remote): the middleman, the store protocol's types, the scheduler and,
/// with TLS, CAF's OpenSSL module. Internal to node/.

#include <caf/actor_system_config.hpp>

#include "node/store_source.hpp"

namespace bsv::node {

/// Fills `config` for a node using `tls` (none when not enabled).
void configure_actor_system(caf::actor_system_config& config, const TlsFiles& tls);

}  // namespace bsv::node
