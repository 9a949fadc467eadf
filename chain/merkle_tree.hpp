#pragma once
/// Building merkle trees and paths, for ARC's simulator (which "mines"
/// blocks) and the tests: the textbook tree where an odd level repeats its
/// last hash, and BUMPs (BRC-74) serialized byte for byte.

#include <vector>

#include "chain/beef.hpp"

namespace bsv::chain {

/// The merkle root of a block whose transactions are `txids`, in order.
Hash merkle_root(std::vector<Hash> txids);

/// The BUMP proving leaf `index` of `txids` (at least two, as every real
/// block has a coinbase besides) at `block_height`: that txid (flagged as
/// the client's) and one sibling per level.
MerklePath merkle_path_for(std::vector<Hash> txids, std::uint64_t index,
                           std::uint64_t block_height);

/// `path` in BRC-74's binary form (what parse_merkle_path reads).
Bytes write_merkle_path(const MerklePath& path);

}  // namespace bsv::chain
