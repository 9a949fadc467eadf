// `bsv-wallet-node call` as a real process: results, error JSON, exit codes,
// and bad input at the command line that leaves stored data unchanged.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

#include "db/migrator.hpp"
#include "messages/json_methods.hpp"
#include "messages/method_docs.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"

namespace bsv {
namespace {

using nlohmann::json;
using testing::ProcessResult;

class CallCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    url_ = new std::string(testing::create_database("cli"));
    db::Migrator(*url_).migrate();
  }
  static void TearDownTestSuite() { delete url_; }

  void SetUp() override {
    pqxx::connection conn(*url_);
    pqxx::nontransaction(conn).exec(
        "TRUNCATE wallet_outputs, wallet_actions, wallet_certificates, wallet_proofs, "
        "wallet_transactions, wallet_settings, wallet_broadcast_jobs RESTART IDENTITY");
  }

  ProcessResult call(const std::string& method, const std::string& args,
                     const std::string& input = {}) {
    return testing::run_process(
        {testing::node_binary(), "call", method, args, "--database-url", *url_}, input);
  }
  json ok(const std::string& method, const std::string& args) {
    auto r = call(method, args);
    EXPECT_EQ(r.exit_code, 0) << method << " " << args << ": " << r.err;
    EXPECT_EQ(r.out.back(), '\n');
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line of JSON";
    return json::parse(r.out, nullptr, false);
  }
  // The error line on stderr: {"error":{"code","message"}}.
  void expect_failure(const ProcessResult& r, int exit_code, const std::string& code,
                      const std::string& names) {
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    const json error = json::parse(r.err, nullptr, false);
    ASSERT_TRUE(error.is_object()) << r.err;
    EXPECT_EQ(error["error"]["code"], code) << r.err;
    EXPECT_NE(error["error"]["message"].get<std::string>().find(names), std::string::npos) << r.err;
  }
  // Everything stored, as one value to compare before and after bad input.
  std::string fingerprint() {
    pqxx::connection conn(*url_);
    return pqxx::nontransaction(conn)
        .exec(
            "SELECT md5(coalesce((SELECT string_agg(o::text, '|' ORDER BY id) FROM wallet_outputs "
            "o), '') || "
            "coalesce((SELECT string_agg(a::text, '|' ORDER BY id) FROM wallet_actions a), '') || "
            "coalesce((SELECT string_agg(s::text, '|' ORDER BY key) FROM wallet_settings s), ''))")
            [0][0]
        .c_str();
  }

  static std::string* url_;
};

std::string* CallCommand::url_ = nullptr;

TEST_F(CallCommand, StoresFindsAndLocks) {
  const json stored =
      ok("store_output", R"({"outpoint":"a.0","satoshis":5,"basket":"b","x":{"ü":[1.5,null]}})");
  EXPECT_EQ(stored["x"]["ü"], json({1.5, nullptr}));
  ok("store_output", R"({"outpoint":"a.1","satoshis":9,"basket":"b"})");
  EXPECT_EQ(ok("lock_utxos", R"({"outpoints":["a.1","a.9","a.0"],"reference":"r"})"),
            json({"a.1", "a.0"}));
  EXPECT_EQ(ok("count_outputs", R"({"include_spent":true})"), 2);
  EXPECT_EQ(ok("find_spendable_outputs", "{}"), json::array());
  EXPECT_EQ(ok("release_stale_pending", R"({"timeout":0})"), 2);
  EXPECT_EQ(ok("find_spendable_outputs", "{}").size(), 2u);
  EXPECT_EQ(ok("find_setting", R"({"key":"none"})"), json(nullptr));
}

TEST_F(CallCommand, ReadsArgumentsFromStdin) {
  std::string big(200000, 'a');  // larger than is comfortable on a command line
  auto r = call("store_transaction", "-",
                R"({"txid":")" + std::string(64, 'b') + R"(","tx_hex":")" + big + "\"}");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ok("find_transaction", R"({"txid":")" + std::string(64, 'b') + "\"}"), json(big));
}

TEST_F(CallCommand, RefusalsExitOne) {
  const std::string txid(64, 'c');
  ok("store_action", R"({"txid":")" + txid + "\"}");
  expect_failure(call("store_action", R"({"txid":")" + txid + "\"}"), 1, "duplicate", txid);
  expect_failure(call("update_output_basket", R"({"outpoint":"zz.1","basket":"b"})"), 1,
                 "not_found", "zz.1");
}

TEST_F(CallCommand, UsageErrorsExitTwo) {
  expect_failure(call("find_outputs", "{not json"), 2, "usage", "unparsable");
  expect_failure(call("no_such_method", "{}"), 2, "usage", "no_such_method");
  auto r =
      testing::run_process({testing::node_binary(), "call", "find_outputs", "--colour", "red"});
  expect_failure(r, 2, "usage", "--colour");
  expect_failure(call("find_outputs", "{\"a\":\"\xff\"}"), 2, "usage", "unparsable");
  expect_failure(call("find_outputs", R"({"a":"\udc00"})"), 2, "usage", "unparsable");
}

TEST_F(CallCommand, UnreachableDatabaseExitsThree) {
  auto r =
      testing::run_process({testing::node_binary(), "call", "find_outputs", "{}", "--database-url",
                            "host=/nonexistent-bsv port=1 dbname=x connect_timeout=2"});
  expect_failure(r, 3, "unavailable", "find_outputs");
}

// Every subcommand refuses a typo the same way: one line
// {"error":{"code":"usage","message",...,"hint":"did you mean ..."}}, exit 2.
TEST(OneVoice, TyposGetTheSameErrorShapeAndADidYouMean) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> typos = {
      {{"call", "store_outputs", "{}", "--database-url", "host=x"}, "did you mean 'store_output'?"},
      {{"call", "count_outputs", "--databse-url", "host=x"}, "did you mean '--database-url'?"},
      {{"serve", "--pool_size", "3"}, "did you mean '--pool-size'?"},
      {{"serve", "--pool", "3"}, "did you mean '--pool-size'?"},
      {{"jobs", "stat"}, "did you mean 'stats'?"},
      {{"migrate", "--stauts"}, "did you mean '--status'?"},
      {{"check", "--jsn"}, "did you mean '--json'?"},
      {{"bench", "store_ouptut"}, "did you mean 'store_output'?"},
      {{"arc-sim", "--lisen", "127.0.0.1:0"}, "did you mean '--listen'?"},
  };
  for (const auto& [words, hint] : typos) {
    auto argv = words;
    if (argv[0] == "arc-sim") {
      argv[0] = testing::arc_sim_binary();
    } else {
      argv.insert(argv.begin(), testing::node_binary());
    }
    const auto r = testing::run_process(argv);
    EXPECT_EQ(r.exit_code, 2) << words[0] << ": " << r.err;
    const auto line = nlohmann::json::parse(r.err, nullptr, false);
    ASSERT_TRUE(line.is_object()) << "one JSON line: " << r.err;
    EXPECT_EQ(line["error"]["code"], "usage") << r.err;
    EXPECT_EQ(line["error"].value("hint", ""), hint) << r.err;
  }
}

// A database without the schema is `unavailable` with the hint to run
// migrate, from every subcommand that reads the wallet (never an internal
// SQL error).
TEST(Unmigrated, EverySubcommandSaysRunMigrate) {
  const auto url = testing::create_database("unmigrated");
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"call", "count_outputs", "{}"},
        {"jobs", "stats"},
        {"jobs", "list"},
        {"check"}}) {
    auto argv = command;
    argv.insert(argv.begin(), testing::node_binary());
    argv.insert(argv.end(), {"--database-url", url});
    const auto r = testing::run_process(argv);
    EXPECT_EQ(r.exit_code, 3) << command[0] << ": " << r.err;
    EXPECT_NE(r.err.find(R"("code":"unavailable")"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(R"("hint":"run 'bsv-wallet-node migrate'")"), std::string::npos)
        << command[0] << ": " << r.err;
    EXPECT_EQ(r.err.find("does not exist"), std::string::npos) << "no PostgreSQL text: " << r.err;
  }
}

TEST_F(CallCommand, UsesDatabaseUrlFromEnvironment) {
  auto r = testing::run_process({testing::node_binary(), "call", "count_outputs"}, "",
                                {"DATABASE_URL=" + *url_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0\n");
  auto none = testing::run_process({testing::node_binary(), "call", "count_outputs"}, "",
                                   {"DATABASE_URL="});
  expect_failure(none, 2, "usage", "DATABASE_URL");
}

TEST_F(CallCommand, BadInputChangesNothing) {
  ok("store_output", R"({"outpoint":"keep.0","satoshis":5,"basket":"b","tags":["t"]})");
  ok("store_action", R"({"txid":")" + std::string(64, 'd') + R"(","labels":["l"]})");
  ok("store_setting", R"({"key":"k","value":{"v":1}})");
  const std::string before = fingerprint();

  const std::string mega(1 << 20, 'm');
  struct Case {
    std::string method, args, code, names;
  };
  const std::vector<Case> cases = {
      {"store_output", "{\"outpoint\":\"keep.0\"", "usage", "unparsable"},
      {"store_output", R"({"outpoint":"keep.0","satoshis":"5"})", "invalid_argument", "satoshis"},
      {"store_output", R"({"outpoint":"keep.0","tags":"t"})", "invalid_argument", "tags"},
      {"store_output", R"({"outpoint":"keep.0","note":"a\u0000b"})", "invalid_argument", "NUL"},
      {"store_output", R"({"outpoint":"keep.0","blob":")" + mega + "\"}", "invalid_argument",
       "1 MiB"},
      {"store_output", R"({"outpoint":"keep.0","basket":")" + std::string(256, 'b') + "\"}",
       "invalid_argument", "basket"},
      {"find_outputs", R"({"limit":0})", "invalid_argument", "limit"},
      {"find_outputs", R"({"limit":-1})", "invalid_argument", "limit"},
      {"find_outputs", R"({"limit":100000})", "invalid_argument", "limit"},
      {"find_outputs", R"({"limit":"ten"})", "invalid_argument", "limit"},
      {"lock_utxos", R"({"outpoints":"keep.0","reference":"r"})", "invalid_argument", "outpoints"},
      {"lock_utxos", R"({"outpoints":["keep.0"],"reference":"r","extra":1})", "invalid_argument",
       "extra"},
      {"update_output_state", R"({"outpoint":"keep.0","state":"lost"})", "invalid_argument",
       "state"},
      {"release_stale_pending", R"({"timeout":-5})", "invalid_argument", "timeout"},
      {"store_action", R"({"txid":"DROP TABLE wallet_actions"})", "invalid_argument", "txid"},
      {"store_setting", R"({"key":"k","value":null})", "invalid_argument", "value"},
      {"store_transaction", R"({"txid":")" + std::string(64, 'd') + R"(","tx_hex":"xyz"})",
       "invalid_argument", "tx_hex"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.args.substr(0, 80));
    // Through stdin: a 1 MiB argument is past what Linux allows on a command line.
    expect_failure(call(c.method, "-", c.args), c.code == "usage" ? 2 : 1, c.code, c.names);
  }
  // Invalid UTF-8 through stdin.
  expect_failure(call("store_output", "-", "{\"outpoint\":\"keep.0\",\"basket\":\"\xc3\x28\"}"), 2,
                 "usage", "unparsable");
  EXPECT_EQ(fingerprint(), before);
}

TEST_F(CallCommand, EnqueueAndBroadcastStatus) {
  // Bitcoin's genesis coinbase as a raw transaction, and its txid.
  const std::string raw =
      "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff00"
      "1d"
      "0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f"
      "66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0"
      "fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c38"
      "4df7ba0b8d578a4c702b6bf11d5fac00000000";
  const std::string txid = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
  EXPECT_EQ(ok("broadcast_status", json{{"txid", txid}}.dump()), json(nullptr));
  EXPECT_EQ(ok("enqueue", json{{"txid", txid}, {"beef_hex", raw}}.dump()),
            (json{{"txid", txid}, {"broadcast_status", "sending"}}));
  EXPECT_EQ(ok("broadcast_status", json{{"txid", txid}}.dump()), "unsent");
  EXPECT_EQ(ok("enqueue", json{{"txid", txid}, {"beef_hex", raw}}.dump())["broadcast_status"],
            "unsent");
  expect_failure(call("enqueue", json{{"txid", std::string(64, 'a')}, {"beef_hex", raw}}.dump()), 1,
                 "invalid_argument", "beef_hex");
  expect_failure(call("enqueue", json{{"txid", txid}, {"beef_hex", raw}, {"fund_ref", "f"}}.dump()),
                 1, "invalid_argument", "all three");
}

TEST_F(CallCommand, SqlLookingInputIsStoredLiterally) {
  const std::string evil = "'; DELETE FROM wallet_outputs; --";
  ok("store_output", json{{"outpoint", "evil.0"}, {"basket", evil}}.dump());
  ok("store_output", R"({"outpoint":"other.0"})");
  EXPECT_EQ(ok("find_outputs", json{{"basket", evil}}.dump())[0]["basket"], evil);
  EXPECT_EQ(ok("count_outputs", "{}"), 2);
}

TEST(NodeBinary, HelpAndVersion) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"--version"},
                                                                {"migrate", "--help"},
                                                                {"call", "--help"},
                                                                {"bench", "--help"}}) {
    std::vector<std::string> argv = {testing::node_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = testing::run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_FALSE(r.out.empty());
  }
  auto unknown = testing::run_process({testing::node_binary(), "fly"});
  EXPECT_EQ(unknown.exit_code, 2);
  // --version after any subcommand, and from arc-sim.
  for (const auto& argv :
       std::vector<std::vector<std::string>>{{testing::node_binary(), "serve", "--version"},
                                             {testing::node_binary(), "jobs", "stats", "--version"},
                                             {testing::arc_sim_binary(), "--version"}}) {
    auto r = testing::run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << argv[1] << ": " << r.err;
    EXPECT_NE(r.out.find(" 0."), std::string::npos) << r.out;
  }
}

// `call METHOD --help` gives each method's own reference: its arguments
// and an example, from the table docs/api.md is made of.
TEST(NodeBinary, CallMethodHelpForEveryMethod) {
  for (const auto& method : messages::json_method_names()) {
    auto r = testing::run_process({testing::node_binary(), "call", method, "--help"});
    EXPECT_EQ(r.exit_code, 0) << method;
    EXPECT_EQ(r.out, messages::method_help(*messages::find_method_doc(method))) << method;
    EXPECT_NE(r.out.find("example: bsv-wallet-node call " + method), std::string::npos);
  }
}

}  // namespace
}  // namespace bsv
