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

/// A usage error: the message names the offending option or argument, the
/// hint (may be empty) says what to do instead.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message, std::string hint = {})
      : std::runtime_error(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

/// "did you mean 'X'?" when exactly one of `known` is close to `word`
/// (a small edit distance), else empty. `prefix` is put before X ("--").
std::string did_you_mean(const std::string& word, const std::vector<std::string>& known,
                         const std::string& prefix = {});

/// The one way every command refuses (node-interface.md, "Every command
/// speaks the same way"): prints one line
/// `{"error":{"code":…,"message":…,"hint":…}}` on stderr (the hint only
/// when there is one; invalid UTF-8 in the message replaced) and answers
/// `exit_code`.
int print_error(const std::string& code, const std::string& message, int exit_code,
                const std::string& hint = {});

struct FlagSpec {
  FlagSpec(std::string flag_name, bool value, std::string help_line, std::string value_name = {})
      : name(std::move(flag_name)),
        takes_value(value),
        help(std::move(help_line)),
        placeholder(std::move(value_name)) {}

  std::string name;         ///< without the leading "--"
  bool takes_value;         ///< false: a boolean switch
  std::string help;         ///< one line for --help
  std::string placeholder;  ///< the value's name in --help; empty: one from the flag's name
};

class Options {
 public:
  /// Parses `args` (the words after the subcommand) against `specs`; throws UsageError.
  Options(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  /// The value of a flag (the last one when given more than once).
  std::optional<std::string> text(const std::string& name) const;
  /// Every value a flag was given, in order (repeatable flags: --arc-url).
  std::vector<std::string> texts(const std::string& name) const;
  /// An integer flag in [min, max]; throws UsageError naming the flag otherwise.
  std::optional<long long> integer(const std::string& name, long long min, long long max) const;
  /// A number of seconds > 0; throws UsageError otherwise.
  std::optional<double> seconds(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::vector<std::string>> every_value_;
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

/// The database URL: --database-url, else $DATABASE_URL; throws UsageError
/// when neither is set or the URL does not parse (check_database_url).
std::string database_url(const Options& options);

/// Throws UsageError when libpq cannot parse `url` as a connection URL or
/// key=value string: a typo is a configuration error (exit 2), not an
/// outage (exit 3) for a service manager to restart.
void check_database_url(const std::string& url);

/// The secret in file `path` (its trailing newline dropped), for a
/// `--…-file` flag named `what`; throws UsageError when it cannot be read.
/// Warns when others can read the file.
std::string read_secret_file(const std::string& what, const std::string& path);

/// Logs a warning naming `what` when the file `path` is readable by its
/// group or by others (a secret in it is then not one).
void warn_if_readable_by_others(const std::string& path, const std::string& what);

}  // namespace bsv::config
