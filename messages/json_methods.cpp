#include "messages/json_methods.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <type_traits>
#include <utility>

#include "messages/store_methods.hpp"

namespace bsv::messages {
namespace {

using store::BroadcastQueue;
using store::json;
using store::Store;

// Thrown by the argument readers below, caught once in call_method.
struct BadArgument {
  std::string message;
};

// "(txid, status)" → {"txid", "status"}: a method's arg_names.
std::vector<std::string> param_names(const std::string& text) {
  std::vector<std::string> names;
  std::string name;
  for (char c : text) {
    if (c == '(' || c == ' ') continue;
    if (c == ',' || c == ')') {
      if (!name.empty()) names.push_back(name);
      name.clear();
    } else {
      name += c;
    }
  }
  return names;
}

// Reads the keys of one argument object; refuses keys it was not asked about.
class Args {
 public:
  Args(const json& object, const std::vector<std::string>& allowed) : object_(object) {
    if (!object.is_object()) throw BadArgument{"arguments: must be a JSON object"};
    for (const auto& item : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
        throw BadArgument{"unknown key '" + item.key() + "'"};
    }
  }

  const json* find(const std::string& key) const {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  std::optional<std::string> text(const std::string& key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_string()) throw BadArgument{key + ": must be a string"};
    return value->get<std::string>();
  }
  bool flag(const std::string& key, bool fallback) const {
    const json* value = find(key);
    if (!value) return fallback;
    if (!value->is_boolean()) throw BadArgument{key + ": must be a boolean"};
    return value->get<bool>();
  }
  std::optional<std::int64_t> integer(const std::string& key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number_integer() ||
        (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX)) {
      throw BadArgument{key + ": must be an integer"};
    }
    return value->get<std::int64_t>();
  }
  std::optional<double> number(const std::string& key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) throw BadArgument{key + ": must be a number"};
    return value->get<double>();
  }
  std::optional<std::vector<std::string>> strings(const std::string& key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    const bool ok = value->is_array() && std::all_of(value->begin(), value->end(),
                                                     [](const json& v) { return v.is_string(); });
    if (!ok) throw BadArgument{key + ": must be an array of strings"};
    return value->get<std::vector<std::string>>();
  }
  store::MatchMode mode(const std::string& key) const {
    auto value = text(key);
    if (!value || *value == "any") return store::MatchMode::any;
    if (*value == "all") return store::MatchMode::all;
    throw BadArgument{key + ": must be 'any' or 'all'"};
  }
  store::Page page() const {
    store::Page page;
    page.limit = integer("limit").value_or(page.limit);
    page.offset = integer("offset").value_or(page.offset);
    return page;
  }

 private:
  const json& object_;
};

template <class T>
T required(std::optional<T> value, const std::string& key) {
  if (!value) throw BadArgument{key + ": is required"};
  return std::move(*value);
}

// A parameter read from the key of its name.
template <class T>
T read_param(const Args& a, const std::string& key);
template <>
std::string read_param(const Args& a, const std::string& key) {
  return required(a.text(key), key);
}
template <>
std::optional<std::string> read_param(const Args& a, const std::string& key) {
  return a.text(key);
}
template <>
bool read_param(const Args& a, const std::string& key) {
  return a.flag(key, false);
}
template <>
std::vector<std::string> read_param(const Args& a, const std::string& key) {
  return required(a.strings(key), key);
}
template <>
json read_param(const Args& a, const std::string& key) {
  const json* value = a.find(key);
  return value ? *value : json(nullptr);  // the store refuses null where it must
}
template <>
store::OutputState read_param(const Args& a, const std::string& key) {
  auto state = store::parse_output_state(required(a.text(key), key));
  if (!state) throw BadArgument{key + ": must be spendable, pending or spent"};
  return *state;
}

// A parameter that is the whole argument object (a method's only one).
template <class T>
struct whole_object : std::false_type {};
template <>
struct whole_object<json> : std::true_type {
  static json read(const json& args) { return args; }
};
template <>
struct whole_object<store::ActionQuery> : std::true_type {
  static store::ActionQuery read(const json& args) {
    Args a(args, {"labels", "label_query_mode", "txid", "status", "limit", "offset"});
    return {a.strings("labels"), a.mode("label_query_mode"), a.text("txid"), a.text("status"),
            a.page()};
  }
};
template <>
struct whole_object<store::OutputQuery> : std::true_type {
  static store::OutputQuery read(const json& args) {
    Args a(args,
           {"outpoint", "basket", "tags", "tag_query_mode", "include_spent", "limit", "offset"});
    return {a.text("outpoint"),
            a.text("basket"),
            a.strings("tags"),
            a.mode("tag_query_mode"),
            a.flag("include_spent", false),
            a.page()};
  }
};
template <>
struct whole_object<store::CertificateQuery> : std::true_type {
  static store::CertificateQuery read(const json& args) {
    Args a(args, {"certifiers", "types", "subject", "attributes", "limit", "offset"});
    store::CertificateQuery q{
        a.strings("certifiers"), a.strings("types"), a.text("subject"), {}, a.page()};
    if (const json* attributes = a.find("attributes")) {
      if (!attributes->is_object()) throw BadArgument{"attributes: must be an object"};
      for (const auto& item : attributes->items()) {
        if (!item.value().is_string()) throw BadArgument{"attributes: values must be strings"};
        q.attributes.emplace_back(item.key(), item.value().get<std::string>());
      }
    }
    return q;
  }
};
template <>
struct whole_object<store::SpendableQuery> : std::true_type {
  static store::SpendableQuery read(const json& args) {
    Args a(args, {"basket", "min_satoshis", "sort_order", "limit"});
    const auto order = a.text("sort_order").value_or("desc");
    if (order != "asc" && order != "desc") throw BadArgument{"sort_order: must be 'asc' or 'desc'"};
    return {a.text("basket"), a.integer("min_satoshis").value_or(0),
            order == "asc" ? store::SortOrder::asc : store::SortOrder::desc, a.integer("limit")};
  }
};
template <>
struct whole_object<store::AllocationRequest> : std::true_type {
  static store::AllocationRequest read(const json& args) {
    Args a(args, {"target_satoshis", "reference", "basket", "min_satoshis", "max_outputs",
                  "strategy", "no_send"});
    store::AllocationRequest request;
    request.target_satoshis = required(a.integer("target_satoshis"), "target_satoshis");
    request.reference = required(a.text("reference"), "reference");
    request.basket = a.text("basket");
    request.min_satoshis = a.integer("min_satoshis").value_or(request.min_satoshis);
    request.max_outputs = a.integer("max_outputs").value_or(request.max_outputs);
    if (auto name = a.text("strategy")) {
      auto strategy = store::parse_allocation_strategy(*name);
      if (!strategy) {
        throw BadArgument{"strategy: must be largest_first, smallest_first or oldest_first"};
      }
      request.strategy = *strategy;
    }
    request.no_send = a.flag("no_send", false);
    return request;
  }
};
template <>
struct whole_object<store::EnqueueRequest> : std::true_type {
  static store::EnqueueRequest read(const json& args) {
    Args a(args, {"txid", "beef_hex", "input_outpoints", "change_outpoints", "fund_ref"});
    return {required(a.text("txid"), "txid"), required(a.text("beef_hex"), "beef_hex"),
            a.strings("input_outpoints"), a.strings("change_outpoints"), a.text("fund_ref")};
  }
};

// A method's answer as JSON.
json to_json(json value) {
  return value;
}
json to_json(store::Records records) {
  return json(std::move(records));
}
json to_json(store::Allocation allocation) {
  return {{"outputs", std::move(allocation.outputs)}, {"total", allocation.total}};
}
json to_json(std::optional<std::string> value) {
  return value ? json(std::move(*value)) : json(nullptr);
}
json to_json(std::optional<json> value) {
  return value ? std::move(*value) : json(nullptr);
}
template <class T>
json to_json(T value) {
  return json(std::move(value));
}
template <class T>
Result<json> to_json(Result<T> result) {
  if (!result) return result.error();
  return to_json(std::move(*result));
}

// Calls method M on `receiver` with the arguments read from `args`.
template <class M, class Signature = typename M::signature>
struct json_call;
template <class M, class Answer, class... Params>
struct json_call<M, Result<Answer>(Params...)> {
  template <class Receiver>
  static Result<json> run(Receiver& receiver, const json& args) {
    if constexpr (sizeof...(Params) == 1 && (whole_object<std::decay_t<Params>>::value && ...)) {
      return to_json(M::bind(receiver)(whole_object<std::decay_t<Params>>::read(args)...));
    } else {
      return run_keyed(receiver, args, std::index_sequence_for<Params...>{});
    }
  }

  template <class Receiver, std::size_t... I>
  static Result<json> run_keyed(Receiver& receiver, const json& args, std::index_sequence<I...>) {
    static const std::vector<std::string> names = param_names(M::arg_names);
    const Args a(args, names);
    // Braced initialisers run left to right: the first bad key is named.
    std::tuple<std::decay_t<Params>...> values{read_param<std::decay_t<Params>>(a, names[I])...};
    return to_json(std::apply(M::bind(receiver), values));
  }
};

// release_stale_pending's timeout is optional (300 s), unlike other numbers.
template <>
struct json_call<methods::release_stale_pending> {
  static Result<json> run(Store& store, const json& args) {
    const Args a(args, {"timeout"});
    return to_json(store.release_stale_pending(a.number("timeout").value_or(300)));
  }
};

using Call = Result<json> (*)(Store&, BroadcastQueue*, const json&);

Result<json> no_queue(const std::string& method) {
  return invalid_argument(method + ": this store has no broadcast queue (memory store)");
}

const std::map<std::string, Call>& table() {
  static const std::map<std::string, Call> calls = {
#define BSV_STORE_METHOD(NAME, ...)                             \
  {#NAME, [](Store& store, BroadcastQueue*, const json& args) { \
     return json_call<methods::NAME>::run(store, args);         \
   }},
#define BSV_QUEUE_METHOD(NAME, ...)                                             \
  {#NAME, [](Store&, BroadcastQueue* queue, const json& args) -> Result<json> { \
     if (!queue) return no_queue(#NAME);                                        \
     return json_call<methods::NAME>::run(*queue, args);                        \
   }},
#include "messages/store_methods.def"
  };
  return calls;
}

}  // namespace

const std::vector<std::string>& json_method_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : table()) out.push_back(entry.first);
    return out;  // a std::map's keys are sorted
  }();
  return names;
}

bool is_json_method(const std::string& method) {
  return table().count(method) > 0;
}

Result<json> call_method(Store& store, BroadcastQueue* queue, const std::string& method,
                         const json& args) {
  try {
    auto it = table().find(method);
    if (it == table().end()) return invalid_argument("unknown method '" + method + "'");
    return it->second(store, queue, args);
  } catch (const BadArgument& bad) {
    return invalid_argument(bad.message);
  }
}

}  // namespace bsv::messages
