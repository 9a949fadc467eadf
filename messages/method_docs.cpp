#include "messages/method_docs.hpp"

#include <sstream>

namespace bsv::messages {
namespace {

const char* const kPage = "integer 1..10000 (default 10)";
const char* const kOffset = "integer >= 0 (default 0)";
const char* const kTxid = "string, 64 lowercase hex";
const char* const kBool = "boolean (default false)";

std::vector<ArgumentDoc> action_filter() {
  return {{"labels", "array of strings", "labels to match"},
          {"label_query_mode", "\"any\" | \"all\" (default \"any\")",
           "any: at least one label (an empty list matches nothing); all: every label"},
          {"txid", kTxid, "only this action"},
          {"status", "string", "only actions with this status"},
          {"limit", kPage, "at most this many (count_actions ignores it)"},
          {"offset", kOffset, "skip this many, in insertion order"}};
}

std::vector<ArgumentDoc> output_filter() {
  return {{"outpoint", "string", "only this output"},
          {"basket", "string", "only this basket"},
          {"tags", "array of strings", "tags to match"},
          {"tag_query_mode", "\"any\" | \"all\" (default \"any\")",
           "any: at least one tag (an empty list matches nothing); all: every tag"},
          {"include_spent", kBool, "true: outputs in every state; false: only spendable ones"},
          {"limit", kPage, "at most this many (count_outputs ignores it)"},
          {"offset", kOffset, "skip this many, in insertion order"}};
}

std::vector<ArgumentDoc> certificate_filter() {
  return {{"certifiers", "array of strings", "any of these certifiers (empty: none)"},
          {"types", "array of strings", "any of these types (empty: none)"},
          {"subject", "string", "only this subject"},
          {"attributes", "object of string values", "fields the certificate must all hold"},
          {"limit", kPage, "at most this many (count_certificates ignores it)"},
          {"offset", kOffset, "skip this many, in insertion order"}};
}

const char* const kNoArgumentErrors = "invalid_argument";

std::vector<MethodDoc> action_docs() {
  return {
      {"store_action",
       "Inserts an action (a wallet transaction record). Every other key of the object is kept.",
       {{"txid", kTxid, "required; unique"},
        {"labels", "array of strings (1..300 characters each)", "labels to find it by"},
        {"status", "string, 1..64 characters", "the action's status"}},
       "the stored record",
       "duplicate (the txid exists), invalid_argument",
       R"({"txid":"<64 hex>","labels":["payment"],"status":"unsigned"})"},
      {"find_actions", "Actions matching every given filter, in insertion order.", action_filter(),
       "an array of records", kNoArgumentErrors, R"({"labels":["payment"],"limit":5})"},
      {"count_actions", "How many actions match the filters of find_actions.", action_filter(),
       "an integer", kNoArgumentErrors, R"({"status":"completed"})"},
      {"update_action_status",
       "Sets an action's status; nothing else changes.",
       {{"txid", kTxid, "required"}, {"status", "string, 1..64 characters", "required"}},
       "the updated record",
       "not_found, invalid_argument",
       R"({"txid":"<64 hex>","status":"completed"})"},
      {"delete_action",
       "Deletes an action.",
       {{"txid", kTxid, "required"}},
       "true when it existed, else false",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>"})"},
  };
}

std::vector<MethodDoc> output_docs() {
  return {
      {"store_output",
       "Upserts an output on its outpoint: every column is rewritten from the new record, which "
       "keeps its place in insertion order. Every other key of the object is kept.",
       {{"outpoint", "string, 1..255 characters", "required; unique"},
        {"basket", "string, 1..255 characters", "the basket it belongs to"},
        {"tags", "array of strings", "tags to find it by"},
        {"satoshis", "integer 0..2100000000000000", "its value (missing counts as 0)"},
        {"state", "\"spendable\" | \"pending\" | \"spent\"",
         "its state (else the legacy `spendable` boolean decides)"},
        {"pending_since", "ISO-8601 UTC timestamp", "when it became pending"},
        {"pending_reference", "string, 1..255 characters", "who holds it"},
        {"no_send", "boolean", "never released by release_stale_pending"}},
       "the stored record",
       kNoArgumentErrors,
       R"({"outpoint":"<txid>.0","basket":"default","satoshis":1000,"tags":["change"]})"},
      {"find_outputs", "Outputs matching every given filter, in insertion order.", output_filter(),
       "an array of records", kNoArgumentErrors,
       R"({"basket":"default","tags":["change"],"tag_query_mode":"all"})"},
      {"count_outputs", "How many outputs match the filters of find_outputs.", output_filter(),
       "an integer", kNoArgumentErrors, R"({"basket":"default"})"},
      {"delete_output",
       "Deletes an output.",
       {{"outpoint", "string", "required"}},
       "true when it existed, else false",
       kNoArgumentErrors,
       R"({"outpoint":"<txid>.0"})"},
      {"update_output_basket",
       "Moves an output to another basket; nothing else changes.",
       {{"outpoint", "string", "required"}, {"basket", "string, 1..255 characters", "required"}},
       "the updated record",
       "not_found, invalid_argument",
       R"({"outpoint":"<txid>.0","basket":"savings"})"},
      {"update_output_state",
       "Sets an output's state. Entering pending records pending_since = now, the reference and "
       "no_send; other states clear them.",
       {{"outpoint", "string", "required"},
        {"state", "\"spendable\" | \"pending\" | \"spent\"", "required"},
        {"pending_reference", "string, 1..255 characters", "who holds it (pending only)"},
        {"no_send", kBool, "pending only: never released by release_stale_pending"}},
       "the updated record",
       "not_found, invalid_argument",
       R"({"outpoint":"<txid>.0","state":"spent"})"},
      {"lock_utxos",
       "Atomically moves every listed output that is spendable to pending; skips missing, pending "
       "and spent ones. Two concurrent callers never both lock one output.",
       {{"outpoints", "array of strings", "required"},
        {"reference", "string, 1..255 characters", "required; stored as pending_reference"},
        {"no_send", kBool, "never released by release_stale_pending"}},
       "the outpoints locked, in request order, each once",
       kNoArgumentErrors,
       R"({"outpoints":["<txid>.0","<txid>.1"],"reference":"payment-42"})"},
      {"find_spendable_outputs",
       "Spendable outputs sorted by satoshis (missing counts as 0), ties by insertion order.",
       {{"basket", "string", "only this basket"},
        {"min_satoshis", "integer >= 0 (default 0)", "only outputs worth at least this"},
        {"sort_order", "\"desc\" | \"asc\" (default \"desc\")", "largest or smallest first"},
        {"limit", "integer 1..10000 (default: all)",
         "at most this many; give one for large wallets"}},
       "an array of records",
       kNoArgumentErrors,
       R"({"basket":"default","limit":10})"},
      {"allocate_utxos",
       "Coin selection and locking in one atomic step: takes the shortest prefix, in the "
       "strategy's order, of the spendable outputs that no concurrent caller is taking, whose "
       "satoshis reach the target, and moves them to pending as lock_utxos does. Concurrent "
       "callers never get the same output and never wait for each other's rows.",
       {{"target_satoshis", "integer 1..2100000000000000", "required"},
        {"reference", "string, 1..255 characters", "required; stored as pending_reference"},
        {"basket", "string, 1..255 characters", "take only from this basket"},
        {"min_satoshis", "integer >= 0 (default 0)", "never take outputs worth less"},
        {"max_outputs", "integer 1..1000 (default 100)", "take at most this many"},
        {"strategy",
         "\"largest_first\" | \"smallest_first\" | \"oldest_first\" (default \"largest_first\")",
         "the order outputs are considered in; ties by insertion order"},
        {"no_send", kBool, "never released by release_stale_pending"}},
       R"({"outputs": [the records taken, now pending, in selection order], "total": their satoshis})",
       "insufficient_funds (nothing locked; the message gives the reachable total), "
       "invalid_argument",
       R"({"target_satoshis":25000,"reference":"payment-42","basket":"default"})"},
      {"release_stale_pending",
       "Returns pending outputs older than the timeout to spendable, except no_send ones and "
       "those funding a live broadcast job.",
       {{"timeout", "seconds >= 0 (default 300)", "how old a pending output must be"}},
       "how many were released",
       kNoArgumentErrors,
       R"({"timeout":600})"},
  };
}

std::vector<MethodDoc> certificate_docs() {
  return {
      {"store_certificate",
       "Upserts a certificate on (type, serial_number, certifier). Every other key is kept.",
       {{"type", "string, 1..255 characters", "required"},
        {"serial_number", "string, 1..255 characters", "required"},
        {"certifier", "string, 1..255 characters", "required"},
        {"subject", "string", "whom it certifies"},
        {"fields", "object", "its fields (find_certificates' attributes match them)"}},
       "the stored record",
       kNoArgumentErrors,
       R"({"type":"t","serial_number":"s","certifier":"c","fields":{"name":"alice"}})"},
      {"find_certificates", "Certificates matching every given filter, in insertion order.",
       certificate_filter(), "an array of records", kNoArgumentErrors,
       R"({"certifiers":["c"],"attributes":{"name":"alice"}})"},
      {"count_certificates", "How many certificates match the filters of find_certificates.",
       certificate_filter(), "an integer", kNoArgumentErrors, R"({"types":["t"]})"},
      {"delete_certificate",
       "Deletes the certificate all three keys name.",
       {{"type", "string", "required"},
        {"serial_number", "string", "required"},
        {"certifier", "string", "required"}},
       "true when it existed, else false",
       kNoArgumentErrors,
       R"({"type":"t","serial_number":"s","certifier":"c"})"},
  };
}

// Proofs, raw transactions, settings, and the broadcast queue's two methods.
std::vector<MethodDoc> keyed_docs() {
  return {
      {"store_proof",
       "Upserts a transaction's merkle proof (BUMP, BRC-74).",
       {{"txid", kTxid, "required"}, {"bump_hex", "non-empty even-length hex", "required"}},
       "true",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>","bump_hex":"fe..."})"},
      {"find_proof",
       "A transaction's stored merkle proof.",
       {{"txid", kTxid, "required"}},
       "the BUMP hex, or null",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>"})"},
      {"store_transaction",
       "Upserts a raw transaction.",
       {{"txid", kTxid, "required"}, {"tx_hex", "non-empty even-length hex", "required"}},
       "true",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>","tx_hex":"0100..."})"},
      {"find_transaction",
       "A stored raw transaction.",
       {{"txid", kTxid, "required"}},
       "the hex, or null",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>"})"},
      {"store_setting",
       "Upserts a setting.",
       {{"key", "string, 1..255 characters", "required"},
        {"value", "any JSON value but null", "required"}},
       "true",
       kNoArgumentErrors,
       R"({"key":"fee_rate","value":{"sat_per_kb":1}})"},
      {"find_setting",
       "A stored setting.",
       {{"key", "string", "required"}},
       "its value, or null",
       kNoArgumentErrors,
       R"({"key":"fee_rate"})"},
      {"enqueue",
       "Queues a transaction for broadcast (BEEF, BRC-62/95, or raw hex); idempotent on the "
       "txid. With input and change outpoints and a fund_ref, the queue settles those outputs on "
       "ARC's verdict.",
       {{"txid", kTxid, "required"},
        {"beef_hex", "non-empty even-length hex", "required"},
        {"input_outpoints", "array of strings", "the outputs it spends (pending under fund_ref)"},
        {"change_outpoints", "array of strings", "the outputs it creates"},
        {"fund_ref", "string, 1..255 characters", "the reference its inputs are pending under"}},
       R"({"txid": ..., "broadcast_status": "sending" for a new job, else the job's status})",
       "conflict (the txid is queued with other contents), invalid_argument",
       R"({"txid":"<64 hex>","beef_hex":"0100beef..."})"},
      {"broadcast_status",
       "Where a queued transaction's broadcast stands.",
       {{"txid", kTxid, "required"}},
       "\"sending\", \"completed\", \"failed\", \"in_doubt\" (or unsent), or null when not queued",
       kNoArgumentErrors,
       R"({"txid":"<64 hex>"})"},
  };
}

}  // namespace

const std::vector<MethodDoc>& method_docs() {
  static const std::vector<MethodDoc> docs = [] {
    std::vector<MethodDoc> all;
    for (auto group : {action_docs(), output_docs(), certificate_docs(), keyed_docs()}) {
      all.insert(all.end(), group.begin(), group.end());
    }
    return all;
  }();
  return docs;
}

const MethodDoc* find_method_doc(const std::string& name) {
  for (const auto& doc : method_docs()) {
    if (doc.name == name) return &doc;
  }
  return nullptr;
}

std::string method_help(const MethodDoc& doc) {
  std::ostringstream out;
  out << "usage: bsv-wallet-node call " << doc.name << " '{...}' [options]\n"
      << doc.summary << "\narguments:\n";
  if (doc.arguments.empty()) out << "  (none)\n";
  for (const auto& a : doc.arguments) {
    out << "  " << a.key << ": " << a.type << "\n      " << a.meaning << "\n";
  }
  out << "answer: " << doc.answer << "\nerrors: " << doc.errors
      << " (and unavailable, timeout, internal)\nexample: bsv-wallet-node call " << doc.name << " '"
      << doc.example << "'\n";
  return out.str();
}

std::string api_reference_markdown() {
  std::ostringstream out;
  out << "# The JSON methods\n\n"
      << "<!-- Generated by `bsv-wallet-node call --reference` from messages/method_docs.cpp;\n"
      << "     a test keeps this file equal to that output. Edit the table, not this file. -->\n\n"
      << "Every method of the store contract, as `bsv-wallet-node call METHOD JSON` takes it\n"
      << "(`call METHOD --help` prints one entry). The argument is one JSON object; a key the\n"
      << "method does not read is refused, a key of the wrong JSON type too. Errors are one\n"
      << "line `{\"error\":{\"code\",\"message\",\"hint\"}}` on stderr; besides the codes listed,\n"
      << "any method may answer `unavailable` (database or node unreachable), `timeout` and\n"
      << "`internal`. The C++ API (`store/store.hpp`) has the same methods and rules.\n\n";
  for (const auto& doc : method_docs()) out << "- [`" << doc.name << "`](#" << doc.name << ")\n";
  for (const auto& doc : method_docs()) {
    out << "\n## " << doc.name << "\n\n" << doc.summary << "\n\n";
    if (!doc.arguments.empty()) {
      out << "| key | type | meaning |\n|---|---|---|\n";
      for (const auto& a : doc.arguments) {
        out << "| `" << a.key << "` | " << a.type << " | " << a.meaning << " |\n";
      }
      out << "\n";
    }
    out << "Answer: " << doc.answer << ".\n\nErrors: " << doc.errors << ".\n\n"
        << "```\nbsv-wallet-node call " << doc.name << " '" << doc.example << "'\n```\n";
  }
  return out.str();
}

}  // namespace bsv::messages
