#include "config/options.hpp"

#include <libpq-fe.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/log.hpp"

namespace bsv::config {

Options::Options(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      positional_.push_back(arg);  // includes "-" (read stdin)
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const FlagSpec* spec = nullptr;
    for (const auto& candidate : specs) {
      if (candidate.name == name) spec = &candidate;
    }
    if (!spec) {
      std::vector<std::string> names;
      names.reserve(specs.size());
      for (const auto& candidate : specs) names.push_back(candidate.name);
      throw UsageError("unknown option --" + name, did_you_mean(name, names, "--"));
    }
    if (!spec->takes_value) {
      if (inline_value) throw UsageError("option --" + name + " takes no value");
      values_[name] = "true";
    } else if (inline_value) {
      values_[name] = *inline_value;
    } else {
      if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
      values_[name] = args[++i];
    }
    every_value_[name].push_back(values_[name]);
  }
}

std::vector<std::string> Options::texts(const std::string& name) const {
  auto it = every_value_.find(name);
  return it == every_value_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<std::string> Options::text(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

long long parse_integer(const std::string& what, const std::string& text, long long min,
                        long long max) {
  errno = 0;
  char* end = nullptr;
  const long long n = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE || n < min || n > max) {
    throw UsageError(what + " must be an integer from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return n;
}

double parse_seconds(const std::string& what, const std::string& text) {
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(n) || n <= 0) {
    throw UsageError(what + " must be a positive number of seconds");
  }
  return n;
}

bool tls_complete(const std::string& cert, const std::string& key, const std::string& ca) {
  const int given = !cert.empty() + !key.empty() + !ca.empty();
  if (given != 0 && given != 3) {
    throw UsageError("TLS needs all of --tls-cert, --tls-key and --tls-ca");
  }
  return given == 3;
}

std::optional<long long> Options::integer(const std::string& name, long long min,
                                          long long max) const {
  auto value = text(name);
  if (!value) return std::nullopt;
  return parse_integer("option --" + name, *value, min, max);
}

std::optional<double> Options::seconds(const std::string& name) const {
  auto value = text(name);
  if (!value) return std::nullopt;
  return parse_seconds("option --" + name, *value);
}

namespace {

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// What a flag's value is, named for --help: the spec's own, else one its
// name says (URL, FILE, HOST:PORT, KEY, N, ...).
std::string placeholder(const FlagSpec& spec) {
  if (!spec.placeholder.empty()) return spec.placeholder;
  const auto& n = spec.name;
  if (n == "node-id" || n == "tls-server-name") return "NAME";
  if (ends_with(n, "-url")) return "URL";
  if (ends_with(n, "-file") || n.rfind("tls-", 0) == 0 || n == "config") return "FILE";
  if (n == "listen" || n == "node" || ends_with(n, "-listen")) return "HOST:PORT";
  if (ends_with(n, "-key")) return "KEY";
  if (ends_with(n, "-token")) return "TOKEN";
  if (n == "duration") return "SECONDS";
  if (n == "status" || n == "arc-wait-for" || n == "tx-status") return "STATUS";
  if (n == "proof-state" || n == "log-level") return "NAME";
  return "N";
}

}  // namespace

std::string describe(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const auto& spec : specs) {
    std::string left = "  --" + spec.name + (spec.takes_value ? " " + placeholder(spec) : "");
    if (left.size() < 28) left.resize(28, ' ');
    out += left + " " + spec.help + "\n";
  }
  return out;
}

namespace {

// Levenshtein distance (insertions, deletions, substitutions), with '_' and
// '-' counted as the same character.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const auto same =
          a[i - 1] == b[j - 1] || (std::string("-_").find(a[i - 1]) != std::string::npos &&
                                   std::string("-_").find(b[j - 1]) != std::string::npos);
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& known,
                         const std::string& prefix) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  bool tied = false;
  for (const auto& candidate : known) {
    auto distance = edit_distance(word, candidate);
    // A word that is the start of one name (--pool for --pool-size) is close too.
    if (word.size() >= 3 && candidate.rfind(word, 0) == 0) distance = std::min(distance, limit);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
      tied = false;
    } else if (distance == best_distance && candidate != best) {
      tied = true;
    }
  }
  if (best.empty() || tied) return {};
  return "did you mean '" + prefix + best + "'?";
}

std::string database_url(const Options& options) {
  std::string url;
  if (auto flag = options.text("database-url")) {
    url = *flag;
  } else if (const char* env = std::getenv("DATABASE_URL"); env && *env) {
    url = env;
  } else {
    throw UsageError("no database: give --database-url URL or set DATABASE_URL");
  }
  check_database_url(url);
  return url;
}

void check_database_url(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (parsed) return PQconninfoFree(parsed);
  std::string why = error ? error : "cannot be parsed";
  if (error) PQfreemem(error);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  // libpq's message may quote the URL: never its password.
  const auto shown = log::without_password(url);
  for (auto at = why.find(url); at != std::string::npos; at = why.find(url, at + shown.size())) {
    why.replace(at, url.size(), shown);
  }
  throw UsageError("database URL " + shown + ": " + why);
}

std::string read_secret_file(const std::string& what, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(what + ": cannot read " + path);
  warn_if_readable_by_others(path, what);
  std::stringstream text;
  text << in.rdbuf();
  auto secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

void warn_if_readable_by_others(const std::string& path, const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return;
  if ((info.st_mode & (S_IRGRP | S_IROTH)) == 0) return;
  log::warn("config", "a file holding a secret is readable by other users: chmod 600 it",
            {{"file", path}, {"what", what}});
}

int print_error(const std::string& code, const std::string& message, int exit_code,
                const std::string& hint) {
  using nlohmann::json;
  json error = {{"error", {{"code", code}, {"message", message}}}};
  if (!hint.empty()) error["error"]["hint"] = hint;
  // A message may quote the caller's bytes: replace invalid UTF-8 rather than throw.
  std::cerr << error.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  return exit_code;
}

}  // namespace bsv::config
