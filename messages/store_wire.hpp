#pragma once
/// How the store protocol's values travel (CAF 0.17 inspect functions; the
/// field order is the wire format). The contract's own structs (queries,
/// EnqueueRequest) go as they are. Records go as compact JSON text: every
/// unknown key round-trips, and the receiving store parses and validates
/// them again. `wire<T>` names the type a T travels as and converts both
/// ways. Nothing here knows about SQL or about actors.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::messages {

/// One JSON record (action, output, certificate) or setting value, as text.
struct record {
  std::string json;
};

/// Several records in order.
struct record_list {
  std::vector<std::string> json;
};

/// A string that may be absent (find_proof / find_transaction / find_setting).
struct maybe_text {
  bool present = false;
  std::string text;
};

/// The outcome of each record of a batched store_output, in order: code -1
/// means stored, otherwise a ErrorCode with its message.
struct batch_outcome {
  std::vector<std::int32_t> codes;
  std::vector<std::string> messages;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, record& x) {
  return f(x.json);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, record_list& x) {
  return f(x.json);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, maybe_text& x) {
  return f(x.present, x.text);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, batch_outcome& x) {
  return f(x.codes, x.messages);
}

/// A std::optional field inside an inspected struct: a presence flag, then
/// the value when present. (The one inspect for std::optional: CAF 0.17
/// has one for caf::optional only, and an overload in namespace std would
/// be undefined behaviour.) Use it through an lvalue: `optional_field o{x.f};`.
template <class T>
struct optional_field {
  std::optional<T>& value;
};

namespace detail {
template <class T>
struct optional_payload {
  bool& present;
  T& storage;
};
template <class Inspector, class T>
typename Inspector::result_type inspect(Inspector& f, optional_payload<T>& x) {
  return x.present ? f(x.storage) : f();
}
}  // namespace detail

template <class Inspector, class T>
typename Inspector::result_type inspect(Inspector& f, optional_field<T>& x) {
  bool present = x.value.has_value();
  if constexpr (Inspector::reads_state) {
    return present ? f(present, *x.value) : f(present);
  } else {
    T storage{};
    detail::optional_payload<T> payload{present, storage};
    auto result = f(present, payload);
    if (present) {
      x.value = std::move(storage);
    } else {
      x.value.reset();
    }
    return result;
  }
}

// --- wire<T>: what a value of the contract travels as ---------------------

/// By default a value travels as it is.
template <class T>
struct wire {
  using type = T;
  static const T& save(const T& value) { return value; }
  static Result<T> load(const T& value, const char*) { return value; }
};

template <>
struct wire<store::json> {
  using type = record;
  static record save(const store::json& value) { return {value.dump()}; }
  /// Parses strictly (store::parse_json_text); invalid_argument naming `what`.
  static Result<store::json> load(const record& value, const char* what);
};

template <>
struct wire<store::Records> {
  using type = record_list;
  static record_list save(const store::Records& records);
  static Result<store::Records> load(const record_list& records, const char* what);
};

template <>
struct wire<std::optional<std::string>> {
  using type = maybe_text;
  static maybe_text save(const std::optional<std::string>& value) {
    return value ? maybe_text{true, *value} : maybe_text{};
  }
  static Result<std::optional<std::string>> load(const maybe_text& value, const char*) {
    return value.present ? std::optional<std::string>(value.text) : std::nullopt;
  }
};

template <>
struct wire<std::optional<store::json>> {
  using type = maybe_text;
  static maybe_text save(const std::optional<store::json>& value) {
    return value ? maybe_text{true, value->dump()} : maybe_text{};
  }
  static Result<std::optional<store::json>> load(const maybe_text& value, const char* what);
};

/// An allocation travels as the JSON `call` shows:
/// {"outputs": [records in selection order], "total": satoshis}.
template <>
struct wire<store::Allocation> {
  using type = record;
  static record save(const store::Allocation& allocation);
  static Result<store::Allocation> load(const record& value, const char* what);
};

template <>
struct wire<store::OutputState> {
  using type = std::string;
  static std::string save(store::OutputState state) { return store::to_string(state); }
  /// invalid_argument for anything but spendable, pending or spent.
  static Result<store::OutputState> load(const std::string& text, const char*);
};

/// The type `T` travels as.
template <class T>
using wire_t = typename wire<std::decay_t<T>>::type;

}  // namespace bsv::messages

// The contract's structs, found by argument-dependent lookup.
namespace bsv::store {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Page& x) {
  return f(x.limit, x.offset);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ActionQuery& x) {
  messages::optional_field<std::vector<std::string>> labels{x.labels};
  messages::optional_field<std::string> txid{x.txid}, status{x.status};
  return f(labels, x.label_mode, txid, status, x.page);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, OutputQuery& x) {
  messages::optional_field<std::string> outpoint{x.outpoint}, basket{x.basket};
  messages::optional_field<std::vector<std::string>> tags{x.tags};
  return f(outpoint, basket, tags, x.tag_mode, x.include_spent, x.page);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, CertificateQuery& x) {
  messages::optional_field<std::vector<std::string>> certifiers{x.certifiers}, types{x.types};
  messages::optional_field<std::string> subject{x.subject};
  return f(certifiers, types, subject, x.attributes, x.page);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SpendableQuery& x) {
  messages::optional_field<std::string> basket{x.basket};
  messages::optional_field<std::int64_t> limit{x.limit};
  return f(basket, x.min_satoshis, x.order, limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, AllocationRequest& x) {
  messages::optional_field<std::string> basket{x.basket};
  return f(x.target_satoshis, x.reference, basket, x.min_satoshis, x.max_outputs, x.strategy,
           x.no_send);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, EnqueueRequest& x) {
  messages::optional_field<std::vector<std::string>> inputs{x.input_outpoints},
      change{x.change_outpoints};
  messages::optional_field<std::string> fund_ref{x.fund_ref};
  return f(x.txid, x.beef_hex, inputs, change, fund_ref);
}

}  // namespace bsv::store
