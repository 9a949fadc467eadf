#pragma once
/// Text files compiled into the binary (see cmake/EmbedText.cmake), so the
/// node needs no files beside it at run time.

#include <string>
#include <vector>

namespace bsv {

/// One embedded file: its base name and its contents.
struct TextFile {
  std::string name;
  std::string text;
};

/// The migrations/*.sql files, sorted by name (001_… first).
const std::vector<TextFile>& migration_files();

/// The db/sql/*.sql query files, sorted by name.
const std::vector<TextFile>& query_files();

/// The bench/sql/*.sql files (data sets and pgbench baselines), sorted by name.
const std::vector<TextFile>& bench_files();

/// The text of db/sql/<name>.sql; throws std::out_of_range for an unknown name.
const std::string& query_text(const std::string& name);

}  // namespace bsv
