#include "chain/beef.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace bsv::chain {
namespace {

constexpr std::uint32_t kBeefV1 = 0xEFBE0001;  // bytes 01 00 BE EF
constexpr std::uint32_t kBeefV2 = 0xEFBE0002;  // bytes 02 00 BE EF
constexpr std::uint32_t kAtomicBeef = 0x01010101;

enum : std::uint8_t { kRawTx = 0, kRawTxAndBumpIndex = 1, kTxidOnly = 2 };

constexpr std::size_t kMinLeafSize = 1 + 1;  // offset varint + flags (duplicate)
constexpr std::size_t kMinBumpSize = 1 + 1;
constexpr std::size_t kMinEntrySize = 1;
constexpr std::uint8_t kMaxTreeHeight = 64;

std::size_t bump_index(Reader& reader, std::size_t n_bumps) {
  const std::uint64_t index = reader.varint("bump index");
  if (index >= n_bumps) {
    throw ParseError("bump index " + std::to_string(index) + " but only " +
                     std::to_string(n_bumps) + " bumps");
  }
  return static_cast<std::size_t>(index);
}

BeefEntry read_entry(Reader& reader, std::uint32_t version, std::size_t n_bumps) {
  BeefEntry entry;
  if (version == kBeefV2) {
    const std::uint8_t format = reader.u8("transaction format");
    if (format == kTxidOnly) {
      entry.txid = read_hash(reader, "txid-only entry");
      return entry;
    }
    if (format == kRawTxAndBumpIndex) {
      entry.bump_index = bump_index(reader, n_bumps);
    } else if (format != kRawTx) {
      throw ParseError("unknown transaction format " + std::to_string(format));
    }
    entry.transaction = read_transaction(reader);
  } else {
    entry.transaction = read_transaction(reader);
    const std::uint8_t has_bump = reader.u8("has-bump flag");
    if (has_bump > 1) throw ParseError("has-bump flag must be 0 or 1");
    if (has_bump) entry.bump_index = bump_index(reader, n_bumps);
  }
  entry.txid = entry.transaction->txid();
  return entry;
}

}  // namespace

namespace {

Hash hash_pair(const Hash& left, const Hash& right) {
  Bytes pair(left.begin(), left.end());
  pair.insert(pair.end(), right.begin(), right.end());
  return sha256d(pair);
}

// The nodes of a merkle path by height and offset: those it gives, and
// those computed from the two below them, each computed once.
class PathNodes {
 public:
  explicit PathNodes(const MerklePath& path)
      : given_(path.levels.size()), known_(path.levels.size()) {
    for (std::size_t height = 0; height < path.levels.size(); ++height) {
      for (const auto& leaf : path.levels[height]) {
        if (!given_[height].emplace(leaf.offset, &leaf).second) {
          throw ParseError("merkle path has two leaves at height " + std::to_string(height) +
                           ", offset " + std::to_string(leaf.offset));
        }
      }
    }
  }

  std::size_t height() const { return given_.size(); }

  // The leaf given at (height, offset), or null.
  const PathLeaf* given(std::size_t height, std::uint64_t offset) const {
    const auto found = given_[height].find(offset);
    return found == given_[height].end() ? nullptr : found->second;
  }

  // The hash at (height, offset) beside `current` (a duplicate leaf is
  // `current` itself): given, or computed from below; throws when neither.
  Hash sibling(std::size_t height, std::uint64_t offset, const Hash& current) {
    if (const auto* leaf = given(height, offset)) return leaf->duplicate ? current : leaf->hash;
    if (auto computed = from_below(height, offset)) return *computed;
    throw ParseError("merkle path lacks the sibling at height " + std::to_string(height) +
                     ", offset " + std::to_string(offset));
  }

  // The root that leaf `offset` with `hash` leads to.
  Hash root(std::uint64_t offset, Hash hash) {
    for (std::size_t height = 0; height < given_.size(); ++height) {
      const Hash other = sibling(height, offset ^ 1, hash);
      hash = offset % 2 == 0 ? hash_pair(hash, other) : hash_pair(other, hash);
      offset >>= 1;
    }
    return hash;
  }

 private:
  // (height, offset) from the two nodes below it, when both are there.
  std::optional<Hash> from_below(std::size_t height, std::uint64_t offset) {
    if (height == 0) return std::nullopt;
    auto& known = known_[height];
    if (auto found = known.find(offset); found != known.end()) return found->second;
    const auto left = node(height - 1, offset * 2);
    if (!left) return std::nullopt;
    const auto* right_leaf = given(height - 1, offset * 2 + 1);
    std::optional<Hash> right;
    if (right_leaf && right_leaf->duplicate) {
      right = left;
    } else {
      right = node(height - 1, offset * 2 + 1);
    }
    if (!right) return std::nullopt;
    return known.emplace(offset, hash_pair(*left, *right)).first->second;
  }

  std::optional<Hash> node(std::size_t height, std::uint64_t offset) {
    const auto* leaf = given(height, offset);
    if (leaf && !leaf->duplicate) return leaf->hash;
    return from_below(height, offset);
  }

  std::vector<std::unordered_map<std::uint64_t, const PathLeaf*>> given_;
  std::vector<std::unordered_map<std::uint64_t, Hash>> known_;
};

// A BUMP describes one block: every transaction leaf must lead to the same
// root (the reference SDK refuses one that does not: "mismatched roots").
// Climbs from the leaves remember every node they computed or used as a
// sibling, and each later climb must agree with them wherever it passes;
// it stops at a node an earlier climb passed through (from there on it
// would repeat that one), so each node is hashed once.
void check_one_root(const MerklePath& path) {
  struct Seen {
    Hash hash;
    bool passed;  // a climb went through it (else it was only a sibling)
  };
  PathNodes nodes(path);
  std::vector<std::unordered_map<std::uint64_t, Seen>> seen(path.levels.size());
  const auto agree = [&](std::size_t height, std::uint64_t offset, const Hash& hash,
                         std::uint64_t leaf) -> Seen& {
    auto& entry = seen[height].try_emplace(offset, Seen{hash, false}).first->second;
    if (entry.hash != hash) {
      throw ParseError("merkle path has mismatched roots: leaf " + std::to_string(leaf) +
                       " leads to another node at height " + std::to_string(height) + ", offset " +
                       std::to_string(offset) + " than an earlier leaf");
    }
    return entry;
  };
  for (const auto& leaf : path.levels[0]) {
    if (leaf.duplicate) continue;
    std::uint64_t offset = leaf.offset;
    Hash hash = leaf.hash;
    for (std::size_t height = 0; height < path.levels.size(); ++height) {
      auto& here = agree(height, offset, hash, leaf.offset);
      if (here.passed) break;
      here.passed = true;
      const Hash other = nodes.sibling(height, offset ^ 1, hash);
      agree(height, offset ^ 1, other, leaf.offset);
      hash = offset % 2 == 0 ? hash_pair(hash, other) : hash_pair(other, hash);
      offset >>= 1;
    }
  }
}

}  // namespace

MerklePath read_merkle_path(Reader& reader) {
  MerklePath path;
  path.block_height = reader.varint("block height");
  const std::uint8_t height = reader.u8("tree height");
  if (height == 0 || height > kMaxTreeHeight) {
    throw ParseError("tree height " + std::to_string(height) + " out of range 1..64");
  }
  path.levels.resize(height);
  for (auto& level : path.levels) {
    level.resize(reader.count("leaf count", kMinLeafSize));
    for (auto& leaf : level) {
      leaf.offset = reader.varint("leaf offset");
      const std::uint8_t flags = reader.u8("leaf flags");
      if (flags > 2) throw ParseError("unknown leaf flags " + std::to_string(flags));
      leaf.duplicate = flags == 1;
      leaf.client_txid = flags == 2;
      if (!leaf.duplicate) leaf.hash = read_hash(reader, "leaf hash");
    }
  }
  check_one_root(path);
  return path;
}

Hash compute_merkle_root(const MerklePath& path, const Hash& txid) {
  if (path.levels.empty()) throw ParseError("merkle path has no levels");
  const auto& leaves = path.levels[0];
  auto own = std::find_if(leaves.begin(), leaves.end(), [&](const PathLeaf& leaf) {
    return !leaf.duplicate && leaf.hash == txid;
  });
  if (own == leaves.end())
    throw ParseError("txid " + txid_hex(txid) + " is not in the merkle path");
  return PathNodes(path).root(own->offset, txid);
}

MerklePath parse_merkle_path(const Bytes& bytes) {
  Reader reader(bytes);
  MerklePath path = read_merkle_path(reader);
  if (!reader.at_end())
    throw ParseError(std::to_string(reader.remaining()) + " bytes after the BUMP");
  return path;
}

const BeefEntry& Beef::subject() const {
  if (entries.empty()) throw ParseError("BEEF holds no transaction");
  const BeefEntry* subject = atomic_txid ? find(*atomic_txid) : &entries.back();
  if (!subject) throw ParseError("Atomic BEEF subject " + txid_hex(*atomic_txid) + " is not in it");
  if (!subject->transaction)
    throw ParseError("the subject " + txid_hex(subject->txid) + " is only a txid");
  return *subject;
}

const BeefEntry* Beef::find(const Hash& txid) const {
  for (const auto& entry : entries) {
    if (entry.txid == txid) return &entry;
  }
  return nullptr;
}

bool looks_like_beef(const Bytes& bytes) {
  if (bytes.size() < 4) return false;
  const std::uint32_t version =
      static_cast<std::uint32_t>(bytes[0]) | static_cast<std::uint32_t>(bytes[1]) << 8 |
      static_cast<std::uint32_t>(bytes[2]) << 16 | static_cast<std::uint32_t>(bytes[3]) << 24;
  return version == kBeefV1 || version == kBeefV2 || version == kAtomicBeef;
}

Beef parse_beef(const Bytes& bytes) {
  Reader reader(bytes);
  Beef beef;
  std::uint32_t version = reader.u32("BEEF version");
  if (version == kAtomicBeef) {
    beef.atomic_txid = read_hash(reader, "atomic subject txid");
    version = reader.u32("BEEF version");
  }
  if (version != kBeefV1 && version != kBeefV2) throw ParseError("not a BEEF (version bytes)");
  beef.version = version == kBeefV1 ? 1 : 2;
  beef.bumps.resize(reader.count("bump count", kMinBumpSize));
  for (auto& bump : beef.bumps) bump = read_merkle_path(reader);
  beef.entries.resize(reader.count("transaction count", kMinEntrySize));
  for (auto& entry : beef.entries) entry = read_entry(reader, version, beef.bumps.size());
  if (!reader.at_end())
    throw ParseError(std::to_string(reader.remaining()) + " bytes after the BEEF");
  return beef;
}

BroadcastTx decode_broadcast(const std::string& hex) {
  const Bytes bytes = from_hex(hex);
  Transaction tx;
  if (looks_like_beef(bytes)) {
    const Beef beef = parse_beef(bytes);
    tx = *beef.subject().transaction;
    // Fill in each input's source output from its parent in the BEEF.
    for (auto& in : tx.inputs) {
      const BeefEntry* parent = beef.find(in.source_txid);
      if (!parent || !parent->transaction || in.source_index >= parent->transaction->outputs.size())
        continue;
      const auto& spent = parent->transaction->outputs[in.source_index];
      in.source_satoshis = spent.satoshis;
      in.source_locking_script = spent.locking_script;
    }
  } else {
    tx = parse_transaction(bytes);
  }
  return {txid_hex(tx.txid()), to_hex(tx.raw()),
          tx.has_source_outputs() ? to_hex(tx.extended()) : ""};
}

}  // namespace bsv::chain
