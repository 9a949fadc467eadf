#pragma once
/// Contract errors across the actor boundary: a Error travels as a
/// caf::error of category "bsvstore" (code = ErrorCode, context = message).

#include <caf/error.hpp>

#include "common/result.hpp"

namespace bsv::messages {

/// The caf::error carrying `error`.
caf::error to_caf(const Error& error);

/// The contract error for any caf::error a request may end with: our own
/// category maps back exactly; a request timeout becomes `timeout`; a lost
/// peer or a dead receiver becomes `unavailable`; anything else `internal`.
Error from_caf(const caf::error& error);

}  // namespace bsv::messages
