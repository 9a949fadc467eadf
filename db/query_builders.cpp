#include "db/query_builders.hpp"

#include <nlohmann/json.hpp>

#include "common/embedded_text.hpp"
#include "store/validation.hpp"

namespace bsv::db {
namespace {

using store::AllocationStrategy;
using store::MatchMode;

const char* const kNothing = "FALSE";

// Collects WHERE conditions joined by AND.
class Where {
 public:
  void add(const std::string& condition) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    sql_ += condition;
  }
  const std::string& sql() const { return sql_; }

 private:
  std::string sql_;
};

// labels/tags: all + [] = no filter; any + [] = nothing; otherwise @> or &&.
void add_list_filter(Where& where, SqlParams& params, const char* column,
                     const std::optional<std::vector<std::string>>& values, MatchMode mode) {
  if (!values) return;
  if (values->empty()) {
    if (mode == MatchMode::any) where.add(kNothing);
    return;
  }
  const char* op = mode == MatchMode::all ? " @> " : " && ";
  where.add(std::string(column) + op + params.add(to_pg_array(*values)) + "::text[]");
}

// SELECT <what> FROM <table> <where>, in id order and paged when `page` is set.
std::string select(const char* what, const char* table, const Where& where, SqlParams& params,
                   const store::Page* page) {
  std::string sql = std::string("SELECT ") + what + " FROM " + table + where.sql();
  if (page) {
    sql += " ORDER BY id LIMIT " + params.add(page->limit) + " OFFSET " + params.add(page->offset);
  }
  return sql;
}

// A count, or a page of records, of `table` under `where`.
BuiltQuery finish(const char* table, bool count, const Where& where, SqlParams params,
                  const store::Page& page) {
  std::string sql = count ? select("count(*)", table, where, params, nullptr)
                          : select("data", table, where, params, &page);
  return {std::move(sql), std::move(params)};
}

// " FROM wallet_outputs WHERE <spendable, basket, min> ORDER BY <order>":
// the filter and order that migration 011's partial indexes serve without
// sorting (missing satoshis count as 0; ties by id, i.e. insertion order).
std::string spendable_in_order(const std::optional<std::string>& basket, std::int64_t min_satoshis,
                               AllocationStrategy order, SqlParams& params) {
  Where where;
  where.add(kSpendablePredicate);
  if (basket) where.add("basket = " + params.add(*basket));
  if (min_satoshis > 0) where.add("COALESCE(satoshis, 0) >= " + params.add(min_satoshis));
  const char* order_by = order == AllocationStrategy::largest_first
                             ? "COALESCE(satoshis, 0) DESC, id"
                         : order == AllocationStrategy::smallest_first ? "COALESCE(satoshis, 0), id"
                                                                       : "id";
  return std::string(" FROM wallet_outputs") + where.sql() + " ORDER BY " + order_by;
}

// The candidates of an allocation, at most `limit` (SQL: a placeholder or a constant).
std::string allocation_candidates(const store::AllocationRequest& request, const std::string& limit,
                                  SqlParams& params) {
  return "SELECT id, COALESCE(satoshis, 0) AS sats" +
         spendable_in_order(request.basket, request.min_satoshis, request.strategy, params) +
         " LIMIT " + limit;
}

void replace(std::string& text, const std::string& token, const std::string& value) {
  for (auto at = text.find(token); at != std::string::npos;
       at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
}

}  // namespace

const char* const kSpendablePredicate = "(state = 'spendable' OR (state IS NULL AND spendable))";

BuiltQuery build_find_actions(const store::ActionQuery& query, bool count) {
  Where where;
  SqlParams params;
  add_list_filter(where, params, "labels", query.labels, query.label_mode);
  if (query.txid) where.add("txid = " + params.add(*query.txid));
  if (query.status) where.add("data->>'status' = " + params.add(*query.status));
  return finish("wallet_actions", count, where, std::move(params), query.page);
}

BuiltQuery build_find_outputs(const store::OutputQuery& query, bool count) {
  Where where;
  SqlParams params;
  if (query.outpoint) where.add("outpoint = " + params.add(*query.outpoint));
  if (query.basket) where.add("basket = " + params.add(*query.basket));
  add_list_filter(where, params, "tags", query.tags, query.tag_mode);
  if (!query.include_spent) where.add(kSpendablePredicate);
  if (count) return finish("wallet_outputs", true, where, std::move(params), query.page);
  // Two steps: the page of ids first (an index-only scan of migration 007's
  // covering index when a basket is given), then the records of just those.
  std::string ids = select("id", "wallet_outputs", where, params, &query.page);
  return {"SELECT data FROM wallet_outputs WHERE id IN (" + ids + ") ORDER BY id",
          std::move(params)};
}

BuiltQuery build_find_certificates(const store::CertificateQuery& query, bool count) {
  Where where;
  SqlParams params;
  // "Any of" an empty list matches nothing: = ANY('{}') is false.
  if (query.certifiers)
    where.add("certifier = ANY (" + params.add(to_pg_array(*query.certifiers)) + "::text[])");
  if (query.types) where.add("type = ANY (" + params.add(to_pg_array(*query.types)) + "::text[])");
  if (query.subject) where.add("subject = " + params.add(*query.subject));
  if (!query.attributes.empty()) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [name, value] : query.attributes) fields[name] = value;
    where.add("data->'fields' @> " + params.add(fields.dump()) + "::jsonb");
  }
  return finish("wallet_certificates", count, where, std::move(params), query.page);
}

BuiltQuery build_find_spendable(const store::SpendableQuery& query) {
  const auto order = query.order == store::SortOrder::asc ? AllocationStrategy::smallest_first
                                                          : AllocationStrategy::largest_first;
  SqlParams params;
  std::string sql =
      "SELECT data" + spendable_in_order(query.basket, query.min_satoshis, order, params);
  if (query.limit) sql += " LIMIT " + params.add(*query.limit);
  return {std::move(sql), std::move(params)};
}

BuiltQuery build_allocate(const store::AllocationRequest& request) {
  SqlParams params;
  std::string sql = query_text("allocate_utxos");
  replace(sql, "{candidates}",
          allocation_candidates(request, std::to_string(store::kMaxAllocatedOutputs), params));
  replace(sql, "{target}", params.add(request.target_satoshis));
  replace(sql, "{max_outputs}", params.add(request.max_outputs));
  replace(sql, "{reference}", params.add(request.reference));
  replace(sql, "{no_send}", params.add_bool(request.no_send));
  return {std::move(sql), std::move(params)};
}

BuiltQuery build_allocation_reach(const store::AllocationRequest& request) {
  SqlParams params;
  std::string sql = "SELECT COALESCE(sum(sats), 0) FROM (" +
                    allocation_candidates(request, params.add(request.max_outputs), params) + ") c";
  return {std::move(sql), std::move(params)};
}

}  // namespace bsv::db
