// header_checker (actors/header_checker.hpp). A question walks: memory ->
// wallet_block_headers -> the header source, stopping at the first header
// that settles it. Questions waiting for the source are kept by key
// (height for woc, height and root for bhs) so that each key costs one
// request however many transactions of the block ask.

#include "actors/header_checker.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <map>

#include "arc/arc_client.hpp"
#include "arc/header_source.hpp"
#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using arc::RootClaim;
using arc::RootVerdict;
using arc::SourceAnswer;
using header_done_atom = caf::atom_constant<caf::atom("hdr_done")>;

constexpr std::size_t kRememberedHeights = 10000;  // in memory; the table keeps them all

struct Question {
  RootClaim claim;
  caf::response_promise promise;
};

struct Known {
  std::string merkle_root, block_hash;
};

struct checker_state {
  arc::HeaderApi api = arc::HeaderApi::woc;
  std::unique_ptr<arc::ArcClient> client;
  queue_store_api store;
  std::map<std::int64_t, Known> known;                  // by height
  std::map<std::string, std::vector<Question>> asking;  // by source key
  std::shared_ptr<metrics::Registry> metrics;
  static inline const char* name = "header_checker";
};

using self_pointer = caf::stateful_actor<checker_state>*;

const char* verdict_name(RootVerdict verdict) {
  switch (verdict) {
    case RootVerdict::confirmed:
      return "confirmed";
    case RootVerdict::refused:
      return "refused";
    case RootVerdict::unverifiable:
      return "unverifiable";
  }
  return "unverifiable";
}

metrics::Counter& checks(metrics::Registry& registry, RootVerdict verdict) {
  return registry.counter("bsv_header_checks_total",
                          "Merkle roots checked against the header source, by verdict",
                          {{"result", verdict_name(verdict)}});
}

metrics::Counter& source_requests(metrics::Registry& registry, const char* result) {
  return registry.counter("bsv_header_source_requests_total",
                          "Requests to the header source: answered, or failed (no usable answer)",
                          {{"result", result}});
}

void answer(checker_state& st, Question& question, SourceAnswer verdict) {
  checks(*st.metrics, verdict.verdict).add();
  question.promise.deliver(std::move(verdict));
}

// The verdict on `claim` from the header the source gave for its height.
SourceAnswer judge(const RootClaim& claim, const Known& header) {
  if (claim.merkle_root == header.merkle_root) {
    return {RootVerdict::confirmed, header.merkle_root, header.block_hash, {}};
  }
  return {RootVerdict::refused, header.merkle_root, header.block_hash,
          "the header source has another merkle root at height " + std::to_string(claim.height)};
}

// Keeps a confirmed header in memory (bounded: the lowest heights go first).
void keep(checker_state& st, std::int64_t height, Known header) {
  st.known[height] = std::move(header);
  while (st.known.size() > kRememberedHeights) st.known.erase(st.known.begin());
}

// A header the source confirmed: in memory and in the table. Replacing
// another header for the height is a reorg: the table's statement sends
// the proofs stored at that height back to tracking.
void remember(self_pointer self, std::int64_t height, const Known& header) {
  auto& st = self->state;
  auto it = st.known.find(height);
  if (it != st.known.end() && it->second.merkle_root == header.merkle_root &&
      it->second.block_hash == header.block_hash) {
    return;
  }
  const bool replaced = it != st.known.end();
  if (replaced) {
    log::warn("headers", "the header source gives another header for a remembered height (reorg)",
              {{"height", height},
               {"old_root", it->second.merkle_root},
               {"new_root", header.merkle_root},
               {"old_hash", it->second.block_hash},
               {"new_hash", header.block_hash}});
  }
  keep(st, height, header);
  store::BlockHeader row{height, header.merkle_root, header.block_hash};
  self->request(st.store, caf::infinite, remember_block_header_atom::value, row)
      .then(
          [height](std::int64_t rechecked) {
            if (rechecked > 0) {
              log::warn("headers", "proofs stored at a reorganised height are checked again",
                        {{"height", height}, {"proofs", rechecked}});
            }
          },
          [self, height](caf::error& error) {
            // Asked again next time: memory holds it, the table does not.
            log::warn("headers", "cannot remember a confirmed header",
                      {{"height", height}, {"error", self->system().render(error)}});
            self->state.known.erase(height);
          });
}

std::string source_key(const checker_state& st, const RootClaim& claim) {
  const auto height = std::to_string(claim.height);
  return st.api == arc::HeaderApi::woc ? height : height + " " + claim.merkle_root;
}

// The source's answer for `key`: every question waiting on it is answered.
void on_source_answer(self_pointer self, const std::string& key, SourceAnswer& said) {
  auto& st = self->state;
  auto it = st.asking.find(key);
  if (it == st.asking.end()) return;
  auto questions = std::move(it->second);
  st.asking.erase(it);
  source_requests(*st.metrics, said.verdict == RootVerdict::unverifiable ? "failed" : "answered")
      .add();
  const auto& first = questions.front().claim;
  if (said.verdict == RootVerdict::confirmed) {
    // woc: the block's header; bhs: the claim's root, with ARC's hash.
    const Known header{said.merkle_root,
                       st.api == arc::HeaderApi::woc ? said.block_hash : first.block_hash};
    remember(self, first.height, header);
    for (auto& q : questions) answer(st, q, judge(q.claim, header));
    return;
  }
  for (auto& q : questions) answer(st, q, said);
}

void ask_source(self_pointer self, Question question) {
  auto& st = self->state;
  const auto key = source_key(st, question.claim);
  auto& waiting = st.asking[key];
  waiting.push_back(std::move(question));
  if (waiting.size() > 1) return;  // a request for this key is out
  const auto claim = waiting.front().claim;
  auto reply = [address = self->address(), key, claim, api = st.api](const arc::HttpAnswer& a) {
    auto said = api == arc::HeaderApi::woc
                    ? arc::read_woc_header(a.status, a.body, a.error, claim.height)
                    : arc::read_bhs_verdict(a.status, a.body, a.error, claim);
    if (auto handle = caf::actor_cast<caf::actor>(address)) {
      caf::anon_send(handle, header_done_atom::value, key, std::move(said));
    }
  };
  if (st.api == arc::HeaderApi::woc) {
    st.client->get(arc::woc_header_path(claim.height), std::move(reply));
  } else {
    st.client->post(arc::bhs_verify_path(), arc::bhs_verify_body(claim), std::move(reply));
  }
}

// The header in memory settles a matching claim; anything else goes to
// the source (which may know of a reorg).
void check_known(self_pointer self, Question question) {
  auto& st = self->state;
  const auto& claim = question.claim;
  auto it = st.known.find(claim.height);
  if (it != st.known.end() &&
      arc::claim_matches(claim, it->second.merkle_root, it->second.block_hash)) {
    return answer(st, question, judge(claim, it->second));
  }
  ask_source(self, std::move(question));
}

// Memory, then the table, then the source.
void check(self_pointer self, Question question) {
  auto& st = self->state;
  if (st.known.count(question.claim.height) > 0) return check_known(self, std::move(question));
  self->request(st.store, caf::infinite, find_block_header_atom::value, question.claim.height)
      .then(
          [self, question](store::BlockHeader& row) mutable {
            // The source may have answered meanwhile: memory is newer then.
            auto& known = self->state.known;
            if (!row.merkle_root.empty() && known.count(row.height) == 0) {
              keep(self->state, row.height, {row.merkle_root, row.block_hash});
            }
            check_known(self, std::move(question));
          },
          [self, question](caf::error&) mutable { ask_source(self, std::move(question)); });
}

caf::behavior header_checker(self_pointer self, const HeaderSourceOptions& source,
                             queue_store_api store, std::shared_ptr<metrics::Registry> registry) {
  auto& st = self->state;
  st.api = *arc::parse_header_api(source.api);  // checked at spawn
  arc::ArcSettings settings;
  settings.endpoints = {{source.url, source.api_key, {}}};
  settings.timeout = source.timeout;
  if (st.api == arc::HeaderApi::woc) settings.auth_scheme.clear();  // the bare key
  st.client = std::move(*arc::ArcClient::create(settings));         // checked at spawn
  st.store = std::move(store);
  st.metrics = std::move(registry);
  return {
      [self](check_root_atom, std::int64_t height, std::string& root,
             std::string& hash) -> caf::result<SourceAnswer> {
        Question question{{height, std::move(root), std::move(hash)},
                          self->make_response_promise()};
        check(self, std::move(question));
        return caf::delegated<SourceAnswer>{};
      },
      [self](header_done_atom, const std::string& key, SourceAnswer& said) {
        on_source_answer(self, key, said);
      },
  };
}

}  // namespace

void announce_header_series(metrics::Registry& registry) {
  for (auto verdict : {RootVerdict::confirmed, RootVerdict::refused, RootVerdict::unverifiable}) {
    checks(registry, verdict);
  }
  source_requests(registry, "answered");
  source_requests(registry, "failed");
}

Result<messages::header_checker_api> spawn_header_checker(
    caf::actor_system& system, const HeaderSourceOptions& source, messages::queue_store_api store,
    std::shared_ptr<metrics::Registry> metrics) {
  if (!arc::parse_header_api(source.api)) {
    return invalid_argument("headers-api: '" + source.api + "' is neither woc nor bhs");
  }
  if (auto error = arc::check_http_url(source.url, "headers-url")) return *error;
  if (!metrics) metrics = std::make_shared<metrics::Registry>();
  return caf::actor_cast<messages::header_checker_api>(
      system.spawn(header_checker, source, std::move(store), std::move(metrics)));
}

}  // namespace bsv::actors
