#include "messages/store_wire.hpp"

#include "store/json_text.hpp"

namespace bsv::messages {

Result<store::json> wire<store::json>::load(const record& value, const char* what) {
  std::string error;
  auto parsed = store::parse_json_text(value.json, error);
  if (!parsed) return invalid_argument(std::string(what) + ": not valid JSON: " + error);
  return std::move(*parsed);
}

record_list wire<store::Records>::save(const store::Records& records) {
  record_list list;
  list.json.reserve(records.size());
  for (const auto& r : records) list.json.push_back(r.dump());
  return list;
}

Result<store::Records> wire<store::Records>::load(const record_list& records, const char* what) {
  store::Records out;
  out.reserve(records.json.size());
  for (const auto& text : records.json) {
    auto parsed = wire<store::json>::load(record{text}, what);
    if (!parsed) return parsed.error();
    out.push_back(std::move(*parsed));
  }
  return out;
}

Result<std::optional<store::json>> wire<std::optional<store::json>>::load(const maybe_text& value,
                                                                          const char* what) {
  if (!value.present) return std::optional<store::json>{};
  auto parsed = wire<store::json>::load(record{value.text}, what);
  if (!parsed) return parsed.error();
  return std::optional<store::json>(std::move(*parsed));
}

record wire<store::Allocation>::save(const store::Allocation& allocation) {
  return {store::json{{"outputs", allocation.outputs}, {"total", allocation.total}}.dump()};
}

Result<store::Allocation> wire<store::Allocation>::load(const record& value, const char* what) {
  auto parsed = wire<store::json>::load(value, what);
  if (!parsed) return parsed.error();
  const auto outputs = parsed->find("outputs");
  const auto total = parsed->find("total");
  if (!parsed->is_object() || outputs == parsed->end() || !outputs->is_array() ||
      total == parsed->end() || !total->is_number_integer()) {
    return invalid_argument(std::string(what) + ": not an allocation {outputs, total}");
  }
  return store::Allocation{outputs->get<store::Records>(), total->get<std::int64_t>()};
}

Result<store::OutputState> wire<store::OutputState>::load(const std::string& text, const char*) {
  auto state = store::parse_output_state(text);
  if (!state) return invalid_argument("state: must be spendable, pending or spent");
  return *state;
}

}  // namespace bsv::messages
