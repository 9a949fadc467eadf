// The ARC client talking HTTP to a real arc-sim process: headers, batches,
// errors, dropped connections, timeouts, keep-alive; its answers classified
// (the table itself: unit_verdict_test.cpp).

#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "arc/arc_client.hpp"
#include "arc/verdict.hpp"
#include "chain/beef.hpp"
#include "chain/bytes.hpp"
#include "support/certificates.hpp"
#include "support/http_call.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;
using store::Outcome;
using testing::Payload;

// One endpoint at `url`, nothing else configured.
ArcSettings settings_for(const std::string& url, std::chrono::milliseconds timeout) {
  ArcSettings settings;
  settings.endpoints = {{url, {}, {}}};
  settings.timeout = timeout;
  return settings;
}

// The client against a real arc-sim.
class ArcClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<ArcClient> client(ArcSettings settings = {}) {
    if (settings.endpoints.empty()) settings.endpoints = {{sim_.url(), {}, {}}};
    auto made = ArcClient::create(settings);
    EXPECT_TRUE(made.ok());
    return std::move(*made);
  }
  static HttpAnswer wait(const std::function<void(ArcClient::Callback)>& call) {
    std::promise<HttpAnswer> promise;
    call([&](HttpAnswer answer) { promise.set_value(std::move(answer)); });
    return promise.get_future().get();
  }
  void rule(const json& r) {
    ASSERT_EQ(testing::http_call(sim_.port(), "POST", "/control", r.dump()).status, 200);
  }
  json stats() {
    return json::parse(testing::http_call(sim_.port(), "GET", "/control/stats").body);
  }

  testing::ArcSimProcess sim_;
};

TEST_F(ArcClientTest, SubmitsAndSendsTheConfiguredHeaders) {
  ArcSettings settings;
  settings.api_key = "k-123";
  settings.callback_url = "https://wallet.example/cb";
  settings.callback_token = "tok";
  settings.wait_for = "SEEN_ON_NETWORK";
  auto arc = client(settings);
  Payload p(1);
  auto answer = wait([&](auto done) { arc->submit(p.beef_hex(), done); });
  ASSERT_EQ(answer.status, 200) << answer.error;
  auto verdict = classify_answer(answer.status, answer.body, answer.error, p.txid());
  EXPECT_EQ(verdict.outcome, Outcome::accepted);
  EXPECT_EQ(json::parse(answer.body)["txid"], p.txid()) << "arc-sim decoded the BEEF";
  const auto headers = stats()["last_headers"];
  EXPECT_EQ(headers["authorization"], "Bearer k-123");
  EXPECT_EQ(headers["x-callbackurl"], "https://wallet.example/cb");
  EXPECT_EQ(headers["x-callbacktoken"], "tok");
  EXPECT_EQ(headers["x-waitfor"], "SEEN_ON_NETWORK");
  EXPECT_EQ(headers["xdeployment-id"], arc->deployment_id());
  EXPECT_EQ(arc->deployment_id().rfind("bsv-wallet-node-", 0), 0u);
  EXPECT_EQ(headers["content-type"], "application/json");
}

TEST_F(ArcClientTest, NoAuthorizationHeaderWithoutAKey) {
  auto arc = client();
  wait([&](auto done) { arc->submit(Payload(2).raw_hex(), done); });
  EXPECT_FALSE(stats()["last_headers"].contains("authorization"));
}

TEST_F(ArcClientTest, ErrorsDropsMalformedBodiesAndTimeouts) {
  ArcSettings settings;
  settings.timeout = std::chrono::milliseconds(400);
  auto arc = client(settings);
  Payload rejected(3), busy(4), unprocessable(5), dropped(6), malformed(7), slow(8);
  rule({{"txid", rejected.txid()}, {"tx_status", "REJECTED"}, {"extra_info", "bad script"}});
  rule({{"txid", busy.txid()}, {"http", 503}});
  rule({{"txid", unprocessable.txid()}, {"http", 422}});
  rule({{"txid", dropped.txid()}, {"drop", true}});
  rule({{"txid", malformed.txid()}, {"malformed", true}});
  rule({{"txid", slow.txid()}, {"delay_ms", 1500}});
  auto verdict = [&](const Payload& p) {
    auto a = wait([&](auto done) { arc->submit(p.raw_hex(), done); });
    return classify_answer(a.status, a.body, a.error, p.txid());
  };
  auto v = verdict(rejected);
  EXPECT_EQ(v.outcome, Outcome::rejected);
  EXPECT_EQ(v.message, "REJECTED: bad script");
  EXPECT_EQ(verdict(busy).outcome, Outcome::transient);
  v = verdict(unprocessable);
  EXPECT_EQ(v.outcome, Outcome::transient) << "422 is no verdict on the transaction";
  EXPECT_NE(v.message.find("HTTP 422"), std::string::npos);
  EXPECT_EQ(verdict(dropped).outcome, Outcome::transient);
  EXPECT_EQ(verdict(malformed).outcome, Outcome::unknown) << "ARC may have stored it";
  const auto started = std::chrono::steady_clock::now();
  v = verdict(slow);
  EXPECT_EQ(v.outcome, Outcome::transient);
  EXPECT_NE(v.message.find("timeout"), std::string::npos) << v.message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1200));
  EXPECT_EQ(verdict(Payload(9)).outcome, Outcome::accepted) << "the client carries on";
}

TEST_F(ArcClientTest, BatchesAreMatchedByTxid) {
  auto arc = client();
  Payload a(10), b(11), c(12);
  rule({{"txid", b.txid()}, {"tx_status", "DOUBLE_SPEND_ATTEMPTED"}});
  auto answer = wait([&](auto done) {
    arc->submit_batch({a.beef_hex(), b.raw_hex(), c.raw_hex()}, done);
  });
  auto verdicts =
      classify_batch(answer.status, answer.body, answer.error, {c.txid(), a.txid(), b.txid()});
  EXPECT_EQ(verdicts[0].outcome, Outcome::accepted);
  EXPECT_EQ(verdicts[1].outcome, Outcome::accepted);
  EXPECT_EQ(verdicts[2].outcome, Outcome::unknown) << "a race not yet decided";
  EXPECT_EQ(stats()["submissions"], 3);
}

TEST_F(ArcClientTest, StatusOfASubmittedTransaction) {
  auto arc = client();
  Payload p(13);
  wait([&](auto done) { arc->submit(p.raw_hex(), done); });
  auto known = wait([&](auto done) { arc->status(p.txid(), done); });
  EXPECT_EQ(known.status, 200);
  EXPECT_EQ(json::parse(known.body)["txStatus"], "SEEN_ON_NETWORK");
  EXPECT_EQ(wait([&](auto done) { arc->status(Payload(14).txid(), done); }).status, 404);
}

// arc-sim serves its blocks' headers in WhatsOnChain's form: the root a
// mined transaction's merkle path computes, the block's hash; it can be
// told to lie about a root or not to know a height, and counts requests.
TEST_F(ArcClientTest, ArcSimServesTheHeadersOfItsBlocks) {
  auto arc = client();
  Payload p(15);
  wait([&](auto done) { arc->submit(p.raw_hex(), done); });
  const auto mined =
      json::parse(testing::http_call(sim_.port(), "POST", "/control/mine", "{}").body);
  const auto height = mined["block_height"].get<std::int64_t>();
  const auto report = json::parse(wait([&](auto done) { arc->status(p.txid(), done); }).body);
  const auto path = chain::parse_merkle_path(chain::from_hex(report["merklePath"]));
  const auto root =
      chain::txid_hex(chain::compute_merkle_root(path, chain::hash_from_txid_hex(p.txid())));
  const std::string target = "/v1/bsv/main/block/" + std::to_string(height) + "/header";
  const auto header = [&] { return testing::http_call(sim_.port(), "GET", target); };
  auto truth = header();
  ASSERT_EQ(truth.status, 200) << truth.body;
  EXPECT_EQ(json::parse(truth.body)["merkleroot"], root);
  EXPECT_EQ(json::parse(truth.body)["hash"], mined["block_hash"]);
  const auto control = [&](const json& body) {
    return testing::http_call(sim_.port(), "POST", "/control/headers", body.dump()).status;
  };
  ASSERT_EQ(control({{"height", height}, {"lie", true}}), 200);
  auto lie = header();
  EXPECT_EQ(lie.status, 200);
  EXPECT_NE(json::parse(lie.body)["merkleroot"], root);
  ASSERT_EQ(control({{"height", height}, {"unknown", true}}), 200);
  EXPECT_EQ(header().status, 404);
  EXPECT_EQ(testing::http_call(sim_.port(), "GET",
                               "/v1/bsv/main/block/" + std::to_string(height + 1) + "/header")
                .status,
            404)
      << "a height not mined yet";
  EXPECT_EQ(control({{"height", "x"}}), 400);
  EXPECT_EQ(stats()["header_requests"][std::to_string(height)], 3);
}

TEST_F(ArcClientTest, KeepsConnectionsAliveAndSurvivesAClosedOne) {
  auto arc = client();
  for (std::uint32_t i = 0; i < 20; ++i) {
    auto a = wait([&](auto done) { arc->submit(Payload(100 + i).raw_hex(), done); });
    ASSERT_EQ(a.status, 200) << a.error;
  }
  // A dropped answer closes the kept connection; the next request reconnects.
  Payload dropped(200);
  rule({{"txid", dropped.txid()}, {"drop", true}});
  wait([&](auto done) { arc->submit(dropped.raw_hex(), done); });
  EXPECT_EQ(wait([&](auto done) { arc->submit(Payload(201).raw_hex(), done); }).status, 200);
}

// TLS: the server's certificate must chain to a trusted CA ($SSL_CERT_FILE
// here) and name the host we asked for.
TEST(ArcClientTls, VerifiesTheCertificateAndTheHostName) {
  testing::Certificates certs;
  certs.make_cert("localhost", "ca");
  certs.make_cert("elsewhere", "ca", "arc.elsewhere.example");
  testing::ArcSimProcess good(
      {"--tls-cert", certs.path("localhost.pem"), "--tls-key", certs.path("localhost.key")});
  testing::ArcSimProcess misnamed(
      {"--tls-cert", certs.path("elsewhere.pem"), "--tls-key", certs.path("elsewhere.key")});
  auto submit = [](const std::string& url, const std::string& trusted_ca) {
    ::setenv("SSL_CERT_FILE", trusted_ca.c_str(), 1);
    auto arc = ArcClient::create(settings_for(url, std::chrono::milliseconds(5000)));
    ::unsetenv("SSL_CERT_FILE");
    EXPECT_TRUE(arc.ok());
    std::promise<HttpAnswer> promise;
    (*arc)->submit(Payload(1).raw_hex(), [&](HttpAnswer a) { promise.set_value(a); });
    return promise.get_future().get();
  };
  auto trusted = submit(good.tls_url(), certs.path("ca.pem"));
  EXPECT_EQ(trusted.status, 200) << trusted.error;
  EXPECT_EQ(json::parse(trusted.body)["txid"], Payload(1).txid());
  auto wrong_name = submit(misnamed.tls_url(), certs.path("ca.pem"));
  EXPECT_EQ(wrong_name.status, 0);
  EXPECT_NE(wrong_name.error.find("TLS handshake"), std::string::npos) << wrong_name.error;
  auto untrusted = submit(good.tls_url(), certs.path("other-ca.pem"));
  EXPECT_EQ(untrusted.status, 0);
  EXPECT_NE(untrusted.error.find("TLS handshake"), std::string::npos) << untrusted.error;
  EXPECT_EQ(classify_answer(0, {}, untrusted.error, Payload(1).txid()).outcome, Outcome::transient);
}

TEST(ArcClientUnreachable, RefusedConnectionIsTransientAndBadUrlsAreRefused) {
  auto arc = ArcClient::create(settings_for("http://127.0.0.1:1", std::chrono::milliseconds(2000)));
  ASSERT_TRUE(arc.ok());
  std::promise<HttpAnswer> promise;
  (*arc)->submit(Payload(1).raw_hex(), [&](HttpAnswer a) { promise.set_value(a); });
  auto answer = promise.get_future().get();
  EXPECT_EQ(answer.status, 0);
  EXPECT_EQ(classify_answer(answer.status, answer.body, answer.error, Payload(1).txid()).outcome,
            Outcome::transient);
  for (const char* bad : {"ftp://x", "http://", "http://h:99999", "https://[::1", "arc.example"}) {
    auto refused = ArcClient::create(settings_for(bad, std::chrono::milliseconds(1000)));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.error().message.find("arc-url"), std::string::npos);
  }
}

}  // namespace
}  // namespace bsv::arc
