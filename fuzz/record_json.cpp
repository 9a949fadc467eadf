// Fuzzes a JSON method call as `call` makes it: the first line names the
// method (any store method, by index), the rest is the JSON argument text,
// parsed strictly and run against a MemoryStore. Refusals are fine; a crash,
// a leak or undefined behaviour is not, and a refused write must leave the
// store as it was.

#include <cstddef>
#include <cstdint>
#include <string>

#include "messages/json_methods.hpp"
#include "store/json_text.hpp"
#include "store/memory_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv::store;
  if (size == 0) return 0;
  const auto& methods = bsv::messages::json_method_names();
  const std::string method = methods[data[0] % methods.size()];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string error;
  auto args = parse_json_text(text, error);
  if (!args || !args->is_object()) return 0;
  MemoryStore store;
  // Something to find, lock and update besides what the input brings.
  (void)store.store_output({{"outpoint", std::string(64, 'a') + ".0"}, {"satoshis", 5}});
  const auto before = store.count_outputs({});
  auto result = bsv::messages::call_method(store, nullptr, method, *args);
  if (!result && method.rfind("find", 0) != 0 && method.rfind("count", 0) != 0) {
    const auto after = store.count_outputs({});
    if (before.ok() && after.ok() && *before != *after) __builtin_trap();  // a refusal wrote
  }
  if (result) (void)result->dump();  // every answer serializes
  return 0;
}
