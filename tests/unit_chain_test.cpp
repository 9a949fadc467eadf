// Transactions, Extended Format, BEEF (V1, V2, Atomic) and BUMPs: known
// vectors, round trips of transactions built here, and malformed input.

#include <gtest/gtest.h>

#include <random>

#include "chain/beef.hpp"
#include "chain/merkle_tree.hpp"

namespace bsv::chain {
namespace {

// Bitcoin's genesis coinbase, and its well-known txid.
const char* const kGenesisTx =
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d"
    "01044554"
    "68652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f6620736563"
    "6f6e64"
    "206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a671"
    "30b710"
    "5cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d"
    "5fac00"
    "000000";
const char* const kGenesisTxid = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

Bytes script(std::initializer_list<std::uint8_t> bytes) {
  return Bytes(bytes);
}

// A parent paying two outputs, and a child spending the second one.
struct Family {
  Transaction parent;
  Transaction child;
  Family() {
    parent.version = 1;
    TxInput coinbase_like;
    coinbase_like.source_txid = hash_from_txid_hex(kGenesisTxid);
    coinbase_like.unlocking_script = script({0x51});
    parent.inputs.push_back(coinbase_like);
    parent.outputs.push_back({5000, script({0x76, 0xa9, 0x14, 0x88, 0xac})});
    parent.outputs.push_back({1234, script({0x51, 0x87})});
    child.version = 2;
    TxInput spend;
    spend.source_txid = parent.txid();
    spend.source_index = 1;
    spend.unlocking_script = script({0x00, 0x51});
    spend.sequence = 0xfffffffe;
    child.inputs.push_back(spend);
    child.outputs.push_back({1000, script({0x6a, 0x01, 0x42})});
    child.lock_time = 800000;
  }
};

// A one-level BUMP proving `txid` beside a sibling.
Bytes bump_for(const Hash& txid) {
  Writer w;
  w.varint(812345);  // block height
  w.u8(1);           // tree height
  w.varint(2);       // leaves at level 0
  w.varint(0);
  w.u8(2);  // client txid
  w.bytes(Bytes(txid.begin(), txid.end()));
  w.varint(1);
  w.u8(1);  // duplicate
  return w.take();
}

Bytes beef_v1(const Family& f) {
  Writer w;
  w.u32(0xEFBE0001);
  w.varint(1);
  w.bytes(bump_for(f.parent.txid()));
  w.varint(2);
  w.bytes(f.parent.raw());
  w.u8(1);
  w.varint(0);
  w.bytes(f.child.raw());
  w.u8(0);
  return w.take();
}

Bytes beef_v2(const Family& f, bool parent_txid_only, bool child_txid_only = false) {
  Writer w;
  w.u32(0xEFBE0002);
  w.varint(1);
  w.bytes(bump_for(f.parent.txid()));
  w.varint(2);
  for (const auto* tx : {&f.parent, &f.child}) {
    const bool txid_only = tx == &f.parent ? parent_txid_only : child_txid_only;
    if (txid_only) {
      w.u8(2);
      const Hash id = tx->txid();
      w.bytes(Bytes(id.begin(), id.end()));
    } else if (tx == &f.parent) {
      w.u8(1);
      w.varint(0);
      w.bytes(tx->raw());
    } else {
      w.u8(0);
      w.bytes(tx->raw());
    }
  }
  return w.take();
}

TEST(Chain, GenesisCoinbaseTxid) {
  const Transaction tx = parse_transaction(from_hex(kGenesisTx));
  EXPECT_EQ(txid_hex(tx.txid()), kGenesisTxid);
  EXPECT_EQ(to_hex(tx.raw()), kGenesisTx) << "re-serializes byte for byte";
  ASSERT_EQ(tx.outputs.size(), 1u);
  EXPECT_EQ(tx.outputs[0].satoshis, 5000000000u);
  const Hash empty = sha256d({});
  EXPECT_EQ(to_hex(Bytes(empty.begin(), empty.end())),
            "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456");
}

TEST(Chain, ExtendedFormatRoundTrip) {
  Family f;
  Transaction ef = f.child;
  ef.inputs[0].source_satoshis = 1234;
  ef.inputs[0].source_locking_script = f.parent.outputs[1].locking_script;
  const Transaction back = parse_transaction(ef.extended());
  EXPECT_EQ(back.txid(), f.child.txid()) << "the EF extras are not part of the txid";
  ASSERT_TRUE(back.has_source_outputs());
  EXPECT_EQ(*back.inputs[0].source_satoshis, 1234u);
  EXPECT_EQ(back.inputs[0].source_locking_script, f.parent.outputs[1].locking_script);
  EXPECT_EQ(back.extended(), ef.extended());
  EXPECT_FALSE(parse_transaction(f.child.raw()).has_source_outputs());
}

TEST(Chain, DecodeRawAndEf) {
  Family f;
  const auto raw = decode_broadcast(to_hex(f.child.raw()));
  EXPECT_EQ(raw.txid, txid_hex(f.child.txid()));
  EXPECT_EQ(raw.raw_hex, to_hex(f.child.raw()));
  EXPECT_TRUE(raw.ef_hex.empty());
  Transaction ef = f.child;
  ef.inputs[0].source_satoshis = 1234;
  ef.inputs[0].source_locking_script = f.parent.outputs[1].locking_script;
  const auto from_ef = decode_broadcast(to_hex(ef.extended()));
  EXPECT_EQ(from_ef.txid, raw.txid);
  EXPECT_EQ(from_ef.ef_hex, to_hex(ef.extended()));
}

TEST(Chain, BeefV1SubjectAndExtendedFormat) {
  Family f;
  const Beef beef = parse_beef(beef_v1(f));
  EXPECT_EQ(beef.version, 1u);
  ASSERT_EQ(beef.bumps.size(), 1u);
  EXPECT_EQ(beef.bumps[0].block_height, 812345u);
  EXPECT_EQ(beef.entries[0].bump_index, std::optional<std::size_t>(0));
  EXPECT_EQ(beef.subject().txid, f.child.txid());
  const auto decoded = decode_broadcast(to_hex(beef_v1(f)));
  EXPECT_EQ(decoded.txid, txid_hex(f.child.txid()));
  const Transaction ef = parse_transaction(from_hex(decoded.ef_hex));
  EXPECT_EQ(*ef.inputs[0].source_satoshis, 1234u) << "taken from the parent in the BEEF";
  EXPECT_EQ(ef.txid(), f.child.txid());
}

TEST(Chain, BeefV2WithTxidOnlyParent) {
  Family f;
  const auto full = decode_broadcast(to_hex(beef_v2(f, false)));
  EXPECT_EQ(full.txid, txid_hex(f.child.txid()));
  EXPECT_FALSE(full.ef_hex.empty());
  const auto known_parent = decode_broadcast(to_hex(beef_v2(f, true)));
  EXPECT_EQ(known_parent.txid, full.txid);
  EXPECT_TRUE(known_parent.ef_hex.empty()) << "the parent is only a txid: raw transaction only";
  EXPECT_THROW(decode_broadcast(to_hex(beef_v2(f, false, true))), ParseError)
      << "subject only a txid";
}

TEST(Chain, AtomicBeefNamesItsSubject) {
  Family f;
  auto atomic = [&](const Hash& subject) {
    Writer w;
    w.u32(0x01010101);
    w.bytes(Bytes(subject.begin(), subject.end()));
    w.bytes(beef_v1(f));
    return w.take();
  };
  EXPECT_EQ(decode_broadcast(to_hex(atomic(f.parent.txid()))).txid, txid_hex(f.parent.txid()));
  EXPECT_EQ(decode_broadcast(to_hex(atomic(f.child.txid()))).txid, txid_hex(f.child.txid()));
  Hash stranger{};
  stranger[0] = 7;
  EXPECT_THROW(decode_broadcast(to_hex(atomic(stranger))), ParseError);
}

TEST(Chain, EveryTruncationIsAnError) {
  Family f;
  for (const Bytes& whole : {beef_v1(f), beef_v2(f, true), f.child.raw()}) {
    for (std::size_t n = 0; n < whole.size(); ++n) {
      const Bytes part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
      EXPECT_THROW(decode_broadcast(to_hex(part)), ParseError) << "prefix of " << n << " bytes";
    }
  }
}

TEST(Chain, AbsurdCountsAndFlagsAreRefusedWithoutAllocating) {
  Writer w;
  w.u32(1);
  w.u8(0xff);
  w.u64(0xffffffffffffffffULL);  // input count
  EXPECT_THROW(parse_transaction(w.take()), ParseError);
  Writer beef;
  beef.u32(0xEFBE0001);
  beef.u8(0xfe);
  beef.u32(0xffffffff);  // bump count
  EXPECT_THROW(parse_beef(beef.take()), ParseError);
  Writer bad_index;
  Family f;
  bad_index.u32(0xEFBE0001);
  bad_index.varint(0);
  bad_index.varint(1);
  bad_index.bytes(f.child.raw());
  bad_index.u8(1);
  bad_index.varint(3);  // no such bump
  EXPECT_THROW(parse_beef(bad_index.take()), ParseError);
  EXPECT_THROW(decode_broadcast("0g"), ParseError);
  EXPECT_THROW(decode_broadcast("abc"), ParseError);
  EXPECT_THROW(decode_broadcast(""), ParseError);
}

// Bitcoin block 170 (the first with a payment) holds two transactions.
TEST(Chain, MerkleRootOfARealBlock) {
  const std::vector<Hash> block170 = {
      hash_from_txid_hex("b1fea52486ce0c62bb442b530a3f0132b826c74e473d1f2c220bfa78111c5082"),
      hash_from_txid_hex("f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16")};
  EXPECT_EQ(txid_hex(merkle_root(block170)),
            "7dac2c5666815c17a3b36427de37bb9d2e2c5ccec3f8633eb91a4205cb4c10ff");
  const auto path = parse_merkle_path(write_merkle_path(merkle_path_for(block170, 1, 170)));
  EXPECT_EQ(path.block_height, 170u);
  EXPECT_EQ(compute_merkle_root(path, block170[1]), merkle_root(block170));
}

TEST(Chain, MerklePathProvesTheBlockRoot) {
  for (std::size_t n : {2u, 3u, 5u, 8u, 13u}) {
    std::vector<Hash> txids;
    for (std::size_t i = 0; i < n; ++i) {
      Hash h{};
      h[0] = static_cast<std::uint8_t>(i + 1);
      h[31] = static_cast<std::uint8_t>(n);
      txids.push_back(sha256d(Bytes(h.begin(), h.end())));
    }
    const Hash root = merkle_root(txids);
    for (std::size_t i = 0; i < n; ++i) {
      const MerklePath path = parse_merkle_path(write_merkle_path(merkle_path_for(txids, i, 100)));
      EXPECT_EQ(compute_merkle_root(path, txids[i]), root) << n << " transactions, leaf " << i;
    }
    const MerklePath path = merkle_path_for(txids, 0, 100);
    Hash stranger{};
    stranger[5] = 9;
    EXPECT_THROW(compute_merkle_root(path, stranger), ParseError)
        << "a txid the path does not hold";
    MerklePath broken = path;
    broken.levels.back().clear();
    EXPECT_THROW(compute_merkle_root(broken, txids[0]), ParseError);
  }
}

// A BUMP describes one block: extra leaves must lead to the root the
// txid's leaf does. Four transactions; the path for t0 gives H(t2,t3) at
// height 1 with one bit flipped, and also carries t2 and t3 themselves,
// which lead to the true root: refused. Compound paths (two txids whose
// upper siblings are computed from each other's leaves) still parse.
TEST(Chain, AMerklePathWhoseLeavesDisagreeOnTheRootIsRefused) {
  std::vector<Hash> txids;
  for (std::uint8_t i = 1; i <= 4; ++i) {
    Hash h{};
    h[0] = i;
    txids.push_back(sha256d(Bytes(h.begin(), h.end())));
  }
  MerklePath lying = merkle_path_for(txids, 0, 100);
  ASSERT_EQ(lying.levels.size(), 2u);
  lying.levels[1][0].hash[7] ^= 0x01;  // H(t2,t3), one bit flipped
  EXPECT_NO_THROW(parse_merkle_path(write_merkle_path(lying))) << "alone it is just another root";
  lying.levels[0].push_back({2, false, false, txids[2]});
  lying.levels[0].push_back({3, false, false, txids[3]});
  try {
    parse_merkle_path(write_merkle_path(lying));
    ADD_FAILURE() << "a path with two roots was accepted";
  } catch (const ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("mismatched roots"), std::string::npos) << e.what();
  }
  MerklePath compound = merkle_path_for(txids, 0, 100);
  compound.levels[1].clear();  // H(t2,t3) now comes from the leaves below
  compound.levels[0].push_back({2, false, true, txids[2]});
  compound.levels[0].push_back({3, false, false, txids[3]});
  const auto parsed = parse_merkle_path(write_merkle_path(compound));
  EXPECT_EQ(compute_merkle_root(parsed, txids[0]), merkle_root(txids));
  EXPECT_EQ(compute_merkle_root(parsed, txids[2]), merkle_root(txids));
}

TEST(Chain, RandomCorruptionNeverCrashes) {
  Family f;
  const Bytes good = beef_v2(f, false);
  std::mt19937 rng(42);
  int parsed = 0, refused = 0;
  for (int round = 0; round < 3000; ++round) {
    Bytes bytes = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i) bytes[rng() % bytes.size()] = static_cast<std::uint8_t>(rng());
    try {
      decode_broadcast(to_hex(bytes));
      ++parsed;
    } catch (const ParseError&) {
      ++refused;
    }
  }
  EXPECT_EQ(parsed + refused, 3000);
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace bsv::chain
