#pragma once
/// The CAF configuration every node of this process starts with (local or
/// remote): the middleman, the store protocol's types, the scheduler and,
/// with TLS, CAF's OpenSSL module. Internal to node/.

#include <caf/actor_system_config.hpp>
#include <chrono>

#include "node/store_source.hpp"

namespace bsv::node {

/// Fills `config` for a node using `tls` (none when not enabled). Every
/// connection sends a heartbeat every 2 s, and CAF closes one from which no
/// whole frame arrived for `connection_timeout` (the store port's guard
/// also cuts what CAF cannot see: node/store_port_guard.hpp).
void configure_actor_system(caf::actor_system_config& config, const TlsFiles& tls,
                            std::chrono::milliseconds connection_timeout);

}  // namespace bsv::node
