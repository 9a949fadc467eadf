#pragma once
/// The queue protocol, in-process: what the broadcast queue's actors
/// (workers, supervisor, proof tracker, callback receiver) say to the store
/// actor (derived from the method table like the store protocol), what the
/// store actor says to its workers, and the typed interfaces of the queue's
/// own actors (actors/broadcast_*.hpp, actors/proof_tracker.hpp).

#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "messages/arc_protocol.hpp"
#include "messages/store_protocol.hpp"

namespace bsv::messages {

/// The store actor as the broadcast queue's actors see it in-process: the
/// wallet's methods and the jobs' (claims, settlements, releases, job
/// counts for the metrics, proof tracking).
using queue_store_api = typename detail::typed_api<all_methods>::type;

/// What the store actor says to its workers besides that: several queued
/// store_output requests written in one statement.
using store_outputs_atom = caf::atom_constant<caf::atom("st_outputs")>;
using store_worker_api = typename detail::typed_api<
    all_methods, caf::replies_to<store_outputs_atom, record_list>::with<batch_outcome>>::type;

// Between the queue's actors.
using wake_atom = caf::atom_constant<caf::atom("bc_wake")>;    ///< jobs may be waiting
using drain_atom = caf::atom_constant<caf::atom("bc_drain")>;  ///< finish the batch, then quit
using use_arc_atom = caf::atom_constant<caf::atom("bc_arc")>;  ///< a new ARC client actor
// Timers the actors set themselves (part of their interfaces, which must
// name every message they take).
using poll_atom = caf::atom_constant<caf::atom("bc_poll")>;            ///< a worker's poll tick
using settle_again_atom = caf::atom_constant<caf::atom("bc_settle")>;  ///< a failed settlement
using round_atom = caf::atom_constant<caf::atom("prf_round")>;         ///< a tracker's next round
using respawn_atom = caf::atom_constant<caf::atom("bc_respawn")>;      ///< restart a worker slot
using sweep_atom = caf::atom_constant<caf::atom("bc_sweep")>;          ///< the periodic sweep
using tracker_atom = caf::atom_constant<caf::atom("bc_track")>;        ///< (re)start the tracker
using resolver_atom = caf::atom_constant<caf::atom("bc_doubt")>;       ///< (re)start the resolver
using invariants_atom = caf::atom_constant<caf::atom("bc_check")>;     ///< run the invariant checks

/// A broadcast worker: woken by a NOTIFY (through its supervisor), drained
/// at shutdown, given a new ARC client actor when the old one died; its
/// own poll tick (by generation) and settlement retry.
using broadcast_worker_api =
    caf::typed_actor<caf::reacts_to<wake_atom>, caf::reacts_to<drain_atom>,
                     caf::reacts_to<use_arc_atom, arc_api>,
                     caf::reacts_to<poll_atom, std::uint64_t>,
                     caf::reacts_to<settle_again_atom, settlement_list, int>>;

/// The proof tracker: its next round; a new ARC client actor.
using proof_tracker_api =
    caf::typed_actor<caf::reacts_to<round_atom>, caf::reacts_to<use_arc_atom, arc_api>>;

/// The doubt resolver: the same messages as the proof tracker.
using doubt_resolver_api = proof_tracker_api;

/// The broadcast supervisor: the live workers (for tests and /health),
/// a NOTIFY's wake-up, and its own timers.
using broadcast_supervisor_api =
    caf::typed_actor<caf::replies_to<caf::get_atom>::with<std::vector<caf::actor>>,
                     caf::reacts_to<wake_atom>, caf::reacts_to<tracker_atom>,
                     caf::reacts_to<resolver_atom>, caf::reacts_to<invariants_atom>,
                     caf::reacts_to<respawn_atom, std::size_t>, caf::reacts_to<sweep_atom>>;

}  // namespace bsv::messages
