#pragma once
/// The ARC protocol: the typed interface of the ARC client actor
/// (actors/arc_actor.hpp), in-process only. A status query names the txid
/// and the endpoint to ask first (the job's `arc_endpoint`, may be empty).

#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <string>

#include "messages/type_ids.hpp"

namespace bsv::messages {

using arc_submit_atom = caf::atom_constant<caf::atom("arc_submit")>;
using arc_status_atom = caf::atom_constant<caf::atom("arc_status")>;
using arc_api = caf::typed_actor<
    caf::replies_to<arc_submit_atom, arc_request>::with<verdict_list>,
    caf::replies_to<arc_status_atom, std::string, std::string>::with<arc::HttpAnswer>>;

}  // namespace bsv::messages
