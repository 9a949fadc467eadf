// `jobs abandon` (apps/node/jobs_abandon.hpp): per txid, look at the job,
// ask ARC what it knows (unless --force), then roll back in one guarded
// statement (PostgresStore::abandon_job), or only say so with --dry-run.

#include "apps/node/jobs_abandon.hpp"

#include <algorithm>
#include <cstdlib>
#include <future>
#include <iostream>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "arc/arc_client.hpp"
#include "arc/verdict.hpp"

namespace bsv::node {
namespace {

using store::json;

// What ARC said about a txid, as far as abandoning it goes.
struct ArcView {
  std::optional<Error> refusal;  ///< conflict (ARC has it) or unavailable (no answer)
  std::string said;              ///< for the operator: what ARC answered
  std::string hint;              ///< with a refusal: what the operator can do
};

std::string from_env_or(const config::Options& options, const char* flag, const char* env) {
  if (auto value = options.text(flag)) return *value;
  const char* value = std::getenv(env);
  return value ? value : "";
}

// Asks one endpoint `GET /v1/tx/{txid}`: abandoning is allowed when it does
// not know the txid or has refused it; refused (conflict) while it holds it
// as accepted or undecided; unavailable when no answer came.
ArcView ask_endpoint(arc::ArcClient& client, const std::string& txid) {
  std::promise<arc::HttpAnswer> promise;
  client.status(txid, [&](arc::HttpAnswer answer) { promise.set_value(std::move(answer)); });
  const auto answer = promise.get_future().get();
  const auto verdict = arc::classify_status_query(answer.status, answer.body, answer.error, txid);
  using store::Outcome;
  if (verdict.unknown_to_arc) return {std::nullopt, "ARC does not know it", {}};
  switch (verdict.outcome) {
    case Outcome::rejected:
    case Outcome::lost_double_spend:
      return {std::nullopt, "ARC refused it (" + verdict.message + ")", {}};
    case Outcome::accepted:
      return {Error{ErrorCode::conflict, "ARC knows " + txid + " as " + verdict.tx_status},
              "ARC knows it as " + verdict.tx_status,
              "it may confirm: keep waiting, or give --force if you know it never will"};
    case Outcome::unknown:
      return {Error{ErrorCode::conflict,
                    "ARC has " + txid + " and has not refused it (" + verdict.message + ")"},
              verdict.message,
              "wait for ARC to decide, or give --force if you know it never confirms"};
    case Outcome::transient:
      break;
  }
  return {Error{ErrorCode::unavailable,
                "no ARC endpoint answered about " + txid + ": " + verdict.message},
          verdict.message,
          "check --arc-url / ARC_URL and the API key, or give --force to skip the question"};
}

// Asks every endpoint in order: one that holds the txid refuses (it may
// confirm there whatever the others say), one that cannot answer makes the
// question unanswered; allowed only when all answered that they do not
// have it or refused it.
ArcView ask_arc(const std::vector<std::unique_ptr<arc::ArcClient>>& clients,
                const std::string& txid) {
  std::optional<ArcView> silent;
  std::string said;
  for (const auto& client : clients) {
    auto view = ask_endpoint(*client, txid);
    if (view.refusal && view.refusal->code == ErrorCode::conflict) return view;
    if (view.refusal) {
      if (!silent) silent = std::move(view);
      continue;
    }
    said += (said.empty() ? "" : "; ") + view.said;
  }
  if (silent) return *silent;
  return {std::nullopt, said, {}};
}

// The job as it stands, or why it cannot be abandoned at all.
Result<json> abandonable(db::PostgresStore& store, const std::string& txid) {
  auto job = store.find_job(txid);
  if (!job) return job.error();
  if (!*job) return Error{ErrorCode::not_found, "no job for txid " + txid};
  const auto status = (**job)["status"].get<std::string>();
  if (status == "unsent" || status == "in_doubt") return **job;
  return Error{ErrorCode::conflict,
               "job " + txid + " is " + status +
                   (status == "sending" ? ": a worker holds it; try again once it is settled"
                                        : ": only an unsent or in_doubt job can be abandoned")};
}

std::size_t count_of(const json& list) {
  return list.is_array() ? list.size() : 0;
}

void print_plan(const std::string& txid, const json& job, const std::string& why, bool as_json) {
  if (as_json) {
    std::cout << json{{"txid", txid},
                      {"would_abandon", true},
                      {"status", job["status"]},
                      {"why", why},
                      {"inputs", count_of(job["input_outpoints"])},
                      {"change_outputs", count_of(job["change_outpoints"])}}
                     .dump()
              << "\n";
    return;
  }
  std::cout << txid << ": would abandon (" << job["status"].get<std::string>() << "; " << why
            << "): up to " << count_of(job["input_outpoints"]) << " input(s) back to spendable, "
            << count_of(job["change_outpoints"]) << " change output(s) deleted, action failed\n";
}

void print_done(const json& done, const std::string& why, bool as_json) {
  if (as_json) {
    auto line = done;
    line["why"] = why;
    std::cout << line.dump() << "\n";
    return;
  }
  std::cout << done["txid"].get<std::string>() << ": abandoned (was "
            << done["was"].get<std::string>() << "; " << why << "): " << done["inputs_released"]
            << " input(s) spendable again, " << done["change_deleted"]
            << " change output(s) deleted, action "
            << (done["action_failed"].get<bool>() ? "failed" : "not found") << "\n";
}

}  // namespace

const std::vector<config::FlagSpec>& abandon_flags() {
  static const std::vector<config::FlagSpec> flags = {
      {"arc-url", true,
       "abandon: an ARC endpoint to ask, repeatable; every one is asked (default: $ARC_URL, "
       "comma-separated)"},
      {"arc-api-key", true, "abandon: its API key (default: $ARC_API_KEY)"},
      {"force", false, "abandon: do not ask ARC (a transaction you know will never confirm)"},
  };
  return flags;
}

int abandon_jobs(db::PostgresStore& store, const config::Options& options,
                 const std::vector<std::string>& txids) {
  if (txids.empty()) throw config::UsageError("abandon: give one or more TXIDs");
  const bool force = options.has("force"), dry = options.has("dry-run"),
             as_json = options.has("json");
  std::vector<std::unique_ptr<arc::ArcClient>> arc;
  if (!force) {
    arc::ArcSettings settings;
    const auto flags = options.texts("arc-url");
    std::string urls;
    for (const auto& url : flags) urls += (urls.empty() ? "" : ",") + url;
    settings.endpoints =
        arc::endpoints_from_urls(flags.empty() ? from_env_or(options, "arc-url", "ARC_URL") : urls);
    settings.api_key = from_env_or(options, "arc-api-key", "ARC_API_KEY");
    if (settings.endpoints.empty()) {
      throw config::UsageError(
          "abandon asks ARC first: give --arc-url URL (or ARC_URL), or --force");
    }
    for (std::size_t i = 0; i < settings.endpoints.size(); ++i) {
      auto client = arc::ArcClient::create(settings, i);
      if (!client) return fail(client.error());
      arc.push_back(std::move(*client));
    }
  }
  std::cerr << (dry ? "would abandon " : "abandoning ") << txids.size()
            << " job(s) without ARC's verdict: each unsent or in_doubt job is rolled back as if "
               "rejected (inputs spendable, change deleted, action failed)"
            << (force ? "; ARC is not asked (--force)" : "; refused while ARC knows the txid")
            << "\n";
  int exit_code = kOk;
  const auto refuse = [&](const Error& error, const std::string& hint = {}) {
    exit_code = std::max(exit_code, fail(error, hint));
  };
  for (const auto& txid : txids) {
    auto job = abandonable(store, txid);
    if (!job) {
      refuse(job.error());
      continue;
    }
    ArcView view{std::nullopt, "ARC not asked (--force)", {}};
    if (!arc.empty()) view = ask_arc(arc, txid);
    if (view.refusal) {
      refuse(*view.refusal, view.hint);
      continue;
    }
    if (dry) {
      print_plan(txid, *job, view.said, as_json);
      continue;
    }
    auto done = store.abandon_job(txid, operator_name("abandon"), view.said);
    if (!done) {
      refuse(done.error());
      continue;
    }
    print_done(*done, view.said, as_json);
  }
  return exit_code;
}

}  // namespace bsv::node
