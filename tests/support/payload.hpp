#pragma once
/// Test transactions: a parent and a child spending it, as raw hex or as a
/// BEEF V1 holding both. `salt` makes each pair (and so each txid) distinct.

#include <cstdint>
#include <string>

#include "chain/beef.hpp"

namespace bsv::testing {

struct Payload {
  chain::Transaction parent, child;
  explicit Payload(std::uint32_t salt) {
    chain::TxInput in;
    in.source_txid[0] = static_cast<std::uint8_t>(salt);
    in.source_txid[1] = static_cast<std::uint8_t>(salt >> 8);
    in.source_txid[2] = static_cast<std::uint8_t>(salt >> 16);
    in.unlocking_script = {0x51};
    parent.inputs.push_back(in);
    parent.outputs.push_back({1000 + salt, {0x51}});
    chain::TxInput spend;
    spend.source_txid = parent.txid();
    spend.unlocking_script = {0x00};
    child.inputs.push_back(spend);
    child.outputs.push_back({900 + salt, {0x6a}});
  }
  std::string txid() const { return chain::txid_hex(child.txid()); }
  std::string raw_hex() const { return chain::to_hex(child.raw()); }
  std::string beef_hex() const {
    chain::Writer w;
    w.u32(0xEFBE0001);
    w.varint(0);
    w.varint(2);
    w.bytes(parent.raw());
    w.u8(0);
    w.bytes(child.raw());
    w.u8(0);
    return chain::to_hex(w.take());
  }
};

}  // namespace bsv::testing
