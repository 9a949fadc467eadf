#pragma once
/// The header checker's typed interface (actors/header_checker.hpp),
/// in-process only: a merkle root claimed for a height (and the block hash
/// ARC gave, may be empty) in, the header source's verdict out.

#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>

#include "messages/type_ids.hpp"

namespace bsv::messages {

using check_root_atom = caf::atom_constant<caf::atom("chk_root")>;
using header_checker_api =
    caf::typed_actor<caf::replies_to<check_root_atom, std::int64_t, std::string,
                                     std::string>::with<arc::SourceAnswer>>;

}  // namespace bsv::messages
