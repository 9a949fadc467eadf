// Unit tests without a database: timestamps, UTF-8 and boundary checks,
// SQL array literals, and the JSON method layer over MemoryStore.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "db/sql_params.hpp"
#include "messages/json_methods.hpp"
#include "messages/method_docs.hpp"
#include "store/json_text.hpp"
#include "store/memory_store.hpp"
#include "store/timestamps.hpp"
#include "store/validation.hpp"

namespace bsv::store {
namespace {

TEST(Timestamps, FormatAndParseRoundTrip) {
  const Micros t = 1700000000123456;
  const std::string text = format_iso_utc(t);
  EXPECT_EQ(text, "2023-11-14T22:13:20.123456Z");
  EXPECT_EQ(parse_iso_utc(text), t);
  EXPECT_EQ(parse_iso_utc("2023-11-14T22:13:20Z"), 1700000000000000);
  EXPECT_EQ(parse_iso_utc("2024-02-29T00:00:00.5Z"), 1709164800500000);
  EXPECT_EQ(format_iso_utc(0), "1970-01-01T00:00:00.000000Z");
}

TEST(Timestamps, ParseRefusesMalformed) {
  for (const char* bad : {"", "2023-11-14", "2023-11-14T22:13:20", "2023-11-14T22:13:20+00:00",
                          "2023-02-29T00:00:00Z", "2023-13-01T00:00:00Z", "2023-11-14T24:00:00Z",
                          "2023-11-14T22:13:20.1234567Z", "2023-11-14T22:13:20.Z",
                          "2023-11-14 22:13:20Z", "0000-01-01T00:00:00Z"}) {
    EXPECT_FALSE(parse_iso_utc(bad).has_value()) << bad;
  }
}

TEST(Utf8, AcceptsWellFormedAndRefusesMalformed) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("é☃😀"));
  for (const std::string bad :
       {"\xff", "\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << "case of length " << bad.size();
  }
  EXPECT_EQ(code_points("é☃😀a"), 4u);
}

TEST(Validation, TxidAndHex) {
  EXPECT_FALSE(check_txid(std::string(64, 'a')));
  EXPECT_TRUE(check_txid(std::string(64, 'A')));
  EXPECT_TRUE(check_txid(std::string(65, 'a')));
  EXPECT_FALSE(check_hex("00Ff", "tx_hex"));
  EXPECT_TRUE(check_hex("0", "tx_hex"));
  EXPECT_TRUE(check_hex("", "tx_hex"));
  EXPECT_TRUE(check_hex("zz", "tx_hex"));
}

TEST(Validation, DeepNestingIsRefusedNotOverflowed) {
  json deep = json::object();
  json* cursor = &deep;
  for (int i = 0; i < 200; ++i) cursor = &((*cursor)["k"] = json::object());
  deep["outpoint"] = "d.0";
  auto err = check_output(deep);
  ASSERT_TRUE(err);
  EXPECT_NE(err->message.find("nested"), std::string::npos);
}

TEST(SqlParams, ArrayLiteralQuotesEverything) {
  EXPECT_EQ(db::to_pg_array({}), "{}");
  EXPECT_EQ(db::to_pg_array({"a", "b c"}), R"({"a","b c"})");
  EXPECT_EQ(db::to_pg_array({"q\"", "back\\", "NULL", "{x}"}), R"({"q\"","back\\","NULL","{x}"})");
  EXPECT_EQ(db::to_pg_array_nullable({std::string("a"), std::nullopt, std::string("NULL")}),
            R"({"a",NULL,"NULL"})");
}

class JsonApi : public ::testing::Test {
 protected:
  Result<json> call(const std::string& method, const std::string& args) {
    std::string error;
    auto parsed = parse_json_text(args, error);
    EXPECT_TRUE(parsed.has_value()) << error;
    return messages::call_method(store_, nullptr, method, parsed.value_or(json::object()));
  }
  void expect_invalid(const std::string& method, const std::string& args,
                      const std::string& names) {
    auto result = call(method, args);
    ASSERT_FALSE(result.ok()) << method << " " << args;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_argument) << result.error().message;
    EXPECT_NE(result.error().message.find(names), std::string::npos) << result.error().message;
  }
  MemoryStore store_;
};

TEST_F(JsonApi, EveryMethodIsReachable) {
  EXPECT_EQ(messages::json_method_names().size(), 27u);
  ASSERT_TRUE(
      call("store_output", R"({"outpoint":"a.0","satoshis":5,"basket":"b","x":{"y":[1]}})").ok());
  EXPECT_EQ(*call("count_outputs", R"({"basket":"b"})"), 1);
  EXPECT_EQ(*call("lock_utxos", R"({"outpoints":["a.0"],"reference":"r"})"), json({"a.0"}));
  EXPECT_EQ(*call("release_stale_pending", R"({"timeout":0})"), 1);
  EXPECT_EQ(call("find_spendable_outputs", R"({"sort_order":"asc","min_satoshis":1})")->size(), 1u);
  EXPECT_EQ((*call("update_output_state", R"({"outpoint":"a.0","state":"spent"})"))["state"],
            "spent");
  EXPECT_EQ(*call("find_proof", R"({"txid":")" + std::string(64, 'a') + "\"}"), json(nullptr));
  EXPECT_EQ(*call("store_setting", R"({"key":"k","value":[1]})"), true);
  EXPECT_EQ(*call("find_setting", R"({"key":"k"})"), json({1}));
}

TEST_F(JsonApi, UnknownKeysAndWrongTypesAreRefused) {
  expect_invalid("find_outputs", R"({"limit":"ten"})", "limit");
  expect_invalid("find_outputs", R"({"limit":10.5})", "limit");
  expect_invalid("find_outputs", R"({"bogus":1})", "bogus");
  expect_invalid("find_outputs", R"({"tag_query_mode":"most"})", "tag_query_mode");
  expect_invalid("find_actions", R"({"label_query_mode":"ALL"})", "label_query_mode");
  expect_invalid("find_actions", R"({"labels":"a"})", "labels");
  expect_invalid("lock_utxos", R"({"outpoints":"a.0","reference":"r"})", "outpoints");
  expect_invalid("lock_utxos", R"({"outpoints":["a.0"]})", "reference");
  expect_invalid("find_spendable_outputs", R"({"sort_order":"up"})", "sort_order");
  expect_invalid("release_stale_pending", R"({"timeout":"300"})", "timeout");
  expect_invalid("update_output_state", R"({"outpoint":"a.0","state":"gone"})", "state");
  expect_invalid("find_certificates", R"({"attributes":{"a":1}})", "attributes");
  expect_invalid("find_outputs", R"([1])", "object");
  expect_invalid("store_setting", R"({"key":"k"})", "value");
  expect_invalid("enqueue", R"({"txid":"aa"})", "memory store");
}

TEST_F(JsonApi, ParseRefusesInvalidText) {
  std::string error;
  EXPECT_FALSE(parse_json_text("{\"a\":\"\xff\"}", error));
  EXPECT_FALSE(parse_json_text(R"({"a":"\ud800"})", error)) << "lone surrogate";
  EXPECT_FALSE(parse_json_text("{} x", error));
  EXPECT_FALSE(parse_json_text(std::string(1000, '[') + std::string(1000, ']'), error));
  EXPECT_TRUE(parse_json_text(R"({"a":"\ud83d\ude00"})", error));
}

// The reference: one entry per JSON method, each documented key read by
// its method, and docs/api.md exactly what `call --reference` prints.
TEST(MethodDocs, EveryMethodHasAnEntryAndNoEntryIsAStranger) {
  std::vector<std::string> documented;
  for (const auto& doc : messages::method_docs()) documented.push_back(doc.name);
  std::sort(documented.begin(), documented.end());
  EXPECT_EQ(documented, messages::json_method_names());
}

// Over a MemoryStore, which has no broadcast queue: enqueue and
// broadcast_status answer before reading their keys and are left out.
TEST(MethodDocs, EveryDocumentedKeyIsReadByItsMethod) {
  for (const auto& doc : messages::method_docs()) {
    if (doc.name == "enqueue" || doc.name == "broadcast_status") continue;
    for (const auto& argument : doc.arguments) {
      MemoryStore store;
      // null reads as absent: the call may fail for a missing key, never for this one.
      auto result = messages::call_method(store, nullptr, doc.name, {{argument.key, nullptr}});
      if (!result) {
        EXPECT_EQ(result.error().message.find("unknown key"), std::string::npos)
            << doc.name << " does not read '" << argument.key << "': " << result.error().message;
      }
    }
    MemoryStore store;
    auto stranger = messages::call_method(store, nullptr, doc.name, {{"no_such_key", 1}});
    // A record method (store_action, store_output, store_certificate) keeps
    // every key, and its summary says so.
    const bool record = doc.summary.find("Every other key") != std::string::npos;
    if (!record) {
      ASSERT_FALSE(stranger.ok()) << doc.name;
      EXPECT_NE(stranger.error().message.find("unknown key 'no_such_key'"), std::string::npos)
          << doc.name << ": " << stranger.error().message;
    }
  }
}

TEST(MethodDocs, DocsApiMdIsTheGeneratedReference) {
  std::ifstream file(std::string(BSV_SOURCE_DIR) + "/docs/api.md");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), messages::api_reference_markdown())
      << "regenerate it: build/bin/bsv-wallet-node call --reference > docs/api.md";
}

}  // namespace
}  // namespace bsv::store
