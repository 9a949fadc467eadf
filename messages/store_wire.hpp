#pragma once
/// The values the store protocol carries, as plain structs that CAF can
/// serialize (inspect functions below). Records travel as compact JSON text:
/// every unknown key round-trips and the receiving store validates them
/// again. Nothing here knows about SQL or about actors.

#include <cstdint>
#include <string>
#include <vector>

namespace bsv::messages {

/// One JSON record (action, output, certificate) or setting value, as text.
struct record {
  std::string json;
};

/// Several records in order.
struct record_list {
  std::vector<std::string> json;
};

/// A list of strings (outpoints, labels).
struct string_list {
  std::vector<std::string> items;
};

/// A string that may be absent (find_proof / find_transaction / find_setting).
struct maybe_text {
  bool present = false;
  std::string text;
};

struct action_query {
  bool has_labels = false;
  std::vector<std::string> labels;
  bool match_all = false;
  bool has_txid = false;
  std::string txid;
  bool has_status = false;
  std::string status;
  std::int64_t limit = 10;
  std::int64_t offset = 0;
};

struct output_query {
  bool has_outpoint = false;
  std::string outpoint;
  bool has_basket = false;
  std::string basket;
  bool has_tags = false;
  std::vector<std::string> tags;
  bool match_all = false;
  bool include_spent = false;
  std::int64_t limit = 10;
  std::int64_t offset = 0;
};

struct certificate_query {
  bool has_certifiers = false;
  std::vector<std::string> certifiers;
  bool has_types = false;
  std::vector<std::string> types;
  bool has_subject = false;
  std::string subject;
  std::vector<std::string> attribute_names;
  std::vector<std::string> attribute_values;
  std::int64_t limit = 10;
  std::int64_t offset = 0;
};

struct spendable_query {
  bool has_basket = false;
  std::string basket;
  std::int64_t min_satoshis = 0;
  bool ascending = false;
};

/// update_output_state's arguments.
struct state_change {
  std::string outpoint;
  std::string state;
  bool has_reference = false;
  std::string reference;
  bool no_send = false;
};

/// lock_utxos' arguments.
struct lock_request {
  std::vector<std::string> outpoints;
  std::string reference;
  bool no_send = false;
};

/// enqueue's arguments; the three funding fields come together or not at all.
struct enqueue_request {
  std::string txid;
  std::string beef_hex;
  bool funded = false;
  std::vector<std::string> input_outpoints;
  std::vector<std::string> change_outpoints;
  std::string fund_ref;
};

/// The outcome of each record of a batched store_output, in order: code -1
/// means stored, otherwise a store::ErrorCode with its message.
struct batch_outcome {
  std::vector<std::int32_t> codes;
  std::vector<std::string> messages;
};

// CAF 0.17 inspect functions: the field order is the wire format.

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, record& x) {
  return f(x.json);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, record_list& x) {
  return f(x.json);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, string_list& x) {
  return f(x.items);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, maybe_text& x) {
  return f(x.present, x.text);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, action_query& x) {
  return f(x.has_labels, x.labels, x.match_all, x.has_txid, x.txid, x.has_status, x.status, x.limit,
           x.offset);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, output_query& x) {
  return f(x.has_outpoint, x.outpoint, x.has_basket, x.basket, x.has_tags, x.tags, x.match_all,
           x.include_spent, x.limit, x.offset);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, certificate_query& x) {
  return f(x.has_certifiers, x.certifiers, x.has_types, x.types, x.has_subject, x.subject,
           x.attribute_names, x.attribute_values, x.limit, x.offset);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, spendable_query& x) {
  return f(x.has_basket, x.basket, x.min_satoshis, x.ascending);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, state_change& x) {
  return f(x.outpoint, x.state, x.has_reference, x.reference, x.no_send);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, lock_request& x) {
  return f(x.outpoints, x.reference, x.no_send);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, enqueue_request& x) {
  return f(x.txid, x.beef_hex, x.funded, x.input_outpoints, x.change_outpoints, x.fund_ref);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, batch_outcome& x) {
  return f(x.codes, x.messages);
}

}  // namespace bsv::messages
