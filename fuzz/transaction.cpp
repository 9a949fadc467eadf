// Fuzzes transaction decoding: the bytes as a raw / EF transaction, as a
// BEEF (V1, V2, Atomic) and as a BUMP; and their hex as decode_broadcast
// sees an enqueue payload. Every refusal must be a ParseError.

#include "chain/transaction.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

#include "chain/beef.hpp"

namespace {

template <typename F>
void refused_cleanly(F&& f) {
  try {
    f();
  } catch (const bsv::chain::ParseError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv::chain;
  const Bytes bytes(data, data + size);
  refused_cleanly([&] { (void)parse_beef(bytes); });
  refused_cleanly([&] {
    const auto path = parse_merkle_path(bytes);
    if (!path.levels.empty() && !path.levels[0].empty()) {
      refused_cleanly([&] { (void)compute_merkle_root(path, path.levels[0][0].hash); });
    }
  });
  refused_cleanly([&] {
    const auto decoded = decode_broadcast(to_hex(bytes));
    if (decoded.txid.size() != 64) __builtin_trap();
  });
  // The same bytes taken as (possibly broken) hex text.
  refused_cleanly([&] { (void)decode_broadcast(std::string(bytes.begin(), bytes.end())); });
  return 0;
}
