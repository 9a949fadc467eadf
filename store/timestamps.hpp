#pragma once
/// ISO-8601 UTC timestamps as the contract writes them: YYYY-MM-DDTHH:MM:SS.ffffffZ.

#include <cstdint>
#include <optional>
#include <string>

namespace bsv::store {

/// Microseconds since the Unix epoch.
using Micros = std::int64_t;

/// The current time, in microseconds since the epoch.
Micros now_micros();

/// Formats as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six fraction digits).
std::string format_iso_utc(Micros micros);

/// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z` with real calendar checks;
/// nullopt for anything else (other offsets, out-of-range fields, junk).
std::optional<Micros> parse_iso_utc(const std::string& text);

}  // namespace bsv::store
