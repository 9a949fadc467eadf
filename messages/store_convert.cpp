#include "messages/store_convert.hpp"

#include "store/json_api.hpp"

namespace bsv::messages {
namespace {

template <typename T>
void put(const std::optional<T>& source, bool& has, T& target) {
  has = source.has_value();
  if (source) target = *source;
}

template <typename T>
std::optional<T> get(bool has, const T& value) {
  return has ? std::optional<T>(value) : std::nullopt;
}

store::MatchMode mode(bool match_all) {
  return match_all ? store::MatchMode::all : store::MatchMode::any;
}

}  // namespace

action_query to_wire(const store::ActionQuery& q) {
  action_query w;
  put(q.labels, w.has_labels, w.labels);
  w.match_all = q.label_mode == store::MatchMode::all;
  put(q.txid, w.has_txid, w.txid);
  put(q.status, w.has_status, w.status);
  w.limit = q.page.limit;
  w.offset = q.page.offset;
  return w;
}

output_query to_wire(const store::OutputQuery& q) {
  output_query w;
  put(q.outpoint, w.has_outpoint, w.outpoint);
  put(q.basket, w.has_basket, w.basket);
  put(q.tags, w.has_tags, w.tags);
  w.match_all = q.tag_mode == store::MatchMode::all;
  w.include_spent = q.include_spent;
  w.limit = q.page.limit;
  w.offset = q.page.offset;
  return w;
}

certificate_query to_wire(const store::CertificateQuery& q) {
  certificate_query w;
  put(q.certifiers, w.has_certifiers, w.certifiers);
  put(q.types, w.has_types, w.types);
  put(q.subject, w.has_subject, w.subject);
  for (const auto& [name, value] : q.attributes) {
    w.attribute_names.push_back(name);
    w.attribute_values.push_back(value);
  }
  w.limit = q.page.limit;
  w.offset = q.page.offset;
  return w;
}

spendable_query to_wire(const store::SpendableQuery& q) {
  spendable_query w;
  put(q.basket, w.has_basket, w.basket);
  w.min_satoshis = q.min_satoshis;
  w.ascending = q.order == store::SortOrder::asc;
  return w;
}

store::ActionQuery from_wire(const action_query& w) {
  return {get(w.has_labels, w.labels),
          mode(w.match_all),
          get(w.has_txid, w.txid),
          get(w.has_status, w.status),
          {w.limit, w.offset}};
}

store::OutputQuery from_wire(const output_query& w) {
  return {get(w.has_outpoint, w.outpoint),
          get(w.has_basket, w.basket),
          get(w.has_tags, w.tags),
          mode(w.match_all),
          w.include_spent,
          {w.limit, w.offset}};
}

store::Result<store::CertificateQuery> from_wire(const certificate_query& w) {
  if (w.attribute_names.size() != w.attribute_values.size()) {
    return store::invalid_argument("attributes: names and values differ in number");
  }
  store::CertificateQuery q{get(w.has_certifiers, w.certifiers),
                            get(w.has_types, w.types),
                            get(w.has_subject, w.subject),
                            {},
                            {w.limit, w.offset}};
  for (std::size_t i = 0; i < w.attribute_names.size(); ++i) {
    q.attributes.emplace_back(w.attribute_names[i], w.attribute_values[i]);
  }
  return q;
}

store::SpendableQuery from_wire(const spendable_query& w) {
  return {get(w.has_basket, w.basket), w.min_satoshis,
          w.ascending ? store::SortOrder::asc : store::SortOrder::desc};
}

enqueue_request to_wire(const store::EnqueueRequest& r) {
  enqueue_request w{r.txid, r.beef_hex, r.fund_ref.has_value(), {}, {}, r.fund_ref.value_or("")};
  if (w.funded) {
    w.input_outpoints = r.input_outpoints.value_or(std::vector<std::string>{});
    w.change_outpoints = r.change_outpoints.value_or(std::vector<std::string>{});
  }
  return w;
}

store::EnqueueRequest from_wire(const enqueue_request& w) {
  store::EnqueueRequest r{w.txid, w.beef_hex, std::nullopt, std::nullopt, std::nullopt};
  if (w.funded) {
    r.input_outpoints = w.input_outpoints;
    r.change_outpoints = w.change_outpoints;
    r.fund_ref = w.fund_ref;
  }
  return r;
}

record to_wire(const store::json& value) {
  return {value.dump()};
}

record_list to_wire(const store::Records& records) {
  record_list w;
  w.json.reserve(records.size());
  for (const auto& r : records) w.json.push_back(r.dump());
  return w;
}

store::Result<store::json> from_wire(const record& value, const char* what) {
  std::string error;
  auto parsed = store::parse_json_text(value.json, error);
  if (!parsed) return store::invalid_argument(std::string(what) + ": not valid JSON: " + error);
  return std::move(*parsed);
}

store::Result<store::Records> from_wire(const record_list& records) {
  store::Records out;
  out.reserve(records.json.size());
  for (const auto& text : records.json) {
    auto parsed = from_wire(record{text}, "record");
    if (!parsed) return parsed.error();
    out.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace bsv::messages
