// The pure parts of "Several ARC endpoints" and "Block headers"
// (broadcast-queue.md): an endpoint's circuit breaker over time, endpoint
// lists, what a MINED report claims, and the two header APIs' request and
// answer shapes.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "arc/arc_client.hpp"
#include "arc/circuit_breaker.hpp"
#include "arc/header_source.hpp"
#include "chain/beef.hpp"
#include "chain/merkle_tree.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using Clock = CircuitBreaker::Clock;

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndProbesAfterAGrowingCooldown) {
  CircuitBreaker breaker(3, 5s);
  const auto t0 = Clock::now();
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(breaker.allow(t0));
    breaker.record(true, t0);
  }
  breaker.record(false, t0);  // an answer resets the count
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(breaker.allow(t0));
    breaker.record(true, t0);
  }
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_FALSE(breaker.allow(t0 + 4s));
  EXPECT_TRUE(breaker.allow(t0 + 5s)) << "the probe";
  EXPECT_EQ(breaker.state(), BreakerState::half_open);
  EXPECT_FALSE(breaker.allow(t0 + 5s)) << "one probe at a time";
  breaker.record(true, t0 + 5s);  // the probe failed: open for twice as long
  EXPECT_EQ(breaker.state(), BreakerState::open);
  EXPECT_FALSE(breaker.allow(t0 + 14s));
  EXPECT_TRUE(breaker.allow(t0 + 15s));
  breaker.record(false, t0 + 15s);
  EXPECT_EQ(breaker.state(), BreakerState::closed);
  EXPECT_TRUE(breaker.allow(t0 + 15s));
}

TEST(CircuitBreaker, TheCooldownStopsGrowingAtFiveMinutes) {
  CircuitBreaker breaker(1, 100s);
  auto now = Clock::now();
  breaker.record(true, now);  // open for 100 s
  for (auto cooldown : {200s, 300s, 300s}) {
    now += 300s;
    ASSERT_TRUE(breaker.allow(now));
    breaker.record(true, now);
    EXPECT_FALSE(breaker.allow(now + cooldown - 1s));
    EXPECT_TRUE(breaker.allow(now + cooldown));
    breaker.record(true, now + cooldown);
    now += cooldown;
  }
}

TEST(CircuitBreaker, LateFailuresOfAnOpenEndpointDoNotLengthenItsCooldown) {
  CircuitBreaker breaker(1, 5s);
  const auto t0 = Clock::now();
  breaker.record(true, t0);
  breaker.record(true, t0 + 1s);  // sent before it opened, answered after
  EXPECT_TRUE(breaker.allow(t0 + 5s));
}

TEST(Endpoints, NamesCarryThePositionAndNoPassword) {
  const auto list = endpoints_from_urls(" https://u:secret@arc.example/v1 ,http://b");
  ASSERT_EQ(list.size(), 2u);
  const auto name = endpoint_name(0, list[0].url);
  EXPECT_EQ(name.rfind("1 https://", 0), 0u) << name;
  EXPECT_EQ(name.find("secret"), std::string::npos) << name;
  EXPECT_EQ(endpoint_name(1, list[1].url), "2 http://b");
}

// A report of a block holding `txid` (and a coinbase), with its BUMP.
store::StatusReport mined_report(const std::string& txid) {
  const std::vector<chain::Hash> leaves = {chain::sha256d(chain::from_hex("c0")),
                                           chain::hash_from_txid_hex(txid)};
  const auto path = chain::merkle_path_for(leaves, 1, 800123);
  store::StatusReport report;
  report.txid = txid;
  report.tx_status = "MINED";
  report.block_hash = std::string(64, 'B');
  report.block_height = 800123;
  report.merkle_path = chain::to_hex(chain::write_merkle_path(path));
  return report;
}

TEST(HeaderSource, AMinedReportClaimsItsPathsRootAtItsHeight) {
  const std::string txid(64, 'a');
  const auto report = mined_report(txid);
  const auto claim = root_claim(report);
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->height, 800123);
  const std::vector<chain::Hash> leaves = {chain::sha256d(chain::from_hex("c0")),
                                           chain::hash_from_txid_hex(txid)};
  EXPECT_EQ(claim->merkle_root, chain::txid_hex(chain::merkle_root(leaves)));
  EXPECT_EQ(claim->block_hash, std::string(64, 'b')) << "lowercase";
  auto seen = report;
  seen.tx_status = "SEEN_ON_NETWORK";
  EXPECT_FALSE(root_claim(seen));
  auto broken = report;
  broken.merkle_path = "00";
  EXPECT_FALSE(root_claim(broken)) << "the proof rule refuses those itself";
}

TEST(HeaderSource, WhatsOnChainAnswersAreRead) {
  const std::string root(64, 'c'), hash(64, 'd');
  EXPECT_EQ(woc_header_path(812345), "/block/812345/header");
  const auto ok =
      read_woc_header(200, json{{"hash", hash}, {"height", 7}, {"merkleroot", root}}.dump(), {}, 7);
  EXPECT_EQ(ok.verdict, RootVerdict::confirmed);
  EXPECT_EQ(ok.merkle_root, root);
  EXPECT_EQ(ok.block_hash, hash);
  EXPECT_EQ(read_woc_header(404, "{}", {}, 7).verdict, RootVerdict::unverifiable)
      << "not known yet: never refused";
  EXPECT_EQ(read_woc_header(0, {}, "connect failed", 7).verdict, RootVerdict::unverifiable);
  EXPECT_EQ(read_woc_header(503, "busy", {}, 7).verdict, RootVerdict::unverifiable);
  EXPECT_EQ(read_woc_header(200, "not json", {}, 7).verdict, RootVerdict::unverifiable);
  EXPECT_EQ(read_woc_header(200, json{{"merkleroot", root}, {"height", 8}}.dump(), {}, 7).verdict,
            RootVerdict::unverifiable);
}

TEST(HeaderSource, BlockHeadersServiceRequestsAndAnswersHaveTheSpecsShape) {
  const RootClaim claim{812345, std::string(64, 'e'), {}};
  EXPECT_EQ(bhs_verify_path(), "/api/v1/chain/merkleroot/verify");
  EXPECT_EQ(json::parse(bhs_verify_body(claim)),
            json::array({{{"merkleRoot", claim.merkle_root}, {"blockHeight", 812345}}}));
  const auto said = [&](const char* state) {
    return read_bhs_verdict(200, json{{"confirmationState", state}}.dump(), {}, claim).verdict;
  };
  EXPECT_EQ(said("CONFIRMED"), RootVerdict::confirmed);
  EXPECT_EQ(said("INVALID"), RootVerdict::refused);
  EXPECT_EQ(said("UNABLE_TO_VERIFY"), RootVerdict::unverifiable);
  EXPECT_EQ(said("SOMETHING_NEW"), RootVerdict::unverifiable);
  EXPECT_EQ(read_bhs_verdict(401, "{}", {}, claim).verdict, RootVerdict::unverifiable);
}

TEST(HeaderSource, AClaimStandsAgainstARememberedHeaderOfTheSameRootAndBlock) {
  const RootClaim claim{1, "r1", "h1"};
  EXPECT_TRUE(claim_matches(claim, "r1", "h1"));
  EXPECT_TRUE(claim_matches(claim, "r1", "")) << "a bhs header has no hash";
  EXPECT_FALSE(claim_matches(claim, "r2", "h1"));
  EXPECT_FALSE(claim_matches(claim, "r1", "h2")) << "another block at that height: ask again";
}

}  // namespace
}  // namespace bsv::arc
