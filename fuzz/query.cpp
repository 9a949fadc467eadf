// Fuzzes the query objects of the find_* / count_* methods (filters,
// tags, labels, pagination, certificate attributes) and allocate_utxos'
// request over a MemoryStore that holds a few records, so that filters and
// coin selection really run.

#include <cstddef>
#include <cstdint>
#include <string>

#include "messages/json_methods.hpp"
#include "store/json_text.hpp"
#include "store/memory_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv::store;
  static const char* const kQueries[] = {
      "find_outputs",      "count_outputs",      "find_actions",           "count_actions",
      "find_certificates", "count_certificates", "find_spendable_outputs", "allocate_utxos"};
  if (size == 0) return 0;
  const std::string method = kQueries[data[0] % (sizeof kQueries / sizeof kQueries[0])];
  std::string error;
  auto query =
      parse_json_text(std::string(reinterpret_cast<const char*>(data + 1), size - 1), error);
  if (!query || !query->is_object()) return 0;
  MemoryStore store;
  const std::string txid(64, 'b');
  (void)store.store_output(
      {{"outpoint", txid + ".0"}, {"satoshis", 7}, {"basket", "default"}, {"tags", {"a", "b"}}});
  (void)store.store_output({{"outpoint", txid + ".1"}, {"satoshis", 9}, {"basket", "x"}});
  (void)store.store_action({{"txid", txid}, {"status", "completed"}, {"labels", {"pay"}}});
  (void)store.store_certificate({{"type", "t"},
                                 {"serial_number", "s"},
                                 {"certifier", "c"},
                                 {"subject", "me"},
                                 {"fields", {{"name", "x"}}}});
  auto result = bsv::messages::call_method(store, nullptr, method, *query);
  if (result) (void)result->dump();
  return 0;
}
