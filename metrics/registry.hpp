#pragma once
/// Counters, gauges and histograms for the node's /metrics endpoint,
/// rendered in Prometheus' text format (version 0.0.4).
///
/// A Registry hands out metrics by name and labels; the references stay
/// valid as long as the registry lives, so hot paths look a metric up once
/// and then update it with a single atomic operation. Thread-safe.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace bsv::metrics {

/// Label names and values of one series, e.g. {{"status", "unsent"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

/// A value that only goes up.
class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down.
class Gauge {
 public:
  void set(std::int64_t v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t delta) noexcept { value_.fetch_add(delta, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// Observations counted into buckets with fixed upper bounds.
class Histogram {
 public:
  /// `bounds`: ascending upper bounds; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);

  void observe(double value) noexcept;

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  ///< per bound, then +Inf
    std::uint64_t count = 0;
    double sum = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

/// Bucket bounds for durations in seconds, 1 ms to 30 s.
const std::vector<double>& latency_buckets();

class Registry {
 public:
  /// The counter `name` with `labels`, created on first use. Throws
  /// std::logic_error when `name` is already a metric of another type.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  /// The first call for `name` fixes its bounds.
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds, const Labels& labels = {});

  /// Every metric in the text exposition format, families sorted by name.
  std::string render() const;

 private:
  struct Family {
    std::string type;
    std::string help;
    std::vector<double> bounds;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(const std::string& name, const std::string& type, const std::string& help);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace bsv::metrics
