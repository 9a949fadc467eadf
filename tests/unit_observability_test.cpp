// Unit tests of the metrics registry's text format and of the log lines.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "common/log.hpp"
#include "metrics/registry.hpp"

namespace bsv {
namespace {

TEST(MetricsRegistry, RendersCountersAndGaugesWithLabels) {
  metrics::Registry registry;
  registry.counter("jobs_total", "Jobs done", {{"outcome", "success"}}).add(3);
  registry.counter("jobs_total", "Jobs done", {{"outcome", "permanent"}}).add();
  registry.gauge("in_use", "Busy now").set(2);
  registry.gauge("in_use", "Busy now").add(-1);
  EXPECT_EQ(registry.render(),
            "# HELP in_use Busy now\n"
            "# TYPE in_use gauge\n"
            "in_use 1\n"
            "# HELP jobs_total Jobs done\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{outcome=\"permanent\"} 1\n"
            "jobs_total{outcome=\"success\"} 3\n");
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
  metrics::Registry registry;
  auto& h = registry.histogram("wait_seconds", "Waits", {0.1, 1}, {{"m", "x"}});
  for (double v : {0.05, 0.1, 0.5, 2.0}) h.observe(v);
  EXPECT_EQ(registry.render(),
            "# HELP wait_seconds Waits\n"
            "# TYPE wait_seconds histogram\n"
            "wait_seconds_bucket{m=\"x\",le=\"0.1\"} 2\n"
            "wait_seconds_bucket{m=\"x\",le=\"1\"} 3\n"
            "wait_seconds_bucket{m=\"x\",le=\"+Inf\"} 4\n"
            "wait_seconds_sum{m=\"x\"} 2.65\n"
            "wait_seconds_count{m=\"x\"} 4\n");
}

TEST(MetricsRegistry, EscapesLabelValuesAndRefusesTypeClashes) {
  metrics::Registry registry;
  registry.counter("c", "line one\nline two", {{"v", "a\"b\\c\nd"}}).add();
  EXPECT_NE(registry.render().find("c{v=\"a\\\"b\\\\c\\nd\"} 1"), std::string::npos)
      << registry.render();
  EXPECT_NE(registry.render().find("# HELP c line one\\nline two"), std::string::npos);
  EXPECT_THROW(registry.gauge("c", "now a gauge"), std::logic_error);
}

TEST(MetricsRegistry, CountsFromManyThreads) {
  metrics::Registry registry;
  auto& counter = registry.counter("n", "n");
  auto& histogram = registry.histogram("h", "h", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter.add();
        histogram.observe(0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter.value(), 40000u);
  const auto snap = histogram.snapshot();
  EXPECT_EQ(snap.count, 40000u);
  EXPECT_DOUBLE_EQ(snap.sum, 20000.0);
}

TEST(Log, LinesAreJsonWithTheFixedKeysFirst) {
  const auto line = log::format(log::Level::warn, "broadcast", "job failed",
                                {{"txid", "ab"}, {"attempt", 2}, {"level", "ignored"}});
  EXPECT_EQ(line.find("{\"time\":\""), 0u) << line;
  const auto entry = nlohmann::json::parse(line);
  EXPECT_EQ(entry["level"], "warn") << "a field cannot overwrite a fixed key";
  EXPECT_EQ(entry["component"], "broadcast");
  EXPECT_EQ(entry["message"], "job failed");
  EXPECT_EQ(entry["txid"], "ab");
  EXPECT_EQ(entry["attempt"], 2);
  EXPECT_EQ(entry["time"].get<std::string>().size(), 24u);  // 2026-11-24T17:30:01.123Z
}

TEST(Log, InvalidUtf8IsReplacedNotThrown) {
  const auto line = log::format(log::Level::error, "arc", std::string("bad \xff byte"), nullptr);
  EXPECT_TRUE(nlohmann::json::accept(line)) << line;
}

TEST(Log, LevelsParse) {
  EXPECT_EQ(log::parse_level("debug"), log::Level::debug);
  EXPECT_EQ(log::parse_level("error"), log::Level::error);
  EXPECT_FALSE(log::parse_level("loud").has_value());
}

TEST(Log, PasswordsAreRemovedFromConnectionStrings) {
  EXPECT_EQ(log::without_password("postgresql://wallet:s3cret@db.example:5432/w"),
            "postgresql://wallet@db.example:5432/w");
  EXPECT_EQ(log::without_password("host=db user=w password=s3cret dbname=w"),
            "host=db user=w password=*** dbname=w");
  EXPECT_EQ(log::without_password("host=db password='s e\\'cret' dbname=w"),
            "host=db password=*** dbname=w");
  EXPECT_EQ(log::without_password("postgres://db/w?sslmode=require&password=s3cret"),
            "postgres://db/w?sslmode=require&password=***");
  EXPECT_EQ(log::without_password("https://arc.example/v1"), "https://arc.example/v1");
  // libpq decodes percent-encoded parameter names: so does the scrubbing.
  for (const char* spelled : {"pass%77ord", "%70assword", "%70%61%73%73%77%6f%72%64"}) {
    const std::string url = std::string("postgresql://db/w?") + spelled + "=s3cret&sslmode=require";
    EXPECT_EQ(log::without_password(url), "postgresql://db/w?password=***&sslmode=require") << url;
  }
}

}  // namespace
}  // namespace bsv
