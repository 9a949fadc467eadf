#pragma once
/// Bitcoin transactions: the raw wire format and Extended Format (BRC-30),
/// whose inputs also carry the satoshis and locking script of the output
/// they spend, so that a broadcaster can check fees and scripts without
/// looking the parents up.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/bytes.hpp"

namespace bsv::chain {

/// A transaction id in internal byte order (as hashed); its usual hex form
/// is the reverse.
using Hash = std::array<std::uint8_t, 32>;

/// Hex of a txid as people write it (byte-reversed).
std::string txid_hex(const Hash& hash);
/// The Hash of a txid given as 64 hex characters; throws ParseError.
Hash hash_from_txid_hex(const std::string& hex);

/// Reads 32 bytes as a hash (internal byte order); throws ParseError.
Hash read_hash(Reader& reader, const char* what);

/// Double SHA-256.
Hash sha256d(const Bytes& data);

struct TxInput {
  Hash source_txid{};  ///< internal byte order
  std::uint32_t source_index = 0;
  Bytes unlocking_script;
  std::uint32_t sequence = 0xffffffff;
  /// Extended Format only: the spent output.
  std::optional<std::uint64_t> source_satoshis;
  Bytes source_locking_script;
};

struct TxOutput {
  std::uint64_t satoshis = 0;
  Bytes locking_script;
};

struct Transaction {
  std::uint32_t version = 1;
  std::vector<TxInput> inputs;
  std::vector<TxOutput> outputs;
  std::uint32_t lock_time = 0;

  /// The raw serialization (what the txid hashes).
  Bytes raw() const;
  /// Extended Format; precondition: every input has its source output.
  Bytes extended() const;
  /// True when every input carries its source output.
  bool has_source_outputs() const;
  Hash txid() const { return sha256d(raw()); }
};

/// Parses one transaction, raw or Extended Format (recognised by its
/// marker), from `reader`; throws ParseError.
Transaction read_transaction(Reader& reader);

/// Parses bytes that must hold exactly one transaction; throws ParseError.
Transaction parse_transaction(const Bytes& bytes);

}  // namespace bsv::chain
