// `bsv-wallet-node jobs …`: inspect and repair the broadcast queue.
//
//   jobs list  [--status S] [--proof-state P] [--limit N] [--json]   newest first
//   jobs show  TXID [--json]              one job, with its action's status
//   jobs stats [--json]                   by status and proof state, oldest unsent, payloads
//   jobs retry TXID... | --all-failed [--dry-run] [--json]
//   jobs abandon TXID... [--dry-run] [--force] [--json]   (apps/node/jobs_abandon.hpp)
// A TXID may be a unique prefix of 8 or more characters.
//
// Straight to the database (PostgresStore), like migrate: an operator's
// tool that works whether or not a node runs.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "apps/node/jobs_abandon.hpp"
#include "config/options.hpp"
#include "db/postgres_store.hpp"

namespace bsv::node {
namespace {

using store::json;

const std::vector<config::FlagSpec>& flags() {
  static const std::vector<config::FlagSpec> all = [] {
    std::vector<config::FlagSpec> common = {
        {"database-url", true, "libpq connection string or URL (default: $DATABASE_URL)"},
        {"status", true,
         "list: only jobs in this status (unsent, sending, in_doubt, completed, failed)"},
        {"limit", true, "list: at most this many jobs (50)"},
        {"proof-state", true,
         "list: only jobs in this proof state (tracking, proven, failed, attention)"},
        {"all-failed", false, "retry: every failed job that can be re-queued"},
        {"dry-run", false, "retry, abandon: say what would be done, change nothing"},
        {"json", false, "one JSON value per line instead of a table"},
        {"help", false, "show this help"},
    };
    for (const auto& flag : abandon_flags()) common.push_back(flag);
    return common;
  }();
  return all;
}

const char* const kUsageText =
    "usage: bsv-wallet-node jobs SUBCOMMAND [options]\n"
    "\n"
    "  list [--status S] [--proof-state P] [--limit N]\n"
    "                                     jobs, newest first\n"
    "  show TXID                          one job: attempts, last error, timestamps\n"
    "                                     (a TXID may be a unique prefix, 8+ characters)\n"
    "  stats                              jobs by status, age of the oldest unsent job, payload "
    "bytes\n"
    "  retry TXID... | --all-failed       put failed jobs back to unsent (finalize-path\n"
    "                                     jobs only: an auto-funded job was rolled back\n"
    "                                     and must be created again by the wallet)\n"
    "  abandon TXID... [--force]          give up on unsent or in_doubt jobs: rolled back\n"
    "                                     as if rejected; refused while ARC knows the txid\n"
    "                                     (asked at --arc-url) unless --force\n"
    "\n";

constexpr int kMaxListed = 100000;
constexpr std::size_t kProgressEvery = 1000;  // retried jobs between progress lines

std::string text_of(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// At most `width` characters, the end replaced by "…" when cut.
std::string clip(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  return text.substr(0, width - 3) + "...";
}

void print_table(const store::Records& jobs) {
  std::cout << std::left << std::setw(66) << "TXID" << std::setw(11) << "STATUS" << std::setw(9)
            << "ATTEMPTS" << std::setw(34) << "UPDATED"
            << "LAST ERROR\n";
  for (const auto& job : jobs) {
    std::cout << std::setw(66) << text_of(job["txid"]) << std::setw(11) << text_of(job["status"])
              << std::setw(9) << text_of(job["attempts"]) << std::setw(34)
              << text_of(job["updated_at"]) << clip(text_of(job["last_error"]), 60) << "\n";
  }
  std::cout << jobs.size() << " job(s)\n";
}

int list(db::PostgresStore& store, const config::Options& options) {
  std::optional<std::string> status = options.text("status");
  if (status && *status != "unsent" && *status != "sending" && *status != "in_doubt" &&
      *status != "completed" && *status != "failed") {
    throw config::UsageError("--status must be unsent, sending, in_doubt, completed or failed");
  }
  std::optional<std::string> proof_state = options.text("proof-state");
  if (proof_state && *proof_state != "tracking" && *proof_state != "proven" &&
      *proof_state != "failed" && *proof_state != "attention") {
    throw config::UsageError("--proof-state must be tracking, proven, failed or attention");
  }
  const auto limit = options.integer("limit", 1, kMaxListed).value_or(50);
  auto jobs = store.list_jobs(status, limit, proof_state);
  if (!jobs) return fail(jobs.error());
  if (options.has("json")) {
    for (const auto& job : *jobs) std::cout << job.dump() << "\n";
  } else {
    print_table(*jobs);
  }
  return kOk;
}

int show(db::PostgresStore& store, const config::Options& options, const std::string& txid) {
  auto job = store.find_job(txid);
  if (!job) return fail(job.error());
  if (!*job) return fail("not_found", "no job for txid " + txid, kRefused);
  if (options.has("json")) {
    std::cout << (*job)->dump() << "\n";
    return kOk;
  }
  for (const auto& [key, value] : (*job)->items()) {
    std::cout << std::left << std::setw(18) << (key + ":") << text_of(value) << "\n";
  }
  return kOk;
}

int stats(db::PostgresStore& store, const config::Options& options) {
  auto counts = store.job_stats();
  if (!counts) return fail(counts.error());
  auto history = store.history_stats();
  if (!history) return fail(history.error());
  json proof_states = json::object();
  for (const auto& [state, jobs] : history->proof_states) proof_states[state] = jobs;
  const json oldest =
      counts->oldest_unsent_seconds < 0 ? json(nullptr) : json(counts->oldest_unsent_seconds);
  if (options.has("json")) {
    std::cout << json{{"unsent", counts->unsent},
                      {"sending", counts->sending},
                      {"completed", counts->completed},
                      {"failed", counts->failed},
                      {"in_doubt", counts->in_doubt},
                      {"oldest_unsent_seconds", oldest},
                      {"with_payload", history->with_payload},
                      {"payload_bytes", history->payload_bytes},
                      {"payload_dropped", history->payload_dropped},
                      {"proof_states", proof_states}}
                     .dump()
              << "\n";
    return kOk;
  }
  std::cout << "unsent     " << counts->unsent << "\nsending    " << counts->sending
            << "\ncompleted  " << counts->completed << "\nfailed     " << counts->failed
            << "\nin_doubt   " << counts->in_doubt << "\noldest unsent job waiting: "
            << (oldest.is_null()
                    ? std::string("none")
                    : std::to_string(static_cast<long long>(counts->oldest_unsent_seconds)) + " s")
            << "\npayloads   " << history->payload_bytes << " bytes in " << history->with_payload
            << " jobs; dropped by retention from " << history->payload_dropped << "\nproofs    ";
  for (const auto& [state, jobs] : history->proof_states) std::cout << " " << state << " " << jobs;
  std::cout << (history->proof_states.empty() ? " none tracked yet\n" : "\n");
  return kOk;
}

}  // namespace

std::string operator_name(const std::string& subcommand) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const char* user = getlogin();
  if (!user) user = std::getenv("USER");
  return std::string(user ? user : "operator") + "@" + host + " (bsv-wallet-node jobs " +
         subcommand + ")";
}

namespace {

// The failed jobs without outpoints (the ones that can be re-queued), newest first.
Result<std::vector<std::string>> requeueable(db::PostgresStore& store) {
  auto failed = store.list_jobs(std::string("failed"), kMaxListed);
  if (!failed) return failed.error();
  std::vector<std::string> txids;
  for (const auto& job : *failed) {
    if (!job["funded"].get<bool>()) txids.push_back(job["txid"].get<std::string>());
  }
  return txids;
}

int retry(db::PostgresStore& store, const config::Options& options,
          std::vector<std::string> txids) {
  const bool as_json = options.has("json");
  if (options.has("all-failed")) {
    if (!txids.empty()) throw config::UsageError("give TXIDs or --all-failed, not both");
    auto found = requeueable(store);
    if (!found) return fail(found.error());
    txids = std::move(*found);
  } else if (txids.empty()) {
    throw config::UsageError("retry: give one or more TXIDs, or --all-failed");
  }
  const bool dry = options.has("dry-run");
  std::cerr << (dry ? "would re-queue " : "re-queueing ") << txids.size()
            << " job(s): each failed job without outpoints goes back to unsent with 0 attempts, "
               "its failed action back to sending, and the workers broadcast it again; other "
               "jobs are refused and left as they are\n";
  int exit_code = kOk;
  std::size_t done = 0;
  for (const auto& txid : txids) {
    Result<json> outcome = Error{ErrorCode::internal, "not run"};
    if (dry) {
      auto job = store.find_job(txid);
      if (!job) return fail(job.error());
      if (!*job) {
        outcome = Error{ErrorCode::not_found, "no job for txid " + txid};
      } else {
        const auto why_not = db::requeue_refusal(txid, (**job)["status"].get<std::string>(),
                                                 (**job)["funded"].get<bool>());
        outcome = json{{"txid", txid},
                       {"would_requeue", !why_not},
                       {"status", (**job)["status"]},
                       {"why_not", why_not ? json(*why_not) : json(nullptr)}};
      }
    } else {
      outcome = store.requeue_job(txid, operator_name("retry"));
    }
    if (!outcome) {
      if (outcome.error().code == ErrorCode::unavailable) return fail(outcome.error());
      exit_code = kRefused;
      fail(outcome.error());
    } else if (as_json) {
      std::cout << outcome->dump() << "\n";
    } else {
      std::cout << txid << ": "
                << (dry ? ((*outcome)["would_requeue"].get<bool>()
                               ? std::string("would be re-queued")
                               : "would be refused: " + (*outcome)["why_not"].get<std::string>())
                        : std::string("re-queued (was failed)"))
                << "\n";
    }
    ++done;
    if (txids.size() >= 20 && (done % kProgressEvery == 0 || done == txids.size() ||
                               (isatty(STDERR_FILENO) && done % 50 == 0))) {
      std::cerr << "progress " << done << "/" << txids.size() << "\n";
    }
  }
  return exit_code;
}

}  // namespace

int run_jobs(const std::vector<std::string>& args) {
  try {
    config::Options options(args, flags());
    if (options.has("help") || options.positional().empty()) {
      std::cout << kUsageText << config::describe(flags());
      return options.has("help") ? kOk : kUsage;
    }
    auto words = options.positional();
    const std::string sub = words.front();
    words.erase(words.begin());
    const std::vector<std::string> subcommands = {"list", "show", "stats", "retry", "abandon"};
    if (std::find(subcommands.begin(), subcommands.end(), sub) == subcommands.end()) {
      throw config::UsageError(
          "unknown jobs subcommand '" + sub + "' (list, show, stats, retry, abandon)",
          config::did_you_mean(sub, subcommands));
    }
    db::PostgresStore store(config::database_url(options));
    if (sub == "list" || sub == "stats") {
      if (!words.empty()) throw config::UsageError("unexpected argument '" + words[0] + "'");
      return sub == "list" ? list(store, options) : stats(store, options);
    }
    // A txid may be given as a unique prefix of 8 or more characters (a
    // whole one is taken as it is: each subcommand says what it finds).
    for (auto& word : words) {
      if (word.size() == 64) continue;
      auto txid = store.job_txid(word);
      if (!txid) return fail(txid.error());
      word = *txid;
    }
    if (sub == "show") {
      if (words.size() != 1) throw config::UsageError("show: give exactly one TXID");
      return show(store, options, words[0]);
    }
    if (sub == "retry") return retry(store, options, words);
    return abandon_jobs(store, options, words);
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  }
}

}  // namespace bsv::node
