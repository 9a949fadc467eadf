#include "chain/merkle_tree.hpp"

#include "chain/transaction.hpp"

namespace bsv::chain {
namespace {

// The level above `level` (an odd level repeats its last hash).
std::vector<Hash> parent_level(std::vector<Hash> level) {
  if (level.size() % 2) level.push_back(level.back());
  std::vector<Hash> up;
  for (std::size_t i = 0; i < level.size(); i += 2) {
    Bytes pair(level[i].begin(), level[i].end());
    pair.insert(pair.end(), level[i + 1].begin(), level[i + 1].end());
    up.push_back(sha256d(pair));
  }
  return up;
}

}  // namespace

Hash merkle_root(std::vector<Hash> txids) {
  while (txids.size() > 1) txids = parent_level(txids);
  return txids.at(0);
}

MerklePath merkle_path_for(std::vector<Hash> level, std::uint64_t index,
                           std::uint64_t block_height) {
  MerklePath path;
  path.block_height = block_height;
  std::uint64_t offset = index;
  while (level.size() > 1) {
    std::vector<PathLeaf> leaves;
    if (path.levels.empty()) leaves.push_back({offset, false, true, level[offset]});
    const std::uint64_t sibling = offset ^ 1;
    if (sibling < level.size()) {
      leaves.push_back({sibling, false, false, level[sibling]});
    } else {
      leaves.push_back({sibling, true, false, {}});
    }
    path.levels.push_back(leaves);
    level = parent_level(level);
    offset >>= 1;
  }
  return path;
}

Bytes write_merkle_path(const MerklePath& path) {
  Writer w;
  w.varint(path.block_height);
  w.u8(static_cast<std::uint8_t>(path.levels.size()));
  for (const auto& level : path.levels) {
    w.varint(level.size());
    for (const auto& leaf : level) {
      w.varint(leaf.offset);
      w.u8(leaf.duplicate ? 1 : leaf.client_txid ? 2 : 0);
      if (!leaf.duplicate) w.bytes(Bytes(leaf.hash.begin(), leaf.hash.end()));
    }
  }
  return w.take();
}

}  // namespace bsv::chain
