#pragma once
/// Command-line flags for the node's subcommands: `--name value`,
/// `--name=value` and boolean `--name`. Unknown flags, missing values and
/// malformed numbers are usage errors naming the flag.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace bsv::config {

/// A usage error: the message names the offending option or argument.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FlagSpec {
  std::string name;  ///< without the leading "--"
  bool takes_value;  ///< false: a boolean switch
  std::string help;  ///< one line for --help
};

class Options {
 public:
  /// Parses `args` (the words after the subcommand) against `specs`; throws UsageError.
  Options(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> text(const std::string& name) const;
  /// An integer flag in [min, max]; throws UsageError naming the flag otherwise.
  std::optional<long long> integer(const std::string& name, long long min, long long max) const;
  /// A number of seconds > 0; throws UsageError otherwise.
  std::optional<double> seconds(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
};

/// An integer in [min, max] given as text; throws UsageError "<what> must be ...".
long long parse_integer(const std::string& what, const std::string& text, long long min,
                        long long max);

/// A number of seconds > 0 given as text (fractions allowed); throws UsageError.
double parse_seconds(const std::string& what, const std::string& text);

/// TLS files come as a set: true when all three are given, false when none;
/// throws UsageError naming the flags for any other mix.
bool tls_complete(const std::string& cert, const std::string& key, const std::string& ca);

/// The help lines for `specs`, one per flag.
std::string describe(const std::vector<FlagSpec>& specs);

/// The database URL: --database-url, else $DATABASE_URL; throws UsageError when neither is set.
std::string database_url(const Options& options);

}  // namespace bsv::config
