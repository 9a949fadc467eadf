#include "db/postgres_store.hpp"

#include <chrono>
#include <functional>
#include <pqxx/except>
#include <pqxx/result>
#include <thread>
#include <unordered_map>

#include "common/embedded_text.hpp"
#include "db/pg_errors.hpp"
#include "db/query_builders.hpp"

namespace bsv::db {
namespace {

using store::OutputState;

std::optional<std::string> optional_string(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::string> optional_array(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || !it->is_array()) return std::nullopt;
  return to_pg_array(it->get<std::vector<std::string>>());
}

// The spendable column follows `state` when set, else the legacy key.
bool spendable_column(const json& output) {
  if (auto state = optional_string(output, "state")) return *state == "spendable";
  auto legacy = output.find("spendable");
  return legacy == output.end() || !legacy->is_boolean() || legacy->get<bool>();
}

Records records_of(const pqxx::result& rows) {
  Records out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(json::parse(row[0].c_str()));
  return out;
}

std::optional<std::string> first_text(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

std::int64_t first_count(const pqxx::result& rows) {
  return rows[0][0].as<std::int64_t>();
}

}  // namespace

PostgresStore::PostgresStore(std::string conninfo, std::string schema)
    : session_(std::move(conninfo), std::move(schema)) {}

std::optional<Error> PostgresStore::connect() {
  auto result = guarded<bool>("connect", [&] {
    session_.connection();
    return true;
  });
  if (result) return std::nullopt;
  return result.error();
}

pqxx::result PostgresStore::run(const std::string& name, const SqlParams& params) {
  return session_.exec(name, query_text(name), params);
}

pqxx::result PostgresStore::run_built(const std::string& name, const std::string& sql,
                                      const SqlParams& params) {
  // Each distinct filter shape is its own prepared statement, named by its hash.
  return session_.exec(name + "_" + std::to_string(std::hash<std::string>{}(sql)), sql, params);
}

Result<json> PostgresStore::do_store_action(const json& action) {
  const auto txid = action.at("txid").get<std::string>();
  auto inserted = guarded<bool>("store_action", [&] {
    SqlParams p;
    p.add(txid);
    p.add(optional_array(action, "labels"));
    p.add(action.dump());
    return !run("insert_action", p).empty();
  });
  if (!inserted) return inserted.error();
  if (!*inserted) return Error{ErrorCode::duplicate, "action " + txid + " already exists"};
  return action;
}

Result<Records> PostgresStore::do_find_actions(const store::ActionQuery& query) {
  return guarded<Records>("find_actions", [&] {
    auto q = build_find_actions(query, false);
    return records_of(run_built("find_actions", q.sql, q.params));
  });
}

Result<std::int64_t> PostgresStore::do_count_actions(const store::ActionQuery& query) {
  return guarded<std::int64_t>("count_actions", [&] {
    auto q = build_find_actions(query, true);
    return first_count(run_built("count_actions", q.sql, q.params));
  });
}

Result<json> PostgresStore::do_update_action_status(const std::string& txid,
                                                    const std::string& status) {
  auto rows = guarded<Records>("update_action_status", [&] {
    SqlParams p;
    p.add(txid);
    p.add(status);
    return records_of(run("update_action_status", p));
  });
  if (!rows) return rows.error();
  if (rows->empty()) return not_found("action " + txid + " not found");
  return rows->front();
}

Result<bool> PostgresStore::do_delete_action(const std::string& txid) {
  return guarded<bool>("delete_action", [&] {
    SqlParams p;
    p.add(txid);
    return run("delete_action", p).affected_rows() > 0;
  });
}

namespace {

// The columns of wallet_outputs as written for `output`, in upsert_output.sql's order.
std::vector<std::optional<std::string>> output_columns(const json& output) {
  auto sats = output.find("satoshis");
  return {output.at("outpoint").get<std::string>(),
          optional_string(output, "basket"),
          optional_array(output, "tags"),
          std::string(spendable_column(output) ? "t" : "f"),
          optional_string(output, "state"),
          sats != output.end() && sats->is_number_integer()
              ? std::optional<std::string>(std::to_string(sats->get<std::int64_t>()))
              : std::nullopt,
          optional_string(output, "pending_since"),
          optional_string(output, "pending_reference"),
          std::string(output.value("no_send", json(false)) == true ? "t" : "f"),
          output.dump()};
}

}  // namespace

Result<json> PostgresStore::do_store_output(const json& output) {
  auto stored = guarded<bool>("store_output", [&] {
    SqlParams p;
    for (auto& value : output_columns(output)) p.add(std::move(value));
    run("upsert_output", p);
    return true;
  });
  if (!stored) return stored.error();
  return output;
}

Result<bool> PostgresStore::upsert_checked_outputs(const Records& outputs) {
  // One row per distinct outpoint, the last record winning.
  std::unordered_map<std::string, std::size_t> row_of;
  std::vector<const json*> rows;
  for (const auto& output : outputs) {
    auto [it, fresh] = row_of.emplace(output.at("outpoint").get<std::string>(), rows.size());
    if (fresh) {
      rows.push_back(&output);
    } else {
      rows[it->second] = &output;
    }
  }
  // Transpose: one array parameter per column.
  std::vector<std::vector<std::optional<std::string>>> columns(10);
  for (const json* row : rows) {
    auto values = output_columns(*row);
    for (std::size_t c = 0; c < columns.size(); ++c) columns[c].push_back(std::move(values[c]));
  }
  return guarded<bool>("store_outputs", [&] {
    SqlParams p;
    for (const auto& column : columns) p.add(to_pg_array_nullable(column));
    run("upsert_outputs", p);
    return true;
  });
}

Result<Records> PostgresStore::do_find_outputs(const store::OutputQuery& query) {
  return guarded<Records>("find_outputs", [&] {
    auto q = build_find_outputs(query, false);
    return records_of(run_built("find_outputs", q.sql, q.params));
  });
}

Result<std::int64_t> PostgresStore::do_count_outputs(const store::OutputQuery& query) {
  return guarded<std::int64_t>("count_outputs", [&] {
    auto q = build_find_outputs(query, true);
    return first_count(run_built("count_outputs", q.sql, q.params));
  });
}

Result<bool> PostgresStore::do_delete_output(const std::string& outpoint) {
  return guarded<bool>("delete_output", [&] {
    SqlParams p;
    p.add(outpoint);
    return run("delete_output", p).affected_rows() > 0;
  });
}

Result<json> PostgresStore::do_update_output_basket(const std::string& outpoint,
                                                    const std::string& basket) {
  auto rows = guarded<Records>("update_output_basket", [&] {
    SqlParams p;
    p.add(outpoint);
    p.add(basket);
    return records_of(run("update_output_basket", p));
  });
  if (!rows) return rows.error();
  if (rows->empty()) return not_found("output " + outpoint + " not found");
  return rows->front();
}

Result<json> PostgresStore::do_update_output_state(const std::string& outpoint, OutputState state,
                                                   const std::optional<std::string>& reference,
                                                   bool no_send) {
  auto rows = guarded<Records>("update_output_state", [&] {
    SqlParams p;
    p.add(outpoint);
    if (state == OutputState::pending) {
      p.add(reference);
      p.add_bool(no_send);
      return records_of(run("set_output_pending", p));
    }
    p.add(std::string(store::to_string(state)));
    return records_of(run("set_output_settled", p));
  });
  if (!rows) return rows.error();
  if (rows->empty()) return not_found("output " + outpoint + " not found");
  return rows->front();
}

Result<std::vector<std::string>> PostgresStore::do_lock_utxos(
    const std::vector<std::string>& outpoints, const std::string& reference, bool no_send) {
  return guarded<std::vector<std::string>>("lock_utxos", [&] {
    SqlParams p;
    p.add(to_pg_array(outpoints));
    p.add(reference);
    p.add_bool(no_send);
    std::vector<std::string> locked;
    for (const auto& row : run("lock_utxos", p)) locked.emplace_back(row[0].c_str());
    return locked;  // Store::lock_utxos puts these in request order
  });
}

Result<Records> PostgresStore::do_find_spendable_outputs(const store::SpendableQuery& query) {
  return guarded<Records>("find_spendable_outputs", [&] {
    auto q = build_find_spendable(query);
    return records_of(run_built("find_spendable_outputs", q.sql, q.params));
  });
}

Result<store::Allocation> PostgresStore::do_allocate_utxos(
    const store::AllocationRequest& request) {
  // The statement skips rows other callers hold. A row held by a caller who
  // then let it go (its own target out of reach) must not cause a false
  // insufficient_funds: when the same candidates, skipping none, would
  // reach the target, try again (a few times, briefly apart).
  constexpr int kAttempts = 4;
  const auto allocate = build_allocate(request);
  for (int attempt = 1;; ++attempt) {
    auto taken = guarded<store::Allocation>("allocate_utxos", [&] {
      const auto rows = run_built("allocate_utxos", allocate.sql, allocate.params);
      store::Allocation allocation{{}, rows[0][0].as<std::int64_t>()};
      for (const auto& row : rows) {
        if (!row[1].is_null()) allocation.outputs.push_back(json::parse(row[1].c_str()));
      }
      return allocation;
    });
    if (!taken || !taken->outputs.empty()) return taken;
    auto reach = guarded<std::int64_t>("allocate_utxos", [&] {
      const auto q = build_allocation_reach(request);
      return first_count(run_built("allocation_reach", q.sql, q.params));
    });
    if (!reach) return reach.error();
    if (*reach < request.target_satoshis || attempt == kAttempts) {
      return store::insufficient_funds(request, taken->total);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
  }
}

Result<std::int64_t> PostgresStore::do_release_stale_pending(double timeout_seconds) {
  return guarded<std::int64_t>("release_stale_pending", [&] {
    SqlParams p;
    p.add(std::to_string(timeout_seconds));
    return static_cast<std::int64_t>(run("release_stale_pending", p).affected_rows());
  });
}

Result<json> PostgresStore::do_store_certificate(const json& cert) {
  auto stored = guarded<bool>("store_certificate", [&] {
    SqlParams p;
    p.add(cert.at("type").get<std::string>());
    p.add(cert.at("serial_number").get<std::string>());
    p.add(cert.at("certifier").get<std::string>());
    p.add(optional_string(cert, "subject"));
    p.add(cert.dump());
    run("upsert_certificate", p);
    return true;
  });
  if (!stored) return stored.error();
  return cert;
}

Result<Records> PostgresStore::do_find_certificates(const store::CertificateQuery& query) {
  return guarded<Records>("find_certificates", [&] {
    auto q = build_find_certificates(query, false);
    return records_of(run_built("find_certificates", q.sql, q.params));
  });
}

Result<std::int64_t> PostgresStore::do_count_certificates(const store::CertificateQuery& query) {
  return guarded<std::int64_t>("count_certificates", [&] {
    auto q = build_find_certificates(query, true);
    return first_count(run_built("count_certificates", q.sql, q.params));
  });
}

Result<bool> PostgresStore::do_delete_certificate(const std::string& type,
                                                  const std::string& serial_number,
                                                  const std::string& certifier) {
  return guarded<bool>("delete_certificate", [&] {
    SqlParams p;
    p.add(type);
    p.add(serial_number);
    p.add(certifier);
    return run("delete_certificate", p).affected_rows() > 0;
  });
}

Result<bool> PostgresStore::do_store_proof(const std::string& txid, const std::string& bump_hex) {
  return guarded<bool>("store_proof", [&] {
    SqlParams p;
    p.add(txid);
    p.add(bump_hex);
    run("upsert_proof", p);
    return true;
  });
}

Result<std::optional<std::string>> PostgresStore::do_find_proof(const std::string& txid) {
  return guarded<std::optional<std::string>>("find_proof", [&] {
    SqlParams p;
    p.add(txid);
    return first_text(run("find_proof", p));
  });
}

Result<bool> PostgresStore::do_store_transaction(const std::string& txid,
                                                 const std::string& tx_hex) {
  return guarded<bool>("store_transaction", [&] {
    SqlParams p;
    p.add(txid);
    p.add(tx_hex);
    run("upsert_transaction", p);
    return true;
  });
}

Result<std::optional<std::string>> PostgresStore::do_find_transaction(const std::string& txid) {
  return guarded<std::optional<std::string>>("find_transaction", [&] {
    SqlParams p;
    p.add(txid);
    return first_text(run("find_transaction", p));
  });
}

Result<bool> PostgresStore::do_store_setting(const std::string& key, const json& value) {
  return guarded<bool>("store_setting", [&] {
    SqlParams p;
    p.add(key);
    p.add(value.dump());
    run("upsert_setting", p);
    return true;
  });
}

Result<std::optional<json>> PostgresStore::do_find_setting(const std::string& key) {
  return guarded<std::optional<json>>("find_setting", [&] {
    SqlParams p;
    p.add(key);
    auto text = first_text(run("find_setting", p));
    if (!text) return std::optional<json>{};
    // Rows written by the Ruby gem may hold a bare string rather than JSON.
    json value = json::parse(*text, nullptr, /*allow_exceptions=*/false);
    return std::optional<json>(value.is_discarded() ? json(*text) : value);
  });
}

Result<json> PostgresStore::do_enqueue(const store::EnqueueRequest& request) {
  auto fresh = guarded<bool>("enqueue", [&] {
    SqlParams p;
    p.add(request.txid);
    p.add(request.beef_hex);
    auto array = [](const std::optional<std::vector<std::string>>& v) {
      return v ? std::optional<std::string>(to_pg_array(*v)) : std::nullopt;
    };
    p.add(array(request.input_outpoints));
    p.add(array(request.change_outpoints));
    p.add(request.fund_ref);
    return !run("insert_broadcast_job", p).empty();
  });
  if (!fresh) return fresh.error();
  // A fresh job answers "sending" (the wallet's word); a queued one its status.
  if (*fresh) return json{{"txid", request.txid}, {"broadcast_status", "sending"}};
  auto status = do_broadcast_status(request.txid);
  if (!status) return status.error();
  return json{{"txid", request.txid}, {"broadcast_status", status->value_or("unsent")}};
}

Result<std::optional<std::string>> PostgresStore::do_broadcast_status(const std::string& txid) {
  return guarded<std::optional<std::string>>("broadcast_status", [&] {
    SqlParams p;
    p.add(txid);
    return first_text(run("find_broadcast_status", p));
  });
}

}  // namespace bsv::db
