#include "chain/transaction.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace bsv::chain {
namespace {

// BRC-30: after the version, six bytes 00 00 00 00 00 EF mark Extended Format.
const Bytes kExtendedMarker = {0x00, 0x00, 0x00, 0x00, 0x00, 0xef};

// Smallest possible sizes, used to bound counts before allocating.
constexpr std::size_t kMinInputSize = 32 + 4 + 1 + 4;
constexpr std::size_t kMinOutputSize = 8 + 1;

Hash sha256(const std::uint8_t* data, std::size_t size) {
  Hash out{};
  unsigned int length = 0;
  if (EVP_Digest(data, size, out.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != out.size()) {
    throw std::runtime_error("SHA-256 failed");
  }
  return out;
}

void write_input_core(Writer& w, const TxInput& in) {
  w.bytes(Bytes(in.source_txid.begin(), in.source_txid.end()));
  w.u32(in.source_index);
  w.var_bytes(in.unlocking_script);
}

void write_outputs(Writer& w, const Transaction& tx) {
  w.varint(tx.outputs.size());
  for (const auto& out : tx.outputs) {
    w.u64(out.satoshis);
    w.var_bytes(out.locking_script);
  }
}

}  // namespace

std::string txid_hex(const Hash& hash) {
  Bytes reversed(hash.rbegin(), hash.rend());
  return to_hex(reversed);
}

Hash hash_from_txid_hex(const std::string& hex) {
  const Bytes bytes = from_hex(hex);
  if (bytes.size() != 32) throw ParseError("a txid is 32 bytes");
  Hash h{};
  std::copy(bytes.rbegin(), bytes.rend(), h.begin());
  return h;
}

Hash read_hash(Reader& reader, const char* what) {
  Hash h{};
  const Bytes b = reader.take(32, what);
  std::copy(b.begin(), b.end(), h.begin());
  return h;
}

Hash sha256d(const Bytes& data) {
  const Hash once = sha256(data.data(), data.size());
  return sha256(once.data(), once.size());
}

Bytes Transaction::raw() const {
  Writer w;
  w.u32(version);
  w.varint(inputs.size());
  for (const auto& in : inputs) {
    write_input_core(w, in);
    w.u32(in.sequence);
  }
  write_outputs(w, *this);
  w.u32(lock_time);
  return w.take();
}

bool Transaction::has_source_outputs() const {
  return std::all_of(inputs.begin(), inputs.end(),
                     [](const TxInput& in) { return in.source_satoshis.has_value(); });
}

Bytes Transaction::extended() const {
  Writer w;
  w.u32(version);
  w.bytes(kExtendedMarker);
  w.varint(inputs.size());
  for (const auto& in : inputs) {
    write_input_core(w, in);
    w.u32(in.sequence);
    w.u64(in.source_satoshis.value_or(0));
    w.var_bytes(in.source_locking_script);
  }
  write_outputs(w, *this);
  w.u32(lock_time);
  return w.take();
}

Transaction read_transaction(Reader& reader) {
  Transaction tx;
  tx.version = reader.u32("transaction version");
  const bool extended = reader.next_is(kExtendedMarker);
  if (extended) reader.take(kExtendedMarker.size(), "extended format marker");
  const std::size_t n_inputs = reader.count("input count", kMinInputSize);
  tx.inputs.resize(n_inputs);
  for (auto& in : tx.inputs) {
    in.source_txid = read_hash(reader, "input source txid");
    in.source_index = reader.u32("input source index");
    in.unlocking_script = reader.var_bytes("unlocking script");
    in.sequence = reader.u32("input sequence");
    if (extended) {
      in.source_satoshis = reader.u64("source satoshis");
      in.source_locking_script = reader.var_bytes("source locking script");
    }
  }
  const std::size_t n_outputs = reader.count("output count", kMinOutputSize);
  tx.outputs.resize(n_outputs);
  for (auto& out : tx.outputs) {
    out.satoshis = reader.u64("output satoshis");
    out.locking_script = reader.var_bytes("locking script");
  }
  tx.lock_time = reader.u32("lock time");
  return tx;
}

Transaction parse_transaction(const Bytes& bytes) {
  Reader reader(bytes);
  Transaction tx = read_transaction(reader);
  if (!reader.at_end()) {
    throw ParseError(std::to_string(reader.remaining()) + " bytes after the transaction");
  }
  return tx;
}

}  // namespace bsv::chain
