#pragma once
/// Block-header sources (broadcast-queue.md, "Block headers: proofs checked
/// against the chain"): what a MINED report claims, and the two APIs that
/// confirm it, as pure functions over requests and answers.
///
///   woc  GET {url}/block/{height}/header -> {"merkleroot", "hash", ...};
///        404: the height is not known yet (unverifiable, not refused)
///   bhs  POST {url}/api/v1/chain/merkleroot/verify
///        [{"merkleRoot", "blockHeight"}] -> {"confirmationState":
///        "CONFIRMED" | "INVALID" | "UNABLE_TO_VERIFY", ...}

#include <cstdint>
#include <optional>
#include <string>

#include "store/proof_tracking.hpp"

namespace bsv::arc {

enum class HeaderApi { woc, bhs };

/// "woc" or "bhs"; nullopt for anything else.
std::optional<HeaderApi> parse_header_api(const std::string& name);

/// What a MINED report with a merkle path claims: the block at `height`
/// has merkle root `merkle_root` (and hash `block_hash`, when ARC said).
/// Display hex, lowercase.
struct RootClaim {
  std::int64_t height = 0;
  std::string merkle_root;
  std::string block_hash;
};

/// The claim of `report`, or nullopt when it claims no block (not MINED,
/// no merkle path, or a path that proves nothing: the proof rule refuses
/// those itself).
std::optional<RootClaim> root_claim(const store::StatusReport& report);

enum class RootVerdict : std::int32_t {
  confirmed = 0,     ///< the source has this root at this height
  refused = 1,       ///< the source has another root (or says INVALID)
  unverifiable = 2,  ///< no answer, or the height is not known to it yet
};

/// What the source said. For woc `confirmed` means "a header came": the
/// caller compares its root with each claim.
struct SourceAnswer {
  RootVerdict verdict = RootVerdict::unverifiable;
  std::string merkle_root;  ///< woc: the block's root; bhs: the claim's when confirmed
  std::string block_hash;   ///< woc: the block's hash
  std::string message;      ///< why not confirmed
};

/// `/block/{height}/header`, to append to the woc base URL.
std::string woc_header_path(std::int64_t height);
/// Reads a woc answer (HTTP `status` 0: none, `error` says why).
SourceAnswer read_woc_header(int status, const std::string& body, const std::string& error,
                             std::int64_t height);

/// The bhs verify request's path and body for `claim`.
std::string bhs_verify_path();
std::string bhs_verify_body(const RootClaim& claim);
/// Reads a bhs verify answer about `claim`.
SourceAnswer read_bhs_verdict(int status, const std::string& body, const std::string& error,
                              const RootClaim& claim);

/// A claim of `claim.height` stands against the header `known` remembered
/// for that height: same root, and same hash when both are known.
bool claim_matches(const RootClaim& claim, const std::string& known_root,
                   const std::string& known_hash);

}  // namespace bsv::arc
