#include "store/json_api.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "store/validation.hpp"

namespace bsv::store {
namespace {

// Thrown by the argument readers below, caught once in call_method.
struct BadArgument {
  std::string message;
};

// Reads the keys of one argument object; refuses keys it was not asked about.
class Args {
 public:
  Args(const json& object, std::initializer_list<const char*> allowed) : object_(object) {
    if (!object.is_object()) throw BadArgument{"arguments: must be a JSON object"};
    for (const auto& item : object.items()) {
      const bool known = std::any_of(allowed.begin(), allowed.end(),
                                     [&](const char* key) { return item.key() == key; });
      if (!known) throw BadArgument{"unknown key '" + item.key() + "'"};
    }
  }

  const json* find(const char* key) const {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::optional<std::string> text(const char* key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_string()) throw BadArgument{std::string(key) + ": must be a string"};
    return value->get<std::string>();
  }
  std::string required_text(const char* key) const {
    auto value = text(key);
    if (!value) throw BadArgument{std::string(key) + ": is required"};
    return *value;
  }
  bool flag(const char* key, bool fallback) const {
    const json* value = find(key);
    if (!value) return fallback;
    if (!value->is_boolean()) throw BadArgument{std::string(key) + ": must be a boolean"};
    return value->get<bool>();
  }
  std::optional<std::int64_t> integer(const char* key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number_integer() ||
        (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX)) {
      throw BadArgument{std::string(key) + ": must be an integer"};
    }
    return value->get<std::int64_t>();
  }
  std::optional<double> number(const char* key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_number()) throw BadArgument{std::string(key) + ": must be a number"};
    return value->get<double>();
  }
  std::optional<std::vector<std::string>> strings(const char* key) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    const bool ok = value->is_array() && std::all_of(value->begin(), value->end(),
                                                     [](const json& v) { return v.is_string(); });
    if (!ok) throw BadArgument{std::string(key) + ": must be an array of strings"};
    return value->get<std::vector<std::string>>();
  }
  MatchMode mode(const char* key) const {
    auto value = text(key);
    if (!value || *value == "any") return MatchMode::any;
    if (*value == "all") return MatchMode::all;
    throw BadArgument{std::string(key) + ": must be 'any' or 'all'"};
  }
  Page page() const {
    Page page;
    page.limit = integer("limit").value_or(page.limit);
    page.offset = integer("offset").value_or(page.offset);
    return page;
  }

 private:
  const json& object_;
};

ActionQuery action_query(const json& args) {
  Args a(args, {"labels", "label_query_mode", "txid", "status", "limit", "offset"});
  return {a.strings("labels"), a.mode("label_query_mode"), a.text("txid"), a.text("status"),
          a.page()};
}

OutputQuery output_query(const json& args) {
  Args a(args,
         {"outpoint", "basket", "tags", "tag_query_mode", "include_spent", "limit", "offset"});
  return {a.text("outpoint"),
          a.text("basket"),
          a.strings("tags"),
          a.mode("tag_query_mode"),
          a.flag("include_spent", false),
          a.page()};
}

CertificateQuery certificate_query(const json& args) {
  Args a(args, {"certifiers", "types", "subject", "attributes", "limit", "offset"});
  CertificateQuery q{a.strings("certifiers"), a.strings("types"), a.text("subject"), {}, a.page()};
  if (const json* attributes = a.find("attributes")) {
    if (!attributes->is_object()) throw BadArgument{"attributes: must be an object"};
    for (const auto& item : attributes->items()) {
      if (!item.value().is_string()) throw BadArgument{"attributes: values must be strings"};
      q.attributes.emplace_back(item.key(), item.value().get<std::string>());
    }
  }
  return q;
}

// Turns a typed Result into a JSON one.
template <typename T, typename Convert>
Result<json> to_json(Result<T> result, Convert convert) {
  if (!result) return result.error();
  return convert(std::move(result.value()));
}
template <typename T>
Result<json> to_json(Result<T> result) {
  return to_json(std::move(result), [](T&& value) { return json(std::move(value)); });
}
Result<json> to_json(Result<std::optional<std::string>> result) {
  return to_json(std::move(result),
                 [](std::optional<std::string>&& v) { return v ? json(*v) : json(nullptr); });
}
Result<json> to_json(Result<std::optional<json>> result) {
  return to_json(std::move(result), [](std::optional<json>&& v) { return v ? *v : json(nullptr); });
}

EnqueueRequest enqueue_request(const json& args) {
  Args a(args, {"txid", "beef_hex", "input_outpoints", "change_outpoints", "fund_ref"});
  return {a.required_text("txid"), a.required_text("beef_hex"), a.strings("input_outpoints"),
          a.strings("change_outpoints"), a.text("fund_ref")};
}

Result<json> queue_method(BroadcastQueue* queue, const std::string& method, const json& args) {
  if (!queue) return invalid_argument(method + ": this store has no broadcast queue (memory store)");
  if (method == "enqueue") return queue->enqueue(enqueue_request(args));
  return to_json(queue->broadcast_status(Args(args, {"txid"}).required_text("txid")));
}

using Method = std::function<Result<json>(Store&, const json&)>;

const std::map<std::string, Method>& methods() {
  static const std::map<std::string, Method> table = {
      {"store_action", [](Store& s, const json& a) { return s.store_action(a); }},
      {"find_actions",
       [](Store& s, const json& a) { return to_json(s.find_actions(action_query(a))); }},
      {"count_actions",
       [](Store& s, const json& a) { return to_json(s.count_actions(action_query(a))); }},
      {"update_action_status",
       [](Store& s, const json& a) {
         Args args(a, {"txid", "status"});
         return s.update_action_status(args.required_text("txid"), args.required_text("status"));
       }},
      {"delete_action",
       [](Store& s, const json& a) {
         return to_json(s.delete_action(Args(a, {"txid"}).required_text("txid")));
       }},
      {"store_output", [](Store& s, const json& a) { return s.store_output(a); }},
      {"find_outputs",
       [](Store& s, const json& a) { return to_json(s.find_outputs(output_query(a))); }},
      {"count_outputs",
       [](Store& s, const json& a) { return to_json(s.count_outputs(output_query(a))); }},
      {"delete_output",
       [](Store& s, const json& a) {
         return to_json(s.delete_output(Args(a, {"outpoint"}).required_text("outpoint")));
       }},
      {"update_output_basket",
       [](Store& s, const json& a) {
         Args args(a, {"outpoint", "basket"});
         return s.update_output_basket(args.required_text("outpoint"),
                                       args.required_text("basket"));
       }},
      {"update_output_state",
       [](Store& s, const json& a) -> Result<json> {
         Args args(a, {"outpoint", "state", "pending_reference", "no_send"});
         const auto outpoint = args.required_text("outpoint");
         auto state = parse_output_state(args.required_text("state"));
         if (!state) return invalid_argument("state: must be spendable, pending or spent");
         return s.update_output_state(outpoint, *state, args.text("pending_reference"),
                                      args.flag("no_send", false));
       }},
      {"lock_utxos",
       [](Store& s, const json& a) -> Result<json> {
         Args args(a, {"outpoints", "reference", "no_send"});
         auto outpoints = args.strings("outpoints");
         if (!outpoints) return invalid_argument("outpoints: is required");
         return to_json(s.lock_utxos(*outpoints, args.required_text("reference"),
                                     args.flag("no_send", false)));
       }},
      {"find_spendable_outputs",
       [](Store& s, const json& a) -> Result<json> {
         Args args(a, {"basket", "min_satoshis", "sort_order"});
         SpendableQuery q{args.text("basket"), args.integer("min_satoshis").value_or(0),
                          SortOrder::desc};
         const auto order = args.text("sort_order").value_or("desc");
         if (order != "asc" && order != "desc")
           return invalid_argument("sort_order: must be 'asc' or 'desc'");
         q.order = order == "asc" ? SortOrder::asc : SortOrder::desc;
         return to_json(s.find_spendable_outputs(q));
       }},
      {"release_stale_pending",
       [](Store& s, const json& a) {
         return to_json(
             s.release_stale_pending(Args(a, {"timeout"}).number("timeout").value_or(300)));
       }},
      {"store_certificate", [](Store& s, const json& a) { return s.store_certificate(a); }},
      {"find_certificates",
       [](Store& s, const json& a) { return to_json(s.find_certificates(certificate_query(a))); }},
      {"count_certificates",
       [](Store& s, const json& a) { return to_json(s.count_certificates(certificate_query(a))); }},
      {"delete_certificate",
       [](Store& s, const json& a) {
         Args args(a, {"type", "serial_number", "certifier"});
         return to_json(s.delete_certificate(args.required_text("type"),
                                             args.required_text("serial_number"),
                                             args.required_text("certifier")));
       }},
      {"store_proof",
       [](Store& s, const json& a) {
         Args args(a, {"txid", "bump_hex"});
         return to_json(s.store_proof(args.required_text("txid"), args.required_text("bump_hex")));
       }},
      {"find_proof",
       [](Store& s, const json& a) {
         return to_json(s.find_proof(Args(a, {"txid"}).required_text("txid")));
       }},
      {"store_transaction",
       [](Store& s, const json& a) {
         Args args(a, {"txid", "tx_hex"});
         return to_json(
             s.store_transaction(args.required_text("txid"), args.required_text("tx_hex")));
       }},
      {"find_transaction",
       [](Store& s, const json& a) {
         return to_json(s.find_transaction(Args(a, {"txid"}).required_text("txid")));
       }},
      {"store_setting",
       [](Store& s, const json& a) -> Result<json> {
         Args args(a, {"key", "value"});
         const json* value = args.find("value");
         return to_json(s.store_setting(args.required_text("key"), value ? *value : json(nullptr)));
       }},
      {"find_setting",
       [](Store& s, const json& a) {
         return to_json(s.find_setting(Args(a, {"key"}).required_text("key")));
       }},
  };
  return table;
}

}  // namespace

bool is_queue_method(const std::string& method) {
  return method == "enqueue" || method == "broadcast_status";
}

const std::vector<std::string>& store_method_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {"broadcast_status", "enqueue"};
    for (const auto& entry : methods()) out.push_back(entry.first);
    std::sort(out.begin(), out.end());
    return out;
  }();
  return names;
}

bool is_store_method(const std::string& method) {
  return methods().count(method) > 0 || is_queue_method(method);
}

Result<json> call_method(Store& store, BroadcastQueue* queue, const std::string& method,
                         const json& args) {
  try {
    if (is_queue_method(method)) return queue_method(queue, method, args);
    auto it = methods().find(method);
    if (it == methods().end()) return invalid_argument("unknown method '" + method + "'");
    return it->second(store, args);
  } catch (const BadArgument& bad) {
    return invalid_argument(bad.message);
  }
}

std::optional<json> parse_json_text(const std::string& text, std::string& error) {
  bool too_deep = false;
  auto limit_depth = [&](int depth, json::parse_event_t, json&) {
    if (depth > static_cast<int>(kMaxJsonDepth) + 1) too_deep = true;
    return !too_deep;  // false discards the value, which stops deeper recursion early
  };
  try {
    json value = json::parse(text, limit_depth);
    if (too_deep) {
      error = "JSON nested deeper than 64 levels";
      return std::nullopt;
    }
    return value;
  } catch (const json::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace bsv::store
