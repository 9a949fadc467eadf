// PostgreSQL-only behaviour: races between connections, the columns kept in
// step with the record, the broadcast-job exemption, lost connections.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "db/postgres_store.hpp"
#include "support/race.hpp"
#include "support/test_database.hpp"

namespace bsv::db {
namespace {

using store::OutputState;

class PostgresOnly : public ::testing::Test {
 protected:
  std::unique_ptr<PostgresStore> store() {
    return std::make_unique<PostgresStore>(schema_.conninfo(), schema_.name());
  }
  std::string sql(const std::string& text) { return schema_.query(text); }

  testing::MigratedSchema schema_;
};

TEST_F(PostgresOnly, FiveWritersUpsertingOneOutpointLeaveOneRow) {
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < 5; ++i) stores.push_back(store());
  for (int round = 0; round < 20; ++round) {
    const std::string outpoint = "race." + std::to_string(round);
    std::atomic<int> failures{0};
    testing::race(5, [&](int i) {
      json record = {{"outpoint", outpoint}, {"satoshis", i}, {"writer", i}};
      if (!stores[static_cast<std::size_t>(i)]->store_output(record).ok()) ++failures;
    });
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(sql("SELECT count(*) FROM wallet_outputs WHERE outpoint = '" + outpoint + "'"), "1");
    EXPECT_EQ(
        sql("SELECT (data->>'writer')::int = satoshis FROM wallet_outputs WHERE outpoint = '" +
            outpoint + "'"),
        "t")
        << "columns and record come from the same writer";
  }
}

TEST_F(PostgresOnly, FiveLockersOfOneOutpointExactlyOneWins) {
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < 5; ++i) stores.push_back(store());
  for (int round = 0; round < 30; ++round) {
    const std::string outpoint = "lock." + std::to_string(round);
    ASSERT_TRUE(stores[0]->store_output({{"outpoint", outpoint}, {"satoshis", 1}}).ok());
    std::atomic<int> wins{0}, failures{0};
    std::vector<std::string> winner(5);
    testing::race(5, [&](int i) {
      auto locked =
          stores[static_cast<std::size_t>(i)]->lock_utxos({outpoint}, "ref-" + std::to_string(i));
      if (!locked)
        ++failures;
      else if (locked->size() == 1) {
        ++wins;
        winner[static_cast<std::size_t>(i)] = "ref-" + std::to_string(i);
      }
    });
    EXPECT_EQ(failures.load(), 0);
    ASSERT_EQ(wins.load(), 1) << "round " << round;
    std::string ref;
    for (const auto& w : winner) ref += w;
    EXPECT_EQ(
        sql("SELECT pending_reference FROM wallet_outputs WHERE outpoint = '" + outpoint + "'"),
        ref);
  }
}

TEST_F(PostgresOnly, OverlappingLockersNeverShareAnOutpoint) {
  auto seed = store();
  std::vector<std::string> all;
  for (int i = 0; i < 60; ++i) {
    all.push_back("pool." + std::to_string(i));
    ASSERT_TRUE(seed->store_output({{"outpoint", all.back()}, {"satoshis", i}}).ok());
  }
  std::vector<std::unique_ptr<PostgresStore>> stores;
  for (int i = 0; i < 6; ++i) stores.push_back(store());
  std::vector<std::vector<std::string>> got(6);
  std::atomic<int> failures{0};
  testing::race(6, [&](int i) {
    std::vector<std::string> mine = all;  // every locker wants everything, in its own order
    std::rotate(mine.begin(), mine.begin() + i * 10, mine.end());
    if (i % 2) std::reverse(mine.begin(), mine.end());
    auto locked = stores[static_cast<std::size_t>(i)]->lock_utxos(mine, "ref-" + std::to_string(i));
    if (!locked)
      ++failures;
    else
      got[static_cast<std::size_t>(i)] = *locked;
  });
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> seen;
  std::size_t total = 0;
  for (const auto& g : got) {
    total += g.size();
    seen.insert(g.begin(), g.end());
  }
  EXPECT_EQ(total, all.size()) << "each outpoint locked exactly once";
  EXPECT_EQ(seen.size(), all.size());
}

TEST_F(PostgresOnly, ColumnsFollowTheRecord) {
  auto s = store();
  ASSERT_TRUE(s->store_output({{"outpoint", "c.0"},
                               {"basket", "b"},
                               {"tags", {"x"}},
                               {"satoshis", 42},
                               {"state", "pending"},
                               {"pending_since", "2020-01-02T03:04:05.123456Z"},
                               {"pending_reference", "r"},
                               {"no_send", true}})
                  .ok());
  EXPECT_EQ(sql("SELECT concat_ws('|', basket, tags::text, spendable, state, satoshis, "
                "to_char(pending_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), "
                "pending_reference, no_send) "
                "FROM wallet_outputs"),
            "b|{x}|f|pending|42|2020-01-02 03:04:05.123456|r|t");
  ASSERT_TRUE(s->update_output_state("c.0", OutputState::spendable).ok());
  EXPECT_EQ(sql("SELECT concat_ws('|', spendable, state, pending_since IS NULL, pending_reference "
                "IS NULL, no_send) "
                "FROM wallet_outputs"),
            "t|spendable|t|t|f");
  ASSERT_TRUE(s->lock_utxos({"c.0"}, "ref").ok());
  EXPECT_EQ(sql("SELECT concat_ws('|', spendable, state, pending_reference, "
                "data->>'pending_since' = to_char(pending_since AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')) "
                "FROM wallet_outputs"),
            "f|pending|ref|t");
  ASSERT_TRUE(s->store_output({{"outpoint", "legacy.0"}, {"spendable", false}}).ok());
  EXPECT_EQ(sql("SELECT concat_ws('|', spendable, state IS NULL) FROM wallet_outputs WHERE "
                "outpoint = 'legacy.0'"),
            "f|t");
}

TEST_F(PostgresOnly, ReleaseKeepsInputsOfLiveBroadcastJobs) {
  auto s = store();
  const std::string old = "2001-01-01T00:00:00.000000Z";
  for (const char* ref : {"fund-unsent", "fund-sending", "fund-failed", "fund-none"}) {
    ASSERT_TRUE(s->store_output({{"outpoint", std::string(ref) + ".0"},
                                 {"state", "pending"},
                                 {"pending_since", old},
                                 {"pending_reference", ref}})
                    .ok());
  }
  sql("INSERT INTO wallet_broadcast_jobs (txid, status, beef_hex, fund_ref) VALUES "
      "('a', 'unsent', '00', 'fund-unsent'), ('b', 'sending', '00', 'fund-sending'), "
      "('c', 'failed', '00', 'fund-failed') RETURNING 1");
  EXPECT_EQ(*s->release_stale_pending(60), 2);
  EXPECT_EQ(sql("SELECT string_agg(outpoint, ',' ORDER BY id) FROM wallet_outputs WHERE state = "
                "'pending'"),
            "fund-unsent.0,fund-sending.0");
}

TEST_F(PostgresOnly, FloatsAndUnicodeSurviveJsonb) {
  auto s = store();
  const json record = {{"outpoint", "j.0"},
                       {"floats", {0.1, 1e-300, 123456789.123456789, -2.5e300, 0.0}},
                       {"text", "😀 ☃ é \" \\ \n\t"},
                       {"nested", {{"a", {{"b", {{"c", {nullptr, false, true}}}}}}}},
                       {"big", 9007199254740993LL}};
  ASSERT_TRUE(s->store_output(record).ok());
  store::OutputQuery q;
  q.outpoint = "j.0";
  auto found = s->find_outputs(q);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front(), record);
}

TEST_F(PostgresOnly, LegacyBareSettingTextReadsAsString) {
  sql("INSERT INTO wallet_settings (key, value) VALUES ('legacy', 'plain words') RETURNING 1");
  auto value = store()->find_setting("legacy");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(**value, json("plain words"));
}

TEST_F(PostgresOnly, UnreachableDatabaseIsUnavailable) {
  PostgresStore s("host=/nonexistent-bsv-socket port=1 user=nobody dbname=none connect_timeout=2");
  auto result = s.find_outputs({});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::unavailable) << result.error().message;
  EXPECT_NE(result.error().message.find("find_outputs"), std::string::npos);
  EXPECT_TRUE(s.connect().has_value());
}

TEST_F(PostgresOnly, KilledConnectionIsReopenedByTheNextCall) {
  auto s = store();
  ASSERT_TRUE(s->store_output({{"outpoint", "k.0"}}).ok());
  sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  auto during = s->find_outputs({});
  if (!during) {
    EXPECT_EQ(during.error().code, ErrorCode::unavailable) << during.error().message;
  }
  auto after = s->find_outputs({});
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->size(), 1u);
}

}  // namespace
}  // namespace bsv::db
