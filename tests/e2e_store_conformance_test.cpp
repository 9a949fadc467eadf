// The Store contract, once, for every implementation: MemoryStore (the
// reference) and PostgresStore (a fresh migrated schema per test).

#include <gtest/gtest.h>

#include <functional>

#include "db/postgres_store.hpp"
#include "node/wallet_node.hpp"
#include "store/memory_store.hpp"
#include "store/store.hpp"
#include "store/timestamps.hpp"
#include "store/validation.hpp"
#include "support/node_fixtures.hpp"
#include "support/test_database.hpp"

namespace bsv::store {
namespace {

struct MemoryImpl {
  std::unique_ptr<Store> make() { return std::make_unique<MemoryStore>(); }
};

struct PostgresImpl {
  testing::MigratedSchema schema;
  std::unique_ptr<Store> make() {
    return std::make_unique<db::PostgresStore>(schema.conninfo(), schema.name());
  }
};

// Through the store actor in this process, and through a `serve` process.
using ActorImpl = testing::LocalNodeFixture;
using RemoteImpl = testing::RemoteNodeFixture;

struct ImplNames {
  template <typename T>
  static std::string GetName(int) {
    if (std::is_same_v<T, MemoryImpl>) return "Memory";
    if (std::is_same_v<T, PostgresImpl>) return "Postgres";
    return std::is_same_v<T, ActorImpl> ? "Actor" : "Remote";
  }
};

template <typename Impl>
class StoreConformance : public ::testing::Test {
 protected:
  Store& store() { return *store_; }

  static std::string txid(char c) { return std::string(64, c); }

  json output(const std::string& outpoint, std::int64_t satoshis, json extra = json::object()) {
    json record = {{"outpoint", outpoint}, {"satoshis", satoshis}, {"basket", "default"}};
    record.update(extra);
    return record;
  }
  void put(const json& record) { ASSERT_TRUE(store().store_output(record).ok()) << record.dump(); }

  // The coin-selection fixture: the spendable outputs of "default" in
  // insertion order are a.0 (10), a.1 (50), a.3 (30), a.4 (50), a.5 (none = 0).
  void put_allocation_pool() {
    put(output("a.0", 10));
    put(output("a.1", 50));
    put(output("a.2", 500, {{"basket", "other"}}));
    put(output("a.3", 30));
    put(output("a.4", 50));
    put({{"outpoint", "a.5"}, {"basket", "default"}});
    put(output("a.6", 900, {{"state", "pending"}, {"pending_reference", "x"}}));
    put(output("a.7", 800, {{"state", "spent"}}));
  }

  std::vector<std::string> outpoints(const Records& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.at("outpoint"));
    return out;
  }
  std::vector<std::string> find_outpoints(OutputQuery q) {
    auto found = store().find_outputs(q);
    EXPECT_TRUE(found.ok()) << (found ? "" : found.error().message);
    return found ? outpoints(*found) : std::vector<std::string>{};
  }
  json find_output(const std::string& outpoint) {
    OutputQuery q;
    q.outpoint = outpoint;
    q.include_spent = true;
    auto found = store().find_outputs(q);
    return found && found->size() == 1 ? found->front() : json();
  }
  std::vector<std::string> action_txids(ActionQuery q) {
    auto found = store().find_actions(q);
    EXPECT_TRUE(found.ok());
    std::vector<std::string> out;
    if (found) {
      for (const auto& r : *found) out.push_back(r.at("txid"));
    }
    return out;
  }
  void expect_error(ErrorCode code, const Error& error, const std::string& names) {
    EXPECT_EQ(to_string(code), std::string(to_string(error.code))) << error.message;
    EXPECT_NE(error.message.find(names), std::string::npos) << error.message;
  }

  Impl impl_;
  std::unique_ptr<Store> store_ = impl_.make();  // destroyed before impl_
};

using Implementations = ::testing::Types<MemoryImpl, PostgresImpl, ActorImpl, RemoteImpl>;
TYPED_TEST_SUITE(StoreConformance, Implementations, ImplNames);

// YYYY-MM-DDTHH:MM:SS.ffffffZ: a valid timestamp with exactly six fraction digits.
bool is_iso_micros(const std::string& text) {
  return text.size() == 27 && text[19] == '.' && parse_iso_utc(text).has_value();
}

// ---------------------------------------------------------------- actions

TYPED_TEST(StoreConformance, StoreActionRoundTripsUnknownKeys) {
  const json action = {
      {"txid", this->txid('a')},   {"status", "unproven"},
      {"labels", {"pay", "ünï"}},  {"nested", {{"deep", {1, 2.5, -3e-7, nullptr, true, "☃"}}}},
      {"description", "coffee ☕"}, {"satoshis", 1234}};
  auto stored = this->store().store_action(action);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, action);
  ActionQuery q;
  q.txid = this->txid('a');
  auto found = this->store().find_actions(q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front(), action);
}

TYPED_TEST(StoreConformance, StoreActionRefusesDuplicateAndKeepsOriginal) {
  ASSERT_TRUE(this->store().store_action({{"txid", this->txid('b')}, {"status", "signed"}}).ok());
  auto again = this->store().store_action({{"txid", this->txid('b')}, {"status", "other"}});
  ASSERT_FALSE(again.ok());
  this->expect_error(ErrorCode::duplicate, again.error(), this->txid('b'));
  ActionQuery q;
  auto found = this->store().find_actions(q);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front()["status"], "signed");
}

TYPED_TEST(StoreConformance, StoreActionValidatesTxid) {
  auto missing = this->store().store_action({{"status", "x"}});
  ASSERT_FALSE(missing.ok());
  this->expect_error(ErrorCode::invalid_argument, missing.error(), "txid");
  for (const json& bad : {json(std::string(64, 'A')), json(std::string(63, 'a')), json(42)}) {
    auto result = this->store().store_action({{"txid", bad}});
    ASSERT_FALSE(result.ok()) << bad;
    this->expect_error(ErrorCode::invalid_argument, result.error(), "txid");
  }
  EXPECT_EQ(*this->store().count_actions({}), 0);
}

TYPED_TEST(StoreConformance, FindActionsByLabels) {
  this->store().store_action({{"txid", this->txid('1')}, {"labels", {"a", "b"}}});
  this->store().store_action({{"txid", this->txid('2')}, {"labels", {"b"}}});
  this->store().store_action({{"txid", this->txid('3')}});
  ActionQuery q;
  q.labels = std::vector<std::string>{"a", "b"};
  q.label_mode = MatchMode::any;
  EXPECT_EQ(this->action_txids(q), (std::vector<std::string>{this->txid('1'), this->txid('2')}));
  q.label_mode = MatchMode::all;
  EXPECT_EQ(this->action_txids(q), (std::vector<std::string>{this->txid('1')}));
  q.labels = std::vector<std::string>{};
  EXPECT_EQ(this->action_txids(q).size(), 3u) << "all + [] matches everything";
  q.label_mode = MatchMode::any;
  EXPECT_TRUE(this->action_txids(q).empty()) << "any + [] matches nothing";
  q.labels.reset();
  EXPECT_EQ(this->action_txids(q).size(), 3u) << "absent = no filter";
}

TYPED_TEST(StoreConformance, FindActionsByTxidAndStatus) {
  this->store().store_action({{"txid", this->txid('1')}, {"status", "unproven"}});
  this->store().store_action({{"txid", this->txid('2')}, {"status", "completed"}});
  ActionQuery q;
  q.status = "completed";
  EXPECT_EQ(this->action_txids(q), (std::vector<std::string>{this->txid('2')}));
  q.status.reset();
  q.txid = this->txid('1');
  EXPECT_EQ(this->action_txids(q), (std::vector<std::string>{this->txid('1')}));
  q.status = "completed";
  EXPECT_TRUE(this->action_txids(q).empty());
}

TYPED_TEST(StoreConformance, PaginationInInsertionOrder) {
  const std::string hex = "0123456789";
  for (char c : hex) this->store().store_action({{"txid", this->txid(c)}});
  ActionQuery q;
  EXPECT_EQ(this->action_txids(q).size(), 10u) << "limit defaults to 10";
  q.page = {3, 2};
  EXPECT_EQ(this->action_txids(q),
            (std::vector<std::string>{this->txid('2'), this->txid('3'), this->txid('4')}));
  q.page = {5, 8};
  EXPECT_EQ(this->action_txids(q).size(), 2u);
  q.page = {5, 100};
  EXPECT_TRUE(this->action_txids(q).empty()) << "offset past the end gives []";
  q.page = {10000, 0};
  EXPECT_EQ(this->action_txids(q).size(), 10u);
  for (Page bad : {Page{0, 0}, Page{-1, 0}, Page{10001, 0}, Page{10, -1}}) {
    q.page = bad;
    auto result = this->store().find_actions(q);
    ASSERT_FALSE(result.ok());
    this->expect_error(ErrorCode::invalid_argument, result.error(),
                       bad.offset < 0 ? "offset" : "limit");
  }
}

TYPED_TEST(StoreConformance, CountIgnoresLimitAndOffset) {
  for (char c : std::string("abc"))
    this->store().store_action({{"txid", this->txid(c)}, {"labels", {"x"}}});
  ActionQuery q;
  q.labels = std::vector<std::string>{"x"};
  q.page = {1, 2};
  EXPECT_EQ(*this->store().count_actions(q), 3);
  OutputQuery oq;
  oq.page = {0, -5};  // even out-of-range paging is ignored by count
  this->put(this->output("o.1", 5));
  EXPECT_EQ(*this->store().count_outputs(oq), 1);
}

TYPED_TEST(StoreConformance, UpdateActionStatus) {
  this->store().store_action({{"txid", this->txid('c')}, {"status", "signed"}, {"keep", {1, 2}}});
  auto updated = this->store().update_action_status(this->txid('c'), "completed");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ((*updated)["status"], "completed");
  EXPECT_EQ((*updated)["keep"], json({1, 2}));
  auto missing = this->store().update_action_status(this->txid('d'), "completed");
  ASSERT_FALSE(missing.ok());
  this->expect_error(ErrorCode::not_found, missing.error(), this->txid('d'));
}

TYPED_TEST(StoreConformance, DeleteAction) {
  this->store().store_action({{"txid", this->txid('e')}});
  EXPECT_TRUE(*this->store().delete_action(this->txid('e')));
  EXPECT_FALSE(*this->store().delete_action(this->txid('e')));
  EXPECT_EQ(*this->store().count_actions({}), 0);
}

// ---------------------------------------------------------------- outputs

TYPED_TEST(StoreConformance, StoreOutputRoundTripsAndUpsertKeepsPlace) {
  const json first = this->output("t.0", 10, {{"custom", {{"a", nullptr}, {"f", 0.125}}}});
  this->put(first);
  this->put(this->output("t.1", 20));
  EXPECT_EQ(this->find_output("t.0"), first);
  const json replaced = this->output("t.0", 99, {{"basket", "other"}});
  auto stored = this->store().store_output(replaced);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, replaced);
  EXPECT_EQ(this->find_output("t.0"), replaced) << "every key rewritten, old unknown keys gone";
  OutputQuery all;
  EXPECT_EQ(this->find_outpoints(all), (std::vector<std::string>{"t.0", "t.1"}))
      << "the row keeps its place in insertion order";
  EXPECT_EQ(*this->store().count_outputs(all), 2);
}

TYPED_TEST(StoreConformance, StoreOutputRewritesPendingMetadata) {
  this->put(this->output("p.0", 10,
                         {{"state", "pending"},
                          {"pending_since", "2000-01-01T00:00:00.000000Z"},
                          {"pending_reference", "ref"},
                          {"no_send", true}}));
  this->put(this->output("p.0", 10, {{"state", "spendable"}}));
  EXPECT_EQ(*this->store().release_stale_pending(0), 0) << "no stale pending columns remain";
  auto spendable = this->store().find_spendable_outputs({});
  ASSERT_EQ(spendable->size(), 1u);
  EXPECT_FALSE(spendable->front().contains("pending_since"));
  auto locked = this->store().lock_utxos({"p.0"}, "new-ref");
  EXPECT_EQ(*locked, std::vector<std::string>{"p.0"});
  EXPECT_FALSE(this->find_output("p.0").contains("no_send"))
      << "no_send from the old record is gone";
}

TYPED_TEST(StoreConformance, StoreOutputRequiresOutpoint) {
  auto result = this->store().store_output({{"satoshis", 5}});
  ASSERT_FALSE(result.ok());
  this->expect_error(ErrorCode::invalid_argument, result.error(), "outpoint");
  auto empty = this->store().store_output({{"outpoint", ""}});
  ASSERT_FALSE(empty.ok());
  this->expect_error(ErrorCode::invalid_argument, empty.error(), "outpoint");
}

TYPED_TEST(StoreConformance, FindOutputsFilters) {
  this->put(this->output("f.0", 1, {{"basket", "a"}, {"tags", {"x", "y"}}}));
  this->put(this->output("f.1", 2, {{"basket", "a"}, {"tags", {"y"}}}));
  this->put(this->output("f.2", 3, {{"basket", "b"}}));
  OutputQuery q;
  q.basket = "a";
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"f.0", "f.1"}));
  q.basket.reset();
  q.outpoint = "f.2";
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"f.2"}));
  q.outpoint.reset();
  q.tags = std::vector<std::string>{"x", "y"};
  q.tag_mode = MatchMode::all;
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"f.0"}));
  q.tag_mode = MatchMode::any;
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"f.0", "f.1"}));
  q.tags = std::vector<std::string>{};
  EXPECT_TRUE(this->find_outpoints(q).empty());
  q.tag_mode = MatchMode::all;
  EXPECT_EQ(this->find_outpoints(q).size(), 3u);
  EXPECT_EQ(*this->store().count_outputs(q), 3);
}

TYPED_TEST(StoreConformance, FindOutputsHidesPendingAndSpentUnlessIncluded) {
  this->put(this->output("s.0", 1, {{"state", "spendable"}}));
  this->put(this->output("s.1", 1, {{"state", "pending"}}));
  this->put(this->output("s.2", 1, {{"state", "spent"}}));
  OutputQuery q;
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"s.0"}));
  EXPECT_EQ(*this->store().count_outputs(q), 1);
  q.include_spent = true;
  EXPECT_EQ(this->find_outpoints(q).size(), 3u);
}

TYPED_TEST(StoreConformance, LegacyRowsUseSpendableFlag) {
  this->put(this->output("l.0", 1, {{"spendable", false}}));  // legacy spent
  this->put(this->output("l.1", 1, {{"spendable", true}}));   // legacy spendable
  this->put(this->output("l.2", 1, {{"spendable", false}, {"state", "spendable"}}));  // state wins
  this->put(this->output("l.3", 1));  // neither: spendable
  OutputQuery q;
  EXPECT_EQ(this->find_outpoints(q), (std::vector<std::string>{"l.1", "l.2", "l.3"}));
  auto locked = this->store().lock_utxos({"l.0", "l.1", "l.2"}, "ref");
  EXPECT_EQ(*locked, (std::vector<std::string>{"l.1", "l.2"}));
  EXPECT_EQ(this->find_output("l.1")["spendable"], true) << "the legacy key is left as it was";
  EXPECT_EQ(this->find_output("l.1")["state"], "pending");
}

TYPED_TEST(StoreConformance, UpdateOutputBasket) {
  this->put(this->output("b.0", 7, {{"state", "pending"}, {"tags", {"t"}}}));
  auto moved = this->store().update_output_basket("b.0", "savings");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ((*moved)["basket"], "savings");
  EXPECT_EQ((*moved)["state"], "pending");
  EXPECT_EQ((*moved)["tags"], json({"t"}));
  OutputQuery q;
  q.basket = "savings";
  q.include_spent = true;
  EXPECT_EQ(this->find_outpoints(q), std::vector<std::string>{"b.0"});
  auto missing = this->store().update_output_basket("nope.0", "x");
  ASSERT_FALSE(missing.ok());
  this->expect_error(ErrorCode::not_found, missing.error(), "nope.0");
}

TYPED_TEST(StoreConformance, UpdateOutputStateSetsAndClearsPendingMetadata) {
  this->put(this->output("u.0", 7, {{"spendable", true}}));
  auto pending =
      this->store().update_output_state("u.0", OutputState::pending, std::string("ref-1"), true);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ((*pending)["state"], "pending");
  EXPECT_EQ((*pending)["pending_reference"], "ref-1");
  EXPECT_EQ((*pending)["no_send"], true);
  EXPECT_TRUE(is_iso_micros((*pending)["pending_since"].template get<std::string>()));
  EXPECT_EQ((*pending)["spendable"], true) << "legacy key untouched";

  auto again = this->store().update_output_state("u.0", OutputState::pending);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->contains("pending_reference")) << "present only when set";
  EXPECT_FALSE(again->contains("no_send")) << "present only when true";
  EXPECT_GE((*again)["pending_since"].template get<std::string>(),
            (*pending)["pending_since"].template get<std::string>());

  auto spent =
      this->store().update_output_state("u.0", OutputState::spent, std::string("ignored"), true);
  ASSERT_TRUE(spent.ok());
  EXPECT_EQ((*spent)["state"], "spent");
  for (const char* key : {"pending_since", "pending_reference", "no_send"})
    EXPECT_FALSE(spent->contains(key));
  EXPECT_EQ(this->find_output("u.0"), *spent);
  EXPECT_TRUE(this->find_outpoints({}).empty());

  auto back = this->store().update_output_state("u.0", OutputState::spendable);
  EXPECT_EQ((*back)["state"], "spendable");
  EXPECT_EQ(this->find_outpoints({}), std::vector<std::string>{"u.0"});

  auto missing = this->store().update_output_state("zz.9", OutputState::spent);
  ASSERT_FALSE(missing.ok());
  this->expect_error(ErrorCode::not_found, missing.error(), "zz.9");
}

TYPED_TEST(StoreConformance, LockUtxosPartialInRequestOrder) {
  this->put(this->output("k.0", 1));
  this->put(this->output("k.1", 1));
  this->put(this->output("k.2", 1, {{"state", "spent"}}));
  this->put(this->output("k.3", 1, {{"state", "pending"}}));
  this->put(this->output("k.4", 1));
  auto locked =
      this->store().lock_utxos({"k.4", "missing.0", "k.2", "k.3", "k.0", "k.4"}, "fund-1", true);
  ASSERT_TRUE(locked.ok());
  EXPECT_EQ(*locked, (std::vector<std::string>{"k.4", "k.0"}));
  const json a = this->find_output("k.4"), b = this->find_output("k.0");
  EXPECT_EQ(a["state"], "pending");
  EXPECT_EQ(a["pending_reference"], "fund-1");
  EXPECT_EQ(a["no_send"], true);
  EXPECT_TRUE(is_iso_micros(a["pending_since"].template get<std::string>()));
  EXPECT_EQ(a["pending_since"], b["pending_since"]) << "one shared timestamp";
  EXPECT_EQ(this->find_outpoints({}), std::vector<std::string>{"k.1"});
  auto second = this->store().lock_utxos({"k.0", "k.1"}, "fund-2");
  EXPECT_EQ(*second, std::vector<std::string>{"k.1"});
  EXPECT_FALSE(this->find_output("k.1").contains("no_send"));
}

TYPED_TEST(StoreConformance, LockUtxosEmptyAndReference) {
  auto none = this->store().lock_utxos({}, "ref");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  this->put(this->output("r.0", 1));
  auto bad = this->store().lock_utxos({"r.0"}, "");
  ASSERT_FALSE(bad.ok());
  this->expect_error(ErrorCode::invalid_argument, bad.error(), "reference");
  auto too_long = this->store().lock_utxos({"r.0"}, std::string(256, 'r'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(this->find_outpoints({}), std::vector<std::string>{"r.0"}) << "nothing locked";
}

TYPED_TEST(StoreConformance, FindSpendableOutputsSortsAndFilters) {
  this->put(this->output("q.0", 50));
  this->put(this->output("q.1", 10, {{"basket", "other"}}));
  this->put(this->output("q.2", 50));
  this->put({{"outpoint", "q.3"}, {"basket", "default"}});  // no satoshis: counts as 0
  this->put(this->output("q.4", 99, {{"state", "pending"}}));
  this->put(this->output("q.5", 70, {{"state", "spent"}}));
  auto desc = this->store().find_spendable_outputs({});
  EXPECT_EQ(this->outpoints(*desc), (std::vector<std::string>{"q.0", "q.2", "q.1", "q.3"}));
  SpendableQuery q;
  q.order = SortOrder::asc;
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs(q)),
            (std::vector<std::string>{"q.3", "q.1", "q.0", "q.2"}));
  q.basket = "default";
  q.min_satoshis = 1;
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs(q)),
            (std::vector<std::string>{"q.0", "q.2"}));
  q.min_satoshis = -1;
  EXPECT_FALSE(this->store().find_spendable_outputs(q).ok());
}

TYPED_TEST(StoreConformance, FindSpendableOutputsLimit) {
  for (int i = 0; i < 5; ++i) this->put(this->output("l." + std::to_string(i), 10 * i));
  SpendableQuery q;
  EXPECT_EQ(this->store().find_spendable_outputs(q)->size(), 5u) << "no limit: all of them";
  q.limit = 2;
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs(q)),
            (std::vector<std::string>{"l.4", "l.3"}));
  q.order = SortOrder::asc;
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs(q)),
            (std::vector<std::string>{"l.0", "l.1"}));
  for (std::int64_t bad : {0, -1, 10001}) {
    q.limit = bad;
    auto refused = this->store().find_spendable_outputs(q);
    ASSERT_FALSE(refused.ok()) << bad;
    this->expect_error(ErrorCode::invalid_argument, refused.error(), "limit");
  }
}

AllocationRequest allocation(std::int64_t target, AllocationStrategy strategy) {
  AllocationRequest request;
  request.target_satoshis = target;
  request.reference = "pay-1";
  request.basket = "default";
  request.strategy = strategy;
  return request;
}

TYPED_TEST(StoreConformance, AllocateTakesTheShortestPrefixInStrategyOrder) {
  this->put_allocation_pool();
  struct Case {
    AllocationStrategy strategy;
    std::int64_t target;
    std::vector<std::string> taken;
    std::int64_t total;
  };
  const std::vector<Case> cases = {
      {AllocationStrategy::largest_first, 60, {"a.1", "a.4"}, 100},  // ties: insertion order
      {AllocationStrategy::largest_first, 50, {"a.1"}, 50},          // exact target
      {AllocationStrategy::smallest_first, 35, {"a.5", "a.0", "a.3"}, 40},
      {AllocationStrategy::oldest_first, 55, {"a.0", "a.1"}, 60},
  };
  for (const auto& c : cases) {
    auto taken = this->store().allocate_utxos(allocation(c.target, c.strategy));
    ASSERT_TRUE(taken.ok()) << to_string(c.strategy) << ": " << taken.error().message;
    EXPECT_EQ(this->outpoints(taken->outputs), c.taken) << to_string(c.strategy);
    EXPECT_EQ(taken->total, c.total) << to_string(c.strategy);
    for (const auto& record : taken->outputs) {
      EXPECT_EQ(record.at("state"), "pending");
      EXPECT_EQ(record.at("pending_reference"), "pay-1");
      EXPECT_EQ(record.at("pending_since"), taken->outputs.front().at("pending_since"));
      EXPECT_EQ(this->find_output(record.at("outpoint")), record) << "stored as answered";
    }
    // Give them back for the next case.
    for (const auto& outpoint : c.taken) {
      ASSERT_TRUE(this->store().update_output_state(outpoint, OutputState::spendable).ok());
    }
  }
}

TYPED_TEST(StoreConformance, AllocateHonoursMinSatoshisMaxOutputsAndNoSend) {
  this->put_allocation_pool();
  auto request = allocation(60, AllocationStrategy::smallest_first);
  request.min_satoshis = 20;
  request.no_send = true;
  auto taken = this->store().allocate_utxos(request);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(this->outpoints(taken->outputs), (std::vector<std::string>{"a.3", "a.1"}));
  EXPECT_EQ(taken->outputs.front().at("no_send"), true);

  // Left: a.0 (10), a.4 (50), a.5 (0). Two outputs smallest first reach 10.
  auto capped = allocation(20, AllocationStrategy::smallest_first);
  capped.max_outputs = 2;
  auto refused = this->store().allocate_utxos(capped);
  ASSERT_FALSE(refused.ok());
  this->expect_error(ErrorCode::insufficient_funds, refused.error(), "reach 10");
  capped.max_outputs = 3;
  auto enough = this->store().allocate_utxos(capped);
  ASSERT_TRUE(enough.ok()) << enough.error().message;
  EXPECT_EQ(enough->total, 60);
}

TYPED_TEST(StoreConformance, AllocateInsufficientFundsLocksNothing) {
  this->put_allocation_pool();
  const auto before = this->store().find_spendable_outputs({});
  auto refused = this->store().allocate_utxos(allocation(141, AllocationStrategy::largest_first));
  ASSERT_FALSE(refused.ok());
  // Pending a.6 and spent a.7 are never taken; the basket's spendable sum is 140.
  this->expect_error(ErrorCode::insufficient_funds, refused.error(), "reach 140");
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs({})), this->outpoints(*before));
  auto wallet_wide = allocation(641, AllocationStrategy::largest_first);
  wallet_wide.basket.reset();
  auto everything = this->store().allocate_utxos(wallet_wide);
  ASSERT_FALSE(everything.ok()) << "every basket holds 640 spendable";
  wallet_wide.target_satoshis = 640;
  auto all = this->store().allocate_utxos(wallet_wide);
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(this->outpoints(all->outputs),
            (std::vector<std::string>{"a.2", "a.1", "a.4", "a.3", "a.0"}));
}

TYPED_TEST(StoreConformance, AllocateRefusesBadRequestsNamingTheKey) {
  this->put_allocation_pool();
  const auto before = this->store().find_spendable_outputs({});
  struct Case {
    std::function<void(AllocationRequest&)> spoil;
    std::string key;
  };
  const std::vector<Case> cases = {
      {[](AllocationRequest& r) { r.target_satoshis = 0; }, "target_satoshis"},
      {[](AllocationRequest& r) { r.target_satoshis = kMaxSatoshis + 1; }, "target_satoshis"},
      {[](AllocationRequest& r) { r.reference.clear(); }, "reference"},
      {[](AllocationRequest& r) { r.reference = std::string(256, 'r'); }, "reference"},
      {[](AllocationRequest& r) { r.basket = ""; }, "basket"},
      {[](AllocationRequest& r) { r.min_satoshis = -1; }, "min_satoshis"},
      {[](AllocationRequest& r) { r.max_outputs = 0; }, "max_outputs"},
      {[](AllocationRequest& r) { r.max_outputs = 1001; }, "max_outputs"},
  };
  for (const auto& c : cases) {
    auto request = allocation(10, AllocationStrategy::largest_first);
    c.spoil(request);
    auto refused = this->store().allocate_utxos(request);
    ASSERT_FALSE(refused.ok()) << c.key;
    this->expect_error(ErrorCode::invalid_argument, refused.error(), c.key);
  }
  EXPECT_EQ(this->outpoints(*this->store().find_spendable_outputs({})), this->outpoints(*before));
}

TYPED_TEST(StoreConformance, ReleaseStalePending) {
  const std::string old = "2001-02-03T04:05:06.000007Z";
  this->put(this->output(
      "x.0", 1, {{"state", "pending"}, {"pending_since", old}, {"pending_reference", "r"}}));
  this->put(
      this->output("x.1", 1, {{"state", "pending"}, {"pending_since", old}, {"no_send", true}}));
  this->put(this->output("x.2", 1, {{"state", "pending"}}));  // no pending_since: never released
  this->put(this->output("x.3", 1));
  this->store().lock_utxos({"x.3"}, "fresh");

  EXPECT_EQ(*this->store().release_stale_pending(3600), 1);
  const json released = this->find_output("x.0");
  EXPECT_EQ(released["state"], "spendable");
  for (const char* key : {"pending_since", "pending_reference", "no_send"})
    EXPECT_FALSE(released.contains(key));
  EXPECT_EQ(this->find_output("x.1")["state"], "pending") << "no_send is exempt";
  EXPECT_EQ(this->find_output("x.2")["state"], "pending");
  EXPECT_EQ(this->find_output("x.3")["state"], "pending") << "fresh lock kept";
  EXPECT_EQ(*this->store().release_stale_pending(0), 1) << "timeout 0 releases the fresh lock";
  EXPECT_EQ(*this->store().release_stale_pending(), 0);
  EXPECT_EQ(*this->store().release_stale_pending(1e300), 0);
  auto negative = this->store().release_stale_pending(-1);
  ASSERT_FALSE(negative.ok());
  this->expect_error(ErrorCode::invalid_argument, negative.error(), "timeout");
}

// ---------------------------------------------------------------- certificates

TYPED_TEST(StoreConformance, CertificatesUpsertFindCountDelete) {
  auto cert = [](const std::string& type, const std::string& serial, const std::string& certifier,
                 const std::string& subject, json fields) {
    return json{{"type", type},       {"serial_number", serial}, {"certifier", certifier},
                {"subject", subject}, {"fields", fields},        {"keyring", {{"k", "v"}}}};
  };
  ASSERT_TRUE(
      this->store()
          .store_certificate(cert("t1", "s1", "c1", "alice", {{"name", "A"}, {"age", "30"}}))
          .ok());
  ASSERT_TRUE(this->store().store_certificate(cert("t2", "s2", "c2", "bob", {{"name", "B"}})).ok());
  const json updated = cert("t1", "s1", "c1", "carol", {{"name", "A"}, {"age", "31"}});
  ASSERT_TRUE(this->store().store_certificate(updated).ok());
  CertificateQuery q;
  EXPECT_EQ(*this->store().count_certificates(q), 2) << "upsert on the natural key";
  auto first = this->store().find_certificates(q);
  EXPECT_EQ(first->front(), updated) << "keeps its place, takes the new record";
  q.certifiers = std::vector<std::string>{"c2", "c9"};
  EXPECT_EQ(this->store().find_certificates(q)->size(), 1u);
  q.certifiers = std::vector<std::string>{};
  EXPECT_TRUE(this->store().find_certificates(q)->empty());
  q.certifiers.reset();
  q.types = std::vector<std::string>{"t1"};
  q.subject = "carol";
  EXPECT_EQ(this->store().find_certificates(q)->size(), 1u);
  q.attributes = {{"name", "A"}, {"age", "31"}};
  EXPECT_EQ(this->store().find_certificates(q)->size(), 1u);
  q.attributes = {{"name", "A"}, {"age", "30"}};
  EXPECT_TRUE(this->store().find_certificates(q)->empty());
  EXPECT_EQ(*this->store().count_certificates(q), 0);

  EXPECT_FALSE(*this->store().delete_certificate("t1", "s1", "c2")) << "all three must match";
  EXPECT_TRUE(*this->store().delete_certificate("t1", "s1", "c1"));
  EXPECT_EQ(*this->store().count_certificates({}), 1);
  auto incomplete = this->store().store_certificate({{"type", "t"}, {"serial_number", "s"}});
  ASSERT_FALSE(incomplete.ok());
  this->expect_error(ErrorCode::invalid_argument, incomplete.error(), "certifier");
}

// ---------------------------------------------------------------- proofs, transactions, settings

TYPED_TEST(StoreConformance, ProofsAndTransactionsUpsert) {
  const auto id = this->txid('f');
  EXPECT_FALSE(this->store().find_proof(id)->has_value());
  EXPECT_TRUE(*this->store().store_proof(id, "beef01"));
  EXPECT_TRUE(*this->store().store_proof(id, "beef02"));
  EXPECT_EQ(**this->store().find_proof(id), "beef02");
  EXPECT_FALSE(this->store().find_transaction(id)->has_value());
  EXPECT_TRUE(*this->store().store_transaction(id, "0100"));
  EXPECT_EQ(**this->store().find_transaction(id), "0100");
  for (const std::string bad : {"", "abc", "zz", "0g"}) {
    auto result = this->store().store_transaction(id, bad);
    ASSERT_FALSE(result.ok()) << bad;
    this->expect_error(ErrorCode::invalid_argument, result.error(), "tx_hex");
  }
  EXPECT_EQ(**this->store().find_transaction(id), "0100");
  EXPECT_FALSE(this->store().store_proof("short", "00").ok());
}

TYPED_TEST(StoreConformance, SettingsHoldAnyJsonValue) {
  const std::vector<json> values = {json{{"a", {1, 2, {{"b", nullptr}}}}, {"u", "ü"}},
                                    json({1, "two"}),
                                    json("text"),
                                    json(3.5),
                                    json(false),
                                    json(0)};
  for (const auto& value : values) {
    ASSERT_TRUE(this->store().store_setting("key", value).ok());
    auto found = this->store().find_setting("key");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(**found, value);
  }
  EXPECT_FALSE(this->store().find_setting("absent")->has_value());
  auto null_value = this->store().store_setting("key", json(nullptr));
  ASSERT_FALSE(null_value.ok());
  this->expect_error(ErrorCode::invalid_argument, null_value.error(), "value");
  EXPECT_EQ(**this->store().find_setting("key"), json(0));
  EXPECT_FALSE(this->store().store_setting("", json(1)).ok());
}

// ---------------------------------------------------------------- boundary validation

TYPED_TEST(StoreConformance, RecordValidationRefusesAndChangesNothing) {
  this->put(this->output("keep.0", 5, {{"tags", {"t"}}}));
  const json before = this->find_output("keep.0");
  const std::vector<std::pair<json, std::string>> bad = {
      {this->output("keep.0", 5, {{"basket", std::string(256, 'b')}}), "basket"},
      {this->output("keep.0", 5, {{"basket", ""}}), "basket"},
      {this->output("keep.0", 5, {{"tags", "t"}}), "tags"},
      {this->output("keep.0", 5, {{"tags", {1}}}), "tags"},
      {this->output("keep.0", 5, {{"tags", {std::string(301, 't')}}}), "tags"},
      {this->output("keep.0", -1), "satoshis"},
      {this->output("keep.0", 2100000000000001LL), "satoshis"},
      {this->output("keep.0", 5, {{"satoshis", 1.5}}), "satoshis"},
      {this->output("keep.0", 5, {{"satoshis", "5"}}), "satoshis"},
      {this->output("keep.0", 5, {{"state", "frozen"}}), "state"},
      {this->output("keep.0", 5, {{"no_send", "yes"}}), "no_send"},
      {this->output("keep.0", 5, {{"pending_since", "yesterday"}}), "pending_since"},
      {this->output("keep.0", 5, {{"pending_since", "2020-02-30T00:00:00Z"}}), "pending_since"},
      {this->output("keep.0", 5, {{"note", std::string("a\0b", 3)}}), "note"},
      {this->output("keep.0", 5, {{"note", std::string("\xff\xfe")}}), "note"},
      {this->output("keep.0", 5, {{"blob", std::string(kMaxRecordBytes, 'x')}}), "1 MiB"},
      {this->output(std::string(256, 'o'), 5), "outpoint"},
      {json::array({1}), "object"},
  };
  for (const auto& [record, names] : bad) {
    auto result = this->store().store_output(record);
    ASSERT_FALSE(result.ok()) << names;
    this->expect_error(ErrorCode::invalid_argument, result.error(), names);
  }
  EXPECT_EQ(this->find_output("keep.0"), before);
  EXPECT_EQ(*this->store().count_outputs({}), 1);
}

TYPED_TEST(StoreConformance, LengthsCountCodePoints) {
  std::string basket;
  for (int i = 0; i < 255; ++i) basket += "é";  // 510 bytes, 255 characters
  ASSERT_TRUE(this->store().store_output(this->output("cp.0", 1, {{"basket", basket}})).ok());
  EXPECT_EQ(this->find_output("cp.0")["basket"], basket);
  EXPECT_FALSE(
      this->store().store_output(this->output("cp.1", 1, {{"basket", basket + "é"}})).ok());
}

TYPED_TEST(StoreConformance, SqlLookingStringsAreStoredLiterally) {
  const std::string sneaky = "x'); DROP TABLE wallet_outputs; --";
  const std::string quoted = "a\",\"b\\";
  this->put(this->output(sneaky, 1, {{"basket", sneaky}, {"tags", {quoted, "{}"}}}));
  OutputQuery q;
  q.basket = sneaky;
  q.tags = std::vector<std::string>{quoted, "{}"};
  q.tag_mode = MatchMode::all;
  EXPECT_EQ(this->find_outpoints(q), std::vector<std::string>{sneaky});
  EXPECT_EQ(this->find_output(sneaky)["tags"], json({quoted, "{}"}));
}

}  // namespace
}  // namespace bsv::store
