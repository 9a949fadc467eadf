#include "chain/beef.hpp"

#include <algorithm>

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
  std::uint64_t offset = own->offset;
  Hash current = txid;
  for (std::size_t height = 0; height < path.levels.size(); ++height) {
    const auto& level = path.levels[height];
    const std::uint64_t sibling_offset = offset ^ 1;
    auto sibling = std::find_if(level.begin(), level.end(), [&](const PathLeaf& leaf) {
      return leaf.offset == sibling_offset;
    });
    if (sibling == level.end()) {
      throw ParseError("merkle path lacks the sibling at height " + std::to_string(height) +
                       ", offset " + std::to_string(sibling_offset));
    }
    const Hash& other = sibling->duplicate ? current : sibling->hash;
    Bytes pair;
    const Hash& left = offset % 2 == 0 ? current : other;
    const Hash& right = offset % 2 == 0 ? other : current;
    pair.insert(pair.end(), left.begin(), left.end());
    pair.insert(pair.end(), right.begin(), right.end());
    current = sha256d(pair);
    offset >>= 1;
  }
  return current;
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
