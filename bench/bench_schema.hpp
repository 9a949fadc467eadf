#pragma once
/// A schema of its own for one benchmark run: created and migrated on
/// construction, dropped (with everything in it) on destruction.

#include <string>

namespace bsv::bench {

/// The text of bench/sql/<name>.sql (compiled in); throws std::logic_error
/// for an unknown name.
const std::string& bench_sql(const std::string& name);

class BenchSchema {
 public:
  explicit BenchSchema(std::string url);
  ~BenchSchema();
  BenchSchema(const BenchSchema&) = delete;
  BenchSchema& operator=(const BenchSchema&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  /// Runs setup SQL in the schema.
  void exec(const std::string& sql) const;

 private:
  std::string url_;
  std::string name_;
};

}  // namespace bsv::bench
