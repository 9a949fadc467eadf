#pragma once
/// The fixture of the suites that run `serve` processes against a real
/// arc-sim: a migrated schema of its own, a PostgresStore on it (the
/// wallet's side), an arc-sim, and helpers to seed jobs and read rows.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "db/postgres_store.hpp"
#include "support/funded_job.hpp"
#include "support/http_call.hpp"
#include "support/node_process.hpp"
#include "support/payload.hpp"
#include "support/test_database.hpp"

namespace bsv::testing {

class QueueFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  /// The schema as a connection string (search_path set), for the node.
  std::string url() const {
    return schema_.conninfo() + " options='-csearch_path=" + schema_.name() + "'";
  }
  /// `serve` against this schema and arc-sim (ARC and header source) with
  /// a pool of 2, then `extra`.
  std::vector<std::string> serve_args(const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {"--database-url", url(), "--arc-url",     arc_.url(),
                                     "--pool-size",    "2",   "--headers-url", headers_url(arc_)};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  /// arc-sim's block headers, in WhatsOnChain's form.
  static std::string headers_url(const ArcSimProcess& arc) { return arc.url() + "/v1/bsv/main"; }
  std::string sql(const std::string& text) { return schema_.query(text); }
  std::string job(const std::string& txid, const std::string& columns) {
    return job_columns(schema_, txid, columns);
  }
  std::string action_status(const std::string& txid) {
    return testing::action_status(schema_, txid);
  }
  /// A finalize-path job (no outputs), with an action `sending` when asked.
  std::string seed_plain(std::uint32_t salt, bool with_action = false) {
    Payload p(salt);
    if (with_action) {
      EXPECT_TRUE(store_.store_action({{"txid", p.txid()}, {"status", "sending"}}).ok());
    }
    EXPECT_TRUE(store_.enqueue({p.txid(), p.raw_hex(), {}, {}, {}}).ok());
    return p.txid();
  }
  /// POSTs `body` to arc-sim's `target` (a control endpoint); answers its JSON.
  json control(const std::string& target, const json& body, const ArcSimProcess* arc = nullptr) {
    const auto reply = http_call((arc ? arc : &arc_)->port(), "POST", target, body.dump());
    EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
    return json::parse(reply.body, nullptr, false);
  }
  /// Tells arc-sim how to answer (POST /control).
  void rule(const json& r, const ArcSimProcess* arc = nullptr) { control("/control", r, arc); }
  json arc_stats() { return json::parse(http_call(arc_.port(), "GET", "/control/stats").body); }

  MigratedSchema schema_;
  db::PostgresStore store_{schema_.conninfo(), schema_.name()};
  ArcSimProcess arc_;
};

}  // namespace bsv::testing
