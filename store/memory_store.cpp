#include "store/memory_store.hpp"

#include <algorithm>

#include "store/timestamps.hpp"

namespace bsv::store {
namespace {

using Lock = std::lock_guard<std::mutex>;

// Effective state: `state` if set, else spent when legacy `spendable` is false.
OutputState effective_state(const json& output) {
  if (auto it = output.find("state"); it != output.end() && it->is_string()) {
    if (auto state = parse_output_state(it->get<std::string>())) return *state;
  }
  if (auto it = output.find("spendable");
      it != output.end() && it->is_boolean() && !it->get<bool>()) {
    return OutputState::spent;
  }
  return OutputState::spendable;
}

bool has_value(const json& record, const char* key, const std::string& value) {
  auto it = record.find(key);
  return it != record.end() && it->is_string() && it->get_ref<const std::string&>() == value;
}

// Labels/tags match: all = every value present (empty matches all);
// any = at least one (empty matches none).
bool matches_list(const json& record, const char* key, const std::vector<std::string>& wanted,
                  MatchMode mode) {
  auto contains = [&](const std::string& value) {
    auto it = record.find(key);
    if (it == record.end() || !it->is_array()) return false;
    return std::find(it->begin(), it->end(), value) != it->end();
  };
  if (mode == MatchMode::all) return std::all_of(wanted.begin(), wanted.end(), contains);
  return std::any_of(wanted.begin(), wanted.end(), contains);
}

bool in_list(const json& record, const char* key,
             const std::optional<std::vector<std::string>>& list) {
  if (!list) return true;
  return std::any_of(list->begin(), list->end(),
                     [&](const std::string& v) { return has_value(record, key, v); });
}

std::int64_t satoshis_of(const json& output) {
  auto it = output.find("satoshis");
  return it != output.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

void clear_pending(json& output) {
  output.erase("pending_since");
  output.erase("pending_reference");
  output.erase("no_send");
}

void enter_pending(json& output, const std::string& since, const std::optional<std::string>& ref,
                   bool no_send) {
  clear_pending(output);
  output["state"] = "pending";
  output["pending_since"] = since;
  if (ref) output["pending_reference"] = *ref;
  if (no_send) output["no_send"] = true;
}

// Applies a page to rows already filtered, in insertion order.
Records page_of(Records rows, const Page& page, bool paged) {
  if (!paged) return rows;
  const auto size = static_cast<std::int64_t>(rows.size());
  const auto begin = std::min(page.offset, size);
  const auto end = std::min(begin + page.limit, size);
  return Records(rows.begin() + begin, rows.begin() + end);
}

template <typename Table, typename Key>
std::int64_t upsert(Table& table, const Key& key, const json& record, std::int64_t& next_id) {
  auto [it, inserted] = table.ids.emplace(key, next_id);
  if (inserted) ++next_id;
  table.rows[it->second] = record;
  return it->second;
}

template <typename Table, typename Key>
bool erase(Table& table, const Key& key) {
  auto it = table.ids.find(key);
  if (it == table.ids.end()) return false;
  table.rows.erase(it->second);
  table.ids.erase(it);
  return true;
}

}  // namespace

Result<json> MemoryStore::do_store_action(const json& action) {
  Lock lock(mutex_);
  const auto txid = action.at("txid").get<std::string>();
  if (actions_.ids.count(txid))
    return Error{ErrorCode::duplicate, "action " + txid + " already exists"};
  upsert(actions_, txid, action, next_id_);
  return action;
}

Records MemoryStore::find_actions_locked(const ActionQuery& q, bool paged) const {
  Records out;
  for (const auto& [id, action] : actions_.rows) {
    if (q.labels && !matches_list(action, "labels", *q.labels, q.label_mode)) continue;
    if (q.txid && !has_value(action, "txid", *q.txid)) continue;
    if (q.status && !has_value(action, "status", *q.status)) continue;
    out.push_back(action);
  }
  return page_of(std::move(out), q.page, paged);
}

Result<Records> MemoryStore::do_find_actions(const ActionQuery& query) {
  Lock lock(mutex_);
  return find_actions_locked(query, true);
}

Result<std::int64_t> MemoryStore::do_count_actions(const ActionQuery& query) {
  Lock lock(mutex_);
  return static_cast<std::int64_t>(find_actions_locked(query, false).size());
}

Result<json> MemoryStore::do_update_action_status(const std::string& txid,
                                                  const std::string& status) {
  Lock lock(mutex_);
  auto it = actions_.ids.find(txid);
  if (it == actions_.ids.end()) return not_found("action " + txid + " not found");
  json& action = actions_.rows.at(it->second);
  action["status"] = status;
  return action;
}

Result<bool> MemoryStore::do_delete_action(const std::string& txid) {
  Lock lock(mutex_);
  return erase(actions_, txid);
}

Result<json> MemoryStore::do_store_output(const json& output) {
  Lock lock(mutex_);
  upsert(outputs_, output.at("outpoint").get<std::string>(), output, next_id_);
  return output;
}

Records MemoryStore::find_outputs_locked(const OutputQuery& q, bool paged) const {
  Records out;
  for (const auto& [id, output] : outputs_.rows) {
    if (q.outpoint && !has_value(output, "outpoint", *q.outpoint)) continue;
    if (q.basket && !has_value(output, "basket", *q.basket)) continue;
    if (q.tags && !matches_list(output, "tags", *q.tags, q.tag_mode)) continue;
    if (!q.include_spent && effective_state(output) != OutputState::spendable) continue;
    out.push_back(output);
  }
  return page_of(std::move(out), q.page, paged);
}

Result<Records> MemoryStore::do_find_outputs(const OutputQuery& query) {
  Lock lock(mutex_);
  return find_outputs_locked(query, true);
}

Result<std::int64_t> MemoryStore::do_count_outputs(const OutputQuery& query) {
  Lock lock(mutex_);
  return static_cast<std::int64_t>(find_outputs_locked(query, false).size());
}

Result<bool> MemoryStore::do_delete_output(const std::string& outpoint) {
  Lock lock(mutex_);
  return erase(outputs_, outpoint);
}

json* MemoryStore::output_locked(const std::string& outpoint) {
  auto it = outputs_.ids.find(outpoint);
  return it == outputs_.ids.end() ? nullptr : &outputs_.rows.at(it->second);
}

Result<json> MemoryStore::do_update_output_basket(const std::string& outpoint,
                                                  const std::string& basket) {
  Lock lock(mutex_);
  json* output = output_locked(outpoint);
  if (!output) return not_found("output " + outpoint + " not found");
  (*output)["basket"] = basket;
  return *output;
}

Result<json> MemoryStore::do_update_output_state(const std::string& outpoint, OutputState state,
                                                 const std::optional<std::string>& reference,
                                                 bool no_send) {
  Lock lock(mutex_);
  json* output = output_locked(outpoint);
  if (!output) return not_found("output " + outpoint + " not found");
  if (state == OutputState::pending) {
    enter_pending(*output, format_iso_utc(now_micros()), reference, no_send);
  } else {
    clear_pending(*output);
    (*output)["state"] = to_string(state);
  }
  return *output;
}

Result<std::vector<std::string>> MemoryStore::do_lock_utxos(
    const std::vector<std::string>& outpoints, const std::string& reference, bool no_send) {
  Lock lock(mutex_);
  const std::string since = format_iso_utc(now_micros());
  std::vector<std::string> locked;
  for (const auto& outpoint : outpoints) {
    json* output = output_locked(outpoint);
    if (!output || effective_state(*output) != OutputState::spendable) continue;
    enter_pending(*output, since, reference, no_send);
    locked.push_back(outpoint);
  }
  return locked;
}

std::vector<std::int64_t> MemoryStore::spendable_ids_locked(
    const std::optional<std::string>& basket, std::int64_t min_satoshis,
    AllocationStrategy order) const {
  std::vector<std::int64_t> ids;  // rows_ is keyed by id: insertion order
  for (const auto& [id, output] : outputs_.rows) {
    if (effective_state(output) != OutputState::spendable) continue;
    if (basket && !has_value(output, "basket", *basket)) continue;
    if (satoshis_of(output) < min_satoshis) continue;
    ids.push_back(id);
  }
  if (order == AllocationStrategy::oldest_first) return ids;
  // A stable sort over ids already in insertion order keeps ties in that order.
  const bool ascending = order == AllocationStrategy::smallest_first;
  std::stable_sort(ids.begin(), ids.end(), [&](std::int64_t a, std::int64_t b) {
    const auto sa = satoshis_of(outputs_.rows.at(a)), sb = satoshis_of(outputs_.rows.at(b));
    return ascending ? sa < sb : sa > sb;
  });
  return ids;
}

Result<Records> MemoryStore::do_find_spendable_outputs(const SpendableQuery& q) {
  Lock lock(mutex_);
  const auto order = q.order == SortOrder::asc ? AllocationStrategy::smallest_first
                                               : AllocationStrategy::largest_first;
  Records out;
  for (auto id : spendable_ids_locked(q.basket, q.min_satoshis, order)) {
    if (q.limit && static_cast<std::int64_t>(out.size()) == *q.limit) break;
    out.push_back(outputs_.rows.at(id));
  }
  return out;
}

Result<Allocation> MemoryStore::do_allocate_utxos(const AllocationRequest& request) {
  Lock lock(mutex_);
  std::vector<std::int64_t> taken;
  std::int64_t total = 0;
  for (auto id : spendable_ids_locked(request.basket, request.min_satoshis, request.strategy)) {
    if (total >= request.target_satoshis ||
        static_cast<std::int64_t>(taken.size()) == request.max_outputs) {
      break;
    }
    taken.push_back(id);
    total += satoshis_of(outputs_.rows.at(id));
  }
  if (total < request.target_satoshis) return insufficient_funds(request, total);
  const std::string since = format_iso_utc(now_micros());
  Allocation allocation{{}, total};
  for (auto id : taken) {
    json& output = outputs_.rows.at(id);
    enter_pending(output, since, request.reference, request.no_send);
    allocation.outputs.push_back(output);
  }
  return allocation;
}

Result<std::int64_t> MemoryStore::do_release_stale_pending(double timeout_seconds) {
  Lock lock(mutex_);
  const Micros now = now_micros();
  std::int64_t released = 0;
  for (auto& [id, output] : outputs_.rows) {
    if (effective_state(output) != OutputState::pending) continue;
    if (output.value("no_send", false) == true) continue;
    auto since = output.find("pending_since");
    if (since == output.end() || !since->is_string()) continue;
    auto at = parse_iso_utc(since->get<std::string>());
    if (!at || static_cast<double>(now - *at) / 1e6 <= timeout_seconds) continue;
    clear_pending(output);
    output["state"] = "spendable";
    ++released;
  }
  return released;
}

Result<json> MemoryStore::do_store_certificate(const json& cert) {
  Lock lock(mutex_);
  CertificateKey key{cert.at("type").get<std::string>(),
                     cert.at("serial_number").get<std::string>(),
                     cert.at("certifier").get<std::string>()};
  upsert(certificates_, key, cert, next_id_);
  return cert;
}

Records MemoryStore::find_certificates_locked(const CertificateQuery& q, bool paged) const {
  Records out;
  for (const auto& [id, cert] : certificates_.rows) {
    if (!in_list(cert, "certifier", q.certifiers) || !in_list(cert, "type", q.types)) continue;
    if (q.subject && !has_value(cert, "subject", *q.subject)) continue;
    if (!q.attributes.empty()) {
      auto fields = cert.find("fields");
      if (fields == cert.end() || !fields->is_object()) continue;
      const bool all = std::all_of(q.attributes.begin(), q.attributes.end(), [&](const auto& pair) {
        return has_value(*fields, pair.first.c_str(), pair.second);
      });
      if (!all) continue;
    }
    out.push_back(cert);
  }
  return page_of(std::move(out), q.page, paged);
}

Result<Records> MemoryStore::do_find_certificates(const CertificateQuery& query) {
  Lock lock(mutex_);
  return find_certificates_locked(query, true);
}

Result<std::int64_t> MemoryStore::do_count_certificates(const CertificateQuery& query) {
  Lock lock(mutex_);
  return static_cast<std::int64_t>(find_certificates_locked(query, false).size());
}

Result<bool> MemoryStore::do_delete_certificate(const std::string& type,
                                                const std::string& serial_number,
                                                const std::string& certifier) {
  Lock lock(mutex_);
  return erase(certificates_, CertificateKey{type, serial_number, certifier});
}

Result<bool> MemoryStore::do_store_proof(const std::string& txid, const std::string& bump_hex) {
  Lock lock(mutex_);
  proofs_[txid] = bump_hex;
  return true;
}

Result<std::optional<std::string>> MemoryStore::do_find_proof(const std::string& txid) {
  Lock lock(mutex_);
  auto it = proofs_.find(txid);
  return it == proofs_.end() ? std::optional<std::string>{} : it->second;
}

Result<bool> MemoryStore::do_store_transaction(const std::string& txid, const std::string& tx_hex) {
  Lock lock(mutex_);
  transactions_[txid] = tx_hex;
  return true;
}

Result<std::optional<std::string>> MemoryStore::do_find_transaction(const std::string& txid) {
  Lock lock(mutex_);
  auto it = transactions_.find(txid);
  return it == transactions_.end() ? std::optional<std::string>{} : it->second;
}

Result<bool> MemoryStore::do_store_setting(const std::string& key, const json& value) {
  Lock lock(mutex_);
  settings_[key] = value;
  return true;
}

Result<std::optional<json>> MemoryStore::do_find_setting(const std::string& key) {
  Lock lock(mutex_);
  auto it = settings_.find(key);
  return it == settings_.end() ? std::optional<json>{} : it->second;
}

}  // namespace bsv::store
