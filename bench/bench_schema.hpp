#pragma once
/// A schema of its own for one benchmark run: created and migrated on
/// construction, dropped (with everything in it) on destruction; or a
/// filled data set kept between runs, because filling 10^7 rows takes
/// minutes.

#include <cstdint>
#include <memory>
#include <string>

namespace bsv::bench {

/// The text of bench/sql/<name>.sql (compiled in); throws std::logic_error
/// for an unknown name.
const std::string& bench_sql(const std::string& name);

class BenchSchema {
 public:
  explicit BenchSchema(std::string url);
  ~BenchSchema();

  /// The data set bench/sql/fill_<dataset>.sql makes with `rows` rows (its
  /// `:rows`), in schema bench_<dataset>_<rows>: reused when an earlier run
  /// completed it, else made afresh (the table's indexes dropped while it
  /// fills and built again after, which is several times faster at 10^7).
  /// Kept when the run ends; migrated to the current schema either way;
  /// bench/sql/reset_<dataset>.sql, when there is one, run before use.
  static std::unique_ptr<BenchSchema> filled(std::string url, const std::string& dataset,
                                             std::int64_t rows);
  BenchSchema(const BenchSchema&) = delete;
  BenchSchema& operator=(const BenchSchema&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  /// Runs setup SQL in the schema.
  void exec(const std::string& sql) const;

 private:
  BenchSchema(std::string url, std::string name, bool keep);
  void fill(const std::string& dataset, std::int64_t rows) const;

  std::string url_;
  std::string name_;
  bool keep_ = false;
};

}  // namespace bsv::bench
