// The wallet-facing broadcast queue: enqueue and broadcast_status through
// PostgresStore and through the store actor, the NOTIFY that wakes the
// workers, and concurrent enqueues of one txid.

#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/connection>
#include <pqxx/notification>
#include <thread>

#include "chain/beef.hpp"
#include "db/postgres_store.hpp"
#include "node/wallet_node.hpp"
#include "store/queue.hpp"
#include "support/node_fixtures.hpp"
#include "support/payload.hpp"
#include "support/race.hpp"
#include "support/test_database.hpp"

namespace bsv::store {
namespace {

using testing::Payload;

struct PostgresQueue {
  testing::MigratedSchema schema;
  std::unique_ptr<db::PostgresStore> make() {
    return std::make_unique<db::PostgresStore>(schema.conninfo(), schema.name());
  }
};

using ActorQueue = testing::LocalNodeFixture;

template <typename Impl>
class QueueContract : public ::testing::Test {
 protected:
  BroadcastQueue& queue() { return *queue_; }
  std::string sql(const std::string& text) { return impl_.schema.query(text); }

  Impl impl_;
  decltype(impl_.make()) queue_ = impl_.make();
};

// Through a `serve` process: the queue protocol over CAF's network transport.
using RemoteQueue = testing::RemoteNodeFixture;

using Queues = ::testing::Types<PostgresQueue, ActorQueue, RemoteQueue>;
TYPED_TEST_SUITE(QueueContract, Queues);

TYPED_TEST(QueueContract, EnqueueIsIdempotentOnTheTxid) {
  Payload p(1);
  auto first = this->queue().enqueue({p.txid(), p.beef_hex(), {}, {}, {}});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, (json{{"txid", p.txid()}, {"broadcast_status", "sending"}}));
  EXPECT_EQ(**this->queue().broadcast_status(p.txid()), "unsent") << "the row itself starts unsent";
  auto again = this->queue().enqueue({p.txid(), p.raw_hex(), {}, {}, {}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)["broadcast_status"], "unsent");
  EXPECT_EQ(this->sql("SELECT count(*) FROM wallet_broadcast_jobs"), "1");
  EXPECT_EQ(this->sql("SELECT beef_hex FROM wallet_broadcast_jobs"), p.beef_hex())
      << "later payload ignored";
  this->sql("UPDATE wallet_broadcast_jobs SET status = 'completed' RETURNING 1");
  EXPECT_EQ((*this->queue().enqueue({p.txid(), p.raw_hex(), {}, {}, {}}))["broadcast_status"],
            "completed");
  EXPECT_FALSE(this->queue().broadcast_status(Payload(2).txid())->has_value());
}

TYPED_TEST(QueueContract, FundedEnqueueKeepsItsOutpoints) {
  Payload p(3);
  auto queued =
      this->queue().enqueue({p.txid(), p.raw_hex(), std::vector<std::string>{"in.0", "in.1"},
                             std::vector<std::string>{"change.0"}, std::string("fund-7")});
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  EXPECT_EQ(
      this->sql(
          "SELECT concat_ws('|', input_outpoints::text, change_outpoints::text, fund_ref, status) "
          "FROM wallet_broadcast_jobs"),
      "{in.0,in.1}|{change.0}|fund-7|unsent");
}

TYPED_TEST(QueueContract, BadRequestsWriteNothing) {
  Payload p(4);
  const std::vector<std::pair<EnqueueRequest, std::string>> bad = {
      {{"xyz", p.raw_hex(), {}, {}, {}}, "txid"},
      {{p.txid(), "zz", {}, {}, {}}, "beef_hex"},
      {{p.txid(), "0100beef00", {}, {}, {}}, "beef_hex"},
      {{p.txid(), p.raw_hex().substr(0, 40), {}, {}, {}}, "beef_hex"},
      {{Payload(5).txid(), p.beef_hex(), {}, {}, {}}, "not txid"},
      {{p.txid(), p.raw_hex(), std::vector<std::string>{"a.0"}, {}, {}}, "all three"},
      {{p.txid(), p.raw_hex(), std::vector<std::string>{std::string(256, 'o')},
        std::vector<std::string>{}, std::string("f")},
       "input_outpoints"},
      {{p.txid(), p.raw_hex(), std::vector<std::string>{}, std::vector<std::string>{},
        std::string("")},
       "fund_ref"},
  };
  for (const auto& [request, names] : bad) {
    auto result = this->queue().enqueue(request);
    ASSERT_FALSE(result.ok()) << names;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(result.error().message.find(names), std::string::npos) << result.error().message;
  }
  EXPECT_EQ(this->sql("SELECT count(*) FROM wallet_broadcast_jobs"), "0");
}

class QueuePostgres : public ::testing::Test {
 protected:
  testing::MigratedSchema schema_;
};

// Collects NOTIFY payloads on a LISTEN connection.
class Listener : public pqxx::notification_receiver {
 public:
  explicit Listener(pqxx::connection& conn)
      : pqxx::notification_receiver(conn, "wallet_broadcast_jobs") {}
  void operator()(const std::string& payload, int) override { payloads.push_back(payload); }
  std::vector<std::string> payloads;
};

TEST_F(QueuePostgres, EnqueueNotifiesListenersOnce) {
  pqxx::connection listening(schema_.conninfo());
  Listener listener(listening);
  db::PostgresStore store(schema_.conninfo(), schema_.name());
  Payload p(6);
  ASSERT_TRUE(store.enqueue({p.txid(), p.beef_hex(), {}, {}, {}}).ok());
  listening.await_notification(5, 0);
  ASSERT_EQ(listener.payloads, std::vector<std::string>{p.txid()});
  ASSERT_TRUE(store.enqueue({p.txid(), p.beef_hex(), {}, {}, {}}).ok());
  listening.await_notification(0, 300000);
  EXPECT_EQ(listener.payloads.size(), 1u) << "a repeated enqueue announces nothing";
}

TEST_F(QueuePostgres, ConcurrentEnqueuesOfOneTxidLeaveOneRow) {
  for (int round = 0; round < 10; ++round) {
    Payload p(static_cast<std::uint32_t>(100 + round));
    std::vector<std::unique_ptr<db::PostgresStore>> stores;
    for (int i = 0; i < 5; ++i)
      stores.push_back(std::make_unique<db::PostgresStore>(schema_.conninfo(), schema_.name()));
    std::atomic<int> fresh{0}, failures{0};
    testing::race(5, [&](int i) {
      auto r = stores[static_cast<std::size_t>(i)]->enqueue({p.txid(), p.beef_hex(), {}, {}, {}});
      if (!r)
        ++failures;
      else if ((*r)["broadcast_status"] == "sending")
        ++fresh;
    });
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(fresh.load(), 1) << "exactly one enqueue created the job";
    EXPECT_EQ(
        schema_.query("SELECT count(*) FROM wallet_broadcast_jobs WHERE txid = '" + p.txid() + "'"),
        "1");
  }
}

}  // namespace
}  // namespace bsv::store
