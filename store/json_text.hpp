#pragma once
/// Strict JSON text parsing for everything that reads JSON from outside
/// (the command line, records from the network).

#include <optional>
#include <string>

#include "store/store.hpp"

namespace bsv::store {

/// Parses JSON text strictly: invalid UTF-8, lone surrogates, trailing
/// garbage and nesting deeper than kMaxJsonDepth are refused. Returns
/// nullopt with `error` set on failure. Never throws.
std::optional<json> parse_json_text(const std::string& text, std::string& error);

}  // namespace bsv::store
