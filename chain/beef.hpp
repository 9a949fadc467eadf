#pragma once
/// BEEF (BRC-62, V1), BEEF V2 with txid-only entries (BRC-96), Atomic BEEF
/// (BRC-95) and the BUMP merkle paths they carry (BRC-74): strict, bounded
/// parsing, and what a broadcaster needs from them: the subject
/// transaction, its txid, and its Extended Format when every input's source
/// output is in the BEEF.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/transaction.hpp"

namespace bsv::chain {

/// One leaf of a BUMP level.
struct PathLeaf {
  std::uint64_t offset = 0;
  bool duplicate = false;    ///< flag 1: hash this node with itself, no hash given
  bool client_txid = false;  ///< flag 2: this leaf is a transaction of interest
  Hash hash{};
};

/// A merkle path from some transactions up to a block's merkle root.
struct MerklePath {
  std::uint64_t block_height = 0;
  std::vector<std::vector<PathLeaf>> levels;  ///< levels[0] holds the txids
};

/// The merkle root (internal byte order) that `path` proves for `txid`:
/// combine upwards with the sibling on each level (a duplicate leaf is
/// combined with itself). Throws ParseError when `txid` is not a leaf of
/// the path or a level lacks the needed sibling.
Hash compute_merkle_root(const MerklePath& path, const Hash& txid);

/// Reads one BUMP; throws ParseError, also when its transaction leaves do
/// not all lead to the same root (a BUMP describes one block).
MerklePath read_merkle_path(Reader& reader);
/// Parses bytes that must hold exactly one BUMP; throws ParseError.
MerklePath parse_merkle_path(const Bytes& bytes);

/// One transaction entry of a BEEF.
struct BeefEntry {
  std::optional<Transaction> transaction;  ///< absent for a V2 txid-only entry
  Hash txid{};
  std::optional<std::size_t> bump_index;
};

struct Beef {
  std::uint32_t version = 0;  ///< 1 or 2
  std::vector<MerklePath> bumps;
  std::vector<BeefEntry> entries;
  std::optional<Hash> atomic_txid;  ///< set for Atomic BEEF

  /// The transaction the BEEF is about: the atomic txid's entry, else the
  /// last one. Throws ParseError if it is missing or only a txid.
  const BeefEntry& subject() const;
  /// The entry for `txid`, or null.
  const BeefEntry* find(const Hash& txid) const;
};

/// True when `bytes` start like a BEEF (V1, V2 or Atomic).
bool looks_like_beef(const Bytes& bytes);

/// Parses a BEEF, BEEF V2 or Atomic BEEF; throws ParseError.
Beef parse_beef(const Bytes& bytes);

/// What enqueue and the ARC client need from a broadcast payload.
struct BroadcastTx {
  std::string txid;     ///< display hex
  std::string raw_hex;  ///< the raw transaction
  std::string ef_hex;   ///< Extended Format when every source output is known, else empty
};

/// Decodes `hex` as BEEF (any kind), Extended Format or a raw transaction
/// and describes its subject. Throws ParseError naming what is wrong.
BroadcastTx decode_broadcast(const std::string& hex);

}  // namespace bsv::chain
