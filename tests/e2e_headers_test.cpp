// Proofs checked against block headers, not taken on ARC's word
// (broadcast-queue.md, "Block headers"): real `serve` processes, a real
// arc-sim mining blocks and serving their headers in WhatsOnChain's form
// (or lying about them), a Block Headers Service stand-in speaking that
// API's shapes, over a real PostgreSQL.

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "http/server.hpp"
#include "support/eventually.hpp"
#include "support/http_call.hpp"
#include "support/node_metrics.hpp"
#include "support/node_process.hpp"
#include "support/queue_fixture.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;
using testing::eventually;
using testing::NodeProcess;
using namespace std::chrono_literals;

constexpr std::int64_t kFirstHeight = 800000;  // of the first block a fresh arc-sim mines

class HeadersTest : public testing::QueueFixture {
 protected:
  std::vector<std::string> node_args(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"--workers", "2", "--proof-first-check", "0.2", "--proof-interval",
                                 "0.5", "--metrics-listen", "127.0.0.1:0"});
    return serve_args(extra);
  }
  std::string seed(std::uint32_t salt) { return seed_plain(salt, /*with_action=*/true); }
  json mine(const std::vector<std::string>& txids, json extra = json::object()) {
    extra["txids"] = txids;
    return control("/control/mine", extra);
  }
  bool accepted(const std::string& txid) { return action_status(txid) == "unproven"; }
  bool proven(const std::string& txid) { return action_status(txid) == "completed"; }
  int header_requests(std::int64_t height) {
    return arc_stats()["header_requests"].value(std::to_string(height), 0);
  }
  std::string true_root(std::int64_t height) {
    const auto reply = testing::http_call(
        arc_.port(), "GET", "/v1/bsv/main/block/" + std::to_string(height) + "/header");
    return json::parse(reply.body).value("merkleroot", "");
  }
  static double reports(const NodeProcess& node, const char* result) {
    return testing::sample(testing::scrape(node),
                           std::string("bsv_proof_reports_total{result=\"") + result + "\"}");
  }
};

// The header source gives another root for the block: the proof is not
// stored, the report counts as refused and is logged with both roots, the
// action stays unproven; once the chain agrees with ARC it is proven.
TEST_F(HeadersTest, AProofTheHeaderSourceDeniesIsRefusedUntilTheChainAgrees) {
  NodeProcess node(node_args());
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return accepted(txid); }));
  control("/control/headers", {{"height", kFirstHeight}, {"lie", true}});
  const auto height = mine({txid})["block_height"].get<std::int64_t>();
  ASSERT_EQ(height, kFirstHeight);
  ASSERT_TRUE(eventually([&] { return reports(node, "refused") >= 1; })) << node.errors();
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs WHERE txid = '" + txid + "'"), "0");
  EXPECT_EQ(job(txid, "proof_state"), "tracking");
  const auto log = node.errors();
  EXPECT_NE(log.find("merkle path refused"), std::string::npos) << log;
  EXPECT_NE(log.find(true_root(height)), std::string::npos) << "the claimed root is logged";
  EXPECT_NE(log.find("source_root"), std::string::npos);

  control("/control/headers", {{"height", height}});  // the truth again
  ASSERT_TRUE(eventually([&] { return proven(txid); }, 30s)) << job(txid, "proof_state");
  EXPECT_EQ(
      sql("SELECT merkle_root FROM wallet_block_headers WHERE height = " + std::to_string(height)),
      true_root(height));
}

// The source does not know the height yet (404): the proof waits, unstored,
// and is stored once the source knows the block.
TEST_F(HeadersTest, AProofWaitsWhileTheHeaderSourceCannotSay) {
  NodeProcess node(node_args());
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return accepted(txid); }));
  control("/control/headers", {{"height", kFirstHeight}, {"unknown", true}});
  const auto height = mine({txid})["block_height"].get<std::int64_t>();
  ASSERT_EQ(height, kFirstHeight);
  ASSERT_TRUE(eventually([&] { return reports(node, "unverified") >= 2; }, 30s));
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_proofs"), "0");
  EXPECT_EQ(sql("SELECT count(*) FROM wallet_block_headers"), "0");
  control("/control/headers", {{"height", height}});
  ASSERT_TRUE(eventually([&] { return proven(txid); }, 30s));
}

// Fifty transactions of one block cost one header request: remembered in
// memory and in wallet_block_headers.
TEST_F(HeadersTest, OneHeaderRequestServesEveryTransactionOfABlock) {
  NodeProcess node(node_args());
  std::vector<std::string> txids;
  for (std::uint32_t salt = 1; salt <= 50; ++salt) txids.push_back(seed(salt));
  ASSERT_TRUE(eventually(
      [&] {
        return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE status = 'completed'") == "50";
      },
      60s));
  const auto height = mine(txids)["block_height"].get<std::int64_t>();
  ASSERT_TRUE(eventually(
      [&] {
        return sql("SELECT count(*) FROM wallet_broadcast_jobs WHERE proof_state = 'proven'") ==
               "50";
      },
      60s));
  EXPECT_EQ(header_requests(height), 1);
  const auto s = arc_stats();
  int status_requests = 0;
  for (const auto& [txid, count] : s["status_requests"].items())
    status_requests += count.get<int>();
  std::cout << "[ figures  ] 50 transactions of one block, polling: " << s["submissions"]
            << " submissions, " << status_requests << " status requests, "
            << header_requests(height) << " header request(s)\n";
}

// Another block at a remembered height (a reorg): once the source gives
// its header, the proof stored for the old block goes back to tracking and
// is stored again only for a block the chain has.
TEST_F(HeadersTest, AReorgAtARememberedHeightChecksItsProofsAgain) {
  NodeProcess node(node_args());
  const auto a = seed(1), b = seed(2);
  ASSERT_TRUE(eventually([&] { return accepted(a) && accepted(b); }));
  const auto first = mine({a});
  const auto height = first["block_height"].get<std::int64_t>();
  ASSERT_TRUE(eventually([&] { return proven(a); }));
  mine({b}, {{"height", height}});  // the block at `height` is replaced
  ASSERT_TRUE(eventually([&] { return proven(b); }));
  EXPECT_EQ(
      sql("SELECT merkle_root FROM wallet_block_headers WHERE height = " + std::to_string(height)),
      true_root(height));
  // a's proof was for the replaced block: tracked again, its old block refused.
  ASSERT_TRUE(eventually([&] { return action_status(a) == "unproven"; })) << node.errors();
  ASSERT_TRUE(eventually([&] { return reports(node, "refused") >= 1; }));
  const auto again = mine({a});
  ASSERT_TRUE(eventually([&] { return proven(a); }));
  EXPECT_EQ(job(a, "block_height"), std::to_string(again["block_height"].get<std::int64_t>()));
  EXPECT_NE(node.errors().find("reorg"), std::string::npos);
}

// A stand-in for the Block Headers Service: the request and answer shapes
// of its merkle root verification, as the spec gives them.
class BlockHeadersService {
 public:
  BlockHeadersService() {
    server_ = std::move(
        *http::Server::start("127.0.0.1", 0, [this](const http::Request& r) { return answer(r); }));
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void confirm(const std::string& root) {
    std::lock_guard<std::mutex> lock(mutex_);
    confirmed_ = root;
  }
  std::vector<http::Request> requests() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  http::Reply answer(const http::Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    if (request.method != "POST" || request.target != "/api/v1/chain/merkleroot/verify") {
      return {404, "application/json", "{}"};
    }
    auto auth = request.headers.find("authorization");
    if (auth == request.headers.end() || auth->second != "Bearer bhs-key") {
      return {401, "application/json", "{}"};
    }
    const auto body = json::parse(request.body, nullptr, false);
    if (!body.is_array() || body.size() != 1 || !body[0].contains("merkleRoot") ||
        !body[0].contains("blockHeight")) {
      return {400, "application/json", "{}"};
    }
    const bool ok = !confirmed_.empty() && body[0]["merkleRoot"] == confirmed_;
    const json reply = {{"confirmationState", ok ? "CONFIRMED" : "INVALID"},
                        {"confirmations", json::array()}};
    return {200, "application/json", reply.dump()};
  }

  std::mutex mutex_;
  std::string confirmed_;
  std::vector<http::Request> requests_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(HeadersTest, TheBlockHeadersServiceFormConfirmsAndRefuses) {
  BlockHeadersService bhs;
  NodeProcess node(node_args(
      {"--headers-url", bhs.url(), "--headers-api", "bhs", "--headers-api-key", "bhs-key"}));
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return accepted(txid); }));
  const auto height = mine({txid})["block_height"].get<std::int64_t>();
  ASSERT_TRUE(eventually([&] { return reports(node, "refused") >= 1; })) << node.errors();
  EXPECT_EQ(action_status(txid), "unproven");
  EXPECT_EQ(header_requests(height), 0) << "bhs only: arc-sim's woc endpoint is not asked";
  bhs.confirm(true_root(height));
  ASSERT_TRUE(eventually([&] { return proven(txid); }, 30s));
  const auto seen = bhs.requests();
  ASSERT_FALSE(seen.empty());
  const auto body = json::parse(seen.back().body);
  EXPECT_EQ(body, json::array({{{"merkleRoot", true_root(height)}, {"blockHeight", height}}}));
}

// No header source: proofs are not tracked (said at start-up and by
// /health) unless the operator trusts ARC's, which are then stored unchecked.
TEST_F(HeadersTest, WithoutAHeaderSourceProofsAreOffUnlessTrusted) {
  const std::vector<std::string> base = {
      "--database-url",      url(), "--arc-url",        arc_.url(),   "--pool-size", "2",
      "--proof-first-check", "0.2", "--metrics-listen", "127.0.0.1:0"};
  {
    NodeProcess off(base);
    EXPECT_NE(off.errors().find("proof tracking is off"), std::string::npos) << off.errors();
    const auto health = testing::http_call(testing::metrics_port(off), "GET", "/health");
    EXPECT_EQ(json::parse(health.body)["proofs"]["mode"], "off") << health.body;
  }
  auto trusted_args = base;
  trusted_args.emplace_back("--trust-arc-proofs");
  NodeProcess trusted(trusted_args);
  const auto health = testing::http_call(testing::metrics_port(trusted), "GET", "/health");
  EXPECT_EQ(json::parse(health.body)["proofs"]["mode"], "unverified") << health.body;
  const auto txid = seed(1);
  ASSERT_TRUE(eventually([&] { return accepted(txid); }));
  const auto height = mine({txid})["block_height"].get<std::int64_t>();
  ASSERT_TRUE(eventually([&] { return proven(txid); }));
  EXPECT_EQ(header_requests(height), 0);
}

}  // namespace
}  // namespace bsv::store
